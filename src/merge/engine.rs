//! The three-way merge of two post-mortems that grew from one base.
//!
//! Decisions are made on values ([`Val`]); text is taken from the side
//! whose value wins, cut at the span parser's node spans (see `text.rs`).
//! The result starts as our file: what only they changed is replaced by
//! their lines, what both changed is merged field by field below it.
//!
//! - mappings (the top level, `follow_up`, `lessons`, an action item, a
//!   timeline entry): three-way per key; a key both changed differently
//!   is merged further down, or is a conflict;
//! - `timeline`: entries are identified by their content, `at` as an
//!   instant (an entry whose `at` stayed while other fields changed is the
//!   same entry, edited; so is one whose `at` alone changed, when no other
//!   entry has its content);
//!   their new entries go in at their place in time;
//! - `action_items`: identified by `id`; when both sides added different
//!   items under one new id, theirs gets the next free id;
//! - other lists: identified by value, union in order;
//! - text with line breaks that both changed: merged line by line;
//! - anything else both changed differently: a conflict.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use chrono::{DateTime, FixedOffset};

use super::text::{Markers, Out, comments_above, lines_of};
use super::val::{Decision, Val, decide, key_text};
use crate::edit::{after_node, after_section_comments, col, line_end, line_start};
use crate::yaml::{self, Node, NodeKind, Style};

/// Why a part could not be merged by meaning.
#[derive(Debug)]
pub enum Fail {
    /// This value needs a person: the caller writes it as a conflict.
    Conflict,
    /// The layout is one the merge does not handle; the whole file is
    /// merged line by line instead.
    Unsupported(String),
}

type R<T> = Result<T, Fail>;

fn unsupported<T>(why: &str) -> R<T> {
    Err(Fail::Unsupported(why.to_string()))
}

/// What the merge took from their side, for the person.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Their new timeline entries added to ours.
    pub timeline_added: usize,
    /// Their new action items added to ours.
    pub actions_added: usize,
    /// Their action items given a new id: (their id, new id).
    pub renumbered: Vec<(String, String)>,
    /// Among `renumbered`, their items that are one of our new items under
    /// another id (both sides merged the same work earlier and numbered it
    /// each its own way): (their id, our id), which it keeps.
    pub same_item: Vec<(String, String)>,
    /// Other top-level fields whose value was taken from their side.
    pub fields_taken: Vec<String>,
    /// Both sides created the file (no base): two people's `pm new` with
    /// the same title on the same day, perhaps two incidents, made one.
    pub both_created: bool,
    /// Action items a side renumbered itself to an id the other side gave
    /// another item, each given the next free id instead. Their items
    /// among them are in `renumbered` too, as (the id they gave, now).
    pub yielded: Vec<Yielded>,
}

/// An action item one side renumbered itself (by hand, `pm edit`: not a
/// merge in its history) to an id that the other side gave another item.
/// Its renumbering lands, but under the next free id: the item the other
/// side made under that id keeps it, so no id someone already gave moves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Yielded {
    /// Our side's item (else theirs).
    pub ours: bool,
    /// Its id in the base.
    pub was: String,
    /// The id its side gave it.
    pub gave: String,
    /// Its id in the result.
    pub now: String,
}

/// One side of the merge: its text (LF line endings, no BOM) and span tree.
pub struct Side<'a> {
    pub text: &'a str,
    pub tree: &'a Node,
}

pub struct Engine<'a> {
    b: &'a str,
    o: &'a str,
    t: &'a str,
    markers: Markers,
    pub report: Report,
    next_action: u64,
    /// While merging an action item that keeps our id (see `list`).
    keep_our_id: bool,
    /// Action items whose own renumbering on a side takes an id the other
    /// side gave another item (see [`Yielded`]): found by `list`, which
    /// then gives up, for `super::by_meaning` to give each its new id in
    /// its side's text and merge again.
    pub yields: Vec<Yielded>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Timeline,
    Actions,
    Generic,
}

/// A chunk of text: `[start, end)`.
type Span = (usize, usize);

impl<'a> Engine<'a> {
    pub fn new(b: &'a str, o: &'a str, t: &'a str, markers: Markers) -> Engine<'a> {
        Engine {
            b,
            o,
            t,
            markers,
            report: Report::default(),
            next_action: 0,
            keep_our_id: false,
            yields: Vec::new(),
        }
    }

    /// Merge whole documents. Returns the pieces of the result and the
    /// value it must parse to (with every conflict resolved to our side).
    pub fn document(&mut self, b: Option<&Node>, o: &Node, t: &Node) -> R<(Out, Val)> {
        for (tree, name) in [(o, "ours"), (t, "theirs")] {
            if !matches!(tree.kind, NodeKind::Map(_)) || tree.flow || tree.entries().is_empty() {
                return unsupported(&format!("{name} is not a block mapping"));
            }
        }
        let ochunks = map_chunks(self.o, o, Some(self.o.len()))?;
        let tchunks = map_chunks(self.t, t, Some(self.t.len()))?;
        let bchunks = match b {
            Some(b) if is_block_map(b) => map_chunks(self.b, b, Some(self.b.len())).ok(),
            _ => None,
        };
        let mut out = Out::default();
        // The header above the first key (the template's guidance), with
        // both sides' comments.
        let bspan = bchunks
            .as_ref()
            .map(|c| ((0, c[0].0), 0))
            .filter(|((_, e), _)| *e > 0);
        let tspan = Some(((0, tchunks[0].0), 0)).filter(|_| tchunks[0].0 > 0);
        if ochunks[0].0 > 0 && col(self.o, ochunks[0].0) == 0 {
            out.lines(self.keep_both(Pick::Ours, bspan, (0, ochunks[0].0), tspan)?);
        } else {
            out.raw(&self.o[..ochunks[0].0]);
        }
        let val = self.map(
            true,
            b,
            bchunks.as_deref(),
            o,
            &ochunks,
            t,
            &tchunks,
            &mut out,
        )?;
        Ok((out, val))
    }

    /// Merge two block mappings given their entries' chunks.
    #[allow(clippy::too_many_arguments)]
    fn map(
        &mut self,
        top: bool,
        b: Option<&Node>,
        bchunks: Option<&[Span]>,
        o: &Node,
        ochunks: &[Span],
        t: &Node,
        tchunks: &[Span],
        out: &mut Out,
    ) -> R<Val> {
        let (oe, te) = (o.entries(), t.entries());
        let be = b.map(Node::entries).unwrap_or(&[]);
        let delta = col(self.o, oe[0].0.start) as isize - col(self.t, te[0].0.start) as isize;
        let bdelta = be
            .first()
            .map(|(k, _)| col(self.o, oe[0].0.start) as isize - col(self.b, k.start) as isize);
        let okeys: Vec<String> = oe.iter().map(|(k, _)| key_text(k)).collect();
        let tkeys: Vec<String> = te.iter().map(|(k, _)| key_text(k)).collect();
        let o_index: HashMap<&str, usize> = okeys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let t_index: HashMap<&str, usize> = tkeys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let b_index: HashMap<String, usize> = be
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (key_text(k), i))
            .collect();
        let bval = |key: &str| b_index.get(key).map(|&i| Val::of(&be[i].1));
        let tvals: Vec<Val> = te.iter().map(|(_, v)| Val::of(v)).collect();

        // Their keys that ours lacks go after the key that precedes them
        // on their side (bucket i: before our entry i).
        let mut buckets: Vec<Vec<(usize, bool)>> = vec![Vec::new(); oe.len() + 1];
        let mut anchor = 0;
        for (ti, key) in tkeys.iter().enumerate() {
            if let Some(&oi) = o_index.get(key.as_str()) {
                anchor = oi + 1;
                continue;
            }
            match decide(bval(key).as_ref(), None, Some(&tvals[ti])) {
                Decision::Ours => {}
                Decision::Theirs => buckets[anchor].push((ti, false)),
                Decision::Both => buckets[anchor].push((ti, true)),
            }
        }

        let mut expected = BTreeMap::new();
        let ctx = MapCtx {
            top,
            tchunks,
            tkeys: &tkeys,
            tvals: &tvals,
            delta,
        };
        self.emit_keys(&ctx, &buckets[0], out, &mut expected)?;
        for (oi, key) in okeys.iter().enumerate() {
            let (ocs, oce) = ochunks[oi];
            let ov = Val::of(&oe[oi].1);
            let bv = bval(key);
            let ti = t_index.get(key.as_str()).copied();
            let tv = ti.map(|ti| &tvals[ti]);
            // The text decides first: a side whose lines did not change at
            // all takes the other's lines, comments included.
            let btext = b_index
                .get(key.as_str())
                .and_then(|&bi| bchunks.and_then(|c| c.get(bi)))
                .map(|&(s, e)| &self.b[s..e]);
            let ttext = ti.map(|ti| &self.t[tchunks[ti].0..tchunks[ti].1]);
            // Except for action items a merge in the local history
            // renumbered: taking that list whole would keep the ids the
            // merge gave the upstream's items, where each should take
            // back the id the upstream knows (see `list`).
            let gives_back = top
                && key == "action_items"
                && self.markers.theirs_is_local
                && !self.markers.theirs_ids.is_empty();
            let decision = match (btext, ttext) {
                // An item merged under the id the upstream knows.
                _ if !top && key == "id" && self.keep_our_id => Decision::Ours,
                (Some(bt), Some(tt)) if bt == &self.o[ocs..oce] && tt != bt && gives_back => {
                    Decision::Both
                }
                (Some(bt), Some(tt)) if bt == &self.o[ocs..oce] && tt != bt => Decision::Theirs,
                (Some(bt), Some(tt)) if tt == bt => Decision::Ours,
                _ => decide(bv.as_ref(), Some(&ov), tv),
            };
            let bspan = b_index
                .get(key.as_str())
                .and_then(|&bi| bchunks.and_then(|c| c.get(bi)))
                .zip(bdelta)
                .map(|(&span, d)| (span, d));
            let tspan = ti.map(|ti| (tchunks[ti], delta));
            match (decision, ti) {
                (Decision::Ours, _) | (Decision::Theirs, Some(_)) => {
                    let pick = match (decision, ti) {
                        (Decision::Theirs, Some(_)) => Pick::Theirs,
                        _ => Pick::Ours,
                    };
                    let chosen = match (pick, ti) {
                        (Pick::Theirs, Some(ti)) => tvals[ti].clone(),
                        _ => ov.clone(),
                    };
                    let (text, complete) = self.try_keep_both(pick, bspan, (ocs, oce), tspan)?;
                    // The other side changed comments inside this value in
                    // a way lines alone cannot merge: merge below the key,
                    // where each part keeps both sides' comments.
                    let deeper = match (complete, ti, b_index.get(key.as_str())) {
                        (false, Some(ti), Some(&bi)) => {
                            let entry = Entry {
                                top,
                                key,
                                b: Some((&be[bi].0, &be[bi].1)),
                                bchunk: bchunks.and_then(|c| c.get(bi)).copied(),
                                o: (&oe[oi].0, &oe[oi].1),
                                ochunk: ochunks[oi],
                                t: (&te[ti].0, &te[ti].1),
                                tchunk: tchunks[ti],
                                delta,
                            };
                            self.deeper(&entry, &chosen)
                        }
                        _ => None,
                    };
                    match deeper {
                        Some(sub) => out.append(sub),
                        None => out.lines(text),
                    }
                    expected.insert(key.clone(), chosen);
                    if top && pick == Pick::Theirs {
                        self.report.fields_taken.push(key.clone());
                    }
                }
                (Decision::Theirs, None) => {}
                (Decision::Both, None) => {
                    out.conflict(self.o_lines(ocs, oce)?, String::new());
                    expected.insert(key.clone(), ov);
                }
                (Decision::Both, Some(ti)) => {
                    let bi = b_index.get(key.as_str()).copied();
                    let entry = Entry {
                        top,
                        key,
                        b: bi.map(|i| (&be[i].0, &be[i].1)),
                        bchunk: bi.and_then(|i| bchunks.and_then(|c| c.get(i)).copied()),
                        o: (&oe[oi].0, &oe[oi].1),
                        ochunk: ochunks[oi],
                        t: (&te[ti].0, &te[ti].1),
                        tchunk: tchunks[ti],
                        delta,
                    };
                    let val = self.entry(&entry, out)?;
                    expected.insert(key.clone(), val);
                }
            }
            self.emit_keys(&ctx, &buckets[oi + 1], out, &mut expected)?;
        }
        Ok(Val::Map(expected))
    }

    /// The text of one part of the result, taken from the side whose value
    /// won (`pick`), with the other side's changes to its comments and
    /// layout merged in line by line, when they merge and leave the value
    /// as it is. Spans are `(span, delta)`: the text, and its indentation
    /// to ours. A comment a person wrote on either side is thus kept
    /// unless the thing it is attached to went away.
    fn keep_both(
        &self,
        pick: Pick,
        b: Option<(Span, isize)>,
        o: Span,
        t: Option<(Span, isize)>,
    ) -> R<String> {
        Ok(self.try_keep_both(pick, b, o, t)?.0)
    }

    /// A value one side's text wins, merged below its key so that the other
    /// side's comments inside it are kept: the pieces, when that gives the
    /// same value without conflicts.
    fn deeper(&mut self, e: &Entry, chosen: &Val) -> Option<Out> {
        let saved = (self.report.clone(), self.next_action);
        let mut sub = Out::default();
        let merged = self.entry_inner(e, &mut sub);
        // A trial: what it found to renumber is not the merge's either.
        self.yields.clear();
        match merged {
            Ok(val) if val == *chosen && !sub.has_conflicts() => {
                self.report = saved.0;
                self.next_action = saved.1;
                Some(sub)
            }
            _ => {
                (self.report, self.next_action) = saved;
                None
            }
        }
    }

    /// [`Self::keep_both`], and whether the other side's changes are in.
    fn try_keep_both(
        &self,
        pick: Pick,
        b: Option<(Span, isize)>,
        o: Span,
        t: Option<(Span, isize)>,
    ) -> R<(String, bool)> {
        let ol = self.o_lines(o.0, o.1)?;
        let Some((tspan, tdelta)) = t else {
            return Ok((ol, true));
        };
        let tl = self.t_lines(tspan, tdelta)?;
        let chosen = match pick {
            Pick::Ours => ol.clone(),
            Pick::Theirs => tl.clone(),
        };
        let base = b.and_then(|((s, e), d)| lines_of(self.b, s, e, d));
        let Some(bl) = base else {
            return Ok((chosen, false));
        };
        let other = match pick {
            Pick::Ours => &tl,
            Pick::Theirs => &ol,
        };
        if *other == bl || ol == tl {
            return Ok((chosen, true));
        }
        for union in [false, true] {
            if let Some((merged, true)) =
                super::merge_lines_with(&bl, &ol, &tl, &self.markers, union)
                && same_meaning(&merged, &chosen)
            {
                // Lines both sides put in one place are kept ours first:
                // a comment ours wrote above an entry would end up above
                // theirs, put in before it. Complete, but a merge below
                // the key, part by part, places them better, if it can.
                return Ok((merged, !union));
            }
        }
        let other_side = match pick {
            Pick::Ours => Pick::Theirs,
            Pick::Theirs => Pick::Ours,
        };
        if let Some(text) = self.move_comments(&bl, &ol, &tl, other_side, &chosen) {
            return Ok((text, false));
        }
        Ok((chosen, false))
    }

    /// Comments the `from` side added at the end of lines whose value the
    /// other side changed: the lines as merged without them, with each
    /// comment at the end of its key's line again.
    fn move_comments(
        &self,
        bl: &str,
        ol: &str,
        tl: &str,
        from: Pick,
        chosen: &str,
    ) -> Option<String> {
        let other = match from {
            Pick::Ours => ol,
            Pick::Theirs => tl,
        };
        let base: HashSet<&str> = bl.lines().collect();
        let mut moved: Vec<(String, String)> = Vec::new();
        let mut stripped = String::new();
        for line in other.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            let found = (!base.contains(body))
                .then(|| {
                    bl.lines().find(|b| {
                        let b = b.trim_end();
                        !b.trim().is_empty()
                            && !b.contains('#')
                            && body.len() > b.len()
                            && body.starts_with(b)
                            && body[b.len()..].starts_with([' ', '\t'])
                            && body[b.len()..].trim_start().starts_with('#')
                    })
                })
                .flatten();
            match found.and_then(|b| Some((b, key_prefix(b)?))) {
                Some((b, prefix)) => {
                    moved.push((
                        prefix.to_string(),
                        body[b.trim_end().len()..].trim().to_string(),
                    ));
                    stripped.push_str(b);
                    stripped.push('\n');
                }
                None => stripped.push_str(line),
            }
        }
        if moved.is_empty() {
            return None;
        }
        let (o, t) = match from {
            Pick::Ours => (stripped.as_str(), tl),
            Pick::Theirs => (ol, stripped.as_str()),
        };
        let (merged, clean) = super::merge_lines(bl, o, t, &self.markers)?;
        if !clean {
            return None;
        }
        let mut lines: Vec<String> = merged.lines().map(str::to_string).collect();
        for (prefix, comment) in &moved {
            let at: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].starts_with(prefix.as_str()))
                .collect();
            if let [i] = at[..]
                && !lines[i].contains('#')
            {
                lines[i] = format!("{}  {comment}", lines[i].trim_end());
            }
        }
        let mut text = lines.join("\n");
        text.push('\n');
        same_meaning(&text, chosen).then_some(text)
    }

    fn o_lines(&self, start: usize, end: usize) -> R<String> {
        lines_of(self.o, start, end, 0).ok_or(Fail::Unsupported("indentation".into()))
    }

    fn t_lines(&self, (start, end): Span, delta: isize) -> R<String> {
        lines_of(self.t, start, end, delta).ok_or(Fail::Unsupported("indentation".into()))
    }

    /// Their keys that ours lacks: added, or a conflict (we deleted a key
    /// they changed).
    fn emit_keys(
        &mut self,
        ctx: &MapCtx,
        keys: &[(usize, bool)],
        out: &mut Out,
        expected: &mut BTreeMap<String, Val>,
    ) -> R<()> {
        for &(ti, conflict) in keys {
            let text = self.t_lines(ctx.tchunks[ti], ctx.delta)?;
            if conflict {
                out.conflict(String::new(), text);
            } else {
                out.lines(text);
                expected.insert(ctx.tkeys[ti].clone(), ctx.tvals[ti].clone());
                if ctx.top {
                    self.report.fields_taken.push(ctx.tkeys[ti].clone());
                }
            }
        }
        Ok(())
    }

    /// A key both sides changed differently: merge below it, or write a
    /// conflict around it.
    fn entry(&mut self, e: &Entry, out: &mut Out) -> R<Val> {
        let saved = (self.report.clone(), self.next_action);
        let mut sub = Out::default();
        match self.entry_inner(e, &mut sub) {
            Ok(val) => {
                out.append(sub);
                Ok(val)
            }
            Err(Fail::Conflict) => {
                (self.report, self.next_action) = saved;
                let ours = self.o_lines(e.ochunk.0, e.ochunk.1)?;
                let theirs = lines_of(self.t, e.tchunk.0, e.tchunk.1, e.delta)
                    .ok_or(Fail::Unsupported("indentation".into()))?;
                out.conflict(ours, theirs);
                Ok(Val::of(e.o.1))
            }
            Err(other) => Err(other),
        }
    }

    fn entry_inner(&mut self, e: &Entry, out: &mut Out) -> R<Val> {
        let (o, t) = (e.o.1, e.t.1);
        let b = e.b.map(|(_, v)| v);
        if is_block_map(o) && is_block_map(t) {
            let ochunks = map_chunks(self.o, o, None)?;
            let tchunks = map_chunks(self.t, t, None)?;
            let bchunks = match b {
                Some(b) if is_block_map(b) => map_chunks(self.b, b, None).ok(),
                _ => None,
            };
            let first = ochunks[0].0;
            let last = ochunks[ochunks.len() - 1].1;
            if first < e.ochunk.0 || last > e.ochunk.1 {
                return unsupported("a mapping outside its key's lines");
            }
            let inner = |c: &[Span]| (c[0].0, c[c.len() - 1].1);
            let (head, tail) = self.around(
                e,
                (first, last),
                inner(&tchunks),
                bchunks.as_deref().map(inner),
            )?;
            out.lines(head);
            let b = b.filter(|b| matches!(b.kind, NodeKind::Map(_)));
            let val = self.map(false, b, bchunks.as_deref(), o, &ochunks, t, &tchunks, out)?;
            out.lines(tail);
            return Ok(val);
        }
        if let (Some(_), Some(_)) = (as_list(o), as_list(t)) {
            let kind = match (e.top, e.key) {
                (true, "timeline") => Kind::Timeline,
                (true, "action_items") => Kind::Actions,
                _ => Kind::Generic,
            };
            return self.list(kind, e, out);
        }
        if let (NodeKind::Scalar { .. }, NodeKind::Scalar { .. }) = (&o.kind, &t.kind) {
            return self.prose(e, out);
        }
        Err(Fail::Conflict)
    }

    /// The lines of a key both sides changed before its first inner part
    /// (the key's line, the comments under it) and after its last, with
    /// both sides' comments. `(first, last)`: where the inner parts begin
    /// and end on each side.
    fn around(
        &self,
        e: &Entry,
        (ofirst, olast): Span,
        (tfirst, tlast): Span,
        b: Option<Span>,
    ) -> R<(String, String)> {
        let (ocs, oce) = e.ochunk;
        let (tcs, tce) = e.tchunk;
        let tok = tcs <= tfirst && tfirst <= tlast && tlast <= tce;
        let bdelta =
            e.b.map(|(bk, _)| col(self.o, e.o.0.start) as isize - col(self.b, bk.start) as isize);
        let bparts = match (e.bchunk, b, bdelta) {
            (Some((bcs, bce)), Some((bfirst, blast)), Some(d))
                if bcs <= bfirst && bfirst <= blast && blast <= bce =>
            {
                Some((((bcs, bfirst), d), ((blast, bce), d)))
            }
            _ => None,
        };
        let head = self.keep_both(
            Pick::Ours,
            bparts.map(|p| p.0),
            (ocs, ofirst),
            tok.then_some(((tcs, tfirst), e.delta)),
        )?;
        let tail = self.keep_both(
            Pick::Ours,
            bparts.map(|p| p.1),
            (olast, oce),
            tok.then_some(((tlast, tce), e.delta)),
        )?;
        Ok((head, tail))
    }

    /// Text both sides changed: a line merge when it spans lines, as git
    /// would do; a conflict when that does not merge cleanly.
    fn prose(&mut self, e: &Entry, out: &mut Out) -> R<Val> {
        let (Some((bk, bn)), Some(bchunk)) = (e.b, e.bchunk) else {
            return Err(Fail::Conflict);
        };
        let (bv, ov, tv) = (Val::of(bn), Val::of(e.o.1), Val::of(e.t.1));
        let multi = |v: &Val| v.as_str().is_some_and(|s| s.contains('\n'));
        if bv.as_str().is_none()
            || !(multi(&ov) || multi(&tv))
            || ov.as_str().is_none()
            || tv.as_str().is_none()
        {
            return Err(Fail::Conflict);
        }
        let ocol = col(self.o, e.o.0.start);
        let bdelta = ocol as isize - col(self.b, bk.start) as isize;
        let indentation = || Fail::Unsupported("indentation".into());
        let bl = lines_of(self.b, bchunk.0, bchunk.1, bdelta).ok_or_else(indentation)?;
        let ol = self.o_lines(e.ochunk.0, e.ochunk.1)?;
        let tl = lines_of(self.t, e.tchunk.0, e.tchunk.1, e.delta).ok_or_else(indentation)?;
        let Some((merged, clean)) = super::merge_lines(&bl, &ol, &tl, &self.markers) else {
            return Err(Fail::Conflict);
        };
        if !clean {
            out.conflict_marked(ol, tl, merged);
            return Ok(ov);
        }
        // The merged lines must still be this one key with text in it.
        let alone = lines_of(&merged, 0, merged.len(), -(ocol as isize)).ok_or_else(indentation)?;
        let tree = yaml::parse_tree(&alone).map_err(|_| Fail::Conflict)?;
        match tree.entries() {
            [(k, v)] if key_text(k) == e.key && matches!(Val::of(v), Val::Str(_)) => {
                out.lines(merged);
                Ok(Val::of(v))
            }
            _ => Err(Fail::Conflict),
        }
    }

    /// Merge two lists (a null value counts as an empty list).
    fn list(&mut self, kind: Kind, e: &Entry, out: &mut Out) -> R<Val> {
        let (o, t) = (e.o.1, e.t.1);
        let oi_nodes = as_list(o).unwrap_or(&[]);
        let ti_nodes = as_list(t).unwrap_or(&[]);
        let bi_nodes = e.b.and_then(|(_, b)| as_list(b)).unwrap_or(&[]);
        let ov: Vec<Val> = oi_nodes.iter().map(Val::of).collect();
        let tv: Vec<Val> = ti_nodes.iter().map(Val::of).collect();
        let bv: Vec<Val> = bi_nodes.iter().map(Val::of).collect();
        let kind =
            if kind == Kind::Actions && !(unique_ids(&ov) && unique_ids(&tv) && unique_ids(&bv)) {
                Kind::Generic
            } else {
                kind
            };
        if kind == Kind::Actions {
            self.next_action = [&bv, &ov, &tv]
                .iter()
                .flat_map(|side| side.iter())
                .filter_map(|v| action_number(id_of(v)?))
                .max()
                .unwrap_or(0);
        }
        let (mut bo, mut ob) = match_items(kind, &bv, &ov, &self.markers.ours_ids);
        let (mut bt, mut tb) = match_items(kind, &bv, &tv, &self.markers.theirs_ids);
        if kind == Kind::Timeline {
            // An entry re-timed (perhaps reworded too) on one side only
            // and left as it was on the other is taken as removed and added
            // again, so that the new time goes to its place in time order.
            let retimed = |b: &Val, side: &Val| at_of(b) != at_of(side) && b != side;
            for j in 0..bv.len() {
                let (Some(oi), Some(ti)) = (bo[j], bt[j]) else {
                    continue;
                };
                if retimed(&bv[j], &ov[oi]) && tv[ti] == bv[j] {
                    (bo[j], ob[oi]) = (None, None);
                } else if retimed(&bv[j], &tv[ti]) && ov[oi] == bv[j] {
                    (bt[j], tb[ti]) = (None, None);
                }
            }
        }

        // The items' lines, to let unchanged text decide first (as for keys).
        let lines_of_items = |text: &str, node: Option<&Node>| -> Option<Vec<Span>> {
            let node = node?;
            (matches!(node.kind, NodeKind::Seq(_)) && !node.flow && !node.items().is_empty())
                .then(|| seq_chunks(text, node).ok().map(|(c, _)| c))
                .flatten()
        };
        let bl = lines_of_items(self.b, e.b.map(|(_, b)| b));
        let ol = lines_of_items(self.o, Some(o));
        let tl = lines_of_items(self.t, Some(t));
        let same_text = |a: (&str, &Option<Vec<Span>>, usize),
                         b: (&str, &Option<Vec<Span>>, usize)| {
            match (a.1, b.1) {
                (Some(ac), Some(bc)) => a.0[ac[a.2].0..ac[a.2].1] == b.0[bc[b.2].0..bc[b.2].1],
                _ => false,
            }
        };

        // What happens to each of our items.
        let mut steps: Vec<Step> = vec![Step::Keep; ov.len()];
        // Their changed items we deleted, with the id ours knew it by
        // when a merge on our side renumbered it.
        let mut t_conflicts: HashMap<usize, Option<String>> = HashMap::new();
        // Their items merged under our id (see `gives_back_id`).
        let mut keep_our_id: HashSet<usize> = HashSet::new();
        for j in 0..bv.len() {
            match (bo[j], bt[j]) {
                (Some(oi), Some(ti)) => {
                    let (b_, o_, t_) = ((self.b, &bl, j), (self.o, &ol, oi), (self.t, &tl, ti));
                    // An action item only renumbered on their side, when
                    // theirs is the local work and an earlier local merge
                    // renumbered it, keeps the id the upstream knows:
                    // taking theirs would give it an id the upstream may
                    // have given to another item since. A renumbering
                    // the person made is theirs to keep (see `yields`).
                    let renumbered_only = kind == Kind::Actions
                        && self.markers.theirs_is_local
                        && !same_text(b_, t_)
                        && unchanged(kind, &bv[j], &tv[ti])
                        && by_a_merge(&self.markers.theirs_ids, &bv[j], &tv[ti]);
                    let decision = if renumbered_only {
                        Decision::Ours
                    } else if same_text(b_, o_) && !same_text(b_, t_) {
                        Decision::Theirs
                    } else if same_text(b_, t_) {
                        Decision::Ours
                    } else {
                        decide(Some(&bv[j]), Some(&ov[oi]), Some(&tv[ti]))
                    };
                    // An action item a merge in the local history
                    // renumbered and the local work then changed (closed
                    // it): the change is taken, and the id stays the one
                    // the upstream knows, so the local item that took the
                    // id in that merge is renumbered instead.
                    let gives_back_id = kind == Kind::Actions
                        && self.markers.theirs_is_local
                        && id_of(&bv[j]).is_some_and(|id| {
                            self.markers.theirs_ids.contains_key(id)
                                && id_of(&ov[oi]) == Some(id)
                                && id_of(&tv[ti]) != Some(id)
                        });
                    let maps = is_block_map(&oi_nodes[oi]) && is_block_map(&ti_nodes[ti]);
                    // An action item one side replaced under the base's id
                    // (its title and its owner both changed: another item,
                    // as when an id was given again after a removal) while
                    // the other side changed the old one: a conflict, so
                    // that change never lands silently on the new item.
                    let replaced = |side: &Val| {
                        let differs = |key| bv[j].get(key) != side.get(key);
                        differs("title") && differs("owner")
                    };
                    let replaced_and_changed = kind == Kind::Actions
                        && ov[oi] != tv[ti]
                        && ((replaced(&ov[oi]) && !unchanged(kind, &bv[j], &tv[ti]))
                            || (replaced(&tv[ti]) && !unchanged(kind, &bv[j], &ov[oi])));
                    if replaced_and_changed {
                        steps[oi] = Step::Conflict(Some(ti));
                        continue;
                    }
                    steps[oi] = match decision {
                        Decision::Ours => Step::Keep,
                        Decision::Theirs | Decision::Both if gives_back_id => {
                            keep_our_id.insert(ti);
                            if maps {
                                Step::Merge(j, ti)
                            } else {
                                Step::Conflict(Some(ti))
                            }
                        }
                        Decision::Theirs => Step::Theirs(ti),
                        Decision::Both if maps => Step::Merge(j, ti),
                        Decision::Both => Step::Conflict(Some(ti)),
                    }
                }
                (Some(oi), None) => {
                    steps[oi] = if unchanged(kind, &bv[j], &ov[oi]) {
                        Step::Drop
                    } else {
                        Step::Conflict(None)
                    };
                }
                (None, Some(ti)) => {
                    if !unchanged(kind, &bv[j], &tv[ti]) {
                        let ours_id = id_of(&bv[j])
                            .and_then(|id| self.markers.ours_ids.get(id))
                            .filter(|id| Some(id.as_str()) != id_of(&tv[ti]))
                            .cloned();
                        t_conflicts.insert(ti, ours_id);
                    }
                }
                (None, None) => {}
            }
        }

        if kind == Kind::Actions {
            let yields = self.yields(&bv, &ov, &tv, &ob, &tb, &steps, &keep_our_id);
            if !yields.is_empty() {
                self.yields = yields;
                return unsupported(
                    "an action item renumbered on one side takes an id the other side gave another item",
                );
            }
        }

        // Their new items: the same as one of our new items, or added.
        let mut t_to_o: Vec<Option<usize>> = tb.iter().map(|j| j.and_then(|j| bo[j])).collect();
        let mut inserts: Vec<Option<Insert>> = vec![None; tv.len()];
        let mut o_taken = vec![false; ov.len()];
        match kind {
            Kind::Actions => {
                let o_ids: HashMap<&str, usize> = ov
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((id_of(v)?, i)))
                    .collect();
                // The ids the result holds so far: ours, except where their
                // version (with its id) replaces ours or ours is dropped.
                let mut taken: HashSet<&str> = HashSet::new();
                for (oi, step) in steps.iter().enumerate() {
                    match *step {
                        Step::Drop => {}
                        Step::Theirs(ti) => taken.extend(id_of(&tv[ti])),
                        Step::Merge(j, ti) => {
                            let ids = (id_of(&bv[j]), id_of(&ov[oi]), id_of(&tv[ti]));
                            if keep_our_id.contains(&ti) {
                                taken.extend(ids.1);
                                continue;
                            }
                            match (ids.0 == ids.1, ids.0 == ids.2) {
                                (true, _) => taken.extend(ids.2),
                                (false, true) => taken.extend(ids.1),
                                (false, false) => taken.extend(ids.1.into_iter().chain(ids.2)),
                            }
                        }
                        Step::Keep | Step::Conflict(_) => taken.extend(id_of(&ov[oi])),
                    }
                }
                for ti in 0..tv.len() {
                    if tb[ti].is_some() {
                        continue;
                    }
                    let id = id_of(&tv[ti]).unwrap_or_default();
                    // The same item new on both sides under other ids
                    // (both merged the same work earlier, each numbering
                    // it its own way: a criss-cross of branches): one
                    // item, with our id, which the upstream knows.
                    let content = without_id(&tv[ti]);
                    let same_under_another_id = || {
                        (0..ov.len()).find(|&oi| {
                            ob[oi].is_none()
                                && !o_taken[oi]
                                && id_of(&ov[oi]) != Some(id)
                                && without_id(&ov[oi]) == content
                        })
                    };
                    match o_ids.get(id) {
                        Some(&oi) if ob[oi].is_none() && !o_taken[oi] && ov[oi] == tv[ti] => {
                            t_to_o[ti] = Some(oi);
                            o_taken[oi] = true;
                        }
                        _ if let Some(oi) = same_under_another_id() => {
                            t_to_o[ti] = Some(oi);
                            o_taken[oi] = true;
                            if let Some(ours) = id_of(&ov[oi]) {
                                let pair = (id.to_string(), ours.to_string());
                                self.report.renumbered.push(pair.clone());
                                self.report.same_item.push(pair);
                            }
                        }
                        _ if !taken.contains(id) => inserts[ti] = Some(Insert::add()),
                        _ => {
                            self.next_action += 1;
                            let new = format!("A{}", self.next_action);
                            inserts[ti] = Some(Insert {
                                conflict: false,
                                new_id: Some(new),
                            });
                        }
                    }
                }
            }
            _ => {
                // One entry when both wrote it, also at the same instant
                // written with another offset.
                let mut o_new: HashMap<Val, VecDeque<usize>> = HashMap::new();
                for (oi, v) in ov.iter().enumerate() {
                    if ob[oi].is_none() {
                        o_new.entry(same_key(kind, v)).or_default().push_back(oi);
                    }
                }
                for ti in 0..tv.len() {
                    if tb[ti].is_some() {
                        continue;
                    }
                    let key = same_key(kind, &tv[ti]);
                    match o_new.get_mut(&key).and_then(VecDeque::pop_front) {
                        Some(oi) => {
                            t_to_o[ti] = Some(oi);
                            o_taken[oi] = true;
                        }
                        None => inserts[ti] = Some(Insert::add()),
                    }
                }
            }
        }
        for (&ti, new_id) in &t_conflicts {
            inserts[ti] = Some(Insert {
                conflict: true,
                new_id: new_id.clone(),
            });
        }

        // Where their items go: after the item that precedes them on their
        // side (and after our own new items there); timeline entries at
        // their place in time.
        let mut anchors: Vec<usize> = vec![0; tv.len()];
        let mut last = 0;
        for ti in 0..tv.len() {
            if let Some(oi) = t_to_o[ti] {
                last = oi + 1;
            } else if inserts[ti].is_some() {
                while last < ov.len() && ob[last].is_none() && !o_taken[last] {
                    last += 1;
                }
                anchors[ti] = last;
            }
        }
        if kind == Kind::Actions {
            // A renumbered item has the highest id now: it goes last, not
            // before the items whose ids it took (an item of yours given
            // A3 when the upstream's takes back A1).
            for ti in 0..tv.len() {
                if inserts[ti]
                    .as_ref()
                    .is_some_and(|ins| !ins.conflict && ins.new_id.is_some())
                {
                    anchors[ti] = ov.len();
                }
            }
        }
        if kind == Kind::Timeline {
            let otimes: Vec<Option<DateTime<FixedOffset>>> = ov.iter().map(at_of).collect();
            let sorted =
                otimes.iter().all(Option::is_some) && otimes.windows(2).all(|w| w[0] <= w[1]);
            for ti in 0..tv.len() {
                if inserts[ti].is_none() {
                    continue;
                }
                if let Some(at) = at_of(&tv[ti]) {
                    anchors[ti] = if sorted {
                        otimes.partition_point(|x| x.is_some_and(|x| x <= at))
                    } else {
                        otimes
                            .iter()
                            .rposition(|x| x.is_some_and(|x| x <= at))
                            .map_or(0, |p| p + 1)
                    };
                }
            }
        }
        let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); ov.len() + 1];
        for ti in 0..tv.len() {
            if inserts[ti].is_some() {
                buckets[anchors[ti]].push(ti);
            }
        }
        // Within one place, their items keep their time order.
        if kind == Kind::Timeline {
            for bucket in &mut buckets {
                bucket.sort_by_key(|&ti| at_of(&tv[ti]));
            }
        }
        for ti in 0..tv.len() {
            if let Some(ins) = &inserts[ti]
                && !ins.conflict
            {
                match kind {
                    Kind::Timeline => self.report.timeline_added += 1,
                    Kind::Actions => self.report.actions_added += 1,
                    Kind::Generic => {}
                }
                if let Some(new) = &ins.new_id {
                    let old = id_of(&tv[ti]).unwrap_or_default().to_string();
                    self.report.renumbered.push((old, new.clone()));
                }
            }
        }

        if kind == Kind::Actions {
            // Never two items with one id from sides that had none (a list
            // with duplicates is merged as a generic one, above): that
            // would be pushed to everyone, and no command could address
            // either item.
            let mut result: Vec<Option<&str>> = Vec::new();
            for (oi, step) in steps.iter().enumerate() {
                result.push(match *step {
                    Step::Drop => continue,
                    Step::Theirs(ti) => id_of(&tv[ti]),
                    Step::Merge(j, ti) => {
                        let ids = (id_of(&bv[j]), id_of(&ov[oi]), id_of(&tv[ti]));
                        if keep_our_id.contains(&ti) || ids.0 != ids.1 || ids.0 == ids.2 {
                            ids.1.or(ids.2)
                        } else {
                            ids.2
                        }
                    }
                    Step::Keep | Step::Conflict(_) => id_of(&ov[oi]),
                });
            }
            for (ti, ins) in inserts.iter().enumerate() {
                if let Some(ins) = ins
                    && !ins.conflict
                {
                    result.push(ins.new_id.as_deref().or(id_of(&tv[ti])));
                }
            }
            let mut seen = HashSet::new();
            if !result.iter().flatten().all(|id| seen.insert(*id)) {
                return unsupported("the merge would give two action items one id");
            }
        }
        let plan = Plan {
            keep_our_id,
            ob,
            bt,
            steps,
            buckets,
            inserts,
            ov,
            tv,
        };
        if matches!(o.kind, NodeKind::Seq(_)) && !o.flow && !oi_nodes.is_empty() {
            self.list_block(e, &plan, out)
        } else {
            self.list_other(e, &plan, out)
        }
    }

    /// The action items a side renumbered itself (not a merge in its
    /// history) to an id the other side gave another item, each with the
    /// next free id (see [`Yielded`]). Their item yields to any item of
    /// ours that the result keeps under that id: in pm sync their side is
    /// the person's, and the upstream's ids never move. Our item yields to
    /// a new item of theirs only in a merge of two branches (`git pull`),
    /// where ours is the person's branch; in a replay (a rebase, a
    /// cherry-pick) our ids are the tip's, and their new item is
    /// renumbered as any colliding new item is.
    #[allow(clippy::too_many_arguments)]
    fn yields(
        &self,
        bv: &[Val],
        ov: &[Val],
        tv: &[Val],
        ob: &[Option<usize>],
        tb: &[Option<usize>],
        steps: &[Step],
        keep_our_id: &HashSet<usize>,
    ) -> Vec<Yielded> {
        // Each of our items' id in the result, and, when the result's id
        // is one a side gave it itself, which side and its base id.
        struct Held<'v> {
            oi: usize,
            id: &'v str,
            /// (ours, the base id)
            own: Option<(bool, &'v str)>,
        }
        let mut result: Vec<Held> = Vec::new();
        for (oi, step) in steps.iter().enumerate() {
            let (j, ours, side) = match *step {
                Step::Drop => continue,
                Step::Merge(_, ti) if keep_our_id.contains(&ti) => (None, true, &ov[oi]),
                Step::Theirs(ti) => (ob[oi], false, &tv[ti]),
                Step::Merge(j, ti) if id_of(&bv[j]) == id_of(&ov[oi]) => (Some(j), false, &tv[ti]),
                Step::Merge(j, _) => (Some(j), true, &ov[oi]),
                Step::Keep | Step::Conflict(_) => (ob[oi], true, &ov[oi]),
            };
            let ids = if ours {
                &self.markers.ours_ids
            } else {
                &self.markers.theirs_ids
            };
            let Some(id) = id_of(side) else { continue };
            let own = j
                .map(|j| &bv[j])
                .filter(|b| id_of(b).is_some_and(|was| was != id) && !by_a_merge(ids, b, side))
                .and_then(|b| Some((ours, id_of(b)?)));
            result.push(Held { oi, id, own });
        }
        let theirs_new = |id: &str| {
            tv.iter()
                .zip(tb)
                .any(|(v, b)| b.is_none() && id_of(v) == Some(id))
        };
        let mut next = self.next_action;
        let mut yields = Vec::new();
        for item in &result {
            let Some((ours, was)) = item.own else {
                continue;
            };
            let id = item.id;
            let held = result.iter().any(|h| h.oi != item.oi && h.id == id);
            let yields_here = if ours {
                self.markers.merge_of_branches && !held && theirs_new(id)
            } else {
                held
            };
            if yields_here {
                next += 1;
                yields.push(Yielded {
                    ours,
                    was: was.to_string(),
                    gave: id.to_string(),
                    now: format!("A{next}"),
                });
            }
        }
        yields
    }

    /// Our list is a block list with items: splice item by item.
    fn list_block(&mut self, e: &Entry, plan: &Plan, out: &mut Out) -> R<Val> {
        let (o, t) = (e.o.1, e.t.1);
        let (ochunks, odash) = seq_chunks(self.o, o)?;
        let tlayout = if matches!(t.kind, NodeKind::Seq(_)) && !t.flow && !t.items().is_empty() {
            Some(seq_chunks(self.t, t)?)
        } else {
            None
        };
        let blayout =
            e.b.map(|(_, b)| b)
                .filter(|b| matches!(b.kind, NodeKind::Seq(_)) && !b.flow && !b.items().is_empty())
                .and_then(|b| seq_chunks(self.b, b).ok());
        let first = ochunks[0].0;
        let last = ochunks[ochunks.len() - 1].1;
        if first < e.ochunk.0 || last > e.ochunk.1 {
            return unsupported("a list outside its key's lines");
        }
        let inner = |c: &[Span]| (c[0].0, c[c.len() - 1].1);
        let (head, tail) = match &tlayout {
            Some((tchunks, _)) => self.around(
                e,
                (first, last),
                inner(tchunks),
                blayout.as_ref().map(|(c, _)| inner(c)),
            )?,
            None => (
                self.o_lines(e.ochunk.0, first)?,
                self.o_lines(last, e.ochunk.1)?,
            ),
        };
        // An item's text on the other sides, for `keep_both`.
        let bspan = |oi: usize| -> Option<(Span, isize)> {
            let (chunks, bdash) = blayout.as_ref()?;
            let j = plan.ob[oi]?;
            Some((chunks[j], odash as isize - *bdash as isize))
        };
        let tspan = |ti: usize| -> Option<(Span, isize)> {
            let (chunks, tdash) = tlayout.as_ref()?;
            Some((chunks[ti], odash as isize - *tdash as isize))
        };
        let mut items = Vec::new();
        // Comment lines written directly above an item are about that
        // item: where one side's items go in between the other's, such
        // lines are carried down to the item they were above (see
        // `lead_in`), not left above an item someone else put in before it.
        let mut carry: Vec<String> = Vec::new();
        out.lines(head);
        let lead = (odash, tlayout.as_ref());
        self.emit_inserts(e, plan, 0, lead, &mut carry, &mut items, out)?;
        for (oi, step) in plan.steps.iter().enumerate() {
            let (cs, ce) = ochunks[oi];
            match (*step, plan.ob[oi]) {
                (Step::Drop, _) => {}
                // Our own new item: the lines above it in our text.
                (_, None) => lead_in(out, &mut carry, odash, &comments_above(self.o, cs, odash)),
                _ => out.lines(std::mem::take(&mut carry).concat()),
            }
            match *step {
                // Theirs in a layout we cannot place beside ours: as it is.
                Step::Theirs(ti) if tlayout.is_none() => {
                    let (text, val) = self.t_item(e, plan, ti, None, odash, tlayout.as_ref())?;
                    out.lines(text);
                    items.push(val);
                }
                // One side's item, with the other side's comments around it
                // where they merge: ours unchanged, or theirs.
                Step::Keep | Step::Theirs(_) => {
                    let (pick, ti, chosen) = match *step {
                        Step::Theirs(ti) => (Pick::Theirs, Some(ti), plan.tv[ti].clone()),
                        _ => (
                            Pick::Ours,
                            plan.ob[oi].and_then(|j| plan.bt[j]),
                            plan.ov[oi].clone(),
                        ),
                    };
                    let (text, complete) =
                        self.try_keep_both(pick, bspan(oi), (cs, ce), ti.and_then(tspan))?;
                    self.item_text(
                        e,
                        plan,
                        (oi, ti),
                        (cs, ce),
                        &chosen,
                        (text, complete),
                        odash,
                        tlayout.as_ref(),
                        out,
                    );
                    items.push(chosen);
                }
                Step::Drop => {}
                Step::Conflict(ti) => {
                    let theirs = match ti {
                        Some(ti) => self.t_item(e, plan, ti, None, odash, tlayout.as_ref())?.0,
                        None => String::new(),
                    };
                    out.conflict(self.o_lines(cs, ce)?, theirs);
                    items.push(plan.ov[oi].clone());
                }
                Step::Merge(j, ti) => {
                    let val = self.merge_item(
                        e,
                        plan,
                        (oi, j, ti),
                        (cs, ce),
                        tlayout.as_ref(),
                        odash,
                        out,
                    )?;
                    items.push(val);
                }
            }
            self.emit_inserts(e, plan, oi + 1, lead, &mut carry, &mut items, out)?;
        }
        out.lines(carry.concat());
        out.lines(tail);
        Ok(Val::Seq(items))
    }

    /// An item whose value one side wins: its text, or, when the other
    /// side's comments in it did not merge line by line, the item merged
    /// field by field (when that gives the same value).
    #[allow(clippy::too_many_arguments)]
    fn item_text(
        &mut self,
        e: &Entry,
        plan: &Plan,
        (oi, ti): (usize, Option<usize>),
        span: Span,
        chosen: &Val,
        (text, complete): (String, bool),
        odash: usize,
        tlayout: Option<&(Vec<Span>, usize)>,
        out: &mut Out,
    ) {
        if let (false, Some(ti), Some(j)) = (complete, ti, plan.ob[oi]) {
            let on = &as_list(e.o.1).unwrap_or(&[])[oi];
            let tn = &as_list(e.t.1).unwrap_or(&[])[ti];
            if is_block_map(on) && is_block_map(tn) {
                let saved = (self.report.clone(), self.next_action);
                let mut sub = Out::default();
                let merged = self.merge_item(e, plan, (oi, j, ti), span, tlayout, odash, &mut sub);
                (self.report, self.next_action) = saved;
                if merged.is_ok_and(|v| v == *chosen) && !sub.has_conflicts() {
                    out.append(sub);
                    return;
                }
            }
        }
        out.lines(text);
    }

    /// An item both sides edited: merge its fields.
    #[allow(clippy::too_many_arguments)]
    fn merge_item(
        &mut self,
        e: &Entry,
        plan: &Plan,
        (oi, j, ti): (usize, usize, usize),
        (cs, ce): Span,
        tlayout: Option<&(Vec<Span>, usize)>,
        odash: usize,
        out: &mut Out,
    ) -> R<Val> {
        let on = &as_list(e.o.1).unwrap_or(&[])[oi];
        let tn = &as_list(e.t.1).unwrap_or(&[])[ti];
        let bn = e.b.and_then(|(_, b)| as_list(b)).map(|items| &items[j]);
        let saved = (self.report.clone(), self.next_action);
        let attempt = (|| -> R<(Out, Val)> {
            let ochunks = map_chunks(self.o, on, None)?;
            let tchunks = map_chunks(self.t, tn, None)?;
            let bchunks = bn
                .filter(|b| is_block_map(b))
                .and_then(|b| map_chunks(self.b, b, None).ok());
            let (first, last) = (ochunks[0].0, ochunks[ochunks.len() - 1].1);
            if first < cs || last > ce {
                return unsupported("an item outside its lines");
            }
            let mut sub = Out::default();
            sub.raw(&self.o[cs..first]);
            let b = bn.filter(|b| matches!(b.kind, NodeKind::Map(_)));
            self.keep_our_id = plan.keep_our_id.contains(&ti);
            let val = self.map(
                false,
                b,
                bchunks.as_deref(),
                on,
                &ochunks,
                tn,
                &tchunks,
                &mut sub,
            );
            self.keep_our_id = false;
            let val = val?;
            // The comments after the item's last key, from both sides.
            let tail_of = |text: &str, item: Option<Span>, chunks: Option<&[Span]>| {
                let (cs, ce) = item?;
                let last = chunks?.last()?.1;
                (cs <= last && last <= ce && last <= text.len()).then_some((last, ce))
            };
            let tspan = tlayout
                .map(|(c, tdash)| (c[ti], odash as isize - *tdash as isize))
                .and_then(|(item, d)| Some((tail_of(self.t, Some(item), Some(&tchunks))?, d)));
            let bspan = bn
                .and_then(|b| seq_chunks(self.b, e.b?.1).ok().map(|l| (b, l)))
                .and_then(|(_, (c, bdash))| {
                    let span = tail_of(self.b, c.get(j).copied(), bchunks.as_deref())?;
                    Some((span, odash as isize - bdash as isize))
                });
            sub.lines(self.keep_both(Pick::Ours, bspan, (last, ce), tspan)?);
            Ok((sub, val))
        })();
        match attempt {
            Ok((sub, val)) => {
                out.append(sub);
                Ok(val)
            }
            Err(Fail::Conflict) => {
                (self.report, self.next_action) = saved;
                let theirs = self.t_item(e, plan, ti, None, odash, tlayout)?.0;
                out.conflict(self.o_lines(cs, ce)?, theirs);
                Ok(plan.ov[oi].clone())
            }
            Err(other) => Err(other),
        }
    }

    /// Their new items that go before our item `bucket`, each below the
    /// comment lines it has above it on their side (`lead_in`).
    #[allow(clippy::too_many_arguments)]
    fn emit_inserts(
        &mut self,
        e: &Entry,
        plan: &Plan,
        bucket: usize,
        (odash, tlayout): (usize, Option<&(Vec<Span>, usize)>),
        carry: &mut Vec<String>,
        items: &mut Vec<Val>,
        out: &mut Out,
    ) -> R<()> {
        for &ti in &plan.buckets[bucket] {
            let ins = plan.inserts[ti]
                .as_ref()
                .expect("bucketed items are inserts");
            if let Some((tchunks, tdash)) = tlayout {
                let above = comments_above(self.t, tchunks[ti].0, *tdash);
                lead_in(out, carry, odash, &above);
            }
            let (text, val) = self.t_item(e, plan, ti, ins.new_id.as_deref(), odash, tlayout)?;
            if ins.conflict {
                out.conflict(String::new(), text);
            } else {
                out.lines(text);
                items.push(val);
            }
        }
        Ok(())
    }

    /// Their item `ti` as lines for our list (dash at `odash`), with a new
    /// id when it was renumbered, and its value.
    fn t_item(
        &self,
        e: &Entry,
        plan: &Plan,
        ti: usize,
        new_id: Option<&str>,
        odash: usize,
        tlayout: Option<&(Vec<Span>, usize)>,
    ) -> R<(String, Val)> {
        let node = &as_list(e.t.1).unwrap_or(&[])[ti];
        let mut val = plan.tv[ti].clone();
        let text = match tlayout {
            Some((chunks, tdash)) => {
                let (cs, ce) = chunks[ti];
                let delta = odash as isize - *tdash as isize;
                match new_id {
                    None => lines_of(self.t, cs, ce, delta),
                    Some(new) => {
                        let id = node.get("id").ok_or(Fail::Conflict)?;
                        if id.start < cs || id.end > ce {
                            return Err(Fail::Conflict);
                        }
                        let edited = format!(
                            "{}{}{}",
                            &self.t[cs..id.start],
                            yaml::scalar(new),
                            &self.t[id.end..ce]
                        );
                        lines_of(&edited, 0, edited.len(), delta)
                    }
                }
                .ok_or(Fail::Unsupported("indentation".into()))?
            }
            None => {
                // Their list is in flow style: one item per line, if it fits.
                if new_id.is_some() {
                    return Err(Fail::Conflict);
                }
                let src = inline_text(self.t, node).ok_or(Fail::Conflict)?;
                format!("{}- {src}\n", " ".repeat(odash))
            }
        };
        if let (Some(new), Val::Map(m)) = (new_id, &mut val) {
            m.insert("id".into(), Val::Str(new.to_string()));
        }
        Ok((text, val))
    }

    /// Our list is empty or in flow style (`[a, b]`).
    fn list_other(&mut self, e: &Entry, plan: &Plan, out: &mut Out) -> R<Val> {
        let (o, t) = (e.o.1, e.t.1);
        let onodes = as_list(o).unwrap_or(&[]);
        let tnodes = as_list(t).unwrap_or(&[]);
        // The result in order, as (value, inline text, their index).
        let mut result: Vec<(Val, Option<String>, Option<usize>)> = Vec::new();
        let push_t = |result: &mut Vec<(Val, Option<String>, Option<usize>)>, ti: usize| -> R<()> {
            let ins = plan.inserts[ti].as_ref();
            if ins.is_some_and(|i| i.conflict || i.new_id.is_some()) {
                return Err(Fail::Conflict);
            }
            result.push((
                plan.tv[ti].clone(),
                inline_text(self.t, &tnodes[ti]),
                Some(ti),
            ));
            Ok(())
        };
        for &ti in &plan.buckets[0] {
            push_t(&mut result, ti)?;
        }
        for (oi, step) in plan.steps.iter().enumerate() {
            match *step {
                Step::Keep => {
                    result.push((plan.ov[oi].clone(), inline_text(self.o, &onodes[oi]), None))
                }
                Step::Drop => {}
                Step::Theirs(ti) => result.push((
                    plan.tv[ti].clone(),
                    inline_text(self.t, &tnodes[ti]),
                    Some(ti),
                )),
                Step::Conflict(_) | Step::Merge(..) => return Err(Fail::Conflict),
            }
            for &ti in &plan.buckets[oi + 1] {
                push_t(&mut result, ti)?;
            }
        }
        let val = Val::Seq(result.iter().map(|(v, _, _)| v.clone()).collect());
        if result.is_empty() && onodes.is_empty() {
            out.lines(self.o_lines(e.ochunk.0, e.ochunk.1)?);
            return Ok(Val::of(o));
        }
        let (ls, key_col) = (line_start(self.o, e.ochunk.0), col(self.o, e.o.0.start));
        let t_block = matches!(t.kind, NodeKind::Seq(_)) && !t.flow && !tnodes.is_empty();
        if !(onodes.is_empty() && t_block) {
            // Stay in flow style (`[a, b]`), where every item fits on the line.
            if !(o.flow || onodes.is_empty() && t.flow) {
                return Err(Fail::Conflict);
            }
            let texts: Option<Vec<String>> = result.iter().map(|(_, s, _)| s.clone()).collect();
            let texts = texts.ok_or(Fail::Conflict)?;
            let (vs, ve) = value_span(self.o, e.o.0, o);
            let sep = if o.is_empty_scalar() { " " } else { "" };
            // The comment after the list on its line: each side's is kept.
            let trail = |text: &str, key: &Node, node: &Node| {
                let (_, ve) = value_span(text, key, node);
                text[ve..line_end(text, ve)].trim().to_string()
            };
            let (ot, tt) = (trail(self.o, e.o.0, o), trail(self.t, e.t.0, t));
            let bt = e.b.map(|(k, v)| trail(self.b, k, v)).unwrap_or_default();
            let comment = if ot == bt || ot.is_empty() {
                tt
            } else if tt == bt || tt == ot || tt.is_empty() {
                ot
            } else {
                format!("{ot}  {tt}")
            };
            let eol = line_end(self.o, ve).min(e.ochunk.1.max(ve));
            let gap = if comment.is_empty() { "" } else { "  " };
            let text = format!(
                "{}{sep}[{}]{gap}{comment}\n{}",
                &self.o[ls..vs],
                texts.join(", "),
                &self.o[eol..e.ochunk.1.max(eol)]
            );
            let lines = lines_of(&text, e.ochunk.0 - ls, text.len(), 0)
                .ok_or(Fail::Unsupported("indentation".into()))?;
            out.lines(lines);
            return Ok(val);
        }
        // Our list was empty: write their items as a block list under the
        // key, after the questions (comments) under it.
        let (tchunks, tdash) = seq_chunks(self.t, t)?;
        let dash = key_col + 2;
        let mut items = String::new();
        for (_, _, ti) in &result {
            let ti = ti.ok_or(Fail::Conflict)?;
            let (cs, ce) = tchunks[ti];
            items.push_str(
                &lines_of(self.t, cs, ce, dash as isize - tdash as isize)
                    .ok_or(Fail::Unsupported("indentation".into()))?,
            );
        }
        let (_, ve) = value_span(self.o, e.o.0, o);
        let colon = colon_after(self.o, e.o.0.end).ok_or(Fail::Conflict)?;
        let eol = line_end(self.o, colon);
        let sections = after_section_comments(self.o, eol, key_col).clamp(eol, e.ochunk.1.max(eol));
        // What followed the value on the key's line (a comment) stays.
        let rest = self.o[ve.max(colon + 1).min(eol)..eol].trim();
        let mut text = String::new();
        text.push_str(&self.o[ls..colon + 1]);
        if !rest.is_empty() {
            text.push(' ');
            text.push_str(rest);
        }
        text.push('\n');
        text.push_str(&self.o[eol..sections]);
        text.push_str(&items);
        text.push_str(&self.o[sections..e.ochunk.1.max(sections)]);
        let lines = lines_of(&text, e.ochunk.0 - ls, text.len(), 0)
            .ok_or(Fail::Unsupported("indentation".into()))?;
        out.lines(lines);
        Ok(val)
    }
}

/// Before an item that one side put in between the other's: of the
/// comment lines directly above the place (the end of the text so far,
/// and those carried down to it), the ones the newcomer has above it on
/// its own side too (`own`, without indentation: a comment both sides
/// have, the questions under the key when its side put it below them)
/// stay there; the others were written above another item and are
/// carried down to the next item that both sides have.
fn lead_in(out: &mut Out, carry: &mut Vec<String>, odash: usize, own: &[&str]) {
    let lines: Vec<String> = carry
        .drain(..)
        .chain(out.take_trailing_comments(odash))
        .collect();
    let (stay, down): (Vec<String>, Vec<String>) =
        lines.into_iter().partition(|l| own.contains(&l.trim()));
    out.lines(stay.concat());
    *carry = down;
}

/// A line's indentation and key, up to its colon (`    text:`), or a list
/// item's first key (`  - at:`).
fn key_prefix(line: &str) -> Option<&str> {
    let colon = line
        .find(": ")
        .or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
    let key = line[..colon].trim_start_matches([' ', '-']);
    (!key.is_empty() && !key.contains(['#', '"', '\'', '[', '{'])).then_some(&line[..colon + 1])
}

/// Which side's text a part of the result is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Ours,
    Theirs,
}

/// Whether two runs of lines (a key, a list item, the comments between)
/// mean the same: the same value, and as many lines that are not blank or
/// comments.
fn same_meaning(a: &str, b: &str) -> bool {
    let content = |s: &str| {
        s.lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count()
    };
    if content(a) != content(b) {
        return false;
    }
    let parse = |s: &str| -> Option<Val> {
        let indent = s
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        let text = lines_of(s, 0, s.len(), -(indent as isize))?;
        yaml::parse_tree(&text).ok().map(|t| Val::of(&t))
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Their side of a mapping being merged.
struct MapCtx<'c> {
    top: bool,
    tchunks: &'c [Span],
    tkeys: &'c [String],
    tvals: &'c [Val],
    delta: isize,
}

/// A key of a mapping both sides changed, with everything about it.
struct Entry<'n> {
    top: bool,
    key: &'n str,
    b: Option<(&'n Node, &'n Node)>,
    bchunk: Option<Span>,
    o: (&'n Node, &'n Node),
    ochunk: Span,
    t: (&'n Node, &'n Node),
    tchunk: Span,
    /// Their indentation to ours.
    delta: isize,
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Keep,
    Drop,
    Theirs(usize),
    Merge(usize, usize),
    Conflict(Option<usize>),
}

#[derive(Debug, Clone)]
struct Insert {
    conflict: bool,
    new_id: Option<String>,
}

impl Insert {
    fn add() -> Insert {
        Insert {
            conflict: false,
            new_id: None,
        }
    }
}

struct Plan {
    /// Their items that keep our id where they are merged with ours.
    keep_our_id: HashSet<usize>,
    /// Our items' base items, and the base items' items on their side.
    ob: Vec<Option<usize>>,
    bt: Vec<Option<usize>>,
    steps: Vec<Step>,
    buckets: Vec<Vec<usize>>,
    inserts: Vec<Option<Insert>>,
    ov: Vec<Val>,
    tv: Vec<Val>,
}

fn is_block_map(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Map(_)) && !node.flow && !node.entries().is_empty()
}

/// The items of a list; an empty value (`key:`, `~`) is an empty list.
fn as_list(node: &Node) -> Option<&[Node]> {
    match &node.kind {
        NodeKind::Seq(items) => Some(items),
        NodeKind::Scalar {
            style: Style::Plain,
            ..
        } if node.is_null() => Some(&[]),
        _ => None,
    }
}

/// An action item's `id`, when it has one.
pub(super) fn id_of(v: &Val) -> Option<&str> {
    v.get("id")?.as_str()
}

/// An action item without its `id`: what it says, whatever it is called.
pub(super) fn without_id(v: &Val) -> Val {
    match v {
        Val::Map(m) => Val::Map(
            m.iter()
                .filter(|(k, _)| *k != "id")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn action_number(id: &str) -> Option<u64> {
    id.trim().strip_prefix(['A', 'a'])?.parse().ok()
}

fn unique_ids(items: &[Val]) -> bool {
    let mut seen = HashSet::new();
    items
        .iter()
        .all(|v| id_of(v).is_some_and(|id| seen.insert(id)))
}

/// Whether a merge commit in a side's history (`ids`, see `history.rs`)
/// gave the base item `base` the id it has on that side.
fn by_a_merge(ids: &HashMap<String, String>, base: &Val, side: &Val) -> bool {
    id_of(base).and_then(|id| ids.get(id)).map(String::as_str) == id_of(side)
}

/// Whether a side left a base item as it was. An action item a merge
/// renumbered is unchanged when only its id differs: removing it on the
/// other side removes it (it is the same item, followed by content).
fn unchanged(kind: Kind, base: &Val, side: &Val) -> bool {
    match kind {
        Kind::Actions => without_id(base) == without_id(side),
        _ => base == side,
    }
}

/// What identifies an item written on both sides: its value; for a
/// timeline entry with its `at` as the instant (in UTC), so that
/// `09:45:00Z` and `10:45:00+01:00` are one entry.
fn same_key(kind: Kind, v: &Val) -> Val {
    match (kind, v, at_of(v)) {
        (Kind::Timeline, Val::Map(m), Some(at)) => {
            let mut m = m.clone();
            let utc = at.with_timezone(&chrono::Utc);
            m.insert("at".into(), Val::Str(utc.to_rfc3339()));
            Val::Map(m)
        }
        _ => v.clone(),
    }
}

/// A timeline entry without its time: what stays when it is re-timed.
fn without_at(v: &Val) -> Val {
    match v {
        Val::Map(m) => Val::Map(
            m.iter()
                .filter(|(k, _)| *k != "at")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn at_of(v: &Val) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(v.get("at")?.as_str()?.trim()).ok()
}

/// Pair each base item with an item of one side: `(base -> side, side -> base)`.
/// `ids`: the side's ids of base items a merge in its history renumbered
/// (base id → side id); the side's item under the base id is then another one.
fn match_items(
    kind: Kind,
    base: &[Val],
    side: &[Val],
    ids: &HashMap<String, String>,
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut bs = vec![None; base.len()];
    let mut sb = vec![None; side.len()];
    if kind == Kind::Actions {
        let index: HashMap<&str, usize> = side
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((id_of(v)?, i)))
            .collect();
        // The id each base item has on that side, as far as ids tell.
        let side_id = |j: usize| id_of(&base[j]).map(|id| ids.get(id).map_or(id, String::as_str));
        fn pair(bs: &mut [Option<usize>], sb: &mut [Option<usize>], j: usize, i: usize) {
            bs[j] = Some(i);
            sb[i] = Some(j);
        }
        // 1. The item under that id, as it was.
        for (j, item) in base.iter().enumerate() {
            if let Some(&i) = side_id(j).and_then(|id| index.get(id))
                && sb[i].is_none()
                && without_id(&side[i]) == without_id(item)
            {
                pair(&mut bs, &mut sb, j, i);
            }
        }
        // 2. Where a merge in the side's history renumbered the item, the
        // id it has there is the item, changed or not.
        for j in 0..base.len() {
            let followed = id_of(&base[j]).is_some_and(|id| ids.contains_key(id));
            if bs[j].is_none()
                && followed
                && let Some(&i) = side_id(j).and_then(|id| index.get(id))
                && sb[i].is_none()
            {
                pair(&mut bs, &mut sb, j, i);
            }
        }
        // 3. An item an earlier merge renumbered is the same content under
        // a new id: match it by content, so that a later change to it (a
        // rebased `pm action done`) follows it rather than its old id,
        // also along a chain of renumberings (your A1 now A2, your A2 now
        // A3), where its old id is held by another renumbered item.
        for j in 0..base.len() {
            if bs[j].is_some() {
                continue;
            }
            let content = without_id(&base[j]);
            if let Some(k) =
                (0..side.len()).find(|&k| sb[k].is_none() && without_id(&side[k]) == content)
            {
                pair(&mut bs, &mut sb, j, k);
            }
        }
        // 4. An item that side renumbered and also changed (closed it,
        // gave it another owner: a `git merge` sees both at once) is the
        // one item there with its title under an id new to the list, when
        // the item under its old id, if any, is another one (another
        // title): rather than that other item, or the item taken as
        // deleted and written again.
        let base_ids: HashSet<&str> = base.iter().filter_map(id_of).collect();
        fn title(v: &Val) -> Option<&str> {
            v.get("title").and_then(Val::as_str).map(str::trim)
        }
        for j in 0..base.len() {
            let Some(t) = title(&base[j]).filter(|t| !t.is_empty()) else {
                continue;
            };
            let holder = side_id(j).and_then(|id| index.get(id));
            if bs[j].is_some() || holder.is_some_and(|&i| title(&side[i]) == Some(t)) {
                continue;
            }
            let same_title = |v: &Val| title(v) == Some(t);
            let candidates: Vec<usize> = (0..side.len())
                .filter(|&i| sb[i].is_none() && same_title(&side[i]))
                .filter(|&i| id_of(&side[i]).is_some_and(|id| !base_ids.contains(id)))
                .collect();
            let rivals = (0..base.len())
                .filter(|&k| bs[k].is_none() && same_title(&base[k]))
                .count();
            if let ([i], 1) = (candidates.as_slice(), rivals) {
                let i = *i;
                pair(&mut bs, &mut sb, j, i);
            }
        }
        // 5. The rest by id: an item changed on that side keeps its id.
        for j in 0..base.len() {
            if bs[j].is_none()
                && let Some(&i) = side_id(j).and_then(|id| index.get(id))
                && sb[i].is_none()
            {
                pair(&mut bs, &mut sb, j, i);
            }
        }
        return (bs, sb);
    }
    let mut index: HashMap<Val, VecDeque<usize>> = HashMap::new();
    for (i, v) in side.iter().enumerate() {
        index.entry(same_key(kind, v)).or_default().push_back(i);
    }
    for (j, v) in base.iter().enumerate() {
        if let Some(i) = index
            .get_mut(&same_key(kind, v))
            .and_then(VecDeque::pop_front)
        {
            bs[j] = Some(i);
            sb[i] = Some(j);
        }
    }
    if kind == Kind::Timeline {
        // An entry whose time stayed while its text changed is the same
        // entry, edited.
        let mut by_at: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (i, v) in side.iter().enumerate() {
            if sb[i].is_none()
                && let Some(at) = v.get("at").and_then(Val::as_str)
            {
                by_at.entry(at).or_default().push_back(i);
            }
        }
        for (j, v) in base.iter().enumerate() {
            if bs[j].is_some() {
                continue;
            }
            if let Some(i) = v
                .get("at")
                .and_then(Val::as_str)
                .and_then(|at| by_at.get_mut(at))
                .and_then(VecDeque::pop_front)
            {
                bs[j] = Some(i);
                sb[i] = Some(j);
            }
        }
        // An entry whose time changed while all else stayed is the same
        // entry, re-timed, when nothing else left has that content on
        // either side: then a time changed differently on both sides, or
        // changed on one and the entry deleted on the other, is a conflict
        // rather than two entries (or a deleted one back).
        let unmatched_b: Vec<usize> = (0..base.len()).filter(|&j| bs[j].is_none()).collect();
        let unmatched_s: Vec<usize> = (0..side.len()).filter(|&i| sb[i].is_none()).collect();
        for &j in &unmatched_b {
            let rest = without_at(&base[j]);
            let in_base = unmatched_b
                .iter()
                .filter(|&&k| without_at(&base[k]) == rest)
                .count();
            let in_side: Vec<usize> = unmatched_s
                .iter()
                .copied()
                .filter(|&i| without_at(&side[i]) == rest)
                .collect();
            if let ([i], 1) = (in_side.as_slice(), in_base) {
                bs[j] = Some(*i);
                sb[*i] = Some(j);
            }
        }
        // An entry re-timed and reworded (`pm timeline edit --at`, then
        // `--text`) is still the same entry when it is the one left of its
        // kind whose text is near: so that a re-time on the other side
        // meets it in one conflict, not as an entry deleted here and
        // another one added.
        let unmatched_b: Vec<usize> = (0..base.len()).filter(|&j| bs[j].is_none()).collect();
        let unmatched_s: Vec<usize> = (0..side.len()).filter(|&i| sb[i].is_none()).collect();
        let pairs: Vec<(usize, usize)> = unmatched_b
            .iter()
            .flat_map(|&j| unmatched_s.iter().map(move |&i| (j, i)))
            .filter(|&(j, i)| near(&base[j], &side[i]))
            .collect();
        for &(j, i) in &pairs {
            let once = pairs.iter().filter(|p| p.0 == j || p.1 == i).count() == 1;
            if once {
                bs[j] = Some(i);
                sb[i] = Some(j);
            }
        }
    }
    (bs, sb)
}

/// Two timeline entries of one kind whose texts are near: one holds the
/// other, or they share at least half the words of the shorter.
fn near(a: &Val, b: &Val) -> bool {
    let text = |v: &Val| v.get("text").and_then(Val::as_str).map(str::to_lowercase);
    let (Some(x), Some(y)) = (text(a), text(b)) else {
        return false;
    };
    if a.get("kind") != b.get("kind") || x.trim().is_empty() || y.trim().is_empty() {
        return false;
    }
    if x.contains(&y) || y.contains(&x) {
        return true;
    }
    let words = |s: &str| -> HashSet<String> { s.split_whitespace().map(String::from).collect() };
    let (wx, wy) = (words(&x), words(&y));
    let shorter = wx.len().min(wy.len());
    shorter > 0 && 2 * wx.intersection(&wy).count() >= shorter
}

/// The chunks of a block mapping's entries: from each key's line (or the
/// key itself, for the first key of a list item) to the next key; the last
/// runs to `last_end`, else to the end of its value and the comments
/// indented under it.
fn map_chunks(text: &str, map: &Node, last_end: Option<usize>) -> R<Vec<Span>> {
    let entries = map.entries();
    if entries.is_empty() || map.flow {
        return unsupported("not a block mapping");
    }
    let mut starts = Vec::with_capacity(entries.len());
    for (i, (k, _)) in entries.iter().enumerate() {
        let ls = line_start(text, k.start);
        if text[ls..k.start].trim().is_empty() {
            starts.push(ls);
        } else if i == 0 {
            starts.push(k.start);
        } else {
            return unsupported("two keys on one line");
        }
    }
    let n = entries.len();
    let mut chunks = Vec::with_capacity(n);
    for i in 0..n {
        let end = if i + 1 < n {
            starts[i + 1]
        } else {
            match last_end {
                Some(end) => end,
                None => {
                    let (k, v) = &entries[n - 1];
                    let after = after_node(text, v.end.max(k.end));
                    after_section_comments(text, after, col(text, k.start))
                }
            }
        };
        if end < starts[i] {
            return unsupported("overlapping entries");
        }
        chunks.push((starts[i], end));
    }
    Ok(chunks)
}

/// The chunks of a block list's items (from each dash's line to the next),
/// and the column of the dashes.
fn seq_chunks(text: &str, seq: &Node) -> R<(Vec<Span>, usize)> {
    let items = seq.items();
    let mut starts = Vec::with_capacity(items.len());
    let mut dash_col = None;
    for item in items {
        let before = text[..item.start].trim_end_matches([' ', '\n', '\t']);
        if !before.ends_with('-') {
            return unsupported("a list item without its dash");
        }
        let dash = before.len() - 1;
        let ls = line_start(text, dash);
        if !text[ls..dash].trim().is_empty() {
            return unsupported("a list nested on one line");
        }
        dash_col.get_or_insert(dash - ls);
        starts.push(ls);
    }
    let Some(dash_col) = dash_col else {
        return unsupported("an empty list");
    };
    let n = items.len();
    let mut chunks = Vec::with_capacity(n);
    for i in 0..n {
        let end = if i + 1 < n {
            starts[i + 1]
        } else {
            after_section_comments(text, after_node(text, items[n - 1].end), dash_col)
        };
        if end < starts[i] {
            return unsupported("overlapping items");
        }
        chunks.push((starts[i], end));
    }
    Ok((chunks, dash_col))
}

/// An item's text when it fits in a flow list on one line.
fn inline_text(text: &str, node: &Node) -> Option<String> {
    let src = &text[node.start..node.end];
    if src.contains('\n') {
        return None;
    }
    match &node.kind {
        NodeKind::Scalar { value, style } => match style {
            Style::Literal | Style::Folded => None,
            Style::Plain if src.contains([',', '[', ']', '{', '}']) || src.contains(": ") => {
                Some(yaml::scalar(value))
            }
            _ => Some(src.to_string()),
        },
        NodeKind::Seq(_) | NodeKind::Map(_) if node.flow => Some(src.to_string()),
        _ => None,
    }
}

/// The bytes of a value after its key, including a block scalar's header.
fn value_span(text: &str, key: &Node, value: &Node) -> Span {
    let colon = colon_after(text, key.end).unwrap_or(key.end);
    if value.is_empty_scalar() {
        return (colon + 1, colon + 1);
    }
    let start = text[colon + 1..value.start]
        .find(|c: char| !c.is_whitespace())
        .map_or(value.start, |p| colon + 1 + p);
    let end = if value.flow {
        flow_end(text, value.start)
            .unwrap_or(value.end)
            .min(value.end)
    } else {
        value.end
    };
    (start.min(value.start), end)
}

/// Where a flow collection starting at `start` closes (after its `]` or
/// `}`): the parser's span can run on over a comment after it.
fn flow_end(text: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = text[start..].char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        let before = std::mem::replace(&mut prev, c);
        let prev = before;
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => {
                if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            (Some(_), _) => {}
            // A quote starts a quoted scalar only where one can begin.
            (None, '"' | '\'') if matches!(prev, '[' | '{' | ',' | ':' | ' ') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(start + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn colon_after(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let off = rest.find(':')?;
    rest[..off].trim().is_empty().then_some(pos + off)
}
