//! How long certificates are valid: whole years from the start of the
//! current one, which needs no calendar library.

use std::time::{SystemTime, UNIX_EPOCH};

use rcgen::CertificateParams;

/// The average Gregorian year in seconds.
const YEAR_SECONDS: u64 = 31_556_952;

/// The current year (UTC), or 1970 if the clock is before it.
fn this_year() -> i32 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    // Within a day of New Year the average year may be one off, which the
    // validity's whole-year margin absorbs.
    1970 + i32::try_from(seconds / YEAR_SECONDS).unwrap_or(0)
}

/// Valid from January 1st of this year until January 1st `years` later.
pub(crate) fn set_validity(params: &mut CertificateParams, years: i32) {
    let year = this_year();
    params.not_before = rcgen::date_time_ymd(year, 1, 1);
    params.not_after = rcgen::date_time_ymd(year + years, 1, 1);
}
