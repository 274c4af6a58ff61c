#[derive(ContextCarrier)]
pub struct Message {
    pub topic: String,
    #[carrier]
    pub headers: HashMap<String, String>,
}
