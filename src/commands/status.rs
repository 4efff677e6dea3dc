//! `pm status ID STATUS`: move a post-mortem through draft, review, published.

use anyhow::Result;

use crate::cli::{NewStatus, StatusArgs};
use crate::commands::{Ctx, update_postmortem};
use crate::error::Exit;
use crate::model::Status;
use crate::output;

pub fn run(ctx: &Ctx, args: &StatusArgs) -> Result<Exit> {
    let path = ctx.store.resolve(&args.id)?;
    let new = match args.status {
        NewStatus::Draft => Status::Draft,
        NewStatus::Review => Status::Review,
        NewStatus::Published => Status::Published,
        NewStatus::Closed => {
            return Err(crate::error::UserError::new(format!(
                "`pm status` does not close a post-mortem: closing is `pm close {}`, which checks that the follow-up review is held and every action item is done or dropped",
                output::arg_word(&output::name(&args.id))
            ))
            .hint("nothing was changed")
            .into());
        }
    };
    let (loaded, _) = update_postmortem(ctx, &path, "status", |loaded, edit| {
        let old = loaded.pm.status;
        if old == new {
            crate::bail_user!(
                "{} is already {}; nothing changed",
                loaded.pm.id,
                new.as_str()
            );
        }
        if old == Status::Closed {
            crate::bail_user!(
                "{} is closed; reopen it by editing `status` with `pm edit` if there is new work",
                loaded.pm.id
            );
        }
        if new != Status::Draft {
            let file = ctx.store.relative(&path);
            crate::commands::check_ready(ctx, loaded, &file, new.as_str(), args.force)?;
        }
        edit.set(&[], "status", Some(new.as_str()))?;
        Ok(format!("{} -> {}", old.as_str(), new.as_str()))
    })?;
    output::emitln(&format!(
        "{}: {} -> {}",
        output::line(&loaded.pm.id),
        loaded.pm.status.as_str(),
        new.as_str()
    ));
    if new != Status::Draft {
        output::note("note: from review on, `pm lint` treats missing sections as errors");
    }
    Ok(Exit::Ok)
}
