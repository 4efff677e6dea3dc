//! Where log lines come from: files, folders and standard input, gzip or
//! zstd told apart by their first bytes, read line by line with a bound.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::UserError;

pub use crate::store::limits::MAX_LINE_BYTES;
use crate::store::limits::MAX_ZSTD_WINDOW_BYTES;

/// The hint for a compressed input that cannot be read to its end.
const DAMAGED: &str =
    "the compressed data is truncated or damaged; decompress it by hand to see how far it goes";

/// A zstd frame that needs a larger window than pm decodes
/// ([`MAX_ZSTD_WINDOW_BYTES`]): not damaged, but not readable here.
#[derive(Debug)]
struct WindowTooLarge {
    requested: u64,
}

impl std::fmt::Display for WindowTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the zstd data needs a {} window to decompress, more than the {} pm (and zstd itself) can use",
            gib(self.requested),
            gib(MAX_ZSTD_WINDOW_BYTES)
        )
    }
}

impl std::error::Error for WindowTooLarge {}

/// `2 GiB`, `3.75 GiB`, `512 MiB`: a window size as zstd names them.
fn gib(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    let (unit, name) = if bytes >= 1 << 30 {
        (1 << 30, "GiB")
    } else {
        (MIB, "MiB")
    };
    let hundredths = bytes.saturating_mul(100) / unit;
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    format!(
        "{} {name}",
        text.trim_end_matches('0').trim_end_matches('.')
    )
}

/// What to do about an error reading a compressed input: a window too
/// large to decode is decompressed by other means; anything else is
/// damage.
pub fn compressed_hint(err: &io::Error) -> &'static str {
    let inner = err.get_ref();
    if inner.is_some_and(|e| e.is::<Appended>()) {
        return "the compressed data itself is whole: decompress it by hand (which drops what follows it) and give pm the text";
    }
    match inner.and_then(|e| e.downcast_ref::<WindowTooLarge>()) {
        Some(_) => {
            "decompress it with the tool that wrote it and give pm the text (or recompress it with zstd, which keeps the window within 2 GiB)"
        }
        None => DAMAGED,
    }
}

/// How far down a folder pm looks for log files.
const MAX_DEPTH: usize = 8;

/// One input named by `--from`.
#[derive(Debug, Clone)]
pub enum Source {
    Stdin,
    /// A file; `explicit` when named by `--from` rather than found in a folder.
    File {
        path: PathBuf,
        explicit: bool,
    },
}

impl Source {
    /// As shown in messages and reports: one line, made safe (a file name
    /// may hold a line break or a terminal escape).
    pub fn shown(&self) -> String {
        match self {
            Source::Stdin => "standard input".into(),
            Source::File { path, .. } => {
                crate::output::name(&path.display().to_string()).into_owned()
            }
        }
    }

    /// Short name for a commit message.
    pub fn file_name(&self) -> String {
        match self {
            Source::Stdin => "stdin".into(),
            Source::File { path, .. } => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            ),
        }
    }

    /// Named directly (standard input, or a file given by `--from`), so
    /// that an input that is not a log is an error rather than a warning.
    pub fn explicit(&self) -> bool {
        match self {
            Source::Stdin => true,
            Source::File { explicit, .. } => *explicit,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File { path, .. } => Some(path),
        }
    }
}

/// The inputs `--from` names: `-` is standard input, a folder means every
/// file in it and below it (hidden ones and symlinked folders left out),
/// anything else is read as given (a file, a pipe, a device). A file named
/// twice (the same path, a folder and a file in it, a symlink and its
/// file) is read once, where it first came.
pub fn sources(from: &[PathBuf]) -> Result<Vec<Source>> {
    use std::collections::hash_map::{Entry, HashMap};
    let mut first: HashMap<PathBuf, usize> = HashMap::new();
    let mut out: Vec<Source> = Vec::new();
    for source in named(from)? {
        let Some(real) = source.path().and_then(|p| fs::canonicalize(p).ok()) else {
            out.push(source);
            continue;
        };
        match first.entry(real) {
            Entry::Occupied(at) => {
                // Found in a folder and named directly too: as named.
                if source.explicit()
                    && let Source::File { explicit, .. } = &mut out[*at.get()]
                {
                    *explicit = true;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(out.len());
                out.push(source);
            }
        }
    }
    Ok(out)
}

fn named(from: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    let mut stdin = false;
    for path in from {
        if path.as_os_str() == "-" {
            if stdin {
                crate::bail_user!("--from - is given twice; standard input can be read once");
            }
            stdin = true;
            out.push(Source::Stdin);
            continue;
        }
        let meta = fs::metadata(path).map_err(|err| {
            UserError::new(format!("--from {}: {err}", path.display()))
                .hint("give log files, a folder of them, or - for standard input")
        })?;
        if meta.is_dir() {
            let before = out.len();
            walk(path, 0, &mut out)?;
            if out.len() == before {
                return Err(UserError::new(format!(
                    "--from {}: the folder holds no files",
                    path.display()
                ))
                .hint("give log files, a folder of them, or - for standard input")
                .into());
            }
        } else {
            out.push(Source::File {
                path: path.clone(),
                explicit: true,
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<Source>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|err| {
        UserError::new(format!(
            "--from {}: cannot list the folder: {err}",
            dir.display()
        ))
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        let Ok(link) = fs::symlink_metadata(&path) else {
            continue;
        };
        if link.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, depth + 1, out)?;
            }
        } else if fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            // Regular files, and symlinks to them (/var/log/containers).
            out.push(Source::File {
                path,
                explicit: false,
            });
        }
    }
    Ok(())
}

/// Why a source could not be read to its end.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A line longer than [`MAX_LINE_BYTES`], at this line number.
    TooLong(usize),
}

impl From<io::Error> for ReadError {
    fn from(err: io::Error) -> Self {
        ReadError::Io(err)
    }
}

/// An open source: its lines, and how it was compressed.
pub struct Opened {
    pub lines: LineReader,
    pub compression: Option<&'static str>,
}

/// Whether the first bytes of a file are UTF-16: a byte-order mark, or
/// text whose every other byte is NUL (ASCII written two bytes a letter).
fn utf16(first: &[u8]) -> bool {
    if first.starts_with(&[0xff, 0xfe]) || first.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let head = &first[..first.len().min(64) & !1];
    head.len() >= 8
        && (head.chunks(2).all(|p| p[1] == 0 && p[0] != 0)
            || head.chunks(2).all(|p| p[0] == 0 && p[1] != 0))
}

/// Open a source, unwrap gzip or zstd when its first bytes say so, and
/// refuse binary data (a NUL byte in the first 8 KiB, as git and grep judge).
pub fn open(source: &Source) -> Result<Opened> {
    let shown = source.shown();
    let raw: Box<dyn Read + Send> = match source {
        Source::Stdin => Box::new(io::stdin()),
        Source::File { path, .. } => Box::new(File::open(path).map_err(|err| {
            UserError::new(format!("--from {shown}: {err}"))
                .hint("give log files, a folder of them, or - for standard input")
        })?),
    };
    let mut raw = BufReader::with_capacity(1 << 17, raw);
    let head = peek(&mut raw, 4)
        .map_err(|err| UserError::new(format!("--from {shown}: cannot read: {err}")))?;
    let magic = match head.as_slice() {
        [0x1f, 0x8b, ..] => Some("gzip"),
        [0x28, 0xb5, 0x2f, 0xfd] => Some("zstd"),
        _ => None,
    };
    // The bytes looked at go back in front of the rest.
    let raw = io::Cursor::new(head).chain(raw);
    let (reader, compression): (Box<dyn Read + Send>, _) = match magic {
        Some("gzip") => (Box::new(GzMembers::new(raw)), magic),
        Some(_) => (Box::new(ZstdFrames::new(raw)), magic),
        None => (Box::new(raw), None),
    };
    // Decompression runs on its own thread, feeding the line reader the
    // way `gzip -dc | grep` splits the work over two processes.
    let reader: Box<dyn Read + Send> = if compression.is_some() {
        Box::new(Pipelined::spawn(reader))
    } else {
        reader
    };
    let mut reader = BufReader::with_capacity(1 << 17, reader);
    let what = compression.map_or(String::new(), |c| format!(" ({c})"));
    let first = peek(&mut reader, 8192).map_err(|err| {
        let mut e = UserError::new(format!("--from {shown}{what}: cannot read: {err}"));
        if compression.is_some() {
            e = e.hint(compressed_hint(&err));
        }
        e.hint("nothing was imported")
    })?;
    if memchr::memchr(0, &first).is_some() && utf16(&first) {
        return Err(UserError::new(format!(
            "--from {shown}{what} is UTF-16 text (as PowerShell's `>` writes), and pm reads UTF-8"
        ))
        .hint(format!(
            "convert it first, for example: iconv -f UTF-16 -t UTF-8 {shown} > log.utf8.json"
        ))
        .hint("nothing was imported")
        .into());
    }
    if memchr::memchr(0, &first).is_some() {
        return Err(UserError::new(format!(
            "--from {shown}{what} is binary data, not a log (it holds NUL bytes)"
        ))
        .hint("give a text log: JSON lines, OTLP/JSON, Docker json-file or Kubernetes CRI, uncompressed or compressed with gzip or zstd")
        .hint("nothing was imported")
        .into());
    }
    Ok(Opened {
        lines: LineReader {
            inner: Box::new(io::Cursor::new(first).chain(reader)),
            buf: Vec::new(),
            line: 0,
            blank_bytes: 0,
        },
        compression,
    })
}

/// A reader fed by a thread that reads another reader ahead, in chunks.
/// A chunk read is handed back for the thread to fill again: a buffer
/// freed on another thread than the one that allocated it stays with the
/// allocator (mimalloc keeps it for its owner), and a 256 MB gzip log
/// peaked at 130 MB of such buffers.
struct Pipelined {
    chunks: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    spent: std::sync::mpsc::SyncSender<Vec<u8>>,
    current: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Pipelined {
    fn spawn(mut inner: Box<dyn Read + Send>) -> Pipelined {
        const CHUNK: usize = 1 << 20;
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let (spent, refill) = std::sync::mpsc::sync_channel::<Vec<u8>>(8);
        std::thread::spawn(move || {
            loop {
                let mut chunk = match refill.try_recv() {
                    Ok(mut used) => {
                        used.resize(CHUNK, 0);
                        used
                    }
                    Err(_) => vec![0u8; CHUNK],
                };
                let mut filled = 0;
                let result = loop {
                    match inner.read(&mut chunk[filled..]) {
                        Ok(0) => break Ok(()),
                        Ok(n) => {
                            filled += n;
                            if filled == CHUNK {
                                break Ok(());
                            }
                        }
                        Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                        Err(err) => break Err(err),
                    }
                };
                chunk.truncate(filled);
                let end = filled < CHUNK;
                // The reader hangs up when it stops early: then stop too.
                if filled > 0 && tx.send(Ok(chunk)).is_err() {
                    return;
                }
                match result {
                    Err(err) => {
                        let _ = tx.send(Err(err));
                        return;
                    }
                    Ok(()) if end => {
                        let _ = tx.send(Ok(Vec::new()));
                        return;
                    }
                    Ok(()) => {}
                }
            }
        });
        Pipelined {
            chunks: rx,
            spent,
            current: Vec::new(),
            pos: 0,
            done: false,
        }
    }
}

impl Read for Pipelined {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.current.len() {
                let n = buf.len().min(self.current.len() - self.pos);
                buf[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            match self.chunks.recv() {
                Ok(Ok(chunk)) if chunk.is_empty() => self.done = true,
                Ok(Ok(chunk)) => {
                    let used = std::mem::replace(&mut self.current, chunk);
                    if used.capacity() > 0 {
                        // Full (the thread has buffers enough) or gone: dropped here.
                        let _ = self.spent.try_send(used);
                    }
                    self.pos = 0;
                }
                Ok(Err(err)) => {
                    self.done = true;
                    return Err(err);
                }
                Err(_) => {
                    self.done = true;
                    return Err(io::Error::other("the reading thread stopped"));
                }
            }
        }
    }
}

/// Read up to `n` bytes from the start of a stream, stopping early only at
/// its end. The bytes are taken from the reader; callers put them back.
fn peek<R: BufRead>(reader: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    while head.len() < n {
        let avail = match reader.fill_buf() {
            Ok(avail) => avail,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if avail.is_empty() {
            break;
        }
        let take = avail.len().min(n - head.len());
        head.extend_from_slice(&avail[..take]);
        reader.consume(take);
    }
    Ok(head)
}

/// Lines of at most [`MAX_LINE_BYTES`], without their line break; blank
/// lines (only spaces, tabs, CRs) are skipped, and counted in the numbers.
pub struct LineReader {
    inner: Box<dyn BufRead + Send>,
    buf: Vec<u8>,
    line: usize,
    /// Bytes of the blank lines skipped, with their line breaks.
    blank_bytes: usize,
}

impl LineReader {
    /// How many bytes the blank lines skipped so far took.
    pub fn blank_bytes(&self) -> usize {
        self.blank_bytes
    }

    /// The number of the line last returned (1-based).
    pub fn line_number(&self) -> usize {
        self.line
    }

    /// After [`ReadError::TooLong`]: the start of that line, as much as
    /// was read of it (it may end inside a character).
    pub fn cut_short(&self) -> &[u8] {
        &self.buf
    }

    /// The next line and its number (a final line without a break
    /// counts), or None at the end.
    pub fn next_line(&mut self) -> Result<Option<(usize, &[u8])>, ReadError> {
        self.buf.clear();
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(avail) => avail,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(ReadError::Io(err)),
            };
            // Blank lines, which no reader of the lines wants, are stepped
            // over a buffer at a time (counted, for the line numbers): a
            // log of a billion empty lines reads as fast as it inflates.
            if self.buf.is_empty() {
                let blank = avail
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .unwrap_or(avail.len());
                if let Some(last) = memchr::memrchr(b'\n', &avail[..blank]) {
                    let breaks = memchr::memchr_iter(b'\n', &avail[..=last]).count();
                    self.line += breaks;
                    self.blank_bytes += last + 1;
                    self.inner.consume(last + 1);
                    continue;
                }
            }
            if avail.is_empty() {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                self.line += 1;
                return Ok(Some((self.line, self.trimmed())));
            }
            let (take, done) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i, true),
                None => (avail.len(), false),
            };
            if self.buf.len() + take > MAX_LINE_BYTES {
                return Err(ReadError::TooLong(self.line + 1));
            }
            self.buf.extend_from_slice(&avail[..take]);
            self.inner.consume(if done { take + 1 } else { take });
            if done {
                self.line += 1;
                return Ok(Some((self.line, self.trimmed())));
            }
        }
    }

    /// The line without its CR, and the first line without the UTF-8 byte
    /// order mark Windows tools write (it would make the first record
    /// unreadable).
    /// The line without its `\r` and without a byte-order mark at its
    /// start: on the first line, or on any line of logs joined with `cat`
    /// (each file brought its own).
    fn trimmed(&self) -> &[u8] {
        let line = self.buf.strip_suffix(b"\r").unwrap_or(&self.buf);
        line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
    }
}

/// A zstd stream of one or more frames (`zstd -T0` and concatenated files
/// write several); skippable frames are stepped over. Windows up to
/// [`MAX_ZSTD_WINDOW_BYTES`] are read; a larger one is a [`WindowTooLarge`]
/// error.
struct ZstdFrames<R: BufRead> {
    source: R,
    decoder: ruzstd::decoding::FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(source: R) -> Self {
        // Frames written with `zstd --long` declare windows past the
        // decoder's default (128 MiB): read those up to zstd's own limit.
        let mut decoder = ruzstd::decoding::FrameDecoder::new();
        decoder.set_max_window_size(MAX_ZSTD_WINDOW_BYTES);
        ZstdFrames {
            source,
            decoder,
            in_frame: false,
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                if self.decoder.can_collect() > 0 {
                    return self.decoder.read(buf);
                }
                if self.decoder.is_finished() {
                    self.in_frame = false;
                    continue;
                }
                self.decoder
                    .decode_blocks(
                        &mut self.source,
                        ruzstd::decoding::BlockDecodingStrategy::UptoBlocks(1),
                    )
                    .map_err(zstd_error)?;
                continue;
            }
            if self.source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            match self.decoder.reset(&mut self.source) {
                Ok(()) => self.in_frame = true,
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let skipped =
                        io::copy(&mut (&mut self.source).take(length.into()), &mut io::sink())?;
                    if skipped < u64::from(length) {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "the zstd data ends inside a skippable frame",
                        ));
                    }
                }
                Err(FrameDecoderError::WindowSizeTooBig { requested, .. }) => {
                    return Err(io::Error::other(WindowTooLarge { requested }));
                }
                Err(err) => return Err(zstd_error(err)),
            }
        }
    }
}

/// Data after the end of the compressed data that is not more of it.
#[derive(Debug)]
struct Appended(String);

impl std::fmt::Display for Appended {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Appended {}

/// The first bytes of something, as text when they are printable
/// (`` `garb` ``), else in hex.
fn shown_bytes(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        format!("`{}`", String::from_utf8_lossy(bytes))
    } else {
        bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A zstd decoding error in words: the decoder's own text is its debug
/// form (`BadMagicNumber(1802401130)`).
fn zstd_error(err: ruzstd::decoding::errors::FrameDecoderError) -> io::Error {
    use ruzstd::decoding::errors::{FrameDecoderError as F, ReadFrameHeaderError as H};
    let text = match err {
        F::ReadFrameHeaderError(H::BadMagicNumber(magic)) => {
            let shown = shown_bytes(&magic.to_le_bytes());
            return io::Error::new(
                io::ErrorKind::InvalidData,
                Appended(format!(
                    "data that is not zstd follows the zstd data (it starts with {shown}); \
                     something was appended to the compressed file"
                )),
            );
        }
        F::ReadFrameHeaderError(_) | F::FrameHeaderError(_) | F::FailedToInitialize(_) => {
            "a zstd frame header is truncated or damaged".to_string()
        }
        F::DictNotProvided { .. } | F::DictionaryDecodeError(_) => {
            "the zstd data was compressed with a dictionary, which pm does not have".to_string()
        }
        F::FailedToReadChecksum(_) => "the zstd data ends before its checksum".to_string(),
        _ => "the zstd data is truncated or damaged".to_string(),
    };
    io::Error::new(io::ErrorKind::InvalidData, text)
}

/// A gzip stream of one or more members (`cat a.gz b.gz`, `pigz`), read as
/// gunzip reads it: zero bytes after the last member (padding some tools
/// and tape or block devices leave) are ignored.
struct GzMembers<R: BufRead> {
    member: Option<flate2::bufread::GzDecoder<R>>,
}

impl<R: BufRead> GzMembers<R> {
    fn new(source: R) -> Self {
        GzMembers {
            member: Some(flate2::bufread::GzDecoder::new(source)),
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let Some(member) = self.member.as_mut() else {
                return Ok(0);
            };
            let n = member.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            // The member ended (its checksum checked): what follows is
            // another member, zero padding, or the end.
            let Some(member) = self.member.take() else {
                return Ok(0);
            };
            let mut rest = member.into_inner();
            loop {
                let avail = match rest.fill_buf() {
                    Ok(avail) => avail,
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                    Err(err) => return Err(err),
                };
                if avail.is_empty() {
                    return Ok(0);
                }
                let zeros = avail.iter().take_while(|&&b| b == 0).count();
                if zeros == 0 {
                    // Not another member: something was appended (gunzip
                    // says "trailing garbage ignored"). Said as it is, not
                    // as damage to the data before it.
                    if avail[0] != 0x1f || avail.get(1).is_some_and(|b| *b != 0x8b) {
                        let head = &avail[..avail.len().min(4)];
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            Appended(format!(
                                "data that is not gzip follows the gzip data (it starts with {}); something was appended to the compressed file",
                                shown_bytes(head)
                            )),
                        ));
                    }
                    break;
                }
                rest.consume(zeros);
            }
            self.member = Some(flate2::bufread::GzDecoder::new(rest));
        }
    }
}
