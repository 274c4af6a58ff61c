//! The traced NATS client against the server at `NATS_URL` (default
//! `127.0.0.1:4222`): a publish and its handling across the broker (the
//! consumer's span linked to the producer's), and a request with its reply,
//! printed as span trees (or exported over OTLP when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set).
//!
//! Run it with `NATS_URL=127.0.0.1:4222 cargo run --example messaging`.

use futures_util::StreamExt;
use instrument_proxy::export;
use instrument_proxy::nats::TracedClient;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("NATS_URL").unwrap_or_else(|_| "127.0.0.1:4222".into());
    let telemetry = export::install_with("messaging-example", export::SpanTree::default());

    let client = TracedClient::connect(url).await?;
    let mut orders = client.subscribe("orders.*").await?;
    let mut clock = client.subscribe("clock").await?;
    client.inner().flush().await?;

    // Producer: `send orders.created`, its context in the message's headers.
    client.publish("orders.created", "order 7".into()).await?;
    // Consumer: `process orders.*`, linked to the send span, current while
    // the order is handled, ended when it is settled.
    let order = orders.next().await.ok_or("no order")?;
    order
        .instrument(async {
            println!("handling {:?}", String::from_utf8_lossy(&order.payload));
        })
        .await;
    order.settle();

    // Request and reply: one CLIENT span `request clock`; the responder's
    // reply is sent under its own `process clock` span.
    let responder = client.clone();
    let serve = async move {
        let request = clock.next().await.expect("a request");
        if let Some(reply) = request.reply.clone() {
            let _ = request
                .instrument(responder.publish(reply, "12:00".into()))
                .await;
        }
        request.settle();
    };
    let (answer, ()) = futures_util::join!(client.request("clock", "now?".into()), serve);
    println!("the time is {}", String::from_utf8_lossy(&answer?.payload));

    drop(telemetry);
    Ok(())
}
