//! The clock (`PM_NOW` fixes it) and the time formats people type.

use anyhow::Result;
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime,
    SecondsFormat, Utc,
};

use chrono::SubsecRound;

use crate::config::Zone;
use crate::error::UserError;

/// The current time: `PM_NOW` (RFC 3339) when set, so that tests and
/// reproducible output see a fixed clock; otherwise the system clock.
pub fn now() -> Result<DateTime<FixedOffset>> {
    match std::env::var("PM_NOW") {
        Ok(text) if !text.trim().is_empty() => DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
            UserError::new(format!("PM_NOW=`{text}` is not an RFC 3339 time"))
                .hint("set it like PM_NOW=2026-11-27T09:30:00Z, or unset it to use the system clock")
                .into()
        }),
        // Whole seconds: a timeline is read by people, not by profilers.
        _ => Ok(Utc::now().trunc_subsecs(0).fixed_offset()),
    }
}

/// Today in the repository's time zone.
pub fn today(zone: &Zone) -> Result<NaiveDate> {
    Ok(zone.to_local(now()?).date_naive())
}

pub const AT_FORMATS: &str = "HH:MM, HH:MM:SS, a relative offset (-15m, -2h, -1d), \
'YYYY-MM-DD HH:MM[:SS]', or RFC 3339 (2026-11-26T09:12:00Z)";

/// Parse a moment as typed for `--at` and `--started`.
///
/// `HH:MM` means the most recent such moment in the repository's zone, so
/// `23:50` typed at 00:30 means yesterday. Offsets count back from now.
pub fn parse_moment(
    text: &str,
    now: DateTime<FixedOffset>,
    zone: &Zone,
) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt);
    }
    if let Some(offset) = parse_signed_duration(text) {
        return Some(now + offset);
    }
    for fmt in ["%H:%M", "%H:%M:%S"] {
        if let Ok(time) = NaiveTime::parse_from_str(text, fmt) {
            let local_now = zone.to_local(now);
            let today = local_now.date_naive();
            let candidate = zone.from_local(today.and_time(time))?;
            if candidate <= now {
                return Some(candidate);
            }
            return zone.from_local((today - Duration::days(1)).and_time(time));
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, fmt) {
            return zone.from_local(naive);
        }
    }
    None
}

/// `-15m`, `+2h`, `-1d`, `30s`, `1w`: a signed offset. A bare number is not one.
pub fn parse_signed_duration(text: &str) -> Option<Duration> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let unit_at = rest.find(|c: char| !c.is_ascii_digit())?;
    if unit_at == 0 {
        return None;
    }
    let n: i64 = rest[..unit_at].parse().ok()?;
    let seconds = match &rest[unit_at..] {
        "s" | "sec" => n,
        "m" | "min" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        "w" => n * 7 * 86400,
        _ => return None,
    };
    Some(Duration::seconds(sign * seconds))
}

pub const DATE_FORMATS: &str = "YYYY-MM-DD, or relative to today: +3d, 2w, +1m";

/// A due date: `YYYY-MM-DD`, or relative to `today` (`+3d`, `2w`, `+1m`, `today`).
pub fn parse_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    match text {
        "today" => return Some(today),
        "tomorrow" => return Some(today + Duration::days(1)),
        _ => {}
    }
    let rest = text.strip_prefix('+').unwrap_or(text);
    let unit_at = rest.find(|c: char| !c.is_ascii_digit())?;
    if unit_at == 0 {
        return None;
    }
    let n: u32 = rest[..unit_at].parse().ok()?;
    match &rest[unit_at..] {
        "d" => Some(today + Duration::days(n.into())),
        "w" => Some(today + Duration::weeks(n.into())),
        "m" => today.checked_add_months(Months::new(n)),
        "y" => today.with_year(today.year() + n as i32),
        _ => None,
    }
}

/// A window length such as `7d` or `2w`, in days.
pub fn parse_days(text: &str) -> Option<i64> {
    let d = parse_signed_duration(text.trim())?;
    (d.num_seconds() >= 0 && d.num_seconds() % 86400 == 0).then(|| d.num_days())
}

/// RFC 3339 with an explicit offset; `Z` for UTC; sub-seconds only when present.
pub fn format_at(at: DateTime<FixedOffset>) -> String {
    let precision = if at.timestamp_subsec_nanos() == 0 {
        SecondsFormat::Secs
    } else if at.timestamp_subsec_nanos().is_multiple_of(1_000_000) {
        SecondsFormat::Millis
    } else {
        SecondsFormat::AutoSi
    };
    at.to_rfc3339_opts(precision, true)
}

/// `1h 05m`, `42m 10s`, `3d 4h`: a duration for people.
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    let (d, h, m, sec) = (s / 86400, s % 86400 / 3600, s % 3600 / 60, s % 60);
    let body = if d > 0 {
        format!("{d}d {h}h {m:02}m")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else if m > 0 {
        format!("{m}m {sec:02}s")
    } else {
        format!("{sec}s")
    };
    format!("{sign}{body}")
}

/// `45m`, `2h`, `1h 30m`, `3d 4h`: a whole number of minutes, short, for chart axes.
pub fn human_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    let (d, h, min) = (m / 1440, m % 1440 / 60, m % 60);
    let body = match (d, h, min) {
        (0, 0, min) => format!("{min}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, min) => format!("{h}h {min:02}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    };
    format!("{sign}{body}")
}

/// `T+0:42` (hours:minutes since impact start); `T-0:05` before it.
pub fn t_offset(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("T{sign}{}:{:02}", s / 3600, s % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    #[test]
    fn clock_time_means_most_recent() {
        // 00:30 in Berlin on 27 Nov is 23:30 UTC on 26 Nov.
        let now = DateTime::parse_from_rfc3339("2026-11-26T23:30:00Z").unwrap();
        let at = parse_moment("23:50", now, &zone()).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-26T23:50:00+01:00");
        let at = parse_moment("00:10", now, &zone()).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-27T00:10:00+01:00");
    }

    #[test]
    fn relative_and_absolute_forms() {
        let now = DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z").unwrap();
        assert_eq!(
            parse_moment("-15m", now, &zone()).unwrap(),
            DateTime::parse_from_rfc3339("2026-11-27T09:45:00Z").unwrap()
        );
        assert_eq!(
            parse_moment("2026-11-27 09:00", now, &zone())
                .unwrap()
                .to_rfc3339(),
            "2026-11-27T09:00:00+01:00"
        );
        assert!(parse_moment("yesterday-ish", now, &zone()).is_none());
        assert!(parse_moment("25:00", now, &zone()).is_none());
    }

    #[test]
    fn dates() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(parse_date("+3d", today).unwrap().to_string(), "2026-02-03");
        assert_eq!(parse_date("2w", today).unwrap().to_string(), "2026-02-14");
        assert_eq!(parse_date("+1m", today).unwrap().to_string(), "2026-02-28");
        assert!(parse_date("2026-13-45", today).is_none());
    }
}
