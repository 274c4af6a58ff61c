//! Span names and the attribute names every span declares.

use opentelemetry_semantic_conventions::attribute as semconv;

/// The attributes the runtime itself may record after the span is created
/// (from the `Proxy` hook or the outcome). A `tracing` callsite must declare
/// them up front; what a `record_ok` / `record_err` function records is
/// declared in `fields(...)` with `Empty`.
pub(crate) const RECORDED_LATER: &[&str] = &[
    semconv::ERROR_TYPE,
    semconv::SERVER_ADDRESS,
    semconv::SERVER_PORT,
    semconv::DB_NAMESPACE,
];

/// `otel.*` fields are the macro's: each has an option.
pub(crate) fn reserved_field(key: &str) -> Option<&'static str> {
    match key {
        "otel.name" => Some("name"),
        "otel.kind" => Some("kind"),
        "otel.status_code" | "otel.status_description" => Some("err"),
        _ => None,
    }
}

/// Checks a `name = "..."` template: only `{type}` and `{method}` are known.
pub(crate) fn check_template(template: &str) -> Result<(), String> {
    if template.is_empty() {
        return Err("a span name cannot be empty; remove `name` to get `Type::method`".into());
    }
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            return Err(
                "unclosed `{` in the span name; the placeholders are `{type}` and `{method}`"
                    .into(),
            );
        };
        let placeholder = &after[..end];
        if placeholder != "type" && placeholder != "method" {
            return Err(format!(
                "unknown placeholder `{{{placeholder}}}` in the span name; the placeholders are `{{type}}` and `{{method}}`; for a name computed per call, write `name = expr` without quotes"
            ));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

pub(crate) fn render_template(template: &str, type_name: &str, method: &str) -> String {
    template
        .replace("{type}", type_name)
        .replace("{method}", method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_know_type_and_method_only() {
        assert!(check_template("{type}::{method}").is_ok());
        assert!(check_template("GET").is_ok());
        assert!(check_template("").is_err());
        assert!(check_template("{type").is_err());
        assert!(check_template("{host}").is_err());
        assert_eq!(
            render_template("{type}.{method}", "Redis", "get"),
            "Redis.get"
        );
    }

    #[test]
    fn reserved_fields_name_their_option() {
        assert_eq!(reserved_field("otel.kind"), Some("kind"));
        assert_eq!(reserved_field("otel.name"), Some("name"));
        assert_eq!(reserved_field("db.system.name"), None);
    }
}
