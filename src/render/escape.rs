//! Escaping user text for the documents pm writes: one function per target.
//!
//! Everything a person typed into a post-mortem (titles, prose, owners,
//! links) is untrusted. `html` makes text safe in HTML element content and
//! in double- or single-quoted attribute values; `markdown` makes text
//! read literally in CommonMark and GitHub-flavoured Markdown. Templates get
//! these as their autoescape functions, so a template has to say `| safe`
//! to emit markup, and only pm's own markup (charts) is passed that way.
//!
//! Links are checked apart from escaping: `safe_url` keeps only http(s)
//! and relative URLs. Terminal escaping lives in `crate::output`.

use std::borrow::Cow;

/// Characters no document should carry: C0 and C1 controls other than tab
/// and line breaks (ANSI escapes among them), and DEL. HTML5 calls them
/// parse errors; terminals act on them.
fn is_dropped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FEFF}'
}

/// Bidi embeddings, overrides, isolates and marks reorder what a reader
/// sees (`Invoice \u{202E}fdp.exe` reads `Invoice exe.pdf`). The rule is
/// the terminal's ([`crate::output::is_bidi_control`]), and so is the
/// stand-in: each becomes `\u{FFFD}`, in every document as on the screen.
const BIDI_STAND_IN: char = '\u{FFFD}';

fn is_bidi(c: char) -> bool {
    crate::output::is_bidi_control(c)
}

/// A character of user text as a document shows it: `None` when dropped.
fn shown(c: char) -> Option<char> {
    if is_dropped(c) {
        None
    } else if is_bidi(c) {
        Some(BIDI_STAND_IN)
    } else {
        Some(c)
    }
}

/// Escape text for HTML content and quoted attribute values: `& < > " '`
/// become character references, control characters are dropped and bidi
/// controls become `\u{FFFD}`.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r') || is_dropped(c) || is_bidi(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // CRLF and lone CR are line breaks: one `\n` each.
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            c => out.extend(shown(c)),
        }
    }
    Cow::Owned(out)
}

/// Characters that are Markdown syntax wherever they stand in a line.
/// Every ASCII punctuation character may be backslash-escaped in CommonMark,
/// so escaping one more than needed is harmless.
const MD_INLINE: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '!', '$', '{', '}',
];

/// Escape text so Markdown renders it literally: inline syntax (emphasis,
/// code, links, images, raw HTML, entities, table pipes) is backslash-escaped
/// everywhere, block syntax (headings, lists, quotes, rules, code
/// indentation) at the start of each line. Line breaks are kept; control
/// characters are dropped, bidi controls become `\u{FFFD}`.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 4);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Four spaces or a tab of indentation would start a code block.
        let line = line.trim_start_matches([' ', '\t']);
        let block_marker = line_start_marker(line);
        let closing = closing_hashes(line);
        for (i, c) in line.char_indices() {
            let Some(c) = shown(c) else {
                continue;
            };
            if MD_INLINE.contains(&c) || Some(i) == block_marker || Some(i) == closing {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Where a run of `#` that ends the line starts, when a space or tab comes
/// before it: in a heading CommonMark reads it as the heading's closing
/// sequence and drops it (`# Outage #` shows "Outage"), so its first `#`
/// is escaped.
fn closing_hashes(line: &str) -> Option<usize> {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let body = trimmed.trim_end_matches('#');
    if body.len() == trimmed.len() || !body.ends_with([' ', '\t']) {
        return None;
    }
    Some(body.len())
}

/// Text on one line of Markdown: a heading, a list item, link text, a
/// sentence. Line breaks (and tabs) become spaces, so a value cannot end
/// the heading or the item, split a table row or start a block of its own;
/// then [`markdown`] escapes it. Every `{{ value }}` of a Markdown template
/// goes through this (see [`tera_markdown`]).
pub fn markdown_line(text: &str) -> String {
    markdown(&one_line(text))
}

/// Text in a cell of a GFM table: as [`markdown_line`], but each line
/// break becomes `<br>` (the one piece of HTML pm writes into Markdown),
/// so the cell shows the lines the person wrote and the row stays one row.
pub fn markdown_cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<String> = text.split(is_break).map(markdown_line).collect();
    lines.join("<br>")
}

/// A line break of any kind: LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Line breaks of every kind and tabs made spaces, runs of spaces kept.
fn one_line(text: &str) -> Cow<'_, str> {
    let breaks = |c: char| is_break(c) || c == '\t';
    if !text.contains(breaks) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", " ");
    Cow::Owned(text.replace(breaks, " "))
}

/// Escape text for Slack's mrkdwn on one line: `&`, `<` and `>` become
/// `&amp;`, `&lt;` and `&gt;` (what Slack requires, so that text cannot
/// make a link or a mention such as `<!channel>`), line breaks become
/// spaces, control characters are dropped, bidi controls become `\u{FFFD}`.
/// Slack has no escape for `*`, `_`, `~` and `` ` ``: they are kept as typed.
pub fn slack(text: &str) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.extend(shown(c)),
        }
    }
    out
}

/// Whether a [`safe_url`] is absolute (http or https): a relative one
/// means nothing in a chat or a document pasted elsewhere.
fn is_web(url: &str) -> bool {
    url.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http"))
}

/// A Slack link, `<url|text>`, when `url` is a safe web address (see
/// [`safe_url`]); else the text alone.
pub fn slack_link(url: Option<&str>, text: &str) -> String {
    match url.and_then(safe_url).filter(|u| is_web(u)) {
        Some(url) => format!("<{}|{}>", slack(&url).replace('|', "%7C"), slack(text)),
        None => slack(text),
    }
}

/// A Markdown link, `[text](url)`, when `url` is a safe web address (see
/// [`safe_url`]); else the text alone.
pub fn markdown_link(url: Option<&str>, text: &str) -> String {
    match url.and_then(safe_url).filter(|u| is_web(u)) {
        Some(url) => format!("[{}]({url})", markdown_line(text)),
        None => markdown_line(text),
    }
}

/// The byte offset of the character that would make this line a block
/// element (`# heading`, `- item`, `1. item`, `> quote`, `---`, `===`,
/// a code fence), if any.
fn line_start_marker(line: &str) -> Option<usize> {
    let first = line.chars().next()?;
    match first {
        '#' | '-' | '+' | '*' | '>' | '=' | '`' | '~' | '_' => Some(0),
        '0'..='9' => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            match line.as_bytes().get(digits) {
                Some(b'.') | Some(b')') => Some(digits),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A link target that is safe to emit: `http://`, `https://` (any case) or a
/// relative URL (a path, `?query` or `#fragment`, with no scheme and not
/// starting with two slashes). Anything else (`javascript:`, `data:`,
/// `file:`, `vbscript:`, `//other-host/`, ...) is refused.
///
/// Browsers drop tabs and line breaks inside URLs and ignore leading
/// controls, so a URL containing any whitespace or control character is
/// refused too; parentheses, angle brackets and backslashes are
/// percent-encoded so the URL cannot end a Markdown link early. The result still has to be escaped
/// for its target.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c == ' ' || c == '\n' || c == '\t' || c == '\r');
    if url.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    // `//host/path` is not a path: browsers read it as a link to another
    // host (protocol-relative), and `\\host`, `/\host` and `\/host` alike.
    let slash = |c: char| c == '/' || c == '\\';
    if url.starts_with(slash) && url[1..].starts_with(slash) {
        return None;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#', '\\']);
    let allowed = match (scheme_end, path_start) {
        // A colon before any path character: a scheme.
        (Some(colon), path) if path.is_none_or(|p| colon < p) => {
            let scheme = &url[..colon];
            let rest = &url[colon + 1..];
            (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
                && rest.starts_with("//")
        }
        _ => true,
    };
    if !allowed {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '`' => out.push_str("%60"),
            // "https://ok.example/\" before the ")" of a Markdown link
            // would escape it, and the link would swallow what follows.
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    Some(out)
}

/// `html` as Tera's autoescape function.
pub(crate) fn tera_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(html(input).as_bytes())
}

/// [`markdown_line`] as Tera's autoescape function: whatever a template
/// puts where, a value stays on its line.
pub(crate) fn tera_markdown(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(markdown_line(input).as_bytes())
}

/// [`markdown_cell`] as the Markdown templates' `cell` filter:
/// `{{ a.note | cell }}` in a table cell keeps the note's line breaks as
/// `<br>`. Its output is escaped already, so marked safe.
pub(crate) fn tera_cell(input: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if input.is_safe() {
        return input.into_value();
    }
    tera::Value::safe_string(&markdown_cell(input.as_str()))
}

/// A fenced code block of Markdown showing `text` line by line as written:
/// nothing inside a fence is Markdown, and the fence is longer than any run
/// of backticks in the text, so no line of it can close the block. Control
/// characters are dropped and bidi controls become `\u{FFFD}`, as
/// everywhere.
pub fn markdown_code(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let shown_text: String = text.chars().filter_map(shown).collect();
    let mut longest = 0;
    let mut run = 0;
    for c in shown_text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}\n{shown_text}\n{fence}")
}

/// [`markdown_code`] as the Markdown templates' `code` filter, for a code
/// block of prose (`{{ b.text | code }}`). Its output is a block already
/// made safe, so marked safe.
pub(crate) fn tera_code(input: tera::StringInput, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if input.is_safe() {
        return input.into_value();
    }
    tera::Value::safe_string(&markdown_code(input.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_drops_controls() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("plain text"), "plain text");
        assert_eq!(html("a\x1b[31mred\x07b\r\nc"), "a[31mredb\nc");
        assert_eq!(
            html("x \u{202e}fdp.exe\u{2066}"),
            "x \u{fffd}fdp.exe\u{fffd}"
        );
        assert_eq!(markdown("x \u{202e}y"), "x \u{fffd}y");
    }

    #[test]
    fn markdown_reads_literally() {
        assert_eq!(markdown("<b>x</b>"), "\\<b\\>x\\</b\\>");
        assert_eq!(markdown("# not a heading"), "\\# not a heading");
        assert_eq!(markdown("- not a list"), "\\- not a list");
        assert_eq!(markdown("12. not a list"), "12\\. not a list");
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(markdown("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(markdown("    code"), "code");
        assert_eq!(markdown("one\n---"), "one\n\\---");
        assert_eq!(
            markdown("&amp; `x` *y* _z_"),
            "\\&amp; \\`x\\` \\*y\\* \\_z\\_"
        );
        assert_eq!(markdown("version 4.2.1 at 09:12"), "version 4.2.1 at 09:12");
        // A heading's closing sequence (session 36's publishing attack:
        // "Outage #" rendered as "Outage").
        assert_eq!(markdown("Outage #"), "Outage \\#");
        assert_eq!(markdown("Outage ## "), "Outage \\## ");
        assert_eq!(markdown("C#"), "C#");
        assert_eq!(markdown("issue #42"), "issue #42");
    }

    #[test]
    fn code_blocks_cannot_be_closed_from_inside() {
        assert_eq!(markdown_code("$ ls\n  x"), "```\n$ ls\n  x\n```");
        assert_eq!(
            markdown_code("```\n<b>\u{1b}[31m"),
            "````\n```\n<b>[31m\n````"
        );
    }

    #[test]
    fn one_line_targets() {
        assert_eq!(markdown_line("a\nb\r\n# c"), "a b # c");
        assert_eq!(markdown_line("# x\u{1b}[31m"), "\\# x\\[31m");
        assert_eq!(
            markdown_cell("a | b\r\n# c\u{2028}d"),
            "a \\| b<br>\\# c<br>d"
        );
        assert_eq!(
            slack("<!channel> a & b\n*c*\u{7}"),
            "&lt;!channel&gt; a &amp; b *c*"
        );
        assert_eq!(
            slack_link(Some("https://x.example/a?b=1&c=<2>"), "T <x>"),
            "<https://x.example/a?b=1&amp;c=%3C2%3E|T &lt;x&gt;>"
        );
        assert_eq!(slack_link(Some("javascript:alert(1)"), "T"), "T");
        assert_eq!(
            markdown_link(Some("https://x.example/a"), "[T]"),
            "[\\[T\\]](https://x.example/a)"
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            safe_url("https://grafana.example.com/d/x?a=1&b=2").as_deref(),
            Some("https://grafana.example.com/d/x?a=1&b=2")
        );
        assert!(safe_url("HTTP://example.com").is_some());
        assert!(safe_url("../runbooks/db.md").is_some());
        assert!(safe_url("#timeline").is_some());
        assert!(safe_url("/wiki/Page_(x)").is_some_and(|u| u == "/wiki/Page_%28x%29"));
        assert_eq!(
            markdown_link(Some("https://ok.example/\\"), "bs"),
            "[bs](https://ok.example/%5C)"
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "http:evil",
            "mailto:x@example.com",
            "//evil.example.com/x",
            "\\\\evil.example.com\\x",
            "/\\evil.example.com",
            "\\/evil.example.com",
            "",
        ] {
            assert!(safe_url(bad).is_none(), "{bad:?} allowed");
        }
    }
}
