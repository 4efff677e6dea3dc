//! Writes that land in the folder that was checked.
//!
//! Checking a path's folders by name (`lstat` on each) and then writing to
//! that name again leaves a gap: another process that can write in the
//! repository can swap a checked folder for a symlink in between (one
//! `renameat2(RENAME_EXCHANGE)`), and the write, or a removal, then goes
//! wherever the link points. So a folder is opened once, one component at
//! a time (`openat` with `O_NOFOLLOW | O_DIRECTORY` from the folder before
//! it), and everything after is done relative to that open folder: the
//! temporary file is created in it (`O_CREAT | O_EXCL`), renamed over the
//! file's name in it (`renameat`), and stale files are removed from it
//! (`unlinkat`). What is swapped after the folder is opened no longer
//! matters: the open folder is the one that was checked.
//!
//! Links are refused, or followed as the kernel would (by reading them and
//! walking their target in the same way), by where they are: below a
//! [`Base`](super::paths::Base) none is followed; on an output path named on
//! the command line only those outside the repository's folders are (the
//! person's own: `/tmp` on some systems, `public -> /var/www/pm`).

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use rustix::fs::{self as rfs, AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

/// How many symlinks a walk follows before it gives up, as Linux does.
const MAX_LINKS: usize = 40;

/// Temporary files are named `.pm-PID-XXXXXX.tmp`, in the folder of the
/// file they replace: the writer's pid, so that two pm processes never
/// share a name, and the clean-up of one never takes a file another is
/// still writing.
pub const TEMP_PREFIX: &str = ".pm-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// An open folder, and its path (with the links on the way resolved) for
/// messages.
#[derive(Debug)]
pub struct Folder {
    fd: OwnedFd,
    path: PathBuf,
}

/// Why a folder could not be opened, and where on the way.
#[derive(Debug)]
pub enum WalkError {
    /// This is a symlink where none is followed.
    Link(PathBuf),
    /// This is something else than a folder (in words: "a file", "a FIFO").
    NotFolder(PathBuf, &'static str),
    /// This does not exist (and the walk was not asked to create it).
    Missing(PathBuf),
    /// This could not be created.
    Create(PathBuf, io::Error),
    /// Anything else, at this path.
    Io(PathBuf, io::Error),
}

/// Which step of a write failed, for the message.
#[derive(Debug)]
pub enum WriteError {
    /// Creating the temporary file in the folder.
    Create(io::Error),
    /// Writing it (or flushing it to disk).
    Write(io::Error),
    /// Renaming it over the file.
    Replace(io::Error),
}

/// What a file system entry is, in words.
pub fn kind_words(ft: FileType) -> &'static str {
    match ft {
        FileType::RegularFile => "a file",
        FileType::Directory => "a folder",
        FileType::Symlink => "a symlink",
        FileType::Fifo => "a FIFO (named pipe)",
        FileType::Socket => "a socket",
        FileType::BlockDevice | FileType::CharacterDevice => "a device",
        _ => "not a regular file",
    }
}

/// The device and inode of an open file, to know a folder again.
pub type Id = (u64, u64);

fn id_of(fd: impl AsFd) -> io::Result<Id> {
    let st = rfs::fstat(fd)?;
    #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
    Ok((st.st_dev as u64, st.st_ino as u64))
}

/// The id of the folder at `path` (links followed), if there is one.
pub fn folder_id(path: &Path) -> Option<Id> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

/// Open a folder by name, as a start: links are followed (the folder the
/// person gave, or a base that sits behind `/tmp`).
fn open_start(path: &Path) -> io::Result<OwnedFd> {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    match rfs::open(
        path,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    ) {
        Err(Errno::ACCESS) => open_search_only(rfs::CWD, path.as_os_str(), false),
        other => Ok(other?),
    }
}

/// A folder that can be searched but not read (mode 0711): open it for
/// walking through (Linux's `O_PATH`), where that exists.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn open_search_only(at: impl AsFd, name: &OsStr, nofollow: bool) -> io::Result<OwnedFd> {
    let mut flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
    if nofollow {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = rfs::openat(at, name, flags, Mode::empty())?;
    // O_PATH | O_NOFOLLOW opens a link itself; O_DIRECTORY refuses it, but
    // check what was opened all the same.
    if rfs::FileType::from_raw_mode(rfs::fstat(&fd)?.st_mode) != FileType::Directory {
        return Err(Errno::NOTDIR.into());
    }
    Ok(fd)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn open_search_only(_at: impl AsFd, _name: &OsStr, _nofollow: bool) -> io::Result<OwnedFd> {
    Err(Errno::ACCESS.into())
}

/// Open the folder `name` in `at`, never through a link.
fn open_child(at: impl AsFd, name: &OsStr) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    match rfs::openat(at.as_fd(), name, flags, Mode::empty()) {
        Err(Errno::ACCESS) => open_search_only(at, name, true),
        other => Ok(other?),
    }
}

/// One folder of a walk: open, whether links in it are refused, its path.
struct Step {
    fd: OwnedFd,
    strict: bool,
    path: PathBuf,
}

/// Walk `parts` from `stack`'s last folder, one component at a time,
/// never through a link in a strict folder (one of `strict_ids`, or below
/// one, or below the start when it is strict). Links elsewhere are read
/// and their target walked in the same way (from `/` when it is absolute).
/// With `create`, missing folders are made (`mkdirat`) and then opened as
/// any other, so a link put in their place meanwhile is refused too.
fn walk(
    mut stack: Vec<Step>,
    parts: Vec<OsString>,
    strict_ids: &[Id],
    create: bool,
) -> Result<Folder, WalkError> {
    let mut todo: std::collections::VecDeque<OsString> = parts.into();
    let mut links = 0;
    let mut made = 0;
    while let Some(part) = todo.pop_front() {
        if part.is_empty() || part == "." {
            continue;
        }
        if part == ".." {
            if stack.len() > 1 {
                stack.pop();
            }
            continue;
        }
        let top = stack.last().expect("the walk starts with a folder");
        let path = top.path.join(&part);
        let err = match open_child(&top.fd, &part) {
            Ok(fd) => {
                let strict = top.strict || id_of(&fd).is_ok_and(|id| strict_ids.contains(&id));
                stack.push(Step { fd, strict, path });
                continue;
            }
            Err(err) => err,
        };
        let found = rfs::statat(&top.fd, &part, AtFlags::SYMLINK_NOFOLLOW);
        match found {
            Err(Errno::NOENT) if create && made < 8 => {
                made += 1;
                match rfs::mkdirat(&top.fd, &part, Mode::from_raw_mode(0o777)) {
                    Ok(()) | Err(Errno::EXIST) => todo.push_front(part),
                    Err(err) => return Err(WalkError::Create(path, err.into())),
                }
            }
            Err(Errno::NOENT) => return Err(WalkError::Missing(path)),
            Err(err) => return Err(WalkError::Io(path, err.into())),
            Ok(st) => match FileType::from_raw_mode(st.st_mode) {
                FileType::Symlink if top.strict => return Err(WalkError::Link(path)),
                FileType::Symlink => {
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(WalkError::Io(path, Errno::LOOP.into()));
                    }
                    let target = rfs::readlinkat(&top.fd, &part, Vec::new())
                        .map_err(|err| WalkError::Io(path.clone(), err.into()))?;
                    let target = PathBuf::from(OsString::from_vec(target.into_bytes()));
                    if target.is_absolute() {
                        stack.truncate(1);
                    }
                    for part in components(&target).into_iter().rev() {
                        todo.push_front(part);
                    }
                }
                // A link then, a folder now: a race, or no permission.
                FileType::Directory => return Err(WalkError::Io(path, err)),
                other => return Err(WalkError::NotFolder(path, kind_words(other))),
            },
        }
    }
    let last = stack.pop().expect("the walk starts with a folder");
    Ok(Folder {
        fd: last.fd,
        path: last.path,
    })
}

/// The names of a path's parts (`..` kept, to walk back up).
fn components(path: &Path) -> Vec<OsString> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_os_string()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect()
}

impl Folder {
    /// The folder `rel` below `base` (a folder opened by name: the base may
    /// sit behind a link), never through a link below it.
    pub fn below(base: &Path, rel: &Path, create: bool) -> Result<Folder, WalkError> {
        let fd = open_start(base).map_err(|err| match err.kind() {
            io::ErrorKind::NotFound => WalkError::Missing(base.to_path_buf()),
            _ => WalkError::Io(base.to_path_buf(), err),
        })?;
        let start = Step {
            fd,
            strict: true,
            path: base.to_path_buf(),
        };
        walk(vec![start], components(rel), &[], create)
    }

    /// The folder at `path` (relative to the current folder, or absolute),
    /// walked from `/`: links in the folders `strict` names (by
    /// [`folder_id`]: the repository's) and below them are refused, others
    /// followed. `..` goes back to the folder the walk came from.
    pub fn at(path: &Path, strict: &[Id], create: bool) -> Result<Folder, WalkError> {
        let absolute = std::path::absolute(path).map_err(|err| WalkError::Io(path.into(), err))?;
        let root = Path::new("/");
        let fd = open_start(root).map_err(|err| WalkError::Io(root.into(), err))?;
        let strict_root = id_of(&fd).is_ok_and(|id| strict.contains(&id));
        let start = Step {
            fd,
            strict: strict_root,
            path: root.to_path_buf(),
        };
        walk(vec![start], components(&absolute), strict, create)
    }

    /// The folder at `path`, opened by name as the kernel resolves it
    /// (links followed): for a folder no one else writes in (git's).
    pub fn open(path: &Path) -> io::Result<Folder> {
        Ok(Folder {
            fd: open_start(path)?,
            path: path.to_path_buf(),
        })
    }

    /// Its path, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder `name` in this one, never through a link; made first
    /// with `create` when missing.
    pub fn child(&self, name: &str, create: bool) -> Result<Folder, WalkError> {
        let start = Step {
            fd: self
                .fd
                .try_clone()
                .map_err(|err| WalkError::Io(self.path.clone(), err))?,
            strict: true,
            path: self.path.clone(),
        };
        walk(vec![start], vec![name.into()], &[], create)
    }

    /// What `name` in this folder is (a link is a link); None when nothing.
    pub fn kind(&self, name: impl AsRef<OsStr>) -> io::Result<Option<FileType>> {
        match rfs::statat(&self.fd, name.as_ref(), AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(FileType::from_raw_mode(st.st_mode))),
            Err(Errno::NOENT) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// `name`'s modification time, without following a link.
    pub fn modified(&self, name: impl AsRef<OsStr>) -> Option<SystemTime> {
        let st = rfs::statat(&self.fd, name.as_ref(), AtFlags::SYMLINK_NOFOLLOW).ok()?;
        let secs = u64::try_from(st.st_mtime).ok()?;
        Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs))
    }

    /// Open the file `name` in this folder: never through a link
    /// (`O_NOFOLLOW`), never blocking on a FIFO. None when it is missing.
    pub fn open_file(&self, name: impl AsRef<OsStr>) -> io::Result<Option<File>> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        match rfs::openat(&self.fd, name.as_ref(), flags, Mode::empty()) {
            Ok(fd) => Ok(Some(File::from(fd))),
            Err(Errno::NOENT) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Open (creating it) the file `name` in this folder for reading and
    /// writing, never through a link: a file pm keeps open (its lock).
    pub fn open_for_update(&self, name: impl AsRef<OsStr>) -> io::Result<File> {
        let flags =
            OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rfs::openat(&self.fd, name.as_ref(), flags, Mode::from_raw_mode(0o666))?;
        Ok(File::from(fd))
    }

    /// The names in this folder.
    pub fn names(&self) -> io::Result<Vec<OsString>> {
        let mut names = Vec::new();
        for entry in rfs::Dir::read_from(&self.fd)? {
            let entry = entry?;
            let name = entry.file_name().to_bytes();
            if name != b"." && name != b".." {
                names.push(OsStr::from_bytes(name).to_os_string());
            }
        }
        Ok(names)
    }

    /// Remove the file `name` from this folder (not a folder).
    pub fn remove(&self, name: impl AsRef<OsStr>) -> io::Result<()> {
        Ok(rfs::unlinkat(&self.fd, name.as_ref(), AtFlags::empty())?)
    }

    /// Give the file `name` in this folder a second name, `to`, in `other`
    /// (a hard link, never through a link).
    pub fn link_to(&self, name: impl AsRef<OsStr>, other: &Folder, to: &OsStr) -> io::Result<()> {
        Ok(rfs::linkat(
            &self.fd,
            name.as_ref(),
            &other.fd,
            to,
            AtFlags::empty(),
        )?)
    }

    /// Rename `name` in this folder to `to` in `other`.
    pub fn rename_to(&self, name: impl AsRef<OsStr>, other: &Folder, to: &OsStr) -> io::Result<()> {
        Ok(rfs::renameat(&self.fd, name.as_ref(), &other.fd, to)?)
    }

    /// Flush the folder's entries to disk (after a rename).
    pub fn sync(&self) {
        rfs::fsync(&self.fd).ok();
    }

    /// Replace the file `name` in this folder with `contents`: a temporary
    /// file is created in the folder (`O_EXCL`, with the mode the file will
    /// have: the old file's, or 0644), written, flushed to disk when
    /// `durable`, and renamed over `name`; a link at `name` is replaced,
    /// never followed. On any failure the temporary file is removed, and
    /// `name` is as it was.
    pub fn write(&self, name: &OsStr, contents: &[u8], durable: bool) -> Result<(), WriteError> {
        // Keep the permissions a person gave the file.
        let mode = match rfs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) if FileType::from_raw_mode(st.st_mode) == FileType::RegularFile => {
                Mode::from_raw_mode(st.st_mode).intersection(Mode::from_raw_mode(0o7777))
            }
            _ => Mode::from_raw_mode(0o644),
        };
        let (tmp_name, fd) = self.create_temp(mode).map_err(WriteError::Create)?;
        let mut file = File::from(fd);
        let written = rfs::fchmod(&file, mode)
            .map_err(io::Error::from)
            .and_then(|()| file.write_all(contents))
            .and_then(|()| if durable { file.sync_all() } else { Ok(()) })
            .map_err(WriteError::Write)
            .and_then(|()| {
                rfs::renameat(&self.fd, &tmp_name, &self.fd, name)
                    .map_err(|err| WriteError::Replace(err.into()))
            });
        drop(file);
        if written.is_err() {
            rfs::unlinkat(&self.fd, &tmp_name, AtFlags::empty()).ok();
            return written;
        }
        if durable {
            self.sync();
        }
        Ok(())
    }

    /// A new temporary file in this folder, created with `O_EXCL` (never
    /// an existing file, never through a link), and its name.
    fn create_temp(&self, mode: Mode) -> io::Result<(OsString, OwnedFd)> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut last = io::Error::from(Errno::EXIST);
        for _ in 0..16 {
            let name = temp_name();
            match rfs::openat(&self.fd, &name, flags, mode) {
                Ok(fd) => return Ok((name, fd)),
                Err(Errno::EXIST) => last = Errno::EXIST.into(),
                Err(err) => return Err(err.into()),
            }
        }
        Err(last)
    }
}

/// A name for a temporary file of this process: `.pm-PID-XXXXXX.tmp`,
/// six letters and digits, as tempfile's names have.
pub fn temp_name() -> OsString {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut n = seed
        ^ NEXT
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let letters: String = (0..6)
        .map(|_| {
            let c = b"abcdefghijklmnopqrstuvwxyz0123456789"[(n % 36) as usize];
            n /= 36;
            char::from(c)
        })
        .collect();
    format!("{TEMP_PREFIX}{}-{letters}{TEMP_SUFFIX}", std::process::id()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/a/b")).unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), dir.path().join("repo/link"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path().join("repo"), dir.path().join("repolink")).unwrap();
        dir
    }

    #[test]
    fn below_a_base_no_link_is_followed() {
        let dir = tree();
        let base = dir.path().join("repo");
        assert!(Folder::below(&base, Path::new("a/b"), false).is_ok());
        assert!(matches!(
            Folder::below(&base, Path::new("link"), false),
            Err(WalkError::Link(p)) if p.ends_with("link")
        ));
        assert!(matches!(
            Folder::below(&base, Path::new("link/x"), true),
            Err(WalkError::Link(_))
        ));
        assert!(matches!(
            Folder::below(&base, Path::new("a/missing"), false),
            Err(WalkError::Missing(_))
        ));
        let made = Folder::below(&base, Path::new("a/new/deeper"), true).unwrap();
        assert!(made.path().ends_with("a/new/deeper"));
        assert!(base.join("a/new/deeper").is_dir());
    }

    #[test]
    fn links_outside_the_strict_folders_are_followed() {
        let dir = tree();
        let repo = folder_id(&dir.path().join("repo")).unwrap();
        // Into the repository through a link of the person's own.
        let f = Folder::at(&dir.path().join("repolink/a/b"), &[repo], false).unwrap();
        assert_eq!(f.kind("x").unwrap(), None);
        // A link in the repository is refused, even when reached that way.
        assert!(matches!(
            Folder::at(&dir.path().join("repolink/link"), &[repo], false),
            Err(WalkError::Link(_))
        ));
        // With no repository, every link is followed.
        assert!(Folder::at(&dir.path().join("repo/link"), &[], false).is_ok());
    }

    #[test]
    fn a_write_is_relative_to_the_open_folder_and_leaves_no_temp() {
        let dir = tree();
        let base = dir.path().join("repo");
        let f = Folder::below(&base, Path::new("a"), false).unwrap();
        // The folder is swapped for a link after it was opened: the write
        // still lands in the folder that was opened.
        std::fs::rename(base.join("a"), base.join("moved")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), base.join("a")).unwrap();
        f.write(OsStr::new("out.md"), b"hello", true).unwrap();
        assert_eq!(std::fs::read(base.join("moved/out.md")).unwrap(), b"hello");
        assert!(!dir.path().join("outside/out.md").exists());
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(base.join("moved/out.md"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
        // A failed rename (a folder in the way) leaves no temporary file.
        std::fs::create_dir(base.join("moved/dir.md")).unwrap();
        std::fs::write(base.join("moved/dir.md/x"), b"x").unwrap();
        assert!(matches!(
            f.write(OsStr::new("dir.md"), b"x", true),
            Err(WriteError::Replace(_))
        ));
        let left: Vec<_> = f
            .names()
            .unwrap()
            .into_iter()
            .filter(|n| n.to_string_lossy().ends_with(TEMP_SUFFIX))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
