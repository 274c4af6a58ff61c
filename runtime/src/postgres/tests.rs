use super::*;

#[test]
fn a_batch_is_summarised_as_the_conventions_say() {
    assert_eq!(text_summary("SELECT * FROM users"), "SELECT users");
    assert_eq!(
        text_summary("INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);"),
        "BATCH INSERT a"
    );
    assert_eq!(
        text_summary("CREATE TABLE a (id int); INSERT INTO a VALUES (1)"),
        "BATCH"
    );
    assert_eq!(text_summary(""), "");
    assert_eq!(batch_size("SELECT 1"), None);
    assert_eq!(batch_size("SELECT 1; SELECT 2;"), Some(2));
}

#[test]
fn the_server_comes_from_the_config_a_unix_socket_as_its_path() {
    let tcp: Config = "host=db.internal port=6432 dbname=shop user=app"
        .parse()
        .unwrap();
    let server = Server::from_config(&tcp);
    assert_eq!(
        server.address.as_ref().map(SharedStr::as_str),
        Some("db.internal")
    );
    assert_eq!(server.port, Some(6432));
    assert_eq!(
        server.namespace.as_ref().map(SharedStr::as_str),
        Some("shop")
    );

    let unix: Config = "host=/var/run/postgresql user=app".parse().unwrap();
    let server = Server::from_config(&unix);
    assert_eq!(
        server.address.as_ref().map(SharedStr::as_str),
        Some("/var/run/postgresql/.s.PGSQL.5432")
    );
    assert_eq!(server.port, None, "a socket has no port");
    assert_eq!(server.namespace, None);
}
