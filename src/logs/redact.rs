//! Credentials in imported log messages. A post-mortem is committed and
//! shared, often published; a log line that carried an API key in a URL
//! or a header would put it into git history for good. Values of known
//! credential shapes are replaced with `[redacted]` before the message is
//! written, and the import says how many it replaced.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// What replaces a credential.
pub const REDACTED: &str = "[redacted]";

/// Tokens whose shape names them (the whole match is the secret), and
/// values after a name that says it is a secret (`token=`, `password:`,
/// `Authorization: Bearer`), where only the value is replaced.
static SHAPES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Stripe, GitHub, GitLab, Slack, OpenAI/Anthropic-style, npm,
        // Google API keys, AWS access key ids.
        r"\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}",
        r"|\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}",
        r"|\bgithub_pat_[0-9A-Za-z_]{40,}",
        r"|\bglpat-[0-9A-Za-z_-]{20,}",
        r"|\bxox[abposr]-[0-9A-Za-z-]{10,}",
        r"|\bsk-(?:proj-|ant-)?[0-9A-Za-z_-]{20,}",
        r"|\bnpm_[0-9A-Za-z]{36}",
        r"|\bAIza[0-9A-Za-z_-]{35}",
        r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",
        // A JSON Web Token: three base64url parts, the first two JSON.
        r"|\beyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]{8,}",
    ))
    .expect("the credential shapes are valid")
});

/// A name that says its value is a secret, then `=`, `:` or `": "`, then
/// the value (up to a space, `&`, a quote, `,` or `;`). `Bearer` and
/// `Basic` after `Authorization:` keep their word.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b((?:access_?token|refresh_?token|id_?token|auth_?token|api_?key|apikey|x-api-key|client_?secret|secret|password|passwd|pwd|token|sig|signature|private_?key|session_?id|sessionid)"?\s*[=:]\s*"?)([^\s&"',;]{4,})"#,
    )
    .expect("the secret names are valid")
});

static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b((?:bearer|basic)\s+)([0-9A-Za-z._~+/=-]{12,})")
        .expect("the bearer pattern is valid")
});

/// The message with each credential replaced, and how many were.
pub fn redact(message: &str) -> (Cow<'_, str>, usize) {
    let mut count = 0;
    let mut text = Cow::Borrowed(message);
    if SHAPES.is_match(&text) {
        let replaced = SHAPES.replace_all(&text, |_: &regex::Captures| {
            count += 1;
            REDACTED
        });
        text = Cow::Owned(replaced.into_owned());
    }
    for re in [&*NAMED, &*BEARER] {
        if re.is_match(&text) {
            let replaced = re.replace_all(&text, |caps: &regex::Captures| {
                if caps[2].starts_with(REDACTED) {
                    return caps[0].to_string();
                }
                count += 1;
                format!("{}{REDACTED}", &caps[1])
            });
            text = Cow::Owned(replaced.into_owned());
        }
    }
    (text, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_replaced_and_counted() {
        for (line, want, n) in [
            (
                "GET /v1/charges?token=sk_live_4eC39HqLyjWDarjtT1zdp7dc&limit=3 502",
                "GET /v1/charges?token=[redacted]&limit=3 502",
                1,
            ),
            (
                "auth failed for key AKIAIOSFODNN7EXAMPLE in us-east-1",
                "auth failed for key [redacted] in us-east-1",
                1,
            ),
            (
                "upstream said 401 to Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl",
                "upstream said 401 to Authorization: Bearer [redacted]",
                1,
            ),
            (
                r#"db connect failed: {"user":"app","password":"hunter2hunter2"}"#,
                r#"db connect failed: {"user":"app","password":"[redacted]"}"#,
                1,
            ),
            (
                "password=s3cr3t-value user=app",
                "password=[redacted] user=app",
                1,
            ),
        ] {
            assert_eq!(redact(line), (Cow::Owned(want.to_string()), n), "{line}");
        }
        // No credential: the message as it was, borrowed.
        for plain in [
            "pool exhausted after 30s (max=50)",
            "token bucket refilled",
            "password reset mail sent to the queue",
            "trace 4bf92f3577b34da6a3ce929d0e0e4736 failed",
        ] {
            assert_eq!(redact(plain), (Cow::Borrowed(plain), 0), "{plain}");
        }
    }
}
