//! Span names and the attribute names every span declares.

/// Rejects what cannot be an attribute name: an empty name, an empty
/// component, and the `otel.` namespace, which is the macro's. The error
/// says what to write.
pub(crate) fn check_attribute_name(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("an attribute name cannot be empty".into());
    }
    if key.split('.').any(str::is_empty) {
        return Err(format!(
            "`{key}` has an empty component: names are dot-separated namespaces with no leading, trailing or doubled dot{}",
            write_instead(key)
        ));
    }
    if key.starts_with("otel.") {
        return Err(format!(
            "`{key}`: the `otel.` namespace is reserved for the span's own fields (`otel.name`, `otel.kind`, `otel.status_code`), which options set; choose another namespace"
        ));
    }
    Ok(())
}

/// The OpenTelemetry naming recommendations (SHOULDs: lowercase,
/// snake_case components), for a name that [`check_attribute_name`]
/// accepts: what is wrong and what to write, or `None` when the name follows
/// them. The expansion makes this a warning at the key, not an error: code
/// ported from `#[tracing::instrument]` (`fields(Self = ...)`, `userId`)
/// keeps compiling.
pub(crate) fn naming_advice(key: &str) -> Option<String> {
    let bad = key
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '.'))?;
    let what = if bad.is_uppercase() {
        "names are lowercase".to_owned()
    } else {
        format!(
            "`{}` is not snake_case (`a-z`, `0-9`, `_`)",
            bad.escape_default()
        )
    };
    Some(format!(
        "`{key}` does not follow the OpenTelemetry naming recommendations: {what}{}",
        write_instead(key)
    ))
}

/// `; write `name``, with the name the rules suggest, or nothing.
fn write_instead(key: &str) -> String {
    let suggestion = suggested_name(key);
    if suggestion.is_empty() || suggestion == key {
        String::new()
    } else {
        format!("; write `{suggestion}`")
    }
}

/// `HTTP Method` → `http_method`, `userId` → `user_id`, `.a..b.` → `a.b`.
fn suggested_name(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
            previous_lower = true;
        } else if c == '.' {
            out.push('.');
            previous_lower = false;
        } else {
            if !out.ends_with('_') && !out.ends_with('.') && !out.is_empty() {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.split('.')
        .map(|part| part.trim_matches('_'))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// The conventions' note for a deprecated attribute name that has a
/// replacement.
pub(crate) fn deprecated(key: &str) -> Option<&'static str> {
    let table = crate::deprecated_names::DEPRECATED;
    table
        .binary_search_by(|(name, _)| (*name).cmp(key))
        .ok()
        .map(|index| table[index].1)
}

/// The conventions' `db.system.name` and `http.request.method` (checked
/// against opentelemetry-semantic-conventions by the tests).
pub(crate) const DB_SYSTEM_NAME: &str = "db.system.name";
pub(crate) const HTTP_REQUEST_METHOD: &str = "http.request.method";

/// The histogram a method's calls record into: the `metric` option, else
/// the conventions' duration for a database (`db.system.name`) or HTTP client
/// (`http.request.method`) call; `None` without one.
pub(crate) fn metric_of(options: &crate::attr::Options) -> Option<Metric> {
    match &options.metric {
        Some(crate::attr::MetricOption::Off) => None,
        Some(crate::attr::MetricOption::Named(name)) => Some(Metric::Named(name.clone())),
        None if options.fields.iter().any(|f| f.key == DB_SYSTEM_NAME) => Some(Metric::Database),
        None if options.fields.iter().any(|f| f.key == HTTP_REQUEST_METHOD) => Some(Metric::Http),
        None => None,
    }
}

/// Which histogram, as `metric_of` decides.
pub(crate) enum Metric {
    Database,
    Http,
    Named(syn::LitStr),
}

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
    fn attribute_names_follow_the_opentelemetry_rules() {
        for good in [
            "db.system.name",
            "http.response.status_code",
            "k8s.pod.name",
            "retries",
        ] {
            assert_eq!(check_attribute_name(good), Ok(()), "{good}");
            assert_eq!(naming_advice(good), None, "{good}");
        }
        for (bad, says) in [
            ("", "cannot be empty"),
            ("db..name", "write `db.name`"),
            ("db.name.", "empty component"),
            ("otel.scope", "reserved"),
        ] {
            let error = check_attribute_name(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn naming_recommendations_are_advice_not_errors() {
        for (advised, says) in [
            ("HTTP.Method", "write `http.method`"),
            ("user id", "write `user_id`"),
            ("userId", "write `user_id`"),
            ("Self", "write `self`"),
            ("cache-hit", "write `cache_hit`"),
        ] {
            assert_eq!(check_attribute_name(advised), Ok(()), "{advised}");
            let advice = naming_advice(advised).expect(advised);
            assert!(advice.contains(says), "{advised}: {advice}");
        }
    }

    #[test]
    fn deprecated_names_give_their_replacement() {
        assert_eq!(
            deprecated("http.method"),
            Some("Replaced by `http.request.method`.")
        );
        assert_eq!(
            deprecated("db.system"),
            Some("Replaced by `db.system.name`.")
        );
        assert!(deprecated("net.peer.name").is_some_and(|n| n.contains("server.address")));
        assert_eq!(deprecated("db.system.name"), None);
        let table = crate::deprecated_names::DEPRECATED;
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn reserved_fields_name_their_option() {
        assert_eq!(reserved_field("otel.kind"), Some("kind"));
        assert_eq!(reserved_field("otel.name"), Some("name"));
        assert_eq!(reserved_field("db.system.name"), None);
    }
}
