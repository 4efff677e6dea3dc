//! Finding a record's time, message, level, trace id and service.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde_json::Value;

/// Field names tried in order when no flag names the field. The first one
/// that holds a usable value wins.
pub const TIME_FIELDS: &[&str] = &[
    "timestamp",
    "time",
    "ts",
    "@timestamp",
    "Timestamp",
    "date",
    "timeUnixNano",
    "observedTimeUnixNano",
    "timestampSeconds",
    "@t",
    "__REALTIME_TIMESTAMP",
    "instant",
    "timeMillis",
    // AWS CloudTrail.
    "eventTime",
    // Windows events, as `Get-WinEvent | ConvertTo-Json` writes them.
    "TimeCreated",
];
pub const MESSAGE_FIELDS: &[&str] = &[
    "message",
    "msg",
    "Body",
    "body",
    "body.message",
    "event",
    "textPayload",
    "jsonPayload.message",
    "MESSAGE",
    "Message",
    "@m",
    "@mt",
    // GELF (Graylog): `short_message` is required, `full_message` not.
    "short_message",
];
pub const LEVEL_FIELDS: &[&str] = &[
    "level",
    "severity",
    "status",
    "severityNumber",
    "SeverityNumber",
    "severityText",
    "SeverityText",
    "severity_text",
    "log.level",
    "lvl",
    "levelname",
    "loglevel",
    "LogLevel",
    "@l",
    "PRIORITY",
    // Windows events: the level's name, else its number (1 critical ..
    // 5 verbose).
    "LevelDisplayName",
    "Level",
];
pub const TRACE_FIELDS: &[&str] = &[
    "trace_id",
    "traceId",
    "trace.id",
    "dd.trace_id",
    "otelTraceID",
    "TraceId",
    "traceID",
    "xray_trace_id",
    "logging.googleapis.com/trace",
    "@tr",
    "trace",
];
pub const SERVICE_FIELDS: &[&str] = &[
    "service.name",
    "resource.service.name",
    "service",
    "dd.service",
    "serviceContext.service",
    "resource.labels.service_name",
    "resource.labels.container_name",
    "logger",
    "logger_name",
    "Category",
    "_SYSTEMD_UNIT",
    "SYSLOG_IDENTIFIER",
    // AWS CloudTrail: the AWS service called (`s3.amazonaws.com`).
    "eventSource",
    // Windows events: the provider that wrote the event.
    "ProviderName",
];

/// Message fields whose value may be an object (a logger given a dict, a
/// structured OTLP body): its own `message`, else its compact JSON.
const OBJECT_MESSAGE_FIELDS: &[&str] = &["message", "msg", "Message", "body", "Body"];

/// A Google Cloud LogEntry with no text or JSON payload, as `gcloud
/// logging read` gives a Cloud Run request or an audit record: its request
/// (`httpRequest`: method, URL and status, `GET https://... 503`) or its
/// audit record (`protoPayload`: method name and status message). The
/// field named, and the text.
pub fn cloud_entry_message(v: &Value) -> Option<(String, String)> {
    if let Some(request) = v.get("httpRequest").and_then(Value::as_object) {
        let url = request.get("requestUrl").and_then(Value::as_str)?;
        let method = request
            .get("requestMethod")
            .and_then(Value::as_str)
            .unwrap_or("");
        let status = request.get("status").and_then(scalar_string);
        let text = [method, url, status.as_deref().unwrap_or("")]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        return Some(("httpRequest".to_string(), text));
    }
    let audit = v.get("protoPayload")?.as_object()?;
    let method = audit.get("methodName").and_then(Value::as_str);
    let status = audit
        .get("status")
        .and_then(|s| s.get("message"))
        .and_then(Value::as_str);
    let text = match (method, status) {
        (Some(m), Some(s)) => format!("{m}: {s}"),
        (Some(only), None) | (None, Some(only)) => only.to_string(),
        (None, None) => return None,
    };
    Some(("protoPayload".to_string(), text))
}

/// An AWS CloudTrail record (an API call: `eventTime`, `eventSource`,
/// `eventName`), which has neither a level nor a message.
fn cloudtrail(v: &Value) -> bool {
    ["eventTime", "eventSource", "eventName"]
        .iter()
        .all(|k| v.get(*k).is_some_and(Value::is_string))
}

/// A CloudTrail record's level: a call that failed (it has an
/// `errorCode`) is an error, any other information. The field named, and
/// the rank.
pub fn cloudtrail_level(v: &Value) -> Option<(String, u8)> {
    if !cloudtrail(v) {
        return None;
    }
    let error = v.get("errorCode").and_then(scalar_string);
    Some(match error.filter(|e| !e.trim().is_empty()) {
        Some(_) => ("errorCode".to_string(), 4),
        None => ("errorCode (absent: the call succeeded)".to_string(), 2),
    })
}

/// A CloudTrail record's message: the call, who made it, and its error
/// (`DeleteBucket by arn:aws:iam::1:user/ci: AccessDenied: Access
/// Denied`). The field named, and the text.
pub fn cloudtrail_message(v: &Value) -> Option<(String, String)> {
    if !cloudtrail(v) {
        return None;
    }
    let mut text = v.get("eventName").and_then(scalar_string)?;
    let who = v
        .get("userIdentity")
        .and_then(|u| u.get("arn").or_else(|| u.get("invokedBy")))
        .and_then(scalar_string);
    if let Some(who) = who {
        text.push_str(" by ");
        text.push_str(&who);
    }
    for field in ["errorCode", "errorMessage"] {
        if let Some(e) = v
            .get(field)
            .and_then(scalar_string)
            .filter(|e| !e.trim().is_empty())
        {
            text.push_str(": ");
            text.push_str(&e);
        }
    }
    Some(("eventName".to_string(), text))
}

/// A message field's text: a string or number as it is; in a field that
/// may hold an object, an object's own `message` (or `msg`) or else its
/// compact JSON; journald's `MESSAGE` written as an array of bytes (text
/// that is not UTF-8) as text.
pub fn message_text(field: &str, v: &Value) -> Option<String> {
    let text = match v {
        Value::Object(map) if OBJECT_MESSAGE_FIELDS.contains(&field) => {
            ["message", "msg", "Message"]
                .iter()
                .find_map(|k| {
                    map.get(*k)
                        .and_then(Value::as_str)
                        .filter(|s| !s.trim().is_empty())
                })
                .map(str::to_string)
                .or_else(|| (!map.is_empty()).then(|| Value::Object(map.clone()).to_string()))
        }
        Value::Array(items) if field == "MESSAGE" => {
            let bytes: Option<Vec<u8>> = items
                .iter()
                .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                .collect();
            Some(String::from_utf8_lossy(&bytes?).into_owned())
        }
        Value::Array(items) if OBJECT_MESSAGE_FIELDS.contains(&field) && !items.is_empty() => {
            Some(v.to_string())
        }
        _ => scalar_string(v),
    };
    text.filter(|s| !s.trim().is_empty())
}

/// Serilog's message template (`@mt`, `Payment {PaymentId} failed`) with
/// each `{Name}` (also `{@Name}`, `{Name:format}`) replaced by the
/// record's property of that name; `{{` and `}}` are braces.
pub fn render_template(template: &str, record: &Value) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{')
            && let Some(end) = tail.find('}')
        {
            let name = tail[1..end].trim_start_matches(['@', '$']);
            let name = name.split([':', ',']).next().unwrap_or(name);
            match record.get(name) {
                Some(Value::String(s)) => out.push_str(s),
                Some(other) => out.push_str(&other.to_string()),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// A field by name. A key holding the whole name wins (`trace.id`,
/// `logging.googleapis.com/trace` as one key); otherwise each dot may step
/// into a nested object, the longest key first (`resource.service.name`
/// finds `resource` → `service.name`).
pub fn lookup<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    if let Some(v) = map.get(name) {
        return Some(v);
    }
    let mut end = name.len();
    while let Some(dot) = name[..end].rfind('.') {
        if let Some(child) = map.get(&name[..dot]).filter(|c| c.is_object())
            && let Some(found) = lookup(child, &name[dot + 1..])
        {
            return Some(found);
        }
        end = dot;
    }
    None
}

/// A string or number as text.
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A time written as a date and a clock time: RFC 3339 (also with a
/// space for the `T`) or Python logging's default (`2026-11-26
/// 09:15:00,123+0000`), as chrono reads it: `:60` at any minute too.
fn written_time(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    if s.len() > 10
        && s.as_bytes()[10] == b' '
        && let Ok(t) = DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1))
    {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S,%3f%z") {
        return Some(t);
    }
    other_written_time(s).or_else(|| server_written_time(s))
}

/// The spellings of servers and platforms: PostgreSQL's `2026-11-26
/// 09:02:48.397 UTC` (or `GMT`) and its hour-only offset `+01`; nginx's
/// and Apache's `$time_local`, `26/Nov/2026:17:19:34 +0800`; RFC 2822
/// (`Thu, 26 Nov 2026 09:02:48 +0000`, mail and HTTP dates); and
/// .NET's `/Date(1795684200123)/` (PowerShell 5's `ConvertTo-Json`),
/// milliseconds since 1970 in UTC, perhaps followed by the writer's
/// offset, which does not change the instant.
fn server_written_time(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Some(utc) = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix(" GMT"))
        .filter(|t| t.len() >= 19 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit))
    {
        return written_time(&format!("{utc}+00:00"));
    }
    let b = s.as_bytes();
    if s.len() >= 22
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[s.len() - 3], b'+' | b'-')
        && b[s.len() - 2..].iter().all(u8::is_ascii_digit)
        && b[s.len() - 6] != b'+'
        && b[s.len() - 6] != b'-'
    {
        return written_time(&format!("{s}:00"));
    }
    if let Ok(t) = DateTime::parse_from_str(s, "%d/%b/%Y:%H:%M:%S %z") {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t);
    }
    let inner = s.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let millis = inner
        .find(['+', '-'])
        .filter(|&at| at > 0)
        .map_or(inner, |at| &inner[..at]);
    if millis.is_empty() || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = millis.parse().ok()?;
    (millis > 0)
        .then(|| Utc.timestamp_millis_opt(millis).single())?
        .map(|t| t.fixed_offset())
}

/// The other spellings logs use for a date, clock time and offset: an
/// ISO 8601 comma fraction (`09:10:10,25Z`), an offset without its colon
/// (`+0100`, as Java's `Z` pattern writes it), and Go's `time.String()`
/// (`2014-03-10 19:57:38.562264131 -0400 EDT`, with its monotonic
/// reading `m=+0.01` after it, as logrus writes it).
fn other_written_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if s.len() < 20
        || !matches!(b[10], b'T' | b't' | b' ')
        || !b[..4].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    // Go: `<date> <time> <offset> <zone name> [m=±…]`.
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() >= 3
        && let Ok(t) = DateTime::parse_from_str(
            &format!("{} {} {}", words[0], words[1], words[2]),
            "%Y-%m-%d %H:%M:%S%.f %z",
        )
    {
        return Some(t);
    }
    let s = format!("{}T{}", &s[..10], &s[11..]);
    let s = match s.as_bytes().get(19) {
        Some(b',') => s.replacen(',', ".", 1),
        _ => s,
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&s) {
        return Some(t);
    }
    DateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f%z").ok()
}

/// A date and clock time written without a UTC offset
/// (`2026-11-26T09:15:00`, `2026-11-26 09:15:00.250`, Python logging's
/// `2026-11-26 09:15:00,123`): a wall-clock time, which the import reads
/// in a time zone ([`super::Query::naive_zone`]). None for a time with an
/// offset ([`parse_time`] reads it) and for anything else.
pub fn naive_time(v: &Value) -> Option<chrono::NaiveDateTime> {
    let Value::String(s) = v else {
        return None;
    };
    let s = s.trim();
    if s.len() < 19 || !matches!(s.as_bytes()[10], b'T' | b't' | b' ') {
        return None;
    }
    let s = format!("{}T{}", &s[..10], s[11..].replacen(',', ".", 1));
    chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// A written time that cannot happen: a leap second (`:60`) at a minute
/// other than 23:59 UTC ([`crate::clock::happens`]). [`parse_time`] does
/// not take it; this tells such a record from one without a time, so that
/// the warning about it says what is wrong.
pub fn impossible_time(v: &Value) -> bool {
    matches!(v, Value::String(s) if written_time(s.trim()).is_some_and(|t| !crate::clock::happens(t)))
}

/// RFC 3339 (also with a space), epoch seconds, milliseconds, microseconds
/// or nanoseconds told apart by magnitude (as a number or a string of
/// digits, as OTLP/JSON writes `timeUnixNano`), or Google Cloud's
/// `{"seconds": .., "nanos": ..}`. A time that cannot happen (a leap
/// second other than 23:59:60 UTC, see [`crate::clock::happens`]) is not
/// a usable time.
pub fn parse_time(v: &Value) -> Option<DateTime<FixedOffset>> {
    match v {
        Value::String(s) => {
            let s = s.trim();
            if let Some(t) = written_time(s) {
                return crate::clock::happens(t).then_some(t);
            }
            epoch_text(s)
        }
        Value::Number(n) => epoch_text(&n.to_string()),
        // log4j2's JsonLayout: `"instant": {"epochSecond": …, "nanoOfSecond": …}`.
        Value::Object(map) if map.contains_key("epochSecond") => {
            let seconds = map.get("epochSecond").and_then(Value::as_i64)?;
            let nanos = map.get("nanoOfSecond").and_then(Value::as_u64).unwrap_or(0);
            let nanos = u32::try_from(nanos).ok().filter(|n| *n < 1_000_000_000)?;
            (seconds > 0)
                .then(|| Utc.timestamp_opt(seconds, nanos).single())?
                .map(|t| t.fixed_offset())
        }
        Value::Object(map) => {
            let seconds = map.get("seconds")?;
            let seconds = match seconds {
                Value::Number(n) => n.as_i64()?,
                Value::String(s) => s.parse().ok()?,
                _ => return None,
            };
            let nanos = map.get("nanos").and_then(Value::as_u64).unwrap_or(0);
            let nanos = u32::try_from(nanos).ok().filter(|n| *n < 1_000_000_000)?;
            (seconds > 0)
                .then(|| Utc.timestamp_opt(seconds, nanos).single())?
                .map(|t| t.fixed_offset())
        }
        _ => None,
    }
}

/// Epoch time from digits (exactly) or a decimal number.
fn epoch_text(s: &str) -> Option<DateTime<FixedOffset>> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: u128 = s.parse().ok()?;
        // Seconds before 1e11 (year 5138), milliseconds before 1e14, and so on.
        let nanos = if n < 100_000_000_000 {
            n * 1_000_000_000
        } else if n < 100_000_000_000_000 {
            n * 1_000_000
        } else if n < 100_000_000_000_000_000 {
            n * 1_000
        } else {
            n
        };
        let nanos = i64::try_from(nanos).ok().filter(|n| *n > 0)?;
        return Some(Utc.timestamp_nanos(nanos).fixed_offset());
    }
    // "1795684209.75": digits on both sides of the point, read exactly
    // (as a float, .75 s came out as .750000128).
    if let Some((whole, frac)) = s.split_once('.')
        && !whole.is_empty()
        && !frac.is_empty()
        && frac.len() <= 18
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        let whole_n: u128 = whole.parse().ok()?;
        let frac_n: u128 = frac.parse().ok()?;
        let scale = 10u128.pow(frac.len() as u32);
        let unit: u128 = if whole_n < 100_000_000_000 {
            1_000_000_000
        } else if whole_n < 100_000_000_000_000 {
            1_000_000
        } else if whole_n < 100_000_000_000_000_000 {
            1_000
        } else {
            1
        };
        let exact = whole_n
            .checked_mul(scale)?
            .checked_add(frac_n)?
            .checked_mul(unit)?;
        let nanos = (exact + scale / 2) / scale;
        let nanos = i64::try_from(nanos).ok().filter(|n| *n > 0)?;
        return Some(Utc.timestamp_nanos(nanos).fixed_offset());
    }
    let n: f64 = s.parse().ok()?;
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    let nanos = if n < 1e11 {
        n * 1e9
    } else if n < 1e14 {
        n * 1e6
    } else if n < 1e17 {
        n * 1e3
    } else {
        n
    };
    if nanos >= i64::MAX as f64 {
        return None;
    }
    Some(Utc.timestamp_nanos(nanos.round() as i64).fixed_offset())
}

/// Levels as a rank: trace 0 < debug 1 < info 2 < warn 3 < error 4 < fatal 5.
pub const LEVEL_NAMES: &str = "trace, debug, info, warn, error or fatal";

/// A level name as people and logging libraries write it.
pub fn level_name_rank(s: &str) -> Option<u8> {
    let lower = s.trim().to_ascii_lowercase();
    // OTLP/JSON may write severityNumber as its enum name:
    // `SEVERITY_NUMBER_ERROR`, `SEVERITY_NUMBER_WARN2`.
    let name = match lower.strip_prefix("severity_number_") {
        Some(rest) => rest.trim_end_matches(|c: char| c.is_ascii_digit()),
        None => lower.as_str(),
    };
    // Go's slog writes a level between its named ones as the name below
    // and the distance: `ERROR+4`, `WARN+2`, `INFO-2`.
    let name = match name.rfind(['+', '-']) {
        Some(at)
            if at > 0
                && name.len() > at + 1
                && name[at + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            &name[..at]
        }
        _ => name,
    };
    Some(match name {
        // `vrb`, `ftl`: Serilog's three-letter levels; `trce`, `dbug`,
        // `fail`: .NET's console logger.
        "trace" | "verbose" | "finest" | "finer" | "default" | "vrb" | "trce" => 0,
        "debug" | "fine" | "dbg" | "dbug" => 1,
        "info" | "information" | "informational" | "notice" | "ok" | "inf" => 2,
        "warn" | "warning" | "wrn" => 3,
        "error" | "err" | "severe" | "eror" | "fail" => 4,
        "fatal" | "critical" | "crit" | "panic" | "emergency" | "emerg" | "alert" | "dpanic"
        | "ftl" => 5,
        _ => return None,
    })
}

/// The rank of a level value found in field `field`.
///
/// OpenTelemetry's `severityNumber` runs 1..24 in blocks of four (TRACE,
/// DEBUG, INFO, WARN, ERROR, FATAL); Windows events' `Level` runs 1
/// critical .. 5 verbose; other numbers up to 7 are syslog severities
/// (GELF's `level`, 0 emerg .. 7 debug), and larger ones pino/bunyan
/// levels (10 trace .. 60 fatal), which are never below 10; 100 to 599
/// are HTTP statuses (a field named with --level-field). Datadog's
/// `status` is a name, never a number (a number there is an HTTP status).
pub fn level_rank(field: &str, v: &Value) -> Option<u8> {
    // journald's `PRIORITY` is a syslog severity: 0 emerg .. 7 debug.
    if field == "PRIORITY" {
        let n: u64 = match v {
            Value::String(s) => s.trim().parse().ok()?,
            Value::Number(n) => n.as_u64()?,
            _ => return None,
        };
        return match n {
            0..=2 => Some(5),
            3 => Some(4),
            4 => Some(3),
            5 | 6 => Some(2),
            7 => Some(1),
            _ => None,
        };
    }
    let scale = if field.eq_ignore_ascii_case("severityNumber") {
        Scale::Otel
    } else if field == "Level" {
        Scale::Windows
    } else {
        Scale::SyslogOrPino
    };
    match v {
        Value::String(s) => level_name_rank(s).or_else(|| {
            let n: u64 = s.trim().parse().ok()?;
            (field != "status").then(|| number_rank(n, scale))?
        }),
        Value::Number(n) if field != "status" => number_rank(n.as_u64()?, scale),
        _ => None,
    }
}

/// What a number in a level field counts in.
#[derive(Clone, Copy)]
enum Scale {
    Otel,
    Windows,
    SyslogOrPino,
}

fn number_rank(n: u64, scale: Scale) -> Option<u8> {
    match scale {
        Scale::Otel => {
            return match n {
                1..=24 => Some(((n - 1) / 4) as u8),
                _ => None,
            };
        }
        // 0 is "log always", written for information.
        Scale::Windows => {
            return match n {
                1 => Some(5),
                2 => Some(4),
                3 => Some(3),
                0 | 4 => Some(2),
                5 => Some(1),
                _ => None,
            };
        }
        Scale::SyslogOrPino => {}
    }
    Some(match n {
        0..=2 => 5,
        3 => 4,
        4 => 3,
        5 | 6 => 2,
        7 => 1,
        8..=10 => 0,
        11..=20 => 1,
        21..=30 => 2,
        31..=40 => 3,
        41..=50 => 4,
        51..=99 => 5,
        // An HTTP status, in a field named with --level-field
        // (`response_code`): 5xx an error, 4xx a warning.
        100..=399 => 2,
        400..=499 => 3,
        500..=599 => 4,
        _ => return None,
    })
}

/// A Kubernetes container name from the path of an on-node log:
/// `/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log` or
/// `/var/log/containers/<pod>_<ns>_<container>-<64 hex>.log`.
pub fn k8s_container(path: &std::path::Path) -> Option<String> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    let n = parts.len();
    if n >= 4 && parts[n - 4] == "pods" && parts[n - 1].ends_with(".log") {
        return Some(parts[n - 2].to_string());
    }
    if n >= 2 && parts[n - 2] == "containers" {
        let stem = parts[n - 1].strip_suffix(".log")?;
        let (rest, id) = stem.rsplit_once('-')?;
        if id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return rest.rsplit('_').next().map(String::from);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn naive_times_are_only_those_without_an_offset() {
        let naive = |s: &str| naive_time(&json!(s)).map(|t| t.to_string());
        assert_eq!(
            naive("2026-11-26T09:15:00").as_deref(),
            Some("2026-11-26 09:15:00")
        );
        assert_eq!(
            naive("2026-11-26 09:15:00,123").as_deref(),
            Some("2026-11-26 09:15:00.123")
        );
        assert_eq!(
            naive(" 2026-11-26 09:15:00.250 ").as_deref(),
            Some("2026-11-26 09:15:00.250")
        );
        // With an offset it is parse_time's; anything else is not a time.
        for other in [
            "2026-11-26T09:15:00Z",
            "2026-11-26T09:15:00+01:00",
            "2026-11-26 09:15:00,123+0000",
            "2026-11-26",
            "09:15:00",
            "2026-11-26T09:15",
            "2026-11-26\u{e9}09:15:00",
        ] {
            assert_eq!(naive(other), None, "{other}");
        }
        assert_eq!(naive_time(&json!(1795684200)), None);
    }

    /// Servers' and platforms' spellings (session 35's log attack): each
    /// is the instant it names, and a naive time is still not one.
    #[test]
    fn server_times_are_read() {
        let t = |s: &str| parse_time(&json!(s)).map(|t| t.to_rfc3339());
        for (written, instant) in [
            // PostgreSQL jsonlog and csvlog.
            (
                "2026-11-26 09:02:48.397 UTC",
                "2026-11-26T09:02:48.397+00:00",
            ),
            ("2026-11-26 09:02:48 GMT", "2026-11-26T09:02:48+00:00"),
            (
                "2026-11-26 10:02:48.397+01",
                "2026-11-26T10:02:48.397+01:00",
            ),
            ("2026-11-26T04:02:48-05", "2026-11-26T04:02:48-05:00"),
            // nginx and Apache $time_local.
            ("26/Nov/2026:17:19:34 +0800", "2026-11-26T17:19:34+08:00"),
            // RFC 2822.
            (
                "Thu, 26 Nov 2026 09:02:48 +0000",
                "2026-11-26T09:02:48+00:00",
            ),
            // .NET, as PowerShell 5's ConvertTo-Json writes it.
            ("/Date(1795684200123)/", "2026-11-26T09:10:00.123+00:00"),
            (
                "/Date(1795684200123+0100)/",
                "2026-11-26T09:10:00.123+00:00",
            ),
        ] {
            assert_eq!(t(written).as_deref(), Some(instant), "{written}");
        }
        for not_a_time in [
            "2026-11-26 09:02:48",
            "/Date()/",
            "/Date(-5)/",
            "26/Nov/2026:17:19:34",
            "2026-11-26 UTC",
        ] {
            assert_eq!(t(not_a_time), None, "{not_a_time}");
        }
    }

    /// Small numbers in a level field are syslog severities (GELF's
    /// `level`), Windows events' `Level` its own scale, and larger
    /// numbers pino's: an error is an error in each (session 35's log
    /// attack: GELF's `level: 3` was read as pino's trace).
    #[test]
    fn level_numbers_are_read_on_their_scale() {
        let rank = |field: &str, v: Value| level_rank(field, &v);
        assert_eq!(rank("level", json!(3)), Some(4));
        assert_eq!(rank("level", json!("3")), Some(4));
        assert_eq!(rank("level", json!(1)), Some(5));
        assert_eq!(rank("level", json!(4)), Some(3));
        assert_eq!(rank("level", json!(6)), Some(2));
        assert_eq!(rank("severity", json!(7)), Some(1));
        assert_eq!(rank("Level", json!(2)), Some(4));
        assert_eq!(rank("Level", json!(3)), Some(3));
        assert_eq!(rank("Level", json!(4)), Some(2));
        assert_eq!(rank("level", json!(50)), Some(4));
        assert_eq!(rank("level", json!(30)), Some(2));
        assert_eq!(rank("level", json!(10)), Some(0));
        assert_eq!(rank("severityNumber", json!(17)), Some(4));
        assert_eq!(rank("PRIORITY", json!(3)), Some(4));
        // Go's slog, between its named levels.
        assert_eq!(rank("level", json!("ERROR+4")), Some(4));
        assert_eq!(rank("level", json!("WARN+2")), Some(3));
        assert_eq!(rank("level", json!("INFO-2")), Some(2));
        assert_eq!(rank("level", json!("ERROR+")), None);
    }

    #[test]
    fn literal_keys_win_over_paths() {
        let v = json!({
            "trace.id": "literal",
            "trace": {"id": "nested"},
            "logging.googleapis.com/trace": "projects/p/traces/x",
            "resource": {"service.name": "checkout", "labels": {"service_name": "run"}},
        });
        assert_eq!(lookup(&v, "trace.id"), Some(&json!("literal")));
        assert_eq!(
            lookup(&v, "logging.googleapis.com/trace"),
            Some(&json!("projects/p/traces/x"))
        );
        assert_eq!(
            lookup(&v, "resource.service.name"),
            Some(&json!("checkout"))
        );
        assert_eq!(
            lookup(&v, "resource.labels.service_name"),
            Some(&json!("run"))
        );
        assert_eq!(lookup(&v, "resource.nothing"), None);
        let nested = json!({"trace": {"id": "nested"}});
        assert_eq!(lookup(&nested, "trace.id"), Some(&json!("nested")));
    }

    #[test]
    fn times() {
        let t = |v: Value| parse_time(&v).map(|t| t.to_rfc3339());
        let want = Some("2018-12-13T14:51:00.300+00:00".to_string());
        assert_eq!(t(json!("1544712660300000000")), want);
        assert_eq!(t(json!(1544712660300u64)), want);
        assert_eq!(t(json!(1544712660.3)), want);
        assert_eq!(t(json!("2018-12-13T14:51:00.300Z")), want);
        assert_eq!(t(json!("2018-12-13 14:51:00.300Z")), want);
        assert_eq!(t(json!({"seconds": 1544712660, "nanos": 300000000})), want);
        assert_eq!(t(json!("2018-12-13 14:51:00,300+0000")), want);
        // Decimal epochs are read exactly, not through a float.
        assert!(t(json!(1795684209.75)).is_some_and(|s| s.ends_with(":09.750+00:00")));
        assert_eq!(
            t(json!("1544712660.123456789")),
            Some("2018-12-13T14:51:00.123456789+00:00".to_string())
        );
        assert_eq!(
            t(json!("1544712660300.5")),
            Some("2018-12-13T14:51:00.300500+00:00".to_string())
        );
        assert_eq!(t(json!("0")), None);
        assert_eq!(t(json!("soon")), None);
        assert_eq!(t(json!("99999999999999999999999999")), None);
    }

    #[test]
    fn levels() {
        assert_eq!(level_rank("severityNumber", &json!(17)), Some(4));
        assert_eq!(level_rank("severityNumber", &json!(9)), Some(2));
        assert_eq!(level_rank("severityNumber", &json!(0)), None);
        assert_eq!(level_rank("level", &json!(50)), Some(4));
        assert_eq!(level_rank("status", &json!("error")), Some(4));
        assert_eq!(level_rank("status", &json!(500)), None);
        assert_eq!(level_rank("status", &json!("500")), None);
        assert_eq!(level_rank("severity", &json!("CRITICAL")), Some(5));
    }

    #[test]
    fn journald_priorities_enum_names_and_serilog_templates() {
        assert_eq!(level_rank("PRIORITY", &json!("3")), Some(4));
        assert_eq!(level_rank("PRIORITY", &json!(4)), Some(3));
        assert_eq!(level_rank("PRIORITY", &json!("0")), Some(5));
        assert_eq!(level_rank("PRIORITY", &json!("7")), Some(1));
        assert_eq!(level_rank("PRIORITY", &json!("9")), None);
        assert_eq!(
            level_rank("severityNumber", &json!("SEVERITY_NUMBER_ERROR2")),
            Some(4)
        );
        let record = json!({"User": "nblumhardt", "Items": [1, 2]});
        assert_eq!(
            render_template("Hello, {User}: {@Items} {{x}} {Missing:l}", &record),
            "Hello, nblumhardt: [1,2] {x} {Missing:l}"
        );
        assert_eq!(
            message_text("message", &json!({"Details": [1, 2, 3]})).as_deref(),
            Some(r#"{"Details":[1,2,3]}"#)
        );
        assert_eq!(message_text("event", &json!({"kind": "x"})), None);
        assert_eq!(
            message_text("MESSAGE", &json!([72, 105])).as_deref(),
            Some("Hi")
        );
    }

    #[test]
    fn container_names_from_paths() {
        use std::path::Path;
        assert_eq!(
            k8s_container(Path::new(
                "/var/log/pods/shop_checkout-7d9_0a1b/checkout/0.log"
            )),
            Some("checkout".into())
        );
        let hex = "a".repeat(64);
        assert_eq!(
            k8s_container(Path::new(&format!(
                "/var/log/containers/checkout-7d9_shop_api-{hex}.log"
            ))),
            Some("api".into())
        );
        assert_eq!(k8s_container(Path::new("app.log")), None);
    }
}
