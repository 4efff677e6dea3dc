//! Sentences and clauses in the lowercase text: where one starts and
//! ends, the words before a match, and negation just before it.

use super::*;

/// The tokens of the sentence before byte `at`, the full stop that opens
/// it included: subjects and frames never look further back, and slicing
/// keeps each look-up proportional to the sentence, not the file.
pub(super) fn sentence_before<'a, 'b>(toks: &'b [Token<'a>], at: usize) -> &'b [Token<'a>] {
    // At most this many words back: a text with no full stop is read in
    // windows, as `SENTENCE_WINDOW` says for bytes.
    const SENTENCE_TOKENS: usize = 400;
    let n = toks.partition_point(|t| t.end <= at);
    let from = n.saturating_sub(SENTENCE_TOKENS);
    let start = toks[from..n]
        .iter()
        .rposition(|t| t.lower == ".")
        .map_or(from, |p| from + p);
    &toks[start..n]
}

/// The last `n` bytes of `text` or fewer, starting at a character: the
/// words just before a match, for a check that reads only those.
pub(super) fn tail(text: &str, n: usize) -> &str {
    let mut from = text.len().saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// Negation or distance just before a phrase: "not human error",
/// "rather than blaming", "instead of calling it".
pub(super) fn negated(lower: &str, start: usize) -> bool {
    static NEG: LazyLock<Pat> = LazyLock::new(|| data::frame("negation"));
    let window = tail(&lower[..start], 48);
    // Only within the same clause.
    let window = window
        .rsplit([',', ';', ':', '.', '!', '?', '\n'])
        .next()
        .unwrap_or(window);
    // ... and after the last conjunction or spaced dash: "it would not
    // continue due to this change, and it's all my fault", "'Sorry' won't
    // do - heads must roll" negate nothing in the second clause.
    let mut window = window;
    for conj in [
        " and ",
        " but ",
        " because ",
        " so ",
        " while ",
        " though ",
        " - ",
        " -- ",
    ] {
        // A window is short: comparing at each place costs less than
        // setting up a substring search (`str::rfind`) eight times.
        let at = window
            .as_bytes()
            .windows(conj.len())
            .rposition(|w| w == conj.as_bytes());
        if let Some(at) = at {
            // "anything but unfit" negates what follows.
            if conj == " but " && window[..at].ends_with("anything") {
                continue;
            }
            // "Not because your team is careless": the negation is of the
            // reason that follows.
            if conj == " because " && window[..at].trim_end().ends_with("not") {
                continue;
            }
            // "I'm not dumb and stupid": a word joined to a negated one
            // shares its negation.
            if conj == " and "
                && window[at + conj.len()..].trim().is_empty()
                && window[..at]
                    .rsplit(' ')
                    .nth(1)
                    .is_some_and(|w| w == "not" || w.ends_with("n't") || w == "never")
            {
                continue;
            }
            window = &window[at + conj.len() - 1..];
        }
    }
    // "without" and "avoid" negate only what follows them closely:
    // "left millions without power was the result of human error".
    static NEAR: LazyLock<Pat> = LazyLock::new(|| data::frame("negation-near"));
    if NEG.is_match(window) {
        return true;
    }
    let near = &window[window.len().saturating_sub(16)..];
    NEAR.is_match(near)
}

/// The tokens of the sentence holding byte `at` (at most a window of
/// words either side, as `sentence_before` reads).
pub(super) fn sentence_around<'a, 'b>(toks: &'b [Token<'a>], at: usize) -> &'b [Token<'a>] {
    const SENTENCE_TOKENS: usize = 400;
    let n = toks.partition_point(|t| t.end <= at);
    // Where the sentence starts, without the full stop before it.
    let before = sentence_before(toks, at);
    let start = n - before.len() + usize::from(before.first().is_some_and(|t| t.lower == "."));
    let to = (n + SENTENCE_TOKENS).min(toks.len());
    let end = toks[n..to]
        .iter()
        .position(|t| t.lower == ".")
        .map_or(to, |p| n + p);
    &toks[start..end]
}

/// Whether text ending in `before` (markup trimmed) leaves what follows at
/// the start of a sentence, an item or a clause.
pub(super) fn starts_clause(before: &str) -> bool {
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', ',', '\n'])
}

/// Text before a phrase without the markup that can open an item or a
/// line: list bullets, item numbers ("1)"), the quote marks of a reply,
/// markdown emphasis, a bracketed tag ("[ops]", "(SRE)"); an emoji is already a space (see
/// text.rs). Advice after them still starts its clause: "🚨 Always
/// double-check the region". A line break is kept: it ends a clause.
pub(super) fn opening_markup_trimmed(before: &str) -> &str {
    let mut rest = before;
    loop {
        let trimmed = rest.trim_end_matches(|c: char| {
            c == ' ' || c == '\t' || matches!(c, '-' | '*' | '>' | '#' | '_' | '~' | '`')
        });
        let tag = ["]", ")"].iter().find_map(|close| {
            let open = if *close == "]" { '[' } else { '(' };
            let inner = trimmed.strip_suffix(close)?;
            let at = inner.rfind(open)?;
            // A tag closes on its own line: "(PPE).\n1)" is not one.
            (inner.len() - at <= 24 && !inner[at..].contains('\n')).then(|| &inner[..at])
        });
        // "1) Stay focused": an item number.
        let number = trimmed.strip_suffix(')').and_then(|inner| {
            let digits = inner.len() - inner.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let head = &inner[..inner.len() - digits];
            ((1..=3).contains(&digits) && (head.is_empty() || head.ends_with([' ', '\t', '\n'])))
                .then_some(head)
        });
        let next = tag.or(number).unwrap_or(trimmed);
        if next.len() == rest.len() {
            return rest;
        }
        rest = next;
    }
}

/// The sentence around byte `at`.
pub(super) fn sentence_text(l: &str, at: usize) -> &str {
    &l[sentence_start(l, at, &['.', '!', '?', '\n'])..sentence_end(l, at)]
}

/// How far a sentence is looked for on either side of a match, in bytes.
/// Past this, text with no full stop (a 1 MB paragraph on one line) is cut
/// into windows, so each match costs the same however long the text: the
/// checks around a match were quadratic in the length of such a text.
pub(super) const SENTENCE_WINDOW: usize = 2_000;

/// Where the sentence (or clause, with `breaks`) holding byte `at` starts,
/// at most [`SENTENCE_WINDOW`] before it.
pub(super) fn sentence_start(l: &str, at: usize, breaks: &[char]) -> usize {
    let from = char_floor(l, at.saturating_sub(SENTENCE_WINDOW));
    l[from..at].rfind(breaks).map_or(from, |p| from + p + 1)
}

/// The char boundary at or before byte `at` (`str::floor_char_boundary`
/// is newer than pm's minimum Rust).
pub(super) fn char_floor(l: &str, mut at: usize) -> usize {
    while !l.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the sentence holding byte `at` ends, at most
/// [`SENTENCE_WINDOW`] after it.
pub(super) fn sentence_end(l: &str, at: usize) -> usize {
    let to = char_floor(l, (at + SENTENCE_WINDOW).min(l.len()));
    l[at..to].find(['.', '!', '?', '\n']).map_or(to, |p| at + p)
}

/// The word just before byte `at` of the lowercase text `l`: letters,
/// digits, apostrophes and hyphens, whatever space, line break or
/// punctuation stands between ("" at the start). One definition for every
/// check that asks what comes right before a match.
pub(super) fn word_before(l: &str, at: usize) -> &str {
    l[..at]
        .trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .next()
        .unwrap_or("")
}

/// Whether a lowercase word names a thing (a system, an artefact, a
/// result or reading): what a relative clause after it (`a result that did
/// not fit`) is about, rather than the person or organisation before it.
pub(super) fn is_thing_noun(word: &str) -> bool {
    LEX.system.has(word)
        || LEX.artefacts.has(word)
        || matches!(
            word,
            "result"
                | "results"
                | "value"
                | "values"
                | "reading"
                | "readings"
                | "figure"
                | "figures"
                | "number"
                | "numbers"
                | "sample"
                | "samples"
                | "pattern"
                | "profile"
                | "count"
                | "total"
                | "label"
                | "labels"
        )
}

/// The word just after byte `at` of the lowercase text `l`, the mirror of
/// [`word_before`] ("" at the end or before punctuation).
pub(super) fn word_after(l: &str, at: usize) -> &str {
    let rest = l[at..].trim_start_matches(' ');
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '-'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// "believed", "assumed": a verb that tells what someone believed, so
/// that "mistakenly believed" judges a belief, not an act.
pub(super) fn belief_verb(word: &str) -> bool {
    matches!(
        word,
        "believed"
            | "thought"
            | "assumed"
            | "understood"
            | "concluded"
            | "expected"
            | "perceived"
            | "presumed"
            | "judged"
            | "interpreted"
            | "identified"
    )
}

/// A form of "be" or "get" that makes a passive ("was fined", "got
/// fired", "were pushed in error").
pub(super) fn passive_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "was"
            | "were"
            | "been"
            | "be"
            | "being"
            | "is"
            | "are"
            | "get"
            | "got"
            | "gets"
            | "getting"
    )
}

/// "was lazy", "is so careless": a judgement said of something.
pub(super) fn predicative(before: &str) -> bool {
    matches!(
        word_before(before, before.len()),
        "was"
            | "is"
            | "were"
            | "are"
            | "being"
            | "been"
            | "so"
            | "too"
            | "very"
            | "pretty"
            | "bit"
            | "just"
            | "plain"
            | "really"
            | "and"
            | "or"
    )
}

/// "We did not skip review" / "nobody bypassed review".
pub(super) fn negated_rule(l: &str, start: usize) -> bool {
    let before = &l[sentence_start(l, start, &[',', ';', '.', '\n'])..start];
    before.contains("nobody")
        || before.contains("no one")
        || before.ends_with("not ") && !before.ends_with("did not ")
}

/// Whether a breach told by its verb is denied just before it: "the
/// engineer did not skip any step", "never bypassed review" (attack 49).
pub(super) fn breach_denied(l: &str, start: usize, breach: &str) -> bool {
    let before = l[..start].trim_end();
    ["did not", "didn't", "never", "does not", "doesn't"]
        .iter()
        .any(|n| before.ends_with(n))
        && [
            "skip",
            "bypass",
            "ignor",
            "circumvent",
            "overr",
            "disregard",
            "violat",
            "break",
        ]
        .iter()
        .any(|v| breach.starts_with(v))
}

/// Whether the phrases at byte ranges `a` and `b` of one sentence of `l`
/// sit in clauses set against each other, so that what one says does not
/// reach the other: "While we run blameless post-mortems, in this case the
/// engineer was simply negligent", "This is not about blame, but Felix
/// should have known better", "The on-call was negligent, though we are a
/// blameless team". Overlapping phrases are never set against each other.
pub(super) fn set_against(l: &str, a: (usize, usize), b: (usize, usize)) -> bool {
    let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    if first.1 > second.0 {
        return false;
    }
    let between = &l[first.1..second.0];
    // A concession opening the sentence, its clause ended by a comma.
    let start = sentence_start(l, first.0, &['.', '!', '?', '\n']);
    let opening = l[start..first.0].trim_start();
    let conceded = ["while ", "whilst ", "although ", "though ", "even though "]
        .iter()
        .any(|w| opening.starts_with(w) || opening.is_empty() && l[first.0..].starts_with(w))
        && between.contains(',');
    // "Blameless or not, the DBA was careless", "blameless culture aside,
    // ...", "without assigning blame, ...", "speaking blamelessly, ...",
    // "in a blameless spirit: ...": a concession before the first comma
    // or colon of the sentence, the first of the two in it.
    // (`l` is already lowercase.)
    let set_aside = l[start..second.0]
        .split_once([',', ':'])
        .is_some_and(|(lead, _)| {
            start + lead.len() > first.0
                && [
                    " or not",
                    " aside",
                    "regardless",
                    "without ",
                    "speaking ",
                    "notwithstanding",
                    " spirit",
                ]
                .iter()
                .any(|w| lead.contains(w))
        });
    conceded || set_aside || CONTRASTS.iter().any(|c| between.contains(c))
}

/// Words that set one clause against another.
const CONTRASTS: [&str; 10] = [
    " but ",
    ", though",
    ", although",
    "; ",
    " however",
    "in this case",
    "that said",
    "even so",
    " nonetheless",
    " nevertheless",
];

#[cfg(test)]
mod tests {
    use super::word_before;

    #[test]
    fn the_word_before_skips_spaces_breaks_and_punctuation() {
        let l = "they are likely\nto make it; (the on-call's slip";
        let at = |w: &str| l.find(w).unwrap();
        assert_eq!(word_before(l, at("make")), "to");
        assert_eq!(word_before(l, at("to ")), "likely");
        assert_eq!(word_before(l, at("on-call")), "the");
        assert_eq!(word_before(l, at("slip")), "on-call's");
        assert_eq!(word_before(l, at("(the")), "it");
        assert_eq!(word_before(l, 0), "");
        assert_eq!(word_before("  ", 2), "");
    }
}
