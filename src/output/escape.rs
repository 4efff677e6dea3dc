//! Making text from people and files safe for a terminal, a CI log, a
//! commit subject and JSON. The one place for it: see the module above.

use std::borrow::Cow;

/// What stands in for an invisible character that could hurt: a control
/// character shows as its Unicode control picture (ESC as `␛`), a C1
/// control or a bidi control as `�`. Each is one column wide, so columns
/// and carets computed from the text stay right.
fn replacement(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        c if is_bidi_control(c) => Some('\u{fffd}'),
        _ => None,
    }
}

/// Bidi embeddings, overrides, isolates and marks: they reorder what a
/// reader sees (Trojan Source), so user text never carries them out.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The bidirectional embeddings, overrides and isolates (not the marks
/// LRM, RLM and ALM, which right-to-left text uses): the characters that
/// make text show in another order than it is stored ("Trojan Source").
/// pm writes them into files escaped, so a diff shows them.
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A line break of any kind: LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether `text` has nothing [`line`] or [`block`] would change, apart
/// from the characters in `keep` (ASCII only). A scan of the bytes: the
/// characters to replace are C0 controls and DEL (one byte), C1 controls
/// (C2 80..9F), U+061C (D8 9C), U+200E/F, U+2028/9, U+202A..E (E2 80 ..)
/// and U+2066..9 (E2 81 A6..A9); in valid UTF-8 those lead bytes never
/// occur inside another character.
fn is_plain(text: &str, keep: &[u8]) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at once when they are printable ASCII (most text):
        // none of them can start a character to replace.
        if let Some(chunk) = b.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if printable_ascii(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        match c {
            0x20..=0x7e => {}
            0x00..=0x1f | 0x7f if !keep.contains(&c) => return false,
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => return false,
            0xd8 if b.get(i + 1) == Some(&0x9c) => return false,
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0x8e | 0x8f | 0xa8..=0xae)) => return false,
                (Some(0x81), Some(0xa6..=0xa9)) => return false,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    true
}

/// Whether all eight bytes of `word` are printable ASCII (0x20..=0x7E).
/// The tests below are exact for bytes under 0x80 ("determine if a word
/// has a byte less than n", from Bit Twiddling Hacks), checked first.
fn printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    word & HIGH == 0 && !below(word, 0x20) && !below(word ^ (ONES * 0x7f), 1)
}

/// User text made safe for one line: every line break (and tab) becomes a
/// space, control and bidi characters their visible stand-ins.
pub fn line(text: &str) -> Cow<'_, str> {
    one_pass(text, false, true)
}

/// [`line`] and [`stored`]: CR LF read as one break; a break (every
/// other kind of break, and `\n` unless `keep_lines`) and a tab become a
/// space; a control or bidi character its visible stand-in
/// (`stand_ins`) or nothing.
fn one_pass(text: &str, keep_lines: bool, stand_ins: bool) -> Cow<'_, str> {
    if is_plain(text, if keep_lines { b"\n" } else { b"" }) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if c == '\n' && keep_lines {
            out.push(c);
        } else if is_break(c) || c == '\t' {
            out.push(' ');
        } else {
            match replacement(c) {
                Some(stand_in) if stand_ins => out.push(stand_in),
                Some(_) => {}
                None => out.push(c),
            }
        }
    }
    Cow::Owned(out)
}

/// User text made safe with its line breaks kept: every kind of break
/// (CR LF, a lone CR that would overwrite the line, NEL, LINE SEPARATOR)
/// becomes `\n`; tabs stay; other control and bidi characters become
/// their visible stand-ins.
pub fn block(text: &str) -> Cow<'_, str> {
    if is_plain(text, b"\n\t") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_break(c) {
            out.push('\n');
        } else if c == '\t' {
            out.push(c);
        } else {
            out.push(replacement(c).unwrap_or(c));
        }
    }
    Cow::Owned(out)
}

/// Text read from a file (a log record's message) made fit to store as
/// text of a post-mortem: its lines are the file's (`\n`, CR LF), every
/// other break (a lone CR that would overwrite the line, VT, FF, NEL,
/// LINE SEPARATOR) and a tab become a space, and every other control
/// character (C0, DEL, C1) and bidi control is dropped: they draw nothing
/// a reader needs, and in a shared file they would ring, overwrite or
/// reorder what the next reader sees.
pub fn stored(text: &str) -> Cow<'_, str> {
    one_pass(text, true, false)
}

/// Characters that draw nothing (Unicode's default-ignorable code points:
/// zero-width spaces and joiners, the soft hyphen, word joiners, variation
/// selectors, the BOM, tag characters). In prose they are harmless, and a
/// joiner holds an emoji together; in a name they make two different files
/// look the same.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fff8}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// A name (a file path, a file's stem) made safe as [`line`] makes text,
/// and with every character that draws nothing spelled out (`<U+200B>`),
/// so `2026-11-20-ze<U+200B>ro.yaml` does not pass for `2026-11-20-zero.yaml`.
/// For messages and human output only: JSON, SARIF and annotations carry
/// the name as it is, so scripts can open the file.
pub fn name(text: &str) -> Cow<'_, str> {
    let safe = line(text);
    if !safe.chars().any(is_invisible) {
        return safe;
    }
    let mut out = String::with_capacity(safe.len() + 16);
    for c in safe.chars() {
        if is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`name`] for a name shown beside others it must be told apart from
/// (files that share an id, in an ambiguity list): a name not in Unicode
/// NFC also has its combining marks spelled out (`Gene<U+0300>ve.yaml`),
/// so the NFD file macOS wrote does not print the same as its NFC twin.
pub fn name_apart(text: &str) -> Cow<'_, str> {
    use unicode_normalization::char::is_combining_mark;
    let shown = name(text);
    if text.is_ascii() || unicode_normalization::is_nfc(text) {
        return shown;
    }
    let mut out = String::with_capacity(shown.len() + 16);
    for c in shown.chars() {
        if is_combining_mark(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A name as typed back from what [`name`] or [`name_apart`] printed: each
/// `<U+XXXX>` they spelled out is the character again (`Gene<U+0300>ve`
/// is `Gene` `ve` with U+0300 between). None when the text spells none.
pub fn unspell(text: &str) -> Option<String> {
    if !text.contains("<U+") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut any = false;
    while let Some(at) = rest.find("<U+") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let spelled = after.find('>').and_then(|end| {
            let hex = &after[..end];
            let ok = (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit());
            let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?).filter(|_| ok)?;
            Some((c, end))
        });
        match spelled {
            Some((c, end)) => {
                out.push(c);
                any = true;
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("<U+");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    any.then_some(out)
}

/// A word as a POSIX shell reads it back: as it is when it holds only
/// characters the shell leaves alone, else in single quotes. For commands
/// pm suggests (`pm use 'postmortems/2026/a b.yaml'`); the caller still
/// makes the line safe to print.
pub fn shell_word(text: &str) -> Cow<'_, str> {
    // A control character (a newline git allows in a file name) would be
    // printed as a stand-in, and a pasted command would name another file:
    // ANSI-C quoting spells it (`$'a\nb.yaml'`; bash, zsh, ksh, POSIX
    // 2024 sh).
    let spelled = |c: char| c.is_control() || is_bidi_control(c);
    if text.chars().any(spelled) {
        let mut out = String::from("$'");
        for c in text.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if spelled(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('\'');
        return Cow::Owned(out);
    }
    // `=` not first: zsh reads a word `=cmd` as the path of cmd.
    if !text.is_empty()
        && !text.starts_with('=')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:,@=".contains(c))
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("'{}'", text.replace('\'', r"'\''")))
    }
}

/// An argument as a person types it back after a command: one that
/// starts with `-` (a hand-named post-mortem `-rf.yaml`, referenced as
/// `-rf#A1`) comes after `--`, which ends the options, else it would be
/// read as a flag (`pm action done -- -rf#A1`). Not quoted: for
/// references printed in lists, which [`shell_word`] would clutter.
pub fn arg_word(text: &str) -> Cow<'_, str> {
    if text.starts_with('-') {
        Cow::Owned(format!("-- {text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A folder (its path from the top of git's work tree, `/`-separated) as
/// the `.gitignore` line that leaves out that folder and nothing else:
/// anchored (`/public/`), with git's pattern characters (`*`, `?`, `[`
/// and `\`) escaped so they match themselves. The caller still makes the
/// line safe to print.
pub fn gitignore_folder(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    out.push('/');
    for c in path.chars() {
        if "*?[\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    // Ends in `/`, so a space at the folder's end is not trailing
    // (which git would drop).
    out.push('/');
    out
}

/// Bytes that may not be UTF-8 (a file name) as text: each byte that is
/// not text is written `\xNN`, never lost to U+FFFD. Not made safe: for
/// that, [`name_bytes`].
pub fn bytes_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    Cow::Owned(out)
}

/// [`name`] for bytes that may not be UTF-8 (a file name, an argument):
/// each byte that is not text is written `\xNN`.
pub fn name_bytes(bytes: &[u8]) -> String {
    name(&bytes_text(bytes)).into_owned()
}

/// A commit subject from text that may hold anything: one line (so no
/// body and no trailers can be smuggled in), safe characters, at most 200
/// characters.
pub fn subject(text: &str) -> String {
    const MAX: usize = 200;
    let one = line(text);
    let one = one.trim();
    match one.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", one[..cut].trim_end()),
        None => one.to_string(),
    }
}

/// The zero-width space that breaks a workflow command without changing
/// what a person reads.
const DEFUSE: char = '\u{200b}';

/// CI logs run workflow commands found in output: GitHub Actions a line
/// whose first non-blank characters are `::`, and `##[` anywhere; Azure
/// Pipelines `##vso[` anywhere. A zero-width space after the first colon
/// or hash makes them plain text.
pub(super) fn defuse_ci(text: &str) -> Cow<'_, str> {
    // Most output holds neither `::` nor `##`: one fast search each.
    if !text.contains("::") && !text.contains("##") {
        return Cow::Borrowed(text);
    }
    let starts_command = |l: &str| l[visible_start(l)..].starts_with("::");
    if !text
        .split('\n')
        .any(|l| starts_command(l) || hash_command_at(l).is_some())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, l) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut l = Cow::Borrowed(l);
        if starts_command(&l) {
            let at = visible_start(&l) + 1;
            l.to_mut().insert(at, DEFUSE);
        }
        while let Some(at) = hash_command_at(&l) {
            l.to_mut().insert(at + 1, DEFUSE);
        }
        out.push_str(&l);
    }
    Cow::Owned(out)
}

/// `##[` and `##vso[` anywhere in `text` defused, nothing else: for a
/// line that is itself a workflow command (a GitHub annotation pm writes)
/// whose values hold user text.
pub fn defuse_hash_commands(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    while let Some(at) = hash_command_at(&out) {
        out.to_mut().insert(at + 1, DEFUSE);
    }
    out
}

/// Whether a CI log could read `l`, a physical line, as a workflow command
/// by how it starts: `::` or `##` as its first visible characters (blanks
/// and colour codes are trimmed first, as a runner trims them). Formats
/// that break lines themselves (iCalendar folding) ask it before they
/// start a line with user text.
pub fn starts_ci_command(l: &str) -> bool {
    let rest = &l[visible_start(l)..];
    rest.starts_with("::") || rest.starts_with("##")
}

/// Where the first character a CI log shows in `l` is: after blanks and
/// colour codes (`ESC [ ... m`), which a log hides. pm paints wrapped user
/// text line by line, so a colour code can stand before it.
fn visible_start(l: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &l[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        let Some(code) = trimmed.strip_prefix("\x1b[") else {
            return at;
        };
        let params = code
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b';')
            .count();
        if code.as_bytes().get(params) != Some(&b'm') {
            return at;
        }
        at += 2 + params + 1;
    }
}

/// Where `##[` or `##vso[` (any case) starts in `l`.
fn hash_command_at(l: &str) -> Option<usize> {
    let b = l.as_bytes();
    let mut from = 0;
    while let Some(p) = l[from..].find("##") {
        let at = from + p;
        let rest = &b[at + 2..];
        if rest.first() == Some(&b'[')
            || rest
                .get(..4)
                .is_some_and(|v| v.eq_ignore_ascii_case(b"vso["))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// JSON text that is also safe to show on a terminal or in a CI log:
/// DEL, C1 controls, bidi controls and line separators (which serde_json
/// writes raw inside strings) become `\\uXXXX` escapes, and the `[` of a
/// `##[` or `##vso[` becomes `\\u005b`. Any JSON reader gets the same
/// values back.
pub fn json_safe(text: &str) -> Cow<'_, str> {
    // serde_json escapes C0 controls itself; outside strings JSON holds
    // only its own newlines and spaces.
    let risky = |c: char| c >= '\u{7f}' && (replacement(c).is_some() || is_break(c));
    if !text.chars().any(risky) && !text.contains("##") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else if c == '['
            && (out.ends_with("##")
                || out
                    .get(out.len().saturating_sub(5)..)
                    .is_some_and(|t| t.eq_ignore_ascii_case("##vso")))
        {
            out.push_str("\\u005b");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::is_plain;

    #[test]
    fn stored_text_keeps_lines_and_drops_what_draws_nothing() {
        use super::stored;
        assert!(matches!(
            stored("plain – naïve\nsecond"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            stored("a\tb\u{7}c\r\nd\re\u{202e}f\u{2066}g\u{2069}\u{85}h\u{9b}i\u{1}\u{7f}j"),
            "a bc\nd efg hij"
        );
    }

    /// The byte-by-byte reading `is_plain` had before it took eight bytes
    /// at a time.
    fn plain_bytewise(text: &str, keep: &[u8]) -> bool {
        let b = text.as_bytes();
        b.iter().enumerate().all(|(i, &c)| match c {
            0x00..=0x1f | 0x7f => keep.contains(&c),
            0xc2 => !matches!(b.get(i + 1), Some(0x80..=0x9f)),
            0xd8 => b.get(i + 1) != Some(&0x9c),
            0xe2 => !matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x8e | 0x8f | 0xa8..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            ),
            _ => true,
        })
    }

    #[test]
    fn eight_bytes_at_a_time_reads_as_one_at_a_time() {
        let pieces = [
            "plain words ",
            "~",
            "\u{7f}",
            "\n",
            "\t",
            "\u{1b}[31m",
            "é",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "\u{61c}",
            "\u{200e}",
            "\u{2028}",
            "\u{202e}",
            "\u{2066}",
            "\u{2069}",
            "\u{2014}",
            "日本",
            "😀",
            " ",
            "0123456",
            "::error",
            "##[",
        ];
        // Every piece at every offset within eight bytes, before and after.
        for a in pieces {
            for b in pieces {
                for pad in 0..9 {
                    let text = format!("{}{a}{}{b}{}", "x".repeat(pad), "y".repeat(8 - pad), " z");
                    for keep in [&b""[..], b"\n\t"] {
                        assert_eq!(
                            is_plain(&text, keep),
                            plain_bytewise(&text, keep),
                            "{text:?} keeping {keep:?}"
                        );
                    }
                }
            }
        }
    }

    /// A file name git allows with a newline, a tab or a bidi control is
    /// spelled in ANSI-C quotes, which bash reads back to the same name
    /// (session 36: printed with a space, a pasted `git rm` named another
    /// file).
    #[test]
    fn shell_words_with_control_characters_read_back_in_bash() {
        let names = [
            "postmortems/2026/a\nb.yaml",
            "a\tb c's.yaml",
            "x\u{1b}[31m.yaml",
            "back\\slash\n.yaml",
            "rtl\u{202e}gpj.yaml",
        ];
        for name in names {
            let word = crate::output::shell_word(name);
            assert!(word.starts_with("$'"), "{word}");
            assert!(!word.chars().any(|c| c.is_control()), "{word}");
            let Ok(out) = std::process::Command::new("bash")
                .args(["-c", &format!("printf %s {word}")])
                .output()
            else {
                continue; // no bash here: the spelling was still checked
            };
            assert_eq!(String::from_utf8_lossy(&out.stdout), name, "{word}");
        }
        assert_eq!(crate::output::shell_word("a b.yaml"), "'a b.yaml'");
        assert_eq!(crate::output::shell_word("plain.yaml"), "plain.yaml");
    }
}
