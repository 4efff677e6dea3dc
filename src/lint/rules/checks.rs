//! The checks of the first rule families (human error, person as cause,
//! omission, counterfactual and hindsight, character, minimising, fault,
//! rule-breaking, naming), one sentence-sized text at a time.

use super::*;

pub(super) fn check_sentence(
    p: &Patterns,
    l: &str,
    o: &str,
    toks: &[Token],
    base: usize,
    ctx: &Context,
    hits: &mut Vec<Hit>,
) {
    // `lower` softens a finding to a warning where the words judge a thing
    // or come with their explanation.
    let mut push = |lower: bool, rule: &'static str, start: usize, end: usize| {
        let severity = info(rule).map_or(Severity::Error, |r| r.severity);
        // "did not notice the alert because it was buried among 200
        // others": an act told with its reason is the account a blameless
        // review asks for; still worth a look, not a failed build.
        let explained = !lower
            && matches!(
                rule,
                "judged-omission" | "person-as-cause" | "rule-breaking"
            )
            && explains(&l[end..sentence_end(l, end)]);
        let severity = if lower || explained {
            severity.max(Severity::Warning)
        } else {
            severity
        };
        hits.push(Hit {
            rule,
            start: base + start,
            end: base + end,
            severity,
            note: if explained {
                Some("the sentence gives the reason")
            } else {
                lower.then_some("the evidence is partial")
            },
            detail: None,
        });
    };

    // Human-error labels.
    for m in p.human_error.find_iter(l) {
        if m.as_str().starts_with("operator") && program_operator(l, o, toks, m.start()) {
            continue;
        }
        if let Some(reading) = label_reading(p, l, m.start(), m.end()) {
            // "Human error is a topic of intense scrutiny", "computer
            // system failures, human error, process flaws": the label
            // named but not given as this incident's cause is worth a
            // look; "the root cause was human error" is the finding pm
            // exists to stop. Slang for the act ("fat-fingered", "PEBKAC")
            // is always said of someone.
            let named_only = !reading.causal
                && [
                    "error",
                    "mistake",
                    "slip",
                    "failure",
                    "failing",
                    "blunder",
                    "oversight",
                ]
                .iter()
                .any(|w| m.as_str().contains(w));
            push(
                reading.concept || named_only,
                "human-error",
                m.start(),
                m.end(),
            );
        }
    }
    // "Due to maintainer error": a role the lexicon knows as a person
    // (not one that also names a program, nor one the list above has);
    // an error after a causal word.
    let labels: Vec<(usize, usize)> = p
        .human_error
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for caps in p.role_error.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let who = caps.captured().map_or("", |g| g.as_str());
        let role = (is_person_word(who) || who == "one-man" || who == "one-person")
            && !matches!(
                who,
                "user" | "users" | "driver" | "client" | "human" | "people"
            )
            && !LEX.program_roles.has_noun(who)
            && !LEX.context_program_roles.has_noun(who);
        if !role || overlaps_any(&labels, m.start(), m.end()) {
            continue;
        }
        if let Some(reading) = label_reading(p, l, m.start(), m.end()) {
            push(
                reading.concept || !reading.causal,
                "human-error",
                m.start(),
                m.end(),
            );
        }
    }
    // A slip of a role given as the cause ("a controller mistake ... as
    // the cause"): the roles that name programs too are let in when the
    // sentence is not about programs. A warning.
    for caps in p.role_lapse.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let who = caps.captured().map_or("", |g| g.as_str());
        let program_role = LEX.program_roles.has_noun(who)
            || LEX.context_program_roles.has_noun(who)
            || LEX.ambiguous_roles.has_noun(who);
        let role = (is_person_word(who) || program_role)
            && (!program_role || !about_programs(toks, m.start()));
        if !role || overlaps_any(&labels, m.start(), m.end()) {
            continue;
        }
        if let Some(reading) = label_reading(p, l, m.start(), m.end())
            && reading.causal
            && !reading.concept
        {
            push(true, "human-error", m.start(), m.end());
        }
    }
    // "User error" names a person only as a cause ("was user error").
    for m in p.user_error_cause.find_iter(l) {
        if let Some(reading) = label_reading(p, l, m.start(), m.end())
            && reading.causal
        {
            push(false, "human-error", m.start(), m.end());
        }
    }

    // A person as the subject of a destructive or causal verb.
    for m in p.destructive.find_iter(l) {
        // "He accidentally stepped on a rooflight": harm suffered.
        let mishap = m
            .as_str()
            .split_once(' ')
            .is_some_and(|(_, verb)| LEX.mishap_motions.has_exact(verb));
        if !mishap && ctx.subject(toks, m.start()) == Subject::Person && !negated(l, m.start()) {
            // "mistakenly believed ...": a warning (see mistake-act).
            let belief = m.as_str().rsplit(' ').next().is_some_and(belief_verb);
            // "Mrs A's sample had been wrongly labelled": in a passive the
            // subject is what the slip was done to (see mistake-act).
            let adverb = m.as_str().split(' ').next().unwrap_or("");
            let passive = adverb.ends_with("ly")
                && slip_in_passive(l, m.start(), adverb)
                && !by_person(ctx, l, m.end());
            push(belief || passive, "person-as-cause", m.start(), m.end());
        }
    }
    for (caps, soft) in p
        .caused_by_person
        .iter()
        .flat_map(|(r, soft)| r.captures_iter(l).map(move |c| (c, *soft)))
    {
        let whole = caps.get(0).expect("match");
        // "a system that can easily be broken by an intern" describes the
        // system, not what anyone did.
        let before: Vec<&str> = l[..whole.start()]
            .split_whitespace()
            .rev()
            .take(3)
            .collect();
        if before.first() == Some(&"be")
            && before
                .iter()
                .any(|w| matches!(*w, "can" | "could" | "may" | "might" | "cannot"))
        {
            continue;
        }
        // The agent: the first word of the phrase after "by" that names a
        // person or a thing ("an inexperienced engineer" -> engineer;
        // "a bug the engineer introduced" -> bug).
        let (who, who_original) = caps
            .captured()
            .map(|g| {
                let not_word = |c: char| !c.is_alphanumeric() && c != '@';
                let words: Vec<(&str, &str)> = g
                    .as_str()
                    .split(' ')
                    .zip(o[g.start()..g.end()].split(' '))
                    .map(|(w, wo)| (w.trim_matches(not_word), wo.trim_matches(not_word)))
                    .collect();
                let is_person = |w: &str| {
                    let bare = text::without_possessive(w);
                    is_person_word(bare)
                        || ctx.is_known_person(bare)
                        || w.starts_with('@')
                        || LEX.first_names.has_exact(bare)
                };
                let mut pick = ("", "");
                for (i, &(w, wo)) in words.iter().enumerate() {
                    // "the developer tooling", "the admin console": a
                    // person word naming a thing.
                    let names_thing = words.get(i + 1).is_some_and(|&(next, _)| {
                        is_system_word(next) || LEX.artefacts.has_exact(next)
                    });
                    if is_person(w) {
                        pick = if names_thing { words[i + 1] } else { (w, wo) };
                        break;
                    }
                    if is_system_word(text::without_possessive(w)) {
                        // "a network engineer", "technical staff": a
                        // system word that names the person's trade.
                        if let Some(&(next, next_o)) = words.get(i + 1)
                            && is_person_word(text::without_possessive(next))
                        {
                            pick = (next, next_o);
                        }
                        break;
                    }
                    if pick.0.is_empty() {
                        pick = (w, wo);
                    }
                }
                pick
            })
            .unwrap_or(("", ""));
        let followed_by_error = l[whole.end()..].trim_start().starts_with("error");
        // The acts of soft patterns are everyday work: a person as their
        // agent is blame only where the sentence already judges what was
        // done ("a typo entered by"), or the act is a mishap. "A database
        // admin's query": the person owns the thing that was the cause.
        if soft {
            let verb = whole.as_str().split(' ').next().unwrap_or("");
            let from = sentence_start(l, whole.start(), &['.', '!', '?', '\n']);
            let sentence = &l[from..sentence_end(l, whole.end())];
            let judged = matches!(
                verb,
                "wiped"
                    | "erased"
                    | "mishandled"
                    | "traced"
                    | "attributable"
                    | "attributed"
                    | "pinned"
            ) || sentence
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.judged_act_words.has_exact(w));
            let owner = who.ends_with("'s") || l[whole.end()..].starts_with("'s");
            if !judged || owner {
                continue;
            }
        }
        let person = !followed_by_error
            && (is_person_word(who)
                || ctx.is_known_person(who)
                || who.starts_with('@')
                || (LEX.first_names.has_exact(who)
                    && who_original.starts_with(|c: char| c.is_uppercase())));
        // "mistakes that are caused by us": the team owning its part, as
        // "we" as the subject is (a warning).
        let owned = matches!(who, "us" | "me" | "myself" | "ourselves");
        // "Escalating a coworker's mistake is not pleasant", "getting
        // blamed for a colleague's screw-up": anyone's, not someone's in
        // the story; worth a look.
        let anyones = whole.as_str().contains("'s ")
            && matches!(
                word_before(l, whole.start()),
                "a" | "an" | "any" | "every" | "another" | "someone" | "somebody"
            );
        if person && !negated(l, whole.start()) {
            push(
                soft || owned || anyones,
                "person-as-cause",
                whole.start(),
                whole.end(),
            );
        } else if !soft
            && !followed_by_error
            && whole.as_str().contains(" by ")
            && org_agent(caps.captured().map_or("", |g| g.as_str()))
            && !negated(l, whole.start())
        {
            // "The outage was caused by the vendor": an organisation given
            // as the cause, judged as a person would be (attack 60).
            push(true, "organisation-as-actor", whole.start(), whole.end());
        }
    }

    // Judging by omission.
    for m in p.omission_inherent.find_iter(l) {
        // "neglected nothing; the procedure was missing a step".
        if l[m.end()..].starts_with(" nothing") {
            continue;
        }
        // "A neglected cron job", "the forgotten host": a thing described.
        let attributive = matches!(m.as_str(), "neglected" | "forgot")
            && matches!(
                word_before(l, m.start()),
                "a" | "an" | "the" | "this" | "that" | "our" | "its"
            );
        if attributive {
            continue;
        }
        // "Why did the smoke test pass?": a why asked of a thing, as the
        // five whys ask; of a person ("why did the reviewer not check")
        // it stays.
        let asked_of_thing = m.as_str().starts_with("why ") && {
            let words: Vec<&str> = m.as_str().split(' ').skip(2).collect();
            words.first() == Some(&"the")
                && !words[1..]
                    .iter()
                    .any(|w| is_person_word(w) || ctx.is_known_person(w))
        };
        if asked_of_thing {
            continue;
        }
        let subject = ctx.subject_of_hit(toks, m.start(), m.as_str());
        // "Build is currently broken, forgot to resolve some issues": the
        // subject left out after a comma or at the start is the writer, a
        // warning as "I forgot" is.
        let elided = m.as_str().starts_with("forg") && {
            let before =
                l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()].trim_end();
            before.is_empty() || before.ends_with(',')
        };
        match subject {
            _ if elided && subject != Subject::Person => {
                push(true, "judged-omission", m.start(), m.end())
            }
            Subject::Person => push(false, "judged-omission", m.start(), m.end()),
            Subject::Unknown if !m.as_str().starts_with("failed") => {
                push(false, "judged-omission", m.start(), m.end())
            }
            _ => {}
        }
    }
    for m in p.omission_did_not.find_iter(l) {
        if p.no_comment.is_match(&l[m.start()..]) {
            continue;
        }
        // "Marriner was forced to apologise after failing to red card the
        // right player": the person the sentence is about failed, unless
        // it was an attempt ("after failing to connect").
        let after_failing = m.as_str().starts_with("failing to")
            && matches!(word_before(l, m.start()), "after" | "for" | "despite")
            && !LEX
                .attempt_verbs
                .has_exact(m.as_str().rsplit(' ').next().unwrap_or(""))
            && ctx.mentions_person(toks, m.start());
        // "He returned shortly but did not realize the agitator was off":
        // what someone did not grasp, as "did not know" below, is as often
        // a fair account as a judgement; a warning. ("Failed to realise"
        // judges; "did not notice the alert" stays an error unless its
        // reason is told: what someone could have seen.)
        let unaware = !m.as_str().starts_with("fail")
            && matches!(
                m.as_str().rsplit(' ').next().unwrap_or(""),
                "realise" | "realize" | "recognise" | "recognize" | "appreciate" | "understand"
            );
        // "The NOC doesn't escalate and instead watches the lag": the
        // present tense tells how a process runs as often as what someone
        // left undone; a warning.
        let present = m.as_str().starts_with("does");
        if after_failing || ctx.subject(toks, m.start()) == Subject::Person {
            push(unaware || present, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.inaction.find_iter(l) {
        // "he was doing what he was supposed to be doing", "the on-call
        // did nothing wrong" judge nothing.
        if l[m.end()..].starts_with(" be doing") || l[m.end()..].starts_with(" wrong") {
            continue;
        }
        // "did what she was supposed to do", "the documentation he was
        // supposed to follow": what was expected, not a failing.
        let supposed = m.as_str().contains("supposed");
        if supposed
            && l[..m.start()]
                .split_whitespace()
                .rev()
                .nth(1)
                .is_some_and(|w| matches!(w, "what" | "that" | "which" | "as"))
        {
            continue;
        }
        // "was unaware", "did not know": a state, often a fair account of
        // what someone could see; "was supposed to": an expectation, as
        // often told as judged. A warning.
        let state = supposed || m.as_str().contains("aware") || m.as_str().contains("know");
        // "The lifeguard didn't know that the victim was out of the
        // water": what someone could not have seen, told as the account.
        let told_fact = m.as_str().contains("know") && l[m.end()..].starts_with(" that ");
        if ctx.subject(toks, m.start()) == Subject::Person && !told_fact {
            push(state, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.omission_failed.find_iter(l) {
        // "failed to get a response", "failed to find the root cause": an
        // attempt that did not succeed, not a duty left undone.
        let verb = m.as_str().rsplit(' ').next().unwrap_or("");
        if LEX.attempt_verbs.has_exact(verb) {
            continue;
        }
        // "228 calls failed to go through": a connection, not a duty.
        if verb == "go" && l[m.end()..].starts_with(" through") {
            continue;
        }
        // "a computer which stopped working and failed to boot": the
        // subject is what "which" stands for, a thing.
        let clause = &l[sentence_start(l, m.start(), &['.', '!', '?', '\n', ',', ';'])..m.start()];
        if clause.split(' ').any(|w| w == "which") {
            continue;
        }
        if ctx.subject(toks, m.start()) == Subject::Person {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.missed.find_iter(l) {
        if ctx.subject(toks, m.start()) != Subject::System {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    // "The backup was never tested by the DBA", "the runbook was treated as
    // optional by the on-call team": the person after "by" is the doer.
    for m in p.passive_by_person.find_iter(l) {
        if object_is_person(ctx, l, m.end()) && !negated(l, m.start()) {
            let words = m.as_str();
            let rule = if [
                "botched",
                "bungled",
                "messed",
                "mishandled",
                "fumbled",
                "butchered",
            ]
            .iter()
            .any(|w| words.contains(w))
            {
                "character-judgement"
            } else if words.contains(" never ") {
                "judged-omission"
            } else if ["skipped", "bypassed", "treated as"]
                .iter()
                .any(|w| words.contains(w))
            {
                // A step or a rule not kept: "the canary was skipped by".
                "rule-breaking"
            } else {
                "intent-speculation"
            };
            push(true, rule, m.start(), m.end());
        }
    }
    // "Nobody updated the runbook afterwards": a warning.
    // Not with the reason in the sentence ("nobody noticed because the
    // desk runs the suite on SQLite only"): that is the gap, explained.
    for m in p.nobody_did.find_iter(l) {
        // (A reason word, not `explained`'s dash or colon: "the migration
        // completed in March - and nobody updated the runbook" gives none.)
        let sentence = sentence_text(l, m.start());
        let explained = [" because ", " since ", " due to ", " as the ", " as it "]
            .iter()
            .any(|w| sentence.contains(w));
        if !negated(l, m.start()) && !explained {
            push(true, "judged-omission", m.start(), m.end());
        }
    }

    // Counterfactuals about people. "Bob should have checked", "the
    // engineer should have known": one person named or pointed at, and
    // what they should have done, is blame for sure; an error. Said of
    // "we", of people in general or with "could", a warning.
    // Findings that are blame for sure, raised to errors once every rule
    // has pushed its own (the frames that lower errors run after).
    let mut sure: Vec<(&'static str, usize, usize)> = Vec::new();
    for caps in p.counterfactual.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let next = caps.captured().map_or("", |g| g.as_str());
        let subject = ctx.subject(toks, m.start());
        let fire = match subject {
            Subject::Person => true,
            Subject::Unknown => human_only_verb(next),
            Subject::System => false,
        };
        // "should have been able to", "could have been avoided", "should
        // have been a routine job": about what was possible or expected,
        // with a thing as the subject, not a person's failing.
        let words = m.as_str();
        let passive_about_thing = words.ends_with(" been")
            || words.contains(" been ")
                && (matches!(
                    next,
                    "able" | "a" | "an" | "the" | "possible" | "allowed" | "enough"
                ) || next.ends_with("ed") && subject != Subject::Person);
        // "what should have been a routine job": the subject is a thing.
        let relative_thing = l[..m.start()]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| matches!(w, "what" | "which" | "that"));
        if relative_thing {
            continue;
        }
        let ahead = &l[m.start()..sentence_end(l, m.start())];
        let able = ahead.split(' ').take(6).collect::<Vec<_>>().join(" ");
        // "The on-call should have been paged", "should have been told about
        // the window": what the person did not receive; "reviewers should
        // have a checklist", "should have had a replica": what they lacked.
        let received = words.contains(" been")
            && matches!(
                next,
                "paged"
                    | "told"
                    | "notified"
                    | "alerted"
                    | "informed"
                    | "given"
                    | "sent"
                    | "woken"
                    | "called"
                    | "contacted"
                    | "consulted"
                    | "warned"
                    | "included"
                    | "invited"
                    | "shown"
                    | "offered"
                    | "provided"
            );
        let lacked = !words.contains(" been")
            && matches!(
                next,
                "a" | "an" | "access" | "had" | "some" | "more" | "enough" | "no" | "the"
            );
        if received || lacked {
            continue;
        }
        if passive_about_thing && subject != Subject::Person || able.contains("been able") {
            continue;
        }
        // "could have been worse" is about outcomes, not people.
        let about_outcome = m.as_str().starts_with("could")
            && matches!(
                next,
                "been"
                    | "worse"
                    | "better"
                    | "happened"
                    | "gone"
                    | "lasted"
                    | "affected"
                    | "spread"
            );
        // "could have" says what was possible, "should have" what was
        // expected: only the second is sure to judge.
        let could = m.as_str().starts_with("could");
        if fire && !about_outcome && !negated(l, m.start()) {
            push(could, "counterfactual", m.start(), m.end());
            let last = toks.partition_point(|t| t.end <= m.start());
            // "The nurse in charge should have", "the engineer on duty":
            // the role is before its phrase of duty (attack 55).
            let head = last.checked_sub(1).map(|k| match k.checked_sub(2) {
                Some(r)
                    if matches!(
                        (toks[k - 1].lower, toks[k].lower),
                        ("in", "charge") | ("on", "duty") | ("on", "call") | ("on", "shift")
                    ) && toks[k].end + 1 >= m.start() =>
                {
                    (r, toks[k].end)
                }
                _ => (k, toks[k].end),
            });
            let one_person = head
                .map(|(k, end)| (&toks[k], end, k.checked_sub(1).map(|b| &toks[b])))
                .is_some_and(|(t, end, before)| {
                    let titled = before.is_some_and(is_honorific);
                    end + 1 >= m.start() && {
                        let w = text::without_possessive(t.lower);
                        // "Priya", "Ms Patel", "Dr Hale", "the air traffic
                        // controller".
                        let capital = t.original.starts_with(|c: char| c.is_uppercase());
                        // Not "St Mary's", a hospital.
                        let saint = before.is_some_and(|b| matches!(b.lower, "st" | "saint"));
                        let named = !saint && (ctx.written_name(t) || capital && titled)
                            || trade_person(t, before, toks);
                        // "He should have checked" points at someone in the
                        // story; not "he/she should have", anyone, nor "as he
                        // recognised he should have", his own account.
                        let own_account = before.is_some_and(|b| {
                            matches!(
                                b.lower,
                                "recognised"
                                    | "recognized"
                                    | "admitted"
                                    | "admits"
                                    | "acknowledged"
                                    | "acknowledges"
                                    | "accepted"
                                    | "accepts"
                                    | "conceded"
                                    | "concedes"
                                    | "agreed"
                                    | "agrees"
                                    | "felt"
                                    | "feels"
                                    | "realised"
                                    | "realized"
                            )
                        });
                        let pronoun = matches!(w, "he" | "she");
                        let either = l[..t.start].ends_with('/') || l[t.end..].starts_with('/');
                        let role = is_person_word(w)
                            && !(pronoun && (own_account || either))
                            && !w.ends_with('s')
                            && !matches!(
                                w,
                                "they" | "him" | "her" | "them" | "i" | "we" | "you" | "me" | "us"
                            )
                            && !matches!(
                                w,
                                "someone"
                                    | "somebody"
                                    | "anyone"
                                    | "anybody"
                                    | "everyone"
                                    | "everybody"
                                    | "nobody"
                                    | "person"
                                    | "one"
                                    | "human"
                            );
                        named || role
                    }
                });
            // What they should have done: a past participle ("checked",
            // "known"), not "should have a process" or "been told".
            let done = next.len() > 3 && next.ends_with("ed") && next != "need"
                || matches!(
                    next,
                    "known"
                        | "seen"
                        | "caught"
                        | "done"
                        | "run"
                        | "taken"
                        | "written"
                        | "read"
                        | "thought"
                        | "told"
                        | "spotted"
                        | "stopped"
                        | "kept"
                        | "sent"
                        | "made"
                        | "found"
                        | "built"
                        | "left"
                        | "held"
                        | "put"
                        | "set"
                        | "got"
                        | "gotten"
                );
            if !could && one_person && done && m.as_str().starts_with("should") {
                sure.push(("counterfactual", base + m.start(), base + m.end()));
            }
        }
    }
    // "The change should not have been approved by the reviewer": a
    // decision judged after the fact, with a person in the sentence.
    for m in p.passive_decision.find_iter(l) {
        if ctx.mentions_person(toks, m.start()) && !negated(l, m.start()) {
            push(true, "counterfactual", m.start(), m.end());
        }
    }
    for caps in p.if_had.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let group = (1..caps.groups()).find_map(|i| caps.get(i));
        // The head of the captured phrase: "officer" in "the IT officer",
        // "script" in "the engineer's script"; not the adverb the phrase may
        // have taken with it ("had the reviewer actually read", attack 61).
        fn head(words: &str) -> &str {
            let mut rest = words.rsplit(' ');
            let last = rest.next().unwrap_or("");
            match last.to_ascii_lowercase().as_str() {
                "actually" | "simply" | "just" | "only" | "even" | "really" | "properly"
                | "had" | "has" => rest.next().unwrap_or(last),
                _ => last,
            }
        }
        let who = group.map_or("", |g| head(g.as_str()));
        let who_o = group.map_or("", |g| head(&o[g.start()..g.end()]));
        let person = is_person_subject_word(who)
            && (is_person_word(who) || who_o.starts_with(|c: char| c.is_uppercase()))
            || ctx.is_known_person(who);
        if person {
            // Point at the opening words, at most about 40 bytes of them,
            // cut between words ("If the reviewer had actually read").
            let end = if m.end() > m.start() + 40 {
                let cut = char_floor(l, m.start() + 40);
                l[m.start()..cut]
                    .rfind(' ')
                    .map_or(cut, |p| m.start() + p)
                    .max(m.start() + 2)
            } else {
                m.end()
            };
            push(false, "counterfactual", m.start(), end);
            // "If the pharmacist had actually read the label", "if sam had
            // just waited for CI", "had the engineer taken two minutes to
            // walk round": the act weighed as an easy one a person did not
            // bother with is a verdict on them, for sure (attack 58).
            let clause = &l[m.start()..sentence_end(l, m.start())];
            let clause = clause.split([',', ';']).next().unwrap_or(clause);
            // "If Bob had tested the bundle in staging, this would never
            // have happened": one person, by name, held to what they did
            // not do, as "Bob should have tested" is (session 35's
            // newcomer run).
            let named = !is_person_word(who)
                && (ctx.is_known_person(who) || who_o.starts_with(|c: char| c.is_uppercase()))
                && !who.contains(' ');
            if (p.easy_act.is_match(clause) || named) && !negated(l, m.start()) {
                sure.push(("counterfactual", base + m.start(), base + end));
            }
        }
    }

    // Hindsight.
    for m in p.hindsight.find_iter(l) {
        // "The system should have known the batch had already run".
        let of_system = ["should have known", "should have reali", "should've known"]
            .iter()
            .any(|s| m.as_str().starts_with(s))
            && ctx.system_subject_word(toks, m.start())
            && !ctx.mentions_person(toks, m.start());
        if !negated(l, m.start()) && !of_system {
            // "It is obvious now, but at the time it looked like noise"
            // argues against hindsight: a warning at most.
            // "It should have been obvious from the dashboard, but the
            // dashboard was not loading": set against what was seen.
            let at_the_time = sentence_text(l, m.start()).contains("at the time")
                || m.as_str().contains("been")
                    && l[m.end()..sentence_end(l, m.end())].contains(", but ");
            push(at_the_time, "hindsight", m.start(), m.end());
        }
    }
    for m in p.poor_decision.find_iter(l) {
        if ctx.subject(toks, m.start()) == Subject::Person && !negated(l, m.start()) {
            push(false, "hindsight", m.start(), m.end());
        }
    }
    for m in p.hindsight_word.find_iter(l) {
        // "The dashboard clearly showed the spike", "clearly visible
        // markings", "Of course, the replica was unaffected": a plain fact
        // about a thing, not a judgement of what someone should have seen.
        let descriptive = p
            .hindsight_described
            .is_match(&l[m.end()..sentence_end(l, m.end())])
            || (m.as_str() == "clearly"
                && p.hindsight_manner
                    .is_match(&l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()]));
        // "Of course, the replica was unaffected": opening the sentence,
        // about a thing.
        let about_a_thing = m.as_str() == "of course"
            && sentence_text(l, m.start())
                .trim_start()
                .starts_with("of course,")
            && ctx.subject_after(toks, m.end()) == Subject::System;
        if !descriptive && !about_a_thing {
            push(false, "hindsight-word", m.start(), m.end());
        }
    }

    // Character judgements, except the technical terms that share the words.
    let tech: Vec<(usize, usize)> = p
        .character_tech
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.character.find_iter(l) {
        let word = m.as_str();
        let after = &l[m.end()..];
        // "reckless-driving detector", "lazy-loaded": a compound is a term.
        let compound =
            after.starts_with('-') && after[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        // "lazy" and "dumb" judge a person only predicatively ("was lazy")
        // or about a person ("a lazy engineer"); "lazy connection setup" is a term.
        // ("Release manager lazily skips the rollout" is the manager's;
        // "lazily loaded" is character-tech's.)
        let attributive_term = matches!(word, "lazy" | "dumb")
            && !predicative(&l[..m.start()])
            && !after
                .trim_start()
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .next()
                .is_some_and(is_person_word);
        // "an unacceptable risk", "this was unacceptable", "the harness was
        // useless": said of things as often as of people, so unless a
        // person is the subject, a warning.
        let of_things = matches!(word, "unacceptable" | "useless")
            && ctx.subject(toks, m.start()) != Subject::Person;
        // "claims of negligence", "incompetence, complacency and
        // dishonesty are terms that come up": the quality named as a
        // concept, with no one in the sentence to bear it, a warning.
        let concept = ["ence", "ance", "ness", "ity", "cy", "esty", "thy"]
            .iter()
            .any(|s| word.ends_with(s))
            && !ctx.mentions_person(toks, m.start());
        let technical = compound
            || attributive_term
            || tech.iter().any(|&(s, e)| s <= m.start() && m.end() <= e);
        // "I have no idea what the reasoning was": the writer's own
        // uncertainty, not a judgement of someone's competence.
        let own_doubt =
            m.as_str().starts_with("ha") && matches!(word_before(l, m.start()), "i" | "we");
        // "Nobody in their right mind would ...": the idiom's "nobody" is
        // part of the judgement, not a negation of it.
        let idiom = word == "right mind";
        if !technical && !own_doubt && (idiom || !negated(l, m.start())) {
            // "The retry logic was careless about idempotency keys" judges
            // a thing: still loaded language, a warning.
            let before =
                &l[sentence_start(l, m.start(), &['.', '!', '?', '\n', ',', ';'])..m.start()];
            // So are "the watchdog was asleep at the wheel" and "our review
            // process has become a rubber stamp".
            // "A reckless default", "the sloppy rounding": the word said of
            // the thing it stands before.
            let next = after
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .find(|w| !w.is_empty())
                .unwrap_or("");
            // "The matchmaker carelessly retried", "the loader retried
            // carelessly": said of what a machine does.
            let prev = before.split_whitespace().next_back().unwrap_or("");
            let machine_act =
                LEX.machine_verbs.has_exact(next) || LEX.machine_verbs.has_exact(prev);
            let about_a_thing =
                (p.component.is_match(before) || p.component.is_match(next) || machine_act)
                    && ctx.subject(toks, m.start()) != Subject::Person
                    && !ctx.mentions_person(toks, m.start());
            // "The attackers were sloppy with their infrastructure": said
            // of whoever attacked us, not of our people.
            let adversary = before
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.adversaries.has_exact(w));
            if adversary {
                continue;
            }
            push(
                about_a_thing || of_things || concept,
                "character-judgement",
                m.start(),
                m.end(),
            );
        }
    }
    for m in p.emotional.find_iter(l) {
        // "complacent pilots": the word said of people it stands before.
        let before_person = l[m.end()..]
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .find(|w| !w.is_empty())
            .is_some_and(|w| is_person_word(w) && w != "human");
        // "Alex isn't careless": denied, as for the other character words.
        // "We rushed the fix out": the team's own haste in the response.
        let our_haste = m.as_str().starts_with(['r', 'h']) && we_subject(toks, m.start());
        // "How much it sucks that the gateway went down": a situation.
        let situation = m.as_str().starts_with("suck")
            && matches!(
                word_before(l, m.start()),
                "it" | "this" | "that" | "which" | "what"
            );
        // "Cleared of careless driving charges": a term, as for the other
        // character words.
        let technical = tech.iter().any(|&(s, e)| s <= m.start() && m.end() <= e);
        if (ctx.subject(toks, m.start()) == Subject::Person || before_person)
            && !negated(l, m.start())
            && !our_haste
            && !situation
            && !technical
        {
            // "I panicked for a minute": `frames` lowers the writer's own state.
            push(false, "character-judgement", m.start(), m.end());
        }
    }

    // Minimising.
    // "We just need to find out what happened", "all we had to do was
    // reattach the IP": the team describing its own work or fix, not
    // someone's failure made to look small.
    for m in p.minimising_subject.find_iter(l) {
        if ctx.subject(toks, m.start()) == Subject::Person && !we_subject(toks, m.start()) {
            push(false, "minimising", m.start(), m.end());
        }
    }
    for m in p.minimising.find_iter(l) {
        let ours = m.as_str().starts_with("all we ");
        // "This was a basic mistake", "a rookie error by the intern"; not
        // "a basic error in the parser".
        let slip_of_a_thing = ["mistake", "error", "blunder"]
            .iter()
            .any(|w| m.as_str().ends_with(w))
            && !ctx.mentions_person(toks, m.start())
            && !l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()]
                .trim_end()
                .rsplit(' ')
                .take(4)
                .any(|w| matches!(w, "this" | "it" | "that" | "honestly"));
        if slip_of_a_thing {
            continue;
        }
        // "Turning the flag off was all it took": how little the fix
        // needed, with no one in the sentence.
        let took = m.as_str().contains("took") && !ctx.mentions_person(toks, m.start());
        // "The check takes thirty seconds to run": how long a thing takes,
        // not how little a person had to do (attack 50).
        let duration_of_thing =
            m.as_str().ends_with("to") && ctx.subject(toks, m.start()) == Subject::System;
        // "All the attacker had to do was guess the ID", "all a client has
        // to do to trigger the bug", "thanks to the new tool, all the
        // on-call had to do was run one command": how easy an exploit, a
        // reproduction or the new tooling made it, not someone's failure.
        let sentence = sentence_text(l, m.start());
        let easy_for_others = m.as_str().starts_with("all ")
            && m.as_str().ends_with(" to do")
            && (m
                .as_str()
                .split(' ')
                .skip(1)
                .take_while(|w| !matches!(*w, "had" | "has" | "have" | "need" | "needed"))
                .any(|w| {
                    is_system_word(w)
                        || LEX.adversaries.has_noun(w)
                        || matches!(w, "user" | "users" | "customer" | "customers" | "client")
                })
                || p.minimising_set_aside.is_match(sentence));
        if !negated(l, m.start()) && !ours && !took && !easy_for_others && !duration_of_thing {
            push(false, "minimising", m.start(), m.end());
        }
    }

    // Remediation aimed at people.
    let retrain: Vec<(usize, usize)> = p
        .retrain_tech
        .find_iter(l)
        .chain(p.discipline_quality.find_iter(l))
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.remediation.find_iter(l) {
        let nobody = !ctx.mentions_person(toks, m.start());
        let technical = retrain.iter().any(|&(s, e)| s <= m.start() && m.end() <= e)
            // "the fraud model was retrained overnight": a thing retrained.
            || m.as_str().contains("train")
                && ctx.subject(toks, m.start()) == Subject::System
                && nobody
            // "a disciplined rollout", "change discipline in the pipeline":
            // the rigour of a process, with no one in the sentence.
            || m.as_str().starts_with("disciplin") && !m.as_str().ends_with("ary") && nobody
            // "Alert discipline improved": the discipline of a practice.
            || m.as_str() == "discipline"
                && l[..m.start()]
                    .trim_end()
                    .rsplit(char::is_whitespace)
                    .next()
                    .is_some_and(|w| {
                        is_system_word(w)
                            || matches!(w, "operational" | "engineering" | "testing" | "review")
                    })
            // "Each service is held accountable to its SLO", "the
            // performance improvement plan for the search service" (not
            // "hold the IAM lead accountable for certificate renewals").
            || p.remediation_of_systems.is_match(&l[m.end()..sentence_end(l, m.end())])
                && !(m.as_str().starts_with("hold ")
                    && object_phrase_is_person(ctx, toks, m.start() + 5));
        if !technical && !negated(l, m.start()) {
            // "Retraining was triggered at 06:00": with no one in the
            // sentence to be retrained, a warning.
            let untrained = nobody && m.as_str().contains("train");
            // "The vendor has been spoken to about the status page": an
            // organisation managed, a warning.
            let organisation = ctx.subject(toks, m.start()) != Subject::Person
                && ctx.org_subject(toks, m.start(), "");
            push(
                untrained || organisation,
                "people-remediation",
                m.start(),
                m.end(),
            );
        }
    }

    for m in p.expectation.find_iter(l) {
        // "The deploy script should be held accountable to the same review
        // gate" (attack 54): a program held to a standard.
        let program = m.as_str() == "held accountable" && program_subject(ctx, toks, l, m.start());
        if !program
            && !negated(l, m.start())
            && !p
                .remediation_of_systems
                .is_match(&l[m.end()..sentence_end(l, m.end())])
        {
            push(false, "people-remediation", m.start(), m.end());
        }
    }

    // Fault words.
    let tech: Vec<(usize, usize)> = p
        .fault_tech
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.fault.find_iter(l) {
        // Inside a technical term, or ending in one: "our fault" of
        // "our fault tolerance tests" is the term's first word.
        let technical = tech.iter().any(|&(s, e)| s < m.end() && m.end() <= e)
            || status_code(o, m.start(), m.end());
        if technical
            || negated(l, m.start())
            || !on_a_person(ctx, toks, m.start(), m.as_str())
            || blames_a_thing(l, m.start(), m.end())
        {
            continue;
        }
        // "the config was at fault" blames a thing; still fault framing, but gentler.
        let subject = ctx.subject(toks, m.start());
        if subject == Subject::System && !ctx.mentions_person(toks, m.start()) {
            push(false, "culprit", m.start(), m.end());
        } else {
            push(false, "fault-words", m.start(), m.end());
            // "The intern is to blame", "this one is on the DBA", "the
            // contractor is solely responsible": fault laid on someone in
            // the story is an error. Blame as a verb or an object ("tried
            // to blame him", "lay the blame on", "officials blamed the
            // pilot") reports someone's judgement, "the person to blame"
            // discusses one, and "guilty" is as often a feeling: those stay
            // warnings. So does a label found to blame ("pilot error was to
            // blame"): the human-error rule speaks to it.
            let h = m.as_str();
            // "Someone on the bridge said Tom is to blame": reported.
            let reported = l[sentence_start(l, m.start(), &['.', '!', '?', '\n'])..m.start()]
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| LEX.speech_verbs.has_exact(w));
            let mut back = l[..m.start()]
                .trim_end()
                .trim_end_matches(" the one")
                .rsplit(' ');
            let be = back
                .next()
                .is_some_and(|w| matches!(w, "is" | "was" | "are" | "were" | "be" | "been"));
            let label = back
                .next()
                .is_some_and(|w| LEX.human_label_nouns.has_exact(w));
            let laid = if h.ends_with("to blame") {
                be || h != "to blame"
            } else {
                h.starts_with("at fault")
                    || (h.contains("fault") && !h.starts_with("blam") && !h.starts_with("faulted"))
                    || h.contains("responsib")
            };
            // "This one is on the DBA": the pattern itself names who.
            let on_someone = ["this ", "that ", "it ", "it'"]
                .iter()
                .any(|w| h.starts_with(w));
            if !reported && (on_someone || (laid && !label && subject == Subject::Person)) {
                sure.push(("fault-words", base + m.start(), base + m.end()));
            }
        }
    }
    for m in p.culprit.find_iter(l) {
        // "The retry storm was the culprit behind the CPU spike": a thing
        // found to cause another, with no one in the sentence, is how
        // engineers name a cause (attack 56); the hunt is for a person.
        // The thing must come first, as the subject of "was the culprit"
        // ("the real culprit was Network Rail" points at someone).
        let complement = l[..m.start()]
            .split_whitespace()
            .rev()
            .take(3)
            .any(|w| matches!(w, "was" | "is" | "were" | "are" | "be" | "been" | "as"));
        let thing = complement
            && ctx.subject(toks, m.start()) == Subject::System
            && !ctx.mentions_person(toks, m.start());
        // "Found the culprit commit", "the culprit query": the word names
        // the change or the query that bisecting found (attack 58).
        let names_a_change = l[m.end()..]
            .split_whitespace()
            .next()
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            .is_some_and(|w| LEX.found_changes.has_exact(w));
        // "The culprit was a stale DNS cache in the sidecar": the word
        // names the thing it is said to be, with no one in the sentence
        // (attack 59).
        // A system word written with a capital is part of a name ("the
        // real culprit was Network Rail").
        let names_a_thing = {
            let end = sentence_end(l, m.end());
            let mut after = l[m.end()..end].split_whitespace();
            let mut original = o[m.end()..end].split_whitespace().skip(2);
            matches!(after.next(), Some("was" | "is"))
                && matches!(
                    after.next(),
                    Some("a" | "an" | "the" | "once" | "actually" | "likely")
                )
                && after.take(5).any(|w| {
                    let written = original.next().unwrap_or("");
                    let acronym = written.len() > 1
                        && written
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(|c| c.is_ascii_uppercase());
                    is_system_word(w.trim_end_matches(|c: char| !c.is_alphanumeric()))
                        && (acronym || !written.starts_with(|c: char| c.is_uppercase()))
                })
                && !ctx.mentions_person(toks, m.start())
        };
        // "Look for conditions rather than culprits"; "the on-call
        // engineer was not the culprit" (attack 64).
        let before = l[..m.start()].trim_end();
        let before = [" the", " a", " an", " our", " any"]
            .iter()
            .find_map(|d| before.strip_suffix(d))
            .unwrap_or(before);
        let refused = [
            " rather than",
            " instead of",
            " not",
            " no",
            "n't",
            " never",
        ]
        .iter()
        .any(|w| before.ends_with(w) || before == &w[1..]);
        if !thing && !names_a_change && !names_a_thing && !refused {
            push(false, "culprit", m.start(), m.end());
        }
    }

    // Distancing, intent, rule-breaking.
    for m in p.distancing.find_iter(l) {
        push(false, "distancing", m.start(), m.end());
    }
    for m in p.whatever_reason.find_iter(l) {
        push(false, "intent-speculation", m.start(), m.end());
    }
    for m in p.some_reason.find_iter(l) {
        let subject = match ctx.subject(toks, m.start()) {
            Subject::Unknown => ctx.subject_after(toks, m.end()),
            s => s,
        };
        if subject == Subject::Person {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.ignored.find_iter(l) {
        let subject = ctx.subject(toks, m.start());
        if subject != Subject::System {
            push(false, "intent-speculation", m.start(), m.end());
        }
        // "The on-call ignored the DNS alert": someone in the story said
        // to have disregarded a signal, with no reason given, is judged.
        let rest = &l[m.end()..sentence_end(l, m.end())];
        let bare = !p.explained.is_match(rest)
            && !rest.contains([',', ';', ':', '('])
            && !rest
                .split_whitespace()
                .any(|w| LEX.clause_breaks.has_exact(w) || matches!(w, "which" | "who" | "like"));
        if subject == Subject::Person && !negated(l, m.start()) && bare {
            sure.push(("intent-speculation", base + m.start(), base + m.end()));
        }
    }
    for caps in p.ignored_passive.captures_iter(l) {
        let m = caps.get(0).expect("match");
        // "ignored by the router" is a system at work; "by the on-call
        // engineer", or no agent at all, is a guess about people.
        let by_system = caps.captured().is_some_and(|g| {
            !g.as_str()
                .split([' ', '-'])
                .any(|w| is_person_word(w) || ctx.is_known_person(w))
        });
        if !by_system && !negated(l, m.start()) {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.intent.find_iter(l) {
        // "We deliberately kept the old cluster" reports our own intent.
        let first_person = first_person_subject(toks, m.start());
        if !first_person
            && (ctx.subject(toks, m.start()) == Subject::Person
                || (ctx.mentions_person(toks, m.start())
                    && ctx.subject(toks, m.start()) == Subject::Unknown))
        {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.rule_breaking.find_iter(l) {
        // "broke the rules engine": a compound, a thing broken.
        let compound = m.as_str().ends_with("rules")
            && l[m.end()..]
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .nth(1)
                .is_some_and(|w| is_system_word(w) || matches!(w, "engine" | "file" | "table"));
        let sentence = sentence_text(l, m.start());
        // "The release was pushed to 100% by the mobile lead without
        // waiting for crash data": a thing as the subject, a person as
        // the agent.
        let agent = by_person(ctx, l, sentence_start(l, m.start(), &['.', '!', '?', '\n']));
        // "... the result of a staff member not following our procedures":
        // the person just before the words.
        let n = toks.partition_point(|t| t.end <= m.start());
        let actor_before = n > 0 && ctx.token_is_person(&toks[n - 1]);
        // "The code was pushed live, sidestepping the deployment
        // procedure": a clause after a comma, whose doer the sentence does
        // not name (a warning; "the cache was bypassed" names no breach).
        let unnamed_doer =
            ctx.subject(toks, m.start()) == Subject::System && is_clause_after_comma(l, m.start());
        if (ctx.subject(toks, m.start()) != Subject::System
            || agent
            || actor_before
            || unnamed_doer)
            && !negated_rule(l, m.start())
            && !breach_denied(l, m.start(), m.as_str())
            && !p.permitted.is_match(sentence)
            && !compound
            && !p.deviation_endorsed.is_match(sentence)
        {
            // "The IC approved skipping the canary" tells of a deviation
            // decided in the open: a warning. ("Engineers skipped the
            // canary because the pipeline marked it optional" gives the
            // reason: `push` lowers it, as for every act told with one.)
            let sanctioned = matches!(
                word_before(l, m.start()),
                "approved" | "authorised" | "authorized" | "sanctioned" | "allowed"
            );
            // "To restore service faster, the IC chose to skip the canary":
            // a deviation decided for a stated purpose, a warning.
            let purposed = sanctioned || unnamed_doer || p.deviation_purpose.is_match(sentence);
            push(purposed, "rule-breaking", m.start(), m.end());
        }
    }
    for m in p.instead_of_procedure.find_iter(l) {
        if ctx.subject_after(toks, m.end()) == Subject::Person
            || ctx.subject(toks, m.start()) == Subject::Person
        {
            push(false, "rule-breaking", m.start(), m.end());
        }
    }
    // "It was the intern who deleted", "if only someone had": the captured
    // word must name a person.
    for (pattern, rule) in [
        (&p.cleft, "person-as-cause"),
        (&p.if_only, "counterfactual"),
    ] {
        for caps in pattern.captures_iter(l) {
            let m = caps.get(0).expect("match");
            let who = caps.captured().map_or("", |g| g.as_str());
            if is_person_word(who) || ctx.is_known_person(who) || who.starts_with('@') {
                push(false, rule, m.start(), m.end());
            }
        }
    }

    // Naming individuals (the caller leaves timeline entries alone: they
    // record who did what).
    {
        // "Huge thanks to Priya, who stayed on the bridge for six hours":
        // credit given by name points at no one.
        let praised = |at: usize| p.praise.is_match(sentence_text(l, at));
        for caps in p.handle.captures_iter(l) {
            let g = caps.captured().expect("handle");
            if !praised(g.start()) {
                push(false, "naming-individuals", g.start() - 1, g.end());
            }
        }
        for (i, t) in toks.iter().enumerate() {
            let w = text::without_possessive(t.lower);
            if ctx.written_name(t)
                && !t.lower.starts_with('@')
                && !speaker(toks, i)
                && !praised(t.start)
            {
                push(false, "naming-individuals", t.start, t.start + w.len());
            }
        }
    }

    for m in p.root_cause.find_iter(l) {
        push(false, "root-cause-singular", m.start(), m.end());
    }

    check_more(&MORE, l, o, toks, ctx, &mut push);
    for hit in hits.iter_mut() {
        if hit.note.is_none()
            && sure
                .iter()
                .any(|&(rule, s, e)| rule == hit.rule && s <= hit.start && hit.start < e)
        {
            hit.severity = Severity::Error;
        }
    }
    frames(&MORE, l, toks, hits);
}

/// Whether the words at `start..end` of the original text are a status
/// code a device or a program shows, written in capitals before its code
/// or inside quotation marks: "the PLC raised 'OPERATOR FAULT 0x2F'",
/// "USER FAULT: E42" (attack 58). Capitals alone are shouting, not a code.
/// Whether the phrase after "caused by" opens on an organisation by a
/// common noun ("the vendor", "one of our suppliers"), not on something it
/// owns ("the bank's migration").
fn org_agent(phrase: &str) -> bool {
    phrase
        .split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .find(|w| !w.is_empty())
        .is_some_and(|w| LEX.organisations.has_noun(w) && text::without_possessive(w) == w)
}

/// For a fault hit that ends "... is on WORD" ("this one is on Marcus"):
/// whether WORD is someone's name as written. "On him", "on the DBA" name
/// someone by the pattern itself; "on us", "on hold", "on Tuesday" are not
/// fault laid on a person. Any other hit passes.
fn on_a_person(ctx: &Context, toks: &[Token], start: usize, hit: &str) -> bool {
    let Some(at) = hit.rfind(" on ") else {
        return true;
    };
    let word = hit[at + 4..]
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .next()
        .unwrap_or_default();
    let lead = ["this ", "that ", "it ", "it'"]
        .iter()
        .any(|w| hit.starts_with(w));
    let named_by_pattern = matches!(
        word,
        "him"
            | "her"
            | "them"
            | "you"
            | "the"
            | "team"
            | "ops"
            | "devops"
            | "sre"
            | "sres"
            | "dba"
            | "dbas"
            | "qa"
    );
    if !lead || named_by_pattern {
        return true;
    }
    let word_start = start + at + 4;
    toks.iter()
        .find(|t| t.start == word_start)
        .is_some_and(|t| ctx.written_name(t))
}

/// "Blame the workflow too", "blaming the software UI" (attack 74): blame
/// laid on a thing, the writer's point that the system is at fault. The
/// first word after the determiners is a thing pm knows, and the blame is
/// not moved on to someone later ("blamed the tool on the intern").
fn blames_a_thing(l: &str, start: usize, end: usize) -> bool {
    let hit = &l[start..end];
    if !hit.starts_with("blam") {
        return false;
    }
    let rest = &l[end..sentence_end(l, end)];
    let mut words = hit
        .split(' ')
        .skip(1)
        .chain(rest.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty() && !DETERMINERS.contains(w));
    // The lexicon's systems hold pronouns and organisations too, as
    // subjects that are no person; blame laid on those is still blame.
    let org_or_pronoun = |w: &str| {
        matches!(
            w,
            "it" | "this"
                | "that"
                | "which"
                | "vendor"
                | "provider"
                | "company"
                | "organisation"
                | "organization"
                | "org"
        )
    };
    // "The database team": the thing names a group of people.
    let (first, second) = (words.next(), words.next());
    first.is_some_and(|w| {
        super::sentence::is_thing_noun(w) && !is_person_word(w) && !org_or_pronoun(w)
    }) && !second.is_some_and(is_person_word)
        && !rest.contains(" on ")
}

fn status_code(o: &str, start: usize, end: usize) -> bool {
    let Some(words) = o.get(start..end) else {
        return false;
    };
    let capitals = words.chars().any(char::is_alphabetic)
        && words
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let quoted = o[..start].ends_with(['\'', '"', '`', '\u{2018}', '\u{201c}']);
    let coded = o[end..]
        .trim_start_matches([' ', ':', '#', '-'])
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()));
    capitals && (quoted || coded)
}

/// Whether the words after a finding give its conditions (`explained` in
/// rule-breaking.yaml), not an aggravation after a dash, a comma or a
/// colon: "forgot to silence the alert - again", "skipped the canary, as
/// he has done before", "..., which is typical of them".
pub(super) fn explains(rest: &str) -> bool {
    PATTERNS.explained.find_iter(rest).any(|m| {
        // (A match starts at its first word: ", as " is "as ".)
        let upto = rest[..m.end()].trim_end();
        let comma_as = upto.ends_with(", as");
        let separator = comma_as
            || upto.ends_with(['-', ';', ':'])
            || m.as_str().trim_start().starts_with("which");
        let after = rest[m.end()..].trim_start_matches(|c: char| !c.is_alphanumeric());
        let aggravation =
            AGGRAVATIONS.iter().any(|a| after.starts_with(a)) || comma_as && aggravates(after);
        !(separator && aggravation)
    })
}

/// How an aggravation opens, after a dash, a comma or a colon.
const AGGRAVATIONS: &[&str] = &[
    "again",
    "yet again",
    "once again",
    "as usual",
    "as always",
    "usual",
    "always",
    "classic",
    "typical",
    "is typical",
    "was typical",
    "of course",
    "predictably",
    "naturally",
    "for the second time",
    "for the third time",
    "for the fourth time",
    "for the nth time",
    "for the umpteenth time",
    "like always",
    "like last time",
    "like he ",
    "like she ",
    "like they ",
];

/// After ", as": a person and a habit ("as he has done before", "as she
/// does every week", "as they always do").
fn aggravates(after: &str) -> bool {
    let mut words = after.split(' ');
    matches!(words.next(), Some("he" | "she" | "they"))
        && words.take(4).any(|w| {
            matches!(
                w,
                "always" | "usually" | "before" | "does" | "do" | "again" | "often"
            ) || w.starts_with("done")
        })
}

/// "The cert-manager operator error was a nil pointer dereference", "the
/// Strimzi operator error": a Kubernetes operator, a program, named by its
/// product (a tool, a capitalised or hyphenated name just before it) or in
/// a sentence about programs (lexicon `machine-context`).
fn program_operator(l: &str, o: &str, toks: &[Token], at: usize) -> bool {
    let start = sentence_start(l, at, &['.', '!', '?', '\n', ':', ';']);
    let words: Vec<(&str, &str)> = l[start..at]
        .split_whitespace()
        .zip(o[start..at].split_whitespace())
        .collect();
    // The word just before, when it is not the sentence's first word
    // ("Operator error caused ...", "Cause: operator error").
    let product = words.len() >= 2
        && words.last().is_some_and(|&(w, original)| {
            LEX.tools.has_noun(w)
                || w.contains('-')
                || original.starts_with(|c: char| c.is_ascii_uppercase())
        })
        || words.len() == 1 && (words[0].0.contains('-') || LEX.tools.has_noun(words[0].0));
    product || about_programs(toks, at)
}

/// The sentence around `at` is about programs (lexicon `machine-context`).
fn about_programs(toks: &[Token], at: usize) -> bool {
    sentence_around(toks, at)
        .iter()
        .any(|t| LEX.machine_context.has_noun(t.lower))
}

/// Whether `start..end` overlaps one of `spans`, which are in order and
/// apart: only the last one starting before `end` can overlap it.
fn overlaps_any(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans[..spans.partition_point(|&(s, _)| s < end)]
        .last()
        .is_some_and(|&(_, e)| start < e)
}

/// How a human-error label reads in its sentence.
struct LabelReading {
    /// Named as a concept or a topic ("the concept of human error",
    /// "human error research"): a warning.
    concept: bool,
    /// Given as a cause: just after a causal word ("was", "due to",
    /// "caused by"), or followed by one ("human error caused the alert to
    /// go out", "pilot error was to blame").
    causal: bool,
}

/// How the label at `start..end` reads: `None` when it is no finding
/// (negated, a metric or a safeguard named: "not human error", "user
/// error rate", "protection against operator error"). The patterns read
/// only the words next to the label, so each label costs the same in any
/// length of sentence.
fn label_reading(p: &Patterns, l: &str, start: usize, end: usize) -> Option<LabelReading> {
    let before = tail(
        &l[sentence_start(l, start, &['.', '!', '?', '\n', ';'])..start],
        120,
    );
    let after = &l[end..sentence_end(l, end)];
    if negated(l, start) || p.metric_after.is_match(after) || p.designed_for.is_match(before) {
        return None;
    }
    Some(LabelReading {
        concept: p.human_error_concept_before.is_match(before)
            || p.human_error_concept_after.is_match(after),
        causal: p.user_error_causal.is_match(before.trim_end())
            || p.user_error_causal.is_match(before)
            || p.human_error_causal_after.is_match(after)
            // "Human error." alone: the label given as the answer; so is
            // a note with no verb ("Human error in runbook execution").
            || before.trim().is_empty()
                && (!after.contains(|c: char| c.is_alphanumeric()) || verbless_note(after)),
    })
}

/// What follows a label that opens a note with no verb: a phrase of place
/// or time ("in runbook execution", "during the failover"), no clause.
fn verbless_note(after: &str) -> bool {
    let mut words = after.split_whitespace();
    words.next().is_some_and(|w| {
        matches!(
            w,
            "in" | "during" | "on" | "while" | "at" | "when" | "with" | "from"
        )
    }) && after.len() < 80
        && !after.contains([',', ';', ':', '(', '"'])
        && !after.split_whitespace().any(|w| {
            let w = w.trim_end_matches(['.', '!', '?']);
            matches!(
                w,
                "was"
                    | "is"
                    | "were"
                    | "are"
                    | "has"
                    | "had"
                    | "have"
                    | "can"
                    | "could"
                    | "may"
                    | "might"
                    | "does"
                    | "did"
                    | "do"
                    | "will"
                    | "would"
                    | "should"
                    | "led"
                    | "leads"
                    | "caused"
                    | "causes"
                    | "happens"
                    | "happened"
                    | "occurs"
                    | "occurred"
                    | "remains"
                    | "plays"
                    | "played"
                    | "accounts"
                    | "accounted"
            ) || w.ends_with("ed") && w.len() > 4
        })
}

/// A participle clause after a comma or dash ("..., bypassing review",
/// "... - skipping the canary"; the normalised text has every dash as
/// `-`): its doer is whoever did the main act.
fn is_clause_after_comma(l: &str, at: usize) -> bool {
    let participle = l[at..]
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .is_some_and(|w| w.ends_with("ing"));
    let before = l[..at].trim_end();
    participle && (before.ends_with(',') || before.ends_with(" -"))
}
