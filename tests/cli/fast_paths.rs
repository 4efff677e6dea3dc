//! The fast paths against the full ones, on the library itself.
//!
//! pm reads its own layout with a strict scanner (src/yaml/fast.rs) and
//! summaries straight from its tree (src/index/typed.rs). Each may decline;
//! when it does not, it must give exactly what the full parser gives. The
//! documents here are written in the layouts a person might use: every
//! quoting style, flow and block collections, comments everywhere, anchors
//! and aliases, CRLF, a BOM, odd indentation, unknown keys, values of the
//! wrong type, duplicate keys, dates that are not dates. A second test
//! writes documents the way pm itself does and checks that the fast paths
//! do not decline them, so that the speed they exist for is kept.

use pm::index::Summary;
use pm::lint::{LintConfig, Linter};
use pm::store;
use pm::yaml;
use proptest::prelude::*;

/// How a document is laid out, chosen once per document.
#[derive(Debug, Clone)]
struct Layout {
    indent: usize,
    /// Sequences at their key's column (`- ` under `key:`), not indented.
    indentless: bool,
    /// Spaces after a dash.
    gap: usize,
    crlf: bool,
    bom: bool,
    comments: bool,
    /// Spaces on blank lines.
    blank_pad: usize,
}

fn layout(n: Noise) -> impl Strategy<Value = Layout> {
    (
        either(n, Just(2usize), 1usize..=4),
        any::<bool>(),
        either(n, Just(1usize), 2usize..=3),
        either(n, Just(false), Just(true)),
        either(n, Just(false), Just(true)),
        any::<bool>(),
        either(n, Just(0usize), 1usize..=6),
    )
        .prop_map(
            |(indent, indentless, gap, crlf, bom, comments, blank_pad)| Layout {
                indent,
                indentless,
                gap,
                crlf,
                bom,
                comments,
                blank_pad,
            },
        )
}

/// How one scalar is written.
#[derive(Debug, Clone, Copy)]
enum Quote {
    /// As pm writes a one-line value (`yaml::scalar`).
    Pm,
    /// Exactly as typed, whatever YAML makes of it.
    Plain,
    Single,
    Double,
    /// A double-quoted scalar with YAML's own escapes (`\x41`, `\e`, `\N`).
    DoubleYaml,
    /// `|`, `|-` or `|+`, maybe with a blank first line.
    Literal(&'static str, bool),
    Folded,
    /// As pm writes text with line breaks (`yaml::block_scalar`).
    PmBlock,
}

/// How odd a document is: out of 100 choices, how many are unusual. Most
/// documents are nearly clean, so that a single oddity is tested on its
/// own (one anywhere makes the fast paths decline the whole file).
type Noise = u32;

fn noise() -> impl Strategy<Value = Noise> {
    prop_oneof![3 => Just(0u32), 3 => Just(2u32), 2 => Just(8u32), 1 => Just(30u32)]
}

/// A clean choice, or now and then an odd one.
fn either<T: std::fmt::Debug + Clone + 'static>(
    n: Noise,
    clean: impl Strategy<Value = T> + 'static,
    odd: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<T> {
    if n == 0 {
        return clean.boxed();
    }
    prop_oneof![100 - n => clean, n => odd].boxed()
}

fn odd_quote() -> impl Strategy<Value = Quote> {
    prop_oneof![
        3 => Just(Quote::Plain),
        2 => Just(Quote::Single),
        2 => Just(Quote::Double),
        1 => Just(Quote::DoubleYaml),
        2 => (prop::sample::select(vec!["", "-", "+"]), prop::bool::weighted(0.2))
            .prop_map(|(c, blank)| Quote::Literal(c, blank)),
        1 => Just(Quote::Folded),
        2 => Just(Quote::PmBlock),
        2 => Just(Quote::Pm),
    ]
}

/// Text a person might write.
fn clean_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[A-Za-z][A-Za-z0-9 .,'()/%:#-]{0,30}",
        1 => "[A-Za-z][a-z ]{0,12}\n[a-z #:-]{0,12}(\n\n[a-z ]{1,8})?\n?",
        1 => "[A-Za-zé—’ ]{1,20}",
    ]
}

/// Text that looks like something else.
fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "", "~", "null", "Null", "NULL", "nUll", "true", "no", "12", "1.5", "0x1F", ".inf",
            "2026-11-20", "a: b", "a:b", "x #y", "x#y", "#x", "- x", "-x", "[x]", "{x}",
            "x, y", "'q'", "\"dq\"", "it's", "*x", "&x", "!x", "%x", "@x", "`x`", "|x",
            ">x", "?x", ":x", "x:", "é", "Zürich — ok", "tab\there", "a\\b", "a\u{2028}b",
            "a\u{85}b", "\u{feff}x", "  lead", "trail  ", "http://a.b/c?d=e#f", "C# is",
            "a ## b", "x  # y", "<<", "---", "...", "a\u{7f}b", "line\r\nbreak", "\u{202e}rtl",
            "a\u{8}b", "x\n  indented\n", "\n\nlead", "tail\n\n\n",
        ])
        .prop_map(str::to_string),
        1 => "\\PC{0,16}",
    ]
}

/// A scalar value as typed and how it is written.
#[derive(Debug, Clone)]
struct Scalar {
    text: String,
    quote: Quote,
    anchor: Option<&'static str>,
    comment: bool,
}

/// A scalar: person's text written as pm would, or data written plainly.
fn scalar_of(
    n: Noise,
    text: impl Strategy<Value = String> + 'static,
    clean_quote: Quote,
) -> impl Strategy<Value = Scalar> {
    (
        either(n, text, odd_text()),
        either(n, Just(clean_quote), odd_quote()),
        either(n, Just(None), Just(Some("a1"))),
        either(n, Just(false), Just(true)),
    )
        .prop_map(|(text, quote, anchor, comment)| Scalar {
            text,
            quote,
            anchor,
            comment,
        })
}

/// A value of any shape.
#[derive(Debug, Clone)]
enum Value {
    Scalar(Scalar),
    /// `key:` with nothing, `~` or `null`.
    Null(&'static str),
    Alias(&'static str),
    List(Vec<Value>, bool),
    Map(Vec<(String, Value)>, bool),
}

fn date_text(n: Noise) -> impl Strategy<Value = String> {
    either(
        n,
        (2020u32..2028, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        prop::sample::select(vec![
            "2026-1-5",
            "2026-02-30",
            "2026-13-01",
            " 2026-11-20 ",
            "2026/11/20",
            "x",
            "",
            "20261120",
            "+2026-11-20",
            "2026-11-20T10:00:00Z",
            "0000-01-01",
        ])
        .prop_map(str::to_string),
    )
}

fn time_text(n: Noise) -> impl Strategy<Value = String> {
    either(
        n,
        (1u32..29, 0u32..24, 0u32..60)
            .prop_map(|(d, h, m)| format!("2026-11-{d:02}T{h:02}:{m:02}:00Z")),
        prop::sample::select(vec![
            "2026-11-20 10:00:00Z",
            "2026-11-20T10:00:00+01:00",
            "2026-11-20T10:00:00+0100",
            "2026-11-20T10:00:00.5Z",
            "2026-11-20T25:00:00Z",
            "2026-11-20",
            "10:00",
            "",
        ])
        .prop_map(str::to_string),
    )
}

fn word(n: Noise, words: &'static [&'static str]) -> impl Strategy<Value = String> {
    either(
        n,
        prop::sample::select(words).prop_map(str::to_string),
        odd_text(),
    )
}

/// A value that is usually of the type the key wants, sometimes not.
fn field(n: Noise, typed: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    either(
        n,
        typed,
        prop_oneof![
            prop::sample::select(vec!["", " ~", " null"]).prop_map(Value::Null),
            scalar_of(n, clean_text(), Quote::Pm).prop_map(Value::Scalar),
            Just(Value::Alias("a1")),
            prop::collection::vec(
                scalar_of(n, clean_text(), Quote::Pm).prop_map(Value::Scalar),
                0..3
            )
            .prop_map(|items| Value::List(items, false)),
        ],
    )
}

/// Prose: one line as pm writes it, or several in a block scalar.
fn prose(n: Noise) -> impl Strategy<Value = Value> {
    prop_oneof![
        scalar_of(n, clean_text(), Quote::Pm).prop_map(Value::Scalar),
        scalar_of(n, clean_text(), Quote::PmBlock).prop_map(Value::Scalar),
    ]
}

/// Data written plainly: dates, times, statuses, ids.
fn data(n: Noise, text: impl Strategy<Value = String> + 'static) -> impl Strategy<Value = Value> {
    scalar_of(n, text, Quote::Plain).prop_map(Value::Scalar)
}

fn strings(n: Noise) -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(
            scalar_of(n, "[a-z@][a-z0-9 -]{0,12}", Quote::Pm).prop_map(Value::Scalar),
            0..4,
        ),
        any::<bool>(),
    )
        .prop_map(|(items, flow)| Value::List(items, flow))
}

fn mapping(
    n: Noise,
    entries: Vec<(&'static str, BoxedStrategy<Value>)>,
    flow: bool,
) -> impl Strategy<Value = Value> {
    let keys: Vec<&'static str> = entries.iter().map(|(k, _)| *k).collect();
    let values: Vec<BoxedStrategy<Option<Value>>> = entries
        .into_iter()
        .map(|(_, v)| either(n, v.prop_map(Some), Just(None)))
        .collect();
    (values, either(n, Just(flow), Just(!flow)), extra_key(n)).prop_map(
        move |(values, flow, extra)| {
            let mut out: Vec<(String, Value)> = keys
                .iter()
                .zip(values)
                .filter_map(|(k, v)| Some((k.to_string(), v?)))
                .collect();
            if let Some(extra) = extra {
                out.push(extra);
            }
            Value::Map(out, flow)
        },
    )
}

/// Now and then a key pm does not know, or one written twice.
fn extra_key(n: Noise) -> impl Strategy<Value = Option<(String, Value)>> {
    either(
        n,
        Just(None),
        prop_oneof![
            (
                prop::sample::select(vec![
                    "custom", "x-ref", "Title", "true", "status", "id", "note"
                ]),
                scalar_of(n, clean_text(), Quote::Pm).prop_map(Value::Scalar)
            )
                .prop_map(|(k, v)| Some((k.to_string(), v))),
            Just(Some((
                "custom".to_string(),
                Value::Map(vec![("kept".into(), Value::Null(" ~"))], true),
            ))),
        ],
    )
}

fn postmortem(n: Noise) -> impl Strategy<Value = Value> {
    let timeline_entry = mapping(
        n,
        vec![
            ("at", field(n, data(n, time_text(n)))),
            (
                "kind",
                field(n, data(n, word(n, &["note", "detected", "impact-start"]))),
            ),
            ("text", field(n, prose(n))),
            ("by", field(n, prose(n))),
        ],
        false,
    );
    let action = mapping(
        n,
        vec![
            ("id", field(n, data(n, word(n, &["A1", "A2", "A10"])))),
            ("title", field(n, prose(n))),
            (
                "owner",
                field(
                    n,
                    scalar_of(n, word(n, &["payments", "@eng001", "sre-team"]), Quote::Pm)
                        .prop_map(Value::Scalar),
                ),
            ),
            ("due", field(n, data(n, date_text(n)))),
            (
                "status",
                field(n, data(n, word(n, &["open", "done", "dropped"]))),
            ),
            ("type", field(n, data(n, word(n, &["prevent", "detect"])))),
            ("closed", field(n, data(n, date_text(n)))),
            ("note", field(n, prose(n))),
        ],
        false,
    );
    let lessons = mapping(
        n,
        vec![
            ("went_well", field(n, strings(n))),
            ("went_wrong", field(n, strings(n))),
            ("got_lucky", field(n, strings(n))),
        ],
        false,
    );
    let follow_up = mapping(
        n,
        vec![
            ("due", field(n, data(n, date_text(n)))),
            ("held", field(n, data(n, date_text(n)))),
            ("notes", field(n, prose(n))),
        ],
        false,
    );
    let link = mapping(
        n,
        vec![
            ("title", field(n, prose(n))),
            (
                "url",
                field(
                    n,
                    data(
                        n,
                        word(n, &["https://grafana.example.com/d/x", "http://a/b#c"]),
                    ),
                ),
            ),
        ],
        false,
    );
    let entries: Vec<(&'static str, BoxedStrategy<Value>)> = vec![
        ("pm", field(n, data(n, word(n, &["1"])))),
        (
            "id",
            field(n, data(n, word(n, &["2026-11-20-prop", "2026-11-20-x-1"]))),
        ),
        ("title", field(n, prose(n))),
        (
            "status",
            field(
                n,
                data(n, word(n, &["draft", "review", "published", "closed"])),
            ),
        ),
        ("severity", field(n, data(n, word(n, &["SEV1", "SEV2"])))),
        ("date", field(n, data(n, date_text(n)))),
        ("authors", field(n, strings(n))),
        ("services", field(n, strings(n))),
        ("tags", field(n, strings(n))),
        ("summary", field(n, prose(n))),
        (
            "timeline",
            field(
                n,
                (
                    prop::collection::vec(timeline_entry, 0..4),
                    either(n, Just(false), Just(true)),
                )
                    .prop_map(|(items, flow)| Value::List(items, flow)),
            ),
        ),
        ("root_cause", field(n, prose(n))),
        ("contributing_factors", field(n, strings(n))),
        ("lessons", field(n, lessons)),
        (
            "action_items",
            field(
                n,
                (
                    prop::collection::vec(action, 0..4),
                    either(n, Just(false), Just(true)),
                )
                    .prop_map(|(items, flow)| Value::List(items, flow)),
            ),
        ),
        ("follow_up", field(n, follow_up)),
        (
            "links",
            field(
                n,
                prop::collection::vec(link, 0..2).prop_map(|items| Value::List(items, false)),
            ),
        ),
    ];
    mapping(n, entries, false)
}

/// Writes a value tree as YAML text in a layout.
struct Writer<'a> {
    lay: &'a Layout,
    out: String,
    /// Comment lines written so far, to vary them.
    n: usize,
}

impl Writer<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comment(&mut self, col: usize) {
        if self.lay.comments && self.n.is_multiple_of(3) {
            let col = (col + self.n) % (col + 3);
            let text = format!("{:col$}# note {}: with `yaml` - [x] and 'q'", "", self.n);
            self.line(&text);
        }
        if self.lay.blank_pad > 0 && self.n % 5 == 1 {
            let text = " ".repeat(self.lay.blank_pad);
            self.line(&text);
        }
        self.n += 1;
    }

    /// A scalar after `key: ` or `- `: the text to put on this line, and
    /// for block scalars the lines under it at `col`.
    fn scalar(&mut self, s: &Scalar, col: usize) -> (String, Vec<String>) {
        let anchor = s.anchor.map(|a| format!("&{a} ")).unwrap_or_default();
        let comment = if s.comment { "  # why" } else { "" };
        let pad = " ".repeat(col);
        let block = |header: &str, body: &str, blank: bool| {
            let mut lines = Vec::new();
            if blank {
                lines.push(String::new());
            }
            for l in body.split('\n') {
                lines.push(if l.is_empty() {
                    String::new()
                } else {
                    format!("{pad}{l}")
                });
            }
            (format!("{anchor}{header}{comment}"), lines)
        };
        match s.quote {
            Quote::Pm => (
                format!("{anchor}{}{comment}", yaml::scalar(&s.text)),
                vec![],
            ),
            Quote::Plain => (format!("{anchor}{}{comment}", s.text), vec![]),
            Quote::Single => (
                format!("{anchor}'{}'{comment}", s.text.replace('\'', "''")),
                vec![],
            ),
            Quote::Double => (
                format!(
                    "{anchor}{}{comment}",
                    serde_json::to_string(&s.text).unwrap()
                ),
                vec![],
            ),
            Quote::DoubleYaml => {
                let escaped: String = s
                    .text
                    .chars()
                    .map(|c| match c {
                        'a' => "\\x61".to_string(),
                        '"' => "\\\"".to_string(),
                        '\\' => "\\\\".to_string(),
                        ' ' => "\\ ".to_string(),
                        '\n' => "\\N".to_string(),
                        c => c.to_string(),
                    })
                    .collect();
                (format!("{anchor}\"{escaped}\"{comment}"), vec![])
            }
            Quote::Literal(chomp, blank) => block(&format!("|{chomp}"), &s.text, blank),
            Quote::Folded => block(">", &s.text, false),
            Quote::PmBlock => {
                let text = yaml::block_scalar(&s.text, col, "\n");
                match text.split_once('\n') {
                    Some((head, rest)) => (
                        format!("{anchor}{head}{comment}"),
                        rest.split('\n').map(str::to_string).collect(),
                    ),
                    None => (format!("{anchor}{text}{comment}"), vec![]),
                }
            }
        }
    }

    /// One-line form of a value inside a flow collection.
    fn flow(&mut self, v: &Value) -> String {
        match v {
            Value::Scalar(s) => match s.quote {
                Quote::Single => format!("'{}'", s.text.replace('\'', "''")),
                Quote::Double | Quote::DoubleYaml => serde_json::to_string(&s.text).unwrap(),
                _ => yaml::scalar(&s.text),
            },
            Value::Null(n) => n.trim().to_string(),
            Value::Alias(a) => format!("*{a}"),
            Value::List(items, _) => {
                let items: Vec<String> = items.iter().map(|i| self.flow(i)).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Map(entries, _) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", self.flow(v)))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }

    /// `key: value` at column `col`.
    fn entry(&mut self, key: &str, v: &Value, col: usize) {
        self.comment(col);
        let pad = " ".repeat(col);
        let inner = col + self.lay.indent;
        match v {
            Value::Scalar(s) => {
                let (head, lines) = self.scalar(s, inner);
                self.line(&format!("{pad}{key}: {head}"));
                for l in lines {
                    self.line(&l);
                }
            }
            Value::Null(n) => self.line(&format!("{pad}{key}:{n}")),
            Value::Alias(a) => self.line(&format!("{pad}{key}: *{a}")),
            Value::List(items, flow) if *flow || items.is_empty() => {
                let text = self.flow(v);
                self.line(&format!("{pad}{key}: {text}"));
            }
            Value::Map(entries, flow) if *flow || entries.is_empty() => {
                let text = self.flow(v);
                self.line(&format!("{pad}{key}: {text}"));
            }
            Value::List(items, _) => {
                self.line(&format!("{pad}{key}:"));
                let dash = if self.lay.indentless { col } else { inner };
                for item in items {
                    self.item(item, dash);
                }
            }
            Value::Map(entries, _) => {
                self.line(&format!("{pad}{key}:"));
                for (k, v) in entries {
                    self.entry(k, v, inner);
                }
            }
        }
    }

    /// `- value` with the dash at column `col`.
    fn item(&mut self, v: &Value, col: usize) {
        self.comment(col);
        let pad = " ".repeat(col);
        let gap = " ".repeat(self.lay.gap);
        let inner = col + 1 + self.lay.gap;
        match v {
            Value::Map(entries, false) if !entries.is_empty() => {
                // The first key on the dash's line, the others under it.
                let mut first = Writer {
                    lay: self.lay,
                    out: String::new(),
                    n: self.n,
                };
                first.entry(&entries[0].0, &entries[0].1, inner);
                self.n = first.n;
                let text = first.out;
                // Drop the comment lines the first entry wrote before itself.
                let mut lines = text.lines();
                let mut head = lines.next().unwrap_or_default();
                while head.trim_start().starts_with('#') || head.trim().is_empty() {
                    head = lines.next().unwrap_or_default();
                }
                self.line(&format!("{pad}-{gap}{}", head.trim_start()));
                for l in lines {
                    self.line(l);
                }
                for (k, v) in &entries[1..] {
                    self.entry(k, v, inner);
                }
            }
            Value::Scalar(s) => {
                let (head, lines) = self.scalar(s, inner);
                self.line(&format!("{pad}-{gap}{head}"));
                for l in lines {
                    self.line(&l);
                }
            }
            other => {
                let text = self.flow(other);
                self.line(&format!("{pad}-{gap}{text}"));
            }
        }
    }
}

fn write(doc: &Value, lay: &Layout, leading: &str) -> String {
    let mut w = Writer {
        lay,
        out: leading.to_string(),
        n: 0,
    };
    if let Value::Map(entries, _) = doc {
        for (k, v) in entries {
            w.entry(k, v, 0);
        }
    }
    let mut text = w.out;
    if lay.crlf {
        text = text.replace('\n', "\r\n");
    }
    if lay.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

/// Something before the first key: nothing, comments, a document marker.
fn leading(n: Noise) -> impl Strategy<Value = &'static str> {
    either(
        n,
        prop_oneof![Just(""), Just("# Post-mortem: x\n#\n"), Just("\n\n")],
        prop_oneof![Just("---\n"), Just("%YAML 1.2\n---\n")],
    )
}

/// Lines that stress the scanner's structure, put at random indentation.
const SOUP: &[&str] = &[
    "pm: 1",
    "title: plain words",
    "key:",
    "key: v # c",
    "key: v #c",
    "key: v  ",
    "kEy_2-x: v",
    "- item",
    "-   item",
    "- key: v",
    "-  key: |",
    "- |",
    "- |-",
    "- [a, 'b']",
    "- - x",
    "-",
    "# comment",
    "",
    "   ",
    "text line",
    "  more text",
    "key: |",
    "key: |-",
    "key: |+",
    "key: |2",
    "key: >",
    "key: [a, b]",
    "key: ['a', \"b\"]",
    "key: []",
    "key: [ ]",
    "key: [a,]",
    "key: 'x''y'",
    "key: \"a\\\"b\\u00e9\"",
    "key: \"a\\x41\"",
    "key: \"\\U0001F6A8 \\e\\N\\_\\L\\P\\0\\a\\b\\v\\f\\ \\/\"",
    "key: \"\\uD800\"",
    "key: \"\\x4\"",
    "key: \"\\q\"",
    "key: a: b",
    "key: a:b",
    "? k",
    ": v",
    "key: &a v",
    "key: *a",
    "---",
    "...",
    "key:\tv",
    "key: v\r",
    "key: 'open",
    "key: \"open",
    "k: {a: b}",
    "key: -x",
    "key: x:",
    "key: é—’",
    "key: ~",
    "<<<<<<< HEAD",
    "=======",
    ">>>>>>> theirs",
    "key: 'a' # c",
    "key: [a] # c",
    "key: [a, [b]]",
    "'q': v",
    "key : v",
    "%YAML 1.2",
    "key: 'a' b",
    "key: \"a\" b",
    "key:  |  # c",
];

/// The number of cases, or `PROPTEST_CASES` for a longer hunt.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn the_full_summary(text: &str) -> Result<Summary, String> {
    store::parse_postmortem(text)
        .map(|pm| Summary::from_postmortem(&pm))
        .map_err(|e| e.to_string())
}

fn linter() -> Linter {
    Linter::new(LintConfig::default(), &["Jordan Lee".to_string()])
}

fn findings(list: Vec<pm::lint::Finding>) -> Vec<String> {
    list.iter().map(|f| format!("{f:?}")).collect()
}

/// The three comparisons for one text: the tree, the summary, the findings.
fn agree(text: &str) -> Result<(), TestCaseError> {
    let (body, _) = yaml::strip_bom(text);
    let full_tree = yaml::parse_tree_full(body);
    if let Some(fast) = yaml::fast_tree(body) {
        prop_assert!(
            full_tree.is_ok(),
            "the scanner read what the parser refuses:\n{text}"
        );
        prop_assert_eq!(
            &fast,
            full_tree.as_ref().unwrap(),
            "different trees for:\n{}",
            text
        );
    }
    if let Some(fast) = Summary::fast(text) {
        let full = the_full_summary(text);
        prop_assert_eq!(Ok(fast), full, "different summaries for:\n{}", text);
    }
    let linter = linter();
    prop_assert_eq!(
        findings(linter.lint("f.yaml", text, None)),
        findings(linter.lint_full_parser("f.yaml", text, None)),
        "different findings for:\n{}",
        text
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(400), ..ProptestConfig::default() })]

    #[test]
    fn fast_paths_agree_with_the_full_parser(
        (doc, lay, leading) in noise().prop_flat_map(|n| (postmortem(n), layout(n), leading(n))),
    ) {
        agree(&write(&doc, &lay, leading))?;
    }

    #[test]
    fn line_soup_agrees_with_the_full_parser(
        lines in prop::collection::vec((0usize..7, prop::sample::select(SOUP.to_vec())), 1..16),
    ) {
        let text: String = lines
            .iter()
            .map(|(indent, line)| format!("{:indent$}{line}\n", ""))
            .collect();
        agree(&text)?;
    }

    #[test]
    fn yaml_like_text_agrees_with_the_full_parser(
        text in "(pm: 1\n|id: x\n|title: [a-z:'\" #|>\\-\\[\\]{}&*!]{0,12}\n|  - [a-z: #'\"]{0,8}\n|    [a-z: #|-]{0,10}\n| [a-z]{0,3}: [a-z|>]{0,4}\n|\n|# c\n|[a-z_]{1,6}:[ a-z\\[\\]]{0,6}\n){0,14}"
    ) {
        agree(&text)?;
    }
}

/// Documents written the way pm writes them: its template's layout, values
/// through `yaml::scalar` and `yaml::block_scalar`, sequences indented two
/// spaces under their key.
fn pm_layout() -> impl Strategy<Value = String> {
    let line = "[A-Za-z][A-Za-z0-9 .,'()%:#/-]{0,40}";
    let prose = prop_oneof![
        line.prop_map(|s: String| s),
        prop::collection::vec(line, 1..4).prop_map(|l| l.join("\n") + "\n"),
    ];
    (
        line,
        prop::collection::vec(prose.clone(), 4),
        prop::collection::vec((line, line, "[a-z@-]{1,12}", 1u32..28), 0..5),
        prop::collection::vec((1u32..28, line), 0..5),
        any::<bool>(),
    )
        .prop_map(|(title, prose, actions, timeline, comments)| {
            let mut y = String::new();
            y.push_str("# Post-mortem: a title\n#\n# Blameless by design.\npm: 1\n");
            y.push_str("id: 2026-11-20-prop\n");
            y.push_str(&format!("title: {}\n", yaml::scalar(&title)));
            y.push_str("status: draft\nseverity: SEV2\ndate: 2026-11-20\n");
            y.push_str("authors: ['@eng001']\nresponders: []\nservices: [checkout-api]\ntags: []\n\n");
            for (key, text) in ["summary", "impact", "root_cause", "detection_gap"].iter().zip(&prose) {
                if comments {
                    y.push_str("# Answered in the review meeting.\n");
                }
                y.push_str(&format!("{key}: {}\n", yaml::block_scalar(text, 2, "\n")));
                if !text.ends_with('\n') {
                    y.push('\n');
                }
            }
            y.push_str("timeline:\n  # What happened, in order.\n");
            for (day, text) in &timeline {
                y.push_str(&format!(
                    "  - at: 2026-11-{day:02}T09:00:00Z\n    kind: note\n    text: {}\n",
                    yaml::scalar(text)
                ));
            }
            y.push_str("\ncontributing_factors: []\n  # What else made it possible?\n\n");
            y.push_str("lessons:\n  went_well: []\n  went_wrong: []\n  got_lucky: []\n\n");
            if actions.is_empty() {
                y.push_str("action_items: []\n  # What would have prevented this?\n\n");
            } else {
                y.push_str("action_items:\n");
                for (i, (title, note, owner, day)) in actions.iter().enumerate() {
                    y.push_str(&format!(
                        "  - id: A{}\n    title: {}\n    owner: {}\n    due: 2026-12-{day:02}\n    status: open\n    note: {}\n",
                        i + 1,
                        yaml::scalar(title),
                        yaml::scalar(owner),
                        yaml::scalar(note)
                    ));
                }
                y.push('\n');
            }
            y.push_str("follow_up:\n  # The review checks the action items.\n  due: 2026-12-04\n  held:\n  notes:\n\n");
            y.push_str("links: []\n  # Dashboards, tickets: - {title: ..., url: ...}\n");
            y
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(200), ..ProptestConfig::default() })]

    #[test]
    fn pm_layout_takes_the_fast_paths(text in pm_layout()) {
        agree(&text)?;
        let (body, _) = yaml::strip_bom(&text);
        prop_assert!(yaml::fast_tree(body).is_some(), "the scanner declined pm's layout:\n{}", text);
        prop_assert!(Summary::fast(&text).is_some(), "the summary reader declined pm's layout:\n{}", text);
    }
}

/// pm's loader counts a key's limit in bytes: 513 accented letters are
/// refused by every command, and the error says so (session 35's attack).
#[test]
fn a_long_key_of_accented_letters_is_named_in_characters_and_bytes() {
    let env = crate::support::TestEnv::new();
    let id = env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    let rel = env.file_of(&id);
    let key = "\u{e9}".repeat(513);
    env.write(&rel, &format!("{}{key}: 1\n", env.read(&rel)));
    let words = "a key 513 characters (1026 bytes) long";
    env.pm(&["show", &id]).error(&[words]);
    env.pm(&["lint", &id]).code(1).stdout_has(words);
    let key = "\u{e9}".repeat(511);
    let text = env.read(&rel);
    let text = text
        .lines()
        .take(text.lines().count() - 1)
        .collect::<Vec<_>>()
        .join("\n");
    env.write(&rel, &format!("{text}\n{key}: 1\n"));
    env.pm(&["show", &id]).ok();
}

/// YAML allows an implicit key of at most 1,024 characters, and the full
/// parser refuses a longer one: so must every fast path, or `pm lint`
/// passes a file that `pm show` and `pm render` refuse (session 35's read
/// attack). At the limit, both read it.
#[test]
fn a_key_longer_than_yaml_allows_is_refused_on_every_path() {
    let head = "pm: 1\nid: 2026-03-01-lk\ntitle: T\nstatus: draft\nseverity: SEV2\ndate: 2026-03-01\naction_items:\n  - id: A1\n    title: t\n    owner: o\n    due: 2026-03-10\n";
    for len in [1023, 1024, 1025, 4000] {
        let key = "k".repeat(len);
        for text in [
            format!("{head}{key}: 1\n"),
            format!("{head}  - id: A2\n    {key}: x\n"),
            format!("{key}: 1\n{head}"),
        ] {
            agree(&text).unwrap_or_else(|e| panic!("{len}: {e}"));
            let (body, _) = yaml::strip_bom(&text);
            assert_eq!(
                yaml::parse_tree_full(body).is_ok(),
                len <= 1024,
                "{len}: {text}"
            );
            if len > 1024 {
                let err = yaml::parse_tree_full(body).unwrap_err().to_string();
                assert!(
                    err.contains(&format!("a key {len} characters long"))
                        && err.contains("at most 1,024"),
                    "{err}"
                );
                assert!(yaml::fast_tree(body).is_none(), "{len}");
                assert!(Summary::fast(&text).is_none(), "{len}");
            }
        }
    }
}
