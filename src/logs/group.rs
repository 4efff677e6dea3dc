//! Bursts of one message from one service become one entry.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset};

use crate::config::Zone;

/// Occurrences of a message at most this far apart belong to one burst.
pub const BURST_GAP_SECONDS: i64 = 60;

/// Where a record was read: the input as shown in messages, and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub input: Arc<str>,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}", self.input, self.line)
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
    /// The entry's text: `service: message`, and for a burst
    /// `service: message ×37 between 09:10:04 and 09:12:31` (the count on
    /// the first line of a message of several lines).
    pub fn text(&self, zone: &Zone) -> String {
        let mut text = String::new();
        if let Some(service) = &self.service {
            text.push_str(service);
            text.push_str(": ");
        }
        let (first, rest) = match self.message.split_once('\n') {
            Some((first, rest)) => (first, Some(rest)),
            None => (&*self.message, None),
        };
        text.push_str(first.trim_end());
        if self.count > 1 {
            let (from, to) = (zone.to_local(self.at), zone.to_local(self.last));
            let format = if from.date_naive() == to.date_naive() {
                "%H:%M:%S"
            } else {
                "%Y-%m-%d %H:%M:%S"
            };
            text.push_str(&format!(
                " ×{} between {} and {}",
                self.count,
                from.format(format),
                to.format(format)
            ));
        }
        if let Some(rest) = rest {
            text.push('\n');
            text.push_str(rest);
        }
        text
    }
}

/// An imported entry's text without its burst count, and the count:
/// `orders: db timeout ×10 between 09:10:00 and 09:10:09` is
/// (`orders: db timeout`, 10); a single record's text is itself, once.
/// The lines after the first (a message of several lines) stay in the head.
pub fn burst_of(text: &str) -> (String, usize) {
    let (first, rest) = match text.split_once('\n') {
        Some((first, rest)) => (first, Some(rest)),
        None => (text, None),
    };
    let mut head = first;
    let mut count = 1;
    if let Some(at) = first.rfind(" ×") {
        let after = &first[at + " ×".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = after[..digits].parse::<usize>()
            && n > 1
            && after[digits..].starts_with(" between ")
            && after[digits..].contains(" and ")
        {
            head = &first[..at];
            count = n;
        }
    }
    let mut out = head.to_string();
    if let Some(rest) = rest {
        out.push('\n');
        out.push_str(rest);
    }
    (out, count)
}

/// Entries in time order (records at the same time keep the order they
/// were read in). With `group`, a record joins the burst of the same
/// message from the same service when it comes at most
/// [`BURST_GAP_SECONDS`] after the burst's last one.
pub fn entries(mut found: Vec<Found>, group: bool) -> Vec<Entry> {
    found.sort_by_key(|f| f.at);
    let gap = Duration::seconds(BURST_GAP_SECONDS);
    let mut out: Vec<Entry> = Vec::with_capacity(found.len());
    let mut open: HashMap<(Option<Arc<str>>, Arc<str>), usize> = HashMap::new();
    for f in found {
        let key = (f.service.clone(), f.message.clone());
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

    #[test]
    fn a_burst_is_its_message_and_count() {
        assert_eq!(
            burst_of("orders: db timeout ×10 between 09:10:00 and 09:10:09"),
            ("orders: db timeout".to_string(), 10)
        );
        assert_eq!(
            burst_of("boom ×2 between 2026-11-26 23:59:59 and 2026-11-27 00:00:10\nat line 3"),
            ("boom\nat line 3".to_string(), 2)
        );
        assert_eq!(
            burst_of("price ×3 apples"),
            ("price ×3 apples".to_string(), 1)
        );
    }
}
