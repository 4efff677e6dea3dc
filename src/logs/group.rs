//! Bursts of one message from one service become one entry.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, NaiveTime};

use crate::clock::Local;

use crate::config::Zone;

/// Occurrences of a message at most this far apart belong to one burst.
pub const BURST_GAP_SECONDS: i64 = 60;

/// Where a record was read: the input as shown in messages, and its
/// lines: the first and the last, which differ for a line the runtime
/// split into parts (Docker json-file, CRI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub input: Arc<str>,
    pub first_line: usize,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first_line < self.line {
            write!(f, "{}, lines {}-{}", self.input, self.first_line, self.line)
        } else {
            write!(f, "{}, line {}", self.input, self.line)
        }
    }
}

/// One matching log record.
#[derive(Debug, Clone)]
pub struct Found {
    pub at: DateTime<FixedOffset>,
    pub message: Arc<str>,
    pub service: Option<Arc<str>>,
    pub trace: Option<String>,
    pub origin: Origin,
}

/// A timeline entry made from one record, or from a burst of identical ones.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The first occurrence.
    pub at: DateTime<FixedOffset>,
    /// The last occurrence (the same as `at` for one record).
    pub last: DateTime<FixedOffset>,
    pub count: usize,
    pub message: Arc<str>,
    pub service: Option<Arc<str>>,
    /// The trace id as the log wrote it, when every record had the same.
    pub trace: Option<String>,
    /// Where the first record was read.
    pub origin: Origin,
}

impl Entry {
    /// What the entry's burst is counted on ([`burst_key`]).
    fn key(&self) -> String {
        burst_key(&head(self.service.as_deref(), &self.message))
    }

    /// The entry's text: `service: message`, and for a burst
    /// `service: message ×37 between 09:10:04 and 09:12:31` (the count on
    /// the first line of a message of several lines).
    pub fn text(&self, zone: &Zone) -> String {
        burst_text(
            &head(self.service.as_deref(), &self.message),
            self.count,
            self.at,
            self.last,
            zone,
        )
    }
}

/// The text of one record: `service: message`, the first line without
/// its trailing spaces. What a burst of it is counted on.
fn head(service: Option<&str>, message: &str) -> String {
    let mut text = String::new();
    if let Some(service) = service {
        text.push_str(service);
        text.push_str(": ");
    }
    match message.split_once('\n') {
        Some((first, rest)) => {
            text.push_str(first.trim_end());
            text.push('\n');
            text.push_str(rest);
        }
        None => text.push_str(message.trim_end()),
    }
    text
}

/// A record's text `head` as an entry for `count` records from `first` to
/// `last`: the count and times go at the end of its first line.
fn burst_text(
    head: &str,
    count: usize,
    first: DateTime<FixedOffset>,
    last: DateTime<FixedOffset>,
    zone: &Zone,
) -> String {
    if count <= 1 {
        return head.to_string();
    }
    let (line, rest) = match head.split_once('\n') {
        Some((line, rest)) => (line, Some(rest)),
        None => (head, None),
    };
    let (from, to) = (zone.to_local(first), zone.to_local(last));
    let format = if from.date_naive() == to.date_naive() {
        SAME_DAY
    } else {
        OTHER_DAY
    };
    // The clocks changed within the burst (a DST change): the last time
    // carries its offset, so that `01:59:40 and 01:00:50-05:00` reads as
    // the hour it was.
    let offset = if from.offset() == to.offset() {
        String::new()
    } else {
        to.format("%:z").to_string()
    };
    let mut text = format!(
        "{line} ×{count} between {} and {}{offset}",
        from.format(format),
        to.format(format)
    );
    if let Some(rest) = rest {
        text.push('\n');
        text.push_str(rest);
    }
    text
}

/// How a burst's times are written: the time alone when both are on one
/// day (in the repository's zone), else with the date.
const SAME_DAY: &str = "%H:%M:%S";
const OTHER_DAY: &str = "%Y-%m-%d %H:%M:%S";

/// An imported entry's text without its burst count, the count, and the
/// burst's last time as written: `orders: db timeout ×10 between 09:10:00
/// and 09:10:09` is (`orders: db timeout`, 10, `09:10:09`); a single
/// record's text is itself, once. The lines after the first (a message of
/// several lines) stay in the head.
fn read_burst(text: &str) -> (String, usize, Option<&str>) {
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (text, None),
    };
    let mut head = first;
    let mut count = 1;
    let mut last = None;
    if let Some(at) = first.rfind(" ×") {
        let after = &first[at + " ×".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = after[..digits].parse::<usize>()
            && n > 1
            && let Some(times) = after[digits..].strip_prefix(" between ")
            && let Some((_, to)) = times.rsplit_once(" and ")
        {
            head = &first[..at];
            count = n;
            last = Some(to);
        }
    }
    let mut out = head.to_string();
    if let Some(rest) = rest {
        out.push('\n');
        out.push_str(rest);
    }
    (out, count, last)
}

/// The zone a burst's times were written in: the repository's, unless
/// the entry's time was written with another offset than the
/// repository's zone gives it (the zone changed since), and then that
/// offset. So the text is read, and a grown burst rewritten, in the clock
/// it was written in, whatever `timezone` says now.
pub fn written_zone(at: DateTime<FixedOffset>, zone: &Zone) -> Zone {
    if zone.to_local(at).offset() == at.offset() {
        *zone
    } else {
        Zone::Fixed(*at.offset())
    }
}

/// The instant a burst's last time (`09:10:09`, or with its date, or with
/// its offset after a DST change) names, read in the zone it was written
/// in ([`written_zone`]), on the day of its first record.
fn last_of(to: &str, first: DateTime<FixedOffset>, zone: &Zone) -> Option<DateTime<FixedOffset>> {
    let zone = &written_zone(first, zone);
    let with_offset = |format: &str| DateTime::parse_from_str(to, &format!("{format}%:z")).ok();
    if to.len() > 8
        && let Some(at) = with_offset(OTHER_DAY).or_else(|| {
            let day = zone.to_local(first).date_naive();
            DateTime::parse_from_str(&format!("{day} {to}"), &format!("%Y-%m-%d {SAME_DAY}%:z"))
                .ok()
        })
    {
        return Some(at).filter(|at| *at > first - Duration::seconds(1));
    }
    let naive = match NaiveTime::parse_from_str(to, SAME_DAY) {
        Ok(time) => zone.to_local(first).date_naive().and_time(time),
        Err(_) => NaiveDateTime::parse_from_str(to, OTHER_DAY).ok()?,
    };
    // Written to the second: the burst's first record is within a second
    // before its last. A wall-clock time seen twice (a fold) is the
    // reading that comes after the first record.
    let after = |at: &DateTime<FixedOffset>| *at > first - Duration::seconds(1);
    match zone.resolve(naive)? {
        Local::One(at) => Some(at),
        Local::Twice(early, late) => Some(if after(&early) { early } else { late }),
        Local::Skipped(_) => None,
    }
    .filter(after)
}

/// What bursts are counted on: the first line of a record's text
/// ([`head`]; the lines after it, a stack trace, may differ in a frame's
/// line or a thread), with the numbers of a process or thread marker in
/// brackets made alike, so that one error written by many processes or
/// threads (`[1234] ERROR: deadlock detected`, `[pid 11:tid 40]`,
/// `[pool-1-thread-7]`, `[conn812]`, `sshd[812]:`) is one burst. Other
/// numbers, in brackets or not (`[500]`, `[order-1234]`, `[10.0.0.1]`,
/// `HTTP 503`), still tell records apart. The entry keeps its first
/// record's text.
///
/// The key is of the text cleaned as an import stores it (terminal
/// escapes, control and bidi characters out, a tab a space: [`super::stored`]),
/// so that an entry an earlier pm wrote with them raw is the same record
/// as the cleaned one a new import reads, not added again.
fn burst_key(head: &str) -> String {
    let head = head.split('\n').next().unwrap_or(head);
    let cleaned = super::stored(head);
    let head = cleaned.trim_end();
    let mut out = String::with_capacity(head.len());
    let mut rest = head;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']').filter(|&end| end <= 48) {
            Some(end) if process_marker(&after[..end]) => {
                out.push('[');
                let mut digits = false;
                for c in after[..end].chars() {
                    if c.is_ascii_digit() {
                        if !digits {
                            out.push('0');
                        }
                        digits = true;
                    } else {
                        out.push(c);
                        digits = false;
                    }
                }
                out.push(']');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The [`burst_key`] of records, made once per message and service: the
/// records of a storm share one message (an interned `Arc`), so its
/// thousands of records cost one key, not a `String` each. Keyed by the
/// `Arc`s' addresses, which the cache holds, so none is freed and reused
/// while it is in use.
#[derive(Default)]
struct Keys(HashMap<(usize, usize), Keyed>);

/// A record's message and service (held, so their addresses stay
/// theirs) and their burst key.
struct Keyed {
    _message: Arc<str>,
    _service: Option<Arc<str>>,
    key: Arc<str>,
}

impl Keys {
    fn of(&mut self, f: &Found) -> Arc<str> {
        let address = |text: &Arc<str>| Arc::as_ptr(text).cast::<u8>() as usize;
        let id = (address(&f.message), f.service.as_ref().map_or(0, address));
        self.0
            .entry(id)
            .or_insert_with(|| Keyed {
                _message: f.message.clone(),
                _service: f.service.clone(),
                key: Arc::from(burst_key(&head(f.service.as_deref(), &f.message))),
            })
            .key
            .clone()
    }
}

/// Whether the text inside brackets names a process or thread: numbers
/// (not one that reads as an HTTP status, 100 to 599) and the words
/// servers give their processes and threads, between `-`, `_`, `:`, `#`
/// or spaces: `4242`, `4242-1`, `pid 11:tid 40`, `pool-1-thread-7`,
/// `http-nio-8080-exec-5`, `conn812`, `Thread-12`.
fn process_marker(inner: &str) -> bool {
    const WORDS: &[&str] = &[
        "pid",
        "tid",
        "lwp",
        "thread",
        "worker",
        "pool",
        "exec",
        "executor",
        "nio",
        "http",
        "https",
        "conn",
        "proc",
        "process",
        "task",
        "main",
        "grpc",
        "default",
        "dispatcher",
        "scheduling",
        "async",
        "io",
        "ajp",
        "fiber",
        "goroutine",
        "w",
        "t",
        "p",
    ];
    let mut digits = false;
    for word in inner
        .split(['-', '_', ':', '#', ' '])
        .filter(|w| !w.is_empty())
    {
        let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
        let number = &word[letters.len()..];
        if !letters.is_empty() && !WORDS.contains(&letters.to_ascii_lowercase().as_str()) {
            return false;
        }
        if letters.is_empty()
            && number.len() == 3
            && number
                .parse::<u16>()
                .is_ok_and(|n| (100..=599).contains(&n))
        {
            return false;
        }
        digits |= !number.is_empty();
    }
    digits
}

/// An entry already in the timeline, as an import sees it.
pub struct Written<'a> {
    pub at: DateTime<FixedOffset>,
    pub text: &'a str,
    /// Written as import writes entries (a note without `by`), so that a
    /// burst that grew may update it.
    pub updatable: bool,
}

/// What an import adds to a timeline, and which entries it updates.
#[derive(Debug, Default)]
pub struct Plan {
    /// New entries, in time order.
    pub added: Vec<Entry>,
    /// Bursts that grew since they were imported: the index of the entry
    /// among those written, and its new text.
    pub grown: Vec<(usize, String)>,
}

/// The time a written entry covers, for records with its text: one
/// instant, or a burst's first record to its last.
struct Span {
    index: usize,
    /// The entry's text without its count, as written.
    head: String,
    first: DateTime<FixedOffset>,
    last: DateTime<FixedOffset>,
    /// Covered: `first <= t < end`.
    end: DateTime<FixedOffset>,
    count: usize,
    updatable: bool,
}

/// Which records an import adds, given the entries already written.
///
/// A record is already in the timeline when an entry there has its text
/// (`service: message`, without a burst's count; both cleaned as an import
/// stores text, so an entry an earlier pm wrote with control characters
/// still counts) and its time: the same
/// instant, or for a burst, from its first record to its last (as written,
/// to the second). Such records are left out whether they were grouped
/// before or now, so that importing one log grouped and again with
/// `--no-group`, either way round, adds nothing twice. The other records
/// are grouped (with `group`) into new entries; a new burst that begins at
/// most [`BURST_GAP_SECONDS`] after the last record of an entry import
/// wrote, with the same text ([`burst_key`]), extends that entry instead
/// (the log grew).
/// New entries at the same time with the same text are one.
pub fn plan(found: &[Found], group: bool, written: &[Written], zone: &Zone) -> Plan {
    let mut spans: HashMap<String, Vec<Span>> = HashMap::new();
    for (index, w) in written.iter().enumerate() {
        let (head, count, to) = read_burst(w.text);
        let last = to.and_then(|to| last_of(to, w.at, zone));
        // A burst whose last time cannot be read back (written in another
        // zone) covers its first instant, and is not counted on.
        let (last, end, updatable) = match last {
            Some(last) if count > 1 => (last, last + Duration::seconds(1), w.updatable),
            _ => (
                w.at,
                w.at + Duration::nanoseconds(1),
                w.updatable && count == 1,
            ),
        };
        spans.entry(burst_key(&head)).or_default().push(Span {
            index,
            head,
            first: w.at,
            last,
            end,
            count,
            updatable,
        });
    }
    // Per text, the spans by first time, and the latest end of each
    // prefix: a time is covered when a span starting at or before it ends
    // after it, however many entries have that text.
    let mut reach: HashMap<String, Vec<DateTime<FixedOffset>>> = HashMap::new();
    for (head, list) in spans.iter_mut() {
        list.sort_by_key(|s| s.first);
        let mut ends = Vec::with_capacity(list.len());
        for s in list.iter() {
            let end = ends
                .last()
                .map_or(s.end, |m: &DateTime<FixedOffset>| s.end.max(*m));
            ends.push(end);
        }
        reach.insert(head.clone(), ends);
    }
    let mut keys = Keys::default();
    let mut covered = |f: &Found| {
        let head = keys.of(f);
        let (Some(list), Some(ends)) = (spans.get(&*head), reach.get(&*head)) else {
            return false;
        };
        let k = list.partition_point(|s| s.first <= f.at);
        k > 0 && ends[k - 1] > f.at
    };
    let fresh: Vec<Found> = if spans.is_empty() {
        found.to_vec()
    } else {
        found.iter().filter(|f| !covered(f)).cloned().collect()
    };
    drop(keys);
    let mut seen = std::collections::HashSet::new();
    let mut added: Vec<Entry> = entries(fresh, group)
        .into_iter()
        .filter(|e| seen.insert((e.at, e.text(zone))))
        .collect();
    let mut grown: Vec<(usize, String)> = Vec::new();
    if group {
        let gap = Duration::seconds(BURST_GAP_SECONDS);
        added.retain(|e| {
            let Some(span) = spans.get_mut(&e.key()).and_then(|list| {
                list.iter_mut()
                    .filter(|s| s.updatable && s.last <= e.at && e.at - s.last <= gap)
                    .max_by_key(|s| s.last)
            }) else {
                return true;
            };
            span.count += e.count;
            span.last = span.last.max(e.last);
            let zone = &written_zone(span.first, zone);
            let text = burst_text(&span.head, span.count, span.first, span.last, zone);
            match grown.iter_mut().find(|(i, _)| *i == span.index) {
                Some(update) => update.1 = text,
                None => grown.push((span.index, text)),
            }
            false
        });
    }
    Plan { added, grown }
}

/// Entries in time order (records at the same time keep the order they
/// were read in). With `group`, a record joins the burst of the same
/// message from the same service (the same [`burst_key`]) when it comes at most
/// [`BURST_GAP_SECONDS`] after the burst's last one.
pub fn entries(mut found: Vec<Found>, group: bool) -> Vec<Entry> {
    found.sort_by_key(|f| f.at);
    let gap = Duration::seconds(BURST_GAP_SECONDS);
    let mut out: Vec<Entry> = Vec::with_capacity(found.len());
    let mut open: HashMap<Arc<str>, usize> = HashMap::new();
    let mut keys = Keys::default();
    for f in found {
        let key = keys.of(&f);
        if group
            && let Some(&i) = open.get(&key)
            && f.at - out[i].last <= gap
        {
            let entry = &mut out[i];
            entry.count += 1;
            entry.last = f.at;
            if entry.trace != f.trace {
                entry.trace = None;
            }
            continue;
        }
        open.insert(key, out.len());
        out.push(Entry {
            at: f.at,
            last: f.at,
            count: 1,
            message: f.message,
            service: f.service,
            trace: f.trace,
            origin: f.origin,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(at: &str, service: &str, message: &str) -> Found {
        Found {
            at: DateTime::parse_from_rfc3339(at).unwrap(),
            message: message.into(),
            service: Some(service.into()),
            trace: Some("t".into()),
            origin: Origin {
                input: "app.log".into(),
                first_line: 1,
                line: 1,
            },
        }
    }

    #[test]
    fn bursts_group_per_service_and_gap() {
        let all = vec![
            found("2026-11-26T09:10:00Z", "checkout", "db timeout"),
            found("2026-11-26T09:10:30Z", "cart", "db timeout"),
            found("2026-11-26T09:11:00Z", "checkout", "db timeout"),
            found("2026-11-26T09:12:00Z", "checkout", "db timeout"),
            found("2026-11-26T09:20:00Z", "checkout", "db timeout"),
        ];
        let zone = Zone::parse("UTC").unwrap();
        let grouped = entries(all.clone(), true);
        let texts: Vec<String> = grouped.iter().map(|e| e.text(&zone)).collect();
        assert_eq!(
            texts,
            [
                "checkout: db timeout ×3 between 09:10:00 and 09:12:00",
                "cart: db timeout",
                "checkout: db timeout",
            ]
        );
        assert_eq!(entries(all, false).len(), 5);
    }

    /// One error from many processes or threads is one burst; numbers
    /// outside brackets still tell messages apart.
    #[test]
    fn bursts_ignore_the_process_and_thread_in_brackets() {
        assert_eq!(
            burst_key("[4411] ERROR:  deadlock detected"),
            burst_key("[17] ERROR:  deadlock detected")
        );
        assert_eq!(
            burst_key("sshd[812]: [pool-1-thread-12] refused"),
            "sshd[0]: [pool-0-thread-0] refused"
        );
        assert_ne!(
            burst_key("HTTP 500 from /pay"),
            burst_key("HTTP 503 from /pay")
        );
        assert_eq!(burst_key("[unclosed 12"), "[unclosed 12");
        assert_eq!(burst_key("a [b c] [ü1]"), "a [b c] [ü1]");
        assert_eq!(burst_key("[pid 11:tid 4328] AH01"), "[pid 0:tid 0] AH01");
        assert_eq!(burst_key("[conn812] end"), "[conn0] end");
        // Attack 73: numbers that tell records apart, in brackets too.
        for (a, b) in [
            ("[500] x", "[503] x"),
            ("[order-1234] failed", "[order-5678] failed"),
            ("[HTTP-500] x", "[HTTP-200] x"),
            ("[status=500] x", "[status=404] x"),
            ("[sev1] x", "[sev4] x"),
            ("[10.0.0.1] x", "[10.0.0.2] x"),
            ("[disk=95%] x", "[disk=5%] x"),
        ] {
            assert_ne!(burst_key(a), burst_key(b), "{a} / {b}");
        }
        let zone = Zone::parse("UTC").unwrap();
        let all = vec![
            found(
                "2026-11-26T09:10:00Z",
                "db",
                "[4411] ERROR:  deadlock detected",
            ),
            found(
                "2026-11-26T09:10:01Z",
                "db",
                "[4412] ERROR:  deadlock detected",
            ),
            found(
                "2026-11-26T09:10:02Z",
                "db",
                "[90] ERROR:  deadlock detected",
            ),
        ];
        let texts: Vec<String> = entries(all, true).iter().map(|e| e.text(&zone)).collect();
        assert_eq!(
            texts,
            ["db: [4411] ERROR:  deadlock detected ×3 between 09:10:00 and 09:10:02"]
        );
    }

    #[test]
    fn a_burst_is_its_message_count_and_last_time() {
        assert_eq!(
            read_burst("orders: db timeout ×10 between 09:10:00 and 09:10:09"),
            ("orders: db timeout".to_string(), 10, Some("09:10:09"))
        );
        assert_eq!(
            read_burst("boom ×2 between 2026-11-26 23:59:59 and 2026-11-27 00:00:10\nat line 3"),
            (
                "boom\nat line 3".to_string(),
                2,
                Some("2026-11-27 00:00:10")
            )
        );
        assert_eq!(
            read_burst("price ×3 apples"),
            ("price ×3 apples".to_string(), 1, None)
        );
        let zone = Zone::parse("UTC").unwrap();
        let first = DateTime::parse_from_rfc3339("2026-11-26T23:59:59Z").unwrap();
        assert_eq!(
            last_of("2026-11-27 00:00:10", first, &zone).map(|t| t.to_rfc3339()),
            Some("2026-11-27T00:00:10+00:00".to_string())
        );
        assert_eq!(last_of("23:59:30", first, &zone), None);
    }

    /// Records already written, grouped or apart, are not added again,
    /// whichever way they are imported now; a burst that grew is updated.
    #[test]
    fn written_entries_cover_their_records_grouped_or_not() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let log: Vec<Found> = ["10:00", "10:10", "10:20", "12:00"]
            .iter()
            .map(|t| found(&format!("2026-11-26T09:{t}Z"), "checkout", "db timeout"))
            .collect();
        let texts =
            |plan: &Plan| -> Vec<String> { plan.added.iter().map(|e| e.text(&zone)).collect() };
        let write = |entries: &[Entry]| -> Vec<(DateTime<FixedOffset>, String)> {
            // As the import writes them: `at` in the repository's zone.
            entries
                .iter()
                .map(|e| (zone.to_local(e.at), e.text(&zone)))
                .collect()
        };
        for first_grouped in [true, false] {
            let first = plan(&log, first_grouped, &[], &zone);
            assert_eq!(first.added.len(), if first_grouped { 2 } else { 4 });
            let timeline = write(&first.added);
            let as_written: Vec<Written> = timeline
                .iter()
                .map(|(at, text)| Written {
                    at: *at,
                    text,
                    updatable: true,
                })
                .collect();
            for group in [true, false] {
                let again = plan(&log, group, &as_written, &zone);
                assert!(
                    again.added.is_empty() && again.grown.is_empty(),
                    "{again:?}"
                );
            }
        }
        // Grouped, then the log grew: the burst is updated, not repeated.
        let first = plan(&log[..3], true, &[], &zone);
        assert_eq!(
            texts(&first),
            ["checkout: db timeout ×3 between 10:10:00 and 10:10:20"]
        );
        let timeline = write(&first.added);
        let as_written = [Written {
            at: timeline[0].0,
            text: &timeline[0].1,
            updatable: true,
        }];
        let mut grown = log.clone();
        grown.insert(3, found("2026-11-26T09:11:00Z", "checkout", "db timeout"));
        let again = plan(&grown, true, &as_written, &zone);
        assert_eq!(
            again.grown,
            [(
                0,
                "checkout: db timeout ×5 between 10:10:00 and 10:12:00".to_string()
            )]
        );
        assert!(again.added.is_empty());
        // Not written by import (a person's entry): covered, never updated.
        let theirs = [Written {
            updatable: false,
            ..as_written[0]
        }];
        let again = plan(&grown, true, &theirs, &zone);
        assert!(again.grown.is_empty());
        assert_eq!(
            texts(&again),
            ["checkout: db timeout ×2 between 10:11:00 and 10:12:00"]
        );
        // A burst whose last time does not read back (written in another
        // zone) covers its first record only and is never recounted.
        let elsewhere = [Written {
            text: "checkout: db timeout ×3 between 01:10:00 and 01:10:20",
            ..as_written[0]
        }];
        let again = plan(&log[..3], true, &elsewhere, &zone);
        assert!(again.grown.is_empty());
        assert_eq!(
            texts(&again),
            ["checkout: db timeout ×2 between 10:10:10 and 10:10:20"]
        );
    }
}
