//! Lines of text: the time a line starts with, a syslog (RFC 5424)
//! header, and the level word of the line.
//!
//! A plain-text log is read when each line starts with a time pm can
//! place: `journalctl -o short-iso` (`2026-11-26T04:05:43-0500 host
//! app[12]: ...`), PostgreSQL's `2026-11-26 09:02:48.397 UTC [2211]
//! FATAL: ...`, Python's `2026-11-26 04:10:05,456 ERROR ...`, nginx's
//! error log `2026/11/26 09:30:05 [error] ...`, MySQL's error log and
//! `kubectl logs --timestamps`. A line that starts otherwise (a classic
//! syslog `Nov 26 04:02:11`, which has no year) is not a record.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;

use super::fields::level_name_rank;

/// The time a line of text starts with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LineTime {
    /// With its offset (or `UTC`): the instant.
    At(DateTime<FixedOffset>),
    /// Without one: a wall-clock time, read in the log's zone.
    Naive(NaiveDateTime),
}

/// Zone abbreviations that name one offset, in minutes east of UTC, as
/// servers print them after a time (PostgreSQL's `%t`, Go's `MST`). `IST`
/// (India, Ireland, Israel) and `CST` (US, China) are left out as
/// ambiguous.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("EST", -300),
    ("EDT", -240),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("JST", 540),
    ("KST", 540),
    ("HKT", 480),
    ("SGT", 480),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
];

/// `YYYY-MM-DD` (or with slashes), `T` or a space, `HH:MM` and perhaps
/// `:SS` with a fraction after `.` or `,`, and an offset: attached (`Z`, `+01`,
/// `-0500`, `+05:30`) or after a space (`UTC`, `GMT`, `-0500`).
static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    let zones = ZONES.iter().map(|(z, _)| *z).collect::<Vec<_>>().join("|");
    Regex::new(&format!(
        r"^(\d{{4}})([-/])(\d{{2}})[-/](\d{{2}})[Tt ](\d{{2}}):(\d{{2}})(?::(\d{{2}})(?:[.,](\d{{1,9}}))?)?(?:([Zz]|[+-]\d{{2}}(?::?\d{{2}})?)| ({zones}|[+-]\d{{2}}(?::?\d{{2}})?))?(?: ({zones}))?(?: +|$|\s*[|,]\s*)",
    ))
    .expect("the leading-time pattern is valid")
});

/// The time `line` starts with, and the rest of the line after it; also
/// in brackets (Kafka's and Elasticsearch's `[2026-11-26 09:10:00,123]`),
/// after Ruby's Logger's level letter (`E, [2026-11-26T09:10:00.123456
/// #9464] ERROR -- : ...`, Rails' default), and in Apache httpd's error
/// log (`[Thu Nov 26 09:10:00.123456 2026] [core:error] ...`). A time may
/// be followed by spaces, or by a `|` or `,` that separates fields (NLog's
/// `2026-11-26 09:10:00.1234|ERROR|...`, Windows' CBS.log `2026-11-26
/// 09:10:00, Error ...`).
pub fn leading_time(line: &str) -> Option<(LineTime, &str)> {
    let line = ruby_logger(line).unwrap_or(line);
    if let Some(inner) = line.strip_prefix('[') {
        let close = inner.find(']').filter(|&i| i <= 48)?;
        let stamp = &inner[..close];
        let after = inner[close + 1..].trim_start();
        if let Some(time) = ctime(stamp) {
            return Some((LineTime::Naive(time), after));
        }
        let (time, rest) = bare_leading_time(stamp)?;
        // Ruby's Logger writes the process id after the time: ` #9464`.
        let pid = rest
            .strip_prefix('#')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        return (rest.is_empty() || pid).then_some((time, after));
    }
    bare_leading_time(line)
}

/// A Ruby Logger line without its level letter: `E, [2026-...` is
/// `[2026-...`.
fn ruby_logger(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    (b.len() > 4 && b"DIWEFAU".contains(&b[0]) && &b[1..4] == b", [").then(|| &line[3..])
}

/// A C library `ctime` time with a fraction perhaps, as Apache httpd
/// writes it: `Thu Nov 26 09:10:00 2026`, `Thu Nov 26 09:10:00.123456 2026`.
fn ctime(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 24 || !b[..3].iter().all(u8::is_ascii_alphabetic) || b[3] != b' ' {
        return None;
    }
    NaiveDateTime::parse_from_str(text, "%a %b %e %H:%M:%S%.f %Y").ok()
}

/// A line of `docker compose logs` as the service's name and the line it
/// wrote: `db-1  | 2026-11-26 ...` (and docker-compose v1's `db_1  |`): a
/// word, spaces, a bar, and a space or nothing. The name is None when pm
/// does not take the word for a service's name (`../x`, one of more than
/// 64 characters): the line after the bar is still the line, with no
/// service, never text of another service's record.
pub fn compose_prefix(line: &str) -> Option<(Option<&str>, &str)> {
    let end = line.find(|c: char| c.is_whitespace() || c == '|')?;
    let (word, after) = line.split_at(end);
    let rest = after
        .strip_prefix(' ')?
        .trim_start_matches(' ')
        .strip_prefix('|')?;
    if word.is_empty() || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let named = word.len() <= 64
        && word.starts_with(|c: char| c.is_ascii_alphanumeric())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    Some((named.then_some(word), rest.trim_start()))
}

/// A line past the `docker compose logs` prefixes at its start whose
/// names pm does not take (`../x | `, `../x | ../y | `): what is read as
/// the line, which may still start with a prefix pm takes (`../x | web-1
/// | ...` is a line of `web-1`). A prefix is read as a prefix only when
/// the text it starts does not start with a time or a date. Read in a
/// loop, not by recursion: a line of nested bars costs one pass over it.
pub fn past_rejected_prefixes(line: &str) -> &str {
    let mut rest = line;
    while let Some((None, after)) = compose_prefix(rest) {
        if dated(rest) {
            break;
        }
        rest = after;
    }
    rest
}

/// Who wrote a line that starts with `docker compose logs` prefixes whose
/// names pm does not take ([`past_rejected_prefixes`]): those prefixes
/// without their spaces (`../x   | ../y | ...` is `../x|../y|`), the same
/// for every line of one container however compose pads its name; empty
/// for a line without such a prefix. The caller takes out terminal
/// escapes first, as the reader does.
pub fn rejected_source(line: &str) -> String {
    let past = past_rejected_prefixes(line);
    line[..line.len() - past.len()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether a line is one adb logcat writes between its buffers' lines:
/// `--------- beginning of main` (of `system`, `crash`, `events`,
/// `radio`, `kernel`...), `--------- switch to main`; a CR or spaces
/// after it too.
pub fn logcat_divider(line: &[u8]) -> bool {
    let line = line.trim_ascii_end();
    let Some(rest) = line.strip_prefix(b"--------- ") else {
        return false;
    };
    let Some(buffer) = rest
        .strip_prefix(b"beginning of ")
        .or_else(|| rest.strip_prefix(b"switch to "))
    else {
        return false;
    };
    !buffer.is_empty() && buffer.len() <= 16 && buffer.iter().all(u8::is_ascii_lowercase)
}

/// Whether a line starts with a time pm reads or with a date.
fn dated(line: &str) -> bool {
    starts_with_date(line) || leading_time(line).is_some()
}

/// Whether a line opens a record of a text log: a date and time pm reads
/// ([`leading_time`]), or a date at its start though the time cannot be
/// read ([`starts_with_date`]); after a `docker compose logs` prefix, or
/// (a prefix whose name pm does not take) before it. A prefix whose name
/// pm does not take is read past ([`past_rejected_prefixes`]), so the
/// line after it is read as any line is, with a prefix of its own. Other
/// lines of such a log continue the record before them. The caller takes
/// out terminal escapes first, as the reader does.
pub fn opens_record(line: &str) -> bool {
    let past = past_rejected_prefixes(line);
    match compose_prefix(past) {
        Some((Some(_), rest)) => dated(rest),
        _ => dated(line) || dated(past),
    }
}

/// Whether a line starts as a dated line does (`2026-11-26`, `2026/11/26`,
/// perhaps in brackets or after Ruby's Logger's level letter, or Apache
/// httpd's `[Thu Nov 26 09:10:00`) though [`leading_time`] cannot read its
/// time (an hour 25, a February 30): a record pm skips with a warning,
/// never the record before continued.
pub fn starts_with_date(line: &str) -> bool {
    let line = ruby_logger(line).unwrap_or(line);
    let b = line.trim_start_matches('[').as_bytes();
    let iso = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b[4]
        && b[8..10].iter().all(u8::is_ascii_digit);
    iso || line.strip_prefix('[').is_some_and(starts_as_ctime)
}

/// Whether text starts as a C `ctime` does, day and month by name, then
/// the day of the month: `Thu Nov 26 ` (`Mon Feb 30` too, which no
/// calendar has).
fn starts_as_ctime(text: &str) -> bool {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let b = text.as_bytes();
    b.len() >= 11
        && DAYS.iter().any(|d| b[..3] == *d.as_bytes())
        && b[3] == b' '
        && MONTHS.iter().any(|m| b[4..7] == *m.as_bytes())
        && b[7] == b' '
        && (b[8] == b' ' || b[8].is_ascii_digit())
        && b[9].is_ascii_digit()
        && b[10] == b' '
}

fn bare_leading_time(line: &str) -> Option<(LineTime, &str)> {
    let caps = LEADING_TIME.captures(line)?;
    let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(number(1)? as i32, number(3)?, number(4)?)?;
    let nanos = caps.get(8).map_or(Some(0), |m| {
        let digits = m.as_str();
        let n: u32 = digits.parse().ok()?;
        Some(n * 10u32.pow(9 - digits.len() as u32))
    })?;
    // A leap second (`23:59:60`) is chrono's second 59 with a second's
    // worth of nanoseconds; whether one happened is checked below.
    let time = match number(7).unwrap_or(0) {
        60 => NaiveTime::from_hms_nano_opt(number(5)?, number(6)?, 59, 1_000_000_000 + nanos)?,
        second => NaiveTime::from_hms_nano_opt(number(5)?, number(6)?, second, nanos)?,
    };
    let naive = date.and_time(time);
    let rest = &line[caps.get(0)?.end()..];
    let abbreviation = |name: &str| ZONES.iter().find(|(z, _)| *z == name).map(|(_, h)| *h);
    // An offset wins; a zone's abbreviation after it (Go's `+0000 UTC`)
    // is passed over; an abbreviation alone counts when it names one
    // offset (`EST`, not `IST`).
    let offset = caps
        .get(9)
        .or_else(|| {
            caps.get(10)
                .filter(|m| !m.as_str().starts_with(char::is_alphabetic))
        })
        .map(|m| m.as_str());
    let named = caps
        .get(10)
        .filter(|m| m.as_str().starts_with(char::is_alphabetic))
        .or_else(|| caps.get(11).filter(|_| offset.is_none()))
        .map(|m| m.as_str());
    let offset = match (offset, named) {
        (Some(offset), _) => offset.to_string(),
        (None, Some(name)) => {
            let minutes = abbreviation(name)?;
            format!(
                "{}{:02}{:02}",
                if minutes < 0 { '-' } else { '+' },
                minutes.abs() / 60,
                minutes.abs() % 60
            )
        }
        (None, None) => return Some((LineTime::Naive(naive), rest)),
    };
    let offset = offset.as_str();
    let seconds = match offset {
        "Z" | "z" => 0,
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: i32 = digits.get(..2)?.parse().ok()?;
            let minutes: i32 = digits
                .get(2..)
                .filter(|m| !m.is_empty())
                .map_or(Some(0), |m| m.parse().ok())?;
            if minutes >= 60 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let at = FixedOffset::east_opt(seconds)?
        .from_local_datetime(&naive)
        .single()?;
    crate::clock::happens(at).then_some((LineTime::At(at), rest))
}

/// A logfmt line (`time="2026-11-26T09:10:00Z" level=error msg="pool
/// exhausted"`, as logrus, Docker's daemon, Traefik and Prometheus write
/// it) as the JSON object it stands for: every word a `key=value` pair, a
/// value bare or in double quotes (with `\"` and `\\` escaped), and a
/// time among the keys. Anything else is not logfmt.
pub fn logfmt(line: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut map = serde_json::Map::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let key = &rest[..eq];
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'@'))
        {
            return None;
        }
        rest = &rest[eq + 1..];
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, 'n')) => value.push('\n'),
                        Some((_, 't')) => value.push('\t'),
                        Some((_, e)) => value.push(e),
                        None => return None,
                    },
                    '"' => {
                        end = Some(i);
                        break;
                    }
                    c => value.push(c),
                }
            }
            rest = &quoted[end? + 1..];
            value
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            let value = rest[..end].to_string();
            rest = &rest[end..];
            value
        };
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        rest = rest.trim_start();
        map.insert(key.to_string(), serde_json::Value::String(value));
    }
    let timed = ["time", "ts", "t", "timestamp", "date", "@timestamp"]
        .iter()
        .any(|k| map.contains_key(*k));
    (timed && map.len() >= 2).then_some(map)
}

/// The columns a W3C extended log's `#Fields:` directive names (after
/// its `#`): `Fields: date time cs-method cs-uri-stem sc-status ...`.
pub fn w3c_fields(directive: &str) -> Option<Vec<String>> {
    let fields: Vec<String> = directive
        .strip_prefix("Fields:")?
        .split_whitespace()
        .map(str::to_string)
        .collect();
    (fields.iter().any(|f| f == "time") && fields.len() >= 2).then_some(fields)
}

/// Whether a `#` line (after its `#`) is one of the W3C extended log's
/// other directives.
pub fn w3c_directive(directive: &str) -> bool {
    [
        "Software:",
        "Version:",
        "Date:",
        "Start-Date:",
        "End-Date:",
        "Remark:",
    ]
    .iter()
    .any(|d| directive.starts_with(d))
}

/// A line of a W3C extended log as the JSON object it stands for: its
/// columns by name, and the fields pm reads: `time` (the log's `date` and
/// `time`, which the format writes in UTC), `message` (`GET /cart?id=7
/// 503`), and `level` from the HTTP status (5xx error, 4xx warn, else
/// info). A line with another number of columns is not one.
pub fn w3c_record(
    fields: &[String],
    line: &str,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    use serde_json::Value;
    let values: Vec<&str> = line.split_whitespace().collect();
    if values.len() != fields.len() {
        return None;
    }
    let get = |name: &str| {
        fields
            .iter()
            .position(|f| f == name)
            .map(|i| values[i])
            .filter(|v| *v != "-")
    };
    let time = get("time")?;
    let time = match get("date") {
        Some(date) => format!("{date}T{time}Z"),
        None => return None,
    };
    let mut map = serde_json::Map::new();
    for (field, value) in fields.iter().zip(&values) {
        map.insert(field.clone(), Value::String((*value).to_string()));
    }
    let status = get("sc-status").and_then(|s| s.parse::<u16>().ok());
    let mut message = String::new();
    for part in [get("cs-method"), get("cs-uri-stem")].into_iter().flatten() {
        if !message.is_empty() {
            message.push(' ');
        }
        message.push_str(part);
    }
    if let Some(query) = get("cs-uri-query") {
        message.push('?');
        message.push_str(query);
    }
    if let Some(status) = status {
        message.push_str(&format!(" {status}"));
    }
    if let Some(taken) = get("time-taken") {
        message.push_str(&format!(" ({taken} ms)"));
    }
    let level = match status {
        Some(500..=599) => "error",
        Some(400..=499) => "warn",
        _ => "info",
    };
    map.insert("time".into(), Value::String(time));
    map.insert("message".into(), Value::String(message.trim().to_string()));
    map.insert("level".into(), Value::String(level.into()));
    Some(map)
}

/// Bytes read as Windows-1252, the Latin-1 that Windows tools and old
/// servers write: ISO 8859-1, but 0x80-0x9F are printable (`€`, `–`,
/// curly quotes) instead of control characters; the five it leaves
/// undefined become U+FFFD.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        b => char::from(b),
    }
}

/// The process id in brackets a line's text starts with (`[2211]` of
/// `[2211] ERROR: ...`), without its brackets.
pub fn leading_pid(text: &str) -> Option<&str> {
    let (inner, _) = text.strip_prefix('[')?.split_once(']')?;
    (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit() || b == b'-')).then_some(inner)
}

/// Whether a line's text (after its time) is PostgreSQL's detail of the
/// message before it: `[2211] DETAIL:  ...`, `HINT:`, `STATEMENT:`,
/// `CONTEXT:`, `QUERY:`, `LOCATION:`, perhaps after the process id.
pub fn detail_line(text: &str) -> bool {
    let text = match text.strip_prefix('[') {
        Some(rest) => rest
            .split_once(']')
            .map_or(text, |(_, after)| after.trim_start()),
        None => text,
    };
    [
        "DETAIL:",
        "HINT:",
        "STATEMENT:",
        "CONTEXT:",
        "QUERY:",
        "LOCATION:",
    ]
    .iter()
    .any(|w| text.starts_with(w))
}

/// A line as text: its UTF-8 as it is, and each byte that is not UTF-8
/// read as Windows-1252 ([`windows_1252`]), so a line that mixes them (a
/// Latin-1 name pasted into UTF-8 text, `caf\xe9 – naïve`) keeps both.
/// Borrowed when the line is all UTF-8.
pub fn windows_1252_or_utf8(line: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(line) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(line.len() + line.len() / 4);
    for chunk in line.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| windows_1252(b)));
    }
    Cow::Owned(out)
}

/// A classic (RFC 3164) syslog line: `Nov 26 04:02:11 host ...`, perhaps
/// after its `<PRI>`. Its time has no year, so it is not read; this only
/// names it in the error.
pub fn classic_syslog(line: &[u8]) -> bool {
    static CLASSIC: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(
            r"^(?:<\d{1,3}>)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} ",
        )
        .expect("the classic syslog pattern is valid")
    });
    CLASSIC.is_match(line)
}

/// A syslog line in RFC 5424's format (rsyslog's
/// `RSYSLOG_SyslogProtocol23Format`, syslog-ng, many appliances):
/// `<PRI>1 TIME HOST APP PROCID MSGID [SD...] MESSAGE`.
pub struct Syslog<'a> {
    pub time: Option<DateTime<FixedOffset>>,
    /// The severity of the priority, as a level rank.
    pub level: u8,
    pub app: Option<&'a str>,
    pub message: &'a str,
}

pub fn syslog5424(line: &str) -> Option<Syslog<'_>> {
    let rest = line.strip_prefix('<')?;
    let (pri, rest) = rest.split_once('>')?;
    if pri.is_empty() || pri.len() > 3 || !pri.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let pri: u32 = pri.parse().ok()?;
    if pri > 191 {
        return None;
    }
    let rest = rest.strip_prefix("1 ")?;
    let mut fields = rest.splitn(6, ' ');
    let time = fields.next()?;
    let _host = fields.next()?;
    let app = fields.next()?;
    let _procid = fields.next()?;
    let _msgid = fields.next()?;
    let after = fields.next().unwrap_or("");
    let time = match time {
        "-" => None,
        t => match leading_time(t)? {
            (LineTime::At(at), "") => Some(at),
            _ => return None,
        },
    };
    let message = structured_data_end(after)?;
    // Severity 0-2 (emergency, alert, critical), 3 error, 4 warning,
    // 5-6 notice and informational, 7 debug.
    let level = match pri % 8 {
        0..=2 => 5,
        3 => 4,
        4 => 3,
        5 | 6 => 2,
        _ => 1,
    };
    Some(Syslog {
        time,
        level,
        app: (app != "-").then_some(app),
        message: message.trim().trim_start_matches('\u{feff}').trim_start(),
    })
}

/// The message after RFC 5424's structured data: `-`, or elements
/// `[id key="value" ...]` one after another, where `\]` and `\"` in a
/// value are escaped.
fn structured_data_end(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix('-') {
        return Some(rest);
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while bytes.get(i) == Some(&b'[') {
        let mut quoted = false;
        i += 1;
        loop {
            match *bytes.get(i)? {
                b'\\' if quoted => i += 1,
                b'"' => quoted = !quoted,
                b']' if !quoted => break,
                _ => {}
            }
            i += 1;
        }
        i += 1;
    }
    (i > 0).then(|| &text[i..])
}

/// The line without terminal escape sequences: colour and cursor codes
/// (`ESC [ ... m`, and the one-byte CSI), a window title or link (`ESC ]
/// ... BEL`), and the rest of ESC's two-byte and string sequences. A
/// coloured console writes its level words so; what is left is what the
/// level is read from and what goes into the timeline.
pub fn strip_ansi(text: &str) -> Cow<'_, str> {
    if !text.contains(['\u{1b}', '\u{9b}']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let csi = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        // Parameters and intermediates, then one final byte.
        for c in chars.by_ref() {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                break;
            }
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\u{9b}' => csi(&mut chars),
            '\u{1b}' => match chars.next() {
                Some('[') => csi(&mut chars),
                // A string: to BEL or ESC \ (ST).
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' || c == '\u{9c}' {
                            break;
                        }
                        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The level of a plain-text line: a leading level word (`ERROR ...`,
/// `[warn] ...`, `ERROR: ...`), a klog header (`E1127 09:10:00.123 ...`),
/// a level word among the line's first words, in capitals (`1 [ERROR]
/// [MY-012592]`, `host postgres[2211]: FATAL:`) or in brackets in any case
/// (`[error]`, `[proxy:error]`, `[1][error][main]`), or a logfmt
/// `level=error`.
pub fn plain_level(text: &str) -> Option<u8> {
    let text = strip_ansi(text);
    let text = text.as_ref();
    let first = text.split_whitespace().next()?;
    let word = first.trim_matches(|c: char| matches!(c, '[' | ']' | ':' | '<' | '>' | '|'));
    if let Some(rank) = level_name_rank(word) {
        return Some(rank);
    }
    // Fields between `|` (NLog's `ERROR|Logger|message`, `12|ERROR|...`):
    // a field before the last that is a level word.
    if first.contains('|') {
        let fields: Vec<&str> = text.splitn(5, '|').collect();
        if let Some(rank) = fields[..fields.len() - 1]
            .iter()
            .find_map(|f| level_name_rank(f.trim()))
        {
            return Some(rank);
        }
    }
    // Python's logging.basicConfig default: `ERROR:root:message`.
    if let Some((head, _)) = word.split_once(':')
        && head.bytes().all(|b| b.is_ascii_uppercase())
        && let Some(rank) = level_name_rank(head)
    {
        return Some(rank);
    }
    // klog: one of I W E F, then MMDD.
    let b = first.as_bytes();
    if b.len() == 5 && b[1..].iter().all(u8::is_ascii_digit) {
        match b[0] {
            b'I' => return Some(2),
            b'W' => return Some(3),
            b'E' => return Some(4),
            b'F' => return Some(5),
            _ => {}
        }
    }
    if let Some(rank) = first_words_level(text) {
        return Some(rank);
    }
    // logfmt; Heroku's router and platform write the level as `at=`
    // (`at=error code=H12 desc="Request timeout"`).
    text.split_whitespace().find_map(|token| {
        let (key, value) = token.split_once('=')?;
        matches!(key, "level" | "lvl" | "severity" | "at")
            .then(|| level_name_rank(value.trim_matches('"')))?
    })
}

/// The level among a line's first words: a klog header after `host
/// app[pid]:` (`kubelet[1]: E1126 09:10:04.000000 ...`); a word in
/// brackets, in any case (each of `[a][b]`, each part of `[proxy:error]`;
/// `default`, a rank below debug, only in capitals: `[default]` is more
/// often a name); a word in capitals that opens the line, ends in `:`,
/// follows a `-` or `|` separator, or follows only header words (a thread
/// id, `host app[pid]:`), not one inside a sentence ("The FATAL flaw");
/// or a word in any case ending in `:` after `app[pid]:` (`sshd[9]:
/// error: ...`).
fn first_words_level(text: &str) -> Option<u8> {
    let tokens: Vec<&str> = text.split_whitespace().take(8).collect();
    let capitals = |w: &str| w.len() > 1 && w.bytes().all(|b| b.is_ascii_uppercase());
    let header = |t: &str| {
        t.bytes()
            .any(|b| b.is_ascii_digit() || b"[]:#=/_.".contains(&b))
    };
    for (i, token) in tokens.iter().enumerate() {
        let b = token.as_bytes();
        // Android's logcat (`-v threadtime`): the process and thread ids,
        // then the priority's letter, then the tag.
        if i == 2
            && b.len() == 1
            && tokens[..2]
                .iter()
                .all(|t| t.bytes().all(|b| b.is_ascii_digit()))
            && tokens.len() > 3
        {
            match b[0] {
                b'V' => return Some(0),
                b'D' => return Some(1),
                b'I' => return Some(2),
                b'W' => return Some(3),
                b'E' => return Some(4),
                b'F' | b'A' => return Some(5),
                _ => {}
            }
        }
        if b.len() == 5
            && b"IWEF".contains(&b[0])
            && b[1..].iter().all(u8::is_ascii_digit)
            && tokens
                .get(i + 1)
                .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()) && t.contains(':'))
        {
            return Some(match b[0] {
                b'I' => 2,
                b'W' => 3,
                b'E' => 4,
                _ => 5,
            });
        }
        if token.contains('[') {
            let inside = token
                .split(['[', ']'])
                .enumerate()
                // Split at both brackets, the parts inside are the odd ones.
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, part)| part);
            for part in inside {
                for word in part.split(':') {
                    let rank = level_name_rank(word);
                    if rank.is_some() && (word != "default" || capitals(word)) {
                        return rank;
                    }
                }
            }
            continue;
        }
        let word = token
            .trim_matches(|c: char| matches!(c, ':' | '|' | '<' | '>' | '-' | ',' | '(' | ')'));
        let before = &tokens[..i];
        let placed = i == 0
            || token.ends_with(':')
            || before
                .last()
                .is_some_and(|t| matches!(*t, "-" | "|" | "--" | "---"))
            || before.iter().all(|t| header(t));
        let after_app = token.ends_with(':') && before.last().is_some_and(|t| t.ends_with("]:"));
        if ((capitals(word) && placed) || after_app)
            && let Some(rank) = level_name_rank(word)
        {
            return Some(rank);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(plain_level("ERROR db timeout"), Some(4));
        assert_eq!(plain_level("[warn] slow"), Some(3));
        assert_eq!(
            plain_level("E1127 09:10:00.123456 1 main.go:12] boom"),
            Some(4)
        );
        assert_eq!(plain_level("ts=1 level=error msg=x"), Some(4));
        assert_eq!(
            plain_level(r#"heroku[router]: at=error code=H12 desc="Request timeout""#),
            Some(4)
        );
        assert_eq!(plain_level("at=home the cache warmed"), None);
        assert_eq!(plain_level("Everything fine"), None);
        assert_eq!(plain_level("ERROR:root:boom"), Some(4));
        assert_eq!(
            plain_level("2026-11-26 09:12:01,123 - app - WARNING - slow"),
            Some(3)
        );
        assert_eq!(plain_level("2026-11-26 09:12:01 user alert sent"), None);
    }

    /// Level words as servers and consoles write them after the time
    /// (session 37's log attack).
    #[test]
    fn level_words_after_the_time() {
        for (line, rank) in [
            (
                "1 [ERROR] [MY-012592] [InnoDB] Operating system error",
                Some(4),
            ),
            ("1234  1250 E ActivityManager: ANR in com.shop", Some(4)),
            ("1234  1250 W Looper  : slow dispatch", Some(3)),
            ("1234  1250 A DEBUG   : Abort message", Some(5)),
            ("12 34 E is not a letter alone", Some(4)),
            ("12 apples E grade", None),
            ("0 [System] [MY-010116] [Server] starting", None),
            ("[proxy:error] [pid 12] AH00898: Error reading", Some(4)),
            ("[1][error][main] crashed", Some(4)),
            ("1234#0: *5 [crit] connect() failed", Some(5)),
            ("db01 postgres[2211]: FATAL:  could not write", Some(5)),
            ("db01 kernel: EXT4-fs warning (device nvme1n1p1)", None),
            ("\u{1b}[31mERROR\u{1b}[0m red one", Some(4)),
            ("\u{1b}]0;title\u{7}ERROR titled", Some(4)),
            ("[2211] LOG:  checkpoint starting", None),
            ("worker [default] started", None),
            ("app[web.1]: Started GET /checkout", None),
            ("The FATAL flaw in the design", None),
            ("user alice typed ERROR in chat", None),
            ("Sent email subject \"URGENT: ERROR in billing\"", None),
            ("fail: Microsoft.AspNetCore.Server.Kestrel[13]", Some(4)),
            ("[FTL] disk gone", Some(5)),
            (
                "node kubelet[1]: E1126 09:10:04.000000 1 k.go:1] boom",
                Some(4),
            ),
            ("host sshd[9]: error: kex_exchange_identification", Some(4)),
        ] {
            assert_eq!(plain_level(line), rank, "{line}");
        }
    }

    #[test]
    fn times_lines_start_with() {
        let at = |line: &str| match leading_time(line) {
            Some((LineTime::At(t), rest)) => Some((t.to_rfc3339(), rest.to_string())),
            Some((LineTime::Naive(t), rest)) => Some((format!("{t} naive"), rest.to_string())),
            None => None,
        };
        for (line, time, rest) in [
            (
                "2026-11-26T04:05:43-0500 db01 x",
                "2026-11-26T04:05:43-05:00",
                "db01 x",
            ),
            (
                "2026-11-26T09:26:54.102356021Z E1126 x",
                "2026-11-26T09:26:54.102356021+00:00",
                "E1126 x",
            ),
            (
                "2026-11-26 09:02:48.397 UTC [2211] FATAL: x",
                "2026-11-26T09:02:48.397+00:00",
                "[2211] FATAL: x",
            ),
            (
                "2026-11-26 10:02:48+01 LOG: x",
                "2026-11-26T10:02:48+01:00",
                "LOG: x",
            ),
            (
                "2026-11-26 09:02:48+00:00 ERROR x",
                "2026-11-26T09:02:48+00:00",
                "ERROR x",
            ),
            (
                "2026-11-26 04:09:58 -0500 x",
                "2026-11-26T04:09:58-05:00",
                "x",
            ),
            (
                "2026-11-26 04:10:05,456 ERROR app.db: x",
                "2026-11-26 04:10:05.456 naive",
                "ERROR app.db: x",
            ),
            (
                "2026/11/26 09:30:05 [error] 1234#0: x",
                "2026-11-26 09:30:05 naive",
                "[error] 1234#0: x",
            ),
        ] {
            assert_eq!(
                at(line),
                Some((time.to_string(), rest.to_string())),
                "{line}"
            );
        }
        for not in [
            "Nov 26 04:02:11 db01 systemd[1]: Started",
            "2026-11-26 x",
            "2026-13-26 09:02:48 x",
            "2026-11-26 09:02:61 x",
            "2026-12-31T12:34:60Z x",
            "2026-11-26 24:00:00 x",
            "2026-11-26T09:10:00+25:00 x",
            "2026-11-26T09:02:48Zx",
            "20261126 09:02:48 x",
        ] {
            assert_eq!(at(not), None, "{not}");
        }
    }

    /// Dated shapes whose date or time does not exist still open a
    /// record (skipped with a warning), never continue the one before.
    #[test]
    fn dates_that_do_not_exist_still_start_a_record() {
        for line in [
            "2026-02-30 09:10:00 ERROR x",
            "[2026-11-26 24:00:00,123] ERROR x",
            "E, [2026-03-01T25:10:00.000000 #4242] ERROR -- : boom",
            "[Mon Feb 30 10:00:00.000000 2026] [core:error] [pid 1] boom",
            "[Thu Nov  6 10:00:00 2026] [error] x",
        ] {
            assert!(leading_time(line).is_none(), "{line}");
            assert!(starts_with_date(line) && opens_record(line), "{line}");
        }
        for line in [
            "[Monday] worker",
            "[Mon Feb] x",
            "E, [oops] x",
            "  at com.shop.Pay(Pay.java:12)",
            "Xyz Feb 30 10:00:00 2026",
        ] {
            assert!(!starts_with_date(line), "{line}");
        }
    }

    /// Prefixes whose names pm does not take are read past, however many
    /// (in one pass), up to a prefix pm takes or a line that starts with a
    /// time; a nested line of a service opens a record when its own line
    /// does.
    #[test]
    fn rejected_compose_prefixes_are_read_past() {
        let long = "x".repeat(70);
        for (line, past) in [
            ("../x | web-1 | text", "web-1 | text"),
            ("../x | ../y |   at X", "at X"),
            ("web-1 | ../x | text", "web-1 | ../x | text"),
            ("plain text", "plain text"),
            ("../x |", ""),
        ] {
            assert_eq!(past_rejected_prefixes(line), past, "{line}");
        }
        let nested = format!("{long} | web-1 | 2026-11-26 09:10:00 ERROR x");
        assert_eq!(
            past_rejected_prefixes(&nested),
            "web-1 | 2026-11-26 09:10:00 ERROR x"
        );
        assert!(opens_record(&nested));
        assert!(!opens_record("../x | web-1 |   at X"));
        assert!(opens_record("../x | ../y | 2026-11-26 09:10:00 ERROR x"));
        let deep = format!("{}2026-11-26 09:10:00 ERROR x", "../x | ".repeat(100_000));
        assert_eq!(past_rejected_prefixes(&deep), "2026-11-26 09:10:00 ERROR x");
        // Who wrote such a line, however compose padded the names.
        for (line, source) in [
            ("../x   | ../y |   at X", "../x|../y|"),
            ("../x | 2026-11-26 09:10:00 ERROR x", "../x|"),
            ("../x | web-1 | text", "../x|"),
            ("web-1 | text", ""),
            ("plain text", ""),
        ] {
            assert_eq!(rejected_source(line), source, "{line}");
        }
    }

    #[test]
    fn logcat_dividers() {
        for line in [
            "--------- beginning of main",
            "--------- beginning of crash\r",
            "--------- switch to system  ",
        ] {
            assert!(logcat_divider(line.as_bytes()), "{line}");
        }
        for line in [
            "--------- beginning of",
            "--------- beginning of main and more",
            "---------- beginning of main",
            "-------- beginning of main",
            " --------- beginning of main",
            "--------- beginning of MAIN",
            "--------- the end",
        ] {
            assert!(!logcat_divider(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_as_windows_1252_and_only_they() {
        assert!(matches!(
            windows_1252_or_utf8("naïve – ok".as_bytes()),
            Cow::Borrowed("naïve – ok")
        ));
        let mut mixed = b"caf\xe9 ".to_vec();
        mixed.extend_from_slice("– naïve ".as_bytes());
        mixed.extend_from_slice(b"\x93quoted\x94 \x81 \xe2\x80");
        assert_eq!(
            windows_1252_or_utf8(&mixed),
            "café – naïve “quoted” \u{fffd} â\u{20ac}"
        );
    }

    #[test]
    fn syslog_headers() {
        let s = syslog5424(r#"<165>1 2026-11-26T09:10:00.003Z db01 pgbouncer 1234 ID47 [ex@32473 iut="3" note="a \] b"] pool full"#).unwrap();
        assert_eq!(
            s.time.unwrap().to_rfc3339(),
            "2026-11-26T09:10:00.003+00:00"
        );
        assert_eq!(
            (s.level, s.app, s.message),
            (2, Some("pgbouncer"), "pool full")
        );
        let s = syslog5424("<163>1 2026-11-26T04:10:05.000-05:00 db01 - 1234 - - ERROR closing")
            .unwrap();
        assert_eq!((s.level, s.app, s.message), (4, None, "ERROR closing"));
        assert!(syslog5424("<34>Oct 11 22:14:15 mymachine su: x").is_none());
        assert!(syslog5424("<999>1 - - - - - - x").is_none());
        assert!(classic_syslog(b"Nov 26 04:02:11 db01 systemd[1]: Started"));
        let map = logfmt(
            r#"time="2026-11-26T09:10:00Z" level=error msg="pool \"main\" exhausted" module=db"#,
        )
        .unwrap();
        assert_eq!(map["level"], "error");
        assert_eq!(map["msg"], "pool \"main\" exhausted");
        assert!(logfmt("level=error msg=x").is_none());
        assert!(logfmt("the cache is warm ts=1").is_none());
        assert!(classic_syslog(b"<34>Oct  1 22:14:15 mymachine su: x"));
        assert!(!classic_syslog(b"November 26 04:02:11 x"));
    }
}
