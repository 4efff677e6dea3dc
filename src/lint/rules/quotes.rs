//! Quotations and code spans: which are mentions (a term, a log line, a
//! UI string) to blank out, and which are someone's words to lint.

use super::*;

/// Quotations, as [`mask`] sees them.
pub struct Masked {
    /// The text with mentions and code blanked out (same byte length).
    pub text: String,
    /// Quotations kept because they are sentences, attributed to someone
    /// ("the customer wrote "..."): findings inside are someone else's
    /// words, so they are warnings at most.
    pub attributed: Vec<(usize, usize)>,
    /// A few quoted words in the author's own sentence ("the outage was
    /// caused by “human error”", "a ‘tired sysadmin’ ran the wipe"): linted,
    /// since reports put blame in scare quotes, but an error there is a
    /// warning: the words may be someone else's term.
    pub scare: Vec<(usize, usize)>,
}

/// Words before a quotation that make it a mention: a term being
/// discussed, an example of phrasing.
pub(super) const MENTION_INTRODUCERS: &[&str] = &[
    "phrase",
    "term",
    "word",
    "words",
    "label",
    "labels",
    "called",
    "calling",
    "call",
    "saying",
    "say",
    "as",
    "like",
    "not",
    "e.g.",
    "i.e.",
    "named",
    "titled",
    "message",
    "error",
    "reads",
    "read",
    "string",
    "button",
    "option",
    "setting",
    "flag",
    "field",
    "status",
    "log",
    "logs",
    "or",
    "calls",
    "terms",
    "termed",
    "dubbed",
    "labelled",
    "labeled",
    "so-called",
];

/// Words before a quoted sentence that make it what a screen, a program or
/// a ticket shows ("the console showed "You are not authorized to perform
/// this operation"", "on-call sees "..."", "the ticket title was "...""):
/// a mention. Only for quotes of four words or more: "showed ‘reckless
/// disregard’" is a judgement in scare quotes.
pub(super) const DISPLAY_INTRODUCERS: &[&str] = &[
    // "Stderr contained "fatal: the operator forgot to set PGPASSWORD"".
    "contained",
    "contains",
    "containing",
    "stderr",
    "stdout",
    "output",
    "sees",
    "saw",
    "see",
    "seeing",
    "showed",
    "shows",
    "show",
    "showing",
    "displayed",
    "displays",
    "printed",
    "prints",
    "returned",
    "returns",
    "returning",
    "logged",
    "emitted",
    "threw",
    "throws",
    "raised",
    "title",
    "subject",
    "headline",
    "heading",
    "banner",
    "prompt",
    "popup",
    "dialog",
    "toast",
    "notification",
    "output",
];

/// Words right after a short quotation that make it the name of a thing
/// (a code, a category, a field, a UI element, a title): a mention.
pub(super) const MENTION_FOLLOWERS: &[&str] = &[
    "code",
    "codes",
    "category",
    "categories",
    "field",
    "fields",
    "label",
    "labels",
    "tag",
    "tags",
    "option",
    "options",
    "value",
    "values",
    "status",
    "column",
    "columns",
    "playlist",
    "checkbox",
    "button",
    "flag",
    "dropdown",
    "template",
    "menu",
    "setting",
    "enum",
    "badge",
    "classification",
    "bucket",
    "taxonomy",
    "picklist",
    "channel",
    "song",
    "album",
    "podcast",
];

/// Words after a quotation that opens its sentence and make it the topic:
/// "“Human error” is never the root cause", "‘Careless’ should never be
/// written in a report".
pub(super) const TOPIC_VERBS: &[&str] = &[
    "is",
    "isn't",
    "are",
    "aren't",
    "was",
    "wasn't",
    "were",
    "should",
    "shouldn't",
    "must",
    "means",
    "meant",
    "implies",
    "has",
    "have",
    "can",
    "cannot",
    "can't",
    "does",
    "doesn't",
];

/// Titles written with a dot before a name.
pub(super) const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "capt", "cpt", "sgt", "lt", "col", "gen", "cmdr", "prof", "rev",
    "gov", "sen", "rep", "insp", "det", "supt", "cst",
];

/// Whether the name at `toks[i]` is the speaker the sentence quotes or
/// reports: a verb of saying in the same sentence, just before the name or
/// within a dozen words after it. A source named is not a person blamed.
/// Whether the byte at `i` opens a quotation: a double quote, or a single
/// quote after a space or a bracket (elsewhere a single quote is an
/// apostrophe: "wasn't").
pub(super) fn opens_quote(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'"'
        || bytes[i] == b'\''
            && (i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'(')
}

/// Whether the quote at byte `e` can close a quotation: a double quote, or
/// a single quote that no letter or digit follows.
pub(super) fn closes_quote(bytes: &[u8], e: usize) -> bool {
    bytes[e] == b'"' || bytes.get(e + 1).is_none_or(|b| !b.is_ascii_alphanumeric())
}

pub(super) fn speaker(toks: &[Token], i: usize) -> bool {
    let says = |t: &Token| LEX.speech_verbs.has_exact(t.lower);
    let before = toks[..i]
        .iter()
        .rev()
        .take_while(|t| t.lower != ".")
        .take(2)
        .any(says);
    let after = toks[i + 1..]
        .iter()
        .take_while(|t| t.lower != ".")
        .take(12)
        .any(says);
    before || after
}

/// Blank out code spans and quotations that are mentions (a term, a log
/// line, a UI string, an example of phrasing), so that those words are not
/// judged as the author's. A quotation that is a sentence of its own is
/// linted: post-mortems quote chat and statements that blame. One quoted
/// by a speaker is recorded in [`Masked::attributed`].
pub fn mask(text: &str) -> Masked {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let mut attributed = Vec::new();
    let mut scare = Vec::new();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in out.iter_mut().take(to).skip(from) {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    // Code spans: always a mention.
    let mut i = 0;
    while let Some(s) = text[i..].find('`') {
        let s = i + s;
        match text[s + 1..].find('`') {
            Some(e) => {
                let e = s + 1 + e + 1;
                if !text[s..e].contains("\n\n") {
                    blank(&mut out, s, e);
                }
                i = e;
            }
            None => break,
        }
    }
    // Dotted names from code ("Error.vector.carelessness", "lazy.load"):
    // a word, a dot and a lowercase letter, no space between. Only words
    // with a dot are looked at (the text is ASCII: see `check`).
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let mut done = 0;
    for dot in memchr::memchr_iter(b'.', text.as_bytes()) {
        if dot < done {
            continue;
        }
        let bytes = text.as_bytes();
        let at = bytes[..dot].iter().rposition(space).map_or(0, |p| p + 1);
        let end = bytes[dot..]
            .iter()
            .position(space)
            .map_or(bytes.len(), |p| dot + p);
        done = end;
        let bare = text[at..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        let b = bare.as_bytes();
        // Not "i.e." or "e.g.": a part after a dot has three letters or more.
        let dotted = (1..b.len().saturating_sub(1)).any(|i| {
            b[i] == b'.'
                && b[i - 1].is_ascii_alphanumeric()
                && b[i + 1].is_ascii_lowercase()
                && b[i + 1..].iter().take_while(|c| **c != b'.').count() >= 3
        });
        let name = bare
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'));
        if dotted && name {
            blank(&mut out, at, at + bare.len());
        }
    }
    // The dot of a title before a name ("Ms. Vaught", "Capt. Schettino")
    // ends no sentence: blanked, the name stays in its sentence.
    let bytes = text.as_bytes();
    let dots = memchr::memchr_iter(b'.', bytes).filter(|&d| bytes.get(d + 1) == Some(&b' '));
    for dot in dots {
        let word_start = text[..dot]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        let word = &text[word_start..dot];
        let next_capital = bytes.get(dot + 2).is_some_and(|b| b.is_ascii_uppercase());
        // An initial before a surname ("R. Adeyemi", "Mr T. Ellery"): one
        // capital letter after a space or a bracket (not "U.S." or "Plan
        // B. The").
        let initial = word.len() == 1
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && (word_start == 0 || matches!(bytes[word_start - 1], b' ' | b'(' | b'\n'))
            && ![
                "The ", "This ", "That ", "We ", "It ", "A ", "An ", "In ", "Our ", "They ",
            ]
            .iter()
            .any(|w| text[dot + 2..].starts_with(w));
        if next_capital && (initial || TITLES.iter().any(|t| t.eq_ignore_ascii_case(word))) {
            out[dot] = b' ';
        }
    }
    // Quotations: "..." pairs, and 'quoted words' where the opening quote
    // follows a space (elsewhere a single quote is an apostrophe).
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if opens_quote(bytes, i) {
            let close = text[i + 1..].find(c as char).map(|r| i + 1 + r);
            if let Some(e) = close {
                let closes = closes_quote(bytes, e);
                let inner = &text[i + 1..e];
                let paragraph = inner.contains("\n\n") || c == b'\'' && inner.contains('\n');
                if closes && !paragraph && e > i + 1 {
                    spans.push((i, e + 1));
                    i = e + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    for (s, e) in spans {
        let inner = &text[s + 1..e - 1];
        let words = inner
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'' && c != '-')
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .count();
        let code = inner.contains(['=', '{', '}', '$', '<', '>', '|', '\\'])
            || inner.contains("::")
            || inner.contains("--")
            || inner
                .split_whitespace()
                .any(|w| w.contains('/') || w.contains('_'));
        let start = sentence_start(text, s, &['.', '!', '?', '\n']);
        let before = text[start..s].to_ascii_lowercase();
        let mut back = before
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
            .filter(|w| !w.is_empty())
            .rev();
        let last = back.next().unwrap_or("");
        let introducer = |w: &str| {
            let w = w.trim_end_matches('.');
            MENTION_INTRODUCERS.contains(&w) || words > 3 && DISPLAY_INTRODUCERS.contains(&w)
        };
        // "The ticket title was "...", "the message is "...".
        let named =
            matches!(last, "was" | "is" | "were" | "are") && back.next().is_some_and(introducer);
        let introduced = named
            || introducer(last)
            || before.trim_end().ends_with("e.g.")
            || before.trim_end().ends_with("i.e.");
        // A quoted term that opens the sentence and is its topic.
        let opens_sentence = before
            .trim()
            .trim_start_matches(|c: char| c.is_ascii_digit() || "-*.)#>".contains(c))
            .trim()
            .is_empty();
        let next = text[e..]
            .trim_start_matches([',', ' '])
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let topic = opens_sentence && TOPIC_VERBS.contains(&next.as_str());
        // A few quoted words naming the thing after them: "the 'operator
        // error' code E-OP-12", "a 'human error' category in the old
        // ticket system", "the 'careless whisper' playlist".
        let names_next = words <= 4 && MENTION_FOLLOWERS.contains(&next.as_str());
        if code || introduced || topic || names_next {
            blank(&mut out, s, e);
        } else if words <= 3 {
            scare.push((s, e));
        } else if before.trim_end().ends_with(':')
            || before
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.speech_verbs.has_exact(w))
        {
            attributed.push((s, e));
        }
    }
    // Chat quoted the way chat tools and Markdown quote it, `> ...` at the
    // start of a line or after a speaker ("Engineer posted in #backend: >
    // I think I just ran it against prod"): someone else's words.
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start_matches([' ', '\t', '-', '*']).len();
        // One search for ": " per line: most lines have none.
        let quote = if body[lead..].starts_with("> ") {
            Some(lead)
        } else if let Some(colon) = memchr::memmem::find(body.as_bytes(), b": ") {
            body[colon..]
                .find(": > ")
                .map(|at| colon + at + 2)
                .or_else(|| chat_speaker(&body[lead..]).map(|at| lead + at))
        } else {
            None
        };
        if let Some(at) = quote {
            attributed.push((line_start + at, line_start + body.len()));
        }
        line_start += line.len();
    }
    Masked {
        text: String::from_utf8(out).unwrap_or_else(|_| text.to_string()),
        attributed,
        scare,
    }
}

/// Chat pasted as `Name: message` ("Fatima: my bad, I ran the upgrade
/// without checking the PDB"): where the message starts, when the line
/// opens with a speaker (one to three capitalised words or an @handle,
/// not a heading such as "Root cause:" or "Update:") and the message
/// speaks in the first person. Someone's own words, as `> ` quotes are.
pub(super) fn chat_speaker(line: &str) -> Option<usize> {
    const HEADINGS: &[&str] = &[
        "summary",
        "impact",
        "update",
        "note",
        "action",
        "resolution",
        "cause",
        "lesson",
        "lessons",
        "status",
        "decision",
        "result",
        "fix",
        "problem",
        "issue",
        "question",
        "answer",
        "detection",
        "trigger",
        "mitigation",
        "timeline",
        "why",
        "what",
        "context",
        "background",
        "owner",
        "tl;dr",
        "tldr",
        "q",
        "a",
        "edit",
        "ps",
        "nb",
        "important",
        "warning",
        "error",
        "info",
        "todo",
        "done",
        "next",
        "root",
        "customer",
        "customers",
    ];
    let colon = line.find(": ")?;
    let label = &line[..colon];
    let words: Vec<&str> = label.split(' ').collect();
    let speaker = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with('@') && w.len() > 1
                || w.starts_with(|c: char| c.is_uppercase())
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
        })
        && !words
            .iter()
            .any(|w| HEADINGS.contains(&w.to_lowercase().as_str()));
    let message = &line[colon + 2..];
    let first_person = message
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            matches!(
                w,
                "I" | "I'm"
                    | "I've"
                    | "I'll"
                    | "I'd"
                    | "my"
                    | "My"
                    | "me"
                    | "we"
                    | "We"
                    | "we're"
                    | "We're"
                    | "our"
                    | "us"
            )
        });
    (speaker && first_person).then_some(colon + 2)
}
