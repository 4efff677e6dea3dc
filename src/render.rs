//! Tera templates: the post-mortem scaffold.
//!
//! Templates ship inside the binary (templates/); a repository can
//! override one, or add others, in `.pm/templates/NAME.yaml.tera`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::error::UserError;

const DEFAULT_TEMPLATE: &str = include_str!("../templates/default.yaml.tera");

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
    let base = crate::store::paths::Base::root(root);
    if let Some(bytes) =
        crate::store::paths::read_if_exists(&base, &local, crate::store::MAX_FILE_BYTES)?
    {
        return String::from_utf8(bytes).map_err(|_| {
            UserError::new(format!("{} is not UTF-8 text", base.show(&local))).into()
        });
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

pub fn render_scaffold(source: &str, name: &str, context: &ScaffoldContext) -> Result<String> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, source)
        .map_err(|err| UserError::new(format!("template `{name}` has an error: {err}")))?;
    let ctx = tera::Context::from_serialize(context)
        .map_err(|err| UserError::new(format!("template context: {err}")))?;
    tera.render(name, &ctx)
        .map_err(|err| UserError::new(format!("template `{name}` failed: {err:?}")).into())
}
