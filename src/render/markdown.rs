//! `pm render --format md`: a post-mortem as Markdown.

use std::path::Path;

use anyhow::Result;

use crate::render::view::PostMortemView;
use crate::render::{add_template, document_template, engine, escape, render_template};

pub const TEMPLATE_FILE: &str = "postmortem.md.tera";
const TEMPLATE: &str = include_str!("../../templates/postmortem.md.tera");

/// Render one post-mortem with the repository's template (or the built-in).
pub fn render(root: &Path, view: &PostMortemView) -> Result<String> {
    let (source, origin) = document_template(root, TEMPLATE_FILE, TEMPLATE)?;
    let mut tera = engine(escape::tera_markdown);
    tera.register_filter("cell", escape::tera_cell);
    tera.register_filter("code", escape::tera_code);
    add_template(&mut tera, "postmortem.md", &source, &origin)?;
    let mut ctx = tera::Context::new();
    ctx.insert("pm", view);
    ctx.insert("generator", &super::html::generator());
    let tera = std::sync::Arc::new(tera);
    let text = render_template(&tera, "postmortem.md", &origin, ctx)?;
    Ok(tidy(&text))
}

/// At most one blank line in a row, and one final newline: templates stay
/// readable without fighting over whitespace.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
