//! Envelopes around the application's record: OTLP/JSON batches, Docker's
//! json-file lines and Kubernetes CRI lines are unwrapped here, so that the
//! field lookup sees the record the application wrote.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use super::array::Lists;
use super::input::MAX_LINE_BYTES;
use super::text::LineTime;

/// The shape of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// One JSON object per line, read as it is.
    JsonLines,
    /// OpenTelemetry collector file exporter: one `resourceLogs` batch per line.
    Otlp,
    /// Docker's json-file driver: `{"log": "...", "stream": ..., "time": ...}`.
    Docker,
    /// Kubernetes CRI on-node logs: `<RFC 3339> <stream> <P|F> <line>`.
    Cri,
    /// A line after its time: `kubectl logs --timestamps`, `docker logs
    /// --timestamps` (`<RFC 3339> <line>`).
    Timestamped,
    Syslog,
    Logfmt,
    /// Fluent Bit's tail input with the docker (or cri) parser: Docker's
    /// `log`/`stream`/`time` with `date` and `kubernetes` beside them.
    FluentBit,
    /// CloudWatch Logs events (`aws logs filter-log-events`, a
    /// subscription filter's payload): the application's line in `message`.
    CloudWatch,
    /// Datadog Logs API v2 search results: `{"data": [{"type": "log",
    /// "attributes": {...}}]}`, or one such item a line.
    Datadog,
    /// Loki's `logcli query -o jsonl`: `{"labels", "line", "timestamp"}`.
    Loki,
    /// Loki's HTTP API, `query_range` or `query` of log lines:
    /// `{"status": "success", "data": {"resultType": "streams", "result":
    /// [{"stream": {...}, "values": [["<ns>", "<line>"], ...]}]}}`.
    LokiApi,
    /// Kubernetes events, `kubectl get events -o json`: a `List` of
    /// `Event`s, or one a line or document.
    KubernetesEvents,
    /// The W3C extended log format (IIS): `#Fields:` names the columns of
    /// the lines after it.
    W3c,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::JsonLines => "JSON lines",
            Format::Otlp => "OTLP/JSON",
            Format::Docker => "Docker json-file",
            Format::Cri => "Kubernetes CRI",
            Format::Timestamped => "timestamped lines",
            Format::Syslog => "syslog (RFC 5424)",
            Format::Logfmt => "logfmt lines",
            Format::FluentBit => "Fluent Bit",
            Format::CloudWatch => "CloudWatch Logs",
            Format::Datadog => "Datadog Logs API",
            Format::Loki => "Loki logcli",
            Format::LokiApi => "Loki API",
            Format::KubernetesEvents => "Kubernetes events",
            Format::W3c => "W3C extended log (IIS)",
        }
    }
}

/// One log record, unwrapped.
#[derive(Debug)]
pub struct Record {
    /// The application's JSON object, or its line of text.
    pub value: Value,
    /// The envelope's time, for records that carry none of their own.
    pub time: Option<DateTime<FixedOffset>>,
    /// Where that time came from, as reported by `--dry-run`.
    pub time_from: &'static str,
    /// A time without a UTC offset that a line of text starts with
    /// (`2026-11-26 04:10:05,456 ERROR ...`): read in the log's zone.
    pub naive: Option<chrono::NaiveDateTime>,
    /// The service the envelope names (Fluent Bit's
    /// `kubernetes.container_name`, a CloudWatch log group), for records
    /// that name none of their own, and the field it came from.
    pub service: Option<(String, &'static str)>,
    /// The level the envelope gives (a Kubernetes event's `type`, a Loki
    /// label), as a rank, and where it came from: it wins over a level
    /// word of the line.
    pub level: Option<(u8, &'static str)>,
    /// The lines the record was read from, first and last: for a line
    /// the runtime split, those of its first and last parts (messages
    /// name where it starts).
    pub first_line: usize,
    pub last_line: usize,
    /// What makes the record the same wherever it is read (a Datadog
    /// log's `id`, a Kubernetes event's `uid` and version), for records
    /// that have one: the same record read through two inputs (a page and
    /// its `jq -c '.data[]'` lines) is counted once.
    pub identity: Option<u64>,
}

impl Record {
    /// A record read from one line, with no envelope around it.
    fn plain(value: Value, (first_line, last_line): (usize, usize)) -> Record {
        Record {
            value,
            time: None,
            time_from: "",
            naive: None,
            service: None,
            level: None,
            first_line,
            last_line,
            identity: None,
        }
    }

    /// The records of the application's line inside an envelope: a JSON
    /// object, an OTLP/JSON batch (a collector writing to its stdout), or
    /// a line of text.
    fn inner(
        text: &str,
        time: Option<DateTime<FixedOffset>>,
        time_from: &'static str,
        lines: (usize, usize),
    ) -> Vec<Record> {
        let text = text.trim();
        let value = match text.starts_with('{') {
            true => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(mut map)) => match map.remove("resourceLogs") {
                    Some(Value::Array(resources)) => {
                        let mut records = otlp(lines, resources);
                        for r in &mut records {
                            r.time = time;
                            r.time_from = time_from;
                        }
                        return records;
                    }
                    Some(other) => {
                        map.insert("resourceLogs".into(), other);
                        Value::Object(map)
                    }
                    None => Value::Object(map),
                },
                _ => Value::String(text.to_string()),
            },
            false => Value::String(super::text::strip_ansi(text).into_owned()),
        };
        vec![Record {
            time,
            time_from,
            ..Record::plain(value, lines)
        }]
    }

    /// A line of text rather than a JSON object.
    pub fn text(&self) -> Option<&str> {
        self.value.as_str()
    }
}

/// A hash of what identifies a record (see [`Record::identity`]).
fn identity(parts: &[&str]) -> u64 {
    use std::hash::Hasher;
    let mut hash = twox_hash::XxHash3_64::default();
    for part in parts {
        hash.write(part.as_bytes());
        hash.write_u8(0);
    }
    hash.finish()
}

/// What API results say of the results they are part of, when they are
/// not all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum More {
    /// They go on in more pages: the field that says so
    /// (`meta.page.after`), in the format that has it.
    Pages(Format, &'static str),
    /// The search stopped before it was done: Datadog's `meta.status`
    /// (`timeout`).
    Partial(Format, String),
}

/// What one line held.
pub enum Unwrapped {
    Records(Format, Vec<Record>),
    /// The first part of a line split by the runtime; the rest follows.
    Partial(Format),
    /// Not a log record, and why.
    NotRecord(&'static str),
    /// Not log records, and said so by what holds them (a Loki response
    /// of metrics, or of an error): the input is refused.
    Refused(Refusal),
}

/// Why an input is refused: what its line holds (after "line N holds"),
/// and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub holds: String,
    pub hint: &'static str,
}

/// A logical line longer than the bound, assembled from partial lines.
pub struct TooLong;

/// How deep JSON may nest for pm to read it: serde_json's limit (128
/// open brackets stop it), so that a record cannot exhaust the stack.
pub const MAX_DEPTH: usize = 127;

/// What a text that is not a log record holds, for saying why it is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool(bool),
    Null,
    /// JSON brackets nested deeper than [`MAX_DEPTH`].
    TooDeep,
    NotJson,
}

impl Kind {
    /// Parses `text` (once; call it for what is not a record only).
    pub fn of(text: &str) -> Kind {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(_)) => Kind::Object,
            Ok(Value::Array(_)) => Kind::Array,
            Ok(Value::String(_)) => Kind::String,
            Ok(Value::Number(_)) => Kind::Number,
            Ok(Value::Bool(b)) => Kind::Bool(b),
            Ok(Value::Null) => Kind::Null,
            Err(_) if nesting(text) > MAX_DEPTH => Kind::TooDeep,
            Err(_) => Kind::NotJson,
        }
    }

    /// What a line holding it is, after "line N is".
    pub fn line_is(self) -> &'static str {
        match self {
            Kind::Object => "a JSON object",
            Kind::Array => {
                "a JSON array, not an object (an array of records is read when it starts the input)"
            }
            Kind::String => "a JSON string, not an object",
            Kind::Number => "a JSON number, not an object",
            Kind::Bool(true) => "JSON `true`, not an object",
            Kind::Bool(false) => "JSON `false`, not an object",
            Kind::Null => "JSON `null`, not an object",
            Kind::TooDeep => "JSON nested deeper than 127 levels, more than pm reads",
            Kind::NotJson => "not JSON",
        }
    }

    /// What an element of an array is, after "element N of the JSON array is".
    pub fn element_is(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array, not an object",
            Kind::String => "a string, not an object",
            Kind::Number => "a number, not an object",
            Kind::Bool(true) => "`true`, not an object",
            Kind::Bool(false) => "`false`, not an object",
            Kind::Null => "`null`, not an object",
            Kind::TooDeep => "nested deeper than 127 levels, more than pm reads",
            Kind::NotJson => "not JSON",
        }
    }
}

/// The deepest nesting of brackets and braces in `text`, outside strings.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut scan = super::array::Scanner::default();
    let mut at = 0;
    while let Some((_, b)) = scan.next(text.as_bytes(), &mut at) {
        match b {
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Per-input state: partial lines waiting for their end, by stream.
#[derive(Default)]
pub struct Unwrapper {
    pending: HashMap<(Format, String), Pending>,
    /// A record of Fluent Bit's cri parser was read: its `P` parts may
    /// come anywhere in the input.
    tagged_parts: bool,
    /// The bytes of all pending parts: parts are held per container, and
    /// an input may name any number of containers.
    pending_bytes: usize,
    /// The first API results that are not all the results (one page of
    /// several, a search that timed out), and the line they start on.
    pub more: Option<(usize, More)>,
    /// The first envelope that held no records at all (a Datadog page
    /// whose `data` is empty, a Kubernetes list without `items`), and its
    /// line.
    pub empty: Option<(usize, Format)>,
    /// The first record that looks like a wrapper of records (`{"Records":
    /// [{...}, ...]}`, as CloudTrail and many APIs write them), its line,
    /// the list's key and length: read as one record, it is worth a hint.
    pub wrapper: Option<(usize, String, usize)>,
    /// The columns named by the last `#Fields:` directive of a W3C
    /// extended log.
    w3c: Option<Vec<String>>,
    /// Reading the line after a `docker compose logs` prefix.
    in_compose: bool,
}

/// At most this much text of split lines is held across all streams; a
/// part that would go over is read as a whole line.
const MAX_PENDING_BYTES: usize = 4 * MAX_LINE_BYTES;

/// A record's time, and the field it came from (as `--dry-run` names it).
type Stamp = (DateTime<FixedOffset>, &'static str);

/// A record's service, and where it came from ([`Record::service`]).
type Service = (String, &'static str);

/// A record's level as a rank, and where it came from ([`Record::level`]).
type Level = (u8, &'static str);

/// The parts of a split line read so far, and the time and line of the
/// first: the record began then and there.
#[derive(Default)]
struct Pending {
    text: String,
    time: Option<Stamp>,
    service: Option<(String, &'static str)>,
    first_line: usize,
    last_line: usize,
}

impl Unwrapper {
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Whether the input is a W3C extended log: its lines hold their level
    /// as an HTTP status, so every line is read.
    pub fn reads_w3c(&self) -> bool {
        self.w3c.is_some()
    }

    /// Could this raw line be the first part of a split line? See
    /// [`maybe_partial`]; once the input has shown Fluent Bit's cri
    /// parser, also a record tagged `"logtag":"P"`.
    pub fn maybe_partial(&self, line: &[u8]) -> bool {
        maybe_partial(line)
            || (self.tagged_parts && memchr::memmem::find(line, b"\"logtag\":\"P").is_some())
    }

    /// At the end of the input: the lines whose last part never came (the
    /// container was killed mid-write) are records all the same, with the
    /// text that was written. In a fixed order (by format, then stream).
    pub fn finish(&mut self) -> Vec<(Format, Record)> {
        self.pending_bytes = 0;
        let mut rest: Vec<_> = self.pending.drain().collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        rest.into_iter()
            .flat_map(|((format, _), p)| {
                let (time, from) = p.time.unzip();
                let service = p.service.clone();
                Record::inner(
                    &p.text,
                    time,
                    from.unwrap_or(""),
                    (p.first_line, p.last_line),
                )
                .into_iter()
                .map(move |mut r| {
                    r.service = service.clone();
                    (format, r)
                })
            })
            .collect()
    }

    /// Unwrap line `n` of the input.
    pub fn unwrap(&mut self, n: usize, line: &str) -> Result<Unwrapped, TooLong> {
        self.unwrap_in(n, line, None)
    }

    /// Unwrap a pretty-printed object that starts on line `n`: the records
    /// of its lists are named by the lines their items start on.
    pub fn unwrap_document(
        &mut self,
        n: usize,
        text: &str,
        lists: &Lists,
    ) -> Result<Unwrapped, TooLong> {
        self.unwrap_in(n, text, Some(lists))
    }

    fn unwrap_in(
        &mut self,
        n: usize,
        line: &str,
        lists: Option<&Lists>,
    ) -> Result<Unwrapped, TooLong> {
        let line = line.trim_start();
        if line.starts_with('{') {
            return Ok(match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(map)) => self.object(n, map, lists)?,
                Ok(_) => Unwrapped::NotRecord("JSON but not an object"),
                Err(err) if err.classify() == serde_json::error::Category::Syntax => {
                    match concatenated(line) {
                        Some(objects) => self.objects(n, objects)?,
                        None => Unwrapped::NotRecord(Kind::of(line).line_is()),
                    }
                }
                Err(_) => Unwrapped::NotRecord(Kind::of(line).line_is()),
            });
        }
        // The W3C extended log format (IIS): `#` directives, and lines of
        // the columns the last `#Fields:` named.
        if let Some(directive) = line.strip_prefix('#') {
            if let Some(fields) = super::text::w3c_fields(directive) {
                self.w3c = Some(fields);
                return Ok(Unwrapped::Partial(Format::W3c));
            }
            if self.w3c.is_some() || super::text::w3c_directive(directive) {
                return Ok(Unwrapped::Partial(Format::W3c));
            }
        }
        if let Some(fields) = &self.w3c {
            let Some(map) = super::text::w3c_record(fields, line) else {
                return Ok(Unwrapped::NotRecord(
                    "a row with another number of columns than the `#Fields:` line names",
                ));
            };
            return Ok(match self.object(n, map, lists)? {
                Unwrapped::Records(_, records) => Unwrapped::Records(Format::W3c, records),
                other => other,
            });
        }
        if line.starts_with(|c: char| c.is_ascii_digit())
            && let Some(cri) = self.cri(n, line)?
        {
            return Ok(cri);
        }
        // Terminal escapes are taken out before the line is read: compose
        // colours its prefixes (`ESC[36mweb-1  |ESC[0m 2026-...`), a
        // console its times and levels.
        let plain = super::text::strip_ansi(line);
        // `docker compose logs`: the service's name, then its line (read
        // once: the line after the bar is not unwrapped as another
        // prefix, so `a | a | a | ...` cannot recurse without end). A
        // prefix whose name pm does not take (`../x |`) is read past, all
        // of them in a loop (`../x | ../x | ...` is one pass), unless the
        // line itself starts with a time: the line after it is read as
        // any line is, with no service or with the name of a prefix pm
        // takes after it (`../x | web-1 | 2026-...` is web-1's record),
        // and as a line with no prefix when nothing after the bar is read.
        let past = if self.in_compose {
            plain.as_ref()
        } else {
            super::text::past_rejected_prefixes(&plain)
        };
        if !self.in_compose
            && let Some((Some(name), rest)) = super::text::compose_prefix(past)
        {
            if rest.is_empty() {
                return Ok(Unwrapped::Partial(Format::Timestamped));
            }
            self.in_compose = true;
            let inner = self.unwrap_in(n, rest, lists);
            self.in_compose = false;
            let mut inner = inner?;
            if let Unwrapped::Records(_, records) = &mut inner {
                for r in records {
                    r.service
                        .get_or_insert_with(|| (name.to_string(), "the docker compose prefix"));
                }
            }
            return Ok(inner);
        }
        if past.len() < plain.len() {
            self.in_compose = true;
            let inner = self.unwrap_in(n, past, lists);
            self.in_compose = false;
            match inner? {
                Unwrapped::NotRecord("not JSON") => {}
                inner => return Ok(inner),
            }
        }
        // A line that starts with a time: `kubectl logs --timestamps`,
        // `journalctl -o short-iso`, PostgreSQL, Python, nginx, MySQL
        // (see `text`). A time without an offset is read in the log's zone.
        if let Some((time, rest)) = super::text::leading_time(&plain) {
            let mut records = match time {
                LineTime::At(at) => Record::inner(rest, Some(at), "the line's time", (n, n)),
                LineTime::Naive(_) => Record::inner(rest, None, "the line's time", (n, n)),
            };
            if let LineTime::Naive(naive) = time {
                for r in &mut records {
                    r.naive = Some(naive);
                }
            }
            return Ok(Unwrapped::Records(Format::Timestamped, records));
        }
        // A line that starts with a date is a record of its own, even when
        // its time cannot be read (`24:00:00`, `+25:00`): said, not taken
        // for the line before continued.
        if super::text::starts_with_date(&plain) {
            return Ok(Unwrapped::NotRecord(
                "a line that starts with a date, but with a time pm cannot read (it reads `YYYY-MM-DD HH:MM[:SS]`, a fraction, and an offset such as `Z`, `+01:00` or `UTC`, or Apache's `[Thu Nov 26 09:10:00 2026]`, on a day and at an hour that exist)",
            ));
        }
        // logfmt with a time: read as the JSON object it stands for.
        if plain.starts_with(|c: char| c.is_ascii_alphabetic())
            && plain.contains('=')
            && let Some(map) = super::text::logfmt(&plain)
        {
            return Ok(match self.object(n, map, lists)? {
                Unwrapped::Records(_, records) => Unwrapped::Records(Format::Logfmt, records),
                other => other,
            });
        }
        // Syslog in RFC 5424's format: the priority is the level.
        if line.starts_with('<')
            && let Some(syslog) = super::text::syslog5424(line)
        {
            let mut records = Record::inner(
                syslog.message,
                syslog.time,
                "the syslog header's time",
                (n, n),
            );
            for r in &mut records {
                r.level = Some((syslog.level, "the syslog priority"));
                r.service = syslog
                    .app
                    .map(|app| (app.to_string(), "the syslog app name"));
            }
            return Ok(Unwrapped::Records(Format::Syslog, records));
        }
        // JSON that is not an object (`[1, 2]`, `"text"`, nested too deep)
        // says what it is; only a line that may be JSON is parsed again.
        if line.starts_with(['[', '"']) {
            return Ok(Unwrapped::NotRecord(Kind::of(line).line_is()));
        }
        Ok(Unwrapped::NotRecord("not JSON"))
    }

    /// Several JSON objects written on one line with nothing between them
    /// (`{…}{…}`, as Firehose writes CloudWatch Logs payloads to S3): the
    /// records of each.
    fn objects(
        &mut self,
        n: usize,
        objects: Vec<Map<String, Value>>,
    ) -> Result<Unwrapped, TooLong> {
        let mut all = Vec::new();
        let mut format = None;
        for map in objects {
            match self.object(n, map, None)? {
                Unwrapped::Records(f, records) => {
                    format.get_or_insert(f);
                    all.extend(records);
                }
                Unwrapped::Partial(f) => {
                    format.get_or_insert(f);
                }
                Unwrapped::NotRecord(why) => return Ok(Unwrapped::NotRecord(why)),
                Unwrapped::Refused(r) => return Ok(Unwrapped::Refused(r)),
            }
        }
        Ok(match format {
            Some(format) => Unwrapped::Records(format, all),
            None => Unwrapped::NotRecord("not JSON"),
        })
    }

    fn object(
        &mut self,
        n: usize,
        mut map: Map<String, Value>,
        lists: Option<&Lists>,
    ) -> Result<Unwrapped, TooLong> {
        // The line an item of a list starts on, in a pretty-printed
        // object; else the object's line.
        let at = |key: &str, index: usize| lists.and_then(|l| l.item_line(key, index)).unwrap_or(n);
        let listed = |format: Format, records: Vec<Record>, more: Option<More>, this: &mut Self| {
            if records.is_empty() && this.empty.is_none() {
                this.empty = Some((n, format));
            }
            if let Some(more) = more
                && this.more.is_none()
            {
                this.more = Some((n, more));
            }
            Unwrapped::Records(format, records)
        };
        if let Some(Value::Array(resources)) = map.remove("resourceLogs") {
            let records = otlp((n, n), resources);
            return Ok(listed(Format::Otlp, records, None, self));
        }
        // AWS CloudTrail's log file as S3 holds it, one line (gzipped):
        // `{"Records": [{...}, {...}]}`, each item a record. (Laid out over
        // many lines, the list is split as an array is, before this.)
        if map.len() == 1
            && matches!(map.get("Records"), Some(Value::Array(items))
                if !items.is_empty() && items.iter().all(Value::is_object))
            && let Some(Value::Array(items)) = map.remove("Records")
        {
            let records = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let line = at("Records", i);
                    Record::plain(item, (line, line))
                })
                .collect();
            return Ok(listed(Format::JsonLines, records, None, self));
        }
        if let Some((records, more)) = cloudwatch(n, &mut map, &at) {
            return Ok(listed(Format::CloudWatch, records, more, self));
        }
        if let Some((records, more)) = datadog(n, &mut map, &at) {
            return Ok(listed(Format::Datadog, records, more, self));
        }
        if let Some(records) = loki(n, &map) {
            return Ok(Unwrapped::Records(Format::Loki, records));
        }
        match loki_response(&mut map, &at) {
            Some(Ok(records)) => return Ok(listed(Format::LokiApi, records, None, self)),
            Some(Err(r)) => return Ok(Unwrapped::Refused(r)),
            None => {}
        }
        if let Some((records, more)) = kubernetes_events(n, &map, &at) {
            return Ok(listed(Format::KubernetesEvents, records, more, self));
        }
        // The application's line: Docker's `log`, or the `message` of
        // Fluent Bit's stock cri parser, which puts the part tag in `logtag`
        // (`^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*)
        // (?<message>.*)$`).
        let line_key = match (map.get("log"), map.get("message"), map.get("logtag")) {
            (Some(Value::String(_)), _, _) => Some("log"),
            (None, Some(Value::String(_)), Some(Value::String(_))) => Some("message"),
            _ => None,
        };
        let docker = line_key.is_some() && matches!(map.get("stream"), Some(Value::String(_)));
        let plain_docker = docker
            && line_key == Some("log")
            && map
                .keys()
                .all(|k| matches!(k.as_str(), "log" | "stream" | "time" | "attrs"));
        // Fluent Bit's docker parser keeps Docker's keys and adds its own
        // time (`date`, `@timestamp`) and the kubernetes filter's metadata;
        // its cri parser names the part tag `logtag`, its built-in cri
        // multiline parser `_p`.
        let fluent_bit = docker
            && !plain_docker
            && map.keys().all(|k| {
                Some(k.as_str()) == line_key
                    || matches!(
                        k.as_str(),
                        "stream"
                            | "time"
                            | "attrs"
                            | "date"
                            | "@timestamp"
                            | "kubernetes"
                            | "logtag"
                            | "_p"
                    )
            });
        if let Some(key) = line_key.filter(|_| plain_docker || fluent_bit) {
            let format = if plain_docker {
                Format::Docker
            } else {
                Format::FluentBit
            };
            let Some(Value::String(log)) = map.remove(key) else {
                unreachable!("checked above")
            };
            // The field the time came from is named as it is: Fluent Bit's
            // cri parser keeps no `time` (`Time_Keep Off`), only its `date`.
            let time = ["time", "date", "@timestamp"].iter().find_map(|k| {
                let from = match (plain_docker, *k) {
                    (true, _) => "Docker `time`",
                    (false, "time") => "Fluent Bit `time`",
                    (false, "date") => "Fluent Bit `date`",
                    (false, _) => "Fluent Bit `@timestamp`",
                };
                map.get(*k)
                    .and_then(super::fields::parse_time)
                    .map(|t| (t, from))
            });
            let service =
                super::fields::lookup(&Value::Object(map.clone()), "kubernetes.container_name")
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| (s.to_string(), "kubernetes.container_name"));
            // Parts are joined per stream of one container: Fluent Bit
            // tails every container's log into one output.
            let mut stream = map
                .get("stream")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            for k in ["namespace_name", "pod_name", "container_name"] {
                if let Some(v) = map
                    .get("kubernetes")
                    .and_then(|m| m.get(k))
                    .and_then(Value::as_str)
                {
                    stream.push('\0');
                    stream.push_str(v);
                }
            }
            let (whole, partial) = match map.get("logtag").and_then(Value::as_str) {
                // The cri parser: `P` is a part, `F` the last or only one.
                Some(tag) => {
                    self.tagged_parts = true;
                    (log.as_str(), tag.starts_with('P'))
                }
                // The cri multiline parser has joined the parts already.
                None if map.contains_key("_p") => {
                    (log.strip_suffix('\n').unwrap_or(log.as_str()), false)
                }
                // json-file splits lines longer than 16 KiB; all but the
                // last part lack the final line break.
                None => match log.strip_suffix('\n') {
                    Some(body) => (body, false),
                    None => (log.as_str(), true),
                },
            };
            if partial && self.push_partial(format, &stream, whole, time, n, &service)? {
                return Ok(Unwrapped::Partial(format));
            }
            let (whole, time, first) = self.take_partial(format, stream, whole, time, n)?;
            let (time, from) = time.unzip();
            let mut records = Record::inner(&whole, time, from.unwrap_or(""), (first, n));
            for r in &mut records {
                r.service = service.clone();
            }
            return Ok(Unwrapped::Records(format, records));
        }
        if self.wrapper.is_none()
            && map.len() <= 6
            && let Some((key, items)) = map.iter().find_map(|(k, v)| match v {
                Value::Array(items)
                    if !items.is_empty() && items.iter().take(8).all(Value::is_object) =>
                {
                    Some((k, items.len()))
                }
                _ => None,
            })
            && !super::fields::TIME_FIELDS
                .iter()
                .any(|t| map.contains_key(*t))
        {
            self.wrapper = Some((n, key.clone(), items));
        }
        Ok(Unwrapped::Records(
            Format::JsonLines,
            vec![Record::plain(Value::Object(map), (n, n))],
        ))
    }

    /// `2016-10-06T00:17:09.669794202Z stdout F the line`, or None when the
    /// line does not have that shape.
    fn cri(&mut self, n: usize, line: &str) -> Result<Option<Unwrapped>, TooLong> {
        let mut parts = line.splitn(4, ' ');
        let (Some(time), Some(stream), Some(tag)) = (parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        let content = parts.next().unwrap_or("");
        if !matches!(stream, "stdout" | "stderr") {
            return Ok(None);
        }
        let Some(time) = crate::clock::parse_rfc3339(time) else {
            // A CRI line stamped with a time that cannot happen (`:60`
            // before 23:59 UTC) is not taken, and the warning says why.
            if chrono::DateTime::parse_from_rfc3339(time).is_ok() {
                return Ok(Some(Unwrapped::NotRecord(
                    "a CRI line whose time did not happen: a leap second (:60) only comes at 23:59:60 UTC",
                )));
            }
            return Ok(None);
        };
        match tag.split(':').next() {
            Some("P")
                if self.push_partial(
                    Format::Cri,
                    stream,
                    content,
                    Some((time, "CRI time")),
                    n,
                    &None,
                )? =>
            {
                Ok(Some(Unwrapped::Partial(Format::Cri)))
            }
            Some("P" | "F") => {
                let (whole, time, first) = self.take_partial(
                    Format::Cri,
                    stream.to_string(),
                    content,
                    Some((time, "CRI time")),
                    n,
                )?;
                let records = Record::inner(&whole, time.map(|(t, _)| t), "CRI time", (first, n));
                Ok(Some(Unwrapped::Records(Format::Cri, records)))
            }
            _ => Ok(None),
        }
    }

    /// Hold a part of a split line; false when the parts held already
    /// reach [`MAX_PENDING_BYTES`] (the part is then read as the last).
    fn push_partial(
        &mut self,
        format: Format,
        stream: &str,
        part: &str,
        time: Option<Stamp>,
        n: usize,
        service: &Option<(String, &'static str)>,
    ) -> Result<bool, TooLong> {
        if self.pending_bytes + part.len() > MAX_PENDING_BYTES {
            return Ok(false);
        }
        let pending = self
            .pending
            .entry((format, stream.to_string()))
            .or_insert_with(|| Pending {
                first_line: n,
                ..Pending::default()
            });
        if pending.text.len() + part.len() > MAX_LINE_BYTES {
            return Err(TooLong);
        }
        pending.text.push_str(part);
        pending.time = pending.time.or(time);
        if pending.service.is_none() {
            pending.service = service.clone();
        }
        pending.last_line = n;
        self.pending_bytes += part.len();
        Ok(true)
    }

    /// The whole line, ending with `last` on line `n`, its time and the
    /// line it began on: the first part's.
    fn take_partial(
        &mut self,
        format: Format,
        stream: String,
        last: &str,
        time: Option<Stamp>,
        n: usize,
    ) -> Result<(String, Option<Stamp>, usize), TooLong> {
        match self.pending.remove(&(format, stream)) {
            Some(mut pending) => {
                self.pending_bytes -= pending.text.len();
                if pending.text.len() + last.len() > MAX_LINE_BYTES {
                    return Err(TooLong);
                }
                pending.text.push_str(last);
                Ok((pending.text, pending.time.or(time), pending.first_line))
            }
            None => Ok((last.to_string(), time, n)),
        }
    }
}

/// Could this raw line be the first part of a split Docker line? Docker
/// writes `{"log":"...\n","stream":...}` for whole lines; a part lacks the
/// `\n` before `","stream"`. Lines that may be parts are never skipped
/// unread, so that a trace id in a later part is still found.
pub fn maybe_partial(line: &[u8]) -> bool {
    if line.starts_with(b"{\"log\":\"") {
        return memchr::memmem::find(line, b"\\n\",\"stream\"").is_none();
    }
    // CRI: `<time> <stream> P <content>`.
    if line.first().is_some_and(u8::is_ascii_digit) {
        let mut fields = line.splitn(4, |b| *b == b' ');
        fields.next();
        fields.next();
        return fields.next().is_some_and(|tag| tag.starts_with(b"P"));
    }
    false
}

/// Every log record of an OTLP/JSON `LogsData` batch, each with its
/// resource's attributes under `resource` (so `resource.service.name` names
/// the service), its own attributes as an object, and its body as plain JSON.
fn otlp((first_line, last_line): (usize, usize), resources: Vec<Value>) -> Vec<Record> {
    let mut records = Vec::new();
    for mut resource in resources {
        let resource_attrs = resource
            .get_mut("resource")
            .and_then(|r| r.get_mut("attributes"))
            .map(|a| key_values(a.take()))
            .unwrap_or_default();
        let scopes = match resource.as_object_mut() {
            Some(map) => map
                .remove("scopeLogs")
                .or_else(|| map.remove("instrumentationLibraryLogs")),
            None => None,
        };
        let Some(Value::Array(scopes)) = scopes else {
            continue;
        };
        for mut scope in scopes {
            let scope_name = scope
                .get("scope")
                .and_then(|s| s.get("name"))
                .cloned()
                .filter(|n| n.as_str().is_some_and(|n| !n.is_empty()));
            let Some(Value::Array(logs)) = scope.get_mut("logRecords").map(Value::take) else {
                continue;
            };
            for log in logs {
                let Value::Object(mut map) = log else {
                    continue;
                };
                if let Some(body) = map.remove("body") {
                    map.insert("body".into(), any_value(body));
                }
                if let Some(attrs) = map.remove("attributes") {
                    map.insert("attributes".into(), Value::Object(key_values(attrs)));
                }
                map.insert("resource".into(), Value::Object(resource_attrs.clone()));
                if let Some(name) = &scope_name {
                    map.insert("scope".into(), name.clone());
                }
                records.push(Record::plain(Value::Object(map), (first_line, last_line)));
            }
        }
    }
    records
}

/// Two or more JSON objects one after another on a line, or None.
fn concatenated(line: &str) -> Option<Vec<Map<String, Value>>> {
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(line).into_iter::<Value>() {
        match value {
            Ok(Value::Object(map)) => out.push(map),
            _ => return None,
        }
    }
    (out.len() > 1).then_some(out)
}

/// Whether an object is a CloudWatch Logs event: `timestamp` (ms) and
/// `message`, with the event's own keys only (`eventId`, `ingestionTime`,
/// `logStreamName`, a subscription's `id`).
fn cloudwatch_event(map: &Map<String, Value>) -> bool {
    matches!(map.get("message"), Some(Value::String(_)))
        && matches!(map.get("timestamp"), Some(Value::Number(_)))
        && ["eventId", "id", "ingestionTime", "logStreamName"]
            .iter()
            .any(|k| map.contains_key(*k))
        && map.keys().all(|k| {
            matches!(
                k.as_str(),
                "eventId"
                    | "id"
                    | "ingestionTime"
                    | "logStreamName"
                    | "message"
                    | "timestamp"
                    | "extractedFields"
            )
        })
}

/// The records of CloudWatch Logs output, or None when `map` is none: one
/// event (an element of an array of them), a subscription filter's
/// payload (`logGroup`, `logEvents`), or what `aws logs filter-log-events`
/// and `get-log-events` print (`events`). Each event's `message` is the
/// application's line, read as Docker's `log` is; its `timestamp` stands
/// in for a line without a time.
fn cloudwatch(
    n: usize,
    map: &mut Map<String, Value>,
    at: &dyn Fn(&str, usize) -> usize,
) -> Option<(Vec<Record>, Option<More>)> {
    let event = |map: &Map<String, Value>, group: Option<&str>, n: usize| -> Vec<Record> {
        let text = map.get("message").and_then(Value::as_str).unwrap_or("");
        let time = map.get("timestamp").and_then(super::fields::parse_time);
        let mut records = Record::inner(text, time, "CloudWatch `timestamp`", (n, n));
        // A log group names what wrote it: `/aws/lambda/checkout`.
        let service = group
            .and_then(|g| g.rsplit('/').find(|s| !s.is_empty()))
            .map(|s| (s.to_string(), "CloudWatch `logGroup`"));
        for r in &mut records {
            r.service = service.clone();
        }
        records
    };
    let events = |key: &str, list: &Value, group: Option<&str>| -> Vec<Record> {
        list.as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.as_object()?)))
            .filter(|(_, e)| matches!(e.get("message"), Some(Value::String(_))))
            .flat_map(|(i, e)| event(e, group, at(key, i)))
            .collect()
    };
    if cloudwatch_event(map) {
        return Some((event(map, None, n), None));
    }
    if matches!(map.get("logEvents"), Some(Value::Array(_)))
        && matches!(map.get("messageType"), Some(Value::String(_)))
    {
        let group = map.get("logGroup").and_then(Value::as_str);
        return Some((events("logEvents", &map["logEvents"], group), None));
    }
    let output = matches!(map.get("events"), Some(Value::Array(_)))
        && map.keys().all(|k| {
            matches!(
                k.as_str(),
                "events"
                    | "searchedLogStreams"
                    | "nextToken"
                    | "nextForwardToken"
                    | "nextBackwardToken"
            )
        });
    // `aws logs filter-log-events --max-items N` stops there and says
    // where to go on (`get-log-events` always names its next tokens).
    let more = map
        .get("nextToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(|_| More::Pages(Format::CloudWatch, "nextToken"));
    output.then(|| (events("events", &map["events"], None), more))
}

/// The records of Datadog Logs API v2 search results (`GET
/// /api/v2/logs/events`, `POST /api/v2/logs/events/search`): `{"data":
/// [...], "links": ..., "meta": ...}`, or one item of `data` (`jq -c
/// '.data[]'`). Each item is `{"id", "type": "log", "attributes":
/// {"timestamp", "status", "message", "service", "host", "tags",
/// "attributes": {...}}}`; its `attributes` is the record, with the log's
/// own attributes (the inner `attributes`: `dd.trace_id`, `http`, ...)
/// beside the reserved ones, which win. None when `map` is neither.
fn datadog(
    n: usize,
    map: &mut Map<String, Value>,
    at: &dyn Fn(&str, usize) -> usize,
) -> Option<(Vec<Record>, Option<More>)> {
    fn is_item(map: &Map<String, Value>) -> bool {
        map.get("type").and_then(Value::as_str) == Some("log")
            && matches!(map.get("attributes"), Some(Value::Object(_)))
            && map
                .keys()
                .all(|k| matches!(k.as_str(), "id" | "type" | "attributes"))
    }
    fn record(n: usize, item: Value) -> Option<Record> {
        let Value::Object(mut item) = item else {
            return None;
        };
        if !is_item(&item) {
            return None;
        }
        let id = item
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(|id| identity(&["datadog", id]));
        let Some(Value::Object(mut attrs)) = item.remove("attributes") else {
            return None;
        };
        if let Some(Value::Object(own)) = attrs.remove("attributes") {
            for (k, v) in own {
                attrs.entry(k).or_insert(v);
            }
        }
        Some(Record {
            identity: id,
            ..Record::plain(Value::Object(attrs), (n, n))
        })
    }
    if is_item(map) {
        return record(n, Value::Object(std::mem::take(map))).map(|r| (vec![r], None));
    }
    // Results of something else (`data` of spans, of metrics) are not logs:
    // read as a record, whose missing time and message are then said.
    let results = match map.get("data") {
        Some(Value::Array(items)) => {
            (items.is_empty() || items.iter().filter_map(Value::as_object).any(is_item))
                && map
                    .keys()
                    .all(|k| matches!(k.as_str(), "data" | "links" | "meta"))
        }
        _ => false,
    };
    if !results {
        return None;
    }
    let Some(Value::Array(items)) = map.remove("data") else {
        return None;
    };
    // A search that timed out says so in `meta.status`; one with more
    // results than a page names the next in `meta.page.after` and
    // `links.next`.
    let text = |path: [&str; 2]| {
        map.get(path[0])
            .and_then(|v| v.get(path[1]))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let after = map
        .get("meta")
        .and_then(|m| m.get("page"))
        .and_then(|p| p.get("after"))
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());
    let more = match text(["meta", "status"]) {
        Some(status) if status != "done" => {
            Some(More::Partial(Format::Datadog, status.to_string()))
        }
        _ if after => Some(More::Pages(Format::Datadog, "meta.page.after")),
        _ if text(["links", "next"]).is_some() => Some(More::Pages(Format::Datadog, "links.next")),
        _ => None,
    };
    let records = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| record(at("data", i), item))
        .collect();
    Some((records, more))
}

/// A line of Loki's `logcli query -o jsonl`: `{"labels": {...}, "line":
/// "...", "timestamp": "2022-02-06T01:51:03.151399002+02:00"}`. `line` is
/// the application's line, read as Docker's `log` is; `timestamp` stands
/// in for a line without a time, and the labels name the service and give
/// the level ([`loki_labels`]). (Labels every line shares are printed
/// once, on standard error, so `labels` may be `{}`.) None when `map` is
/// none.
fn loki(n: usize, map: &Map<String, Value>) -> Option<Vec<Record>> {
    let Some(Value::String(line)) = map.get("line") else {
        return None;
    };
    if !map.contains_key("timestamp")
        || !map
            .keys()
            .all(|k| matches!(k.as_str(), "labels" | "line" | "timestamp"))
    {
        return None;
    }
    let empty = Map::new();
    let labels = map
        .get("labels")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let (service, level) = loki_labels(&[labels]);
    let time = map.get("timestamp").and_then(super::fields::parse_time);
    let mut records = Record::inner(line, time, "Loki `timestamp`", (n, n));
    for r in &mut records {
        r.service = service.clone();
        r.level = level;
    }
    Some(records)
}

/// What Loki labels say of a record, looked for in each set in turn (a
/// stream's labels, then an entry's structured metadata): the service (a
/// `service_name`, `app`, `container` or `job` label) and the level (a
/// `level`, `detected_level` or `severity` label that names one).
fn loki_labels(sets: &[&Map<String, Value>]) -> (Option<Service>, Option<Level>) {
    let label = |name: &str| {
        sets.iter().find_map(|labels| {
            labels
                .get(name)
                .and_then(Value::as_str)
                .filter(|v| !v.trim().is_empty())
        })
    };
    const SERVICE: [(&str, &str); 4] = [
        ("service_name", "Loki label `service_name`"),
        ("app", "Loki label `app`"),
        ("container", "Loki label `container`"),
        ("job", "Loki label `job`"),
    ];
    const LEVEL: [(&str, &str); 3] = [
        ("level", "Loki label `level`"),
        ("detected_level", "Loki label `detected_level`"),
        ("severity", "Loki label `severity`"),
    ];
    let service = SERVICE
        .iter()
        .find_map(|(name, from)| label(name).map(|s| (s.to_string(), *from)));
    // `detected_level` is `unknown` when Loki found none: the line's own
    // level word is looked for then.
    let level = LEVEL.iter().find_map(|(name, from)| {
        label(name)
            .and_then(super::fields::level_name_rank)
            .map(|rank| (rank, *from))
    });
    (service, level)
}

/// The records of a response of Loki's HTTP API (`GET
/// /loki/api/v1/query_range` or `/query`), as `curl` prints it (on one
/// line) or `jq .` and Grafana's query inspector show it (pretty-printed):
/// `{"status": "success", "data": {"resultType": "streams", "result":
/// [{"stream": {labels}, "values": [["<unix ns>", "<line>"], ...]}],
/// "stats": {...}}}`. A value may have a third element, the entry's
/// structured metadata (its labels, or `{"structuredMetadata": {...},
/// "parsed": {...}}` when categorized labels were asked for), whose labels
/// join the stream's. Each value is a record: its line is the
/// application's line, read as Docker's `log` is, its time stands in for
/// a line without one, and the labels name the service and give the level
/// as logcli's do ([`loki_labels`]); it is named by the line its value
/// starts on. None when `map` is no such response; the reason it is
/// refused for a response of metrics (`resultType` `matrix`, `vector`,
/// `scalar`) or of an error (`"status": "error"`).
fn loki_response(
    map: &mut Map<String, Value>,
    at: &dyn Fn(&str, usize) -> usize,
) -> Option<Result<Vec<Record>, Refusal>> {
    let status = map.get("status").and_then(Value::as_str)?;
    // An error is `{"status": "error", "errorType": ..., "error": ...}`
    // (the Prometheus API's shape), or Loki's own `{"code": 400, "status":
    // "error", "message": ...}`: only those keys, so that a record of an
    // application's log that has a `status` is not taken for one.
    if status == "error" {
        let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::trim);
        let prometheus = map.contains_key("errorType")
            && map.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "status" | "errorType" | "error" | "data" | "warnings"
                )
            });
        let loki = map.len() == 3
            && text("message").is_some()
            && map
                .get("code")
                .and_then(Value::as_u64)
                .is_some_and(|c| (400..600).contains(&c));
        let error = match (prometheus, loki) {
            (true, _) => text("error").unwrap_or(""),
            (_, true) => text("message").unwrap_or(""),
            _ => return None,
        };
        let kind = match text("errorType") {
            Some(kind) if !kind.is_empty() => format!(" ({})", crate::output::line(kind)),
            _ => String::new(),
        };
        return Some(Err(Refusal {
            holds: format!(
                "an error response from the query API, not query results: `{}`{kind}",
                crate::output::line(error)
            ),
            hint: "fix what the error names (the query, its time range, its limits), fetch the results again and import those",
        }));
    }
    if !map
        .keys()
        .all(|k| matches!(k.as_str(), "status" | "data" | "warnings"))
    {
        return None;
    }
    let data = map.get("data").and_then(Value::as_object)?;
    let kind = data.get("resultType").and_then(Value::as_str)?;
    if status != "success" || !data.contains_key("result") {
        return None;
    }
    if kind != "streams" {
        return Some(Err(Refusal {
            holds: format!(
                "query results of metrics (`\"resultType\": \"{}\"`, from a LogQL metric query such as `rate(...)` or `count_over_time(...)`, or from Prometheus), not log lines",
                crate::output::line(kind)
            ),
            hint: "pm imports log lines: query the lines themselves (a log query such as `{app=\"checkout\"} |= \"error\"`, with no `rate(...)` or `count_over_time(...)` around it) and import that response",
        }));
    }
    let Some(Value::Object(mut data)) = map.remove("data") else {
        return None;
    };
    let Some(Value::Array(streams)) = data.remove("result") else {
        return Some(Ok(Vec::new()));
    };
    let empty = Map::new();
    let mut records = Vec::new();
    for (i, stream) in streams.into_iter().enumerate() {
        let Value::Object(mut stream) = stream else {
            continue;
        };
        let labels = match stream.remove("stream") {
            Some(Value::Object(labels)) => labels,
            _ => Map::new(),
        };
        let Some(Value::Array(values)) = stream.remove("values") else {
            continue;
        };
        let path = format!("data.result.{i}.values");
        for (j, value) in values.into_iter().enumerate() {
            let Value::Array(value) = value else {
                continue;
            };
            let (Some(time), Some(Value::String(line))) = (value.first(), value.get(1)) else {
                continue;
            };
            let metadata = value.get(2).and_then(Value::as_object).unwrap_or(&empty);
            let categorized = ["structuredMetadata", "parsed"]
                .map(|k| metadata.get(k).and_then(Value::as_object).unwrap_or(&empty));
            let sets: Vec<&Map<String, Value>> =
                if metadata.contains_key("structuredMetadata") || metadata.contains_key("parsed") {
                    vec![&labels, categorized[0], categorized[1]]
                } else {
                    vec![&labels, metadata]
                };
            let (service, level) = loki_labels(&sets);
            let line_no = at(&path, j);
            let time = super::fields::parse_time(time);
            for mut r in Record::inner(line, time, "Loki API timestamp", (line_no, line_no)) {
                r.service = service.clone();
                r.level = level;
                records.push(r);
            }
        }
    }
    Some(Ok(records))
}

/// Whether an object is a Kubernetes event: `kind: Event`, or the keys
/// of one (`involvedObject` of core/v1, `regarding` of events.k8s.io/v1,
/// with a `reason`).
fn kubernetes_event(map: &Map<String, Value>) -> bool {
    let about = map.get("involvedObject").or_else(|| map.get("regarding"));
    matches!(about, Some(Value::Object(_)))
        && (map.get("kind").and_then(Value::as_str) == Some("Event")
            || (map.contains_key("reason") && map.contains_key("metadata")))
}

/// The records of `kubectl get events -o json` (a `List`, or an
/// `EventList` from the API, of events in `items`), or of one event (`-w
/// -o json`, `jq -c '.items[]'`). An event's line is `reason: message`
/// (`BackOff: Back-off restarting failed container`), its service the
/// object it is about as kubectl names it (`pod/checkout-7d9f`), its level
/// its `type` (`Warning` is warn, `Normal` info), its time when it last
/// happened (`lastTimestamp`, else `series.lastObservedTime`, `eventTime`,
/// `deprecatedLastTimestamp`, `firstTimestamp`, `metadata.creationTimestamp`).
/// None when `map` is none of these.
fn kubernetes_events(
    n: usize,
    map: &Map<String, Value>,
    at: &dyn Fn(&str, usize) -> usize,
) -> Option<(Vec<Record>, Option<More>)> {
    fn record(n: usize, event: &Map<String, Value>) -> Record {
        let text = |k: &str| {
            event
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let message = text("message").or_else(|| text("note"));
        let line = match (text("reason"), message) {
            (Some(reason), Some(message)) => format!("{reason}: {message}"),
            (Some(one), None) | (None, Some(one)) => one.to_string(),
            (None, None) => String::new(),
        };
        const TIMES: [(&str, &str); 6] = [
            ("lastTimestamp", "Kubernetes event `lastTimestamp`"),
            (
                "series.lastObservedTime",
                "Kubernetes event `series.lastObservedTime`",
            ),
            ("eventTime", "Kubernetes event `eventTime`"),
            (
                "deprecatedLastTimestamp",
                "Kubernetes event `deprecatedLastTimestamp`",
            ),
            ("firstTimestamp", "Kubernetes event `firstTimestamp`"),
            (
                "metadata.creationTimestamp",
                "Kubernetes event `metadata.creationTimestamp`",
            ),
        ];
        let value = Value::Object(event.clone());
        let (time, time_from) = TIMES
            .iter()
            .find_map(|(k, from)| {
                super::fields::lookup(&value, k)
                    .and_then(super::fields::parse_time)
                    .map(|t| (Some(t), *from))
            })
            .unwrap_or((None, ""));
        let (about, about_from) = match event.get("involvedObject") {
            Some(v) => (Some(v), "Kubernetes event `involvedObject`"),
            None => (event.get("regarding"), "Kubernetes event `regarding`"),
        };
        let name = |k: &str| {
            about
                .and_then(|a| a.get(k))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let service = name("name").map(|object| {
            let shown = match name("kind") {
                Some(kind) => format!("{}/{object}", kind.to_ascii_lowercase()),
                None => object.to_string(),
            };
            (shown, about_from)
        });
        let level = text("type").and_then(|t| {
            let rank = match t {
                "Normal" => Some(2),
                other => super::fields::level_name_rank(other),
            }?;
            Some((rank, "Kubernetes event `type`"))
        });
        // An event is updated in place as it repeats (its `count`, its
        // last time): the same `uid` at another `resourceVersion` is
        // another occurrence.
        let meta = |k: &str| {
            event
                .get("metadata")
                .and_then(|m| m.get(k))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let id = meta("uid")
            .map(|uid| identity(&["kubernetes", uid, meta("resourceVersion").unwrap_or("")]));
        Record {
            time,
            time_from,
            service,
            level,
            identity: id,
            ..Record::plain(Value::String(line), (n, n))
        }
    }
    if kubernetes_event(map) {
        return Some((vec![record(n, map)], None));
    }
    let list = matches!(
        map.get("kind").and_then(Value::as_str),
        Some("List" | "EventList")
    );
    let Some(Value::Array(items)) = map.get("items") else {
        return None;
    };
    let events: Vec<(usize, &Map<String, Value>)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((i, e.as_object()?)))
        .filter(|(_, e)| kubernetes_event(e))
        .collect();
    // A list of something else (`kubectl get pods -o json`) is not events.
    if !list || (events.is_empty() && !items.is_empty()) {
        return None;
    }
    // The API gives a long list in chunks (`?limit=`): `continue` names
    // the next one.
    let more = map
        .get("metadata")
        .and_then(|m| m.get("continue"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(|_| More::Pages(Format::KubernetesEvents, "metadata.continue"));
    let records = events
        .into_iter()
        .map(|(i, e)| record(at("items", i), e))
        .collect();
    Some((records, more))
}

/// OTLP's `[{"key": k, "value": AnyValue}]` as a JSON object.
fn key_values(list: Value) -> Map<String, Value> {
    let mut out = Map::new();
    if let Value::Array(items) = list {
        for item in items {
            if let Value::Object(mut kv) = item
                && let Some(Value::String(key)) = kv.remove("key")
            {
                let value = kv.remove("value").map_or(Value::Null, any_value);
                out.insert(key, value);
            }
        }
    }
    out
}

/// OTLP's AnyValue (`{"stringValue": ...}`, `{"intValue": "42"}`, arrays,
/// key-value lists) as the plain JSON it stands for.
fn any_value(value: Value) -> Value {
    let Value::Object(map) = value else {
        return value;
    };
    if map.len() != 1 {
        return Value::Object(map);
    }
    let Some((kind, inner)) = map.into_iter().next() else {
        return Value::Null;
    };
    match kind.as_str() {
        "stringValue" | "boolValue" | "doubleValue" | "bytesValue" => inner,
        "intValue" => match &inner {
            Value::String(s) => s.parse::<i64>().map(Value::from).unwrap_or(inner),
            _ => inner,
        },
        "arrayValue" => match inner {
            Value::Object(mut a) => match a.remove("values") {
                Some(Value::Array(values)) => {
                    Value::Array(values.into_iter().map(any_value).collect())
                }
                _ => Value::Array(Vec::new()),
            },
            other => other,
        },
        "kvlistValue" => match inner {
            Value::Object(mut l) => {
                Value::Object(key_values(l.remove("values").unwrap_or_default()))
            }
            other => other,
        },
        _ => {
            let mut map = Map::new();
            map.insert(kind, inner);
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(u: Unwrapped) -> Vec<Record> {
        match u {
            Unwrapped::Records(_, r) => r,
            _ => panic!("no records"),
        }
    }

    /// MAX_DEPTH (and the messages that name 127) is what serde_json reads.
    #[test]
    fn json_nested_deeper_than_max_depth_is_said_to_be() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(Kind::of(&nested(MAX_DEPTH)), Kind::Array);
        assert_eq!(Kind::of(&nested(MAX_DEPTH + 1)), Kind::TooDeep);
        assert!(Kind::TooDeep.line_is().contains(&MAX_DEPTH.to_string()));
        assert!(Kind::TooDeep.element_is().contains(&MAX_DEPTH.to_string()));
        let deep_record = format!("{{\"a\":{}", nested(100_000));
        assert_eq!(Kind::of(&deep_record), Kind::TooDeep);
        // Brackets inside strings do not count.
        assert_eq!(
            Kind::of(&format!("{{\"a\":\"{}\"", "[".repeat(200))),
            Kind::NotJson
        );
        assert_eq!(Kind::of("[1, 2"), Kind::NotJson);
        assert_eq!(Kind::of(" 3 "), Kind::Number);
        let mut u = Unwrapper::default();
        match u.unwrap(1, &deep_record).ok().unwrap() {
            Unwrapped::NotRecord(why) => assert!(why.contains("nested deeper than 127"), "{why}"),
            _ => panic!("a record"),
        }
    }

    #[test]
    fn docker_parts_are_joined() {
        let mut u = Unwrapper::default();
        assert!(maybe_partial(
            br#"{"log":"{\"msg\":\"a","stream":"stdout","time":"2026-11-26T09:00:00Z"}"#
        ));
        assert!(!maybe_partial(
            br#"{"log":"x\n","stream":"stdout","time":"2026-11-26T09:00:00Z"}"#
        ));
        let first = u
            .unwrap(
                1,
                r#"{"log":"{\"msg\":\"a","stream":"stdout","time":"2026-11-26T09:00:00Z"}"#,
            )
            .ok()
            .unwrap();
        assert!(matches!(first, Unwrapped::Partial(Format::Docker)));
        assert!(u.has_pending());
        let rest = u
            .unwrap(
                2,
                r#"{"log":"b\"}\n","stream":"stdout","time":"2026-11-26T09:00:01Z"}"#,
            )
            .ok()
            .unwrap();
        let r = records(rest);
        assert_eq!(r[0].value["msg"], "ab");
        // Named by the line it began on.
        assert_eq!(r[0].first_line, 1);
        assert!(!u.has_pending());
    }

    #[test]
    fn cri_lines() {
        let mut u = Unwrapper::default();
        assert!(maybe_partial(b"2026-11-26T09:00:00.1Z stderr P part"));
        let p = u
            .unwrap(1, "2026-11-26T09:00:00.1Z stderr P ERROR par")
            .ok()
            .unwrap();
        assert!(matches!(p, Unwrapped::Partial(Format::Cri)));
        let r = records(
            u.unwrap(2, "2026-11-26T09:00:00.2Z stderr F t two")
                .ok()
                .unwrap(),
        );
        assert_eq!(r[0].text(), Some("ERROR part two"));
        assert_eq!(r[0].first_line, 1);
        // The record began with its first part.
        assert_eq!(
            r[0].time.unwrap().to_rfc3339(),
            "2026-11-26T09:00:00.100+00:00"
        );
        // A part whose end never came is a record at the end of the input.
        u.unwrap(3, "2026-11-26T09:00:01.5Z stdout P cut off")
            .ok()
            .unwrap();
        let rest = u.finish();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].1.text(), Some("cut off"));
        assert_eq!((rest[0].1.first_line, rest[0].1.last_line), (3, 3));
        assert!(!u.has_pending());
        assert!(matches!(
            u.unwrap(4, "2026 is a year").ok().unwrap(),
            Unwrapped::NotRecord(_)
        ));
    }

    /// Parts are held per container, so what all of them hold is bounded:
    /// past the bound a part is read as a whole line.
    #[test]
    fn parts_held_across_containers_are_bounded() {
        let mut u = Unwrapper::default();
        let big = "x".repeat(MAX_LINE_BYTES - 1024);
        let mut held = 0;
        for c in 0..6 {
            let line = serde_json::json!({
                "time": "2026-11-26T09:00:00Z",
                "stream": "stdout",
                "logtag": "P",
                "message": big,
                "kubernetes": {"container_name": format!("c{c}")},
            })
            .to_string();
            match u.unwrap(c + 1, &line).ok().unwrap() {
                Unwrapped::Partial(Format::FluentBit) => held += 1,
                Unwrapped::Records(Format::FluentBit, r) => assert_eq!(r.len(), 1),
                _ => panic!("not Fluent Bit"),
            }
        }
        assert_eq!(held, MAX_PENDING_BYTES / MAX_LINE_BYTES);
        assert_eq!(u.finish().len(), held);
        assert_eq!(u.pending_bytes, 0);
    }

    #[test]
    fn otlp_records_get_resource_attributes() {
        let line = r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeLogs":[{"scope":{"name":"app"},"logRecords":[{"timeUnixNano":"1","body":{"kvlistValue":{"values":[{"key":"n","value":{"intValue":"3"}}]}},"attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]},{"body":{"stringValue":"two"}}]}]}]}"#;
        let r = records(Unwrapper::default().unwrap(1, line).ok().unwrap());
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].value["resource"]["service.name"], "checkout");
        assert_eq!(r[0].value["body"]["n"], 3);
        assert_eq!(r[0].value["attributes"]["http.method"], "GET");
        assert_eq!(r[1].value["body"], "two");
        assert_eq!(r[1].value["scope"], "app");
    }
}
