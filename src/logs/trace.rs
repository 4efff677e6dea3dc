//! One trace id, many spellings.
//!
//! A request that crosses a Lambda (AWS X-Ray), a service instrumented with
//! OpenTelemetry (W3C Trace Context) and one traced by Datadog is logged
//! with the same 128-bit id written three ways. [`TraceId::parse`] reads
//! each spelling into the id it stands for, and [`TraceId::matches`] says
//! whether two spellings name the same trace:
//!
//! | spelling | example | id |
//! |---|---|---|
//! | W3C / OpenTelemetry | `5b8efff798038103d269b633813fc60c` | the 128 bits |
//! | W3C `traceparent` | `00-5b8e…fc60c-00f067aa0ba902b7-01` | the 128 bits |
//! | AWS X-Ray | `1-5b8efff7-98038103d269b633813fc60c` | the 8 + 24 hex digits |
//! | X-Ray header | `Root=1-5b8efff7-…;Parent=…;Sampled=1` | its `Root` |
//! | Google Cloud | `projects/P/traces/5b8e…fc60c` | the part after `traces/` |
//! | Datadog | `15212251787654488076` | the low 64 bits, in decimal |
//!
//! A Datadog decimal id carries only the low 64 bits, so it matches every
//! 128-bit id with those low bits (as Datadog itself correlates them).
//! Anything else is an opaque id, matched exactly.

/// A trace id as read from a log or typed after `--trace-id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceId {
    /// A 128-bit id (W3C, X-Ray, Google Cloud, 128-bit Datadog hex, UUID).
    Full(u128),
    /// Only the low 64 bits are known (Datadog's decimal form).
    Low(u64),
    /// Some other id, compared as written.
    Opaque(String),
}

impl TraceId {
    /// Read any of the spellings above; surrounding space is ignored.
    pub fn parse(text: &str) -> TraceId {
        let text = text.trim();
        parse_known(text).unwrap_or_else(|| TraceId::Opaque(text.to_string()))
    }

    /// Whether two ids name the same trace.
    pub fn matches(&self, other: &TraceId) -> bool {
        match (self, other) {
            (TraceId::Full(a), TraceId::Full(b)) => a == b,
            (TraceId::Low(a), TraceId::Low(b)) => a == b,
            (TraceId::Full(a), TraceId::Low(b)) | (TraceId::Low(b), TraceId::Full(a)) => {
                *a as u64 == *b
            }
            (TraceId::Opaque(a), TraceId::Opaque(b)) => a == b,
            _ => false,
        }
    }

    /// Byte strings at least one of which appears in any line that holds
    /// this trace id in one of its spellings, so that lines holding none
    /// can be skipped without parsing them. None when that cannot be said
    /// (an opaque id JSON might escape).
    ///
    /// Every hex spelling of a 128-bit id ends with the 16 hex digits of
    /// its low 64 bits (X-Ray's last 24 digits, the W3C id, a GCP path), in
    /// lower case as the formats write them or in upper case (a UUID's
    /// last 12 of them are unbroken); the Datadog form is the decimal of
    /// the same 64 bits.
    pub fn needles(&self) -> Option<Vec<Vec<u8>>> {
        let low = match self {
            TraceId::Full(id) => *id as u64,
            TraceId::Low(id) => *id,
            TraceId::Opaque(text) => {
                let plain = !text.is_empty()
                    && text
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b'/'));
                return plain.then(|| vec![text.as_bytes().to_vec()]);
            }
        };
        let hex = format!("{low:016x}");
        // A UUID spelling splits the low 64 bits after 4 digits: its last
        // 12 digits are whole.
        let uuid_tail = hex[4..].to_string();
        Some(vec![
            hex.clone().into_bytes(),
            hex.to_ascii_uppercase().into_bytes(),
            low.to_string().into_bytes(),
            uuid_tail.clone().into_bytes(),
            uuid_tail.to_ascii_uppercase().into_bytes(),
        ])
    }

    /// The W3C spelling (32 lower-case hex digits), when the whole id is known.
    pub fn w3c(&self) -> Option<String> {
        match self {
            TraceId::Full(id) => Some(format!("{id:032x}")),
            _ => None,
        }
    }

    /// The X-Ray spelling `1-<8 hex>-<24 hex>`, when the whole id is known.
    pub fn xray(&self) -> Option<String> {
        self.w3c()
            .map(|hex| format!("1-{}-{}", &hex[..8], &hex[8..]))
    }

    /// The Datadog spelling: the low 64 bits in decimal.
    pub fn datadog(&self) -> Option<String> {
        match self {
            TraceId::Full(id) => Some((*id as u64).to_string()),
            TraceId::Low(id) => Some(id.to_string()),
            TraceId::Opaque(_) => None,
        }
    }
}

fn parse_known(text: &str) -> Option<TraceId> {
    // An X-Ray header (`X-Amzn-Trace-Id`): the trace is its `Root`.
    if let Some(at) = text.find("Root=") {
        let rest = &text[at + "Root=".len()..];
        let end = rest.find([';', ',', ' ']).unwrap_or(rest.len());
        return parse_known(&rest[..end]);
    }
    // A Google Cloud trace resource name.
    if text.starts_with("projects/")
        && let Some(at) = text.rfind("/traces/")
    {
        return parse_known(&text[at + "/traces/".len()..]);
    }
    let bytes = text.as_bytes();
    match bytes.len() {
        // W3C trace-id.
        32 => hex128(text).map(TraceId::Full),
        // X-Ray: version 1, 8 hex digits of epoch seconds, 24 random hex digits.
        35 if text.starts_with("1-") && bytes[10] == b'-' => {
            let joined = format!("{}{}", &text[2..10], &text[11..]);
            hex128(&joined).map(TraceId::Full)
        }
        // W3C traceparent: version-traceid-parentid-flags.
        55 if bytes[2] == b'-' && bytes[35] == b'-' && bytes[52] == b'-' => {
            hex128(&text[3..35]).map(TraceId::Full)
        }
        // The same 128 bits written as a UUID (8-4-4-4-12), as some
        // tracers and log pipelines print them.
        36 if [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-') => {
            hex128(&text.replace('-', "")).map(TraceId::Full)
        }
        // Datadog: an unsigned 64-bit integer in decimal.
        1..=20 if bytes.iter().all(u8::is_ascii_digit) => text.parse().ok().map(TraceId::Low),
        _ => None,
    }
}

/// Exactly 32 hex digits as a number (no sign, no prefix).
fn hex128(text: &str) -> Option<u128> {
    if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const W3C: &str = "5b8efff798038103d269b633813fc60c";

    #[test]
    fn the_issue_example_is_one_trace() {
        let xray = TraceId::parse("1-5b8efff7-98038103d269b633813fc60c");
        let w3c = TraceId::parse(W3C);
        assert!(xray.matches(&w3c));
        assert_eq!(xray, w3c);
        let header = TraceId::parse(
            "Root=1-5b8efff7-98038103d269b633813fc60c;Parent=53995c3f42cd8ad8;Sampled=1",
        );
        assert_eq!(header, w3c);
        let gcp = TraceId::parse("projects/my-project/traces/5b8efff798038103d269b633813fc60c");
        assert_eq!(gcp, w3c);
        let dd = TraceId::parse(&(0xd269b633813fc60cu64).to_string());
        assert!(dd.matches(&w3c) && w3c.matches(&dd));
        assert!(!dd.matches(&TraceId::parse("5b8efff798038103d269b633813fc60d")));
        let upper = TraceId::parse(&W3C.to_ascii_uppercase());
        assert_eq!(upper, w3c);
        let parent = TraceId::parse(&format!("00-{W3C}-00f067aa0ba902b7-01"));
        assert_eq!(parent, w3c);
    }

    #[test]
    fn other_ids_are_opaque_and_exact() {
        assert_eq!(TraceId::parse(" abc123 "), TraceId::Opaque("abc123".into()));
        assert!(TraceId::parse("abc123").matches(&TraceId::parse("abc123")));
        assert!(!TraceId::parse("abc123").matches(&TraceId::parse("ABC123")));
        // 33 hex digits, an X-Ray id with a bad version, a number too big for 64 bits.
        for text in [
            "5b8efff798038103d269b633813fc60c0",
            "2-5b8efff7-98038103d269b633813fc60c",
            "18446744073709551616",
        ] {
            assert!(matches!(TraceId::parse(text), TraceId::Opaque(_)), "{text}");
        }
    }

    #[test]
    fn needles_are_in_every_spelling() {
        let id = TraceId::parse(W3C);
        let needles = id.needles().unwrap();
        for spelling in [
            W3C.to_string(),
            id.xray().unwrap(),
            format!("projects/p/traces/{W3C}"),
            id.datadog().unwrap(),
            W3C.to_ascii_uppercase(),
        ] {
            assert!(
                needles
                    .iter()
                    .any(|n| memchr::memmem::find(spelling.as_bytes(), n).is_some()),
                "{spelling}"
            );
        }
        assert!(TraceId::parse("a/b").needles().is_none());
    }
}
