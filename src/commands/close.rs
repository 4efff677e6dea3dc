//! `pm close ID`: close a post-mortem once its work is done.

use anyhow::Result;

use crate::cli::CloseArgs;
use crate::commands::{Ctx, update_postmortem};
use crate::error::{Exit, UserError};
use crate::model::{ActionStatus, Status};
use crate::output;

pub fn run(ctx: &Ctx, args: &CloseArgs) -> Result<Exit> {
    let path = ctx.store.resolve(&args.id)?;
    let (loaded, _) = update_postmortem(ctx, &path, "close", |loaded, edit| {
        let pm = &loaded.pm;
        if pm.status == Status::Closed {
            crate::bail_user!("{} is already closed", pm.id);
        }
        let mut reasons = Vec::new();
        if pm.follow_up.held.is_none() {
            let id = crate::output::arg_word(&pm.id);
            reasons.push(match (pm.follow_up.history.last(), pm.follow_up.due) {
                // `pm review --again` recorded one and scheduled another.
                (Some(last), Some(due)) => format!(
                    "another follow-up review is scheduled for {due} (the last, held {}, asked for it with --again); record it with `pm review {id}` when it is held",
                    last.held
                ),
                _ => format!("the follow-up review has not been held (record it with `pm review {id}`)"),
            });
        }
        for a in pm
            .action_items
            .iter()
            .filter(|a| a.status == ActionStatus::Open)
        {
            reasons.push(format!(
                "{} is open: {} (pm action done {id}#{a} or pm action drop {id}#{a} --reason \"why it will not be done\")",
                a.id,
                a.title,
                id = pm.id,
                a = a.id
            ));
        }
        if reasons.is_empty() {
            let file = ctx.store.relative(&path);
            crate::commands::check_ready(ctx, loaded, &file, "closed", args.force)?;
        }
        if !reasons.is_empty() {
            let mut err = UserError::new(format!("{} cannot be closed yet", pm.id));
            for r in reasons {
                err = err.hint(r);
            }
            return Err(err.into());
        }
        edit.set(&[], "status", Some("closed"))?;
        Ok("closed".to_string())
    })?;
    output::emitln(&format!("Closed {}", output::line(&loaded.pm.id)));
    Ok(Exit::Ok)
}
