//! How much pm reads and writes: one set of limits, for readers and writers
//! alike, so that pm never writes a file it would then refuse to read.

use std::io::Read;

/// Files larger than this are refused before parsing, and no write may make
/// a post-mortem larger: a post-mortem is prose, and a huge file is a
/// mistake or an attack, not a document to load whole. Also the limit for
/// pm.yaml, templates and text read from standard input.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// pm's own per-clone state (the summary cache grows with the repository).
pub const MAX_STATE_BYTES: usize = 1024 * 1024 * 1024;

/// The longest log line `pm timeline import` reads. An OTLP batch of
/// thousands of records fits; input without line breaks (a binary file,
/// `/dev/zero`) stops here.
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// The largest zstd window `pm timeline import` decodes: 2 GiB, the most
/// zstd itself writes or reads (`zstd --long=31`; its decoder refuses
/// more, as 128 MiB by default unless told `--long`). The decoder holds up
/// to a window of text at once, so this bounds its memory as it bounds
/// zstd's; a frame that declares a larger window is refused before any of
/// it is allocated.
pub const MAX_ZSTD_WINDOW_BYTES: u64 = 1 << 31;

/// Deeper YAML nesting than this is refused; real post-mortems nest four
/// levels. Enforced by the parser (`yaml::parse_tree`) for readers, and so
/// for writers, which parse what they are about to write.
pub const MAX_DEPTH: usize = 64;

/// `9.5 MB, larger than the 8 MB pm accepts` for `len` bytes over
/// `limit` (the caller puts "is" or "would be" before it), or None when it
/// fits.
pub fn too_large(len: usize, limit: usize) -> Option<String> {
    if len <= limit {
        return None;
    }
    let (len, limit) = sizes(len, limit);
    Some(format!("{len}, larger than the {limit} pm accepts"))
}

/// Two sizes for people, side by side: `9.5 MB` and `8 MB`; to the
/// hundredth when tenths would show them the same (`8.01 MB` and `8 MB`),
/// and in bytes when that would too (`8 MB, over the 8 MB`).
pub fn sizes(len: usize, limit: usize) -> (String, String) {
    if len == limit || size(len) != size(limit) {
        return (size(len), size(limit));
    }
    const MB: usize = 1024 * 1024;
    let hundredths = |b: usize| b * 100 / MB;
    if len >= MB && hundredths(len) != hundredths(limit) {
        let h = hundredths(len);
        return (format!("{}.{:02} MB", h / 100, h % 100), size(limit));
    }
    (
        format!("{len} bytes"),
        format!("{limit} bytes ({})", size(limit)),
    )
}

/// A size for people: `9.5 MB`, `800 bytes`.
pub fn size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        let tenths = bytes * 10 / MB;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{bytes} bytes")
    }
}

/// Read everything up to `limit` bytes; more is an error naming the limit
/// (and never read into memory: `/dev/zero` on standard input stops here).
pub fn read_to_limit(reader: impl Read, limit: usize) -> std::io::Result<Result<Vec<u8>, String>> {
    read_to_limit_expecting(reader, limit, 0)
}

/// [`read_to_limit`] of a file expected to hold `expected` bytes (its
/// size when it was opened): the buffer is made that size at once, instead
/// of growing and copying as the bytes come in.
pub fn read_to_limit_expecting(
    reader: impl Read,
    limit: usize,
    expected: usize,
) -> std::io::Result<Result<Vec<u8>, String>> {
    let mut bytes = Vec::with_capacity(expected.min(limit).saturating_add(1));
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Ok(Err(format!(
            "more than {} (pm stops reading there)",
            size(limit)
        )));
    }
    Ok(Ok(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(8 * 1024 * 1024), "8 MB");
        assert_eq!(size(9 * 1024 * 1024 + 512 * 1024), "9.5 MB");
        assert_eq!(size(800), "800 bytes");
        assert!(too_large(MAX_FILE_BYTES, MAX_FILE_BYTES).is_none());
        assert!(too_large(MAX_FILE_BYTES + 1, MAX_FILE_BYTES).is_some());
        // Rounded to the same MB, two sizes are told apart in bytes.
        assert_eq!(
            sizes(MAX_FILE_BYTES + 12, MAX_FILE_BYTES),
            (
                "8388620 bytes".to_string(),
                "8388608 bytes (8 MB)".to_string()
            )
        );
        // Told apart to the hundredth when that is enough (attack 78:
        // "8406657 bytes, larger than the 8388608 bytes").
        assert_eq!(
            sizes(8_406_657, MAX_FILE_BYTES),
            ("8.01 MB".to_string(), "8 MB".to_string())
        );
        assert_eq!(
            sizes(10 * 1024 * 1024, MAX_FILE_BYTES),
            ("10 MB".to_string(), "8 MB".to_string())
        );
    }

    #[test]
    fn reading_stops_at_the_limit() {
        let zeros = std::io::repeat(0);
        assert!(read_to_limit(zeros, 1000).unwrap().is_err());
        assert_eq!(read_to_limit(&b"abc"[..], 3).unwrap().unwrap(), b"abc");
    }
}
