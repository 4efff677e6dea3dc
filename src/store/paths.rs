//! Path safety, in one place: pm reads and writes only regular files below
//! a base folder (the repository root, or git's folder for pm's own state),
//! never through a symlink anywhere below that base, and never a folder,
//! FIFO, socket or device.
//!
//! A committed symlink can point anywhere (`/proc/self/environ`, a
//! credentials file, `/dev/zero`), and a FIFO blocks whoever opens it, so
//! each folder below the base is opened in turn without following a link
//! (`folder::Folder`), the file is opened in the last one with
//! `O_NOFOLLOW | O_NONBLOCK` and checked again on the open handle, and
//! reads stop at the limit (see `limits`). Writes are made in that open
//! folder, so a folder swapped for a link after the check is never written
//! through. The base itself may sit behind a
//! symlink (`/tmp` on some systems): that is the person's choice, not the
//! repository's content.

use std::fs::{self, File, FileType, Metadata};
use std::io::ErrorKind;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use rustix::fs::FileType as Kind;

use super::folder::{Folder, WalkError, kind_words};
use super::limits;
use crate::error::UserError;

/// A folder pm reads and writes below, and how it names paths in messages.
#[derive(Debug, Clone)]
pub struct Base {
    pub dir: PathBuf,
    /// Put before a path relative to `dir` in messages.
    prefix: String,
}

impl Base {
    /// The repository root: paths are shown relative to it.
    pub fn root(dir: &Path) -> Base {
        Base {
            dir: normalize(dir),
            prefix: String::new(),
        }
    }

    /// Another folder (git's, for pm's state): paths are shown in full.
    pub fn other(dir: &Path) -> Base {
        let dir = normalize(dir);
        let prefix = format!("{}/", dir.display());
        Base { dir, prefix }
    }

    /// How a path below the base is named in messages.
    pub fn show(&self, path: &Path) -> String {
        match self.below(path) {
            Some(rel) => {
                crate::output::name(&format!("{}{}", self.prefix, rel.display())).into_owned()
            }
            None => crate::output::name(&path.display().to_string()).into_owned(),
        }
    }

    /// `path` relative to the base, when it is below it (lexically, after
    /// `.` and `..` are resolved); None when it is the base or outside.
    pub fn below(&self, path: &Path) -> Option<PathBuf> {
        let rel = normalize(path).strip_prefix(&self.dir).ok()?.to_path_buf();
        (!rel.as_os_str().is_empty()).then_some(rel)
    }

    fn inside(&self, path: &Path) -> Result<PathBuf, UserError> {
        self.below(path).ok_or_else(|| {
            UserError::new(format!(
                "{} is outside the repository ({})",
                path.display(),
                self.dir.display()
            ))
            .hint("pm reads and writes only files inside the repository")
        })
    }
}

/// An absolute path with `.` and `..` resolved by their names alone.
pub fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// What a file system entry is, in words, when it is not a regular file.
fn kind(ft: &FileType) -> &'static str {
    if ft.is_symlink() {
        "a symlink"
    } else if ft.is_dir() {
        "a folder"
    } else if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

fn refuse_symlink(shown: &str, link: &str) -> UserError {
    let what = if shown == link {
        format!("{shown} is a symlink")
    } else {
        format!("{shown}: {link} is a symlink")
    };
    UserError::new(format!(
        "{what}; pm does not follow symlinks, so that it never reads or writes outside the repository"
    ))
    .hint("replace the symlink with the real file or folder")
}

fn refuse_kind(shown: &str, what: &str) -> UserError {
    let what = match what {
        "not a regular file" => "not a regular file".to_string(),
        other => format!("{other}, not a regular file"),
    };
    UserError::new(format!(
        "{shown} is {what}; pm reads and writes only regular files"
    ))
    .hint("move it out of the way")
}

/// A folder on the way to a file is something else (a file, a FIFO).
fn refuse_not_folder(shown: &str, what: &str) -> UserError {
    UserError::new(format!("{shown} is {what} where a folder is expected"))
        .hint("move it out of the way")
}

/// Open the folder that holds `rel`'s last part, one folder at a time from
/// the base, each a real folder (`Folder::below`: never through a link, so
/// what is done in it later stays in it whatever is swapped meanwhile).
/// None when one does not exist (and `create` is off); with `create`,
/// missing folders are made one by one.
fn folders(
    base: &Base,
    rel: &Path,
    shown: &str,
    create: bool,
) -> Result<Option<Folder>, UserError> {
    let parent = rel.parent().unwrap_or(Path::new(""));
    match Folder::below(&base.dir, parent, create) {
        Ok(folder) => Ok(Some(folder)),
        Err(WalkError::Link(dir)) => Err(refuse_symlink(shown, &base.show(&dir))),
        Err(WalkError::NotFolder(dir, what)) => Err(refuse_not_folder(&base.show(&dir), what)),
        Err(WalkError::Missing(_)) => Ok(None),
        Err(WalkError::Create(dir, err)) => Err(UserError::new(format!(
            "cannot create {}: {err}",
            base.show(&dir)
        ))
        .hint("check that the folder is writable")),
        Err(WalkError::Io(_, err)) => Err(io(shown, err)),
    }
}

/// The last part of a path below the base (its file name).
fn last(rel: &Path) -> &std::ffi::OsStr {
    rel.file_name().unwrap_or(rel.as_os_str())
}

fn io(shown: &str, err: std::io::Error) -> UserError {
    UserError::new(format!("cannot read {shown}: {err}"))
}

/// Open a regular file below the base for reading; None when it (or a
/// folder on its way) does not exist.
pub fn open(base: &Base, path: &Path) -> Result<Option<(File, Metadata)>, UserError> {
    let rel = base.inside(path)?;
    let shown = base.show(path);
    let Some(folder) = folders(base, &rel, &shown, false)? else {
        return Ok(None);
    };
    let name = last(&rel);
    match folder.kind(name) {
        Ok(Some(Kind::Symlink)) => return Err(refuse_symlink(&shown, &shown)),
        Ok(Some(Kind::RegularFile)) => {}
        Ok(Some(other)) => return Err(refuse_kind(&shown, kind_words(other))),
        Ok(None) => return Ok(None),
        Err(err) => return Err(io(&shown, err)),
    }
    // Checked again on the handle: the entry may have been swapped since.
    let file = match folder.open_file(name) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(None),
        Err(err) if err.raw_os_error() == Some(libc::ELOOP) => {
            return Err(refuse_symlink(&shown, &shown));
        }
        Err(err) => return Err(io(&shown, err)),
    };
    let meta = file.metadata().map_err(|err| io(&shown, err))?;
    if !meta.is_file() {
        return Err(refuse_kind(
            &shown,
            kind_words(Kind::from_raw_mode(meta.mode())),
        ));
    }
    Ok(Some((file, meta)))
}

/// Read a regular file below the base, at most `limit` bytes; None when it
/// does not exist.
pub fn read_if_exists(
    base: &Base,
    path: &Path,
    limit: usize,
) -> Result<Option<Vec<u8>>, UserError> {
    let Some((file, meta)) = open(base, path)? else {
        return Ok(None);
    };
    let shown = base.show(path);
    let too_large = |why: String| {
        let hint = if limit == limits::MAX_FILE_BYTES {
            "a post-mortem (or pm.yaml) is text people write; split the file or remove what does not belong"
        } else {
            "this is pm's own state: remove the file and pm makes a new one"
        };
        UserError::new(format!("{shown} is {why}")).hint(hint)
    };
    let len = usize::try_from(meta.len()).unwrap_or(usize::MAX);
    if let Some(why) = limits::too_large(len, limit) {
        return Err(too_large(why));
    }
    match limits::read_to_limit_expecting(file, limit, len) {
        Ok(Ok(bytes)) => Ok(Some(bytes)),
        Ok(Err(why)) => Err(too_large(why)),
        Err(err) => Err(io(&shown, err)),
    }
}

/// Read a regular file below the base, at most `limit` bytes.
pub fn read(base: &Base, path: &Path, limit: usize) -> Result<Vec<u8>, UserError> {
    read_if_exists(base, path, limit)?
        .ok_or_else(|| UserError::new(format!("cannot read {}: no such file", base.show(path))))
}

/// Make sure `path` can be written: below the base, every folder on the way
/// a real folder (missing ones are created), and the file itself absent or
/// a regular file, which is then replaced, never written through.
pub fn prepare_write(base: &Base, path: &Path) -> Result<(), UserError> {
    check_write(base, path).map_err(|err| err.hint("nothing was changed"))
}

/// [`prepare_write`] without creating anything: whether `path` could be
/// written (every folder on the way a real folder or not there yet, the
/// file a regular file or not there yet). For a command that checks all
/// it will write before it creates the first folder (`pm init`).
pub fn check_writable(base: &Base, path: &Path) -> Result<(), UserError> {
    check_path(base, path, false).map_err(|err| err.hint("nothing was changed"))
}

fn check_write(base: &Base, path: &Path) -> Result<(), UserError> {
    check_path(base, path, true)
}

fn check_path(base: &Base, path: &Path, create: bool) -> Result<(), UserError> {
    let rel = base.inside(path)?;
    let shown = base.show(path);
    match folders(base, &rel, &shown, create)? {
        Some(folder) => check_file(&folder, last(&rel), &shown),
        None => Ok(()),
    }
}

/// The file `name` in an open folder can be replaced: a regular file, or
/// nothing yet.
fn check_file(folder: &Folder, name: &std::ffi::OsStr, shown: &str) -> Result<(), UserError> {
    match folder.kind(name) {
        Ok(Some(Kind::Symlink)) => Err(refuse_symlink(shown, shown)),
        Ok(Some(Kind::RegularFile) | None) => Ok(()),
        Ok(Some(other)) => Err(refuse_kind(shown, kind_words(other))),
        Err(err) => Err(io(shown, err)),
    }
}

/// Write `bytes` to `path` below the base, atomically, after checking the
/// limit and the path; nothing is written when either check fails. The
/// folder is opened once, from the base, and written in as opened
/// (`Folder`), so a folder swapped for a link meanwhile is never written
/// through.
pub fn write(base: &Base, path: &Path, bytes: &[u8], limit: usize) -> Result<()> {
    if let Some(why) = limits::too_large(bytes.len(), limit) {
        return Err(
            UserError::new(format!("{}: the new text would be {why}", base.show(path)))
                .hint("nothing was changed")
                .into(),
        );
    }
    write_checked(base, path, bytes)
}

/// Write `bytes` to `path` below the base, atomically, never through a
/// link ([`write`] without the limit, which the caller checked).
pub fn write_checked(base: &Base, path: &Path, bytes: &[u8]) -> Result<()> {
    let unchanged = |err: UserError| err.hint("nothing was changed");
    let rel = base.inside(path).map_err(unchanged)?;
    let shown = base.show(path);
    let folder = folders(base, &rel, &shown, true)
        .map_err(unchanged)?
        .ok_or_else(|| {
            unchanged(UserError::new(format!(
                "cannot write {shown}: no such folder"
            )))
        })?;
    check_file(&folder, last(&rel), &shown).map_err(unchanged)?;
    super::atomic::write_in(&folder, last(&rel), bytes, true, &shown)
}

/// Remove the file `path` below the base, in its folder opened from the
/// base (never through a link).
pub fn remove(base: &Base, path: &Path) -> Result<()> {
    let rel = base.inside(path)?;
    let shown = base.show(path);
    let folder = folders(base, &rel, &shown, false)?
        .ok_or_else(|| UserError::new(format!("cannot remove {shown}: no such folder")))?;
    folder
        .remove(last(&rel))
        .map_err(|err| UserError::new(format!("cannot remove {shown}: {err}")).into())
}

/// Put back at `path` (below the base) the file kept aside at `aside`
/// ([`super::atomic::keep_aside`], in pm's state folder), in one rename
/// into `path`'s folder opened from the base (never through a link).
pub fn put_aside_back(base: &Base, aside: &Path, path: &Path) -> Result<()> {
    let rel = base.inside(path)?;
    let shown = base.show(path);
    let folder = folders(base, &rel, &shown, false)?
        .ok_or_else(|| UserError::new(format!("cannot put back {shown}: no such folder")))?;
    let from = Folder::open(aside.parent().unwrap_or(Path::new(".")))?;
    let aside_name = aside.file_name().unwrap_or(aside.as_os_str());
    from.rename_to(aside_name, &folder, last(&rel))?;
    folder.sync();
    Ok(())
}

/// A second name for the file at `path` below the base: a hard link in
/// folder `dir` (pm's state folder), named as a temporary file of this
/// process (so that, if pm is killed, the next clean-up of that folder
/// removes it), made in `path`'s folder opened from the base (never
/// through a link). The file can then be put back after `path` is
/// replaced ([`put_aside_back`]) without writing a byte: writing it back
/// fails when the disk is full, which is when a commit fails too. None
/// when there is no file, or no hard link can be made there (another file
/// system, or one without hard links).
pub fn keep_aside(base: &Base, path: &Path, dir: &Path) -> Option<PathBuf> {
    let rel = base.below(path)?;
    let folder = folders(base, &rel, &base.show(path), false).ok()??;
    let state = Folder::open(dir).ok()?;
    for _ in 0..8 {
        let name = super::folder::temp_name();
        match folder.link_to(last(&rel), &state, &name) {
            Ok(()) => return Some(dir.join(name)),
            Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}

/// Remove the temporary files a killed writer left in the folder of
/// `path` below the base ([`super::atomic::remove_stale_temps_in`]), in
/// that folder opened from the base: never in a folder a link leads to.
pub fn remove_stale_temps(base: &Base, path: &Path, keep: impl Fn(&Path) -> bool) -> usize {
    let Some(rel) = base.below(path) else {
        return 0;
    };
    match Folder::below(&base.dir, rel.parent().unwrap_or(Path::new("")), false) {
        Ok(folder) => super::atomic::remove_stale_temps_in(&folder, keep),
        Err(_) => 0,
    }
}

/// pm's own files, which an output flag (`-o`, `--ics`) never replaces:
/// git's folder (and anything named `.git`), pm.yaml, and everything in
/// the post-mortems folder. A typo or a tab completion away from
/// `-o out.md`, each would be lost or would break the repository.
#[derive(Debug, Clone)]
pub struct Own {
    pub root: PathBuf,
    pub git_dir: Option<PathBuf>,
    pub postmortems: PathBuf,
}

impl Own {
    /// What `path` is of pm's own files, in words, if it is one. Checked
    /// by name (after `.` and `..`) and again with every symlink resolved,
    /// on both sides: a link to pm.yaml, or a file reached through a link
    /// to `.git`, is pm's file too.
    fn what(&self, path: &Path) -> Option<&'static str> {
        let mut candidates = vec![normalize(path)];
        if let Ok(real) = fs::canonicalize(path) {
            candidates.push(real);
        } else if let (Some(parent), Some(file)) = (path.parent(), path.file_name()) {
            // Not there yet: its folder may still be reached through a link.
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            if let Ok(dir) = fs::canonicalize(parent) {
                candidates.push(dir.join(file));
            }
        }
        let both = |p: &Path| {
            let mut v = vec![normalize(p)];
            v.extend(fs::canonicalize(p).ok());
            v
        };
        let config = both(&self.root.join(crate::config::CONFIG_FILE));
        // `.gitattributes` holds the merge driver's line (`pm init`), and
        // `.pm/` the repository's templates.
        let attributes = both(&self.root.join(".gitattributes"));
        let templates = both(&self.root.join(".pm"));
        let postmortems = both(&self.postmortems);
        let git: Vec<PathBuf> = self.git_dir.iter().flat_map(|g| both(g)).collect();
        for c in &candidates {
            if c.components().any(|part| part.as_os_str() == ".git")
                || git.iter().any(|g| c.starts_with(g))
            {
                return Some("in git's folder");
            }
            if config.iter().any(|p| c == p) {
                return Some("the repository's pm.yaml");
            }
            if attributes.iter().any(|p| c == p) {
                return Some("the repository's .gitattributes, which holds pm's merge driver");
            }
            if templates.iter().any(|p| c.starts_with(p)) {
                return Some("in the repository's .pm folder, which holds its templates");
            }
            if postmortems.iter().any(|p| c.starts_with(p)) {
                return Some("in the post-mortems folder");
            }
        }
        None
    }
}

impl Own {
    /// The folders a link committed in the repository can sit in: the
    /// repository's root and, when it is part of a larger git work tree,
    /// that work tree; each with symlinks resolved.
    pub fn repository_folders(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = fs::canonicalize(&self.root).ok().into_iter().collect();
        let work_tree = self
            .git_dir
            .as_deref()
            .filter(|g| g.file_name().is_some_and(|n| n == ".git"))
            .and_then(Path::parent)
            .and_then(|w| fs::canonicalize(w).ok());
        dirs.extend(work_tree);
        dirs
    }

    /// The first symlink on the way to `path` (the path itself included)
    /// that sits in a folder of the repository, if any. pm never writes
    /// through such a link: anyone who can commit can plant one (a
    /// `reports/x.md` pointing at `~/.ssh/authorized_keys`), and a CI job
    /// writing `-o reports/x.md` would write through it. Links outside the
    /// repository are the person's own (`/tmp` on some systems, an
    /// `-o ~/www/report.html` through their own link) and are followed, as
    /// the kernel would, so that a path entering the repository through
    /// one is still checked inside it.
    pub fn link_inside(&self, path: &Path) -> Option<PathBuf> {
        let inside = self.repository_folders();
        if inside.is_empty() {
            return None;
        }
        let absolute = std::path::absolute(path).ok()?;
        // The path so far, with every symlink on the way resolved.
        let mut real = PathBuf::new();
        for part in absolute.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => {
                    let next = real.join(name);
                    match fs::symlink_metadata(&next) {
                        Ok(meta) if meta.file_type().is_symlink() => {
                            if inside.iter().any(|dir| real.starts_with(dir)) {
                                return Some(next);
                            }
                            real = fs::canonicalize(&next).unwrap_or(next);
                        }
                        _ => real = next,
                    }
                }
                other => real.push(other.as_os_str()),
            }
        }
        None
    }

    /// [`Own::link_inside`] as the refusal of `arg PATH`, naming the link.
    fn refuse_link_inside(&self, path: &Path, arg: &str) -> Option<String> {
        let link = self.link_inside(path)?;
        let shown = crate::output::name(&path.display().to_string()).into_owned();
        let link_shown = crate::output::name(&link.display().to_string()).into_owned();
        let what = if normalize(path) == link {
            "is a symlink in the repository".to_string()
        } else {
            format!("{link_shown} is a symlink in the repository")
        };
        Some(format!(
            "{arg} {shown}: {what}; pm never writes through a symlink in the repository, so that a link someone committed cannot send its output to a file outside it"
        ))
    }

    /// What `dir` holds of pm's own places, in words, if it is the
    /// repository's root or a folder above the post-mortems folder or
    /// git's folder. Checked by name and with symlinks resolved, as
    /// [`Own::what`] checks.
    fn holds(&self, dir: &Path) -> Option<&'static str> {
        let both = |p: &Path| {
            let mut v = vec![normalize(p)];
            v.extend(fs::canonicalize(p).ok());
            v
        };
        let candidates = both(dir);
        let root = both(&self.root);
        let postmortems = both(&self.postmortems);
        let git: Vec<PathBuf> = self.git_dir.iter().flat_map(|g| both(g)).collect();
        for c in &candidates {
            if root.iter().any(|r| r == c) {
                return Some("the repository's root folder");
            }
            if postmortems.iter().any(|p| p.starts_with(c)) {
                return Some("a folder that holds the post-mortems folder");
            }
            if git.iter().any(|g| g.starts_with(c)) {
                return Some("a folder that holds git's folder");
            }
        }
        None
    }

    /// Refuse an output folder (`pm site OUT_DIR`) that is, or is inside,
    /// one of pm's own places (a site written into `.git` or the
    /// post-mortems folder would be taken for repository data), or that
    /// holds them: the repository's root or a folder above it, where the
    /// site's pages would be mixed with the repository's files (and a
    /// `.pm-site` file there would let `pm site` replace them).
    /// `example` names a good folder in the hint (`public` for a site).
    pub fn refuse_dir(&self, dir: &Path, arg: &str, example: &str) -> Result<()> {
        let shown = crate::output::name(&dir.display().to_string()).into_owned();
        if let Some(message) = self.refuse_link_inside(dir, arg) {
            return Err(UserError::new(message)
                .hint("remove the link, or give the folder it points to (a folder outside the repository is written as given); nothing was changed")
                .into());
        }
        if let Some(what) = self.what(dir) {
            return Err(UserError::new(format!(
                "{arg} {shown}: is {what}; pm never writes output over its own files"
            ))
            .hint("give a folder outside `.git` and the post-mortems folder; nothing was changed")
            .into());
        }
        if let Some(what) = self.holds(dir) {
            return Err(UserError::new(format!(
                "{arg} {shown}: is {what}; pm never writes output among the repository's files"
            ))
            .hint(format!(
                "give a folder of its own, such as {example}; nothing was changed"
            ))
            .into());
        }
        Ok(())
    }
}

/// Why a file named on the command line cannot be written: the message
/// (naming the flag and the path), and whether it is one of pm's own
/// files, so each caller can give its own hint.
#[derive(Debug)]
pub struct Refused {
    pub message: String,
    pub own: bool,
}

/// Where a file the person named on the command line (`--ics FILE`, a page
/// of `pm man --out DIR`) would be written, the way `>` would leave it: a
/// regular file (or nothing yet) is replaced; a symlink outside the
/// repository is written through, by replacing the regular file it points
/// to, while one in the repository (the path itself or a folder on its
/// way, see [`Own::link_inside`]) is refused; anything else (a
/// FIFO, a device, a folder, a dangling symlink) is refused, never
/// replaced; so is any of pm's own files (see [`Own`]; checked only when
/// there is a repository). Checks without writing, so a command writing
/// several files checks them all before it writes the first.
pub fn check_named(path: &Path, flag: &str, own: Option<&Own>) -> Result<PathBuf, Refused> {
    let shown = crate::output::name(&path.display().to_string()).into_owned();
    let refuse = |what: String| Refused {
        message: format!("{flag} {shown}: {what}"),
        own: false,
    };
    if let Some(what) = own.and_then(|own| own.what(path)) {
        return Err(Refused {
            message: format!(
                "{flag} {shown}: is {what}; pm never writes output over its own files"
            ),
            own: true,
        });
    }
    if let Some(message) = own.and_then(|own| own.refuse_link_inside(path, flag)) {
        return Err(Refused {
            message,
            own: false,
        });
    }
    // A link of the person's own may lead to a link in the repository
    // (attack 82: `-o ~/out.md`, a link to `repo/out/link.md`, itself a
    // link out): each link of the chain is checked as the path given is.
    let mut link = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&link) {
            Ok(meta) if meta.file_type().is_symlink() => {}
            _ => break,
        }
        let Ok(to) = fs::read_link(&link) else { break };
        link = match link.parent() {
            Some(parent) if to.is_relative() => parent.join(to),
            _ => to,
        };
        if let Some(what) = own.and_then(|own| own.what(&link)) {
            return Err(Refused {
                message: format!(
                    "{flag} {shown}: leads to {what}; pm never writes output over its own files"
                ),
                own: true,
            });
        }
        if let Some(message) = own.and_then(|own| own.refuse_link_inside(&link, flag)) {
            return Err(Refused {
                message,
                own: false,
            });
        }
    }
    let target = match fs::symlink_metadata(path) {
        Err(err) if err.kind() == ErrorKind::NotFound => path.to_path_buf(),
        Err(err) => return Err(refuse(format!("cannot use it: {err}"))),
        Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => target,
            // What it points to has no path (a pipe, /dev/stdout), the
            // links go round, or nothing is there.
            Err(err) => {
                return Err(refuse(match fs::metadata(path) {
                    Ok(to) => format!(
                        "is a symlink to {}, not a regular file; pm would replace it",
                        kind(&to.file_type())
                    ),
                    Err(_) if err.raw_os_error() == Some(libc::ELOOP) => "is a symlink loop".into(),
                    Err(_) => "is a symlink to nothing".into(),
                }));
            }
        },
        Ok(_) => path.to_path_buf(),
    };
    match fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_file() => Err(refuse(format!(
            "is {}, not a regular file; pm would replace it",
            kind(&meta.file_type())
        ))),
        Ok(_) => Ok(target),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(target),
        Err(err) => Err(refuse(format!("cannot use it: {err}"))),
    }
}

/// Write a file the person named on the command line (`--ics FILE`,
/// `-o FILE`) after [`check_named`], atomically.
pub fn write_named(path: &Path, bytes: &[u8], flag: &str, own: &Own) -> Result<()> {
    let other = format!(
        "give a regular file, or `{flag} -` to write to standard output; nothing was changed"
    );
    let target = check_named(path, flag, Some(own)).map_err(|refused| {
        let hint = if refused.own {
            format!(
                "give a file outside `.git`, `.pm`, pm.yaml, .gitattributes and the post-mortems folder, or `{flag} -` to write to standard output; nothing was changed"
            )
        } else {
            other.clone()
        };
        UserError::new(refused.message).hint(hint)
    })?;
    write_output(&target, bytes, Some(own)).map_err(|err| {
        let shown = crate::output::name(&path.display().to_string()).into_owned();
        UserError::new(format!("{flag} {shown}: {err:#}")).hint(other.clone())
    })?;
    crate::output::mark_written();
    Ok(())
}

/// Write `bytes` to `target`, a file [`check_named`] allowed, atomically:
/// its folder is opened once (`Folder::at`, links in the repository
/// refused on the way) and the file is replaced in that open folder, so a
/// folder swapped for a link after the check is never written through.
/// The error says what went wrong without the flag; the caller names it.
pub fn write_output(target: &Path, bytes: &[u8], own: Option<&Own>) -> Result<()> {
    let Some(name) = target.file_name() else {
        return Err(UserError::new(format!(
            "{} is a folder; give a file name",
            crate::output::name(&target.display().to_string())
        ))
        .into());
    };
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder =
        output_folder(parent, own, false).map_err(|err| UserError::new(refuse_walk(err)))?;
    let shown = crate::output::name(&target.display().to_string()).into_owned();
    super::atomic::write_in(&folder, name, bytes, true, &shown)
}

/// Open the folder `dir` the person named for output (`pm site OUT_DIR`,
/// `pm man --out DIR`, the folder of `-o FILE`), walked from `/`: a link
/// in the repository (`own`'s folders) refuses the walk, links elsewhere
/// are the person's own and followed; with `create`, missing folders are
/// made on the way. Writes and removals in the folder returned stay in it.
pub fn output_folder(dir: &Path, own: Option<&Own>, create: bool) -> Result<Folder, WalkError> {
    let strict: Vec<_> = own
        .map(|own| own.repository_folders())
        .unwrap_or_default()
        .iter()
        .filter_map(|dir| super::folder::folder_id(dir))
        .collect();
    Folder::at(dir, &strict, create)
}

/// What [`output_folder`]'s error means, in words (to follow `FLAG PATH: `).
pub fn refuse_walk(err: WalkError) -> String {
    // Relative to the current folder when below it, as it was most
    // likely given (the walk names every folder by its full path).
    let here = std::env::current_dir().ok();
    let name = |p: &Path| {
        let p = here
            .as_deref()
            .and_then(|here| p.strip_prefix(here).ok())
            .filter(|rel| !rel.as_os_str().is_empty())
            .unwrap_or(p);
        crate::output::name(&p.display().to_string()).into_owned()
    };
    match err {
        WalkError::Link(link) => format!(
            "{} is a symlink in the repository; pm never writes through a symlink in the repository, so that a link someone committed cannot send its output to a file outside it",
            name(&link)
        ),
        WalkError::NotFolder(at, what) => {
            format!("{} is {what} where a folder is expected", name(&at))
        }
        WalkError::Missing(at) => format!("cannot write in {}: no such folder", name(&at)),
        WalkError::Create(at, err) => format!("cannot create {}: {err}", name(&at)),
        WalkError::Io(at, err) => format!("cannot use {}: {err}", name(&at)),
    }
}

/// Open (creating it) a file pm keeps open, such as its lock: never through
/// a symlink, always a regular file.
pub fn open_for_update(base: &Base, path: &Path) -> Result<File, UserError> {
    let unchanged = |err: UserError| err.hint("nothing was changed");
    let rel = base.inside(path).map_err(unchanged)?;
    let shown = base.show(path);
    let folder = folders(base, &rel, &shown, true)
        .map_err(unchanged)?
        .ok_or_else(|| {
            unchanged(UserError::new(format!(
                "cannot open {shown}: no such folder"
            )))
        })?;
    check_file(&folder, last(&rel), &shown).map_err(unchanged)?;
    let file = folder
        .open_for_update(last(&rel))
        .map_err(|err| match err.raw_os_error() {
            Some(libc::ELOOP) => refuse_symlink(&shown, &shown),
            _ => UserError::new(format!("cannot open {shown}: {err}"))
                .hint("check that the repository is writable"),
        })?;
    let meta = file.metadata().map_err(|err| io(&shown, err))?;
    if !meta.is_file() {
        return Err(refuse_kind(
            &shown,
            kind_words(Kind::from_raw_mode(meta.mode())),
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_by_name() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn below_means_strictly_inside() {
        let base = Base::root(Path::new("/repo"));
        assert_eq!(
            base.below(Path::new("/repo/postmortems/x.yaml")),
            Some(PathBuf::from("postmortems/x.yaml"))
        );
        assert_eq!(base.below(Path::new("/repo/../etc/passwd")), None);
        assert_eq!(base.below(Path::new("/repo")), None);
        assert_eq!(base.below(Path::new("/repository/x")), None);
    }
}
