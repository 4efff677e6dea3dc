//! The checks of the later families (hindsight about signals, punishment,
//! remediation aimed at people, conduct, insinuation, questions), and the
//! frames that lower or drop a finding (talk about blame, generic
//! statements, questions, the writer's own part).

use super::*;

/// The patterns added for real-world text: a person doing something by
/// mistake or to the wrong thing, punishment, passive rule-breaking,
/// advice aimed at the reader, blaming questions, organisations.
pub(super) fn check_more(
    m: &More,
    l: &str,
    o: &str,
    toks: &[Token],
    ctx: &Context,
    push: &mut dyn FnMut(bool, &'static str, usize, usize),
) {
    // "The readings should have prompted the crew to go around": hindsight
    // about what people should have made of the signals.
    for caps in m.prompted_person.captures_iter(l) {
        let whole = caps.get(0).expect("match");
        let who = caps.captured().map_or("", |g| g.as_str());
        if (is_person_word(who) || ctx.is_known_person(who)) && !negated(l, whole.start()) {
            push(false, "hindsight", whole.start(), whole.end());
        }
    }
    // "The crew decided to continue", "management decided they don't need
    // to test": a decision judged by its outcome. A warning: the decision
    // may be told fairly.
    for hit in m.decided_risk.find_iter(l) {
        let subject = ctx.subject(toks, hit.start());
        // Told with what it rested on or was for: an account, not a verdict.
        let before = &l[sentence_start(l, hit.start(), &['.', '!', '?', '\n'])..hit.start()];
        let after = &l[hit.end()..sentence_end(l, hit.end())];
        let reasoned = m.decided_reason.is_match(after)
            || m.purpose.is_match(after)
            || m.decided_so.is_match(before);
        if (subject == Subject::Person || ctx.org_subject(toks, hit.start(), o))
            && !negated(l, hit.start())
            && !reasoned
        {
            push(true, "hindsight", hit.start(), hit.end());
        }
    }
    // "There is no excuse for the downtime": someone should have done
    // otherwise, said without naming who; a warning.
    for hit in m.no_excuse.find_iter(l) {
        push(true, "hindsight", hit.start(), hit.end());
    }
    // "The intern deleted the table": a person as the subject of a
    // destructive verb, with no judgement in the words. A fair account of
    // what a role did needs such sentences; a warning invites a second look.
    for hit in m.destructive_plain.find_iter(l) {
        // "deleted the stuck pods to force a reschedule": a step of the
        // response, with what it was for.
        let purpose = m
            .purpose
            .is_match(&l[hit.end()..sentence_end(l, hit.end())]);
        // "We deleted the old alert rule after the migration": the team's
        // own step, told as a step (attack 68).
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !negated(l, hit.start())
            && !purpose
            && !we_subject(toks, hit.start())
        {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "The driver applied the brakes too late": a judgement of timing.
    for hit in m.too_late.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person && !negated(l, hit.start()) {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "Customers hammering the refresh button made things worse": the
    // people served given as the cause, a warning.
    for hit in m.customer_blame.find_iter(l) {
        if !negated(l, hit.start()) {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "A lone technician was the cause of the meltdown".
    for hit in m.was_cause.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person && !negated(l, hit.start()) {
            push(false, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "A nurse administered a lethal dose ..., resulting in his death":
    // a person's act and the harm it led to; a warning.
    for hit in m.harm_after.find_iter(l) {
        // The participle after the comma takes the clause's subject.
        let verb = first_letter(&hit);
        if ctx.subject(toks, verb) == Subject::Person && !negated(l, hit.start()) {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "The technician accidentally erased the backup": a person doing
    // something by mistake. A person we cannot place is a warning.
    for hit in m.mistake_act.find_iter(l) {
        // "No individual officer is considered to have acted improperly"
        // (attack 57) clears people.
        if negated(l, hit.start()) || nobody_subject(l, hit.start()) {
            continue;
        }
        let next = word_after(l, hit.end());
        // "They unwittingly became the victim of a breach": harm suffered,
        // not a slip.
        if l[hit.end()..sentence_end(l, hit.end())]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .any(|w| w.starts_with("victim"))
        {
            continue;
        }
        // "He accidentally stepped on a rooflight": the person's own
        // mishap, harm suffered rather than caused (attack 77).
        if LEX.mishap_motions.has_exact(next) {
            continue;
        }
        // "The pod was in error state": a status, not a slip. "In error"
        // is a slip only where its clause ends ("raised the barriers in
        // error.", "in error and").
        if hit.as_str() == "in error"
            && next.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && !matches!(
                next,
                "and" | "but" | "while" | "when" | "after" | "before" | "during" | "so" | "because"
            )
        {
            continue;
        }
        // "He mistakenly believed the train had passed": what someone
        // believed, told with the word that judges it; a warning, as the
        // account is often fair ("the operator wrongly assumed ...").
        let belief = belief_verb(next);
        // "Mr Lee was inadvertently given two lots", "the branches were
        // pushed in error": in a passive the subject is what the slip was
        // done to, not who made it; worth a look unless the doer is named
        // ("was accidentally deleted by the intern").
        let passive =
            slip_in_passive(l, hit.start(), hit.as_str()) && !by_person(ctx, l, hit.end());
        match ctx.subject(toks, hit.start()) {
            Subject::Person => push(belief || passive, "person-as-cause", hit.start(), hit.end()),
            Subject::Unknown => push(true, "person-as-cause", hit.start(), hit.end()),
            Subject::System
                if ctx.mentions_person(toks, hit.start()) && by_person(ctx, l, hit.end()) =>
            {
                push(false, "person-as-cause", hit.start(), hit.end())
            }
            // "The vendor accidentally wiped the backups", "T-Mobile
            // inadvertently emailed ...": a slip only an agent makes, told
            // of an organisation. Not a product ("Kafka mistakenly ...").
            Subject::System if org_acting(ctx, toks, hit.start(), o) => {
                push(false, "organisation-as-actor", hit.start(), hit.end())
            }
            Subject::System => {}
        }
    }
    for pat in [&m.wrong_object, &m.made_mistake] {
        for hit in pat.find_iter(l) {
            if negated(l, hit.start()) {
                continue;
            }
            let subject = ctx.subject(toks, hit.start());
            // "likely to make the same mistake", "would make": hypothetical.
            let before = word_before(l, hit.start());
            let hypothetical = matches!(
                before,
                "to" | "would" | "could" | "might" | "may" | "will" | "can" | "not"
            );
            // "Everyone makes mistakes", "people make errors": a truth
            // about people in general, told in the present.
            let truism = (hit.as_str().starts_with("makes ") || hit.as_str().starts_with("make "))
                && matches!(
                    before,
                    "everyone" | "everybody" | "anyone" | "anybody" | "people" | "humans" | "all"
                );
            if hypothetical || truism {
                continue;
            }
            let made = hit.as_str().starts_with("made") || hit.as_str().starts_with("commit");
            match subject {
                // Saying someone made a mistake is a judgement, but often a
                // fair account: a warning; the rules that see how it is
                // judged (accidentally, the wrong, careless) give errors.
                Subject::Person => push(true, "person-as-cause", hit.start(), hit.end()),
                Subject::Unknown if ctx.mentions_person(toks, hit.start()) => {
                    push(true, "person-as-cause", hit.start(), hit.end())
                }
                // Only people make mistakes: "Kimberly Hiatt made an error"
                // with a name pm does not know is at least a warning.
                Subject::System if made && !ctx.system_subject_word(toks, hit.start()) => {
                    push(true, "person-as-cause", hit.start(), hit.end())
                }
                // "Paladox deleted the wrong database": a name pm does not
                // know (not a product it knows) doing a wrong act is
                // someone's, a person's or an organisation's.
                Subject::System if named_doer(toks, hit.start()) => {
                    push(true, "person-as-cause", hit.start(), hit.end())
                }
                _ => {}
            }
        }
    }
    // "My mistake", "I screwed up": the writer owning their part, a
    // warning as "I forgot" is.
    for hit in m.self_blame.find_iter(l) {
        if !negated(l, hit.start()) {
            push(true, "person-as-cause", hit.start(), hit.end());
        }
    }
    let possessive = m.person_actions_possessive.captures_iter(l);
    for (caps, soft) in
        (m.person_actions.captures_iter(l).map(|c| (c, false))).chain(possessive.map(|c| (c, true)))
    {
        let whole = caps.get(0).expect("match");
        let owner = caps.captured();
        let who = owner.map_or("", |g| g.as_str());
        let person = who
            .split([' ', '-'])
            .any(|w| is_person_word(w) || ctx.is_known_person(w))
            || who.contains(" crew")
            || who.starts_with("crew");
        // "recorders to capture the actions of the crew": what is
        // recorded or reviewed, not a cause.
        let observed = l[sentence_start(l, whole.start(), &['.', '!', '?', '\n'])..whole.start()]
            .split(' ')
            .rev()
            .filter(|w| !w.is_empty())
            .take(3)
            .any(|w| {
                [
                    "record", "captur", "monitor", "track", "log", "review", "observ", "film",
                    "video",
                ]
                .iter()
                .any(|stem| w.starts_with(stem))
            });
        if observed || negated(l, whole.start()) {
            continue;
        }
        if person {
            push(soft, "person-as-cause", whole.start(), whole.end());
        } else if soft {
            // "CrowdStrike's failure to use a staged deployment", "ERCOT's
            // failure to prepare": an organisation judged like a person.
            if org_owner(toks, owner.map_or(0, |g| g.start()))
                && org_conduct(whole.as_str(), &l[whole.end()..])
            {
                push(true, "organisation-as-actor", whole.start(), whole.end());
            }
        } else if who.split([' ', '-']).any(|w| LEX.organisations.has_noun(w))
            // "the failure of the hospital's record system": the thing
            // the organisation owns failed.
            && !owner.is_some_and(|g| l[g.end()..].trim_start().starts_with("'s"))
            && !whole.as_str().starts_with("action")
            && !whole.as_str().starts_with("decision")
        {
            // "A mis-configuration by the vendor", "failures by the
            // department": fault laid on an organisation.
            push(true, "organisation-as-actor", whole.start(), whole.end());
        } else if whole.as_str().starts_with("failure")
            && owner.is_some_and(|g| {
                toks.iter().any(|t| {
                    t.start == g.start()
                        && t.original.starts_with(|c: char| c.is_uppercase())
                        && !is_tool_name(t.lower)
                })
            })
            && {
                // "the failure of Sure Shot and Ameren to evacuate".
                let rest = l[whole.end()..].trim_start();
                let rest = rest
                    .strip_prefix("and ")
                    .map_or(rest, |r| r.split_once(' ').map_or("", |(_, r)| r));
                rest.strip_prefix("to ")
                    .is_some_and(|rest| org_conduct("failure to", rest))
            }
        {
            // "the failure of Sure Shot and Ameren to evacuate the area": a
            // named organisation failing to act ("the failure of Nginx to
            // restart" is a program's).
            push(true, "organisation-as-actor", whole.start(), whole.end());
        }
    }

    // Punishment: "was fired", "fired her", "disciplinary action".
    for hit in m.punished.find_iter(l) {
        // "the worker processes were fired up": started, not dismissed.
        if negated(l, hit.start())
            || (hit.as_str() == "fired" && l[hit.end()..].starts_with(" up"))
            // "was disciplined about changing one thing at a time": praise.
            || PATTERNS
                .discipline_quality
                .find_iter(l)
                .any(|q| q.start() <= hit.start() && hit.end() <= q.end())
            // "the timeline was written up by the incident commander".
            || (hit.as_str() == "written up" && l[hit.end()..].starts_with(" by"))
            || cared_for(m, l, hit.end())
        {
            continue;
        }
        // "the contractor's account was suspended": what was suspended is
        // the account, a thing the person owns.
        let before_person = ctx.subject(toks, hit.start()) == Subject::Person
            && !ctx.owned_thing_before(toks, hit.start());

        // "Verizon was also fined": an adverb may sit between. "You're
        // fired", "he's suspended": the verb contracted onto a pronoun.
        let passive = l[..hit.start()]
            .trim_end()
            .rsplit(' ')
            .find(|w| !LEX.passive_adverbs.has_exact(w))
            .is_some_and(|w| {
                w.ends_with("'re")
                    || w.ends_with("'m")
                    || matches!(w, "he's" | "she's")
                    || passive_auxiliary(w)
            });
        // "The ticket was reassigned to the network team", "Priya was
        // reassigned to the payments incident": tickets and responders
        // move between teams and incidents every day. Said of a person,
        // a warning; the team after "to" is where, not who is punished.
        if hit.as_str() == "reassigned" {
            if before_person && passive {
                push(true, "punishment", hit.start(), hit.end());
            }
            continue;
        }
        let object_person = object_is_person(ctx, l, hit.end());
        let fined = matches!(hit.as_str(), "fined" | "penalised" | "penalized");
        let before_org = ctx.org_subject(toks, hit.start(), o)
            && (fined || ctx.subject(toks, hit.start()) != Subject::Person);
        // A company fined by a regulator, or a subcontractor fired by its
        // client, is news about the organisation, not a person punished: a
        // warning, never an error.
        if (before_person && passive) || object_person {
            push(false, "punishment", hit.start(), hit.end());
        } else if before_org && passive {
            push(true, "punishment", hit.start(), hit.end());
        }
    }
    for hit in m.punish_object.find_iter(l) {
        // The object is the phrase after the verb: "terminate the
        // instances the intern launched" terminated no one.
        let object = hit.start() + hit.as_str().find(' ').unwrap_or(0);
        let object_person =
            object_is_person(ctx, l, object) && object_phrase_is_person(ctx, toks, object);
        if object_person && !negated(l, hit.start()) {
            // "Firing the technician is inappropriate": the act opens the
            // sentence and the sentence judges it.
            let opens = l
                [sentence_start(l, hit.start(), &['.', '!', '?', '\n', ';', ':'])..hit.start()]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty();
            let judged = opens
                && hit
                    .as_str()
                    .split(' ')
                    .next()
                    .is_some_and(|w| w.ends_with("ing"))
                && m.punishment_judged
                    .is_match(&l[hit.end()..sentence_end(l, hit.end())]);
            push(judged, "punishment", hit.start(), hit.end());
        }
    }
    // "Fire Bob", "take release rights away from Jake": the person follows.
    for hit in m.sanction_before_person.find_iter(l) {
        let Some(object) = toks.iter().find(|t| t.start >= hit.end()) else {
            continue;
        };
        // "Sack the driver": a verb only people suffer makes a role that
        // also names a program a person.
        let sacked = ["sack ", "discipline ", "demote ", "reprimand ", "punish "]
            .iter()
            .any(|v| hit.as_str().ends_with(v))
            && object_is_ambiguous_role(toks, hit.end());
        if (object_phrase_is_person(ctx, toks, hit.end()) || sacked) && !negated(l, hit.start()) {
            // The match may open with what comes before the verb ("- ",
            // "to "): the finding starts at the verb.
            let verb = hit
                .as_str()
                .find("take ")
                .or_else(|| hit.as_str().contains(" warning ").then_some(0))
                .unwrap_or_else(|| hit.as_str().trim_end().rfind(' ').map_or(0, |k| k + 1));
            push(false, "punishment", hit.start() + verb, object.end);
        }
    }
    let phrases = m.punishment_phrase.find_iter(l).map(|hit| (hit, true));
    let refusals = m.refusal_sanction.find_iter(l).map(|hit| (hit, false));
    for (hit, deniable) in phrases.chain(refusals) {
        // "The replica resigned after the lease timed out": a leader.
        let resigned = hit.as_str().starts_with("resign");
        // "she should not be struck off": the negation sits inside the
        // phrase, where `negated` (which looks before it) does not see it.
        let denied = deniable
            && hit
                .as_str()
                .split(' ')
                .any(|w| matches!(w, "not" | "never" | "no"));
        if denied || negated(l, hit.start()) || warned_audience(l, hit.as_str(), hit.end()) {
            continue;
        }
        if resigned && ctx.subject(toks, hit.start()) != Subject::Person {
            continue;
        }
        // "The deploy script should be held accountable to the same review
        // gate" (attack 54): a call for a sanction made of a program.
        let called_for = ["should ", "deserve", "ought ", "need", "going ", "gonna "]
            .iter()
            .any(|w| hit.as_str().starts_with(w));
        if called_for && program_subject(ctx, toks, l, hit.start()) {
            continue;
        }
        // "Criminal charges for safety incidents are rare": proceedings
        // with nobody in the sentence to face them are talk about
        // punishment, worth a look; against someone, an error.
        let proceedings = ["disciplinary ", "legal ", "criminal ", "punitive "]
            .iter()
            .any(|p| hit.as_str().starts_with(p));
        let nobody = proceedings && !ctx.mentions_person(toks, hit.start());
        // "using e-portfolios in legal proceedings": where something is
        // used or heard, not a sanction anyone faces; worth a look only.
        let venue = proceedings && matches!(word_before(l, hit.start()), "in" | "during" | "for");
        push(nobody || venue, "punishment", hit.start(), hit.end());
    }

    // "The correct procedure was not followed": rule-breaking in the passive.
    for hit in m.passive_procedure.find_iter(l) {
        if negated_rule(l, hit.start())
            || PATTERNS.permitted.is_match(sentence_text(l, hit.start()))
        {
            continue;
        }
        let subject = ctx.subject(toks, hit.start());
        // "without review" and "ignored the warning" need someone to do
        // them: "the health check ignored the warning from the replica".
        let without = hit.as_str().starts_with("without");
        // "The client failed to follow redirects", "the scheduler failed
        // to follow the cron expression": programs follow things too.
        let ignored = (hit.as_str().starts_with("ignor")
            || ["failed to", "failing to", "refused to", "neglected to"]
                .iter()
                .any(|v| hit.as_str().starts_with(v)))
            && ctx.system_subject_word(toks, hit.start())
            && !ctx.mentions_person(toks, hit.start());
        if without && subject != Subject::Person || ignored {
            continue;
        }
        // "Downtime procedures were not followed", "the usual approach was
        // bypassed": with nobody in the sentence, often a finding about the
        // procedure (missing, unworkable); worth a look, not a failed build.
        push(
            !ctx.mentions_person(toks, hit.start()),
            "rule-breaking",
            hit.start(),
            hit.end(),
        );
    }

    // Advice aimed at the reader or at people: "double-check your typing".
    for hit in m.reader_directed.find_iter(l) {
        // "We tried to be careful not to overload the replica": what
        // someone meant to do, not advice.
        let meant = hit.as_str().starts_with("be careful") && {
            let before = l[..hit.start()].trim_end();
            before.strip_suffix(" to").is_some_and(|b| {
                matches!(
                    b.rsplit(' ').next().unwrap_or(""),
                    "tried"
                        | "try"
                        | "tries"
                        | "trying"
                        | "want"
                        | "wanted"
                        | "wants"
                        | "attempted"
                        | "meant"
                        | "intended"
                        | "chose"
                        | "decided"
                )
            })
        };
        if !negated(l, hit.start()) && !meant {
            push(false, "people-remediation", hit.start(), hit.end());
        }
    }
    // Vigilance asked of people as the fix, found by attack 42: "Remind
    // all engineers in the next all-hands that the change window is
    // mandatory", "Reviewers must actually read the SQL", "data on-call
    // engineers to check the pipeline dashboard at the start of every
    // shift". Often how action items are written; worth a look.
    for hit in m.vigilance.find_iter(l) {
        if !negated(l, hit.start()) {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // People told again as the fix (attack 67): "Tell skippers again:",
    // "Remind pilots that pre-flight checks are mandatory". A person right
    // after the verb, then what makes it a reminder.
    // The group holds the verb, without what comes before it ("to ").
    for caps in m.told_person.captures_iter(l) {
        let Some(verb) = caps.captured() else {
            continue;
        };
        let rest = &l[verb.end()..sentence_end(l, verb.end())];
        if object_phrase_is_person(ctx, toks, verb.end())
            && m.told_what.is_match(rest)
            && !negated(l, verb.start())
            && let Some(person) = toks.iter().find(|t| t.start >= verb.end())
        {
            push(true, "people-remediation", verb.start(), person.end);
        }
    }
    for hit in m.enhanced_training.find_iter(l) {
        // "Pair new on-call engineers with an experienced secondary"
        // (attack 57): how newcomers join the rota, not a remedy.
        let newcomers = hit.as_str().starts_with("pair new ");
        if !negated(l, hit.start()) && !newcomers && ctx.mentions_person(toks, hit.start()) {
            push(false, "people-remediation", hit.start(), hit.end());
        }
    }
    // "Always test the config", "don't delete it": advice at the start of
    // a sentence, an item or a clause.
    for hit in m.imperative.find_iter(l).filter(|h| {
        let before = opening_markup_trimmed(&l[..h.start()]);
        let verb = h.as_str().rsplit(' ').next().unwrap_or("");
        // "never followed up" tells what happened; "don't worry", "don't
        // blame yourself" comfort, they do not aim a fix at people.
        // "never recovers", "always fails", "never seen", "never again"
        // describe; advice is a bare verb.
        // "checked what a rule matches, never what it costs": a contrast,
        // with no verb after the word.
        let contrast = matches!(
            verb,
            "what"
                | "for"
                | "on"
                | "in"
                | "at"
                | "the"
                | "a"
                | "an"
                | "to"
                | "from"
                | "by"
                | "with"
                | "once"
                | "when"
                | "where"
                | "how"
                | "why"
                | "who"
                | "more"
                | "less"
                | "both"
                | "all"
                | "any"
                | "its"
                | "their"
                | "our"
                | "as"
                | "than"
                | "during"
                | "after"
                | "before"
                | "through"
                | "into"
                | "via"
                | "only"
                | "just"
                | "one"
        ) && l[..h.start()].trim_end().ends_with(',');
        // "Decision: do not fail over to the secondary": a technical verb.
        let fail_over = verb == "fail" && l[h.end()..].starts_with(" over");
        let not_advice = contrast
            || fail_over
            || verb.ends_with("ed")
            || verb.ends_with('s') && !verb.ends_with("ss")
            || verb.ends_with("able")
            || LEX.past_verbs.has_exact(verb)
                && !matches!(verb, "read" | "set" | "put" | "cut" | "hit" | "shut")
            || matches!(
                verb,
                "worry"
                    | "let"
                    | "panic"
                    | "hesitate"
                    | "feel"
                    | "beat"
                    | "blame"
                    | "fret"
                    | "stress"
                    | "again"
                    | "mind"
                    | "before"
                    | "ever"
                    | "seen"
                    | "been"
                    | "done"
                    | "gone"
                    | "known"
                    | "had"
                    | "was"
                    | "were"
                    | "the"
                    | "a"
                    | "an"
                    | "more"
                    | "less"
                    | "quite"
                    | "aware"
                    | "patient"
            );
        // A plea or a prohibition also starts a clause after a
        // conjunction: "..., so please don't force-push again". "Always"
        // and "never" there describe: "queued but never ran", "rebooted
        // and then always came up".
        // "Don't restart the primary until the DBA confirms replication",
        // "do not retry the batch automatically on timeout; page instead":
        // an operating instruction with its condition, not advice on
        // behaviour.
        let instruction = l[h.end()..sentence_end(l, h.end())]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| {
                matches!(
                    w,
                    "until" | "while" | "unless" | "automatically" | "instead"
                )
            });
        if instruction {
            return false;
        }
        let plea = h.as_str().starts_with("please") || h.as_str().starts_with("don't");
        let after_conjunction = plea
            && before
                .rsplit([' ', ','])
                .find(|w| !w.is_empty())
                .is_some_and(|w| matches!(w, "so" | "and" | "but" | "then" | "just" | "also"));
        !not_advice && (starts_clause(before) || after_conjunction)
    }) {
        push(true, "people-remediation", hit.start(), hit.end());
    }
    // "Stay focused on your task", "please follow safety rules": how to
    // behave, told at the start of a sentence, an item or a clause.
    // "Stay alert for a second wave", "follow the procedures in section
    // 4": a situation to watch for, a document to use, not behaviour.
    for hit in m.behaviour.find_iter(l) {
        let last = hit.as_str().rsplit(' ').next().unwrap_or("");
        if matches!(
            last,
            "for" | "to" | "in" | "at" | "from" | "on" | "of" | "under" | "listed" | "described"
        ) {
            continue;
        }
        let before = opening_markup_trimmed(&l[..hit.start()]);
        let before = before
            .strip_suffix("please")
            .map_or(before, |b| b.trim_end_matches(' '));
        if starts_clause(before) {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // "Engineers must verify the target host before running a migration":
    // a duty laid on a role as the fix, a warning.
    for hit in m.duty.find_iter(l) {
        push(true, "people-remediation", hit.start(), hit.end());
    }
    for hit in m.ownership.find_iter(l) {
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !we_subject(toks, hit.start())
            && !negated(l, hit.start())
            && !nobody_subject(l, hit.start())
        {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // "His access to production routers is revoked": someone's access.
    for hit in m.access_revoked.find_iter(l) {
        let mut before = l[..hit.start()].split_whitespace().rev().take(2);
        // "his access", "the intern's access": what a person owns.
        let owner = |w: Option<&str>| {
            w.is_some_and(|w| {
                matches!(w, "his" | "her" | "their")
                    || w.ends_with("'s") && {
                        let who = text::without_possessive(w);
                        is_person_subject_word(who) || ctx.is_known_person(who)
                    }
            })
        };
        let (last, one_back) = (before.next(), before.next());
        // "Remove Kevin's production access": the owner inside the words.
        let inside = hit.as_str().split(' ').find(|w| w.ends_with("'s"));
        // "Jenna's access was removed automatically when her elevation
        // ended", "... was revoked by the broker": the system at work.
        let rest = &l[hit.end()..sentence_end(l, hit.end())];
        let automatic = rest
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| LEX.by_itself.has_exact(w))
            || rest.starts_with(" by ") && !by_person(ctx, l, hit.end());
        if (owner(last) || owner(one_back) || owner(inside))
            && !negated(l, hit.start())
            && !automatic
        {
            push(false, "punishment", hit.start(), hit.end());
        }
    }
    // "Oluwaseun should be removed from the on-call rotation", "whoever
    // wrote this should not be allowed near production"; not "the old node
    // should be removed from the rotation".
    for hit in m.kept_away.find_iter(l) {
        // "The failing node was removed from the on-call rotation's
        // policy": the subject decides, not the "on-call" in the match.
        let person_before = sentence_before(toks, hit.start())
            .iter()
            .any(|t| ctx.token_is_person(t));
        // "Take the ramp supervisor off the roster", not "take the canary
        // host off the rotation": an imperative's object is who is kept away.
        let imperative = [
            "take ",
            "move ",
            "remove ",
            "ban ",
            "restrict ",
            "replace ",
            "give ",
        ]
        .iter()
        .find(|v| hit.as_str().starts_with(*v))
        .map(|v| v.len());
        let someone = match imperative {
            Some(n) => {
                object_is_person(ctx, l, hit.start() + n) || named_object(toks, hit.start() + n)
            }
            None => person_before || !ctx.system_subject_word(toks, hit.start()),
        };
        // "The retired engineer was removed from the on-call rotation, but
        // the escalation policy still paged her": taken off because they
        // left, the finding is the stale policy.
        let left = sentence_text(l, hit.start()).split(' ').any(|w| {
            matches!(
                w,
                "retired"
                    | "retiring"
                    | "departing"
                    | "departed"
                    | "former"
                    | "leaving"
                    | "outgoing"
            )
        });
        if someone
            && !left
            && !negated(l, hit.start())
            && !nobody_subject(l, hit.start())
            && !cared_for(m, l, hit.end())
        {
            push(false, "punishment", hit.start(), hit.end());
        }
    }
    // A fine or a court's sentence reported: news about who was
    // sanctioned, often an organisation, and the court's account rather
    // than the review's finding; a warning.
    for hit in m.reported_sanction.find_iter(l) {
        // "We need to fine tune the thresholds": another verb.
        let tune = hit
            .as_str()
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with("tun") || w.starts_with("grain"));
        if !negated(l, hit.start()) && !tune {
            // "levied the fine." points at the words, not the full stop.
            let words = hit
                .as_str()
                .trim_end_matches(|c: char| !c.is_alphanumeric());
            push(true, "punishment", hit.start(), hit.start() + words.len());
        }
    }
    // "The engineer responsible has been dealt with", "was moved to a
    // non-production role": a sanction, when a person is what it was
    // done to ("the issue has been dealt with" is not).
    for hit in m.sanctioned_person.find_iter(l) {
        // "We will send an apology to affected customers": the company's.
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !we_subject(toks, hit.start())
            && !negated(l, hit.start())
            && !nobody_subject(l, hit.start())
        {
            push(false, "punishment", hit.start(), hit.end());
        }
    }
    // "The offshore team keeps breaking the build": a habit laid on
    // someone; "the job keeps failing" describes a system.
    // "The on-call engineer slept through the page" is the same.
    for hit in m.recurring.find_iter(l).chain(m.conduct.find_iter(l)) {
        // "Marcus's builds keep breaking": the builds, not Marcus.
        if negated(l, hit.start()) || ctx.owned_thing_before(toks, hit.start()) {
            continue;
        }
        // "The reviewer glossed over the migration because the diff viewer
        // collapsed it": told with its reason, a warning.
        // ("Kenji had one job: renew the certificate" names the job.)
        let rest = &l[hit.end()..sentence_end(l, hit.end())];
        let explained = explains(rest) && !rest.starts_with(':');
        match ctx.subject_of_hit(toks, hit.start(), hit.as_str()) {
            // "We cut corners on test coverage": `frames` lowers the team's own.
            Subject::Person => push(explained, "character-judgement", hit.start(), hit.end()),
            Subject::Unknown if ctx.mentions_person(toks, hit.start()) => {
                push(true, "character-judgement", hit.start(), hit.end())
            }
            // "The vendor could not be bothered to answer our ticket": an
            // organisation judged as a careless person, a warning.
            _ if ctx.org_noun_subject(toks, hit.start()) => {
                push(true, "character-judgement", hit.start(), hit.end())
            }
            _ => {}
        }
    }
    // "Tom owns this failure", "ultimately this falls on the release
    // manager": fault laid on someone in the story.
    for caps in m.fault_person.captures_iter(l) {
        let hit = caps.get(0).expect("match");
        // Who it falls on ("falls on the release manager", "chalk it up to
        // the on-call"): the words the pattern's group marks; else the
        // subject ("Tom owns this failure").
        let who = match caps.captured() {
            Some(object) => object_is_person(ctx, l, object.start()),
            None => ctx.subject(toks, hit.start()) == Subject::Person,
        };
        if who && !negated(l, hit.start()) {
            push(false, "person-as-cause", hit.start(), hit.end());
        }
    }
    // "The operator deviated from the standard operating procedure".
    // "Proper care was not taken when the command was run", with no one
    // named: a warning.
    for hit in m.deviated.find_iter(l) {
        if ctx.subject(toks, hit.start()) != Subject::System && !negated(l, hit.start()) {
            let someone = ctx.mentions_person(toks, hit.start());
            push(!someone, "rule-breaking", hit.start(), hit.end());
        }
    }
    // "Disregard for rules caused blackout", "the lack of adherence to
    // internal procedures": a breach named as a noun needs no subject;
    // with no one named in the sentence, a warning.
    for hit in m.nominal_breach.find_iter(l) {
        // ", while the SOP calls for ...": the act before the comma is a
        // program's ("The job retried three times, while the policy
        // requires five") unless a person is named.
        let before = l[..hit.start()].trim_end();
        let programs = before.ends_with(',')
            && ctx.system_subject_word(toks, before.len() - 1)
            && !ctx.mentions_person(toks, hit.start());
        if !negated(l, hit.start()) && !programs {
            let someone = ctx.mentions_person(toks, hit.start());
            push(!someone, "rule-breaking", hit.start(), hit.end());
        }
    }
    // Sarcasm, hints at a culprit, questions that expect no answer: the
    // pattern is the judgement; a warning, as the tone may be misread.
    for hit in m.insinuation.find_iter(l) {
        push(false, "insinuation", hit.start(), hit.end());
    }
    // "not a people problem imo, the job had no idempotency key" (attack
    // 68): hints a negation before them clears.
    for hit in m.insinuation_deniable.find_iter(l) {
        if !negated(l, hit.start()) {
            push(false, "insinuation", hit.start(), hit.end());
        }
    }
    // "It is not the first time that this officer has a problem of
    // concentration": a record kept against the person after the phrase,
    // told with something they did or have; not what happened to them
    // ("... the on-call was paged for this alert") and not ours.
    for hit in m.insinuation_record.find_iter(l) {
        // Past "that" and a determiner: "... time that this officer".
        let mut at = hit.end();
        while let Some(w) = [" that ", " this ", " these ", " those "]
            .iter()
            .find(|w| l[at..].starts_with(*w))
        {
            at += w.len() - 1;
        }
        let words: Vec<&str> = l[at..sentence_end(l, at)].split_whitespace().collect();
        let ours = words
            .first()
            .is_some_and(|w| matches!(*w, "we" | "i" | "our" | "my" | "us"));
        // A passive ("was paged", "were woken"): a heuristic that misses
        // "was distracted" by design.
        let received = words.windows(2).any(|w| {
            matches!(
                w[0],
                "was" | "were" | "been" | "being" | "got" | "is" | "are"
            ) && (w[1].ends_with("ed") || w[1].ends_with("en"))
        });
        if !ours
            && !received
            && ctx.subject_after(toks, at) == Subject::Person
            && !negated(l, hit.start())
        {
            push(false, "insinuation", hit.start(), hit.end());
        }
    }
    // "Why did the devs not find it in dev?", "why didn't CrowdStrike
    // catch this issue?": someone asked to account for what they did not
    // do, or to account for an act judged ("How could Southwest make this
    // blunder?"). A question whose subject is a person, an organisation or
    // nobody.
    for hit in m.why_not.find_iter(l) {
        let end = sentence_end(l, hit.end());
        if !l[end..].starts_with('?') {
            continue;
        }
        let after: Vec<&Token> = toks[toks.partition_point(|t| t.start < hit.end())..]
            .iter()
            .take_while(|t| t.end <= end && !matches!(t.lower, "," | ";" | ":" | "(" | "\""))
            .collect();
        let Some(head) = after.iter().position(|t| !DETERMINERS.contains(&t.lower)) else {
            continue;
        };
        // The word that says who is asked: the first of the next three
        // that is a person, an organisation, a system or "we".
        let asked = |t: &Token| -> Option<bool> {
            let w = text::without_possessive(t.lower);
            if matches!(w, "it" | "this" | "that" | "we" | "there") {
                Some(false)
            } else if matches!(
                w,
                "nobody" | "anyone" | "anybody" | "no" | "you" | "u" | "he" | "she" | "they" | "i"
            ) || LEX.organisations.has_noun(w)
            {
                Some(true)
            } else if is_system_word(w) {
                Some(false)
            } else if ctx.token_is_person(t)
                || t.original.starts_with(|c: char| c.is_ascii_uppercase())
                    && t.original.len() > 1
                    && !LEX.filler.has_exact(w)
            {
                Some(true)
            } else {
                None
            }
        };
        let Some((who, true)) = after[head..]
            .iter()
            .take(3)
            .find_map(|t| asked(t).map(|person| (t, person)))
        else {
            continue;
        };
        // "Many people were asking the question, 'Why didn't he just go
        // around?'": a question reported, not asked here.
        let before = &l[sentence_start(l, hit.start(), &['.', '!', '?', '\n'])..hit.start()];
        let reported =
            before.trim_end().ends_with(['"', '\'']) && m.question_reported_before.is_match(before);
        if reported {
            continue;
        }
        let nobody = matches!(who.lower, "nobody" | "no");
        let negative = hit.as_str().contains("n't") || hit.as_str().contains(" not ");
        if (negative || nobody || m.why_not_omission.is_match(&l[hit.end()..end]))
            && !negated(l, hit.start())
        {
            // The finding runs to the word after who is asked (its verb).
            let to = after
                .iter()
                .find(|t| t.start > who.start && !matches!(t.lower, "one" | "not" | "ever"))
                .map_or(who.end, |t| t.end);
            push(true, "insinuation", hit.start(), to);
        }
    }
    // Hints told with a lapse; a habit ("as usual", "once again") also
    // needs someone it is said of.
    let lapses = m.insinuation_lapse.find_iter(l).map(|hit| (hit, false));
    let habits = m.insinuation_habit.find_iter(l).map(|hit| (hit, true));
    for (hit, habit) in lapses.chain(habits) {
        let sentence = sentence_text(l, hit.start());
        let lapse = sentence
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .any(|w| LEX.lapse_words.has_exact(w));
        let someone = !habit || said_of_someone(ctx, toks, l, hit.start());
        // "The DBA, yet again, ran the cleanup script against production":
        // a habit said of a person (not of us) is the judgement even with
        // no lapse word.
        // Not "business as usual", "helped them to once again enjoy", "we
        // were, as usual, overstretched".
        let before = &l[..hit.start()];
        let of_a_person = habit
            && !before.ends_with("business ")
            && !before.ends_with("to ")
            && !first_person_subject(toks, hit.start())
            && !matches!(word_before(l, hit.start()), "we" | "i" | "us")
            && !before.trim_end_matches([' ', ',']).ends_with("we were")
            // "As usual, we merged on a Friday".
            && !["we ", "i ", "our "]
                .iter()
                .any(|w| l[hit.end()..].trim_start_matches([',', ' ']).starts_with(w))
            && ctx.mentions_person(toks, hit.start());
        if (lapse || of_a_person) && someone && !negated(l, hit.start()) {
            push(false, "insinuation", hit.start(), hit.end());
        }
    }
    // "It is relevant that the operator had failed her assessment once
    // before": a lapse of someone's set down as worth noting.
    for hit in m.insinuation_noted.find_iter(l) {
        // "... that the engineer did not have access to the dashboard": what
        // someone lacked is the system's, not a lapse.
        let sentence = sentence_text(l, hit.start());
        let words: Vec<&str> = sentence
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let lacked = words.windows(2).any(|w| {
            (matches!(w[0], "not" | "cannot") || w[0].ends_with("n't"))
                && LEX.lacked_verbs.has_exact(w[1])
        });
        let lapse = words.iter().any(|w| LEX.lapse_words.has_exact(w));
        // "... worth noting that we had some confusion": the team's own.
        let ours = matches!(word_after(l, hit.end()), "we" | "i" | "our" | "my");
        if lapse
            && !lacked
            && !ours
            && ctx.subject_after(toks, hit.end()) == Subject::Person
            && !negated(l, hit.start())
        {
            push(false, "insinuation", hit.start(), hit.end());
        }
    }
    // A one-word jibe ("Again.", "Convenient.") is said of the sentence
    // just before it.
    for hit in m.insinuation_tag.find_iter(l) {
        let tag = first_letter(&hit);
        let end = hit.start() + hit.as_str().trim_end().len();
        let previous = l[..tag].trim_end();
        let Some(before) = previous
            .strip_suffix(['.', '!', '?'])
            .map(|p| p.trim_end().len())
            .filter(|&n| n > 0)
        else {
            continue;
        };
        if said_of_someone(ctx, toks, l, before - 1) && !negated(l, before - 1) {
            push(false, "insinuation", tag, end);
        }
    }
    for hit in m.insinuation_person.find_iter(l) {
        // "Alice finally joins the bridge after landing; her flight had no
        // wifi": told with its reason.
        let rest = &l[hit.end()..sentence_end(l, hit.end())];
        let explained = explains(rest);
        // "We let them down, and for that I am deeply sorry": the team's
        // own apology, not a hint at someone.
        let our_apology =
            hit.as_str().starts_with("let ") && first_person_subject(toks, hit.start());
        if said_of_someone(ctx, toks, l, hit.start()) && !explained && !our_apology {
            push(false, "insinuation", hit.start(), hit.end());
        }
    }
    // "Please follow the runbook", "please stop force-pushing": a plea
    // to the reader, wherever it stands, but not a question that asks
    // it ("can we please stop saying this").
    for hit in m.plea.find_iter(l) {
        let asked = matches!(word_before(l, hit.start()), "we" | "you" | "i" | "they");
        if !asked {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    // "train employees on what to click", "made sure our folks are
    // trained": training people as the fix, where people are named.
    // "Dave to take the refresher course", "Ops to respond to pages
    // faster": an action item asking one person or team to behave
    // differently. Not the team's own ("we need to always ...") and not
    // a system ("configure the alert to always page").
    for hit in m.person_to.find_iter(l) {
        // "IC asks responders to stop making changes": an instruction in
        // the response. "Ops to respond faster by adding a second pager":
        // the change is the means.
        let before = &l[sentence_start(l, hit.start(), &['.', '!', '?', '\n', ';'])..hit.start()];
        // "Tell Tomasz to stop running scripts from his laptop": an
        // imperative that opens the sentence is the action item itself
        // (attack 62), not an instruction told in the response.
        let imperative = matches!(
            before.split_whitespace().next(),
            Some("tell" | "ask" | "remind" | "instruct")
        );
        let asked = !imperative
            && before
                .split_whitespace()
                .any(|w| LEX.speech_verbs.has_exact(w) || matches!(w, "instructs" | "instructed"));
        // A means is "by" and a gerund, not a deadline ("by Friday").
        let rest = &l[hit.end()..sentence_end(l, hit.end())];
        let means = rest
            .match_indices(" by ")
            .any(|(at, by)| word_after(rest, at + by.len()).ends_with("ing"));
        if ctx.subject(toks, hit.start()) == Subject::Person
            && !first_person_subject(toks, hit.start())
            && !negated(l, hit.start())
            && !asked
            && !means
        {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }
    for hit in m.people_training.find_iter(l) {
        // "The train engineer reported the fault": a noun, after a
        // determiner or an adjective, not the verb.
        let noun = hit.as_str().starts_with("train ")
            && matches!(
                word_before(l, hit.start()),
                "the"
                    | "a"
                    | "an"
                    | "our"
                    | "their"
                    | "his"
                    | "her"
                    | "its"
                    | "that"
                    | "this"
                    | "commuter"
                    | "freight"
                    | "passenger"
                    | "metro"
                    | "subway"
            );
        if !noun && !negated(l, hit.start()) && ctx.mentions_person(toks, hit.start()) {
            push(true, "people-remediation", hit.start(), hit.end());
        }
    }

    // Blaming questions and "should the engineer have ...".
    for hit in m.question.find_iter(l) {
        let words = hit.as_str();
        let person = words
            .split(' ')
            .any(|w| is_person_word(w) || ctx.is_known_person(w))
            || words.starts_with("what was the excuse")
            || words.starts_with("no excuse");
        if person {
            push(false, "counterfactual", hit.start(), hit.end());
        }
    }

    // "Did the SRE even look at the dashboard?", "Was the reviewer even
    // awake?": a question opened by did, was or were, with a person
    // before "even".
    for hit in m.even_question.find_iter(l) {
        let start = sentence_start(l, hit.start(), &['.', '!', '?', '\n']);
        let opening = l[start..hit.start()].trim_start();
        let asks = ["did ", "was ", "were ", "didn't ", "wasn't "]
            .iter()
            .any(|w| opening.starts_with(w));
        if asks
            && l[sentence_end(l, hit.start())..].starts_with('?')
            && opening.split_whitespace().count() <= 4
            && ctx.mentions_person(toks, hit.start())
        {
            push(
                false,
                "counterfactual",
                start + (l[start..].len() - l[start..].trim_start().len()),
                hit.end(),
            );
        }
    }

    // An organisation's handling judged wherever it stands in the
    // sentence: "Poor planning, Nintendo.", "a slap in the face of every
    // Cellcom customer".
    for hit in m.org_judged.find_iter(l) {
        // "Acme came under fierce criticism": the organisation as the
        // clause's subject, even as the sentence's first word; "their
        // customer service was atrocious": the possessive is the
        // organisation (attack 81).
        let theirs = hit.as_str().starts_with("their ") || hit.as_str().starts_with("its ");
        if (theirs
            || ctx.org_subject(toks, hit.start(), o)
            || mentions_org(toks, hit.start()) && !ctx.system_subject_word(toks, hit.start()))
            && !negated_rule(l, hit.start())
        {
            push(true, "organisation-as-actor", hit.start(), hit.end());
        }
    }
    // Organisations judged like a person: "Acme did not retest the code".
    for hit in m.org_omission.find_iter(l) {
        let verb = hit.as_str().rsplit(' ').next().unwrap_or("");
        // "failed its patients" is an act only people and organisations
        // do; an omission needs a verb only they do.
        let opening = ["did", "never", "failed to", "neglected", "chose", "refused"]
            .into_iter()
            .find(|w| hit.as_str().starts_with(w));
        let omission = opening.is_some();
        // A name that "failed to install", "refused to recall" (not "did
        // not" or "never", said of programs as often): an act a program
        // does not do (lexicon `machine-verbs`: "Nginx failed to
        // restart"), by a name that is not a product pm knows.
        let named_act = opening.is_some_and(|w| !matches!(w, "did" | "never"))
            && !LEX.machine_verbs.has_exact(verb)
            && org_acting(ctx, toks, hit.start(), o);
        let human = !omission
            || named_act
            || LEX.human_only_verbs.has(verb)
            || (human_only_base(verb)
                && org_acting(ctx, toks, hit.start(), o)
                && !press_no_comment(l, hit.end()))
            || ctx.org_noun_subject(toks, hit.start());
        // "Resolvers begin to answer REFUSED to CGNAT ranges": a word in
        // capitals is a status code or a literal, not prose (attack 56).
        let literal = o
            .get(hit.start()..hit.start() + hit.as_str().find(' ').unwrap_or(0))
            .is_some_and(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_uppercase()));
        // "a result that did not fit the patient": the relative clause's
        // subject is the thing before `that`, not the clinic before it.
        let relative = word_before(l, hit.start());
        let thing_before = matches!(relative, "that" | "which") && {
            let that = l[..hit.start()].trim_end().len() - relative.len();
            super::sentence::is_thing_noun(word_before(l, that))
        };
        if human
            && !literal
            && !thing_before
            && ctx.org_subject(toks, hit.start(), o)
            && !negated_rule(l, hit.start())
            && !PATTERNS.no_comment.is_match(&l[hit.start()..])
        {
            push(false, "organisation-as-actor", hit.start(), hit.end());
        }
    }
}

/// "Issue a formal warning to the public about the flood risk": a warning
/// given to an audience (lexicon `audiences`), not a sanction.
fn warned_audience(l: &str, hit: &str, end: usize) -> bool {
    hit.ends_with("warning to")
        && l[end..]
            .split_whitespace()
            .find(|w| !DETERMINERS.contains(w))
            .is_some_and(|w| LEX.audiences.has(w))
}

/// "Did not respond to requests for comment", "never replied to emails
/// seeking comment": the press's note that someone was asked, not an
/// omission in the incident.
fn press_no_comment(l: &str, end: usize) -> bool {
    l[end..sentence_end(l, end)].contains("comment")
}

/// Whether `verb`, a bare infinitive after "did not" or "never", is a
/// human-only verb the lexicon lists in its past form ("AQA did not inform
/// us": informed; "never checked": checked; "did not notify": notified).
fn human_only_base(verb: &str) -> bool {
    let past = |suffix: &str| LEX.human_only_verbs.has_exact(&format!("{verb}{suffix}"));
    past("ed")
        || past("d")
        || verb
            .strip_suffix('y')
            .is_some_and(|stem| LEX.human_only_verbs.has_exact(&format!("{stem}ied")))
}

/// Whether the sentence holding the hit `start..end` is writing about
/// blame that reaches the hit: a discussion phrase in it, not set against
/// the hit by a contrast ([`set_against`]: "This is not about blame, but
/// Felix should have known better").
fn discussion_covers(m: &More, l: &str, start: usize, end: usize) -> bool {
    let from = sentence_start(l, start, &['.', '!', '?', '\n']);
    let sentence = &l[from..sentence_end(l, start)];
    m.discussion
        .find_iter(sentence)
        .any(|d| !set_against(l, (from + d.start(), from + d.end()), (start, end)))
}

/// Whether a capitalised name pm does not know opens the clause and does
/// the act just before byte `at`, a past verb: "Paladox deleted | the wrong
/// database". Not a product pm knows ("Terraform deleted the wrong
/// database"), a system word, or a word that opens sentences ("At one
/// point the boat was on the wrong side").
fn named_doer(toks: &[Token], at: usize) -> bool {
    let mut i = toks.partition_point(|t| t.start < at);
    // The match may open with the verb itself ("Marek | ran the purge
    // script against production instead of staging").
    if toks.get(i).is_some_and(|t| {
        t.start == at && (t.lower.ends_with("ed") || LEX.past_verbs.has_exact(t.lower))
    }) {
        i += 1;
    }
    let (Some(name), Some(verb)) = (
        i.checked_sub(2).map(|j| &toks[j]),
        i.checked_sub(1).map(|j| &toks[j]),
    ) else {
        return false;
    };
    // After a clause word or a timeline's time ("The outage started when
    // Thandiwe deleted ...", "14:40 Thandiwe deletes ...", attack 50).
    let opens = i < 3
        || matches!(
            toks[i - 3].lower,
            "." | ","
                | ";"
                | ":"
                | "("
                | "and"
                | "but"
                | "when"
                | "after"
                | "before"
                | "because"
                | "then"
                | "until"
                | "while"
                | "once"
        )
        || toks[i - 3].lower.bytes().all(|b| b.is_ascii_digit());
    // A timeline is often told in the present: "Wojciech pushes the wrong
    // VLAN config".
    let present = verb.lower.len() > 3
        && verb.lower.ends_with('s')
        && !verb.lower.ends_with("ss")
        && !verb.lower.ends_with("us")
        && !verb.lower.ends_with("is");
    let past = verb.lower.ends_with("ed") || LEX.past_verbs.has_exact(verb.lower) || present;
    opens && past && name_like(name)
}

/// A capitalised word that may be someone's name: not a word pm knows as
/// filler, a product, a system, an organisation or a day.
fn name_like(t: &Token) -> bool {
    t.original.starts_with(|c: char| c.is_ascii_uppercase())
        && t.lower.len() > 2
        && !LEX.filler.has_exact(t.lower)
        && !LEX.clause_breaks.has_exact(t.lower)
        && !LEX.tools.has_noun(t.lower)
        && !LEX.not_names.has_exact(t.lower)
        && !is_system_word(t.lower)
        && !LEX.organisations.has_noun(t.lower)
}

/// Whether the object at byte `at` is one capitalised word pm cannot place
/// and takes for a name ("Remove Lena from the release rota"): the word
/// alone, before the preposition that ends the object.
fn named_object(toks: &[Token], at: usize) -> bool {
    let i = toks.partition_point(|t| t.start < at);
    toks.get(i).filter(|t| t.start == at).is_some_and(name_like)
        && toks
            .get(i + 1)
            .is_some_and(|t| matches!(t.lower, "from" | "off" | "to" | "with"))
}

/// Whether the word at byte `at` names an organisation: an organisation
/// word (the vendor's, the council's) or a capitalised name that is not a
/// product pm knows, a system word or a person's ("CrowdStrike's").
fn org_owner(toks: &[Token], at: usize) -> bool {
    let i = toks.partition_point(|t| t.start < at);
    toks.get(i).filter(|t| t.start == at).is_some_and(|t| {
        LEX.organisations.has_noun(t.lower)
            || (t.original.starts_with(|c: char| c.is_ascii_uppercase())
                && t.original.len() > 1
                && !LEX.filler.has_exact(t.lower)
                && !LEX.tools.has_noun(t.lower)
                && !is_system_word(t.lower)
                && !is_person_word(t.lower))
    })
}

/// Whether an owner's `what` ("failure to", "negligence") followed by
/// `rest` judges conduct only people and organisations have: a failure to
/// do what programs do not ("failure to prepare", not "failure to
/// restart"), negligence, complacency.
fn org_conduct(what: &str, rest: &str) -> bool {
    if what.ends_with("failure to") {
        let verb = rest
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        return !verb.is_empty() && !LEX.machine_verbs.has_exact(verb);
    }
    [
        "inaction",
        "negligence",
        "carelessness",
        "incompetence",
        "complacency",
        "recklessness",
        "misjudgment",
        "misjudgement",
    ]
    .iter()
    .any(|w| what.ends_with(w))
}

/// Whether a slip word (`mistake-act`) starting at `at` sits in a passive:
/// "was inadvertently given" (a form of "be" just before the adverb), or
/// "were pushed in error", "was deleted by mistake" (a participle after a
/// form of "be" just before the phrase).
pub(super) fn slip_in_passive(l: &str, at: usize, slip: &str) -> bool {
    let before = word_before(l, at);
    if !slip.contains(' ') {
        return passive_auxiliary(before);
    }
    let participle =
        before.ends_with("ed") || before.ends_with("en") || LEX.past_verbs.has_exact(before);
    let start = l[..at].trim_end().len() - before.len();
    participle && passive_auxiliary(word_before(l, start))
}

/// Whether the clause before `at` has an organisation as its subject, named
/// by a common noun (the vendor, the company) or by a capitalised name that
/// is not a product pm knows (lexicon `tools`).
fn org_acting(ctx: &Context, toks: &[Token], at: usize, o: &str) -> bool {
    // "The university's computer system had incorrectly flagged": a
    // system in the clause is what acts, whoever owns it.
    (ctx.org_noun_subject(toks, at) || ctx.org_subject(toks, at, o))
        && !sentence_before(toks, at)
            .iter()
            .rev()
            .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
            .any(|t| LEX.tools.has_noun(t.lower) || is_system_word(t.lower))
}

/// Whether the words `[start, end)` sit inside quotes that the line sets
/// aside: a denial just before the opening quote ("Not a "Leo messed up"
/// thing"), or a speaker before it and a contrast just after the closing
/// quote ("someone said "Rodel was slacking", but he was on the phone").
/// The quoted words are someone's blame, reported and answered.
pub(super) fn quote_set_aside(m: &More, l: &str, start: usize, end: usize) -> bool {
    // The line holding the words, at most a sentence window either way,
    // so that a long line with many findings is not read once per finding.
    let line_start = sentence_start(l, start, &['\n']);
    let window = char_floor(l, (end + SENTENCE_WINDOW).min(l.len()));
    let line_end = l[end..window].find('\n').map_or(window, |k| end + k);
    let line = Line {
        text: l,
        start: line_start,
        end: line_end,
    };
    let quoted = |start: usize, end: usize| {
        line.double_quotes(start, end)
            .or_else(|| line.single_quotes(start, end))
    };
    let Some((open, close)) = quoted(start, end) else {
        // "Several early messages blamed 'the guy who deployed'; the
        // review found ...": the speaker's own verb, just before a
        // quotation the line answers (attack 68).
        let at = end + 1;
        if !l[end..].starts_with(' ') || !l[at..].starts_with(['"', '\'']) {
            return false;
        }
        return quoted(at + 1, at + 1).is_some_and(|(open, close)| {
            open == at
                && m.quote_speaker_before.is_match(&l[line_start..open])
                && m.quote_set_aside_after.is_match(&l[close + 1..line_end])
        });
    };
    let before = &l[line_start..open];
    let after = &l[close + 1..line_end];
    m.quote_denied_before.is_match(before)
        || m.quote_speaker_before.is_match(before) && m.quote_set_aside_after.is_match(after)
}

/// The line `[start, end)` of `text` that holds words a finding points
/// at, for finding the quotes around them.
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

impl Line<'_> {
    /// The double quotes around the words `[start, end)`: an odd number of
    /// them before the words on the line.
    fn double_quotes(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let opening = &self.text[self.start..start];
        if opening.matches('"').count().is_multiple_of(2) {
            return None;
        }
        let open = self.start + opening.rfind('"')?;
        let close = end + self.text[end..self.end].find('"')?;
        Some((open, close))
    }

    /// The single quotes around the words `[start, end)`, told from
    /// apostrophes as `quotes::mask` tells them ("somebody wrote 'operator
    /// carelessness' as cause", attack 68); "wasn't" holds none.
    fn single_quotes(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let quote = |k: usize| bytes[k] == b'\'';
        let open = (self.start..start)
            .rev()
            .find(|&k| quote(k) && quotes::opens_quote(bytes, k))?;
        // No quote closes between the opening one and the words.
        if (open + 1..start).any(|k| quote(k) && quotes::closes_quote(bytes, k)) {
            return None;
        }
        let close = (end..self.end).find(|&k| quote(k) && quotes::closes_quote(bytes, k))?;
        Some((open, close))
    }
}

/// Frames that change a sentence's findings: writing about blame drops
/// them; questions, generic statements and "we" lower them to warnings.
pub(super) fn frames(m: &More, l: &str, toks: &[Token], hits: &mut Vec<Hit>) {
    let mut i = 0;
    while i < hits.len() {
        let h = &hits[i];
        let sentence = sentence_text(l, h.start);
        let end = sentence_end(l, h.start);
        let question = l[end..].starts_with('?');
        // "Not to point fingers, but ...", "I'm not blaming anyone, but
        // ...": the disclaimer that opens blame reads as talk about blame,
        // and is the insinuation itself.
        if h.severity != Severity::Info
            && h.rule != "insinuation"
            && discussion_covers(m, l, h.start, h.end)
        {
            hits.remove(i);
            continue;
        }
        if h.severity != Severity::Info && quote_set_aside(m, l, h.start, h.end) {
            hits.remove(i);
            continue;
        }
        let h = &mut hits[i];
        let cap = |h: &mut Hit, note: &'static str| {
            if h.severity == Severity::Error {
                h.severity = Severity::Warning;
                h.note = Some(note);
            }
        };
        let before_hit = &l[sentence_start(l, h.start, &['.', '!', '?', '\n'])..h.start];
        let conditional = before_hit
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w, "if" | "whenever" | "unless" | "suppose" | "imagine"));
        if m.generic.is_match(sentence) || generic_subject(toks, h.start) {
            cap(
                h,
                "a statement about people in general, not about this incident",
            );
        } else if (matches!(h.rule, "punishment" | "people-remediation")
            // "charges of criminal negligence": the name of a charge.
            || h.rule == "character-judgement"
                && ["neglig", "reckless", "criminal"]
                    .iter()
                    .any(|w| h.rule_text(l).starts_with(w)))
            && m.legal_case.is_match(sentence)
        {
            cap(
                h,
                "a legal case told: the court's or the press's account, not the review's finding",
            );
        } else if m
            .reported_blame
            .find_iter(sentence)
            .any(|b| b.start() < before_hit.len())
        {
            let reported =
                "someone else's blame, reported: say whose account it is and what the review found";
            // "It was initially claimed in chat that the custodian skipped a
            // step; the session log shows ...": the report, not a reason
            // given for the act, is why this is a warning (attack 52).
            if h.note == Some("the sentence gives the reason") {
                h.note = Some(reported);
            }
            cap(h, reported);
        } else if conditional {
            cap(
                h,
                "a conditional: it may describe what could happen rather than what did",
            );
        } else if question && l[end + 1..].trim_start_matches(' ').starts_with("because") {
            // "Why did the on-call not see the page? Because the app
            // suppressed it": a step of a five-whys, answered; the answer
            // is read on its own.
            hits.remove(i);
            continue;
        } else if question {
            cap(h, "a question: it may be asking rather than judging");
        } else if (OWNED.contains(&h.rule) || own_resolve(h, l))
            && we_subject(toks, h.start)
            && !someone_elses(h, l)
        {
            cap(
                h,
                "\"we\" owns the gap as a team; say what made it easy to miss",
            );
        } else if OWNED.contains(&h.rule) && i_subject(toks, h.start) {
            // "I ran the drain script against prod-eu instead of staging":
            // the writer telling their own part is the account a blameless
            // review asks for.
            cap(
                h,
                "the writer's own account of their part; say what made it easy to do",
            );
        }
        i += 1;
    }
}

/// Whether the finding `h` is said of someone else's quality, whoever the
/// clause's subject: "we paid the price for their incompetence".
fn someone_elses(h: &Hit, l: &str) -> bool {
    let text = &l[h.start..h.end];
    ["their ", "his ", "her ", "them "]
        .iter()
        .any(|w| text.starts_with(w))
        || text
            .split(' ')
            .next()
            .is_some_and(|w| w.ends_with("'s") && !matches!(w, "it's" | "that's" | "what's"))
}

/// Whether a remedy aimed at people is one "we" take on ourselves: "we
/// need to pay more attention to the state of the builds", "we must be
/// more careful with the tree". A remedy "we" aim at someone else ("we
/// will retrain the engineer") is not.
fn own_resolve(h: &Hit, l: &str) -> bool {
    h.rule == "people-remediation" && self_directed(h.rule_text(l))
}

/// Whether the words of a remedy aimed at people are ones a team takes on
/// itself ("pay more attention", "be more careful", "double-check"), not
/// a step done to someone ("retrain", "hold accountable").
pub(super) fn self_directed(remedy: &str) -> bool {
    ["be ", "pay ", "take ", "stay ", "try ", "double"]
        .iter()
        .any(|w| remedy.starts_with(w))
}

/// Whether the rest of the sentence after a punishment phrase says it
/// was care ("taken off the rotation to recover", "let go from the
/// bridge"): punishment.yaml's `care`.
pub(super) fn cared_for(m: &More, l: &str, end: usize) -> bool {
    m.care.is_match(&l[end..sentence_end(l, end)])
}

/// Whether the words at `at` are said of someone: a person mentioned
/// before them, a person as the subject, or a sentence opening on a team
/// named by its function ("Support escalated late, as usual").
fn said_of_someone(ctx: &Context, toks: &[Token], l: &str, at: usize) -> bool {
    ctx.mentions_person(toks, at) || ctx.subject(toks, at) == Subject::Person || team_opens(l, at)
}

/// Whether the sentence opens on a team named by its function, acting as
/// people: "Support escalated late, as usual".
fn team_opens(l: &str, at: usize) -> bool {
    sentence_text(l, at)
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .find(|w| !w.is_empty())
        .is_some_and(|w| LEX.people_teams.has_exact(w))
}

/// Whether the subject before byte `at` is a program and nothing else:
/// "the deploy script should be held accountable", not "those responsible
/// will be held accountable" or "whoever oversaw the process should be
/// dismissed" (someone in the sentence, or a word standing for someone).
pub(super) fn program_subject(ctx: &Context, toks: &[Token], l: &str, at: usize) -> bool {
    let someone = l[sentence_start(l, at, &['.', '!', '?', '\n'])..at]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| {
            matches!(
                w,
                "responsible" | "who" | "whoever" | "whomever" | "those" | "anyone" | "someone"
            )
        });
    !someone
        && ctx.subject(toks, at) == Subject::System
        && ctx.system_subject_word(toks, at)
        && !ctx.mentions_person(toks, at)
}

/// Where a pattern's hit starts with punctuation or a space (", resulting
/// in", ". Again."), the offset of its first letter: the word the hit is
/// about.
fn first_letter(hit: &super::data::M) -> usize {
    hit.start()
        + hit
            .as_str()
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(0)
}
