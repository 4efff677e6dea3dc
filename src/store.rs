//! The post-mortem repository on disk: finding it, listing and loading
//! post-mortems, resolving ids, the write lock and atomic writes.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::config::{CONFIG_FILE, Config};
use crate::error::UserError;
use crate::model::PostMortem;
use crate::yaml;

/// Where post-mortems live, relative to the repository root.
pub const POSTMORTEMS_DIR: &str = "postmortems";

/// An open post-mortem repository.
#[derive(Debug)]
pub struct Store {
    pub root: PathBuf,
    pub config: Config,
}

impl Store {
    /// Find the repository: `--repo`, else `PM_REPO`, else the nearest
    /// folder holding `pm.yaml` from the current directory up.
    pub fn discover(repo_flag: Option<&Path>) -> Result<Store> {
        let root = match repo_flag {
            Some(dir) => explicit_root(dir, "--repo")?,
            None => match std::env::var_os("PM_REPO").filter(|v| !v.is_empty()) {
                Some(dir) => explicit_root(Path::new(&dir), "PM_REPO")?,
                None => walk_up()?,
            },
        };
        let config = Config::load(&root)?;
        Ok(Store { root, config })
    }

    pub fn postmortems_dir(&self) -> PathBuf {
        self.root.join(POSTMORTEMS_DIR)
    }

    /// Every post-mortem file, sorted by path (which sorts by date, as ids
    /// start with the date). Reads directories only, never file contents.
    pub fn files(&self) -> Result<Vec<PathBuf>> {
        let dir = self.postmortems_dir();
        let mut files = Vec::new();
        let years = match fs::read_dir(&dir) {
            Ok(years) => years,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(files),
            Err(err) => return Err(err).with_context(|| format!("cannot list {}", dir.display())),
        };
        for year in years {
            let year = year?;
            if !year.file_type()?.is_dir() {
                continue;
            }
            for entry in fs::read_dir(year.path())? {
                let path = entry?.path();
                if is_postmortem_file(&path) {
                    files.push(path);
                }
            }
        }
        // Byte order of the paths: the same order as component order here
        // (one folder level, ids start with the date) and much cheaper.
        files.sort_unstable_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
        Ok(files)
    }

    /// The files of one year folder only, for ids that start with a year.
    fn files_of_year(&self, year: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.postmortems_dir().join(year))
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| is_postmortem_file(p))
                    .collect()
            })
            .unwrap_or_default();
        files.sort_unstable_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
        files
    }

    /// Resolve what a person typed as an id: the exact id, else a unique
    /// prefix, else a unique substring. Ambiguity lists the candidates.
    pub fn resolve(&self, query: &str) -> Result<PathBuf> {
        let query = query.trim();
        if query.is_empty() {
            crate::bail_user!("empty post-mortem id; run `pm list` to see the ids");
        }
        // A whole id names its file directly: no folder listing, so writes
        // stay fast in repositories with tens of thousands of post-mortems.
        let year = query
            .get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
        if let Some(year) = year.filter(|_| !query.contains(['/', '\\']) && !query.starts_with('.'))
        {
            for ext in ["yaml", "yml"] {
                let path = self
                    .postmortems_dir()
                    .join(year)
                    .join(format!("{query}.{ext}"));
                if fs::symlink_metadata(&path).is_ok() {
                    return Ok(path);
                }
            }
        }
        let lower = query.to_lowercase();
        let find = |files: Vec<PathBuf>| -> Vec<(String, PathBuf)> {
            let ids: Vec<(String, PathBuf)> = files
                .into_iter()
                .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
                .collect();
            let prefixed: Vec<(String, PathBuf)> = ids
                .iter()
                .filter(|(id, _)| id.starts_with(&lower))
                .cloned()
                .collect();
            if prefixed.is_empty() {
                ids.into_iter()
                    .filter(|(id, _)| id.contains(&lower))
                    .collect()
            } else {
                prefixed
            }
        };
        // An id that starts with a year is looked for in that year's folder
        // first; anything else, or no match there, searches every folder.
        let mut matches = match year {
            Some(year) if query.len() > 4 => find(self.files_of_year(year)),
            _ => Vec::new(),
        };
        if matches.is_empty() {
            matches = find(self.files()?);
        }
        match matches.as_slice() {
            [(_, path)] => Ok(path.clone()),
            [] => Err(UserError::new(format!("no post-mortem matches `{query}`"))
                .hint("run `pm list` to see the ids; part of an id is enough when it is unique")
                .into()),
            many => {
                let mut err = UserError::new(format!(
                    "`{query}` matches {} post-mortems; type more of the id",
                    many.len()
                ));
                for (id, _) in many.iter().take(10) {
                    err = err.hint(id.clone());
                }
                if many.len() > 10 {
                    err = err.hint(format!("... and {} more", many.len() - 10));
                }
                Err(err.into())
            }
        }
    }

    /// Path of a post-mortem file relative to the root, with `/` separators
    /// (as git and error messages show it).
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Read a post-mortem file as text, checking that it is a regular file
    /// inside the repository (a symlink pointing elsewhere is refused).
    pub fn read_text(&self, path: &Path) -> Result<String> {
        let shown = self.relative(path);
        let meta = fs::symlink_metadata(path)
            .map_err(|err| UserError::new(format!("cannot read {shown}: {err}")))?;
        if meta.file_type().is_symlink() {
            let target = fs::canonicalize(path)
                .map_err(|err| UserError::new(format!("{shown}: broken symlink: {err}")))?;
            let root = fs::canonicalize(&self.root)?;
            if !target.starts_with(&root) {
                crate::bail_user!(
                    "{shown} is a symlink to {}, outside the repository; pm does not follow it",
                    target.display()
                );
            }
        } else if !meta.is_file() {
            crate::bail_user!("{shown} is not a regular file");
        }
        let bytes =
            fs::read(path).map_err(|err| UserError::new(format!("cannot read {shown}: {err}")))?;
        yaml::decode(bytes).map_err(|err| UserError::new(format!("{shown}:{err}")).into())
    }

    /// Load and validate one post-mortem.
    pub fn load(&self, path: &Path) -> Result<Loaded> {
        let text = self.read_text(path)?;
        // A merge left conflict markers: say so, and how to resolve them.
        if let Some(err) = crate::merge::markers::user_error(&self.relative(path), &text) {
            return Err(err.into());
        }
        let pm = parse_postmortem(&text).map_err(|err| {
            UserError::new(format!("{}:{err}", self.relative(path)))
                .hint("fix the file by hand or with `pm edit`; nothing was changed")
        })?;
        Ok(Loaded {
            path: path.to_path_buf(),
            text,
            pm,
        })
    }

    /// Take the repository's write lock, waiting up to `wait` for another pm.
    pub fn lock(&self) -> Result<RepoLock> {
        RepoLock::acquire(&self.lock_path(), Duration::from_secs(30))
    }

    fn lock_path(&self) -> PathBuf {
        let git = self.root.join(".git");
        if git.is_dir() {
            git.join("pm.lock")
        } else {
            self.root.join(".pm.lock")
        }
    }

    /// Where pm keeps per-clone state that is never committed.
    pub fn state_dir(&self) -> PathBuf {
        let git = self.root.join(".git");
        if git.is_dir() {
            git.join("pm")
        } else {
            self.root.join(".pm").join("state")
        }
    }
}

/// A post-mortem read from disk, with the exact text it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub pm: PostMortem,
}

/// Parse and check a post-mortem beyond what its types say.
pub fn parse_postmortem(text: &str) -> Result<PostMortem, yaml::YamlError> {
    if let Some(err) = crate::merge::markers::yaml_error(text) {
        return Err(err);
    }
    let pm: PostMortem = yaml::from_str(text)?;
    check_version(pm)
}

/// [`parse_postmortem`] for text whose span tree is at hand (the merge).
pub fn parse_postmortem_tree(text: &str, tree: &yaml::Node) -> Result<PostMortem, yaml::YamlError> {
    if let Some(err) = crate::merge::markers::yaml_error(text) {
        return Err(err);
    }
    check_version(yaml::from_str_parsed(text, tree)?)
}

fn check_version(pm: PostMortem) -> Result<PostMortem, yaml::YamlError> {
    if pm.pm != crate::model::FORMAT_VERSION {
        return Err(yaml::YamlError {
            line: 1,
            column: 1,
            message: format!(
                "format version `pm: {}` is not supported by this pm (it reads version {})",
                pm.pm,
                crate::model::FORMAT_VERSION
            ),
        });
    }
    Ok(pm)
}

fn is_postmortem_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| !n.starts_with('.'))
}

fn explicit_root(dir: &Path, source: &str) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(
            UserError::new(format!("{source}: {} is not a directory", dir.display()))
                .hint("pass the folder that holds pm.yaml, or create one with `pm init DIR`")
                .into(),
        );
    }
    if !dir.join(CONFIG_FILE).is_file() {
        return Err(UserError::new(format!(
            "{source}: {} is not a pm repository (no {CONFIG_FILE})",
            dir.display()
        ))
        .hint(format!("run `pm init {}` to make it one", dir.display()))
        .into());
    }
    Ok(dir.to_path_buf())
}

fn walk_up() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    for dir in cwd.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    Err(UserError::new(format!(
        "not inside a pm repository (no {CONFIG_FILE} in {} or any parent)",
        cwd.display()
    ))
    .hint("run `pm init` to create one here, or pass `--repo DIR` (or set PM_REPO)")
    .into())
}

/// The repository's write lock: an OS file lock, so a killed pm never leaves
/// the repository locked for good (the OS drops the lock with the process).
pub struct RepoLock {
    file: File,
}

impl RepoLock {
    fn acquire(path: &Path, wait: Duration) -> Result<RepoLock> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).ok();
        }
        let mut file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(|err| {
                UserError::new(format!("cannot create the lock {}: {err}", path.display()))
                    .hint("check that the repository is writable")
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(UserError::new(format!(
                        "another pm has held the lock {} for {}s",
                        path.display(),
                        wait.as_secs()
                    ))
                    .hint("wait for it to finish and try again")
                    .into());
                }
                Err(fs::TryLockError::Error(err)) => {
                    return Err(
                        UserError::new(format!("cannot lock {}: {err}", path.display())).into(),
                    );
                }
            }
        }
        // A pid left in the file means the last holder died before it could
        // clear it; the OS already released its lock, so say so and go on.
        let mut previous = String::new();
        use std::io::{Read, Seek};
        file.read_to_string(&mut previous).ok();
        if let Ok(pid) = previous.trim().parse::<u32>()
            && pid != std::process::id()
        {
            eprintln!("note: cleared a stale lock left by pm process {pid}, which did not finish");
        }
        file.set_len(0).ok();
        file.seek(std::io::SeekFrom::Start(0)).ok();
        write!(file, "{}", std::process::id()).ok();
        Ok(RepoLock { file })
    }
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        self.file.set_len(0).ok();
        self.file.unlock().ok();
    }
}

/// Replace `path` with `contents` atomically: a temporary file in the same
/// folder, flushed to disk, then renamed over the old one. A crash at any
/// point leaves either the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let shown = path.display();
    let mut tmp = tempfile::Builder::new()
        .prefix(".pm-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|err| {
            UserError::new(format!("cannot write in {}: {err}", dir.display()))
                .hint("check that the folder exists and is writable; nothing was changed")
        })?;
    tmp.write_all(contents)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|err| {
            UserError::new(format!("cannot write {shown}: {err}"))
                .hint("is the disk full? nothing was changed")
        })?;
    if let Ok(meta) = fs::metadata(path) {
        // Keep the permissions a person gave the file.
        fs::set_permissions(tmp.path(), meta.permissions()).ok();
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).ok();
    }
    tmp.persist(path).map_err(|err| {
        UserError::new(format!("cannot replace {shown}: {}", err.error)).hint("nothing was changed")
    })?;
    if let Ok(dir) = File::open(dir) {
        dir.sync_all().ok();
    }
    Ok(())
}

/// A slug for an id: lowercase ASCII letters and digits joined by single
/// dashes, at most 48 characters, cut at a word boundary. Never contains
/// `/`, `.` or control characters, so an id can never leave its folder.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(fold_ascii) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    const MAX: usize = 48;
    if out.len() > MAX {
        let cut = out[..MAX].rfind('-').filter(|&p| p > 20).unwrap_or(MAX);
        out.truncate(cut);
    }
    out
}

/// Common Latin letters with diacritics, folded to ASCII so that
/// "Zürich" slugs to "zurich" rather than "z-rich".
fn fold_ascii(c: char) -> Vec<char> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => return vec![c],
    };
    folded.chars().collect()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Checkout latency spike"), "checkout-latency-spike");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("a\u{0}b\nc"), "a-b-c");
        assert_eq!(slug("Zürich DB: 50% errors!"), "zurich-db-50-errors");
        assert_eq!(slug("!!!"), "");
        assert!(slug(&"word ".repeat(100)).len() <= 48);
    }
}
