//! The post-mortem repository on disk: finding it, listing and loading
//! post-mortems, resolving ids, and every read and write of its files.
//!
//! The mechanisms each live in one place below: path safety
//! ([`paths`]: no symlinks below the repository root, regular files only),
//! limits ([`limits`]: the same for readers and writers), the write lock
//! ([`lock`]), atomic writes ([`atomic`]), and folders opened once and
//! written in as opened, so a folder swapped for a link after its check is
//! never written through ([`folder`]).

pub mod atomic;
pub mod change;
pub mod folder;
pub mod limits;
pub mod lock;
pub mod paths;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

pub use atomic::{remove_stale_temps, remove_stale_temps_in, write_atomic, write_regenerable};
pub use limits::MAX_FILE_BYTES;
pub use lock::{DraftLock, RepoLock};
use paths::Base;

use crate::config::{CONFIG_FILE, Config};
use crate::error::UserError;
use crate::model::PostMortem;
use crate::yaml;

/// Where post-mortems live, relative to the repository root.
pub const POSTMORTEMS_DIR: &str = "postmortems";

/// An open post-mortem repository.
#[derive(Debug)]
pub struct Store {
    /// Absolute, with `.` and `..` resolved.
    pub root: PathBuf,
    pub config: Config,
    /// git's folder for this work tree (`.git`, a worktree's folder under
    /// the main `.git`, or the `.git` of a larger repository holding this
    /// one), when there is one.
    pub git_dir: Option<PathBuf>,
    /// The root's path below the top of its git work tree (empty when the
    /// root is the top).
    in_worktree: PathBuf,
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
        Store::open(&root)
    }

    /// pm's own files (see [`paths::Own`]) of the repository a command
    /// that needs none would find (`--repo`, `PM_REPO`, else pm.yaml from
    /// the current directory up), without reading its pm.yaml: for `pm man
    /// --out`, which writes anywhere but never over them. None outside a
    /// repository.
    pub fn own_files_near(repo_flag: Option<&Path>) -> Result<Option<paths::Own>> {
        let root = match repo_flag {
            Some(dir) => explicit_root(dir, "--repo")?,
            None => match std::env::var_os("PM_REPO").filter(|v| !v.is_empty()) {
                Some(dir) => explicit_root(Path::new(&dir), "PM_REPO")?,
                None => match walk_up() {
                    Ok(root) => root,
                    Err(_) => return Ok(None),
                },
            },
        };
        let root = paths::normalize(&root);
        Ok(Some(paths::Own {
            git_dir: find_git_dir(&root).map(|(git_dir, _)| git_dir),
            postmortems: root.join(POSTMORTEMS_DIR),
            root,
        }))
    }

    /// The repository at `root` (which holds pm.yaml).
    pub fn open(root: &Path) -> Result<Store> {
        let root = paths::normalize(root);
        let config = Config::load(&root)?;
        let (git_dir, in_worktree) = match find_git_dir(&root) {
            Some((git_dir, top)) => (
                Some(git_dir),
                root.strip_prefix(&top)
                    .unwrap_or(Path::new(""))
                    .to_path_buf(),
            ),
            None => (None, PathBuf::new()),
        };
        Ok(Store {
            root,
            config,
            git_dir,
            in_worktree,
        })
    }

    /// The root's path below the top of its git work tree as `a/b/`
    /// (empty when the root is the top, or without git): what goes before
    /// pm's paths for tools that name files from the top of the repository,
    /// such as CI annotations.
    pub fn worktree_prefix(&self) -> String {
        let prefix = with_slashes(&self.in_worktree.to_string_lossy());
        if prefix.is_empty() {
            prefix
        } else {
            format!("{prefix}/")
        }
    }

    /// The repository root as a base for path checks.
    pub fn base(&self) -> Base {
        Base::root(&self.root)
    }

    /// Where pm keeps per-clone state that is never committed: under git's
    /// folder, so it never shows up as untracked files (in a worktree, the
    /// worktree's own folder; in a larger repository, a folder of its own).
    /// Without git, `.pm/state` in the root.
    pub fn state_dir(&self) -> PathBuf {
        match &self.git_dir {
            Some(git) if self.in_worktree.as_os_str().is_empty() => git.join("pm"),
            Some(git) => git.join("pm").join("sub").join(&self.in_worktree),
            None => self.root.join(".pm").join("state"),
        }
    }

    /// The base for pm's state: git's folder, else the root.
    fn state_base(&self) -> Base {
        match &self.git_dir {
            Some(git) if !git.starts_with(&self.root) => Base::other(git),
            _ => self.base(),
        }
    }

    /// The base a path belongs to: the root, or git's folder for state.
    fn base_of(&self, path: &Path) -> Base {
        let root = self.base();
        if root.below(path).is_some() {
            return root;
        }
        self.state_base()
    }

    /// Read one of pm's state files (None when it does not exist).
    pub fn read_state(&self, path: &Path, limit: usize) -> Result<Option<Vec<u8>>> {
        Ok(paths::read_if_exists(&self.state_base(), path, limit)?)
    }

    /// Write one of pm's state files atomically.
    pub fn write_state(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        paths::write(&self.state_base(), path, bytes, limits::MAX_STATE_BYTES)
    }

    /// pm's own files, which output flags never write over.
    pub fn own_files(&self) -> paths::Own {
        paths::Own {
            root: self.root.clone(),
            git_dir: self.git_dir.clone(),
            postmortems: self.postmortems_dir(),
        }
    }

    pub fn postmortems_dir(&self) -> PathBuf {
        self.root.join(POSTMORTEMS_DIR)
    }

    /// Every post-mortem file, sorted by path (which sorts by date, as ids
    /// start with the date). Reads directories only, never file contents.
    ///
    /// A year folder that is a symlink is listed as it is, not followed:
    /// reading it then fails with a message that names it, so nothing it
    /// hides goes unnoticed. `postmortems` itself must be a real folder.
    pub fn files(&self) -> Result<Vec<PathBuf>> {
        let mut files = self.files_in_any_order()?;
        sort_paths(&mut files);
        Ok(files)
    }

    /// [`Store::files`] as the folders list them, unsorted: for a caller
    /// that keeps only a few (`pm lint FILE` looking for ids shared with
    /// its file), sorting ten thousand paths would be most of the work.
    pub fn files_in_any_order(&self) -> Result<Vec<PathBuf>> {
        let dir = self.postmortems_dir();
        let mut files = Vec::new();
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(UserError::new(format!(
                    "{POSTMORTEMS_DIR} is a symlink; pm does not follow symlinks, so that it never reads or writes outside the repository"
                ))
                .hint(format!("make {POSTMORTEMS_DIR} a real folder inside the repository"))
                .into());
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(files),
            _ => {}
        }
        let unlistable = |dir: &Path, err: std::io::Error| -> anyhow::Error {
            UserError::new(format!("cannot list {}: {}", self.shown(dir), err))
                .hint("make it readable (chmod u+rx): pm reads postmortems/ and every folder in it")
                .into()
        };
        let years = match fs::read_dir(&dir) {
            Ok(years) => years,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(files),
            Err(err) => return Err(unlistable(&dir, err)),
        };
        for year in years {
            let year = year.map_err(|err| unlistable(&dir, err))?;
            let kind = year
                .file_type()
                .map_err(|err| unlistable(&year.path(), err))?;
            if kind.is_symlink() {
                // Not an editor's lock, which is left alone everywhere.
                if !is_editor_lock(&year.path()) {
                    files.push(year.path());
                }
                continue;
            }
            if !kind.is_dir() {
                // Directly in postmortems/: never read, and a hidden
                // file or a name that is not UTF-8 is said to be skipped,
                // as it is in a year's folder.
                if let Some(why) = Skipped::of(&year.path()) {
                    warn_skipped(&self.shown_bytes(&year.path()), why);
                }
                continue;
            }
            let year = year.path();
            for entry in fs::read_dir(&year).map_err(|err| unlistable(&year, err))? {
                let entry = entry.map_err(|err| unlistable(&year, err))?;
                let path = entry.path();
                if is_postmortem_name(&entry.file_name()) {
                    files.push(path);
                } else if let Some(why) = Skipped::of(&path) {
                    warn_skipped(&self.shown_bytes(&path), why);
                } else if entry.file_type().is_ok_and(|k| k.is_dir()) {
                    walk_strays(&path, 1, &mut |path, stray| {
                        if let Stray::Skipped(why) = stray {
                            warn_skipped(&self.shown_bytes(&path), why);
                        }
                    });
                }
            }
        }
        Ok(files)
    }

    /// The files among `unread` ([`Store::unread_files`]) that no command
    /// reads for their name ([`Skipped`]): a name that is not UTF-8 text,
    /// or that starts with a dot, wherever it is. `pm lint` reports each
    /// as unreadable, and the readers warn (see [`Store::files`]).
    pub fn skipped(unread: Vec<(PathBuf, Stray)>) -> Vec<(PathBuf, Skipped)> {
        unread
            .into_iter()
            .filter_map(|(path, stray)| match stray {
                Stray::Skipped(why) => Some((path, why)),
                Stray::Misplaced => None,
            })
            .collect()
    }

    /// [`Store::shown`] for a path that may not be UTF-8: each byte that
    /// is not text is written `\xNN`.
    pub fn shown_bytes(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        crate::output::name_bytes(rel.as_os_str().as_encoded_bytes())
    }

    /// The files among `unread` ([`Store::unread_files`]) that no command
    /// reads because they are not at `postmortems/<folder>/<file>.yaml`:
    /// directly in `postmortems/`, or in a folder inside a year's folder
    /// (the `misplaced-file` warning).
    pub fn misplaced(unread: &[(PathBuf, Stray)]) -> Vec<PathBuf> {
        unread
            .iter()
            .filter(|(_, stray)| *stray == Stray::Misplaced)
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// Every `.yaml`/`.yml` file under `postmortems/` that no command
    /// reads, in one walk: a file where no post-mortem is read (directly
    /// in `postmortems/`, or in the folders inside a year's folder, not
    /// through symlinks, at most [`STRAY_DEPTH`] folders deep), and a
    /// file in a year's folder skipped for its name ([`Skipped`]). Sorted
    /// by path.
    pub fn unread_files(&self) -> Vec<(PathBuf, Stray)> {
        let mut out = Vec::new();
        let Ok(entries) = fs::read_dir(self.postmortems_dir()) else {
            return out;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                for inner in fs::read_dir(&path).into_iter().flatten().flatten() {
                    let inner_path = inner.path();
                    if inner.file_type().is_ok_and(|k| k.is_dir()) {
                        walk_strays(&inner_path, 1, &mut |path, stray| out.push((path, stray)));
                    } else if let Some(why) = Skipped::of(&inner_path) {
                        out.push((inner_path, Stray::Skipped(why)));
                    }
                }
            } else if kind.is_symlink() {
                // Read as a year's folder, and refused as a symlink
                // (Store::files): one finding is enough.
                continue;
            } else if let Some(stray) = Stray::of(&path, kind) {
                out.push((path, stray));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The files whose id is `id` as pm compares ids ([`id_fold`]: in
    /// Unicode NFC, in any case), in any folder, `.yaml` or `.yml`. A
    /// listing of the year folders' names only, no file is read. More than
    /// one means files that share an id (`pm lint`'s duplicate-id): copies
    /// in two year folders, `x.yaml` beside `x.yml`, or names that differ
    /// only in case or Unicode form (one file on macOS), which no id can
    /// tell apart.
    pub fn files_named(&self, id: &str) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        if id.is_empty() || id.contains(['/', '\\', '\0']) || id.starts_with('.') {
            return Ok(out);
        }
        let dir = self.postmortems_dir();
        let Ok(years) = fs::read_dir(&dir) else {
            return Ok(out);
        };
        let want = id_fold(id);
        let same = |stem: &str| {
            // Most names differ from the id in length, or are ASCII and
            // differ in more than case: no folding for those.
            stem.eq_ignore_ascii_case(id)
                || (!(stem.is_ascii() && id.is_ascii()) && id_fold(stem) == want)
        };
        for year in years.flatten() {
            // As `files` reads them: a year folder that is a symlink is
            // never looked through.
            if !year.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let Ok(entries) = fs::read_dir(year.path()) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str() else {
                    continue;
                };
                let stem = name
                    .strip_suffix(".yaml")
                    .or_else(|| name.strip_suffix(".yml"));
                if stem.is_some_and(same) && !name.starts_with('.') {
                    out.push(entry.path());
                }
            }
        }
        sort_paths(&mut out);
        Ok(out)
    }

    /// Every id a post-mortem has, [`id_fold`]ed, with one of its files:
    /// the ids a new post-mortem must not take. Case and Unicode form do
    /// not make another id: `2026-11-30-DB.yaml` and `2026-11-30-db.yaml`
    /// are one file on macOS and Windows, and a year folder does not make
    /// another id either (`pm show ID` would match both).
    pub fn taken_ids(&self) -> Result<std::collections::HashMap<String, PathBuf>> {
        let mut taken = std::collections::HashMap::new();
        for path in self.files()? {
            taken.entry(path_id_fold(&path)).or_insert(path);
        }
        Ok(taken)
    }

    /// Resolve what a person typed as an id: the exact id, else a unique
    /// prefix (of the id, or of a dated id's slug), else a unique
    /// substring; or a file's path, which names that file only. Ids are
    /// compared in Unicode NFC and in any case, so an id that files share
    /// in another case or Unicode form is as ambiguous as copies in two
    /// year folders. Ambiguity lists the candidates, with their paths where
    /// they share an id.
    pub fn resolve(&self, query: &str) -> Result<PathBuf> {
        self.resolve_for(query, None)
    }

    /// [`Store::resolve`] for a command that names its post-mortem as its
    /// argument (`Some("pm use")`): an ambiguity among files that share an
    /// id is answered with that command, once for each file's path.
    pub fn resolve_for(&self, query: &str, command: Option<&str>) -> Result<PathBuf> {
        // A name as pm prints it, with a character that draws nothing or a
        // combining mark spelled out (`gene<U+0300>ve.yaml`, an NFD twin),
        // names the file it was printed for, so that a suggested `pm use
        // PATH` works pasted; a name typed with `<U+` in it is tried as
        // typed too.
        if let Some(typed) = crate::output::unspell(query) {
            return self
                .resolve_typed(&typed, command)
                .or_else(|err| self.resolve_typed(query, command).map_err(|_| err));
        }
        self.resolve_typed(query, command)
    }

    fn resolve_typed(&self, query: &str, command: Option<&str>) -> Result<PathBuf> {
        let query = query.trim();
        if query.is_empty() {
            crate::bail_user!("empty post-mortem id; run `pm list` to see the ids");
        }
        // A file's path, as a shell completes it (`postmortems/2026/x.yaml`),
        // names that file, and only that one.
        let as_path = Path::new(query);
        let is_path = query.contains(['/', '\\'])
            || as_path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml");
        if is_path {
            return self.resolve_path(query, command);
        }
        // A whole id names its files, and only them: every file with that
        // id, in any case or Unicode form, so one that others share names
        // none of them (as `pm lint`'s duplicate-id says).
        match self.files_named(query)?.as_slice() {
            [] => {}
            [path] => return Ok(path.clone()),
            many => return Err(self.ambiguous_for(query, many, command)),
        }
        let key = id_key(query);
        let folded = id_fold(query);
        let find = |files: Vec<PathBuf>| -> Vec<PathBuf> {
            let ids: Vec<(String, PathBuf)> = files
                .into_iter()
                .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
                .collect();
            // The id `pm list` prints (the file's name, as written) names
            // that file, whatever its case; part of an id matches in any case.
            let exact: Vec<PathBuf> = ids
                .iter()
                .filter(|(id, _)| id_key(id) == key)
                .map(|(_, p)| p.clone())
                .collect();
            if !exact.is_empty() {
                return exact;
            }
            let folded_ids: Vec<(String, PathBuf)> =
                ids.into_iter().map(|(id, p)| (id_fold(&id), p)).collect();
            // A dated id's slug is a name of its own: `check` is as much the
            // start of `2026-11-30-checkout-outage` as of `checkout-x`.
            let prefixed: Vec<PathBuf> = folded_ids
                .iter()
                .filter(|(id, _)| starts_like(id, &folded))
                .map(|(_, p)| p.clone())
                .collect();
            if prefixed.is_empty() {
                folded_ids
                    .into_iter()
                    .filter(|(id, _)| id.contains(&folded))
                    .map(|(_, p)| p)
                    .collect()
            } else {
                prefixed
            }
        };
        // Every folder, also for a part that starts with a year: a file
        // in another year's folder that matches too makes it ambiguous,
        // never silently the other one.
        let matches = find(self.files()?);
        match matches.as_slice() {
            [path] => Ok(path.clone()),
            [] => Err(UserError::new(format!("no post-mortem matches `{query}`"))
                .hint("run `pm list` to see the ids; part of an id is enough when it is unique")
                .into()),
            many => Err(self.ambiguous_for(query, many, command)),
        }
    }

    /// A path typed for a post-mortem: the file at that path from the
    /// current folder (or absolute), else the one file whose path in the
    /// repository ends with it (`2025/x.yaml`, `x.yml`). Never another
    /// file with the same name in another folder or with the other
    /// extension.
    fn resolve_path(&self, query: &str, command: Option<&str>) -> Result<PathBuf> {
        let files = self.files()?;
        if let Ok(here) = std::env::current_dir() {
            let typed = paths::normalize(&here.join(query));
            if let Some(path) = files.iter().find(|p| **p == typed) {
                return Ok(path.clone());
            }
        }
        // As written first: of two names that differ only in Unicode form
        // (NFC and NFD, files that share an id), the path typed names one.
        let parts = |text: &str, key: bool| -> Vec<String> {
            text.split(['/', '\\'])
                .filter(|c| !c.is_empty() && *c != ".")
                .map(|c| {
                    if key {
                        id_key(c).into_owned()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        };
        let ending = |key: bool| -> Vec<PathBuf> {
            let want = parts(query, key);
            files
                .iter()
                .filter(|p| !want.is_empty() && parts(&self.relative(p), key).ends_with(&want))
                .cloned()
                .collect()
        };
        let mut found = ending(false);
        if found.is_empty() {
            found = ending(true);
        }
        match found.as_slice() {
            [path] => Ok(path.clone()),
            [] => Err(UserError::new(format!("no post-mortem file `{query}`"))
                .hint("run `pm list` to see the ids; a path must name a file under the post-mortems folder")
                .into()),
            many => Err(self.ambiguous_for(query, many, command)),
        }
    }

    /// "`query` matches N post-mortems", with their ids; where ids are
    /// the same (copies in two folders, `.yaml` and `.yml`, names that
    /// differ in case or Unicode form only), their paths, which name one
    /// file each, shown so that they can be told apart.
    pub fn ambiguous(&self, query: &str, many: &[PathBuf]) -> anyhow::Error {
        self.ambiguous_for(query, many, None)
    }

    /// [`Store::ambiguous`], naming the files that share an id with
    /// `command` when given (`pm use PATH`), else by their paths alone
    /// (what to give in place of the id, to any command).
    pub fn ambiguous_for(
        &self,
        query: &str,
        many: &[PathBuf],
        command: Option<&str>,
    ) -> anyhow::Error {
        let ids: Vec<String> = many.iter().map(|p| crate::target::id_of(p)).collect();
        let mut count: std::collections::HashMap<String, usize> = Default::default();
        for id in &ids {
            *count.entry(id_fold(id)).or_default() += 1;
        }
        let shared = |id: &String| count.get(&id_fold(id)).is_some_and(|&n| n > 1);
        let path_of = |path: &Path| crate::output::name_apart(&self.relative(path)).into_owned();
        let suggest = |path: &Path| {
            let path = path_of(path);
            match command {
                Some(command) => format!("{command} {}", crate::output::shell_word(&path)),
                None => path,
            }
        };
        // Only copies of one id: typing more of it cannot help, a path can.
        if count.len() == 1 && many.len() > 1 {
            let mut err = UserError::new(format!(
                "`{query}` matches {} post-mortems, files that share the id `{}`; give the path of the one you mean",
                many.len(),
                crate::output::name(&id_key(&ids[0])),
            ));
            for path in many.iter().take(10) {
                err = err.hint(suggest(path));
            }
            if many.len() > 10 {
                err = err.hint(format!("... and {} more", many.len() - 10));
            }
            return err
                .hint("`pm lint` reports such files (duplicate-id): rename or remove all but one")
                .into();
        }
        let mut err = UserError::new(format!(
            "`{query}` matches {} post-mortems; type more of the id",
            many.len()
        ));
        for (id, path) in ids.iter().zip(many).take(10) {
            err = err.hint(if shared(id) {
                format!("{}  ({})", crate::output::name_apart(id), path_of(path))
            } else {
                id.clone()
            });
        }
        if many.len() > 10 {
            err = err.hint(format!("... and {} more", many.len() - 10));
        }
        if let Some(first) = ids.iter().zip(many).find(|(id, _)| shared(id)) {
            err = err.hint(format!(
                "files that share an id are named by their path ({}); `pm lint` reports them (duplicate-id)",
                suggest(first.1)
            ));
        }
        err.into()
    }

    /// Path of a post-mortem file relative to the root, with `/` separators
    /// (as git and error messages show it; see [`with_slashes`]). A byte
    /// of a name that is not UTF-8 is written `\xNN` (a file `pm lint` was
    /// given by its path).
    pub fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        match rel.to_str() {
            Some(text) => with_slashes(text),
            None => crate::output::bytes_text(rel.as_os_str().as_encoded_bytes()).into_owned(),
        }
    }

    /// [`Store::relative`] as messages and human output name the file:
    /// characters that draw nothing are spelled out.
    pub fn shown(&self, path: &Path) -> String {
        crate::output::name(&self.relative(path)).into_owned()
    }

    /// Read a post-mortem (or a draft of one) as text: a regular file below
    /// the repository root (or pm's state folder), never through a symlink,
    /// at most [`MAX_FILE_BYTES`].
    pub fn read_text(&self, path: &Path) -> Result<String> {
        let bytes = self.read_bytes(path)?;
        yaml::decode(bytes).map_err(|err| {
            UserError::new(format!("{}:{err}", self.base_of(path).show(path))).into()
        })
    }

    /// The bytes of a post-mortem (or a draft), read as [`Store::read_text`]
    /// reads them, before they are decoded.
    pub fn read_bytes(&self, path: &Path) -> Result<Vec<u8>, UserError> {
        paths::read(&self.base_of(path), path, MAX_FILE_BYTES)
    }

    /// Write a post-mortem's new text and, with `git`, commit it: checked
    /// against every limit a reader enforces, the path rules and git's
    /// state before anything is written; replaced atomically; put back if
    /// the commit fails. Runs under the repository lock, so temporary files
    /// a killed writer left in the folder are removed first.
    pub fn save(
        &self,
        git: Option<&crate::git::Git>,
        path: &Path,
        text: &str,
        message: &str,
    ) -> Result<()> {
        let base = self.base_of(path);
        check_readable(&base.show(path), text)?;
        let files = [(path.to_path_buf(), text.as_bytes())];
        let journal = change::Journal {
            root: self.base(),
            base: self.state_base(),
            path: self.state_dir().join("pending.json"),
        };
        change::write_and_commit(&base, git, &files, MAX_FILE_BYTES, message, Some(&journal))?;
        match git {
            Some(git) => committed_as_readable(git, &base.show(path), path, text),
            None => Ok(()),
        }
    }

    /// What to do about a post-mortem pm cannot read, as `pm edit` would
    /// agree: `pm edit` commits, and refuses a file with changes not yet
    /// committed (a hand edit, the usual cause), so such a file is fixed
    /// by hand or with `pm edit ID --no-commit`.
    pub fn fix_hint(&self, path: &Path) -> String {
        let id = crate::target::id_of(path);
        if crate::git::has_uncommitted_changes(&self.root, path) {
            let edit = edit_no_commit(&id);
            format!(
                "it has changes that are not committed: fix it by hand, or with `{edit}` (saved only once it is valid), then commit it; nothing was changed"
            )
        } else {
            format!(
                "fix the file by hand or with `{}`; nothing was changed",
                edit_command(&id)
            )
        }
    }

    /// Load and validate one post-mortem; its `pm.id` is the file's id.
    pub fn load(&self, path: &Path) -> Result<Loaded> {
        let text = self.read_text(path)?;
        // A merge left conflict markers: say so, and how to resolve them.
        if let Some(err) = crate::merge::markers::user_error(&self.shown(path), &text, &self.root) {
            return Err(err.into());
        }
        let mut pm = parse_postmortem(&text).map_err(|err| {
            UserError::new(format!("{}:{err}", self.shown(path))).hint(self.fix_hint(path))
        })?;
        // `sev1` is SEV1 (lint suggests the configured spelling): filters,
        // groups and sort orders see one severity, not two.
        if let Some(name) = self.config.severity(&pm.severity)
            && name != pm.severity
        {
            pm.severity = name.to_string();
        }
        // The id every command takes, `pm list` prints and messages, hints
        // and commit subjects name is the file's (docs/format.md); an `id:`
        // written otherwise (a copy renamed by hand) names another file,
        // and is `pm lint`'s id-file-name warning. The text keeps it as
        // written: writers change only what they must.
        let file_id = crate::target::id_of(path);
        if !file_id.is_empty() && pm.id != file_id {
            pm.id = file_id;
        }
        Ok(Loaded {
            path: path.to_path_buf(),
            text,
            pm,
        })
    }

    /// Take the repository's write lock, waiting up to 30 seconds for
    /// another pm. Temporary files a killed pm left in its state folder
    /// are removed once the lock is held.
    pub fn lock(&self) -> Result<RepoLock> {
        let lock = RepoLock::acquire(
            &self.state_base(),
            &self.lock_path(),
            Duration::from_secs(30),
        )?;
        atomic::remove_stale_temps(&self.state_dir(), |_| false);
        Ok(lock)
    }

    /// The lock of the draft of post-mortem `id` for one `pm edit`
    /// session, or None when another session has it open.
    pub fn draft_lock(&self, id: &str) -> Result<Option<DraftLock>> {
        let path = self
            .state_dir()
            .join("locks")
            .join(format!("edit-{id}.lock"));
        DraftLock::try_acquire(&self.state_base(), &path)
    }

    /// Wait until no other pm holds the repository's write lock (a sync
    /// in the middle of a rebase), without keeping it: for reads that
    /// decide what a write will change.
    pub fn wait_for_writers(&self) -> Result<()> {
        // Only the wait: the write that follows takes the lock again, and
        // clears stale temporary files then (see `lock`).
        drop(RepoLock::acquire(
            &self.state_base(),
            &self.lock_path(),
            Duration::from_secs(30),
        )?);
        Ok(())
    }

    /// One lock per git repository (it also guards git's index), or per
    /// root without git.
    fn lock_path(&self) -> PathBuf {
        match &self.git_dir {
            Some(git) => git.join("pm.lock"),
            None => self.root.join(".pm.lock"),
        }
    }
}

/// What a reader enforces, checked on a text about to be written: the size
/// limit, and that it parses as a valid post-mortem (within the nesting
/// limit). A writer that passes this never writes a file pm cannot read.
pub fn check_readable(shown: &str, text: &str) -> Result<PostMortem> {
    if text.len() > MAX_FILE_BYTES {
        let (len, limit) = limits::sizes(text.len(), MAX_FILE_BYTES);
        return Err(UserError::new(format!(
            "{shown}: with this change the file would be {len}, over the {limit} pm reads for one post-mortem"
        ))
        .hint("pm refuses to write a file it could not read back; nothing was changed")
        .hint("add less at once (for an import: --trace-id, a higher --level, --since/--until)")
        .into());
    }
    parse_postmortem(text).map_err(|err| {
        UserError::new(format!(
            "{shown}: the change would make the file invalid: {err}"
        ))
        .hint("nothing was changed")
        .into()
    })
}

/// A pre-commit hook may change or unstage the file pm commits (a
/// formatter does, and that is fine): after the commit, what HEAD holds
/// must still be a post-mortem a reader takes. When it is not, the commit
/// is made but pm says so and exits 2, naming the hook as the cause, so
/// that neither a person nor a script takes the change as recorded.
fn committed_as_readable(
    git: &crate::git::Git,
    shown: &str,
    path: &Path,
    text: &str,
) -> Result<()> {
    let hooks = "check the pre-commit hook (in .git/hooks, or core.hooksPath)";
    match git.changed_by_hooks(path, text.as_bytes()) {
        None => Ok(()),
        Some(None) => Err(UserError::new(format!(
            "{shown}: the commit is made, but a pre-commit hook took the file out of it, so HEAD no longer has this post-mortem"
        ))
        .hint(hooks)
        .hint(format!("`git add {shown}` and `git commit` put it back in git"))
        .into()),
        Some(Some(bytes)) => {
            let read = yaml::decode(bytes)
                .map_err(|err| err.to_string())
                .and_then(|committed| parse_postmortem(&committed).map_err(|err| err.to_string()));
            match read {
                Ok(_) => Ok(()),
                Err(err) => Err(UserError::new(format!(
                    "{shown}: the commit is made, but a pre-commit hook changed the file so that pm cannot read it: {err}"
                ))
                .hint(hooks)
                .hint(format!("fix the file (`pm lint {shown}` shows where) and commit it, or undo the commit with `git revert HEAD`"))
                .into()),
            }
        }
    }
}

/// A path's text with `/` between its parts, as git and messages write
/// paths: only the platform's separator is one (`\` on Windows). On Unix
/// a backslash is a character of a name like any other, and kept.
fn with_slashes(text: &str) -> String {
    match std::path::MAIN_SEPARATOR {
        '/' => text.to_string(),
        separator => text.replace(separator, "/"),
    }
}

/// git's folder for a work tree holding `root`, and the top of that work
/// tree: the nearest `.git` folder, or a `.git` file (a worktree or a
/// submodule) naming it with `gitdir: PATH`.
fn find_git_dir(root: &Path) -> Option<(PathBuf, PathBuf)> {
    for dir in root.ancestors() {
        let dot_git = dir.join(".git");
        let Ok(meta) = fs::symlink_metadata(&dot_git) else {
            continue;
        };
        if meta.is_dir() {
            return Some((dot_git, dir.to_path_buf()));
        }
        if meta.is_file() {
            let text = fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
            return Some((paths::normalize(&dir.join(target)), dir.to_path_buf()));
        }
        return None;
    }
    None
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
    if let Some(err) = merge_key_error(text) {
        return Err(err);
    }
    check_postmortem(
        text,
        yaml::from_str(text)
            .map_err(|e| missing_in_words(in_lints_words(text, at_null_field(text, e))))?,
    )
}

/// serde's "missing field `title`" (or "timeline[1]: missing field `at`")
/// in pm lint's words, with what to do: "`title` is missing; add it".
fn missing_in_words(mut err: yaml::YamlError) -> yaml::YamlError {
    let (path, rest) = match err.message.split_once(": missing field `") {
        Some((path, rest)) => (format!("{path}."), rest),
        None => match err.message.strip_prefix("missing field `") {
            Some(rest) => (String::new(), rest),
            None => return err,
        },
    };
    if let Some(field) = rest.strip_suffix('`') {
        err.message = format!(
            "`{path}{field}` is missing; add it (`pm new` writes every field a post-mortem needs)"
        );
    }
    err
}

/// A value of the wrong type or shape, in `pm lint`'s words for it at
/// its place ("`links[0]` must be a mapping (`key: value` lines), but it
/// is text") rather than serde's ("invalid type: string \"http://x\",
/// expected struct Link"). The schema walk finds every such error the
/// loader does, on the same line (tests/cli/properties.rs checks it).
fn in_lints_words(text: &str, err: yaml::YamlError) -> yaml::YamlError {
    if !yaml::is_type_error(&err.message) {
        return err;
    }
    let (body, _) = yaml::strip_bom(text);
    let Ok(tree) = yaml::parse_tree(body) else {
        return err;
    };
    crate::lint::completeness::schema_errors(body, &tree)
        .into_iter()
        .find(|(line, _, _)| *line == err.line)
        .map_or(err, |(line, column, message)| yaml::YamlError {
            line,
            column,
            message,
        })
}

/// The loader's error for a required field left null (`severity: ~`,
/// an action item's `title: ~`) comes at the mapping's start: point at
/// the field itself.
fn at_null_field(text: &str, err: yaml::YamlError) -> yaml::YamlError {
    let Some(field) = crate::model::null_required_field(&err.message) else {
        return err;
    };
    let (body, _) = yaml::strip_bom(text);
    let (map, key) = field.rsplit_once('.').unwrap_or(("", &field));
    let Some(key) = yaml::parse_tree(body)
        .ok()
        .and_then(|t| t.at_path(map)?.entry(key).map(|(k, _)| k.start))
    else {
        return err;
    };
    let (line, column) = yaml::line_col(body, key);
    yaml::YamlError {
        line,
        column,
        ..err
    }
}

/// [`parse_postmortem`] for a text whose span tree is known to parse (the
/// linter and the merge have just parsed it): the same checks, one parse
/// fewer.
pub fn parse_postmortem_after_tree(text: &str) -> Result<PostMortem, yaml::YamlError> {
    if let Some(err) = crate::merge::markers::yaml_error(text) {
        return Err(err);
    }
    if let Some(err) = merge_key_error(text) {
        return Err(err);
    }
    check_postmortem(
        text,
        yaml::from_str_after_tree(text).map_err(|e| at_null_field(text, e))?,
    )
}

/// The start of the error for a YAML merge key (see [`merge_key_error`]).
pub const MERGE_KEY: &str = "a YAML merge key (`<<`)";

/// A YAML merge key (`<<: *defaults`) in `text`, as an error at the key:
/// pm's reader does not apply them (YAML 1.2 has none), so the fields one
/// brings in would be missing, and every reader refuses the file first,
/// before it says that a field the merge was to supply is missing.
pub fn merge_key_error(text: &str) -> Option<yaml::YamlError> {
    // Rare, so the second parse costs nothing.
    memchr::memmem::find(text.as_bytes(), b"<<")?;
    let (body, _) = yaml::strip_bom(text);
    let tree = yaml::parse_tree(body).ok()?;
    let key = yaml::merge_key(&tree)?;
    let (line, column) = yaml::line_col(body, key.start);
    Some(yaml::YamlError {
        line,
        column,
        message: format!(
            "{MERGE_KEY}, which pm does not read (YAML 1.2 has none): the fields it would bring in would be missing; write them out in full"
        ),
    })
}

fn check_postmortem(text: &str, pm: PostMortem) -> Result<PostMortem, yaml::YamlError> {
    if pm.pm != crate::model::FORMAT_VERSION {
        // Point at the `pm:` value (rare, so the second parse costs nothing).
        let (body, _) = yaml::strip_bom(text);
        let (line, column) = yaml::parse_tree(body)
            .ok()
            .and_then(|tree| tree.get("pm").map(|n| yaml::line_col(body, n.start)))
            .unwrap_or((1, 1));
        return Err(yaml::YamlError {
            line,
            column,
            message: format!(
                "format version `pm: {}` is not supported by this pm (it reads version {})",
                pm.pm,
                crate::model::FORMAT_VERSION
            ),
        });
    }
    Ok(pm)
}

/// Why a `.yaml`/`.yml` file under `postmortems/` (in a year's folder, or
/// where no post-mortem is read: [`Stray`]) is not read as a post-mortem
/// for its name: every command skips it (the readers with a warning), and
/// a `pm lint` of the whole repository, or of the file, reports it as an
/// `unreadable` error, so the CI gate never passes what it cannot see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// The name is not UTF-8 text: no command can name it (an id is text).
    Unnamed,
    /// The name starts with a dot (`.2026-11-01-x.yaml`): a hidden file,
    /// as editors and tools write them beside the files they handle, never
    /// a post-mortem (its id would start with a dot, which no id does).
    Hidden,
}

impl Skipped {
    /// Whether, and why, the file at `path` is skipped. An editor's lock
    /// (Emacs writes `.#x.yaml`, a symlink, while `x.yaml` has unsaved
    /// changes) is not a file anyone keeps: it is left alone.
    pub fn of(path: &Path) -> Option<Skipped> {
        let name = path.file_name()?;
        let bytes = name.as_encoded_bytes();
        if !(bytes.ends_with(b".yaml") || bytes.ends_with(b".yml")) {
            return None;
        }
        if bytes.starts_with(b".") {
            return (!is_editor_lock(path)).then_some(Skipped::Hidden);
        }
        name.to_str().is_none().then_some(Skipped::Unnamed)
    }

    /// Why no command reads it, for a finding or a warning.
    pub fn why(self) -> &'static str {
        match self {
            Skipped::Unnamed => "its name is not valid UTF-8 text, so no command can name it",
            Skipped::Hidden => {
                "its name starts with a dot, so it is a hidden file, which pm does not read as a post-mortem"
            }
        }
    }

    /// What to do about it.
    pub fn fix(self) -> &'static str {
        match self {
            Skipped::Unnamed => "rename it (git mv) to postmortems/<year>/<id>.yaml, in UTF-8",
            Skipped::Hidden => {
                "rename it (git mv) to postmortems/<year>/<id>.yaml, without the dot; or remove it if it is not a post-mortem"
            }
        }
    }
}

/// Why a `.yaml`/`.yml` file under `postmortems/` is not read: where it
/// is (directly in `postmortems/`, or in a folder inside a year's
/// folder), or its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stray {
    /// A file pm would read in a year's folder: `pm lint`'s
    /// `misplaced-file` warning.
    Misplaced,
    /// A file no command reads wherever it is, for its name: reported as
    /// it is in a year's folder (`unreadable`, and the readers warn).
    Skipped(Skipped),
}

/// How many folders deep below a year's folder strays are looked for.
pub const STRAY_DEPTH: usize = 6;

impl Stray {
    /// What the entry at `path`, of kind `kind`, is, where no post-mortem
    /// is read; `None` for anything but a `.yaml`/`.yml` file (and an
    /// editor's lock, as [`Skipped::of`] says).
    fn of(path: &Path, kind: fs::FileType) -> Option<Stray> {
        if let Some(why) = Skipped::of(path) {
            return Some(Stray::Skipped(why));
        }
        (kind.is_file() && is_postmortem_file(path)).then_some(Stray::Misplaced)
    }
}

/// Calls `found` for each stray in `dir`, a folder `depth` folders below a
/// year's folder, and in the folders inside it down to [`STRAY_DEPTH`],
/// never through a symlink.
fn walk_strays(dir: &Path, depth: usize, found: &mut dyn FnMut(PathBuf, Stray)) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            if depth < STRAY_DEPTH {
                walk_strays(&path, depth + 1, found);
            }
        } else if let Some(stray) = Stray::of(&path, kind) {
            found(path, stray);
        }
    }
}

/// Whether readers warn about files they skip (`pm lint` reports them as
/// findings instead).
static WARN_SKIPPED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Report skipped files as findings rather than warnings (`pm lint`).
pub fn quiet_skipped_files() {
    WARN_SKIPPED.store(false, std::sync::atomic::Ordering::Relaxed);
}

/// Say on stderr that a post-mortem is skipped, so its overdue items do
/// not vanish unseen (`pm due --check` still passes without them).
fn warn_skipped(shown: &str, why: Skipped) {
    if WARN_SKIPPED.load(std::sync::atomic::Ordering::Relaxed) {
        crate::output::note(&format!(
            "warning: skipped {shown}: {}; {}",
            why.why(),
            why.fix()
        ));
    }
}

/// The lock Emacs keeps while a file has unsaved changes: a symlink
/// `.#x.yaml` beside `x.yaml`, which every command leaves alone.
fn is_editor_lock(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.as_encoded_bytes().starts_with(b".#"))
        && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn is_postmortem_file(path: &Path) -> bool {
    path.file_name().is_some_and(is_postmortem_name)
}

/// A post-mortem's file name: UTF-8, not hidden, ending `.yaml` or `.yml`.
/// By the name alone: taking a whole path apart for its extension cost
/// more than the rest of listing a folder of ten thousand.
fn is_postmortem_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| !n.starts_with('.') && (n.ends_with(".yaml") || n.ends_with(".yml")))
}

fn explicit_root(dir: &Path, source: &str) -> Result<PathBuf> {
    // Named with its bytes spelled out (`o\xff`), one line.
    let shown = crate::output::name_bytes(dir.as_os_str().as_encoded_bytes());
    if !dir.is_dir() {
        return Err(
            UserError::new(format!("{source}: {shown} is not a directory"))
                .hint("pass the folder that holds pm.yaml, or create one with `pm init DIR`")
                .into(),
        );
    }
    if !dir.join(CONFIG_FILE).is_file() {
        return Err(UserError::new(format!(
            "{source}: {shown} is not a pm repository (no {CONFIG_FILE})"
        ))
        .hint(format!("run `pm init {shown}` to make it one"))
        .into());
    }
    Ok(dir.to_path_buf())
}

fn walk_up() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    for dir in cwd.ancestors() {
        let config = dir.join(CONFIG_FILE);
        if config.is_file() {
            return Ok(dir.to_path_buf());
        }
        // A pm.yaml that is a folder, a FIFO or a device marks this folder
        // as meant to be a repository: going on up would write into a
        // repository further out.
        if fs::symlink_metadata(&config).is_ok() {
            return Err(UserError::new(format!(
                "{} is not a regular file",
                config.display()
            ))
            .hint("pm.yaml holds this repository's settings: make it a file (`pm init` writes one), or remove it")
            .into());
        }
    }
    Err(UserError::new(format!(
        "not inside a pm repository (no {CONFIG_FILE} in {} or any parent)",
        cwd.display()
    ))
    .hint("run `pm init` to create one here, or pass `--repo DIR` (or set PM_REPO)")
    .into())
}

/// A slug for an id: lowercase ASCII letters and digits joined by single
/// dashes, at most 48 characters, cut at a word boundary. Never contains
/// `/`, `.` or control characters, so an id can never leave its folder.
///
/// Titles in any script are transliterated first (deunicode, a maintained
/// table of Unicode to ASCII): "Zürich" gives `zurich`, "Сбой базы данных"
/// `sboi-bazy-dannykh`, "Ǆemal łódź" `dzemal-lodz`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > SLUG_MAX {
        let cut = out[..SLUG_MAX]
            .rfind('-')
            .filter(|&p| p > 20)
            .unwrap_or(SLUG_MAX);
        out.truncate(cut);
    }
    out
}

/// Byte order of paths: for post-mortem files (one folder level, ids
/// that start with the date) the same as component order, and cheaper.
pub fn sort_paths<P: AsRef<Path>>(files: &mut [P]) {
    files.sort_unstable_by(|a, b| {
        a.as_ref()
            .as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_ref().as_os_str().as_encoded_bytes())
    });
}

/// An id as pm compares it: in Unicode NFC. A file name macOS wrote in
/// NFD (`Gene\u{300}ve`) is the id a person types in NFC (`Genève`), as
/// git's `core.precomposeUnicode` treats them.
pub fn id_key(id: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if id.is_ascii() || is_nfc_quick(id.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(id)
    } else {
        std::borrow::Cow::Owned(id.nfc().collect())
    }
}

/// [`id_key`] in any case: how parts of ids match, and which ids are
/// taken (a name that differs only in case is the same file on macOS and
/// Windows).
pub fn id_fold(id: &str) -> String {
    id_key(id).to_lowercase()
}

/// The [`id_fold`] of a post-mortem file's id, by its path. A plain ASCII
/// name is cut and lower-cased as bytes: `pm lint FILE` folds every id in
/// the repository to find those its file shares, and taking each path
/// apart (`Path::file_stem`, then NFC) was a tenth of its work at 10,000.
pub fn path_id_fold(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let separator = |b: &u8| *b == b'/' || *b == std::path::MAIN_SEPARATOR as u8;
    let name = bytes.rsplit(separator).next().unwrap_or(bytes);
    let stem = name
        .strip_suffix(b".yaml")
        .or_else(|| name.strip_suffix(b".yml"));
    match stem {
        Some(stem) if !stem.is_empty() && stem.is_ascii() && !stem.starts_with(b".") => {
            String::from_utf8_lossy(stem).to_ascii_lowercase()
        }
        _ => id_fold(&crate::target::id_of(path)),
    }
}

/// The slug of a dated id (`YYYY-MM-DD-slug`), when it has that shape.
pub fn dated_slug(id: &str) -> Option<&str> {
    let b = id.as_bytes();
    let dated = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-';
    dated.then(|| &id[11..])
}

/// Whether an id starts like `query`: the id itself, or a dated id's slug
/// (the name pm's tables shorten ids to).
fn starts_like(id: &str, query: &str) -> bool {
    id.starts_with(query) || dated_slug(id).is_some_and(|slug| slug.starts_with(query))
}

/// The longest slug pm makes or accepts.
pub const SLUG_MAX: usize = 48;

/// Whether `name` can be the part of an id after its date: lowercase ASCII
/// letters and digits joined by single dashes, at most [`SLUG_MAX`].
pub fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= SLUG_MAX
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The command that edits post-mortem `id`, as a person types it: `pm
/// edit ID`, or `pm edit -- -rf` for an id that starts with `-` (which a
/// command would read as a flag).
pub fn edit_command(id: &str) -> String {
    format!("pm edit {}", crate::output::arg_word(id))
}

/// The command that edits post-mortem `id` without committing, as a person
/// types it: `pm edit ID --no-commit`, or for an id that starts with `-`
/// (which a command would read as a flag) `pm edit --no-commit -- -rf`.
pub fn edit_no_commit(id: &str) -> String {
    if id.starts_with('-') {
        format!("pm edit --no-commit -- {id}")
    } else {
        format!("pm edit {id} --no-commit")
    }
}

#[cfg(test)]
mod tests {
    use super::{id_fold, is_slug, path_id_fold, slug};

    /// The quick fold of a file's id is the fold of the id its path gives.
    #[test]
    fn a_path_folds_to_the_fold_of_its_id() {
        for path in [
            "/r/postmortems/2026/2026-11-30-db.yaml",
            "/r/postmortems/2026/2026-11-30-DB.yml",
            "postmortems/2026/a.b.yaml",
            "postmortems/2026/x.yaml.yaml",
            "postmortems/2026/.yaml",
            "postmortems/2026/.hidden.yaml",
            "postmortems/2026/Gene\u{300}ve.yaml",
            "postmortems/2026/\u{130}stanbul.yaml",
            "postmortems/2026",
            "postmortems/2026/notes.txt",
            "2026-01-01-a.yaml",
            "",
        ] {
            let path = std::path::Path::new(path);
            let id = crate::target::id_of(path);
            assert_eq!(path_id_fold(path), id_fold(&id), "{path:?}");
        }
    }

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("Checkout latency spike"), "checkout-latency-spike");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("a\u{0}b\nc"), "a-b-c");
        assert_eq!(slug("Zürich DB: 50% errors!"), "zurich-db-50-errors");
        assert_eq!(slug("!!!"), "");
        assert!(slug(&"word ".repeat(100)).len() <= 48);
        assert_eq!(slug("Сбой базы данных"), "sboi-bazy-dannykh");
        assert_eq!(slug("Ǆemal łódź"), "dzemal-lodz");
        assert!(!slug("日本語のタイトル").is_empty());
        assert!(!slug("فشل قاعدة البيانات").is_empty());
        assert!(is_slug("db-outage-2") && !is_slug("Db") && !is_slug("a--b") && !is_slug("-a"));
    }
}
