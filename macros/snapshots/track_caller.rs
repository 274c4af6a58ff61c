#[instrument_proxy]
impl Traced {
    #[track_caller]
    #[inline]
    pub fn checked(&self, index: usize) -> u8 {
        self.0[index]
    }
}
