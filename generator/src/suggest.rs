//! "Did you mean": the names closest to one that was not found.

/// Up to three of `names` closest to `wanted` (edit distance), for "did you
/// mean".
pub(crate) fn closest(wanted: &str, names: &[String]) -> Vec<String> {
    let last = |s: &str| s.rsplit("::").next().unwrap_or(s).to_lowercase();
    let wanted_last = last(wanted);
    let mut scored: Vec<(usize, &String)> = names
        .iter()
        .map(|name| (distance(&wanted_last, &last(name)), name))
        .filter(|(d, _)| *d <= wanted_last.len().max(3) / 2)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_are_found_by_their_last_segment() {
        let names = vec![
            "redis::aio::MultiplexedConnection".to_owned(),
            "redis::aio::ConnectionManager".to_owned(),
            "redis::Client".to_owned(),
        ];
        assert_eq!(
            closest("redis::aio::MultiplexConnection", &names),
            ["redis::aio::MultiplexedConnection"]
        );
        assert_eq!(closest("redis::Clinet", &names), ["redis::Client"]);
        assert!(closest("redis::Pipeline", &names).is_empty());
    }
}
