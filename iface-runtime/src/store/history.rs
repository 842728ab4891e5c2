//! The optional per-hook history charmhelpers' `hook_scope` keeps: a row in
//! `hooks` per hook run and, for every key that changed, its new text in
//! `kv_revisions` under that row's `version`.
//!
//! charms.reactive never opens a `hook_scope` (it only calls `flush()` at
//! the end of `main`), and charmhelpers stopped writing `kv_revisions` by
//! default because the tables only grow; so history is opt-in here too.

use std::time::{SystemTime, UNIX_EPOCH};

/// What charmhelpers stores in `kv_revisions` for a deleted key: the JSON
/// text of the string `DELETED`.
pub(super) const DELETED: &str = "\"DELETED\"";

/// The current UTC time as Python's `datetime.utcnow().isoformat()` writes
/// it: `2015-01-21T16:49:30.038372`, without the fraction when it is zero.
pub(super) fn utc_now_iso() -> String {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    iso_timestamp(since_epoch.as_secs(), since_epoch.subsec_micros())
}

/// Formats seconds since the Unix epoch plus microseconds as an ISO 8601
/// UTC timestamp without a zone, like Python's naive `isoformat()`.
fn iso_timestamp(secs: u64, micros: u32) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(i64::MAX / 2);
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (rem / 3600, rem / 60 % 60, rem % 60);
    let time = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}");
    if micros == 0 {
        time
    } else {
        format!("{time}.{micros:06}")
    }
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_look_like_python_isoformat() {
        assert_eq!(iso_timestamp(0, 0), "1970-01-01T00:00:00");
        assert_eq!(
            iso_timestamp(1_421_858_970, 38_372),
            "2015-01-21T16:49:30.038372"
        );
        assert_eq!(iso_timestamp(951_782_400, 5), "2000-02-29T00:00:00.000005");
    }
}
