//! Tera templates and the documents pm renders from them.
//!
//! The scaffold (`pm new`) is here. `view` turns a post-mortem into what a
//! reader sees; `markdown` and `html` render it (`pm render`); `charts`
//! draws SVG; `site` builds the static site (`pm site`). `escape` holds the
//! one escaping function of each target.
//!
//! Templates ship inside the binary (templates/); a repository can
//! override one, or add others, in `.pm/templates/`.

pub mod charts;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod site;
pub mod view;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::error::UserError;

const DEFAULT_TEMPLATE: &str = include_str!("../../templates/default.yaml.tera");

/// What a scaffold template can use. Every typed value appears twice: raw
/// (`title`) for comments, and quoted for YAML (`yaml.title`) for values,
/// so that a title with `: ` or `#` round-trips.
#[derive(Debug, Serialize)]
pub struct ScaffoldContext {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub date: String,
    pub started: Option<String>,
    pub services: Vec<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub follow_up_days: i64,
    pub follow_up_due: String,
    pub yaml: BTreeMap<&'static str, String>,
}

impl ScaffoldContext {
    pub fn with_yaml(mut self) -> Self {
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|s| crate::yaml::scalar(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        self.yaml = BTreeMap::from([
            ("title", crate::yaml::scalar(&self.title)),
            ("severity", crate::yaml::scalar(&self.severity)),
            ("services", list(&self.services)),
            ("authors", list(&self.authors)),
            ("tags", list(&self.tags)),
        ]);
        self
    }
}

/// Load the named template: the repository's override first, then the built-in.
pub fn template_source(root: &Path, name: &str) -> Result<String> {
    if name.contains(['/', '\\']) || name.starts_with('.') || name.is_empty() {
        crate::bail_user!("--template `{name}`: give a template name, not a path");
    }
    let local = root
        .join(".pm")
        .join("templates")
        .join(format!("{name}.yaml.tera"));
    if let Some(text) = read_local_template(root, &local)? {
        return Ok(text);
    }
    if name == "default" {
        return Ok(DEFAULT_TEMPLATE.to_string());
    }
    Err(
        UserError::new(format!("--template `{name}`: no such template"))
            .hint(format!(
                "templates are `default` (built in) and the files in {}",
                root.join(".pm/templates").display()
            ))
            .into(),
    )
}

/// How long a template may take to render. pm's own take milliseconds; a
/// repository's template that loops or doubles a string without end is
/// stopped here instead of holding the repository's lock for good.
const RENDER_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

pub fn render_scaffold(source: &str, name: &str, context: &ScaffoldContext) -> Result<String> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, source).map_err(|err| {
        UserError::new(format!(
            "template `{name}` has an error: {}",
            tera_error(&err)
        ))
    })?;
    let ctx = tera::Context::from_serialize(context)
        .map_err(|err| UserError::new(format!("template context: {err}")))?;
    let what = format!("template `{name}`");
    let text = bounded(&what, std::sync::Arc::new(tera), name, ctx)?.map_err(|err| {
        UserError::new(format!("{what} failed: {err}"))
            .hint("fix the template; nothing was written")
    })?;
    Ok(text)
}

/// Render a repository's template within limits: on a thread of its own,
/// waited for at most [`RENDER_LIMIT`] (Tera has no limits of its own; on
/// time-out pm exits with the error, which ends the thread), and at most
/// the 8 MB a post-mortem may hold. `what` names the template in messages.
/// The outer error is a limit; the inner one Tera's, for the caller to word.
fn bounded(
    what: &str,
    tera: std::sync::Arc<tera::Tera>,
    name: &str,
    ctx: tera::Context,
) -> Result<Result<String, String>> {
    let (send, receive) = std::sync::mpsc::channel();
    let owned = name.to_string();
    std::thread::spawn(move || {
        let _ = send.send(tera.render(&owned, &ctx).map_err(|err| tera_error(&err)));
    });
    let Ok(rendered) = receive.recv_timeout(RENDER_LIMIT) else {
        return Err(UserError::new(format!(
            "{what} did not finish rendering in {} seconds",
            RENDER_LIMIT.as_secs()
        ))
        .hint("look for a loop or a string that grows without end; nothing was written")
        .into());
    };
    if let Ok(text) = &rendered
        && text.len() > crate::store::MAX_FILE_BYTES
    {
        return Err(UserError::new(format!(
            "{what} made {} bytes, over the {} a post-mortem may hold",
            text.len(),
            crate::store::MAX_FILE_BYTES
        ))
        .hint("fix the template; nothing was written")
        .into());
    }
    Ok(rendered)
}

/// A repository's own template, read like every other repository file:
/// never through a symlink, a regular file only, bounded in size.
fn read_local_template(root: &Path, local: &Path) -> Result<Option<String>> {
    let base = crate::store::paths::Base::root(root);
    match crate::store::paths::read_if_exists(&base, local, crate::store::MAX_FILE_BYTES)? {
        Some(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            UserError::new(format!("{} is not UTF-8 text", base.show(local)))
                .hint("fix or remove the file to use the built-in template")
                .into()
        }),
        None => Ok(None),
    }
}

/// How the origin of a built-in template ends.
const BUILT_IN: &str = " (built in)";

/// The source of a document template: the repository's
/// `.pm/templates/FILE` when there is one, else the built-in. Returns the
/// source and where it came from, for error messages.
pub fn document_template(
    root: &Path,
    file: &str,
    builtin: &'static str,
) -> Result<(String, String)> {
    let local = root.join(".pm").join("templates").join(file);
    if let Some(text) = read_local_template(root, &local)? {
        return Ok((text, format!(".pm/templates/{file}")));
    }
    Ok((builtin.to_string(), format!("templates/{file}{BUILT_IN}")))
}

/// A Tera instance for one target: `escape` is its autoescape function and
/// applies to every template, whatever its name.
pub(crate) fn engine(escape: tera::EscapeFn) -> tera::Tera {
    let mut tera = tera::Tera::new();
    tera.set_escape_fn(escape);
    tera.autoescape_on(vec![""]);
    tera
}

/// Add a template, with an error that names its file.
pub(crate) fn add_template(
    tera: &mut tera::Tera,
    name: &str,
    source: &str,
    origin: &str,
) -> Result<()> {
    tera.add_raw_template(name, source).map_err(|err| {
        UserError::new(format!(
            "{origin}: the template has an error: {}",
            tera_error(&err)
        ))
        .hint("fix it, or remove the override to use the built-in template")
        .into()
    })
}

/// Render a template, with an error that names its file. A repository's
/// own template (not pm's built-in) runs within the limits `pm new`'s
/// template has (see [`bounded`]).
pub(crate) fn render_template(
    tera: &std::sync::Arc<tera::Tera>,
    name: &str,
    origin: &str,
    ctx: tera::Context,
) -> Result<String> {
    let rendered = if origin.ends_with(BUILT_IN) {
        tera.render(name, &ctx).map_err(|err| tera_error(&err))
    } else {
        bounded(origin, tera.clone(), name, ctx)?
    };
    rendered.map_err(|err| {
        UserError::new(format!("{origin}: rendering failed: {err}"))
            // Said here, not as a path of pm's source tree: `cargo
            // install` ships no docs folder.
            .hint("a template sees `pm` (the post-mortem), `generator`, and in HTML `standalone`, `css`, `css_href`, `home_href`, `trends_href` and `chart`; the fields of `pm` are listed under `pm render` in commands.md of pm's documentation")
            .into()
    })
}

/// Tera's error with its causes, on one line.
fn tera_error(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
