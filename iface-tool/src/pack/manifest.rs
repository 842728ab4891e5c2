//! `manifest.yaml`, with the fields charmcraft 4.5 writes, in its order
//! (`Manifest` dumped unsorted): `charmcraft-version`, `charmcraft-started-at`,
//! `bases` (the one Juju reads: it refuses a charm without it) and
//! `analysis`.
//!
//! `charmcraft-version` names the tool that packed the charm (`iface`
//! and its version): nothing reads it. `analysis.attributes` holds what
//! charmcraft's attribute checks find in an iface charm: `language` and
//! `framework` unknown (no Python entrypoint, neither ops nor
//! charms.reactive); the tests compare them with `charmcraft analyse`.

use std::time::{SystemTime, UNIX_EPOCH};

use super::platform::{Arch, Base};

/// The text of `manifest.yaml` for a charm packed at `started` to run on
/// `base` on `arch`. Every value is ours, so plain formatting is safe.
pub fn manifest(base: Base, arch: Arch, started: SystemTime) -> String {
    format!(
        "charmcraft-version: iface {version}\n\
         charmcraft-started-at: '{started}'\n\
         bases:\n\
         - name: {name}\n  \
           channel: '{channel}'\n  \
           architectures:\n  \
           - {arch}\n\
         analysis:\n  \
           attributes:\n  \
           - name: language\n    \
             result: unknown\n  \
           - name: framework\n    \
             result: unknown\n",
        version = env!("CARGO_PKG_VERSION"),
        started = iso8601(started),
        name = base.name(),
        channel = base.channel(),
    )
}

/// `time` in UTC as `2026-12-02T09:12:35.091022Z` (charmcraft writes an
/// isoformat of its start time).
fn iso8601(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:06}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_micros()
    )
}

/// The Gregorian date `days` days after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, for days on or after the epoch).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn dates_are_gregorian_utc() {
        let at = |secs: u64, micros: u64| {
            iso8601(UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_micros(micros))
        };
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(at(951_782_400, 1), "2000-02-29T00:00:00.000001Z");
        assert_eq!(at(1_798_761_599, 999_999), "2026-12-31T23:59:59.999999Z");
    }

    #[test]
    fn the_manifest_is_yaml_with_one_base() {
        let text = manifest(Base::Ubuntu2204, Arch::Arm64, UNIX_EPOCH);
        let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(
            value["bases"],
            serde_yaml_ng::from_str::<serde_yaml_ng::Value>(
                "[{name: ubuntu, channel: '22.04', architectures: [arm64]}]"
            )
            .unwrap()
        );
        assert_eq!(
            value["charmcraft-started-at"],
            "1970-01-01T00:00:00.000000Z"
        );
        assert_eq!(value["analysis"]["attributes"][1]["name"], "framework");
    }
}
