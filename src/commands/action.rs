//! `pm action add|done|drop|edit|list`: action items.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::{
    ActionAddArgs, ActionDoneArgs, ActionDropArgs, ActionEditArgs, ActionListArgs, ActionRmArgs,
};
use crate::clock;
use crate::commands::{Ctx, list, update_postmortem};
use crate::edit::{Seg, key};
use crate::error::{Exit, UserError};
use crate::index;
use crate::model::{self, ActionItem, ActionStatus};
use crate::output::{self, Cell, Column};
use crate::store::Loaded;
use crate::target;

/// The types of action item, after PagerDuty's and Google's practice
/// (one list, in src/model.rs).
pub use crate::model::ACTION_TYPES;

fn today(ctx: &Ctx) -> Result<NaiveDate> {
    let zone = ctx.store.config.zone().map_err(UserError::new)?;
    clock::today(&zone)
}

fn parse_due(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    clock::date_arg("--due", text, today)
}

fn non_empty(value: &str, what: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        crate::bail_user!("{what} is empty; give a value");
    }
    Ok(v.to_string())
}

pub fn add(ctx: &Ctx, args: &ActionAddArgs) -> Result<Exit> {
    let title = non_empty(&args.title, "the action item's TITLE")?;
    let owner = match &args.owner {
        Some(o) => non_empty(o, "--owner")?,
        None => {
            return Err(
                UserError::new("missing --owner: every action item needs an owner")
                    .hint("pass a person or team: --owner payments-team")
                    .into(),
            );
        }
    };
    if let Some(t) = &args.kind
        && !ACTION_TYPES.contains(&t.as_str())
    {
        crate::bail_user!("--type `{t}` is not one of {}", ACTION_TYPES.join(", "));
    }
    let today = today(ctx)?;
    let explicit_due = args
        .due
        .as_deref()
        .map(|d| parse_due(d, today))
        .transpose()?;
    let (path, chosen) = target::resolve(&ctx.store, args.target.pm.as_deref())?;
    // The upstream's ids are taken too: an item removed here (`pm action
    // rm --force`, a hand edit) that others have keeps its id, so their
    // change to it never lands on the new item.
    let upstream_ids: Vec<String> = crate::git::upstream_text(&ctx.store.root, &path)
        .and_then(|(_, text)| crate::store::parse_postmortem(&text).ok())
        .map(|pm| pm.action_items.into_iter().map(|a| a.id).collect())
        .unwrap_or_default();
    let config = &ctx.store.config;
    let mut chosen_due = None;
    let mut new_id = String::new();
    let (loaded, _) = update_postmortem(ctx, &path, "action", |loaded, edit| {
        crate::commands::refuse_closed(loaded, "new action items")?;
        let pm = &loaded.pm;
        let due = match explicit_due {
            Some(d) => d,
            None => {
                let days = config.action_due_days(&pm.severity);
                let d =
                    clock::days_after(pm.date, days, "action_due_days").map_err(|err| {
                        match err.downcast::<UserError>() {
                            Ok(user) => {
                                user.hint("or give the item its due date with --due").into()
                            }
                            Err(err) => err,
                        }
                    })?;
                chosen_due = Some((d, days));
                d
            }
        };
        if due < pm.date {
            crate::bail_user!(
                "--due {due} is before the incident ({}); give a later date",
                pm.date
            );
        }
        new_id = model::next_action_id(
            pm.action_items
                .iter()
                .map(|a| a.id.as_str())
                .chain(upstream_ids.iter().map(String::as_str)),
        );
        let mut fields = vec![
            ("id", Some(new_id.clone())),
            ("title", Some(title.clone())),
            ("owner", Some(owner.clone())),
            ("due", Some(due.to_string())),
            ("status", Some("open".to_string())),
        ];
        for (k, v) in [
            ("type", &args.kind),
            ("priority", &args.priority),
            ("link", &args.link),
        ] {
            if let Some(v) = v {
                fields.push((k, Some(non_empty(v, &format!("--{k}"))?)));
            }
        }
        edit.insert_item(&[key("action_items")], None, &fields)?;
        Ok(format!("add {new_id}: {title}"))
    })?;
    let how = chosen.why();
    output::emitln(&format!(
        "Added {}#{new_id}{how}: {} (owner {})",
        output::line(&loaded.pm.id),
        output::line(&title),
        output::line(&owner)
    ));
    match chosen_due {
        Some((d, days)) => {
            let severity = output::line(&loaded.pm.severity);
            let policy = match config.severity_due_days(&loaded.pm.severity) {
                Some(_) => format!("pm.yaml's action_due_days for {severity}"),
                None => format!(
                    "action_due_days_default (pm.yaml's action_due_days names no {severity})"
                ),
            };
            output::emitln(&format!(
                "  due {d}: {days} days after the incident, {policy}"
            ));
        }
        None => {
            if let Some(d) = explicit_due {
                output::emitln(&format!("  due {d}"));
            }
        }
    }
    if let Some(d) = chosen_due.map(|(d, _)| d).or(explicit_due)
        && model::days_overdue(d, today).is_some()
    {
        output::note(&format!("warning: the due date {d} has already passed"));
    }
    Ok(Exit::Ok)
}

fn next_id(items: &[ActionItem]) -> String {
    model::next_action_id(items.iter().map(|a| a.id.as_str()))
}

/// A resolved `ID#A2`: the file and the action id.
fn resolve_ref(ctx: &Ctx, reference: &str, pm_flag: Option<&str>) -> Result<(PathBuf, String)> {
    // At the last `#`: an id may hold one (a file named `a#b.yaml`), an
    // action id never does, and `pm action list` prints `a#b#A1`.
    let (pm_part, action) = match reference.rsplit_once('#') {
        Some((p, a)) => (Some(p), a),
        None => (None, reference),
    };
    let action = action.trim().to_ascii_uppercase();
    if model::action_id_number(&action).is_none() {
        return Err(
            UserError::new(format!("`{reference}` is not an action reference"))
                .hint("use ID#A2 (part of the id is enough), or A2 with --pm ID")
                .into(),
        );
    }
    let path = match (pm_part, pm_flag) {
        (Some(p), _) if !p.trim().is_empty() => ctx.store.resolve(p)?,
        (_, flag) => target::resolve(&ctx.store, flag)?.0,
    };
    Ok((path, action))
}

fn find_action<'a>(loaded: &'a Loaded, action: &str) -> Result<(usize, &'a ActionItem)> {
    // Two items with one id (a merge without pm's driver, a hand edit):
    // pm cannot tell which one is meant, so it changes neither.
    let same: Vec<usize> = loaded
        .pm
        .action_items
        .iter()
        .enumerate()
        .filter(|(_, a)| a.id.trim().eq_ignore_ascii_case(action))
        .map(|(i, _)| i)
        .collect();
    if same.len() > 1 {
        let lines: Vec<String> = crate::yaml::parse_tree(crate::yaml::strip_bom(&loaded.text).0)
            .ok()
            .and_then(|tree| {
                let items = tree.get("action_items")?.items().to_vec();
                Some(
                    same.iter()
                        .filter_map(|&i| items.get(i))
                        .map(|n| {
                            crate::yaml::line_col(crate::yaml::strip_bom(&loaded.text).0, n.start)
                                .0
                                .to_string()
                        })
                        .collect(),
                )
            })
            .unwrap_or_default();
        let at = if lines.is_empty() {
            String::new()
        } else {
            format!(" (lines {})", lines.join(" and "))
        };
        return Err(UserError::new(format!(
            "{} has {} action items with the id {action}{at}; pm cannot tell which one you mean",
            loaded.pm.id,
            same.len()
        ))
        .hint(format!(
            "give one of them the next free id, {}, with `{}`; nothing was changed",
            next_id(&loaded.pm.action_items),
            crate::store::edit_command(&loaded.pm.id)
        ))
        .into());
    }
    loaded
        .pm
        .action_items
        .iter()
        .enumerate()
        .find(|(_, a)| a.id.eq_ignore_ascii_case(action))
        .ok_or_else(|| {
            let known: Vec<&str> = loaded
                .pm
                .action_items
                .iter()
                .map(|a| a.id.as_str())
                .collect();
            let mut err = UserError::new(format!("{} has no action item {action}", loaded.pm.id));
            err = if known.is_empty() {
                err.hint("it has no action items yet")
            } else {
                err.hint(format!("its action items are {}", known.join(", ")))
            };
            err.into()
        })
}

fn item_path(index: usize) -> [Seg; 2] {
    [key("action_items"), Seg::Index(index)]
}

pub fn done(ctx: &Ctx, args: &ActionDoneArgs) -> Result<Exit> {
    close_item(
        ctx,
        &args.reference,
        args.target.pm.as_deref(),
        ActionStatus::Done,
        args.note.as_deref(),
    )
}

pub fn drop(ctx: &Ctx, args: &ActionDropArgs) -> Result<Exit> {
    let reason = non_empty(&args.reason, "--reason")?;
    close_item(
        ctx,
        &args.reference,
        args.target.pm.as_deref(),
        ActionStatus::Dropped,
        Some(&reason),
    )
}

fn close_item(
    ctx: &Ctx,
    reference: &str,
    pm_flag: Option<&str>,
    status: ActionStatus,
    note: Option<&str>,
) -> Result<Exit> {
    if let Some(n) = note {
        non_empty(n, "--note")?;
    }
    let (path, action) = resolve_ref(ctx, reference, pm_flag)?;
    let today = today(ctx)?;
    let verb = status.as_str();
    let (loaded, _) = update_postmortem(ctx, &path, "action", |loaded, edit| {
        let (index, item) = find_action(loaded, &action)?;
        if item.status != ActionStatus::Open {
            crate::bail_user!(
                "{}#{} is already {}; nothing changed",
                loaded.pm.id,
                item.id,
                item.status.as_str()
            );
        }
        let at = item_path(index);
        edit.set(&at, "status", Some(verb))?;
        edit.set(&at, "closed", Some(&today.to_string()))?;
        // A note already there (a review's context, a workaround) stays as
        // written: the new text is added after it, never in its place.
        if let Some(note) = note {
            edit.append_paragraph(&at, "note", note)?;
        }
        Ok(format!("{verb} {}", item.id))
    })?;
    output::emitln(&format!(
        "Marked {}#{action} {verb} on {today}",
        output::line(&loaded.pm.id)
    ));
    Ok(Exit::Ok)
}

/// Remove an item added by mistake. Its id is not reused by `pm action
/// add` while a later item exists (ids come from the highest one); work that
/// was real but will not be done is dropped instead, so the record stays.
pub fn rm(ctx: &Ctx, args: &ActionRmArgs) -> Result<Exit> {
    let (path, action) = resolve_ref(ctx, &args.reference, args.target.pm.as_deref())?;
    let (loaded, what) = update_postmortem(ctx, &path, "action", |loaded, edit| {
        let (index, item) = find_action(loaded, &action)?;
        if !args.force {
            refuse_shared_removal(ctx, &path, item, &args.reference)?;
        }
        edit.remove_item(&[key("action_items")], index)?;
        Ok(format!("remove {}: {}", item.id, item.title))
    })?;
    output::emitln(&format!("{}: {}", loaded.pm.id, output::line(&what)));
    Ok(Exit::Ok)
}

/// An item the upstream already holds is not removed: others may have it
/// and go on changing it (done, a new owner), and their change would then
/// meet an item that is gone here. Dropping keeps the item and its id.
fn refuse_shared_removal(
    ctx: &Ctx,
    path: &std::path::Path,
    mine: &crate::model::ActionItem,
    reference: &str,
) -> Result<()> {
    let Some((upstream, text)) = crate::git::upstream_text(&ctx.store.root, path) else {
        return Ok(());
    };
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let action = mine.id.as_str();
    // The upstream holds the item when it has one of that id and title, or
    // of that title and owner under another id (a `git pull` that
    // renumbered it here). A new item of yours that a pull gave an id the
    // upstream uses for another is not shared.
    let upstream_pm = crate::store::parse_postmortem(&text).ok();
    let Some(theirs) = upstream_pm.as_ref().and_then(|pm| {
        pm.action_items.iter().find(|item| {
            item.title == mine.title && (item.id == action || item.owner == mine.owner)
        })
    }) else {
        return Ok(());
    };
    let there = if theirs.id == action {
        String::new()
    } else {
        format!(" (as {})", output::line(&theirs.id))
    };
    let reference = output::shell_word(reference);
    Err(UserError::new(format!(
        "{}#{} is on {} already{there}, so others may have it and change it: removed here, their changes would meet a removed item",
        output::line(&stem),
        output::line(action),
        output::line(&upstream)
    ))
    .hint(format!(
        "drop it instead, which keeps it and its id: pm action drop {reference} --reason \"added by mistake\""
    ))
    .hint("or remove it anyway with --force, if nobody else has pulled it; nothing was changed")
    .into())
}

pub fn edit(ctx: &Ctx, args: &ActionEditArgs) -> Result<Exit> {
    if args.owner.is_none() && args.due.is_none() && args.title.is_none() {
        crate::bail_user!("nothing to change: give --owner, --due or --title");
    }
    let owner = args
        .owner
        .as_deref()
        .map(|o| non_empty(o, "--owner"))
        .transpose()?;
    let title = args
        .title
        .as_deref()
        .map(|t| non_empty(t, "--title"))
        .transpose()?;
    let today = today(ctx)?;
    let due = args
        .due
        .as_deref()
        .map(|d| parse_due(d, today))
        .transpose()?;
    let (path, action) = resolve_ref(ctx, &args.reference, args.target.pm.as_deref())?;
    let mut changes = Vec::new();
    // What was given as the item already has it: not rewritten (not even
    // requoted), and when that is everything, nothing is written or
    // committed (as `pm timeline edit` does).
    let mut kept = Vec::new();
    let (loaded, _) = update_postmortem(ctx, &path, "action", |loaded, edit| {
        let (index, item) = find_action(loaded, &action)?;
        let at = item_path(index);
        if let Some(o) = &owner {
            if item.owner.as_deref() == Some(o.as_str()) {
                kept.push(format!("owner {o}"));
            } else {
                edit.set(&at, "owner", Some(o))?;
                changes.push(format!("owner {o}"));
            }
        }
        if let Some(d) = due {
            if item.due == Some(d) {
                kept.push(format!("due {d}"));
            } else {
                if d < loaded.pm.date {
                    crate::bail_user!("--due {d} is before the incident ({})", loaded.pm.date);
                }
                edit.set(&at, "due", Some(&d.to_string()))?;
                changes.push(format!("due {d}"));
            }
        }
        if let Some(t) = &title {
            if item.title == *t {
                kept.push("title".to_string());
            } else {
                edit.set(&at, "title", Some(t))?;
                changes.push("title".to_string());
            }
        }
        Ok(format!("edit {}: {}", item.id, changes.join(", ")))
    })?;
    if changes.is_empty() {
        output::emitln(&format!(
            "Nothing changed: {}#{action} already has the values given ({})",
            output::line(&loaded.pm.id),
            output::line(&kept.join(", "))
        ));
        return Ok(Exit::Ok);
    }
    output::emitln(&format!(
        "Changed {}#{action}: {}",
        output::line(&loaded.pm.id),
        output::line(&changes.join(", "))
    ));
    Ok(Exit::Ok)
}

#[derive(Serialize)]
struct ListedAction<'a> {
    postmortem: &'a str,
    action: &'a str,
    title: &'a str,
    owner: Option<&'a str>,
    due: Option<NaiveDate>,
    status: &'static str,
    overdue: bool,
}

/// Owners match without case and with or without a leading `@`.
pub fn same_owner(a: &str, b: &str) -> bool {
    a.trim()
        .trim_start_matches('@')
        .eq_ignore_ascii_case(b.trim().trim_start_matches('@'))
}

pub fn list(ctx: &Ctx, args: &ActionListArgs) -> Result<Exit> {
    let today = today(ctx)?;
    let only = match &args.id {
        Some(id) => Some(target::id_of(&ctx.store.resolve(id)?)),
        None => None,
    };
    let all = index::load_all(&ctx.store)?;
    {
        let mut rows = Vec::new();
        index::warn_broken(&all);
        for item in all.iter() {
            // A broken file's valid action items are still listed.
            let Some(s) = item.summary else {
                continue;
            };
            if only.as_ref().is_some_and(|id| id != s.id()) {
                continue;
            }
            for a in s.actions() {
                if args.open && a.status() != ActionStatus::Open {
                    continue;
                }
                if let Some(o) = &args.owner
                    && !a.owner().is_some_and(|x| same_owner(x, o))
                {
                    continue;
                }
                let due = a.due();
                rows.push(ListedAction {
                    postmortem: s.id(),
                    action: a.id(),
                    title: a.title(),
                    owner: a.owner(),
                    due,
                    status: a.status().as_str(),
                    overdue: a.days_overdue(today).is_some(),
                });
            }
        }
        if args.json {
            output::emit_json(&rows);
            return Ok(Exit::Ok);
        }
        if rows.is_empty() {
            output::emitln("No action items match.");
            return Ok(Exit::Ok);
        }
        let columns = [
            Column::id("REF"),
            Column::whole("OWNER", 24),
            Column::whole("DUE", 10),
            Column::whole("STATUS", 7),
            Column::wrap("TITLE", Some(3)),
        ];
        let mut table: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| {
                let mut due = Cell::new(r.due.map(|d| d.to_string()).unwrap_or_else(|| "-".into()));
                if r.overdue {
                    due = due.styled(output::Style::Red);
                }
                vec![
                    Cell::new(format!("{}#{}", r.postmortem, r.action)),
                    Cell::new(r.owner.unwrap_or("-")),
                    due,
                    Cell::new(r.status),
                    Cell::new(r.title),
                ]
            })
            .collect();
        let stems: Vec<String> = all.iter().map(|i| list::file_stem(i.file)).collect();
        let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
        let ids: Vec<&str> = rows.iter().map(|r| r.postmortem).collect();
        output::fit_ids(
            &columns,
            &mut table,
            0,
            list::TITLE_ROOM,
            &stems,
            &ids,
            |i, shown| format!("{shown}#{}", rows[i].action),
        );
        output::emitln(&output::render_table(&columns, &table));
        Ok(Exit::Ok)
    }
}
