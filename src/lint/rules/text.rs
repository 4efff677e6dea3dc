//! Text as the rules see it: typography normalised, ASCII only, with the
//! exact position of every byte in the original text.
//!
//! Text pasted from documents and chat carries curly apostrophes and quotes
//! (wasn’t, “human error”), long dashes, non-breaking spaces and zero-width
//! characters. The rules match plain ASCII: ’ becomes ', “ ” become ", a
//! dash becomes -, odd spaces become a space, zero-width characters vanish,
//! fullwidth forms (`Ｈｕｍａｎ`) become their ASCII letters,
//! a letter of another script becomes as many `x` as it had bytes (so
//! "naïve" is one word that matches no rule), and any other symbol (an
//! emoji, an arrow) as many spaces, since it separates words, and the
//! marks of markdown emphasis (`**Never**`, `_always_`) vanish. A finding's
//! range in the normalised text maps back to the exact characters of the
//! original.

/// Normalised text and, for each of its bytes, the original byte range of
/// the character it came from.
pub struct Normalised {
    pub text: String,
    /// For each byte of `text`: (start, end) of its source character;
    /// `None` when `text` is the original, byte for byte.
    map: Option<Vec<(u32, u32)>>,
    original_len: usize,
}

impl Normalised {
    /// The original byte range for a normalised range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let Some(map) = &self.map else {
            let start = start.min(self.original_len);
            return (start, end.clamp(start, self.original_len));
        };
        if map.is_empty() {
            return (0, 0);
        }
        let s = map.get(start).map_or(self.original_len, |m| m.0 as usize);
        let e = if end > start {
            map.get(end - 1).map_or(self.original_len, |m| m.1 as usize)
        } else {
            s
        };
        (s, e.max(s))
    }
}

/// What a character becomes.
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}'
        | '\u{ff07}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' | '\u{ff02}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => "-",
        '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\t' => " ",
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => "",
        '\u{2026}' => "...",
        '\u{2022}' | '\u{00b7}' => "*",
        _ => return None,
    })
}

/// Normalise typography; see the module documentation.
pub fn normalise(original: &str) -> Normalised {
    // Most prose is plain ASCII with nothing to change: the same text.
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'\t' | b'*' | b'_' | b'~');
    if original.as_bytes().iter().all(plain) {
        return Normalised {
            text: original.to_string(),
            map: None,
            original_len: original.len(),
        };
    }
    let mut text = String::with_capacity(original.len());
    let mut map = Vec::with_capacity(original.len());
    let bytes = original.as_bytes();
    let mut emphasis_until = 0;
    for (at, c) in original.char_indices() {
        let end = (at + c.len_utf8()) as u32;
        let at32 = at as u32;
        if at < emphasis_until {
            continue;
        }
        if matches!(c, '*' | '_' | '~') {
            let run_end = at + bytes[at..].iter().take_while(|&&b| b == c as u8).count();
            if is_emphasis(original, at, run_end) {
                emphasis_until = run_end;
                continue;
            }
        }
        if c.is_ascii() && c != '\t' {
            text.push(c);
            map.push((at32, end));
        } else if let Some(r) = replacement(c) {
            for b in r.chars() {
                text.push(b);
                map.push((at32, end));
            }
        } else if let Some(ascii) = fullwidth(c) {
            text.push(ascii);
            map.push((at32, end));
        } else if let Some(base) = latin_base(c) {
            // "Chloé", "Núñez", "naïve": the same word without its accents,
            // as names in authors and responders are read (one byte each
            // for the letters, so a two-letter stand-in keeps its place).
            for b in base.chars() {
                text.push(b);
                map.push((at32, end));
            }
        } else {
            // A letter of another script stays part of a word; a symbol
            // (an emoji, an arrow, a box) separates words, as a space does.
            let stand_in = if c.is_alphanumeric() || is_combining_mark(c) {
                'x'
            } else {
                ' '
            };
            for _ in 0..c.len_utf8() {
                text.push(stand_in);
                map.push((at32, end));
            }
        }
    }
    Normalised {
        text,
        map: Some(map),
        original_len: original.len(),
    }
}

/// The ASCII letters of an accented Latin letter (`é` is `e`, `ß` is
/// `ss`), by deunicode: only Latin letters, so that other scripts do not
/// turn into English-looking words.
fn latin_base(c: char) -> Option<&'static str> {
    if !matches!(c, '\u{00c0}'..='\u{024f}') || !c.is_alphabetic() {
        return None;
    }
    deunicode::deunicode_char(c)
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The ASCII letter, digit or sign a fullwidth form stands for (`Ｈ` is
/// `H`): East Asian input methods and some chat tools type them, and to a
/// reader they are the same words.
fn fullwidth(c: char) -> Option<char> {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        _ => None,
    }
}

/// Whether the run of `*`, `_` or `~` at `[start, end)` is markdown
/// emphasis: it touches a word on one side only (`**Never**`, `_always_`,
/// `~~old~~`). Such marks vanish, so "**Never** deploy" reads as "Never
/// deploy". Inside a word (`user_id`, `2*3`) or alone (`* item`, `rm *`)
/// they stay.
fn is_emphasis(original: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = word(original[..start].chars().next_back());
    let after = word(original[end..].chars().next());
    before != after
}

/// Whether `c` is a combining mark (an accent written after its letter),
/// which belongs to the word it sits in.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// An abbreviation as written: two letters or more, none in lower case
/// (`CDN`, `SRE`, `AWS`). Roles and systems, not names.
pub fn is_abbreviation(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// A word written as a name: a capital, then lower case somewhere (`Dana`,
/// `McDonald`), which an abbreviation is not.
pub fn is_name_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// The word without its possessive "'s" (as `trim_end_matches("'s")`,
/// without building a substring searcher for each word).
pub fn without_possessive(mut w: &str) -> &str {
    while let Some(rest) = w.strip_suffix("'s") {
        w = rest;
    }
    w
}

/// The base forms a word may be an inflection of: "engineers" → engineer,
/// "deleted" → delete, "typing" → type, "ran" stays (irregular forms are
/// listed in the lexicon). The word itself comes first. Used to look words
/// up in lexicon classes listed in their base form.
pub fn lemmas(word: &str) -> Vec<String> {
    let w = without_possessive(word).trim_end_matches('\'');
    let mut out = vec![w.to_string()];
    let mut add = |s: String| {
        if s.len() >= 2 && !out.contains(&s) {
            out.push(s);
        }
    };
    let strip = |suffix: &str| w.strip_suffix(suffix).map(str::to_string);
    if let Some(s) = strip("ies") {
        add(format!("{s}y"));
    }
    if let Some(s) = strip("es") {
        add(s);
    }
    if let Some(s) = strip("s")
        && !w.ends_with("ss")
    {
        add(s);
    }
    if let Some(s) = strip("ied") {
        add(format!("{s}y"));
    }
    for suffix in ["ed", "ing"] {
        if let Some(s) = strip(suffix) {
            add(s.clone());
            add(format!("{s}e"));
            // "stopped" → stop, "dropping" → drop
            let b = s.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                add(s[..s.len() - 1].to_string());
            }
        }
    }
    if let Some(s) = strip("d")
        && w.ends_with("ed")
    {
        add(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typography_is_normalised_and_positions_stay_exact() {
        let original = "the runbook wasn\u{2019}t followed \u{2014} \u{201c}human\u{00a0}error\u{201d}\u{200b}!";
        let n = normalise(original);
        assert_eq!(n.text, "the runbook wasn't followed - \"human error\"!");
        let at = n.text.find("wasn't").unwrap();
        let (s, e) = n.original(at, at + "wasn't".len());
        assert_eq!(&original[s..e], "wasn\u{2019}t");
        let at = n.text.find("human error").unwrap();
        let (s, e) = n.original(at, at + "human error".len());
        assert_eq!(&original[s..e], "human\u{00a0}error");
        // Accented Latin letters are their base letters ("Chloé" is read
        // as the name "chloe"); other scripts stay stand-ins.
        let original = "na\u{ef}ve caf\u{e9} Chlo\u{e9} \u{4e2d}";
        let n = normalise(original);
        assert_eq!(n.text, "naive cafe Chloe xxx");
        assert!(n.text.is_ascii());
        let at = n.text.find("Chloe").unwrap();
        let (s, e) = n.original(at, at + "Chloe".len());
        assert_eq!(&original[s..e], "Chlo\u{e9}");
    }

    #[test]
    fn fullwidth_forms_are_their_ascii_letters_and_positions_stay_exact() {
        let original = "Ｈｕｍａｎ ｅｒｒｏｒ\u{3000}again";
        let n = normalise(original);
        assert_eq!(n.text, "Human error again");
        let at = n.text.find("error").unwrap();
        let (s, e) = n.original(at, at + "error".len());
        assert_eq!(&original[s..e], "ｅｒｒｏｒ");
    }

    #[test]
    fn markdown_emphasis_vanishes_and_positions_stay_exact() {
        let original = "**Never** deploy, _always_ check ~~twice~~; user_id * 2 and * item";
        let n = normalise(original);
        assert_eq!(
            n.text,
            "Never deploy, always check twice; user_id * 2 and * item"
        );
        let at = n.text.find("Never deploy").unwrap();
        let (s, e) = n.original(at, at + "Never deploy".len());
        assert_eq!(&original[s..e], "Never** deploy");
    }

    #[test]
    fn without_possessive_trims_as_trim_end_matches_does() {
        for w in [
            "nurse's", "it's's", "'s", "s", "", "boss", "james'", "o's's'",
        ] {
            assert_eq!(without_possessive(w), w.trim_end_matches("'s"), "{w}");
        }
    }

    #[test]
    fn lemmas_undo_inflections() {
        assert!(lemmas("engineers").contains(&"engineer".to_string()));
        assert!(lemmas("deleted").contains(&"delete".to_string()));
        assert!(lemmas("typing").contains(&"type".to_string()));
        assert!(lemmas("stopped").contains(&"stop".to_string()));
        assert!(lemmas("technicians").contains(&"technician".to_string()));
        assert!(lemmas("nurse's").contains(&"nurse".to_string()));
        assert!(lemmas("carried").contains(&"carry".to_string()));
    }
}
