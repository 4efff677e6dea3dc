//! Minimal edits of a person's YAML file.
//!
//! pm never re-serialises a post-mortem. Each change is spliced into the text
//! at spans found by the span parser: new list items and keys are inserted as
//! whole lines, changed scalars are replaced in place. Everything else
//! (comments, blank lines, key order, quoting, block scalars, CRLF line
//! endings, a BOM) stays byte for byte.
//!
//! Every edit also applies the intended change to a parsed copy of the
//! document; [`Edit::finish`] re-parses the new text and refuses the result
//! unless it equals that copy. A wrong splice therefore never reaches disk.

use anyhow::Result;

use crate::error::UserError;
use crate::yaml::{self, Mapping, Node, NodeKind, Style, Value};

/// One step of a path into the document.
#[derive(Debug, Clone)]
pub enum Seg {
    Key(String),
    Index(usize),
}

pub fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

/// The fields of a new list item, in order; None writes `key:` with no value.
pub type Fields<'a> = Vec<(&'a str, Option<String>)>;

/// A file being edited: its text and the document it should parse to.
pub struct Edit {
    bom: String,
    body: String,
    /// A document end marker `...` and the comments after it: kept as they
    /// are, after everything pm adds (which must stay inside the document).
    tail: String,
    newline: &'static str,
    /// The file breaks its lines with a lone CR (old Mac OS), which YAML
    /// reads as a line break: it is edited with LF breaks, which every
    /// line-by-line step here knows, and written back with CR ones.
    cr_only: bool,
    expected: Value,
    /// Shown in error messages.
    name: String,
}

impl Edit {
    pub fn new(name: &str, text: &str) -> Result<Edit> {
        let (body, bom_len) = yaml::strip_bom(text);
        let expected =
            yaml::parse_value(body).map_err(|err| UserError::new(format!("{name}:{err}")))?;
        // Every CR is a line break where no LF is (a CR among LF breaks
        // is refused by every reader: `yaml::parse_tree`).
        let cr_only = yaml::cr_only(body);
        let lf;
        let body = if cr_only {
            lf = body.replace('\r', "\n");
            lf.as_str()
        } else {
            body
        };
        let (body, tail) = body.split_at(document_end(body));
        Ok(Edit {
            bom: text[..bom_len].to_string(),
            newline: if body.contains("\r\n") { "\r\n" } else { "\n" },
            cr_only,
            body: body.to_string(),
            tail: tail.to_string(),
            expected,
            name: name.to_string(),
        })
    }

    fn tree(&self) -> Result<Node> {
        yaml::parse_tree(&self.body)
            .map_err(|err| UserError::new(format!("{}:{err}", self.name)).into())
    }

    fn refuse(&self, what: String) -> anyhow::Error {
        UserError::new(format!("{}: {what}", self.name))
            .hint("pm edits only block-style YAML it can change line by line; edit this part by hand (pm edit)")
            .hint("nothing was changed")
            .into()
    }

    /// A list whose items pm cannot find line by line, at the line of `at`.
    fn unusual(&self, list_key: &str, at: usize) -> anyhow::Error {
        let (line, _) = yaml::line_col(&self.body, at);
        self.refuse(format!(
            "`{list_key}` has a layout pm cannot change line by line at line {line} \
             (each item starts with `-`, at the same column as the others)"
        ))
    }

    /// Refuse to change a value whose anchor or tag would make the change
    /// mean something else: an anchor repeated by an alias `*name` (the
    /// alias would change too), a tag other than text (`!!int`), or
    /// properties with the value on the line below them.
    fn check_properties(
        &self,
        tree: &Node,
        props: &Props,
        field: &str,
        writing: bool,
        empty: bool,
    ) -> Result<()> {
        if let Some(name) = props.anchor
            && let Some(alias) = alias_of(&self.body, tree, name)
        {
            return Err(self.anchored(field, name, alias));
        }
        if !writing || (props.anchor.is_none() && props.tag.is_none()) {
            return Ok(());
        }
        if let Some(tag) = props.tag
            && !matches!(tag, "!" | "!!str" | "!<tag:yaml.org,2002:str>")
        {
            return Err(self.refuse(format!(
                "`{field}` has the YAML tag `{tag}`, and pm writes text there; remove the tag"
            )));
        }
        if !empty && self.body[props.content..].starts_with(['#', '\r', '\n']) {
            return Err(self.refuse(format!(
                "the value of `{field}` is on the line below its anchor or tag"
            )));
        }
        Ok(())
    }

    /// Refuse a change inside a list or mapping (an item, a section) that
    /// is anchored as `&name` and repeated elsewhere by an alias `*name`:
    /// the alias would change too. Every list and mapping from the top
    /// down to `path`, where the change is made, is checked.
    fn check_anchored(&self, tree: &Node, path: &[Seg]) -> Result<()> {
        for depth in 1..=path.len() {
            let Some(node) = find(tree, &path[..depth]) else {
                break;
            };
            if !matches!(node.kind, NodeKind::Seq(_) | NodeKind::Map(_)) {
                continue;
            }
            let Some(name) = collection_anchor(&self.body, node) else {
                continue;
            };
            if let Some(alias) = alias_of(&self.body, tree, name) {
                return Err(self.anchored(&show_path(&path[..depth]), name, alias));
            }
        }
        Ok(())
    }

    /// The refusal to change `what` (a single value, an item, a section),
    /// anchored as `&name` and repeated by the alias `*name` at byte
    /// `alias`: the alias would change too. Said with what to do about
    /// an anchor, not the general [`Edit::refuse`] hint.
    fn anchored(&self, what: &str, name: &str, alias: usize) -> anyhow::Error {
        let (line, _) = yaml::line_col(&self.body, alias);
        UserError::new(format!(
            "{}: `{what}` is anchored as `&{name}` and repeated as `*{name}` at line {line}; \
             changing it would change that too",
            self.name,
        ))
        .hint(format!(
            "make the change by hand (pm edit): write out in full what `*{name}` repeats, \
             or remove the alias and the anchor `&{name}`"
        ))
        .hint("nothing was changed")
        .into()
    }

    /// Insert a mapping as item `pos` of the block list at `path` (at the
    /// end when `pos` is None), creating the list or its key if missing.
    pub fn insert_item(
        &mut self,
        path: &[Seg],
        pos: Option<usize>,
        fields: &[(&str, Option<String>)],
    ) -> Result<()> {
        let tree = self.tree()?;
        self.check_anchored(&tree, path)?;
        let (parent_path, list_key) = split_last_key(path)?;
        let parent = find(&tree, parent_path)
            .ok_or_else(|| self.refuse(format!("cannot find {}", show_path(parent_path))))?;
        // `{..., timeline: []}`: a block list cannot go inside a flow mapping.
        if parent.flow {
            return Err(self.refuse(format!(
                "{} is written in flow style {{...}}",
                show_path(parent_path)
            )));
        }
        let entry = parent.entry(list_key);
        let len = entry.map_or(0, |(_, v)| v.items().len());
        let pos = pos.unwrap_or(len).min(len);

        match entry {
            Some((_, list)) if matches!(list.kind, NodeKind::Seq(_)) && !list.flow && len > 0 => {
                let first = &list.items()[0];
                let dash = dash_col(&self.body, first.start)
                    .ok_or_else(|| self.unusual(list_key, first.start))?;
                let content = col(&self.body, first.start).max(dash + 2);
                let text = render_item(dash, content, fields, self.newline);
                let at = if pos < len {
                    item_start(&self.body, list.items(), pos, dash)
                } else {
                    item_end(&self.body, list.items(), len - 1, dash)
                };
                self.insert_at(at, &text);
            }
            Some((k, list)) if is_empty_value(list) => {
                let indent = col(&self.body, k.start) + 2;
                let text = render_item(indent, indent + 2, fields, self.newline);
                self.replace_empty_value(k, list, &text)?;
            }
            Some((_, list)) => {
                return Err(self.refuse(format!("`{}` is {}", show_path(path), describe(list))));
            }
            None => {
                let (at, indent) = self.new_key_position(&tree, parent, parent_path)?;
                let mut text = format!("{}{list_key}:{}", " ".repeat(indent), self.newline);
                text.push_str(&render_item(indent + 2, indent + 4, fields, self.newline));
                self.insert_at(at, &text);
            }
        }

        let mut item = Mapping::new();
        for (k, v) in fields {
            item.insert(Value::String((*k).into()), opt_value(v));
        }
        let missing = self.refuse(format!("cannot find {}", show_path(parent_path)));
        let target = value_at_mut(&mut self.expected, parent_path).ok_or(missing)?;
        let map = ensure_mapping(target);
        let list = map
            .entry(Value::String(list_key.into()))
            .or_insert(Value::Sequence(Vec::new()));
        if !matches!(list, Value::Sequence(_)) {
            *list = Value::Sequence(Vec::new());
        }
        if let Value::Sequence(items) = list {
            items.insert(pos.min(items.len()), Value::Mapping(item));
        }
        Ok(())
    }

    /// Insert many mappings into the list at `path` in one pass. Each item
    /// is (its position in the list as it is now, its fields); positions
    /// must not decrease, and items at one position keep their order.
    ///
    /// The file is read once and written once, so a thousand items cost
    /// about what one does; [`Edit::insert_item`] in a loop re-reads the
    /// whole file for each.
    pub fn insert_items(&mut self, path: &[Seg], items: &[(usize, Fields)]) -> Result<()> {
        let Some(((first_pos, first_fields), rest)) = items.split_first() else {
            return Ok(());
        };
        debug_assert!(items.windows(2).all(|w| w[0].0 <= w[1].0));
        let tree = self.tree()?;
        self.check_anchored(&tree, path)?;
        let (parent_path, list_key) = split_last_key(path)?;
        let parent = find(&tree, parent_path)
            .ok_or_else(|| self.refuse(format!("cannot find {}", show_path(parent_path))))?;
        let list = match parent.entry(list_key) {
            Some((_, list))
                if matches!(list.kind, NodeKind::Seq(_))
                    && !list.flow
                    && !list.items().is_empty() =>
            {
                list
            }
            _ => {
                // No block list with items yet: the first item makes it (or
                // says why it cannot), and the others follow it.
                self.insert_item(path, Some(*first_pos), first_fields)?;
                let rest: Vec<_> = rest.iter().map(|(_, f)| (usize::MAX, f.clone())).collect();
                return self.insert_items(path, &rest);
            }
        };
        let len = list.items().len();
        let first = &list.items()[0];
        let dash =
            dash_col(&self.body, first.start).ok_or_else(|| self.unusual(list_key, first.start))?;
        let content = col(&self.body, first.start).max(dash + 2);
        let mut inserts: Vec<(usize, String)> = Vec::new();
        for (pos, fields) in items {
            let pos = (*pos).min(len);
            let at = if pos < len {
                item_start(&self.body, list.items(), pos, dash)
            } else {
                item_end(&self.body, list.items(), len - 1, dash)
            };
            let text = render_item(dash, content, fields, self.newline);
            match inserts.last_mut() {
                Some((last, lines)) if *last == at => lines.push_str(&text),
                _ => inserts.push((at, text)),
            }
        }
        let added: usize = inserts.iter().map(|(_, t)| t.len()).sum();
        let mut body = String::with_capacity(self.body.len() + added + 2);
        let mut done = 0;
        for (at, text) in &inserts {
            body.push_str(&self.body[done..*at]);
            if *at == self.body.len() && !self.body.is_empty() && !self.body.ends_with('\n') {
                body.push_str(self.newline);
            }
            body.push_str(text);
            done = *at;
        }
        body.push_str(&self.body[done..]);
        self.body = body;

        let missing = self.refuse(format!("cannot find {}", show_path(parent_path)));
        let target = value_at_mut(&mut self.expected, parent_path).ok_or(missing)?;
        let map = ensure_mapping(target);
        if let Some(Value::Sequence(old)) = map.get_mut(list_key) {
            let old = std::mem::take(old);
            let mut merged = Vec::with_capacity(old.len() + items.len());
            let mut new = items.iter().peekable();
            for (i, value) in old.into_iter().enumerate() {
                while let Some((_, fields)) = new.next_if(|(pos, _)| (*pos).min(len) <= i) {
                    merged.push(mapping_of(fields));
                }
                merged.push(value);
            }
            merged.extend(new.map(|(_, fields)| mapping_of(fields)));
            map.insert(Value::String(list_key.into()), Value::Sequence(merged));
        }
        Ok(())
    }

    /// Remove item `index` of the block list at `path`: its lines go (see
    /// [`item_start`] and [`item_end`] for the comments that are its own).
    /// The last item leaves `key: []` behind, so the field keeps its type.
    pub fn remove_item(&mut self, path: &[Seg], index: usize) -> Result<()> {
        let tree = self.tree()?;
        let (parent_path, list_key) = split_last_key(path)?;
        let parent = find(&tree, parent_path)
            .ok_or_else(|| self.refuse(format!("cannot find {}", show_path(parent_path))))?;
        let Some((k, list)) = parent.entry(list_key) else {
            return Err(self.refuse(format!("cannot find {}", show_path(path))));
        };
        if !matches!(list.kind, NodeKind::Seq(_)) || list.flow {
            return Err(self.refuse(format!("`{}` is {}", show_path(path), describe(list))));
        }
        let len = list.items().len();
        let item = list
            .items()
            .get(index)
            .ok_or_else(|| self.refuse(format!("{} has no item {index}", show_path(path))))?;
        let item_path = [path, &[Seg::Index(index)]].concat();
        self.check_anchored(&tree, &item_path)?;
        let dash =
            dash_col(&self.body, item.start).ok_or_else(|| self.unusual(list_key, item.start))?;
        let start = item_start(&self.body, list.items(), index, dash);
        let end = item_end(&self.body, list.items(), index, dash);
        // An anchor inside the item repeated by an alias elsewhere: the
        // alias would be left naming nothing.
        let mut anchors = Vec::new();
        anchors_in(&self.body, item, item_path, &mut anchors);
        for (name, field) in anchors {
            if let Some(alias) = alias_outside(&self.body, &tree, name, start..end) {
                return Err(self.anchored(&show_path(&field), name, alias));
            }
        }
        // The colon after the key, for `key: []` when the list empties.
        let colon = colon_after(&self.body, k.end);
        self.splice(start, end, "");
        if len == 1 {
            let colon = colon.ok_or_else(|| self.unusual(list_key, k.start))?;
            self.splice(colon + 1, colon + 1, " []");
        }

        let missing = self.refuse(format!("cannot find {}", show_path(path)));
        if let Some(Value::Sequence(items)) = value_at_mut(&mut self.expected, path) {
            items.remove(index.min(items.len().saturating_sub(1)));
        } else {
            return Err(missing);
        }
        Ok(())
    }

    /// Move item `from` of the block list at `path` to position `to` of the
    /// list without it. Its lines move as they are, with the comments that
    /// are its own (see [`item_start`] and [`item_end`]); nothing else
    /// changes. A flow-style list `[...]` is refused: its items share lines.
    pub fn move_item(&mut self, path: &[Seg], from: usize, to: usize) -> Result<()> {
        if from == to {
            return Ok(());
        }
        let tree = self.tree()?;
        self.check_anchored(&tree, path)?;
        let (_, list_key) = split_last_key(path)?;
        let list = find(&tree, path)
            .ok_or_else(|| self.refuse(format!("cannot find {}", show_path(path))))?;
        if !matches!(list.kind, NodeKind::Seq(_)) || list.flow {
            return Err(self.refuse(format!(
                "`{}` is {}, whose items pm cannot move line by line",
                show_path(path),
                describe(list)
            )));
        }
        let items = list.items();
        if from >= items.len() || to >= items.len() {
            return Err(self.refuse(format!("{} has no item {from}", show_path(path))));
        }
        let dash = dash_col(&self.body, items[0].start)
            .ok_or_else(|| self.unusual(list_key, items[0].start))?;
        // Both items' dashes must be at the list's column (on the item's
        // first line or alone above it), or their lines are not where they
        // seem.
        for i in [from, to] {
            if dash_col(&self.body, items[i].start) != Some(dash) {
                return Err(self.unusual(list_key, items[i].start));
            }
        }
        let (start, end) = (
            item_start(&self.body, items, from, dash),
            item_end(&self.body, items, from, dash),
        );
        // Before the item now at `to`, or after it when moving down.
        let at = if to < from {
            item_start(&self.body, items, to, dash)
        } else {
            item_end(&self.body, items, to, dash)
        };
        if start >= end || (at > start && at < end) {
            return Err(self.unusual(list_key, items[from].start));
        }
        let mut expected = self.expected.clone();
        match value_at_mut(&mut expected, path) {
            Some(Value::Sequence(values)) if from < values.len() && to < values.len() => {
                let value = values.remove(from);
                values.insert(to, value);
            }
            _ => return Err(self.refuse(format!("cannot find {}", show_path(path)))),
        }
        let mut lines = self.body[start..end].to_string();
        if !lines.ends_with('\n') {
            // The last line of the file, without its line break.
            lines.push_str(self.newline);
        }
        let before = self.body.clone();
        if at >= end {
            self.insert_at(at, &lines);
            self.splice(start, end, "");
        } else {
            self.splice(start, end, "");
            self.insert_at(at, &lines);
        }
        // Lines that read differently elsewhere (an alias `*a` moved above
        // its anchor `&a`) are refused here, saying why, rather than by
        // [`Edit::finish`] as a fault of pm's.
        let moved = yaml::parse_value(&format!("{}{}", self.body, self.tail));
        if moved.ok().as_ref() != Some(&expected) {
            self.body = before;
            return Err(self.refuse(format!(
                "moving this item of `{}` would change what the file says (an alias `*name` moved above its anchor `&name`?)",
                show_path(path)
            )));
        }
        self.expected = expected;
        Ok(())
    }

    /// Set `key` in the mapping at `path` to a string (or to null with
    /// None), replacing the old scalar in place or adding a line.
    pub fn set(&mut self, path: &[Seg], key_name: &str, value: Option<&str>) -> Result<()> {
        let tree = self.tree()?;
        self.check_anchored(&tree, path)?;
        let map = find(&tree, path)
            .ok_or_else(|| self.refuse(format!("cannot find {}", show_path(path))))?;
        match map.entry(key_name) {
            Some((k, old)) if matches!(old.kind, NodeKind::Scalar { .. }) => {
                let field = show_path(&[path, &[Seg::Key(key_name.into())]].concat());
                let props = properties(&self.body, old.start);
                self.check_properties(
                    &tree,
                    &props,
                    &field,
                    value.is_some(),
                    old.is_empty_scalar(),
                )?;
                let key_indent = col(&self.body, k.start) + 2;
                if old.is_empty_scalar() {
                    let colon = colon_after(&self.body, k.end).ok_or_else(|| {
                        self.refuse(format!("cannot find the `:` after `{key_name}`"))
                    })?;
                    // `key: &a` with nothing after it: the value follows the anchor.
                    let at = if props.end > old.start {
                        props.end
                    } else {
                        colon + 1
                    };
                    let indent =
                        clear_of_comments(&self.body, line_end(&self.body, at), key_indent);
                    let rendered =
                        value.map(|v| render_value(key_name, v, map.flow, indent, self.newline));
                    if let Some(r) = rendered {
                        self.splice(at, at, &format!(" {r}"));
                    }
                } else {
                    // A block scalar's span starts at its content; its `|` or
                    // `>` header, right after the colon, is part of the value.
                    // An anchor or tag before the value stays as written.
                    let header = colon_after(&self.body, k.end).map(|c| {
                        let rest = &self.body[c + 1..];
                        c + 1 + (rest.len() - rest.trim_start_matches(' ').len())
                    });
                    let (mut start, mut end, tail) =
                        scalar_extent(&self.body, old, header, self.newline);
                    if value.is_some() && props.end > old.start {
                        start = props.content;
                    }
                    // Comments below the value indented as deep as a new
                    // block's lines would be read as its text: its lines go
                    // deeper than them.
                    let below = if tail.is_empty() {
                        line_end(&self.body, end)
                    } else {
                        end
                    };
                    let indent = clear_of_comments(&self.body, below, key_indent);
                    let rendered =
                        value.map(|v| render_value(key_name, v, map.flow, indent, self.newline));
                    // The comment after the value's line (a one-line value)
                    // or after an old block's header goes after the new
                    // value's first line.
                    let comment = if tail.is_empty() {
                        let eol = line_end(&self.body, end);
                        let rest = self.body[end..eol].trim_end_matches(['\n', '\r']);
                        rest.to_string()
                    } else {
                        header_comment(&self.body, start).to_string()
                    };
                    match rendered {
                        Some(r) if r.starts_with('|') => {
                            if tail.is_empty() {
                                end += comment.len();
                            }
                            let (head, lines) = r.split_at(r.find(['\r', '\n']).unwrap_or(r.len()));
                            self.splice(start, end, &format!("{head}{comment}{lines}{tail}"));
                        }
                        Some(r) if tail.is_empty() => self.splice(start, end, &r),
                        Some(r) => self.splice(start, end, &format!("{r}{comment}{tail}")),
                        None => {
                            // Clearing: drop the value and the space before it.
                            let from = self.body[..start].trim_end_matches(' ').len();
                            let keep = if tail.is_empty() {
                                ""
                            } else {
                                comment.as_str()
                            };
                            self.splice(from, end, &format!("{keep}{tail}"));
                        }
                    }
                }
            }
            Some((_, old)) if matches!(old.kind, NodeKind::Alias { .. }) => {
                let alias = self.body[old.start..old.end]
                    .split_whitespace()
                    .next()
                    .unwrap_or("*");
                return Err(self.refuse(format!(
                    "`{}` is written as the alias `{alias}`, which repeats a value written \
                     elsewhere; replace the alias with the value itself",
                    show_path(&[path, &[Seg::Key(key_name.into())]].concat()),
                )));
            }
            Some((_, old)) => {
                return Err(self.refuse(format!(
                    "`{}` is {}, not a single value",
                    show_path(&[path, &[Seg::Key(key_name.into())]].concat()),
                    describe(old)
                )));
            }
            None if is_empty_value(map) && !path.is_empty() => {
                // `follow_up:` with nothing under it: give it its first key.
                let (parent_path, own_key) = split_last_key(path)?;
                let parent = find(&tree, parent_path)
                    .ok_or_else(|| self.refuse("cannot find the parent".into()))?;
                let (k, v) = parent
                    .entry(own_key)
                    .ok_or_else(|| self.refuse(format!("cannot find `{own_key}`")))?;
                let indent = col(&self.body, k.start) + 2;
                let line = render_key_line(indent, key_name, value, self.newline);
                self.replace_empty_value(k, v, &line)?;
            }
            None if matches!(map.kind, NodeKind::Map(_)) && !map.flow => {
                let (at, indent) = self.new_key_position(&tree, map, path)?;
                let line = render_key_line(indent, key_name, value, self.newline);
                self.insert_at(at, &line);
            }
            None => {
                return Err(self.refuse(format!("`{}` is {}", show_path(path), describe(map))));
            }
        }
        let missing = self.refuse(format!("cannot find {}", show_path(path)));
        let target = value_at_mut(&mut self.expected, path).ok_or(missing)?;
        ensure_mapping(target).insert(
            Value::String(key_name.into()),
            opt_value(&value.map(String::from)),
        );
        Ok(())
    }

    /// Add `addition` as a new paragraph after the text already at `key_name`
    /// in the mapping at `path` (a note a person wrote is never replaced).
    /// Missing or empty, the key is simply set; text equal to what is there
    /// already adds nothing. A block scalar (`|`, `>`) keeps its header
    /// (indentation and chomping indicators, a comment) and lines, the new
    /// lines going after its last line; other scalars become a `|` block
    /// holding the old text and the new, after their anchor or tag. What
    /// pm cannot write so that the file reads as intended is refused,
    /// naming the field, with nothing changed.
    pub fn append_paragraph(&mut self, path: &[Seg], key_name: &str, addition: &str) -> Result<()> {
        let field = show_path(&[path, &[Seg::Key(key_name.into())]].concat());
        self.check_anchored(&self.tree()?, path)?;
        let addition = addition.trim();
        let old = value_at_mut(&mut self.expected, path)
            .and_then(|map| map.get(key_name))
            .cloned();
        let old = match old {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => return Err(self.refuse(format!("`{field}` is not text"))),
        };
        let before = (self.body.clone(), self.expected.clone());
        let Some(old) = old.filter(|o| !o.trim().is_empty()) else {
            self.set(path, key_name, Some(addition))?;
            return self.refuse_unless_intended(before, &field);
        };
        if addition.is_empty() || old.trim() == addition {
            return Ok(());
        }
        let core = old.trim_end_matches('\n');
        let combined = format!("{core}\n\n{addition}{}", &old[core.len()..]);
        let mut want = self.expected.clone();
        if let Some(map) = value_at_mut(&mut want, path) {
            ensure_mapping(map).insert(
                Value::String(key_name.into()),
                Value::String(combined.clone()),
            );
        }
        if let Some(candidate) = self.append_to_block(path, key_name, core, addition)? {
            // Kept only when it reads back as exactly the intended text.
            let whole = format!("{candidate}{}", self.tail);
            if yaml::parse_value(&whole).is_ok_and(|v| v == want) {
                self.body = candidate;
                self.expected = want;
                return Ok(());
            }
        }
        self.set(path, key_name, Some(&combined))?;
        self.refuse_unless_intended(before, &field)
    }

    /// After a change to `field`: refuse it in words, restoring `before`,
    /// unless the text now reads as the document intended (the check
    /// [`Edit::finish`] makes, with a message that names the field).
    fn refuse_unless_intended(&mut self, before: (String, Value), field: &str) -> Result<()> {
        let whole = format!("{}{}", self.body, self.tail);
        if yaml::parse_value(&whole).is_ok_and(|v| v == self.expected) {
            return Ok(());
        }
        (self.body, self.expected) = before;
        Err(self.refuse(format!(
            "pm cannot add to `{field}` without changing what other lines of the file say"
        )))
    }

    /// The text with `addition` written after the last line of the block
    /// scalar at `key_name` (whose text without its final line breaks is
    /// `core`), as a new paragraph in the block's own style; None when it
    /// is not a block scalar pm can extend.
    fn append_to_block(
        &self,
        path: &[Seg],
        key_name: &str,
        core: &str,
        addition: &str,
    ) -> Result<Option<String>> {
        let tree = self.tree()?;
        let Some((k, old)) = find(&tree, path).and_then(|map| map.entry(key_name)) else {
            return Ok(None);
        };
        let folded = match old.kind {
            NodeKind::Scalar {
                style: Style::Literal,
                ..
            } => false,
            NodeKind::Scalar {
                style: Style::Folded,
                ..
            } => true,
            _ => return Ok(None),
        };
        let Some(colon) = colon_after(&self.body, k.end) else {
            return Ok(None);
        };
        // The header, after any anchor or tag: `|`, `>`, then indentation
        // and chomping indicators in either order (`|2-`, `>+1`).
        let after_colon = colon
            + 1
            + (self.body[colon + 1..].len()
                - self.body[colon + 1..].trim_start_matches([' ', '\t']).len());
        let header = properties(&self.body, after_colon).content;
        if !self.body[header..].starts_with(['|', '>']) {
            return Ok(None);
        }
        let indicators = self.body[header..]
            .get(1..)
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '+' | '-'))
            .collect::<String>();
        let explicit = indicators
            .chars()
            .find_map(|c| c.to_digit(10))
            .map(|d| d as usize);
        let pad = match explicit {
            // The block's lines are indented that much more than its key.
            Some(d) => col(&self.body, k.start) + d,
            // Else like its first line with text.
            None => {
                let mut at = line_end(&self.body, colon);
                loop {
                    if at >= self.body.len() {
                        return Ok(None);
                    }
                    let line = &self.body[at..line_end(&self.body, at)];
                    if !line.trim().is_empty() {
                        break line.len() - line.trim_start_matches(' ').len();
                    }
                    at = line_end(&self.body, at);
                }
            }
        };
        let (_, end, tail) = scalar_extent(&self.body, old, None, self.newline);
        let nl = self.newline;
        let mut text = String::new();
        if tail.is_empty() {
            // The block ends its last line without a line break.
            text.push_str(nl);
        }
        text.push_str(&block_lines(core, addition, folded, &" ".repeat(pad), nl));
        // The last line ends as the block's last line did.
        text.truncate(text.len() - nl.len());
        text.push_str(tail);
        let mut candidate = self.body.clone();
        candidate.insert_str(end, &text);
        Ok(Some(candidate))
    }

    /// Make sure the mapping at `path` has `key_name`, adding `key_name:`
    /// (empty) when it is missing, so that `set` can fill it.
    pub fn ensure_key(&mut self, path: &[Seg], key_name: &str) -> Result<()> {
        let tree = self.tree()?;
        self.check_anchored(&tree, path)?;
        let map = find(&tree, path)
            .ok_or_else(|| self.refuse(format!("cannot find {}", show_path(path))))?;
        if map.entry(key_name).is_some() {
            return Ok(());
        }
        let (at, indent) = self.new_key_position(&tree, map, path)?;
        let line = render_key_line(indent, key_name, None, self.newline);
        self.insert_at(at, &line);
        let missing = self.refuse(format!("cannot find {}", show_path(path)));
        let target = value_at_mut(&mut self.expected, path).ok_or(missing)?;
        ensure_mapping(target).insert(Value::String(key_name.into()), Value::Null);
        Ok(())
    }

    /// Where a new key of mapping `map` goes, and its indentation.
    fn new_key_position(&self, tree: &Node, map: &Node, path: &[Seg]) -> Result<(usize, usize)> {
        let entries = map.entries();
        if map.flow {
            return Err(self.refuse(format!(
                "{} is written in flow style {{...}}",
                show_path(path)
            )));
        }
        if let Some((first_key, _)) = entries.first() {
            let indent = col(&self.body, first_key.start);
            let last_end = entries.last().map_or(map.end, |(_, v)| v.end);
            let at = if path.is_empty() {
                // At the top level, new keys go at the very end, after any
                // trailing comments, so nothing is split from its comment.
                self.body.len()
            } else {
                // After the comment lines right below the last value that
                // are indented deeper than the keys: they are about it.
                after_comments(&self.body, after_node(&self.body, last_end), indent + 1)
            };
            Ok((at, indent))
        } else if std::ptr::eq(map, tree) {
            Ok((self.body.len(), 0))
        } else {
            Err(self.refuse(format!(
                "{} is empty in a way pm cannot extend",
                show_path(path)
            )))
        }
    }

    /// Turn `key:` / `key: []` / `key: ~` into `key:` followed by `lines`.
    fn replace_empty_value(&mut self, key: &Node, value: &Node, lines: &str) -> Result<()> {
        let colon = colon_after(&self.body, key.end)
            .ok_or_else(|| self.refuse("cannot find the `:` after a key".into()))?;
        let key_col = col(&self.body, key.start);
        if !value.is_empty_scalar() {
            let end = content_end(&self.body, value);
            let value_line = line_start(&self.body, value.start);
            if value_line <= colon {
                // Remove ` []`, ` ~`, ` null`, keeping any comment after it.
                self.splice(colon + 1, end, "");
            } else {
                // `[]` on a line below the key, perhaps under comments (of
                // the key's line, or lines of their own): only it goes, and
                // its line if nothing else is on it; every comment stays.
                let next = line_end(&self.body, end);
                let rest = &self.body[end..next];
                if rest.trim().is_empty() {
                    self.splice(value_line, next, "");
                } else {
                    // From the first character of its line: a tag or an
                    // anchor before the `[]` goes with it.
                    let line = &self.body[value_line..value.start];
                    let first = value_line + (line.len() - line.trim_start().len());
                    let comment = end + (rest.len() - rest.trim_start().len());
                    self.splice(first, comment, "");
                }
            }
        }
        let at = after_section_comments(&self.body, line_end(&self.body, colon), key_col);
        self.insert_at(at, lines);
        Ok(())
    }

    /// Insert whole lines at a line start (or at the end of the text,
    /// adding the missing final newline first).
    fn insert_at(&mut self, at: usize, lines: &str) {
        if at == self.body.len() && !self.body.is_empty() && !self.body.ends_with('\n') {
            let nl = self.newline;
            self.body.push_str(nl);
            let end = self.body.len();
            self.splice(end, end, lines);
        } else {
            self.splice(at, at, lines);
        }
    }

    fn splice(&mut self, start: usize, end: usize, text: &str) {
        self.body.replace_range(start..end, text);
    }

    /// The new text, after checking it parses to exactly the intended document.
    pub fn finish(self) -> Result<String> {
        let mut body = format!("{}{}", self.body, self.tail);
        if self.cr_only {
            body = body.replace('\n', "\r");
        }
        let actual = yaml::parse_value(&body);
        match actual {
            Ok(actual) if actual == self.expected => Ok(format!("{}{body}", self.bom)),
            _ => Err(UserError::new(format!(
                "{}: pm could not make this change without disturbing the rest of the file",
                self.name
            ))
            .hint("nothing was changed; make the change by hand with `pm edit`")
            .hint("please report this with the file's layout: it is a bug in pm")
            .into()),
        }
    }
}

/// A value's YAML properties, written before it: an anchor `&name` and a
/// tag `!tag`, in either order. The span parser's scalar starts at them.
struct Props<'t> {
    anchor: Option<&'t str>,
    tag: Option<&'t str>,
    /// Just past the last property (the scalar's start when it has none).
    end: usize,
    /// The value's own text after them and the spaces between.
    content: usize,
}

fn properties(text: &str, start: usize) -> Props<'_> {
    let (mut anchor, mut tag) = (None, None);
    let mut at = start;
    let mut end = start;
    loop {
        let rest = &text[at..];
        if !rest.starts_with(['&', '!']) {
            break;
        }
        let len = rest.find([' ', '\t', '\r', '\n']).unwrap_or(rest.len());
        if rest.starts_with('&') {
            anchor = Some(&rest[1..len]);
        } else {
            tag = Some(&rest[..len]);
        }
        end = at + len;
        at = end + (text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len());
    }
    Props {
        anchor,
        tag,
        end,
        content: at,
    }
}

/// The indentation for the lines of a block scalar written as the value of
/// a key (`indent`, unless comment lines right below it, blank lines
/// between, are indented that deep: YAML reads them as the block's text,
/// so its lines go two deeper than the deepest of them).
fn clear_of_comments(text: &str, mut at: usize, indent: usize) -> usize {
    let mut deepest = None;
    while at < text.len() {
        let next = line_end(text, at);
        let line = text[at..next].trim_end_matches(['\r', '\n']);
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.starts_with('#') {
            let ind = line.len() - trimmed.len();
            deepest = deepest.max(Some(ind));
        } else if !trimmed.is_empty() {
            break;
        }
        at = next;
    }
    match deepest {
        Some(d) if d >= indent => d + 2,
        _ => indent,
    }
}

/// The comment on a block scalar's header line (` # why`, with the spaces
/// before it), or "".
fn header_comment(text: &str, header: usize) -> &str {
    if !text[header..].starts_with(['|', '>', '&', '!']) {
        return "";
    }
    let line = text[header..line_end(text, header)].trim_end_matches(['\r', '\n']);
    let bytes = line.as_bytes();
    match (1..bytes.len()).find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t')) {
        Some(hash) => &line[line[..hash].trim_end_matches([' ', '\t']).len()..],
        None => "",
    }
}

/// Where the first alias `*name` in `node` starts.
fn alias_of(text: &str, node: &Node, name: &str) -> Option<usize> {
    alias_outside(text, node, name, 0..0)
}

/// Every anchor `&name` in `node` (at `path`), with where it is.
fn anchors_in<'t>(text: &'t str, node: &Node, path: Vec<Seg>, out: &mut Vec<(&'t str, Vec<Seg>)>) {
    let anchor = match &node.kind {
        NodeKind::Scalar { .. } => properties(text, node.start).anchor,
        NodeKind::Seq(_) | NodeKind::Map(_) => collection_anchor(text, node),
        NodeKind::Alias { .. } => None,
    };
    if let Some(name) = anchor {
        out.push((name, path.clone()));
    }
    match &node.kind {
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                anchors_in(text, item, [&path[..], &[Seg::Index(i)]].concat(), out);
            }
        }
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                let key = Seg::Key(k.as_str().unwrap_or("?").to_string());
                anchors_in(text, v, [&path[..], &[key]].concat(), out);
            }
        }
        _ => {}
    }
}

/// Where an alias `*name` in `node` starts, outside the bytes `span`.
fn alias_outside(
    text: &str,
    node: &Node,
    name: &str,
    span: std::ops::Range<usize>,
) -> Option<usize> {
    match &node.kind {
        NodeKind::Alias { .. } => text
            .get(node.start..node.end)
            .is_some_and(|t| t.trim_end().strip_prefix('*') == Some(name))
            .then_some(node.start)
            .filter(|at| !span.contains(at)),
        NodeKind::Seq(items) => items
            .iter()
            .find_map(|n| alias_outside(text, n, name, span.clone())),
        NodeKind::Map(entries) => entries.iter().find_map(|(k, v)| {
            alias_outside(text, k, name, span.clone())
                .or_else(|| alias_outside(text, v, name, span.clone()))
        }),
        NodeKind::Scalar { .. } => None,
    }
}

/// The anchor `&name` of a list or mapping: at its start, or (block
/// style) after the `-` or `key:` that introduces it, on the line above
/// its first line (`- &det` above `at: ...`).
fn collection_anchor<'t>(text: &'t str, node: &Node) -> Option<&'t str> {
    if let Some(anchor) = properties(text, node.start).anchor {
        return Some(anchor);
    }
    let before = text[..node.start].trim_end_matches([' ', '\t', '\r', '\n']);
    let line = &before[before.rfind('\n').map_or(0, |p| p + 1)..];
    // Not in a comment after them.
    let line = line.split(" #").next().unwrap_or(line);
    line.split_whitespace()
        .rev()
        .take(2)
        .find_map(|token| token.strip_prefix('&'))
        .filter(|name| !name.is_empty())
}

/// The lines that write `addition` as a new paragraph after a block
/// scalar's text `core` (the text has `core`, a blank line, then
/// `addition`), each line ending with `nl`.
///
/// In a literal block (`|`) each line break of the text is one. In a
/// folded block (`>`) a single line break between two lines of text reads
/// as a space, so n line breaks between them take n blank lines; next to a
/// more-indented line (starting with a space or tab) breaks are kept, so
/// n line breaks take n - 1 blank lines (YAML 1.2, 8.1.3).
fn block_lines(core: &str, addition: &str, folded: bool, pad: &str, nl: &str) -> String {
    let spaced = |line: &str| line.starts_with([' ', '\t']);
    let mut prev = core.rsplit('\n').next().unwrap_or("");
    // Line breaks since the last line with text: the paragraph's gap.
    let mut breaks = 2;
    let mut out = String::new();
    for line in addition.split('\n').map(|l| l.trim_end_matches('\r')) {
        if line.is_empty() {
            breaks += 1;
            continue;
        }
        let blanks = if folded && !spaced(prev) && !spaced(line) {
            breaks
        } else {
            breaks - 1
        };
        for _ in 0..blanks {
            out.push_str(nl);
        }
        out.push_str(pad);
        out.push_str(line);
        out.push_str(nl);
        prev = line;
        breaks = 1;
    }
    out
}

/// A value for a key: a `|` block when it has line breaks, except inside
/// a flow mapping `{...}`, where no block can go: there, one quoted line.
fn render_value(key: &str, value: &str, flow: bool, indent: usize, nl: &str) -> String {
    if flow {
        yaml::value_scalar(key, value)
    } else {
        yaml::block_value(key, value, indent, nl)
    }
}

fn mapping_of(fields: &[(&str, Option<String>)]) -> Value {
    let mut item = Mapping::new();
    for (k, v) in fields {
        item.insert(Value::String((*k).into()), opt_value(v));
    }
    Value::Mapping(item)
}

fn opt_value(v: &Option<String>) -> Value {
    match v {
        Some(s) => Value::String(s.clone()),
        None => Value::Null,
    }
}

fn ensure_mapping(v: &mut Value) -> &mut Mapping {
    if !matches!(v, Value::Mapping(_)) {
        *v = Value::Mapping(Mapping::new());
    }
    match v {
        Value::Mapping(m) => m,
        _ => unreachable!("just made a mapping"),
    }
}

fn split_last_key(path: &[Seg]) -> Result<(&[Seg], &str)> {
    match path.split_last() {
        Some((Seg::Key(k), parent)) => Ok((parent, k)),
        _ => Err(anyhow::anyhow!("internal: a list path must end with a key")),
    }
}

fn show_path(path: &[Seg]) -> String {
    if path.is_empty() {
        return "the top level".into();
    }
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn describe(node: &Node) -> &'static str {
    match (&node.kind, node.flow) {
        (NodeKind::Seq(_), true) => "a flow-style list [...]",
        (NodeKind::Seq(_), false) => "a list",
        (NodeKind::Map(_), true) => "a flow-style mapping {...}",
        (NodeKind::Map(_), false) => "a mapping",
        (NodeKind::Scalar { .. }, _) => "a single value",
        (NodeKind::Alias { .. }, _) => "an alias",
    }
}

pub fn find<'a>(node: &'a Node, path: &[Seg]) -> Option<&'a Node> {
    let mut cur = node;
    for seg in path {
        cur = match seg {
            Seg::Key(k) => cur.get(k)?,
            Seg::Index(i) => cur.items().get(*i)?,
        };
    }
    Some(cur)
}

/// The value at `path` in the parsed copy, inside any local tags around
/// it (`--- !postmortem` on the document, `!thing` on a section): the
/// tag stays in the text as written, so the change is made to the value
/// it tags, and the copy keeps the tag too.
fn value_at_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut cur = untagged(v);
    for seg in path {
        cur = untagged(match seg {
            Seg::Key(k) => cur.get_mut(k.as_str())?,
            Seg::Index(i) => cur.get_mut(*i)?,
        });
    }
    Some(cur)
}

fn untagged(v: &mut Value) -> &mut Value {
    match v {
        Value::Tagged(tagged) => untagged(&mut tagged.value),
        other => other,
    }
}

/// `key:`, `key: []`, `key: ~`, `key: {}`: nothing in it yet.
fn is_empty_value(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar { .. } => node.is_null(),
        NodeKind::Seq(items) => node.flow && items.is_empty(),
        NodeKind::Map(entries) => node.flow && entries.is_empty(),
        NodeKind::Alias { .. } => false,
    }
}

fn render_key_line(indent: usize, key: &str, value: Option<&str>, nl: &str) -> String {
    let pad = " ".repeat(indent);
    match value {
        Some(v) => format!(
            "{pad}{key}: {}{nl}",
            yaml::block_value(key, v, indent + 2, nl)
        ),
        None => format!("{pad}{key}:{nl}"),
    }
}

/// A list item: `- k1: v1` at `dash`, the other keys aligned at `content`.
fn render_item(dash: usize, content: usize, fields: &[(&str, Option<String>)], nl: &str) -> String {
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i == 0 {
            out.push_str(&" ".repeat(dash));
            out.push('-');
            out.push_str(&" ".repeat(content - dash - 1));
        } else {
            out.push_str(&" ".repeat(content));
        }
        out.push_str(k);
        out.push(':');
        if let Some(v) = v {
            out.push(' ');
            out.push_str(&yaml::block_value(k, v, content + 2, nl));
        }
        out.push_str(nl);
    }
    out
}

/// Where a document end marker `...` starts the text's last lines, when
/// only blank lines, comments and more markers follow it; else the end of
/// the text. A `...` at the start of a line always ends the document (YAML
/// allows it nowhere inside one), so what pm adds goes before it.
fn document_end(text: &str) -> usize {
    let is_marker = |line: &str| {
        line.strip_prefix("...")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
    };
    let mut at = 0;
    while at < text.len() {
        let next = line_end(text, at);
        if is_marker(&text[at..next]) {
            let rest_is_tail = text[at..].split_inclusive('\n').all(|line| {
                let trimmed = line.trim();
                trimmed.is_empty() || trimmed.starts_with('#') || is_marker(line)
            });
            return if rest_is_tail { at } else { text.len() };
        }
        at = next;
    }
    text.len()
}

pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |p| p + 1)
}

/// The offset just past the line break of the line holding `pos`.
pub(crate) fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |p| pos + p + 1)
}

pub(crate) fn col(text: &str, pos: usize) -> usize {
    pos - line_start(text, pos)
}

/// The column of the `-` that starts the list item beginning at `pos`.
fn dash_col(text: &str, pos: usize) -> Option<usize> {
    dash_of(text, pos).map(|(_, col)| col)
}

/// The start of the line holding the `-` that starts the list item
/// beginning at `pos`, and the dash's column. The dash is on the item's
/// line before it (`- at: ...`), or alone on a line above it (`-` with the
/// item's lines below), only blank lines and comments between.
fn dash_of(text: &str, pos: usize) -> Option<(usize, usize)> {
    let start = line_start(text, pos);
    let before = &text[start..pos];
    if let Some(dash) = before.rfind('-')
        && before[..dash].trim().is_empty()
    {
        return Some((start, dash));
    }
    if !before.trim().is_empty() {
        return None;
    }
    let mut at = start;
    while at > 0 {
        let prev = line_start(text, at - 1);
        let line = text[prev..at].trim_end_matches(['\r', '\n']);
        let trimmed = line.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            at = prev;
            continue;
        }
        let rest = trimmed.strip_prefix('-')?.trim_start_matches([' ', '\t']);
        return (rest.is_empty() || rest.starts_with('#'))
            .then_some((prev, line.len() - trimmed.len()));
    }
    None
}

/// Where to insert after a node ending at `end`: the start of the next line.
/// Block scalars end at the indentation of the following line; then the
/// start of that line is the place.
pub(crate) fn after_node(text: &str, end: usize) -> usize {
    let start = line_start(text, end);
    if text[start..end].trim().is_empty() {
        start
    } else {
        line_end(text, end)
    }
}

/// Where item `i` of a block list (dashes at column `dash`) begins: at
/// its dash's line, or above it at the comment lines just above it that
/// are indented at least like the dash (they describe it), unless they
/// belong to the item before (see [`item_end`]).
fn item_start(text: &str, items: &[Node], i: usize, dash: usize) -> usize {
    let line =
        dash_of(text, items[i].start).map_or_else(|| line_start(text, items[i].start), |(l, _)| l);
    let start = before_comments(text, line, dash);
    match i.checked_sub(1) {
        Some(prev) => start.max(item_end(text, items, prev, dash).min(line)),
        None => start,
    }
}

/// Where item `i` of a block list (dashes at column `dash`) ends: after
/// its last line and the comment lines right below it that are indented
/// deeper than the dash (they are inside it).
fn item_end(text: &str, items: &[Node], i: usize, dash: usize) -> usize {
    after_comments(text, after_node(text, items[i].end), dash + 1)
}

/// Move a line start down over the comment lines at it that are indented
/// at least `indent`.
fn after_comments(text: &str, mut at: usize, indent: usize) -> usize {
    while at < text.len() {
        let next = line_end(text, at);
        let line = &text[at..next];
        let trimmed = line.trim_start_matches(' ');
        if trimmed.starts_with('#') && line.len() - trimmed.len() >= indent {
            at = next;
        } else {
            break;
        }
    }
    at
}

/// Move an insertion point at a line start up over the comment lines just
/// above it that are indented at least `indent`: they describe what follows.
fn before_comments(text: &str, mut at: usize, indent: usize) -> usize {
    while at > 0 {
        let prev = line_start(text, at - 1);
        let line = &text[prev..at];
        let trimmed = line.trim_start();
        let ind = line.len() - trimmed.len();
        if trimmed.starts_with('#') && ind >= indent {
            at = prev;
        } else {
            break;
        }
    }
    at
}

/// Skip the comment lines (questions of the template) indented deeper than
/// the key starting a section, so new content lands after them.
pub(crate) fn after_section_comments(text: &str, mut at: usize, key_col: usize) -> usize {
    let mut best = at;
    while at < text.len() {
        let next = line_end(text, at);
        let line = &text[at..next];
        let trimmed = line.trim_start();
        let ind = line.len() - trimmed.len();
        if trimmed.trim().is_empty() {
            at = next;
        } else if trimmed.starts_with('#') && ind > key_col {
            at = next;
            best = at;
        } else {
            break;
        }
    }
    best
}

fn colon_after(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let off = rest.find(':')?;
    rest[..off].trim().is_empty().then_some(pos + off)
}

/// The bytes a scalar occupies, and what must follow its replacement. A
/// block scalar's span runs into the next line's indentation; it is cut at
/// that line's start and the replacement ends with a line break.
fn scalar_extent<'n>(
    text: &str,
    node: &Node,
    header: Option<usize>,
    nl: &'n str,
) -> (usize, usize, &'n str) {
    if let NodeKind::Scalar {
        style: Style::Literal | Style::Folded,
        ..
    } = node.kind
    {
        let start = header
            .filter(|&h| h <= node.start && text[h..].starts_with(['|', '>']))
            .unwrap_or(node.start);
        // A block with no text under its header (`note: |`, then the next
        // key or the end): the value is the header alone, up to the
        // comment after it; its line break and the lines below stay.
        let below = line_end(text, start);
        if header == Some(start)
            && text
                .get(below..node.end)
                .is_none_or(|t| t.trim().is_empty())
        {
            let header_end = text[start..]
                .find([' ', '\t', '\r', '\n'])
                .map_or(text.len(), |i| start + i);
            return (start, header_end, "");
        }
        let start_of_last = line_start(text, node.end);
        if text[start_of_last..node.end].trim().is_empty() && start_of_last > node.start {
            // Keep trailing blank lines that separated it from what follows.
            let mut cut = start_of_last;
            while cut > node.start {
                let prev = line_start(text, cut - 1);
                if text[prev..cut].trim().is_empty() {
                    cut = prev;
                } else {
                    break;
                }
            }
            return (start, cut, nl);
        }
        return (start, node.end, "");
    }
    (node.start, content_end(text, node), "")
}

/// Where a value's own text ends. The tree's spans follow saphyr's: a quoted
/// scalar or a flow collection in block context runs to the end of its line,
/// through the spaces and the comment after it (see yaml/fast.rs). A change
/// that replaces the value must stop before them, or the comment is lost.
fn content_end(text: &str, node: &Node) -> usize {
    let quoted = matches!(
        node.kind,
        NodeKind::Scalar {
            style: Style::SingleQuoted | Style::DoubleQuoted,
            ..
        }
    );
    if !quoted && !node.flow {
        return node.end;
    }
    // The comment starts at a `#` after a space, outside quotes.
    let span = &text[node.start..node.end];
    let bytes = span.as_bytes();
    let mut quote: Option<u8> = None;
    let mut end = span.len();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => {
                // '' inside single quotes is a quote, not the end.
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'#' && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') => {
                end = i;
                break;
            }
            None => {}
        }
        i += 1;
    }
    node.start + span[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(at: &str) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("at", Some(at.into())),
            ("kind", Some("note".into())),
            ("text", Some("x: y".into())),
        ]
    }

    #[test]
    fn inserts_keep_everything_else() {
        let text = "pm: 1 # v\ntimeline:\n  # first\n  - at: a\n    text: |\n      hello\n\n  - at: c\n    text: z\n# tail\nroot_cause: x\n";
        let mut e = Edit::new("t", text).unwrap();
        e.insert_item(&[key("timeline")], Some(1), &item("b"))
            .unwrap();
        let out = e.finish().unwrap();
        assert_eq!(
            out,
            "pm: 1 # v\ntimeline:\n  # first\n  - at: a\n    text: |\n      hello\n\n  - at: b\n    kind: note\n    text: 'x: y'\n  - at: c\n    text: z\n# tail\nroot_cause: x\n"
        );
        let mut e = Edit::new("t", &out).unwrap();
        e.insert_item(&[key("timeline")], None, &item("d")).unwrap();
        let out2 = e.finish().unwrap();
        assert!(out2.contains("    text: z\n  - at: d\n"), "{out2}");
    }

    /// `timeline: []   # none yet`: the comment stays on the key's line
    /// when the first item turns the list into a block list.
    #[test]
    fn a_comment_after_an_empty_list_stays() {
        for (text, kept) in [
            (
                "timeline: []   # none yet\nx: 1\n",
                "timeline:   # none yet\n  - at: b",
            ),
            (
                "timeline: [ ]  # none\nx: 1\n",
                "timeline:  # none\n  - at: b",
            ),
            ("timeline: {}  # odd\nx: 1\n", "timeline:  # odd\n  - at: b"),
        ] {
            let mut e = Edit::new("t", text).unwrap();
            e.insert_item(&[key("timeline")], None, &item("b")).unwrap();
            let out = e.finish().unwrap();
            assert!(out.contains(kept), "{out}");
        }
    }

    /// `[]` or `{}` on a line below its key, under comments: the first item
    /// or key replaces only it; every comment stays, and the new lines go
    /// below them.
    #[test]
    fn comments_above_an_empty_value_below_its_key_stay() {
        for (text, want) in [
            (
                "timeline: # see OPS-12\n  []\nx: 1\n",
                "timeline: # see OPS-12\n  - at: b\n    kind: note\n    text: 'x: y'\nx: 1\n",
            ),
            (
                "timeline:\n  # keep B\n  []\nx: 1\n",
                "timeline:\n  # keep B\n  - at: b\n    kind: note\n    text: 'x: y'\nx: 1\n",
            ),
            (
                "timeline: # A\n  # B\n  [] # C\nx: 1\n",
                "timeline: # A\n  # B\n  # C\n  - at: b\n    kind: note\n    text: 'x: y'\nx: 1\n",
            ),
            (
                "timeline: # A\n  !!seq [] # B\nx: 1\n",
                "timeline: # A\n  # B\n  - at: b\n    kind: note\n    text: 'x: y'\nx: 1\n",
            ),
            (
                "timeline: # A\r\n  []\r\nx: 1\r\n",
                "timeline: # A\r\n  - at: b\r\n    kind: note\r\n    text: 'x: y'\r\nx: 1\r\n",
            ),
        ] {
            let mut e = Edit::new("t", text).unwrap();
            e.insert_item(&[key("timeline")], None, &item("b")).unwrap();
            assert_eq!(e.finish().unwrap(), want, "{text:?}");
        }
        let mut e = Edit::new("t", "f: # keep A\n  {}\nx: 1\n").unwrap();
        e.set(&[key("f")], "held", Some("2026-11-26")).unwrap();
        assert_eq!(
            e.finish().unwrap(),
            "f: # keep A\n  held: 2026-11-26\nx: 1\n"
        );
    }

    /// A quoted value with a comment after it: setting it keeps the
    /// comment (the span of a quoted scalar runs through it).
    #[test]
    fn a_comment_after_a_quoted_value_stays() {
        for (text, want) in [
            (
                "f:\n  held: '2026-11-20'  # when\nx: 1\n",
                "f:\n  held: 2026-11-26  # when\n",
            ),
            (
                "f:\n  held: \"a \\\" # b\"  # c\nx: 1\n",
                "f:\n  held: 2026-11-26  # c\n",
            ),
            (
                "f:\n  held: 'it''s # not'  # c\nx: 1\n",
                "f:\n  held: 2026-11-26  # c\n",
            ),
        ] {
            let mut e = Edit::new("t", text).unwrap();
            e.set(&[key("f")], "held", Some("2026-11-26")).unwrap();
            let out = e.finish().unwrap();
            assert!(out.starts_with(want), "{out}");
        }
    }

    #[test]
    fn empty_lists_and_missing_keys() {
        for text in [
            "timeline: []\nx: 1\n",
            "timeline:\nx: 1\n",
            "x: 1\n",
            "x: 1",
        ] {
            let mut e = Edit::new("t", text).unwrap();
            e.insert_item(&[key("timeline")], None, &item("a")).unwrap();
            let out = e.finish().unwrap();
            assert!(out.contains("- at: a"), "{out}");
        }
    }

    #[test]
    fn set_replaces_and_adds() {
        let text = "a:\n  - id: A1\n    status: open  # keep\n    due:\nfollow_up:\n";
        let mut e = Edit::new("t", text).unwrap();
        let item = [key("a"), Seg::Index(0)];
        e.set(&item, "status", Some("done")).unwrap();
        e.set(&item, "due", Some("2026-01-01")).unwrap();
        e.set(&item, "closed", Some("2026-01-02")).unwrap();
        e.set(&[key("follow_up")], "held", Some("2026-01-03"))
            .unwrap();
        let out = e.finish().unwrap();
        assert_eq!(
            out,
            "a:\n  - id: A1\n    status: done  # keep\n    due: 2026-01-01\n    closed: 2026-01-02\nfollow_up:\n  held: 2026-01-03\n"
        );
    }

    #[test]
    fn block_scalars_are_replaced_with_their_header() {
        let text = "a: 1\nnotes: |\n  old\n  notes\n\nb: 2\nlast: >-\n  folded\n";
        let mut e = Edit::new("t", text).unwrap();
        e.set(&[], "notes", Some("new")).unwrap();
        e.set(&[], "last", Some("two\nlines")).unwrap();
        let out = e.finish().unwrap();
        assert_eq!(out, "a: 1\nnotes: new\n\nb: 2\nlast: |-\n  two\n  lines\n");
    }

    #[test]
    fn appended_paragraphs_keep_the_text_and_style_there() {
        let append = |text: &str, add: &str| {
            let mut e = Edit::new("t", text).unwrap();
            e.append_paragraph(&[key("a")], "note", add).unwrap();
            e.finish().unwrap_or_else(|err| panic!("{text:?}: {err}"))
        };
        // A literal block keeps its header and lines; a comment after stays.
        assert_eq!(
            append(
                "a:\n  note: |\n    one\n    two\n\n  # c\n  b: 1\n",
                "new\nlines"
            ),
            "a:\n  note: |\n    one\n    two\n\n    new\n    lines\n\n  # c\n  b: 1\n"
        );
        // Folded: a paragraph break is two blank lines.
        assert_eq!(
            append("a:\n  note: >\n    one\n    two\n", "new"),
            "a:\n  note: >\n    one\n    two\n\n\n    new\n"
        );
        // At the end of a file without a final line break; CRLF kept.
        assert_eq!(
            append("a:\r\n  note: |-\r\n    one", "new"),
            "a:\r\n  note: |-\r\n    one\r\n\r\n    new"
        );
        // A plain value becomes a block holding both.
        assert_eq!(
            append("a:\n  note: old  # why\n  b: 1\n", "new"),
            "a:\n  note: |-  # why\n    old\n\n    new\n  b: 1\n"
        );
        // Missing or empty: set; the same text again: nothing added.
        assert_eq!(append("a:\n  b: 1\n", "new"), "a:\n  b: 1\n  note: new\n");
        assert_eq!(append("a:\n  note:\n", "new"), "a:\n  note: new\n");
        assert_eq!(append("a:\n  note: new\n", " new "), "a:\n  note: new\n");
    }

    /// Headers with indicators stay; folded paragraphs read back as
    /// written, next to more-indented lines too; comments under a note
    /// and its anchor stay; an aliased anchor is refused.
    #[test]
    fn appended_paragraphs_keep_headers_comments_and_anchors() {
        let append = |text: &str, add: &str| {
            let mut e = Edit::new("t", text).unwrap();
            e.append_paragraph(&[key("a")], "note", add)?;
            e.finish()
        };
        let ok = |text: &str, add: &str| append(text, add).unwrap();
        assert_eq!(
            ok("a:\n  note: |2-\n      code\n    text\n", "new"),
            "a:\n  note: |2-\n      code\n    text\n\n    new\n"
        );
        assert_eq!(
            ok("a:\n  note: >\n    one\n      code\n", "new\n  more\nlast"),
            "a:\n  note: >\n    one\n      code\n\n    new\n      more\n    last\n"
        );
        assert_eq!(
            ok("a:\n  note: >-\n    one\n", "p1\n\np2"),
            "a:\n  note: >-\n    one\n\n\n    p1\n\n\n    p2\n"
        );
        assert_eq!(
            ok("a:\n  note: &n old\n    # c\n  b: 1\n", "new"),
            "a:\n  note: &n |-\n      old\n\n      new\n    # c\n  b: 1\n"
        );
        let err = append("a:\n  note: &n old\n  b: *n\n", "new").unwrap_err();
        assert!(
            err.to_string().contains("`a.note` is anchored as `&n`"),
            "{err}"
        );
    }

    #[test]
    fn bulk_inserts_equal_one_by_one() {
        for text in [
            "pm: 1\ntimeline:\n  # first\n  - at: a\n    text: |\n      hello\n\n  - at: c\n    text: z\n# tail\nroot_cause: x\n",
            "timeline:\n- at: a\n  text: b\nx: 1",
            "timeline: []\nx: 1\n",
            "x: 1\n",
        ] {
            let len = Edit::new("t", text)
                .unwrap()
                .tree()
                .unwrap()
                .get("timeline")
                .map_or(0, |l| l.items().len());
            let positions: Vec<usize> = [0, 0, 1, len, len, 9]
                .iter()
                .map(|p| (*p).min(len))
                .collect();
            let mut bulk = Edit::new("t", text).unwrap();
            let items: Vec<(usize, Fields)> = positions
                .iter()
                .enumerate()
                .map(|(i, p)| (*p, item(&format!("n{i}"))))
                .collect();
            bulk.insert_items(&[key("timeline")], &items).unwrap();
            let mut single = Edit::new("t", text).unwrap();
            for (i, p) in positions.iter().enumerate() {
                // Each earlier insert at or before this place moved it down by one.
                single
                    .insert_item(&[key("timeline")], Some(p + i), &item(&format!("n{i}")))
                    .unwrap();
            }
            assert_eq!(bulk.finish().unwrap(), single.finish().unwrap(), "{text}");
        }
    }

    /// An item moves with the comments above it at its dash's column and
    /// those right below it indented deeper; a blank line separates.
    #[test]
    fn moved_items_carry_their_own_comments() {
        let text = "t:\n  # a is first\n  - at: a  # inline\n    x: 1\n    # more on a\n\n  # b\n  - at: b\n  - {at: c, y: 2}\n# tail\nz: 1\n";
        let mut e = Edit::new("t", text).unwrap();
        e.move_item(&[key("t")], 0, 2).unwrap();
        assert_eq!(
            e.finish().unwrap(),
            "t:\n\n  # b\n  - at: b\n  - {at: c, y: 2}\n  # a is first\n  - at: a  # inline\n    x: 1\n    # more on a\n# tail\nz: 1\n"
        );
        let mut e = Edit::new("t", text).unwrap();
        e.move_item(&[key("t")], 2, 0).unwrap();
        assert_eq!(
            e.finish().unwrap(),
            "t:\n  - {at: c, y: 2}\n  # a is first\n  - at: a  # inline\n    x: 1\n    # more on a\n\n  # b\n  - at: b\n# tail\nz: 1\n"
        );
        // Without a final line break, the last item gets one when it moves.
        let mut e = Edit::new("t", "t:\n- a: 1\n- b: 2").unwrap();
        e.move_item(&[key("t")], 1, 0).unwrap();
        assert_eq!(e.finish().unwrap(), "t:\n- b: 2\n- a: 1\n");
        let mut e = Edit::new("t", "t:\n- a: 1\n- b: 2").unwrap();
        e.move_item(&[key("t")], 0, 1).unwrap();
        assert_eq!(e.finish().unwrap(), "t:\n- b: 2\n- a: 1\n");
    }

    /// `...` ends the document: additions go before it, and what follows
    /// it stays. A `...` followed by more than comments is left alone.
    #[test]
    fn a_document_end_marker_stays_last() {
        let mut e = Edit::new("t", "a: 1\n... # end\n# c\n...\n").unwrap();
        e.set(&[], "b", Some("2")).unwrap();
        assert_eq!(e.finish().unwrap(), "a: 1\nb: '2'\n... # end\n# c\n...\n");
        assert_eq!(document_end("a: 1\n...x: 2\n"), 13);
        assert_eq!(document_end("a: 1\n...\r\n"), 5);
        assert_eq!(document_end("a: 1\n...\n---\nb: 2\n"), 18);
    }

    #[test]
    fn crlf_and_bom_survive() {
        let text = "\u{feff}pm: 1\r\ntimeline:\r\n  - at: a\r\n    text: b\r\n";
        let mut e = Edit::new("t", text).unwrap();
        e.insert_item(&[key("timeline")], None, &item("c")).unwrap();
        let out = e.finish().unwrap();
        assert!(out.starts_with(
            "\u{feff}pm: 1\r\ntimeline:\r\n  - at: a\r\n    text: b\r\n  - at: c\r\n"
        ));
        assert!(!out.replace("\r\n", "").contains('\n'));
    }
}
