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
        // Slack's incoming webhooks; a PEM private key, whole or cut short.
        r"|https://hooks\.slack\.com/services/[0-9A-Za-z/_-]+",
        r"|(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----(?:.*?-----END [A-Z ]*PRIVATE KEY-----|.*)",
    ))
    .expect("the credential shapes are valid")
});

/// The names that say their value is a secret, with any prefix
/// (`GITHUB_TOKEN`, `aws_secret_access_key`, `Api-Key`, Django's
/// `SECRET_KEY`, Rails' `secret_key_base`): ends of names, so that
/// `max_tokens` or `token_count` are not among them.
macro_rules! secret_names {
    () => {
        r"(?:\w*?token|\w*?api[_-]?key|apikey|x-api-key|\w*?secret(?:[_-]?(?:key|access[_-]?key|token))?(?:[_-]?base)?|\w*?private[_-]?key|\w*?(?:encryption|master|signing)[_-]?key|passphrase|session[_-]?id|sessionid|session)"
    };
}

/// A name that says its value is a secret, then `=`, `:` or `": "`, then
/// the value (up to a space, `&`, a quote, `,` or `;`). `Bearer` and
/// `Basic` after `Authorization:` keep their word.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)\b((?:"#,
        secret_names!(),
        r#"|sig|signature|cookie)"?\s*[=:]\s*"?)([^\s&"',;]{4,})"#
    ))
    .expect("the secret names are valid")
});

/// A secret's name then `=` (a query string, an environment, logfmt):
/// its value however short (`token=abc`).
static NAMED_EQ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)\b("#,
        secret_names!(),
        r#"\s*=\s*"?)([^\s&"',;\[]+)"#
    ))
    .expect("the secret names are valid")
});

/// A password named as one (`password=`, `DB_PASSWORD=`, `PGPASSWORD=`,
/// `"passwd": "..."`): its value however short.
static PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(\w*(?:password|passwd|pwd)"?\s*[=:]\s*"?)([^\s&"',;]+)"#)
        .expect("the password pattern is valid")
});

/// The password of a URL (`postgres://app:hunter2@db:5432/shop`), also
/// with no user name (`redis://:hunter2@cache:6379`).
static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*:)([^@\s/]+)@")
        .expect("the URL password pattern is valid")
});

/// A payment card number: 15 or 16 digits of a card network's prefix that
/// pass the Luhn check (an epoch in microseconds starts with 1 and is not
/// one).
static CARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:3[47]\d{13}|4\d{15}|5[1-5]\d{14}|2[2-7]\d{14}|6(?:011|5\d\d)\d{12})\b")
        .expect("the card pattern is valid")
});

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d = d * 2;
                if d > 9 { d - 9 } else { d }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

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
    if CARD.is_match(&text) {
        let replaced = CARD.replace_all(&text, |caps: &regex::Captures| {
            if luhn(&caps[0]) {
                count += 1;
                REDACTED.to_string()
            } else {
                caps[0].to_string()
            }
        });
        text = Cow::Owned(replaced.into_owned());
    }
    for re in [&*NAMED, &*NAMED_EQ, &*PASSWORD, &*BEARER, &*USERINFO] {
        if re.is_match(&text) {
            // The URL's `@` is matched to end its password: put back.
            let after = if std::ptr::eq(re, &*USERINFO) {
                "@"
            } else {
                ""
            };
            let replaced = re.replace_all(&text, |caps: &regex::Captures| {
                if caps[2].starts_with(REDACTED) {
                    return caps[0].to_string();
                }
                count += 1;
                format!("{}{REDACTED}{after}", &caps[1])
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
            // Attack 73: short passwords, prefixed names, URLs, webhooks,
            // keys, cookies and card numbers.
            (
                "retry with password=pw1",
                "retry with password=[redacted]",
                1,
            ),
            ("GET /x?token=abc 401", "GET /x?token=[redacted] 401", 1),
            (
                "env DB_PASSWORD=x PGPASSWORD=abc",
                "env DB_PASSWORD=[redacted] PGPASSWORD=[redacted]",
                2,
            ),
            (
                "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "aws_secret_access_key=[redacted]",
                1,
            ),
            (
                "connect postgres://app:hunter2@db:5432/shop failed",
                "connect postgres://app:[redacted]@db:5432/shop failed",
                1,
            ),
            (
                "posting to https://hooks.slack.com/services/T000/B000/XXXXXXXX failed",
                "posting to [redacted] failed",
                1,
            ),
            (
                "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- loaded",
                "key: [redacted] loaded",
                1,
            ),
            ("Cookie: session=9f8e7d6c5b4a", "Cookie: [redacted]", 1),
            (
                "set session=9f8e7d6c5b4a for app",
                "set session=[redacted] for app",
                1,
            ),
            // Attack 76: a prefixed token, a hyphenated key, a secret
            // key, a passphrase, a URL password with no user.
            (
                "env GITHUB_TOKEN=gh1 NPM_TOKEN=np2 vault_token=v3",
                "env GITHUB_TOKEN=[redacted] NPM_TOKEN=[redacted] vault_token=[redacted]",
                3,
            ),
            (
                "api-key=k1 then Api-Key: abcdef12",
                "api-key=[redacted] then Api-Key: [redacted]",
                2,
            ),
            (
                "SECRET_KEY=dj1 secret_key_base=rb2 api_secret=as3 passphrase=pp4 master_key=mk5 encryption_key=ek6",
                "SECRET_KEY=[redacted] secret_key_base=[redacted] api_secret=[redacted] passphrase=[redacted] master_key=[redacted] encryption_key=[redacted]",
                6,
            ),
            (
                "connect redis://:S3cretRedisPw@cache:6379/0 refused",
                "connect redis://:[redacted]@cache:6379/0 refused",
                1,
            ),
            (
                "GET /pay?card=4111111111111111&cvv=1 500",
                "GET /pay?card=[redacted]&cvv=1 500",
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
            "at epoch 1795684200123456 the job ran",
            "password_reset_count=3",
            "request used max_tokens=4096 and token_count=12",
            "secret_name=db-creds rotated",
            "http://localhost:8080/health failed",
        ] {
            assert_eq!(redact(plain), (Cow::Borrowed(plain), 0), "{plain}");
        }
    }
}
