impl ::instrument_proxy::Inject for Message {
    ::instrument_proxy::__private::carrier_inject!(headers);
}
impl ::instrument_proxy::Extract for Message {
    ::instrument_proxy::__private::carrier_extract!(headers);
}
