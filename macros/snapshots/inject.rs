#[instrument_proxy]
impl Traced {
    pub async fn execute(&self, #[inject] request: Request) -> Result<Response, Error>;

    pub fn publish(&self, topic: &str, #[inject] mut message: Message) -> Result<(), Error> {
        message.topic = topic.to_owned();
        self.0.publish(message)
    }
}
