//! HTML documents: one post-mortem (`pm render --format html`, the pages of
//! `pm site`) and the site's index and trends pages.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::render::view::PostMortemView;
use crate::render::{add_template, charts, document_template, engine, escape, render_template};

pub const STYLE_FILE: &str = "style.css";
pub const STYLE: &str = include_str!("../../templates/style.css");
pub const POSTMORTEM_FILE: &str = "postmortem.html.tera";
const POSTMORTEM: &str = include_str!("../../templates/postmortem.html.tera");
pub const INDEX_FILE: &str = "site-index.html.tera";
const INDEX: &str = include_str!("../../templates/site-index.html.tera");
pub const TRENDS_FILE: &str = "site-trends.html.tera";
const TRENDS: &str = include_str!("../../templates/site-trends.html.tera");

/// `pm 0.1.0`: what made the document. No time stamp, so output is
/// reproducible.
pub fn generator() -> String {
    format!("pm {}", env!("CARGO_PKG_VERSION"))
}

/// The HTML templates of a repository, loaded once.
pub struct Html {
    tera: std::sync::Arc<tera::Tera>,
    origins: Vec<(&'static str, String)>,
    pub css: String,
}

/// Where a page stands: a self-contained file, or a page of the site.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Page {
    /// CSS inline (a file to mail), or linked (`css_href`).
    pub standalone: bool,
    pub css_href: String,
    /// Links back to the site's index and trends pages; empty when standalone.
    pub home_href: String,
    pub trends_href: String,
}

impl Html {
    /// Load the post-mortem template, and the site's when `site` is set.
    pub fn load(root: &Path, site: bool) -> Result<Html> {
        let mut tera = engine(escape::tera_html);
        let mut origins = Vec::new();
        let mut wanted = vec![("postmortem.html", POSTMORTEM_FILE, POSTMORTEM)];
        if site {
            wanted.push(("index.html", INDEX_FILE, INDEX));
            wanted.push(("trends.html", TRENDS_FILE, TRENDS));
        }
        for (name, file, builtin) in wanted {
            let (source, origin) = document_template(root, file, builtin)?;
            add_template(&mut tera, name, &source, &origin)?;
            origins.push((name, origin));
        }
        let (css, _) = document_template(root, STYLE_FILE, STYLE)?;
        Ok(Html {
            tera: std::sync::Arc::new(tera),
            origins,
            css,
        })
    }

    fn origin<'a>(&'a self, name: &'a str) -> &'a str {
        self.origins
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, o)| o.as_str())
    }

    fn context(&self, page: &Page) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("standalone", &page.standalone);
        ctx.insert("css", &self.css);
        ctx.insert("css_href", &page.css_href);
        ctx.insert("home_href", &page.home_href);
        ctx.insert("trends_href", &page.trends_href);
        ctx.insert("generator", &generator());
        ctx
    }

    /// One post-mortem as a page, with its timeline chart.
    pub fn postmortem(&self, view: &PostMortemView, page: &Page) -> Result<String> {
        let mut ctx = self.context(page);
        ctx.insert("pm", view);
        ctx.insert("chart", &charts::timeline_chart(view, "timeline-chart"));
        render_template(
            &self.tera,
            "postmortem.html",
            self.origin("postmortem.html"),
            ctx,
        )
    }

    /// A site page (`index.html` or `trends.html`) from its data.
    pub fn site_page<T: Serialize>(&self, name: &str, page: &Page, data: &T) -> Result<String> {
        let mut ctx = self.context(page);
        ctx.insert("site", data);
        render_template(&self.tera, name, self.origin(name), ctx)
    }
}
