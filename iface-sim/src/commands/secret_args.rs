//! What the secret tools parse, with Juju's rules and error texts: secret
//! URIs, `key=value` content (and `#base64`, `#file`), sizes, rotate
//! policies, expiry times and durations; and the ids `secret-add` hands
//! out.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::base64;
use crate::model::SecretContent;

/// A secret URI as given: the bare id, and the model UUID when the URI
/// names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Uri {
    pub id: String,
    pub model: Option<String>,
}

impl core::fmt::Display for Uri {
    /// `secret:<id>`, or `secret://<uuid>/<id>`: Juju's `URI.String()`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.model {
            Some(model) => write!(f, "secret://{model}/{}", self.id),
            None => write!(f, "secret:{}", self.id),
        }
    }
}

/// Whether `id` is an xid in Juju's spelling: 20 characters of lowercase
/// base32hex.
fn is_xid(id: &str) -> bool {
    id.len() == 20
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b))
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Parses a secret URI as Juju's `ParseURI` does: `secret:<id>`,
/// `secret://<model-uuid>/<id>`, or a bare `<id>`.
pub(super) fn parse_uri(text: &str) -> Result<Uri, String> {
    let not_valid = || format!("secret URI {text:?} not valid");
    let Some((scheme, rest)) = text.split_once(':') else {
        return if is_xid(text) {
            Ok(Uri {
                id: text.to_owned(),
                model: None,
            })
        } else {
            Err(not_valid())
        };
    };
    if scheme != "secret" {
        return Err(format!("secret URI scheme {scheme:?} not valid"));
    }
    let (model, id) = match rest.strip_prefix("//") {
        Some(path) => {
            let (host, id) = path.split_once('/').ok_or_else(not_valid)?;
            if !is_uuid(host) {
                return Err(format!("host controller UUID {host:?} not valid"));
            }
            (Some(host.to_owned()), id)
        }
        None => (None, rest),
    };
    if !is_xid(id) {
        return Err(not_valid());
    }
    Ok(Uri {
        id: id.to_owned(),
        model,
    })
}

/// The `n`th id `secret-add` hands out: an xid (a 12-byte value in
/// base32hex, 20 characters) with a fixed time and machine part and `n` as
/// its counter, so a run gives the same ids every time.
pub(super) fn new_id(n: u64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    let mut bytes = [
        0x66, 0x9d, 0x1c, 0x00, b'i', b'f', b'c', 0x51, 0x4d, 0, 0, 0,
    ];
    let counter = n.to_be_bytes();
    bytes[9..].copy_from_slice(&counter[5..]);
    let mut value = 0u128;
    for byte in bytes {
        value = (value << 8) | u128::from(byte);
    }
    // 96 bits and 4 zero bits make 20 characters of 5 bits.
    value <<= 4;
    (0..20)
        .map(|i| {
            let shift = 5 * (19 - i);
            char::from(ALPHABET[usize::try_from((value >> shift) & 31).unwrap_or(0)])
        })
        .collect()
}

/// Whether `key` is a valid content key: `^[a-z](?:-?[a-z0-9]){2,}$`.
fn valid_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let Some((first, rest)) = bytes.split_first() else {
        return false;
    };
    if !first.is_ascii_lowercase() {
        return false;
    }
    let mut units = 0;
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == b'-' {
            i += 1;
        }
        match rest.get(i) {
            Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit() => units += 1,
            _ => return false,
        }
        i += 1;
    }
    units >= 2
}

/// The most one value may hold, and all of them together.
const MAX_VALUE: usize = 8 * 1024;
const MAX_CONTENT: usize = 64 * 1024;

/// Go's wording of an error opening `path`.
fn go_os_error(path: &str, error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => format!("open {path}: no such file or directory"),
        std::io::ErrorKind::PermissionDenied => format!("open {path}: permission denied"),
        _ => format!("open {path}: {error}"),
    }
}

/// Parses `key=value`, `key#base64=b64` and `key#file=path` arguments as
/// Juju's `CreateSecretData` does, into base64 content.
pub(super) fn content_args(args: &[String]) -> Result<SecretContent, String> {
    let mut content = SecretContent::new();
    for arg in args {
        let stripped = arg.trim_end_matches('=');
        let idx = match stripped.find('=') {
            Some(idx) if idx >= 1 => idx,
            _ => return Err(format!("key value {arg:?} not valid")),
        };
        let (key, value) = (&stripped[..idx], &arg[idx + 1..]);
        if let Some(key) = key.strip_suffix("#file") {
            let bytes = std::fs::read(value).map_err(|e| {
                format!(
                    "reading content for secret key {key:?}: {}",
                    go_os_error(value, &e)
                )
            })?;
            if bytes.len() > MAX_VALUE {
                return Err(format!(
                    "secret content in file {value:?} too large: {} bytes",
                    bytes.len()
                ));
            }
            content.insert(key.to_owned(), base64::encode(&bytes));
        } else if let Some(key) = key.strip_suffix("#base64") {
            content.insert(key.to_owned(), value.to_owned());
        } else {
            content.insert(key.to_owned(), base64::encode(value.as_bytes()));
        }
    }
    Ok(content)
}

/// The content of a `--file` document: a YAML (or JSON) map of key to
/// value, keys as in [`content_args`].
pub(super) fn content_file(path: &str) -> Result<SecretContent, String> {
    let bytes = std::fs::read(path).map_err(|e| go_os_error(path, &e))?;
    if bytes.len() > MAX_CONTENT {
        return Err(format!("secret content too large: {} bytes", bytes.len()));
    }
    let map: std::collections::BTreeMap<String, serde_yaml_ng::Value> =
        serde_yaml_ng::from_slice(&bytes)
            .map_err(|e| format!("invalid secret file {path:?}: {e}"))?;
    let args: Vec<String> = map
        .into_iter()
        .map(|(key, value)| {
            let text = match value {
                serde_yaml_ng::Value::String(s) => s,
                other => serde_yaml_ng::to_string(&other)
                    .unwrap_or_default()
                    .trim_end()
                    .to_owned(),
            };
            format!("{key}={text}")
        })
        .collect();
    content_args(&args)
}

/// Checks keys and sizes as Juju does once the content is assembled.
pub(super) fn check_content(content: &SecretContent) -> Result<(), String> {
    let mut total = 0;
    for (key, value) in content {
        if !valid_key(key) {
            return Err(format!("key {key:?} not valid"));
        }
        let size = base64::decode(value).map_or(value.len(), |bytes| bytes.len());
        if size > MAX_VALUE {
            return Err(format!(
                "secret content for key {key:?} too large: {size} bytes"
            ));
        }
        total += size;
    }
    if total > MAX_CONTENT {
        return Err(format!("secret content too large: {total} bytes"));
    }
    Ok(())
}

/// Juju's rotate policies.
const ROTATE: [&str; 7] = [
    "never",
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
];

pub(super) fn rotate_policy(text: &str) -> Result<String, String> {
    if ROTATE.contains(&text) {
        Ok(text.to_owned())
    } else {
        Err(format!("rotate policy {text:?} not valid"))
    }
}

/// `--expire`: an RFC 3339 time (kept as given), one without a zone (read
/// as UTC), or a Go duration from now; as RFC 3339.
pub(super) fn expiry(text: &str) -> Result<String, String> {
    if is_rfc3339(text, true) {
        return Ok(text.to_owned());
    }
    if is_rfc3339(text, false) {
        return Ok(format!("{text}Z"));
    }
    let nanos =
        go_duration(text).ok_or_else(|| format!("expire time or duration {text:?} not valid"))?;
    if nanos <= 0 {
        return Err(format!("negative expire duration {text:?} not valid"));
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    let secs = now.as_secs() + u64::try_from(nanos / 1_000_000_000).unwrap_or(0);
    Ok(rfc3339_utc(secs))
}

/// Whether `text` is `YYYY-MM-DDTHH:MM:SS[.frac]` followed by a zone
/// (`Z` or `±HH:MM`) when `zoned`, by nothing otherwise.
fn is_rfc3339(text: &str, zoned: bool) -> bool {
    let b = text.as_bytes();
    let digits = |range: core::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let shape = b.len() >= 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    if !zoned {
        return rest.is_empty();
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// A Go `time.ParseDuration` string in nanoseconds (`90m`, `1h30m`,
/// `-2s`, `1.5h`), or `None` when it is not one.
fn go_duration(text: &str) -> Option<i128> {
    let (sign, mut rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        let number: f64 = rest[..n].parse().ok()?;
        rest = &rest[n..];
        let unit_len = rest
            .bytes()
            .take_while(|b| !b.is_ascii_digit() && *b != b'.')
            .count();
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * scale;
    }
    // Durations this large are far beyond any expiry.
    #[allow(clippy::cast_possible_truncation)]
    Some(sign * total as i128)
}

/// `secs` since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
fn rfc3339_utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_xids_and_differ() {
        let (a, b) = (new_id(1), new_id(2));
        assert!(is_xid(&a) && is_xid(&b), "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(parse_uri(&format!("secret:{a}")).unwrap().id, a);
    }

    #[test]
    fn keys_follow_jujus_rule() {
        for good in ["abc", "a-b-c", "pass-word2", "a1b"] {
            assert!(valid_key(good), "{good}");
        }
        for bad in ["ab", "1ab", "a--b", "ab-", "Abc", "a_bc", ""] {
            assert!(!valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn times_and_durations() {
        assert!(is_rfc3339("2025-01-01T06:06:06Z", true));
        assert!(is_rfc3339("2025-01-01T06:06:06.5+02:00", true));
        assert!(is_rfc3339("2025-01-01T06:06:06", false));
        assert_eq!(go_duration("1h30m"), Some(5_400_000_000_000));
        assert_eq!(go_duration("-2s"), Some(-2_000_000_000));
        assert_eq!(go_duration("soon"), None);
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_735_711_566), "2025-01-01T06:06:06Z");
    }
}
