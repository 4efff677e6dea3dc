//! Time: the clock (`PM_NOW` fixes it), the repository's time zone, the
//! forms people type, and every sum pm does with times and dates.
//!
//! One place, and nothing here panics: every sum is checked, and a result
//! outside the years 1 to 9999 (what RFC 3339 and a YAML date can hold) is a
//! range error, which the commands report naming the flag, exit 2.
//!
//! Units are the same everywhere: `s` seconds, `m` minutes, `h` hours, `d`
//! days, `w` weeks, `mo` months, `y` years. `M` is refused as ambiguous, and
//! a unit a value cannot count in (minutes for a due date) is refused with
//! the units it can.

use std::fmt;

use anyhow::Result;
use chrono::{
    DateTime, Datelike, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    SecondsFormat, TimeDelta, TimeZone, Timelike, Utc,
};

use chrono::SubsecRound;

use crate::error::UserError;

/// The years pm can write: four digits in RFC 3339 and in YAML dates.
pub const MIN_YEAR: i32 = 1;
pub const MAX_YEAR: i32 = 9999;

/// The current time: `PM_NOW` (RFC 3339) when set, so that tests and
/// reproducible output see a fixed clock; otherwise the system clock.
pub fn now() -> Result<DateTime<FixedOffset>> {
    match std::env::var("PM_NOW") {
        // Checked as a typed `--at` is: a time that cannot happen (a leap
        // second other than 23:59:60 UTC, a year past 9999 in UTC) would be
        // written into files pm's own readers refuse.
        Ok(text) if !text.trim().is_empty() => {
            let refuse = |why: &str| -> anyhow::Error {
                UserError::new(format!("PM_NOW=`{text}` {why}"))
                    .hint("set it like PM_NOW=2026-11-27T09:30:00Z, or unset it to use the system clock")
                    .into()
            };
            let at = DateTime::parse_from_rfc3339(text.trim())
                .map_err(|_| refuse("is not an RFC 3339 time"))?;
            check_moment(at).map_err(|err| match err {
                TimeError::LeapSecond => refuse(&format!("did not happen: {LEAP_SECONDS}")),
                _ => refuse("is outside the years 1 to 9999"),
            })
        }
        // Whole seconds: a timeline is read by people, not by profilers.
        _ => Ok(Utc::now().trunc_subsecs(0).fixed_offset()),
    }
}

/// The current time ([`now`]), refused when it is outside the years pm
/// handles in the repository's zone (`PM_NOW` in the first hours of the
/// year 1 is still the year 0 west of UTC): every command that writes or
/// shows a time or a date from it refuses alike, naming the clock.
pub fn now_in(zone: &Zone) -> Result<DateTime<FixedOffset>> {
    let now = now()?;
    if writable(now, zone) {
        Ok(now)
    } else {
        Err(now_out_of_range(now, zone).into())
    }
}

/// Today in the repository's time zone (see [`now_in`]).
pub fn today(zone: &Zone) -> Result<NaiveDate> {
    Ok(zone.to_local(now_in(zone)?).date_naive())
}

// ---------------------------------------------------------------------------
// The time zone

/// The repository's time zone: an IANA zone or a fixed offset.
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

/// What a wall-clock time is in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Local {
    /// One instant: the usual case.
    One(DateTime<FixedOffset>),
    /// The clocks went back and the time happened twice: earlier, later.
    Twice(DateTime<FixedOffset>, DateTime<FixedOffset>),
    /// The clocks went forward over it: it never happened.
    Skipped(Gap),
}

/// A wall-clock time that fell in a gap, and what it could have meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// Read with the offset in force before the change (the clock had not
    /// been moved yet): lands after the gap.
    pub old_offset: DateTime<FixedOffset>,
    /// Read with the offset in force after the change: lands before the gap.
    pub new_offset: DateTime<FixedOffset>,
    /// The last wall-clock time before the jump and the first after it.
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

/// `TZ` as set, when it is set (the C library's `:` prefix dropped).
fn tz_setting() -> Option<String> {
    std::env::var("TZ")
        .ok()
        .map(|tz| tz.trim_start_matches(':').trim().to_string())
        .filter(|tz| !tz.is_empty())
}

/// The IANA name in a zone file's path (`/usr/share/zoneinfo/Asia/Tokyo`
/// is `Asia/Tokyo`), or the text itself when it is no such path.
fn zoneinfo_name(text: &str) -> &str {
    match text.find("zoneinfo/") {
        Some(at) => &text[at + "zoneinfo/".len()..],
        None => text,
    }
}

/// This machine's time zone as an IANA name (`Europe/Berlin`): from `TZ`
/// (a name, or the path of a zone file), else the zone file
/// `/etc/localtime` links to. None when it is UTC or cannot be told, so a
/// new repository keeps UTC.
pub fn local_zone_name() -> Option<String> {
    let name = match tz_setting() {
        Some(tz) => zoneinfo_name(&tz).to_string(),
        None => {
            let link = std::fs::read_link("/etc/localtime").ok()?;
            let link = link.to_str()?;
            link.find("zoneinfo/")?;
            zoneinfo_name(link).to_string()
        }
    };
    match Zone::parse(&name) {
        Ok(Zone::Named(tz))
            if !matches!(
                tz.name(),
                "UTC"
                    | "Etc/UTC"
                    | "Etc/UCT"
                    | "UCT"
                    | "Zulu"
                    | "Etc/Zulu"
                    | "Universal"
                    | "Etc/Universal"
                    | "GMT"
                    | "Etc/GMT"
            ) =>
        {
            Some(tz.name().to_string())
        }
        _ => None,
    }
}

/// `TZ` when it is set to something pm cannot read as a zone (a POSIX rule
/// such as `CET-1CEST,M3.5.0,M10.5.0/3`, a path that is no zone file), for
/// `pm init` to say it was not used.
pub fn unusable_tz() -> Option<String> {
    let tz = tz_setting()?;
    Zone::parse(zoneinfo_name(&tz)).is_err().then_some(tz)
}

impl Zone {
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(Zone::Fixed(Utc.fix()));
        }
        if let Ok(tz) = text.parse::<chrono_tz::Tz>() {
            return Ok(Zone::Named(tz));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{text}")) {
            return Ok(Zone::Fixed(*dt.offset()));
        }
        Err(format!(
            "unknown time zone `{text}`; use an IANA name (Europe/Berlin), UTC, or an offset (+02:00)"
        ))
    }

    pub fn utc() -> Zone {
        Zone::Fixed(Utc.fix())
    }

    /// The zone as a person names it: `Europe/Berlin`, `UTC`, `+05:30`.
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(off) if off.local_minus_utc() == 0 => "UTC".to_string(),
            Zone::Fixed(off) => off.to_string(),
        }
    }

    /// The same instant, shown with this zone's offset.
    pub fn to_local(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => {
                let local = at.with_timezone(tz);
                local.with_timezone(&local.offset().fix())
            }
            Zone::Fixed(off) => at.with_timezone(off),
        }
    }

    fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Named(tz) => tz.offset_from_utc_datetime(&utc).fix(),
            Zone::Fixed(off) => *off,
        }
    }

    /// What a wall-clock time is in this zone: one instant, two (a fold), or
    /// none (a gap). None only at the very ends of chrono's range.
    pub fn resolve(&self, naive: NaiveDateTime) -> Option<Local> {
        let fixed = |dt: DateTime<chrono_tz::Tz>| dt.with_timezone(&dt.offset().fix());
        match self {
            Zone::Fixed(off) => off.from_local_datetime(&naive).single().map(Local::One),
            Zone::Named(tz) => match tz.from_local_datetime(&naive) {
                chrono::LocalResult::Single(dt) => Some(Local::One(fixed(dt))),
                chrono::LocalResult::Ambiguous(a, b) => {
                    let (a, b) = (fixed(a), fixed(b));
                    Some(Local::Twice(a.min(b), a.max(b)))
                }
                chrono::LocalResult::None => self.gap(naive).map(Local::Skipped),
            },
        }
    }

    /// The two readings of a skipped time and where the clocks jumped.
    fn gap(&self, naive: NaiveDateTime) -> Option<Gap> {
        // Offsets a day either side: no zone changes twice within a day.
        let day = TimeDelta::try_days(1)?;
        let before = self.offset_at(naive.checked_sub_signed(day)?);
        let after = self.offset_at(naive.checked_add_signed(day)?);
        let read = |off: FixedOffset| -> Option<DateTime<FixedOffset>> {
            let utc =
                naive.checked_sub_signed(TimeDelta::try_seconds(off.local_minus_utc().into())?)?;
            Some(self.to_local(Utc.from_utc_datetime(&utc).fixed_offset()))
        };
        let (old_offset, new_offset) = (read(before)?, read(after)?);
        // The jump lies between the two readings: find its second.
        let (mut lo, mut hi) = (new_offset.timestamp(), old_offset.timestamp());
        let offset_of =
            |t: i64| DateTime::from_timestamp(t, 0).map(|utc| self.offset_at(utc.naive_utc()));
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if offset_of(mid)? == after {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let jump = DateTime::from_timestamp(hi, 0)?.naive_utc();
        let from =
            jump.checked_add_signed(TimeDelta::try_seconds(before.local_minus_utc().into())?)?;
        let to =
            jump.checked_add_signed(TimeDelta::try_seconds(after.local_minus_utc().into())?)?;
        Some(Gap {
            old_offset,
            new_offset,
            from,
            to,
        })
    }

    /// The instant of a wall-clock time, for pm's own sums (the start of a
    /// day): in a fold the earlier reading, in a gap the reading with the
    /// offset in force before it. What people type goes through
    /// [`parse_moment`], which says so instead.
    pub fn from_local(&self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self.resolve(naive)? {
            Local::One(at) | Local::Twice(at, _) => Some(at),
            Local::Skipped(gap) => Some(gap.old_offset),
        }
    }
}

// ---------------------------------------------------------------------------
// Spans: 15m, -2h, +3d, 2w, 1mo, 1y

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Second => "s",
            Unit::Minute => "m",
            Unit::Hour => "h",
            Unit::Day => "d",
            Unit::Week => "w",
            Unit::Month => "mo",
            Unit::Year => "y",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Second => "seconds",
            Unit::Minute => "minutes",
            Unit::Hour => "hours",
            Unit::Day => "days",
            Unit::Week => "weeks",
            Unit::Month => "months",
            Unit::Year => "years",
        }
    }

    fn seconds(self) -> Option<i64> {
        match self {
            Unit::Second => Some(1),
            Unit::Minute => Some(60),
            Unit::Hour => Some(3600),
            Unit::Day => Some(86_400),
            Unit::Week => Some(7 * 86_400),
            Unit::Month | Unit::Year => None,
        }
    }

    /// The unit a person typed. `M` alone is ambiguous (minutes or
    /// months?); anything else unknown is not a unit.
    fn parse(text: &str) -> Result<Unit, TimeError> {
        if text == "M" {
            return Err(TimeError::AmbiguousUnit(text.to_string()));
        }
        Ok(match text.to_ascii_lowercase().as_str() {
            "s" | "sec" | "secs" | "second" | "seconds" => Unit::Second,
            "m" | "min" | "mins" | "minute" | "minutes" => Unit::Minute,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
            "mo" | "mon" | "mos" | "month" | "months" => Unit::Month,
            "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
            _ => return Err(TimeError::UnknownUnit(text.to_string())),
        })
    }
}

/// A signed length of time as typed: `-15m`, `+3d`, `2w`, `1mo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub count: i64,
    pub unit: Unit,
}

/// Why a typed time, date or length was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not one of the forms pm knows.
    Unknown,
    /// A number followed by something that is not a unit.
    UnknownUnit(String),
    /// `M`: minutes or months?
    AmbiguousUnit(String),
    /// A unit this value cannot count in (minutes for a due date).
    WrongUnit(Unit),
    /// A length that must be positive (or not negative) is not.
    Negative,
    /// A day that must not be after today is.
    Future,
    /// The result is outside the years 1 to 9999.
    OutOfRange,
    /// A wall-clock time that did not happen: the clocks jumped over it.
    Skipped(NaiveDateTime, Gap),
    /// A leap second (`:60`) at a minute other than 23:59 UTC.
    LeapSecond,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Unknown => f.write_str("not a form pm understands"),
            TimeError::UnknownUnit(u) => write!(f, "`{u}` is not a unit"),
            TimeError::AmbiguousUnit(u) => write!(f, "`{u}` is ambiguous"),
            TimeError::WrongUnit(u) => write!(f, "`{}` means {}", u.symbol(), u.name()),
            TimeError::Negative => f.write_str("must not be negative"),
            TimeError::Future => f.write_str("is after today"),
            TimeError::OutOfRange => write!(f, "out of range"),
            TimeError::Skipped(naive, _) => {
                write!(f, "{} did not happen", naive.format("%Y-%m-%d %H:%M"))
            }
            TimeError::LeapSecond => f.write_str(LEAP_SECONDS),
        }
    }
}

/// A span, when `text` is shaped like one (an optional sign, digits, a
/// word); `None` when it is some other form. A span-shaped text with a bad
/// unit or a number too large is an error, not `None`.
pub fn parse_span(text: &str) -> Option<Result<Span, TimeError>> {
    let text = text.trim();
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let unit = rest[digits..].trim_start();
    if unit.is_empty() || !unit.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some((|| {
        let unit = Unit::parse(unit)?;
        // Too many digits for an i64 is out of range, not "not a number".
        let n: i64 = rest[..digits].parse().map_err(|_| TimeError::OutOfRange)?;
        let count = if negative { -n } else { n };
        Ok(Span { count, unit })
    })())
}

fn check_date(date: NaiveDate) -> Result<NaiveDate, TimeError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(TimeError::OutOfRange)
    }
}

fn check_moment(at: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, TimeError> {
    check_date(at.date_naive())?;
    check_date(at.naive_utc().date())?;
    if !happens(at) {
        return Err(TimeError::LeapSecond);
    }
    Ok(at)
}

const LEAP_SECONDS: &str = "a leap second (:60) only comes at 23:59:60 UTC";

/// Whether a time that was read can happen. chrono reads a leap second
/// (`:60`) at any minute and in any offset; UTC inserts one only after
/// 23:59:59 (at the end of June or December, but any date is taken, as
/// the list of leap seconds is not pm's to keep). `12:34:60` is refused
/// where it is typed and skipped where it is read, as other impossible
/// times are; `00:59:60+01:00` is 23:59:60 UTC and happens.
pub fn happens(at: DateTime<FixedOffset>) -> bool {
    let utc = at.naive_utc();
    utc.nanosecond() < 1_000_000_000 || (utc.hour(), utc.minute(), utc.second()) == (23, 59, 59)
}

/// A timeline entry's `at` as every reader reads it (the loader, `pm
/// lint`'s checks, the index): RFC 3339 with an offset, exactly, as the
/// format says (`2026-11-26T09:12:00Z`). chrono's looser reading (a space
/// for the `T`, `+0100`, a one-digit hour) is not taken: one command
/// accepting what another refuses would let a file pass `pm show` that
/// lint, the JSON Schema and other tools call invalid.
///
/// A time outside the years 1 to 9999 in UTC or in its own offset
/// (`0001-01-01T00:00:00+14:00` is in the year 0 in UTC) is not read
/// either: `--at` refuses it, and every figure from it would be years off.
pub fn read_at(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|at| within_years(*at))
}

/// Whether `text` is an RFC 3339 time [`read_at`] refuses only for its
/// year: for the message that says so.
pub fn at_outside_years(text: &str) -> bool {
    DateTime::parse_from_rfc3339(text).is_ok_and(|at| !within_years(at))
}

fn within_years(at: DateTime<FixedOffset>) -> bool {
    let years = MIN_YEAR..=MAX_YEAR;
    years.contains(&at.year()) && years.contains(&at.with_timezone(&Utc).year())
}

/// What pm says of a time outside the years it handles.
pub const OUTSIDE_YEARS: &str =
    "is outside the years 1 to 9999 (in UTC or in its offset), which pm handles; check the date";

/// An RFC 3339 time as logs and people write it, when it can happen (see
/// [`happens`]).
pub fn parse_rfc3339(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|at| happens(*at))
}

/// `count` months later (or earlier), the day clamped to the month's end.
fn add_months(date: NaiveDate, count: i64) -> Result<NaiveDate, TimeError> {
    let months = u32::try_from(count.unsigned_abs()).map_err(|_| TimeError::OutOfRange)?;
    let moved = if count >= 0 {
        date.checked_add_months(Months::new(months))
    } else {
        date.checked_sub_months(Months::new(months))
    };
    check_date(moved.ok_or(TimeError::OutOfRange)?)
}

/// A date moved by a span of days, weeks, months or years.
pub fn shift_date(date: NaiveDate, span: Span) -> Result<NaiveDate, TimeError> {
    match span.unit {
        Unit::Day => add_days(date, span.count),
        Unit::Week => add_days(
            date,
            span.count.checked_mul(7).ok_or(TimeError::OutOfRange)?,
        ),
        Unit::Month => add_months(date, span.count),
        Unit::Year => add_months(
            date,
            span.count.checked_mul(12).ok_or(TimeError::OutOfRange)?,
        ),
        unit => Err(TimeError::WrongUnit(unit)),
    }
}

/// `days` days later (earlier when negative), within the years 1 to 9999.
pub fn add_days(date: NaiveDate, days: i64) -> Result<NaiveDate, TimeError> {
    let delta = TimeDelta::try_days(days).ok_or(TimeError::OutOfRange)?;
    check_date(
        date.checked_add_signed(delta)
            .ok_or(TimeError::OutOfRange)?,
    )
}

/// An instant moved by a span. Months and years move the wall-clock date in
/// the zone (a month before 31 March is the last day of February).
pub fn shift_moment(
    at: DateTime<FixedOffset>,
    span: Span,
    zone: &Zone,
) -> Result<DateTime<FixedOffset>, TimeError> {
    match span.unit.seconds() {
        Some(unit) => {
            let seconds = span.count.checked_mul(unit).ok_or(TimeError::OutOfRange)?;
            let delta = TimeDelta::try_seconds(seconds).ok_or(TimeError::OutOfRange)?;
            check_moment(at.checked_add_signed(delta).ok_or(TimeError::OutOfRange)?)
        }
        None => {
            let local = zone.to_local(at).naive_local();
            let months = match span.unit {
                Unit::Year => span.count.checked_mul(12).ok_or(TimeError::OutOfRange)?,
                _ => span.count,
            };
            let date = add_months(local.date(), months)?;
            let moved = zone
                .from_local(date.and_time(local.time()))
                .ok_or(TimeError::OutOfRange)?;
            check_moment(moved)
        }
    }
}

/// An instant plus some minutes (a margin from pm.yaml), checked.
pub fn add_minutes(
    at: DateTime<FixedOffset>,
    minutes: i64,
) -> Result<DateTime<FixedOffset>, TimeError> {
    shift_moment(
        at,
        Span {
            count: minutes,
            unit: Unit::Minute,
        },
        &Zone::utc(),
    )
}

// ---------------------------------------------------------------------------
// Moments: --at, --started

pub const AT_FORMATS: &str = "HH:MM, HH:MM:SS, a time before now (-30s, -15m, -2h, -1d, -1w), \
'YYYY-MM-DD HH:MM[:SS]', or RFC 3339 (2026-11-26T09:12:00Z)";

/// A moment as typed, and the other reading when the time happened twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub at: DateTime<FixedOffset>,
    /// In a fold (the clocks went back), the other reading, not taken.
    pub also: Option<DateTime<FixedOffset>>,
}

/// Parse a moment as typed for `--at` and `--started`.
///
/// `HH:MM` means the most recent such moment in the repository's zone, so
/// `23:50` typed at 00:30 means yesterday. Spans count from now: in
/// seconds from this second, in minutes or longer from the start of this
/// minute (`-3h` at 10:04:27 is 07:04:00). A wall-clock time that happened
/// twice is the earlier one (for `HH:MM`, the most recent one that is not
/// in the future); one that never happened is an error.
pub fn parse_moment(
    text: &str,
    now: DateTime<FixedOffset>,
    zone: &Zone,
) -> Result<Moment, TimeError> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(Moment {
            at: check_moment(dt)?,
            also: None,
        });
    }
    if let Some(span) = parse_span(text) {
        let span = span?;
        let base = if span.unit == Unit::Second {
            now
        } else {
            now.with_second(0)
                .and_then(|t| t.with_nanosecond(0))
                .unwrap_or(now)
        };
        return Ok(Moment {
            at: shift_moment(base, span, zone)?,
            also: None,
        });
    }
    if let Some(time) = time_of_day(text) {
        let today = zone.to_local(now).date_naive();
        let candidate = wall_clock(zone, today.and_time(time))?;
        // Typed during the repeated hour, after its second reading:
        // the most recent moment is the second.
        if let Some(later) = candidate.also
            && later <= now
        {
            return Ok(Moment {
                at: later,
                also: Some(candidate.at),
            });
        }
        if candidate.at <= now {
            return Ok(candidate);
        }
        let yesterday = add_days(today, -1)?;
        return wall_clock(zone, yesterday.and_time(time));
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, fmt) {
            check_date(naive.date())?;
            return wall_clock(zone, naive);
        }
    }
    Err(TimeError::Unknown)
}

/// A bare time of day, `HH:MM` or `HH:MM:SS`, as `--at` and an ENTRY
/// reference take it.
pub fn time_of_day(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|fmt| NaiveTime::parse_from_str(text, fmt).ok())
}

/// The note for a bare `HH:MM` later than now, which [`moment_arg`] reads
/// as yesterday's (the most recent such time): a time meant for today (a
/// typo, another zone) looks just like it, so say so, with how to choose
/// another day. None when `text` is no bare time or `at` is today.
pub fn read_as_yesterday(
    flag: &str,
    text: &str,
    at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    zone: &Zone,
) -> Option<String> {
    (time_of_day(text).is_some() && zone.to_local(at).date_naive() < zone.to_local(now).date_naive())
        .then(|| {
            format!(
                "note: {flag} {} is later than now ({}), so it was read as yesterday, {} in {}; give a date to choose another day ({flag} 'YYYY-MM-DD HH:MM')",
                text.trim(),
                wall_time(zone, now, "%H:%M"),
                wall_time(zone, at, "%Y-%m-%d %H:%M"),
                zone.name(),
            )
        })
}

/// As [`moment_arg`], except that a bare `HH:MM[:SS]` is that time on
/// `day` (in the repository's zone), not the most recent one: `pm timeline
/// edit --at 09:31` corrects an entry's time on its own day.
pub fn moment_arg_on(
    flag: &str,
    text: &str,
    now: DateTime<FixedOffset>,
    zone: &Zone,
    day: NaiveDate,
) -> Result<DateTime<FixedOffset>> {
    let Some(time) = time_of_day(text) else {
        return moment_arg(flag, text, now, zone);
    };
    let moment = wall_clock(zone, day.and_time(time))
        .map_err(|err| time_error(flag, text, err, Takes::Moment, Some(zone)))?;
    if let Some(other) = moment.also {
        crate::output::note(&format!(
            "note: {flag} {} happened twice in {} (the clocks went back); pm took the first, {}; for the second give {}",
            moment.at.format("%Y-%m-%d %H:%M"),
            zone.name(),
            format_at(moment.at),
            format_at(other),
        ));
    }
    Ok(moment.at)
}

fn wall_clock(zone: &Zone, naive: NaiveDateTime) -> Result<Moment, TimeError> {
    match zone.resolve(naive).ok_or(TimeError::OutOfRange)? {
        Local::One(at) => Ok(Moment {
            at: check_moment(at)?,
            also: None,
        }),
        Local::Twice(at, later) => Ok(Moment {
            at: check_moment(at)?,
            also: Some(later),
        }),
        Local::Skipped(gap) => Err(TimeError::Skipped(naive, gap)),
    }
}

// ---------------------------------------------------------------------------
// Dates: --due, --since

pub const DATE_FORMATS: &str =
    "YYYY-MM-DD, today, tomorrow, or days, weeks, months or years from today: +3d, 2w, +1mo, 1y";

/// A date as written in a post-mortem, `YYYY-MM-DD`: exactly what chrono's
/// `%Y-%m-%d` accepts, the one way pm reads a stored date. The common
/// shape (ten bytes, digits and two dashes) is read directly; reading the
/// format string for every value was a tenth of a whole-repository lint.
/// Anything else goes to chrono, so the result is always chrono's.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
    {
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A date: `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, or a span of
/// days, weeks, months or years from `today` (`+3d`, `2w`, `-1mo`).
pub fn parse_date(text: &str, today: NaiveDate) -> Result<NaiveDate, TimeError> {
    let text = text.trim();
    if let Some(date) = iso_date(text) {
        return check_date(date);
    }
    match text.to_ascii_lowercase().as_str() {
        "today" => return Ok(today),
        "tomorrow" => return add_days(today, 1),
        "yesterday" => return add_days(today, -1),
        _ => {}
    }
    match parse_span(text) {
        Some(span) => shift_date(today, span?),
        None => Err(TimeError::Unknown),
    }
}

/// A length of days, weeks, months or years from `today` (`7d`, `2w`,
/// `1mo`): the last day it reaches. Never before today.
pub fn parse_window(text: &str, today: NaiveDate) -> Result<NaiveDate, TimeError> {
    let span = parse_span(text).ok_or(TimeError::Unknown)??;
    if span.count < 0 {
        return Err(TimeError::Negative);
    }
    shift_date(today, span)
}

/// A day in the past: `YYYY-MM-DD`, `today`, `yesterday`, or a length
/// back from `today` (`7d` and `-7d` both mean seven days ago; `2w`,
/// `1mo`). A day after today is refused, so `+3d` is an error rather than
/// a window that can hold nothing.
pub fn parse_since(text: &str, today: NaiveDate) -> Result<NaiveDate, TimeError> {
    let trimmed = text.trim();
    let day = match parse_span(trimmed) {
        Some(span) => {
            let span = span?;
            if trimmed.starts_with('+') && span.count > 0 {
                return Err(TimeError::Future);
            }
            shift_date(
                today,
                Span {
                    count: -span.count.abs(),
                    unit: span.unit,
                },
            )?
        }
        None => parse_date(trimmed, today)?,
    };
    if day > today {
        return Err(TimeError::Future);
    }
    Ok(day)
}

// ---------------------------------------------------------------------------
// The same, as command-line arguments with messages that name the flag

/// What a flag takes, for its error messages.
#[derive(Debug, Clone, Copy)]
enum Takes {
    Moment,
    Date,
    Window,
    Since,
}

impl Takes {
    fn what(self) -> &'static str {
        match self {
            Takes::Moment => "a time pm understands",
            Takes::Date => "a date",
            Takes::Window => "a length of time",
            Takes::Since => "a day or a length of time back from today",
        }
    }

    fn formats(self) -> &'static str {
        match self {
            Takes::Moment => AT_FORMATS,
            Takes::Date => DATE_FORMATS,
            Takes::Window => "days, weeks, months or years: 7d, 2w, 1mo, 1y",
            Takes::Since => {
                "YYYY-MM-DD, today, yesterday, or days, weeks, months or years back: 7d, 2w, 1mo"
            }
        }
    }

    fn units(self) -> &'static str {
        match self {
            Takes::Moment => "s, m, h, d, w, mo or y",
            Takes::Date | Takes::Window | Takes::Since => "d, w, mo or y",
        }
    }
}

fn time_error(
    flag: &str,
    text: &str,
    err: TimeError,
    takes: Takes,
    zone: Option<&Zone>,
) -> UserError {
    let shown = text.trim();
    match err {
        TimeError::Unknown => UserError::new(format!("{flag} `{shown}` is not {}", takes.what()))
            .hint(format!("use {}", takes.formats())),
        TimeError::UnknownUnit(unit) => {
            UserError::new(format!("{flag} `{shown}`: `{unit}` is not a unit of time"))
                .hint(format!(
                    "the units are s (seconds), m (minutes), h (hours), d (days), w (weeks), mo (months) and y (years); {flag} takes {}",
                    takes.units()
                ))
        }
        TimeError::AmbiguousUnit(unit) => UserError::new(format!(
            "{flag} `{shown}`: `{unit}` could mean minutes or months"
        ))
        .hint("write m for minutes or mo for months"),
        TimeError::WrongUnit(unit) => {
            let mut err = UserError::new(format!(
                "{flag} `{shown}`: `{}` means {}, and {flag} counts in whole days",
                unit.symbol(),
                unit.name()
            ))
            .hint(format!("use {}", takes.units()));
            if unit == Unit::Minute {
                err = err.hint("for months write mo: +1mo is a month from today");
            }
            err
        }
        TimeError::Negative => UserError::new(format!(
            "{flag} `{shown}` is negative; give a length of time from today"
        ))
        .hint(format!("use {}", takes.formats())),
        TimeError::Future => UserError::new(format!(
            "{flag} `{shown}` is after today; give a day in the past"
        ))
        .hint(format!("use {}", takes.formats())),
        TimeError::OutOfRange => UserError::new(format!(
            "{flag} `{shown}` is out of range: pm handles dates from year {MIN_YEAR} to {MAX_YEAR}"
        ))
        .hint("give a time or length closer to now"),
        TimeError::LeapSecond => {
            UserError::new(format!("{flag} `{shown}` did not happen: {LEAP_SECONDS}"))
                .hint(format!("use {}", takes.formats()))
        }
        TimeError::Skipped(naive, gap) => {
            let zone = zone.map(Zone::name).unwrap_or_default();
            let hm = |t: DateTime<FixedOffset>| t.format("%H:%M %:z").to_string();
            UserError::new(format!(
                "{flag} `{shown}`: {} did not happen in {zone}; the clocks went forward from {} to {} that night",
                naive.format("%Y-%m-%d %H:%M"),
                gap.from.format("%H:%M"),
                gap.to.format("%H:%M"),
            ))
            .hint(format!(
                "type the time the clock showed: {} (before the change) or {} (after it)",
                hm(gap.new_offset),
                hm(gap.old_offset),
            ))
            .hint("or give an RFC 3339 time with its offset, such as 2026-03-08T02:30:00-05:00")
        }
    }
}

/// `--at`/`--started`: a moment, or an error naming the flag. A time that
/// happened twice takes one reading (the earlier, or for `HH:MM` the most
/// recent) and says so on stderr, with the other.
pub fn moment_arg(
    flag: &str,
    text: &str,
    now: DateTime<FixedOffset>,
    zone: &Zone,
) -> Result<DateTime<FixedOffset>> {
    let moment = parse_moment(text, now, zone)
        .map_err(|err| time_error(flag, text, err, Takes::Moment, Some(zone)))?;
    if let Some(other) = moment.also
        && other <= now
    {
        let (took, gave) = if moment.at < other {
            ("first", "second")
        } else {
            ("second, the most recent", "first")
        };
        crate::output::note(&format!(
            "note: {flag} {} happened twice in {} (the clocks went back); pm took the {took}, {}; for the {gave} give {}",
            moment.at.format("%Y-%m-%d %H:%M"),
            zone.name(),
            format_at(moment.at),
            format_at(other),
        ));
    }
    Ok(moment.at)
}

/// `--due`/`--since`: a date, or an error naming the flag.
pub fn date_arg(flag: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    parse_date(text, today).map_err(|err| time_error(flag, text, err, Takes::Date, None).into())
}

/// `--within`/`--again`: the last day a length from today reaches.
pub fn window_arg(flag: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    parse_window(text, today).map_err(|err| match err {
        TimeError::OutOfRange if clock_at_the_edge(today) => clock_out_of_range(flag, text, today),
        err => time_error(flag, text, err, Takes::Window, None).into(),
    })
}

/// `--done-since`: the first day of a window that ends today.
pub fn since_arg(flag: &str, text: &str, today: NaiveDate) -> Result<NaiveDate> {
    parse_since(text, today).map_err(|err| match err {
        TimeError::OutOfRange if clock_at_the_edge(today) => clock_out_of_range(flag, text, today),
        err => time_error(flag, text, err, Takes::Since, None).into(),
    })
}

/// Today is in the first or last year pm handles: a window from it that
/// leaves those years is the clock's doing (`PM_NOW=9999-12-31T23:59:59Z`
/// and the default `--within 7d`), not the flag's.
fn clock_at_the_edge(today: NaiveDate) -> bool {
    today.year() == MIN_YEAR || today.year() == MAX_YEAR
}

/// The error for a window that leaves the years pm handles because the
/// clock is at their edge: it names the clock (and PM_NOW, when that is
/// what sets it), which the person may not know they set.
fn clock_out_of_range(flag: &str, text: &str, today: NaiveDate) -> anyhow::Error {
    let shown = text.trim();
    let (clock, hint) = clock_named();
    UserError::new(format!(
        "the clock is out of range: {clock} makes today {today}, and {flag} `{shown}` from it leaves the years pm handles ({MIN_YEAR} to {MAX_YEAR})"
    ))
    .hint(hint)
    .into()
}

/// What sets the clock, as an error names it, and how to set it right.
fn clock_named() -> (String, &'static str) {
    match std::env::var("PM_NOW") {
        Ok(now) if !now.trim().is_empty() => (
            format!("PM_NOW=`{}`", now.trim()),
            "unset PM_NOW to use the system clock, or set it to a time within the years pm handles",
        ),
        _ => (
            "the system clock".to_string(),
            "set the system clock to the right date",
        ),
    }
}

/// A file dated today (`pm new` without `--started`) needs today to be in
/// the years pm handles in the repository's zone: `PM_NOW` in the first
/// hours of the year 1 is still the year 0 west of UTC. Refused naming
/// the clock, which the person may not know they set.
pub fn check_now_writable(now: DateTime<FixedOffset>, zone: &Zone) -> Result<()> {
    if writable(now, zone) {
        return Ok(());
    }
    Err(now_out_of_range(now, zone)
        .hint("or give the incident's start with --started")
        .into())
}

/// The error for a clock whose now is outside the years pm handles.
fn now_out_of_range(now: DateTime<FixedOffset>, zone: &Zone) -> UserError {
    let (clock, hint) = clock_named();
    UserError::new(format!(
        "the clock is out of range: {clock} makes now {} in {}, outside the years pm handles ({MIN_YEAR} to {MAX_YEAR})",
        format_at(zone.to_local(now)),
        zone.name(),
    ))
    .hint(hint)
}

/// A date plus days from pm.yaml (a policy), or an error naming the setting
/// and, when the date is the cause (a typo: `date: 9999-12-31`), the date.
pub fn days_after(date: NaiveDate, days: i64, setting: &str) -> Result<NaiveDate> {
    add_days(date, days).map_err(|_| {
        let error = UserError::new(format!(
            "{date} + {days} days (`{setting}` in pm.yaml) is past the year {MAX_YEAR}"
        ));
        // Within a year of the end, no sensible setting helps: the date
        // itself is what to check.
        if date.year() == MAX_YEAR {
            error.hint(format!(
                "check the post-mortem's `date:` ({date}); or use a smaller `{setting}`"
            ))
        } else {
            error.hint(format!("use a smaller `{setting}`"))
        }
        .into()
    })
}

/// Whether pm can write `at`: in the years 1 to 9999 both in UTC and in
/// `zone`, where files show it (a log's `9999-12-31T23:59:59-23:59` is in
/// the year 10000 in UTC; `0001-01-01T00:00:00+00:01` in the year 0).
pub fn writable(at: DateTime<FixedOffset>, zone: &Zone) -> bool {
    let years = MIN_YEAR..=MAX_YEAR;
    years.contains(&at.with_timezone(&Utc).year()) && years.contains(&zone.to_local(at).year())
}

// ---------------------------------------------------------------------------
// Showing times

/// A wall-clock time as people read it (`format`, a chrono pattern such as
/// `%H:%M:%S`) in `zone`, with the offset after it (`02:10:00 +01:00`) when
/// that wall-clock time happened twice, in the hour repeated when clocks
/// go back: alone it would name two instants an hour apart.
pub fn wall_time(zone: &Zone, at: DateTime<FixedOffset>, format: &str) -> String {
    let local = zone.to_local(at);
    let shown = local.format(format).to_string();
    match zone.resolve(local.naive_local()) {
        Some(Local::Twice(..)) => format!("{shown} {}", local.format("%:z")),
        _ => shown,
    }
}

/// RFC 3339 with an explicit offset; `Z` for UTC; sub-seconds only when present.
pub fn format_at(at: DateTime<FixedOffset>) -> String {
    // A leap second counts its nanoseconds from 1,000,000,000: 23:59:60
    // has none past the second.
    let nanos = at.timestamp_subsec_nanos() % 1_000_000_000;
    let precision = if nanos == 0 {
        SecondsFormat::Secs
    } else if nanos.is_multiple_of(1_000_000) {
        SecondsFormat::Millis
    } else {
        SecondsFormat::AutoSi
    };
    at.to_rfc3339_opts(precision, true)
}

/// `1h 05m`, `42m 10s`, `3d 4h`, `1d`: a duration for people, without the
/// zero parts at the end.
pub fn human_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86400, s % 86400 / 3600, s % 3600 / 60, s % 60);
    let body = if d > 0 {
        match (h, m) {
            (0, 0) => format!("{d}d"),
            (_, 0) => format!("{d}d {h}h"),
            _ => format!("{d}d {h}h {m:02}m"),
        }
    } else if h > 0 {
        match m {
            0 => format!("{h}h"),
            _ => format!("{h}h {m:02}m"),
        }
    } else if m > 0 {
        match sec {
            0 => format!("{m}m"),
            _ => format!("{m}m {sec:02}s"),
        }
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
    let s = seconds.unsigned_abs();
    format!("T{sign}{}:{:02}", s / 3600, s % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    /// chrono reads `:60` anywhere; only 23:59:60 UTC happens, in
    /// whatever offset it is written, and it is written back as `:60`.
    #[test]
    fn leap_seconds_only_end_a_utc_day() {
        for ok in [
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "2017-01-01T00:59:60+01:00",
            "2026-11-26T23:59:60Z",
        ] {
            assert!(parse_rfc3339(ok).is_some(), "{ok}");
        }
        for bad in [
            "2026-11-26T12:34:60Z",
            "2016-12-31T23:59:60+01:00",
            "2016-12-31T23:58:60Z",
        ] {
            assert!(DateTime::parse_from_rfc3339(bad).is_ok(), "{bad}");
            assert!(parse_rfc3339(bad).is_none(), "{bad}");
        }
        assert!(parse_rfc3339("2026-11-26T12:34:59Z").is_some());
        assert_eq!(
            format_at(at("2016-12-31T23:59:60Z")),
            "2016-12-31T23:59:60Z"
        );
        assert_eq!(
            format_at(at("2016-12-31T23:59:60.25Z")),
            "2016-12-31T23:59:60.250Z"
        );
        let now = at("2026-11-27T10:00:00Z");
        assert!(matches!(
            parse_moment("2026-11-26 12:34:60", now, &Zone::utc()),
            Err(TimeError::LeapSecond)
        ));
        assert!(parse_moment("2026-11-26 23:59:60", now, &Zone::utc()).is_ok());
        // 23:59:60 in Berlin is 22:59:60 UTC.
        assert!(parse_moment("2026-11-26 23:59:60", now, &zone()).is_err());
    }

    #[test]
    fn since_counts_back_from_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_since("7d", today), Ok(day(2026, 3, 24)));
        assert_eq!(parse_since("-7d", today), Ok(day(2026, 3, 24)));
        assert_eq!(parse_since("2w", today), Ok(day(2026, 3, 17)));
        // A month back from 31 March is the last day of February.
        assert_eq!(parse_since("1mo", today), Ok(day(2026, 2, 28)));
        assert_eq!(parse_since("0d", today), Ok(today));
        assert_eq!(parse_since("today", today), Ok(today));
        assert_eq!(parse_since("yesterday", today), Ok(day(2026, 3, 30)));
        assert_eq!(parse_since("2026-01-05", today), Ok(day(2026, 1, 5)));
        assert_eq!(parse_since("+3d", today), Err(TimeError::Future));
        assert_eq!(parse_since("tomorrow", today), Err(TimeError::Future));
        assert_eq!(parse_since("2026-04-01", today), Err(TimeError::Future));
        assert_eq!(
            parse_since("3h", today),
            Err(TimeError::WrongUnit(Unit::Hour))
        );
        assert_eq!(parse_since("soon", today), Err(TimeError::Unknown));
        assert_eq!(parse_since("99999y", today), Err(TimeError::OutOfRange));
    }

    #[test]
    fn clock_time_means_most_recent() {
        // 00:30 in Berlin on 27 Nov is 23:30 UTC on 26 Nov.
        let now = at("2026-11-26T23:30:00Z");
        let m = parse_moment("23:50", now, &zone()).unwrap();
        assert_eq!(m.at.to_rfc3339(), "2026-11-26T23:50:00+01:00");
        let m = parse_moment("00:10", now, &zone()).unwrap();
        assert_eq!(m.at.to_rfc3339(), "2026-11-27T00:10:00+01:00");
    }

    #[test]
    fn relative_and_absolute_forms() {
        let now = at("2026-11-27T10:00:27Z");
        assert_eq!(
            parse_moment("-15m", now, &zone()).unwrap().at,
            at("2026-11-27T09:45:00Z")
        );
        assert_eq!(
            parse_moment("-30s", now, &zone()).unwrap().at,
            at("2026-11-27T09:59:57Z")
        );
        assert_eq!(
            parse_moment("2026-11-27 09:00", now, &zone())
                .unwrap()
                .at
                .to_rfc3339(),
            "2026-11-27T09:00:00+01:00"
        );
        assert_eq!(
            parse_moment("yesterday-ish", now, &zone()),
            Err(TimeError::Unknown)
        );
        assert_eq!(parse_moment("25:00", now, &zone()), Err(TimeError::Unknown));
        assert_eq!(
            parse_moment("-9223372036854775807w", now, &zone()),
            Err(TimeError::OutOfRange)
        );
        assert_eq!(
            parse_moment("-99999999999999999999d", now, &zone()),
            Err(TimeError::OutOfRange)
        );
    }

    #[test]
    fn dates() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(parse_date("+3d", today).unwrap().to_string(), "2026-02-03");
        assert_eq!(parse_date("2w", today).unwrap().to_string(), "2026-02-14");
        assert_eq!(parse_date("+1mo", today).unwrap().to_string(), "2026-02-28");
        assert_eq!(parse_date("1y", today).unwrap().to_string(), "2027-01-31");
        assert_eq!(
            parse_date("+1m", today),
            Err(TimeError::WrongUnit(Unit::Minute))
        );
        assert_eq!(
            parse_date("+1M", today),
            Err(TimeError::AmbiguousUnit("M".into()))
        );
        assert_eq!(parse_date("2026-13-45", today), Err(TimeError::Unknown));
        assert_eq!(parse_date("+8000y", today), Err(TimeError::OutOfRange));
    }

    #[test]
    fn skipped_and_repeated_wall_clock_times() {
        let ny = Zone::parse("America/New_York").unwrap();
        let now = at("2026-03-09T12:00:00Z");
        match parse_moment("2026-03-08 02:30", now, &ny) {
            Err(TimeError::Skipped(_, gap)) => {
                assert_eq!(gap.from.format("%H:%M").to_string(), "02:00");
                assert_eq!(gap.to.format("%H:%M").to_string(), "03:00");
                assert_eq!(gap.old_offset.to_rfc3339(), "2026-03-08T03:30:00-04:00");
                assert_eq!(gap.new_offset.to_rfc3339(), "2026-03-08T01:30:00-05:00");
            }
            other => panic!("{other:?}"),
        }
        let m = parse_moment("2026-11-01 01:30", at("2026-11-02T00:00:00Z"), &ny).unwrap();
        assert_eq!(m.at.to_rfc3339(), "2026-11-01T01:30:00-04:00");
        assert_eq!(m.also.unwrap().to_rfc3339(), "2026-11-01T01:30:00-05:00");
    }

    #[test]
    fn durations_drop_zero_parts_at_the_end() {
        assert_eq!(human_duration(86_400), "1d");
        assert_eq!(human_duration(86_400 + 3600), "1d 1h");
        assert_eq!(human_duration(86_400 + 60), "1d 0h 01m");
        assert_eq!(human_duration(3600), "1h");
        assert_eq!(human_duration(3900), "1h 05m");
        assert_eq!(human_duration(1170), "19m 30s");
        assert_eq!(human_duration(600), "10m");
        assert_eq!(human_duration(i64::MIN).chars().next(), Some('-'));
    }
}

#[cfg(test)]
mod iso_date_tests {
    use super::*;

    /// The fast path agrees with chrono on every shape it takes, and on
    /// the ones it hands over.
    #[test]
    fn iso_date_is_chronos_yyyy_mm_dd() {
        for text in [
            "2026-11-29",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "0000-01-01",
            "9999-12-31",
            "2026-1-5",
            "+2026-01-05",
            "20260-01-05",
            "2026-01-5x",
            "2026/01/05",
            "",
            "2026-01-0a",
            " 2026-01-05",
            "2026-01-05 ",
            "12345-01-01",
        ] {
            assert_eq!(
                iso_date(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text:?}"
            );
        }
    }
}

/// The last instant `--until` keeps: one given to the second takes in
/// that whole second, since logs write fractions and `--until 14:03:22`
/// means the record at 14:03:22.500 too (as `--since 14:03:22` starts at
/// its beginning); one given to the minute or with a fraction is itself.
pub fn until_end(text: &str, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    if to_the_second(text) && chrono::Timelike::nanosecond(&at) == 0 {
        at + chrono::Duration::nanoseconds(999_999_999)
    } else {
        at
    }
}

/// Whether a time as typed gives its seconds and no fraction of one
/// (`14:03:22`, `2026-11-26T14:03:22Z`): it names that whole second.
fn to_the_second(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |w: &[u8]| w.iter().all(u8::is_ascii_digit);
    b.windows(8).enumerate().any(|(i, w)| {
        digits(&w[..2])
            && w[2] == b':'
            && digits(&w[3..5])
            && w[5] == b':'
            && digits(&w[6..])
            && !matches!(b.get(i + 8), Some(b'.' | b','))
    })
}
