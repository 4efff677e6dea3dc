//! `pm render ID`: one post-mortem as a document for people who never open YAML.

use anyhow::Result;

use crate::cli::{RenderArgs, RenderFormat};
use crate::clock;
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::output;
use crate::render::html::{Html, Page};
use crate::render::{markdown, view};
use crate::store;

pub fn run(ctx: &Ctx, args: &RenderArgs) -> Result<Exit> {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(file))
            if file.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
            }) =>
        {
            RenderFormat::Html
        }
        (None, _) => RenderFormat::Md,
    };
    if let Some(file) = &args.output {
        let parent = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        if !parent.is_dir() {
            return Err(UserError::new(format!(
                "-o {}: the folder {} does not exist",
                file.display(),
                parent.display()
            ))
            .hint("create it first, or write the file somewhere else")
            .into());
        }
        if file.is_dir() {
            crate::bail_user!("-o {} is a folder; give a file name", file.display());
        }
    }
    let path = ctx.store.resolve(&args.id)?;
    let loaded = ctx.store.load(&path)?;
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let view = view::build(&loaded.pm, &zone, config.timezone.trim(), today);
    let text = match format {
        RenderFormat::Md => markdown::render(&ctx.store.root, &view)?,
        RenderFormat::Html => Html::load(&ctx.store.root, false)?.postmortem(
            &view,
            &Page {
                standalone: true,
                ..Page::default()
            },
        )?,
    };
    match &args.output {
        // `-o -` is standard output, as the refusals below suggest.
        Some(file) if file.as_os_str() == "-" => output::emit(&text),
        Some(file) => {
            // As `>` would: a symlink is written through, a FIFO or a
            // device is refused (store::paths::write_named).
            // Workflow commands defused as on standard output: a CI job
            // may print the file (docs/robustness.md).
            let text = output::ci_safe(&text);
            store::paths::write_named(file, text.as_bytes(), "-o", &ctx.store.own_files())?;
            output::note(&format!(
                "Wrote {}",
                output::name_bytes(file.as_os_str().as_encoded_bytes())
            ));
        }
        None => output::emit(&text),
    }
    Ok(Exit::Ok)
}
