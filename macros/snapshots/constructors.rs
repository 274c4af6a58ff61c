#[instrument_proxy]
impl Traced {
    pub fn open(url: &str) -> Self;
    pub fn try_open(url: &str) -> Result<Self, Error>;
    pub fn version() -> u32;
}
