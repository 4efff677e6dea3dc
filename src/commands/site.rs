//! `pm site OUT_DIR`: the whole repository as a static site.

use anyhow::Result;

use crate::cli::SiteArgs;
use crate::clock;
use crate::commands::Ctx;
use crate::error::{Exit, UserError};
use crate::output;
use crate::render::site;

pub fn run(ctx: &Ctx, args: &SiteArgs) -> Result<Exit> {
    let config = &ctx.store.config;
    let zone = config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    ctx.store
        .own_files()
        .refuse_dir(&args.out_dir, "OUT_DIR", "`public` (pm site public)")?;
    let report = site::build(
        &ctx.store,
        &args.out_dir,
        &zone,
        config.timezone.trim(),
        today,
    )?;
    output::mark_written();
    for err in &report.unreadable {
        output::note(&format!(
            "error: {err} (its page from an earlier run, if any, is kept as it was)"
        ));
    }
    if !report.outside_span.is_empty() {
        output::note(&format!(
            "warning: left out of the trends' charts, dated more than {} years before today or more than a year after it: {} (check the `date`)",
            crate::stats::TREND_MONTHS / 12,
            report.outside_span.join(", ")
        ));
    }
    let removed = if report.removed > 0 {
        format!(
            "; removed {} page{} of post-mortems that no longer exist",
            report.removed,
            if report.removed == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    output::emitln(&format!(
        "Wrote {}: index.html, trends.html and {} post-mortem page{}{removed}",
        // One line, whatever the folder's name holds (a line break, bytes
        // that are not UTF-8 spelled `\xff`).
        output::name_bytes(args.out_dir.as_os_str().as_encoded_bytes()),
        report.pages,
        if report.pages == 1 { "" } else { "s" }
    ));
    note_untracked(ctx, args);
    if report.unreadable.is_empty() {
        return Ok(Exit::Ok);
    }
    // The site is written, but not as the files say: exit 1, so a CI job
    // does not publish it as if all were well.
    let n = report.unreadable.len();
    let kept = if report.kept > 0 {
        format!(
            ", so no page was removed ({} page{} from an earlier run kept)",
            report.kept,
            if report.kept == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    output::note(&format!(
        "error: {n} post-mortem file{} cannot be read{kept}: fix {} (pm lint names the problem) and run pm site again",
        if n == 1 { "" } else { "s" },
        if n == 1 { "it" } else { "them" }
    ));
    Ok(Exit::Findings)
}

/// A site written inside the repository's work tree is generated output
/// that `git status` would list after every run. pm does not decide for
/// the person whether it is committed (a team publishing from the branch
/// commits it) or ignored, and does not touch their `.gitignore`: it says
/// which line leaves it out, while the folder is neither ignored nor
/// tracked. Not in CI, whose checkout is thrown away.
fn note_untracked(ctx: &Ctx, args: &SiteArgs) {
    if crate::commands::in_ci() {
        return;
    }
    let Some((folder, up)) = crate::git::untracked_folder(&ctx.store.root, &args.out_dir) else {
        return;
    };
    let shown = output::name_bytes(&folder);
    let how = match std::str::from_utf8(&folder) {
        Ok(path) => format!(
            "add the line {} to {up}.gitignore",
            output::name(&output::gitignore_folder(path))
        ),
        Err(_) => format!("add it to {up}.gitignore"),
    };
    output::note(&format!(
        "note: {shown}/ is in the git repository but neither ignored nor committed, so `git status` lists it: {how} to leave it out of git (or commit it, if the site is published from the branch)"
    ));
}
