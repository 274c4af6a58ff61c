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
