#[derive(InstrumentProxy)]
#[proxy(deref, attributes = client_attributes)]
pub struct Traced<C: Clone> {
    #[proxy(inner)]
    client: C,
    label: String,
}
