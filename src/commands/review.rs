//! `pm review ID`: record that the follow-up review was held.

use anyhow::Result;

use crate::cli::ReviewArgs;
use crate::clock;
use crate::commands::{Ctx, update_postmortem};
use crate::edit::key;
use crate::error::{Exit, UserError};
use crate::output;

pub fn run(ctx: &Ctx, args: &ReviewArgs) -> Result<Exit> {
    let zone = ctx.store.config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let again = match &args.again {
        Some(text) => {
            let due = clock::window_arg("--again", text, today)?;
            if due <= today {
                crate::bail_user!(
                    "--again `{text}` is not after today; give how long until the next review: 14d, 2w, 1mo"
                );
            }
            Some(due)
        }
        None => None,
    };
    if let Some(n) = &args.notes
        && n.trim().is_empty()
    {
        crate::bail_user!("--notes is empty; say what the review found, or leave it out");
    }
    let path = ctx.store.resolve(&args.id)?;
    let notes = args.notes.as_deref().map(str::trim);
    let mut next_due = None;
    let mut already_held = None;
    let (loaded, _) = update_postmortem(ctx, &path, "review", |loaded, edit| {
        crate::commands::refuse_closed(loaded, "more reviews")?;
        let follow_up = &loaded.pm.follow_up;
        if let (Some(held), None) = (follow_up.held, again) {
            crate::bail_user!(
                "{}: the follow-up review was already recorded as held on {held}",
                loaded.pm.id
            );
        }
        let fu = [key("follow_up")];
        edit.ensure_key(&[], "follow_up")?;
        // Notes written in the file before the review (an agenda, what was
        // found so far) are this review's too: `--notes` adds to them, and
        // never replaces them.
        let written = follow_up
            .notes
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let with_written = |new: Option<&str>| match (written, new) {
            (Some(w), Some(n)) if w != n => Some(format!("{w}\n\n{n}")),
            (Some(w), _) => Some(w.to_string()),
            (None, n) => n.map(str::to_string),
        };
        match again {
            None => {
                edit.set(&fu, "held", Some(&today.to_string()))?;
                if let Some(n) = notes {
                    edit.append_paragraph(&fu, "notes", n)?;
                }
                Ok(format!("review held {today}"))
            }
            Some(due) => {
                // This review goes to the history and the next one is
                // scheduled. A review already recorded as held is that
                // review (with any --notes added): `--again` after it only
                // schedules the next one, and records no second review.
                already_held = follow_up.held;
                let held = follow_up.held.unwrap_or(today);
                let mut past = vec![
                    ("due", follow_up.due.map(|d| d.to_string())),
                    ("held", Some(held.to_string())),
                ];
                if let Some(n) = with_written(notes) {
                    past.push(("notes", Some(n)));
                }
                // The next due date first: it gives an empty `follow_up:`
                // a mapping for the history to go into.
                edit.set(&fu, "due", Some(&due.to_string()))?;
                edit.insert_item(&[key("follow_up"), key("history")], None, &past)?;
                next_due = Some(due);
                edit.set(&fu, "held", None)?;
                if follow_up.notes.is_some() {
                    edit.set(&fu, "notes", None)?;
                }
                Ok(format!("review held {held}, next due {due}"))
            }
        }
    })?;
    let id = &*output::line(&loaded.pm.id);
    match already_held {
        Some(held) => output::emitln(&format!(
            "The follow-up review of {id} held on {held} is in its history"
        )),
        None => output::emitln(&format!(
            "Recorded the follow-up review of {id} as held on {today}"
        )),
    }
    if let Some(due) = next_due {
        output::emitln(&format!("  next review due {due}"));
    }
    let open: Vec<&str> = loaded
        .pm
        .action_items
        .iter()
        .filter(|a| a.status == crate::model::ActionStatus::Open)
        .map(|a| a.id.as_str())
        .collect();
    if !open.is_empty() {
        output::emitln(&format!(
            "  open action items: {}",
            output::line(&open.join(", "))
        ));
    } else if next_due.is_none() {
        output::emitln(&format!(
            "  every action item is done or dropped: pm close {}",
            output::arg_word(id)
        ));
    }
    Ok(Exit::Ok)
}
