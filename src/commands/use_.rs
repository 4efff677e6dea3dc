//! `pm use [ID]`: choose the post-mortem that writes go to, per clone.

use anyhow::Result;

use crate::cli::UseArgs;
use crate::commands::Ctx;
use crate::error::Exit;
use crate::output;
use crate::target;

pub fn run(ctx: &Ctx, args: &UseArgs) -> Result<Exit> {
    if args.clear {
        let _lock = ctx.store.lock()?;
        target::clear_current(&ctx.store)?;
        output::emitln("Cleared; writes go to the newest draft unless --pm is given");
        return Ok(Exit::Ok);
    }
    match &args.id {
        Some(query) => {
            let path = ctx.store.resolve_for(query, Some("pm use"))?;
            // An id that several files share (pm lint's duplicate-id)
            // names none of them: the choice is then the file's path.
            let mut id = target::id_of(&path);
            let shared = ctx.store.files_named(&id)?.len() > 1;
            if shared {
                id = ctx.store.relative(&path);
            }
            // Under the lock: a pm that holds it clears the temporary
            // files of pm's state folder, this one's among them otherwise.
            let _lock = ctx.store.lock()?;
            target::set_current(&ctx.store, &id)?;
            // The path of one of two files whose names differ only in
            // Unicode form is shown as the list of them showed it.
            let shown = if shared {
                output::name_apart(&id)
            } else {
                output::line(&id)
            };
            output::emitln(&format!("Using {shown}"));
            // Writes to it are made all the same, each with this note.
            if ctx
                .store
                .load(&path)
                .is_ok_and(|loaded| loaded.pm.status == crate::model::Status::Closed)
            {
                output::note(&format!(
                    "note: {shown} is closed: timeline entries written to it change a reviewed record"
                ));
            }
        }
        None => match target::current(&ctx.store)? {
            // A choice whose file is gone (renamed, removed, a checkout of
            // another branch) would make every write fail: say so here.
            Some(id) => {
                target::chosen_path(&ctx.store, &id)?;
                output::emitln(&output::line(&id));
            }
            None => output::emitln("(none: writes go to the newest draft)"),
        },
    }
    Ok(Exit::Ok)
}
