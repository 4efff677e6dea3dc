//! The blame-language rules.
//!
//! Every rule is data (id, family, severity, why, what instead) plus a
//! matcher. Matchers work on one sentence at a time, on lowercase text in
//! which quotations and code spans are blanked out, and most of them ask
//! who the subject is: "the engineer failed to check" blames a person,
//! "the health check failed to detect" describes a system. Being quiet and
//! right matters more than catching everything: a noisy linter is switched off.

use std::sync::LazyLock;

use regex::Regex;

use super::Severity;

/// A rule's description, shown with every finding and in docs/lint-rules.md.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    /// Why the words blame.
    pub message: &'static str,
    /// What to write instead.
    pub suggestion: &'static str,
}

pub const BLAME_RULES: &[RuleInfo] = &[
    rule_info!(
        "human-error",
        "Human error as a cause",
        "human-error labels",
        Error,
        "\"human error\" is a label, not a finding: it ends the investigation where it should begin.",
        "Describe what made the action possible and easy to get wrong: the interface, the defaults, the missing guard rail."
    ),
    rule_info!(
        "person-as-cause",
        "A person as the cause",
        "person as cause",
        Error,
        "Making a person the subject of the failure blames them; the system let the action through.",
        "Make the system the subject: \"the deploy tool accepted a config that deleted the table\"."
    ),
    rule_info!(
        "judged-omission",
        "Judging what someone did not do",
        "judging by omission",
        Error,
        "\"X failed to / forgot to / did not check\" judges a person against a standard set in hindsight.",
        "Say what the system did not do or did not make visible: \"nothing prompted a check of ...\"."
    ),
    rule_info!(
        "counterfactual",
        "Counterfactual about people",
        "counterfactuals",
        Error,
        "\"Should have\" and \"could have\" describe a world that did not happen, judged with knowledge nobody had at the time.",
        "Describe what people saw and why their actions made sense then, and what would make the right action easy next time."
    ),
    rule_info!(
        "hindsight",
        "Hindsight and normative judgement",
        "hindsight",
        Error,
        "Hindsight makes the outcome look obvious; it was not obvious to the people inside the incident.",
        "Describe the signals as they appeared at the time, among everything else that was happening."
    ),
    rule_info!(
        "hindsight-word",
        "Hindsight words",
        "hindsight",
        Warning,
        "\"Obviously\" and \"clearly\" are judged after the fact and imply that someone missed something plain.",
        "State the fact without the judgement, and when it became known."
    ),
    rule_info!(
        "character-judgement",
        "Judging a person's character",
        "character judgements",
        Error,
        "Words like careless, sloppy or negligent judge a person, and make people stop telling you what happened.",
        "Describe the conditions: time pressure, missing tooling, unclear ownership."
    ),
    rule_info!(
        "minimising",
        "Minimising someone's task",
        "minimising the task",
        Error,
        "\"Simply\" and \"all they had to do\" claim the task was easy, in hindsight.",
        "Describe what the task involved at the time and what made it hard."
    ),
    rule_info!(
        "people-remediation",
        "Remediation aimed at people",
        "remediation aimed at people",
        Error,
        "Asking people to be more careful, or retraining and reprimanding them, changes nothing in the system and teaches people to hide mistakes.",
        "Change the system: a guard rail, an automated check, a safer default, a clearer interface."
    ),
    rule_info!(
        "fault-words",
        "Fault and blame words",
        "fault words",
        Error,
        "\"At fault\", \"to blame\" and \"someone's fault\" look for a culprit instead of causes.",
        "Describe the contributing conditions instead of assigning fault."
    ),
    rule_info!(
        "culprit",
        "Culprit framing",
        "fault words",
        Warning,
        "\"Culprit\" frames the analysis as a hunt for something to blame.",
        "Name the condition and how it contributed."
    ),
    rule_info!(
        "distancing",
        "Distancing",
        "distancing, intent, rule-breaking",
        Error,
        "\"This would never happen to us\" distances the team from the failure; the same system conditions can bite anyone.",
        "Describe which conditions in your own systems allowed this."
    ),
    rule_info!(
        "intent-speculation",
        "Speculating about intent",
        "distancing, intent, rule-breaking",
        Error,
        "\"Ignored the alert\" or \"for whatever reason\" guesses at intent; people act on what they see and believe at the time.",
        "Describe what the person saw, what competed for their attention, and what the alert looked like."
    ),
    rule_info!(
        "rule-breaking",
        "Rule-breaking framing",
        "distancing, intent, rule-breaking",
        Error,
        "\"Did not follow the runbook\" or \"bypassed review\" frames a person as the problem; procedures are often unclear, stale or impossible under pressure.",
        "Describe why the procedure was not used or did not fit, and how the system let the change through."
    ),
    rule_info!(
        "naming-individuals",
        "Naming individuals in the analysis",
        "naming individuals",
        Warning,
        "Names in the analysis point at people; names belong in the authors and responders lists.",
        "Use roles (the on-call engineer, the incident commander) or describe the system."
    ),
    rule_info!(
        "root-cause-singular",
        "Single root cause framing",
        "single root cause",
        Info,
        "Complex systems fail for several reasons at once; \"the root cause\" suggests there is one to find.",
        "Consider listing contributing factors alongside the root cause."
    ),
];

pub fn info(id: &str) -> Option<&'static RuleInfo> {
    BLAME_RULES.iter().find(|r| r.id == id)
}

/// Which rule wins when two match the same words: the more specific first.
const PREFERENCE: &[&str] = &[
    "human-error",
    "hindsight",
    "minimising",
    "people-remediation",
    "rule-breaking",
    "intent-speculation",
    "distancing",
    "fault-words",
    "judged-omission",
    "counterfactual",
    "character-judgement",
    "person-as-cause",
    "naming-individuals",
    "hindsight-word",
    "culprit",
    "root-cause-singular",
];

/// A match of a rule in a text, as byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
}

/// Who the subject of a verb is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Person,
    System,
    Unknown,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in lint pattern")
}

/// Words that name people or their roles.
const PERSON_WORDS: &[&str] = &[
    "intern",
    "interns",
    "engineer",
    "engineers",
    "developer",
    "developers",
    "dev",
    "devs",
    "operator",
    "operators",
    "admin",
    "admins",
    "administrator",
    "sysadmin",
    "sre",
    "sres",
    "dba",
    "employee",
    "employees",
    "contractor",
    "contractors",
    "hire",
    "person",
    "people",
    "guy",
    "guys",
    "member",
    "members",
    "teammate",
    "teammates",
    "colleague",
    "colleagues",
    "staff",
    "manager",
    "lead",
    "reviewer",
    "reviewers",
    "author",
    "tester",
    "qa",
    "responder",
    "responders",
    "oncall",
    "on-call",
    "oncaller",
    "human",
    "humans",
    "someone",
    "somebody",
    "everyone",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "him",
    "her",
    "them",
    "us",
    "commander",
    "ic",
    "analyst",
    "architect",
    "programmer",
    "team",
    "newbie",
    "junior",
    "senior",
    "individual",
    "deployer",
    "juniors",
    "seniors",
    "newbies",
    "rookie",
    "rookies",
    "approver",
    "maintainer",
    "committer",
    "assignee",
];

/// Words that name systems and things; a subject of these is not blamed.
const SYSTEM_WORDS: &[&str] = &[
    "service",
    "services",
    "system",
    "systems",
    "job",
    "jobs",
    "request",
    "requests",
    "alert",
    "alerts",
    "alarm",
    "monitor",
    "monitoring",
    "check",
    "checks",
    "probe",
    "pipeline",
    "script",
    "scripts",
    "cron",
    "deploy",
    "deployment",
    "release",
    "database",
    "db",
    "cache",
    "server",
    "servers",
    "cluster",
    "node",
    "nodes",
    "pod",
    "pods",
    "container",
    "host",
    "hosts",
    "query",
    "queries",
    "client",
    "clients",
    "library",
    "config",
    "configuration",
    "queue",
    "worker",
    "workers",
    "api",
    "function",
    "lambda",
    "balancer",
    "proxy",
    "dns",
    "certificate",
    "cert",
    "disk",
    "network",
    "it",
    "this",
    "that",
    "which",
    "tool",
    "tooling",
    "automation",
    "bot",
    "app",
    "application",
    "endpoint",
    "gateway",
    "controller",
    "scheduler",
    "daemon",
    "agent",
    "runner",
    "ci",
    "build",
    "test",
    "tests",
    "migration",
    "flag",
    "replica",
    "primary",
    "failover",
    "backup",
    "process",
    "code",
    "change",
    "commit",
    "patch",
    "rollout",
    "rollback",
    "dashboard",
    "runbook",
    "page",
    "pager",
    "message",
    "traffic",
    "load",
    "thread",
    "threads",
    "connection",
    "connections",
    "pool",
    "timeout",
    "retry",
    "retries",
    "limit",
    "quota",
    "index",
    "table",
    "schema",
    "version",
    "upgrade",
    "rule",
    "rules",
    "policy",
    "firewall",
    "router",
    "switch",
    "link",
    "vendor",
    "provider",
    "company",
    "organisation",
    "organization",
    "org",
    "fix",
    "response",
    "write",
    "writes",
    "read",
    "reads",
    "file",
    "files",
    "volume",
    "storage",
    "bucket",
    "stream",
    "consumer",
    "producer",
    "broker",
    "topic",
    "partition",
    "leader",
    "follower",
    "heartbeat",
    "watchdog",
    "validation",
    "validator",
    "linter",
    "compiler",
    "kernel",
    "os",
    "vm",
    "instance",
    "instances",
    "region",
    "zone",
    "datacenter",
    "outage",
    "incident",
    "failure",
    "error",
    "errors",
    "bug",
    "defect",
    "issue",
    "problem",
    "feature",
    "system's",
    "step",
    "task",
    "tasks",
];

/// Common first names: a capitalised one is treated as a person. Names that
/// are also everyday or technical words (Will, Mark, Max, Grace, Jan, Hugo,
/// Travis) are left out: at the start of a sentence they are not names.
const FIRST_NAMES: &[&str] = &[
    "aaron",
    "adam",
    "alex",
    "alice",
    "amanda",
    "amy",
    "andrew",
    "andy",
    "anna",
    "anne",
    "ben",
    "beth",
    "bob",
    "brian",
    "carlos",
    "carol",
    "chris",
    "claire",
    "dan",
    "daniel",
    "dave",
    "david",
    "emily",
    "emma",
    "eric",
    "gary",
    "george",
    "greg",
    "hannah",
    "helen",
    "ian",
    "jake",
    "james",
    "jane",
    "jason",
    "jeff",
    "jen",
    "jennifer",
    "jessica",
    "jim",
    "joe",
    "john",
    "jon",
    "jose",
    "josh",
    "juan",
    "karen",
    "kate",
    "kevin",
    "laura",
    "linda",
    "lisa",
    "maria",
    "mary",
    "matt",
    "michael",
    "mike",
    "nick",
    "olivia",
    "paul",
    "pete",
    "peter",
    "priya",
    "rachel",
    "raj",
    "richard",
    "robert",
    "ryan",
    "sam",
    "sarah",
    "scott",
    "sean",
    "steve",
    "susan",
    "tim",
    "tom",
    "tony",
    "wei",
    "yuki",
    "zoe",
    "ahmed",
    "fatima",
    "mohammed",
    "omar",
    "ravi",
    "sanjay",
    "chen",
    "kim",
    "lucas",
    "sofia",
    "mateo",
    "noah",
    "liam",
    "ethan",
    "mia",
    "ava",
    "isabella",
    "ana",
    "dana",
    "jordan",
    "taylor",
    "morgan",
    "casey",
    "marco",
    "luca",
    "giulia",
    "francesca",
    "pierre",
    "marie",
    "julien",
    "camille",
    "hans",
    "klaus",
    "jens",
    "lars",
    "sven",
    "anders",
    "ingrid",
    "astrid",
    "erik",
    "olga",
    "ivan",
    "dmitri",
    "sergei",
    "natasha",
    "pavel",
    "piotr",
    "katarzyna",
    "tomasz",
    "eva",
    "petra",
    "miguel",
    "carmen",
    "pablo",
    "lucia",
    "diego",
    "valentina",
    "joao",
    "pedro",
    "rafael",
    "gabriel",
    "hiroshi",
    "kenji",
    "takeshi",
    "akira",
    "haruto",
    "sakura",
    "jin",
    "hyun",
    "arjun",
    "rohan",
    "vikram",
    "ananya",
    "deepak",
    "amit",
    "neha",
    "pooja",
    "kwame",
    "amara",
    "chidi",
    "ngozi",
    "tunde",
    "ayesha",
    "hassan",
    "ali",
    "yusuf",
    "leila",
    "noor",
    "tariq",
    "emeka",
    "femi",
    "greta",
    "nina",
    "lena",
    "sophie",
    "chloe",
    "lucy",
    "ellie",
    "katie",
    "megan",
    "nicole",
    "ashley",
    "brandon",
    "tyler",
    "kyle",
    "justin",
    "derek",
    "patrick",
    "sean",
    "connor",
    "declan",
    "aidan",
    "fiona",
    "siobhan",
    "niamh",
    "callum",
    "hamish",
    "rhys",
    "owen",
    "evan",
    "dylan",
    "gareth",
    "steph",
    "stephanie",
    "vanessa",
    "diana",
    "alexandra",
    "natalie",
    "melissa",
    "heather",
    "rebecca",
    "samantha",
    "kelly",
    "andrea",
    "angela",
    "monica",
    "veronica",
    "teresa",
    "martin",
    "thomas",
    "joseph",
    "charles",
    "christopher",
    "matthew",
    "anthony",
    "donald",
    "kenneth",
    "joshua",
    "stephen",
    "edward",
    "ronald",
    "timothy",
    "jeffrey",
    "larry",
    "nathan",
    "samuel",
    "benjamin",
    "alexander",
    "jonathan",
    "ben",
    "leo",
    "felix",
    "oscar",
    "theo",
    "finn",
    "milo",
];

/// A word list as a set: the linter asks these questions millions of times.
struct WordSet(std::collections::HashSet<&'static str>);

impl WordSet {
    fn new(words: &'static [&'static str]) -> WordSet {
        WordSet(words.iter().copied().collect())
    }

    fn contains(&self, w: &&str) -> bool {
        self.0.contains(*w)
    }
}

static PERSON_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PERSON_WORDS));
static SYSTEM_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SYSTEM_WORDS));
static FILLER_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FILLER));
static FIRST_NAME_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FIRST_NAMES));
static CLAUSE_BREAK_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(CLAUSE_BREAKS));

fn is_person_word(w: &str) -> bool {
    PERSON_SET.contains(&w)
}

fn is_system_word(w: &str) -> bool {
    SYSTEM_SET.contains(&w)
}

/// Words skipped when looking back from a verb for its subject.
const FILLER: &[&str] = &[
    "also",
    "then",
    "just",
    "simply",
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "again",
    "accidentally",
    "mistakenly",
    "inadvertently",
    "carelessly",
    "never",
    "probably",
    "apparently",
    "still",
    "already",
    "initially",
    "later",
    "not",
    "clearly",
    "obviously",
    "unfortunately",
    "repeatedly",
    "completely",
    "totally",
    "somehow",
    "subsequently",
    "immediately",
    "quickly",
    "the",
    "a",
    "an",
    "our",
    "their",
    "his",
    "her",
    "its",
    "new",
    "on",
    "call",
    "same",
    "one",
    "who",
    "only",
    "even",
    "really",
    "all",
    "both",
    "did",
    "do",
    "does",
    "be",
    "been",
    "being",
    "would",
    "could",
    "should",
    "might",
    "may",
    "must",
    "rightly",
    "eventually",
    "finally",
    "first",
    "second",
    "primary",
    "responding",
    "reviewing",
    "duty",
    "of",
];

/// Words that end a clause when looking back for a subject.
const CLAUSE_BREAKS: &[&str] = &[
    "and", "but", "because", "so", "when", "while", "after", "before", "although", "since", "if",
    "as", "until", "unless", "though", "whereas", "or",
];

/// The context a sentence is linted in.
pub struct Context<'a> {
    /// Lowercase names and handles of the people pm knows about.
    pub people: &'a [String],
}

struct Token<'a> {
    start: usize,
    end: usize,
    lower: &'a str,
    original: &'a str,
}

fn tokens<'a>(lower: &'a str, original: &'a str) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let word_char = |b: u8| {
            b.is_ascii_alphanumeric()
                || b == b'\''
                || b == b'-'
                || b == b'@'
                || b == b'_'
                || b >= 0x80
        };
        if word_char(c) {
            let start = i;
            while i < bytes.len() && word_char(bytes[i]) {
                i += 1;
            }
            // Keep only char boundaries.
            while !lower.is_char_boundary(i) {
                i += 1;
            }
            let mut end = i;
            while end > start && matches!(bytes[end - 1], b'\'' | b'-') {
                end -= 1;
            }
            out.push(Token {
                start,
                end,
                lower: &lower[start..end],
                original: &original[start..end],
            });
        } else if (c == b'.' || c == b'!' || c == b'?')
            && (i + 1 >= bytes.len() || bytes[i + 1].is_ascii_whitespace())
            || c == b'\n'
        {
            // A sentence ends: subjects are never looked for across it.
            out.push(Token {
                start: i,
                end: i + 1,
                lower: ".",
                original: ".",
            });
            i += 1;
        } else if c == b',' || c == b';' || c == b':' || c == b'(' || c == b')' {
            out.push(Token {
                start: i,
                end: i + 1,
                lower: &lower[i..i + 1],
                original: &original[i..i + 1],
            });
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

impl Context<'_> {
    fn is_known_person(&self, lower: &str) -> bool {
        let bare = lower.trim_end_matches("'s").trim_start_matches('@');
        self.people.iter().any(|p| p == lower || p == bare)
    }

    /// Whether a token names a person: a role word, a known name, an
    /// @handle, or a capitalised common first name.
    fn token_is_person(&self, t: &Token) -> bool {
        let w = t.lower.trim_end_matches("'s");
        is_person_word(w)
            || self.is_known_person(t.lower)
            || t.lower.starts_with('@') && t.lower.len() > 1
            || (FIRST_NAME_SET.contains(&w) && t.original.starts_with(|c: char| c.is_uppercase()))
    }

    /// Classify the subject of the verb starting at byte `at`: the head of
    /// its clause ("the engineer who was on call forgot" → engineer), else
    /// the nearest noun before the verb.
    fn subject(&self, toks: &[Token], at: usize) -> Subject {
        let subject = self.subject_of_clause(toks, at);
        if subject != Subject::Unknown {
            return subject;
        }
        // "The on-call, as usual, didn't look": an aside between commas has
        // no subject of its own; look at the clause before it (same sentence).
        let before: Vec<&Token> = toks.iter().filter(|t| t.end <= at).collect();
        let breaks: Vec<usize> = before
            .iter()
            .enumerate()
            .filter(|(_, t)| t.lower == ",")
            .map(|(i, _)| i)
            .collect();
        let aside = breaks.len() >= 2
            && before[breaks[breaks.len() - 2] + 1..breaks[breaks.len() - 1]]
                .iter()
                .all(|t| {
                    FILLER_SET.contains(&t.lower)
                        || matches!(
                            t.lower,
                            "as" | "usual"
                                | "always"
                                | "again"
                                | "once"
                                | "however"
                                | "apparently"
                                | "of"
                                | "course"
                        )
                });
        let last_stop = before.iter().rposition(|t| t.lower == ".");
        if aside && last_stop.is_none_or(|stop| stop < breaks[breaks.len() - 2]) {
            return self.subject_of_clause(toks, before[breaks[breaks.len() - 2]].start);
        }
        Subject::Unknown
    }

    fn subject_of_clause(&self, toks: &[Token], at: usize) -> Subject {
        let before: Vec<&Token> = toks.iter().filter(|t| t.end <= at).collect();
        let clause_start = before
            .iter()
            .rposition(|t| {
                matches!(t.lower, "," | ";" | ":" | "(" | ")" | ".")
                    || CLAUSE_BREAK_SET.contains(&t.lower)
            })
            .map_or(0, |i| i + 1);
        let clause = &before[clause_start..];
        // The head noun phrase: up to three words after leading filler
        // ("the release manager", "the deploy tool"). A person anywhere in
        // it makes the subject a person.
        let phrase: Vec<&&Token> = clause
            .iter()
            .skip_while(|t| FILLER_SET.contains(&t.lower))
            .take_while(|t| !FILLER_SET.contains(&t.lower))
            .take(3)
            .collect();
        if phrase.iter().any(|t| self.token_is_person(t)) {
            return Subject::Person;
        }
        if let Some(first) = phrase.first() {
            let w = first.lower.trim_end_matches("'s");
            if is_system_word(w) || first.original.starts_with(|c: char| c.is_uppercase()) {
                return Subject::System;
            }
        }
        for t in clause.iter().rev() {
            if self.token_is_person(t) {
                return Subject::Person;
            }
            let w = t.lower.trim_end_matches("'s");
            if FILLER_SET.contains(&w) {
                continue;
            }
            // A system word, a capitalised name that is not a first name
            // (Kafka, Redis), or a noun we do not know: systems are far more
            // common subjects in post-mortems than unlisted person words.
            return Subject::System;
        }
        Subject::Unknown
    }

    /// The subject of the words just after `at` ("for some reason, he ...").
    fn subject_after(&self, toks: &[Token], at: usize) -> Subject {
        for t in toks.iter().filter(|t| t.start >= at) {
            let w = t.lower.trim_end_matches("'s");
            if t.lower == "." {
                break;
            }
            if matches!(t.lower, "," | ";" | ":") || FILLER_SET.contains(&w) {
                continue;
            }
            if self.token_is_person(t) {
                return Subject::Person;
            }
            return Subject::System;
        }
        Subject::Unknown
    }

    /// Whether the sentence holding byte `at` names a person.
    fn mentions_person(&self, toks: &[Token], at: usize) -> bool {
        let start = toks
            .iter()
            .rposition(|t| t.lower == "." && t.end <= at)
            .map_or(0, |i| i + 1);
        toks[start..]
            .iter()
            .take_while(|t| t.lower != "." || t.start < at)
            .any(|t| self.token_is_person(t))
    }
}

/// Negation or distance just before a phrase: "not human error",
/// "rather than blaming", "instead of calling it".
fn negated(lower: &str, start: usize) -> bool {
    static NEG: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:\bnot\b|n't\b|\bno\b|\bnever\b|\bnobody\b|\bno one\b|\bnothing\b|\brather than\b|\binstead of\b|\bwithout\b|\bavoid\w*\b|\brather\b|\bcall(?:ing|ed)? (?:this|it)\b|\blabel(?:l?ing|l?ed)?\b|\binstead\b|\bnor\b|\bneither\b)",
        )
    });
    let from = start.saturating_sub(48);
    let mut from = from;
    while !lower.is_char_boundary(from) {
        from += 1;
    }
    let window = &lower[from..start];
    // Only within the same clause.
    let window = window
        .rsplit([',', ';', ':', '.', '!', '?', '\n'])
        .next()
        .unwrap_or(window);
    NEG.is_match(window)
}

/// Blank out quoted text and code spans (same byte length), so that
/// quoted words are not judged as the author's.
pub fn mask(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let mut blank = |from: usize, to: usize| {
        for b in out.iter_mut().take(to).skip(from) {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let pairs: [(&str, &str); 4] = [
        ("`", "`"),
        ("\"", "\""),
        ("\u{201c}", "\u{201d}"),
        ("\u{2018}", "\u{2019}"),
    ];
    for (open, close) in pairs {
        let mut i = 0;
        while let Some(s) = text[i..].find(open) {
            let s = i + s;
            let after = s + open.len();
            match text[after..].find(close) {
                Some(e) => {
                    let e = after + e + close.len();
                    // Quotes do not span paragraphs.
                    if !text[s..e].contains("\n\n") {
                        blank(s, e);
                    }
                    i = e;
                }
                None => break,
            }
        }
    }
    // Single quotes are apostrophes too: only 'quoted words' with a space
    // or line start before the opening quote count.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\''
            && (i == 0 || bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'(')
            && let Some(rel) = text[i + 1..].find('\'')
        {
            let e = i + 1 + rel;
            let closes = e + 1 >= bytes.len() || !bytes[e + 1].is_ascii_alphanumeric();
            if closes && !text[i..e].contains('\n') && e > i + 1 {
                blank(i, e + 1);
                i = e + 1;
                continue;
            }
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

struct Patterns {
    human_error: Regex,
    user_error_cause: Regex,
    user_error_causal: Regex,
    metric_after: Regex,
    destructive: Regex,
    caused_by_person: Vec<Regex>,
    omission_inherent: Regex,
    omission_failed: Regex,
    omission_did_not: Regex,
    inaction: Regex,
    component: Regex,
    explained: Regex,
    poor_decision: Regex,
    expectation: Regex,
    emotional: Regex,
    if_only: Regex,
    cleft: Regex,
    instead_of_procedure: Regex,
    missed: Regex,
    counterfactual: Regex,
    if_had: Regex,
    hindsight: Regex,
    hindsight_word: Regex,
    character: Regex,
    character_tech: Regex,
    minimising_subject: Regex,
    minimising: Regex,
    remediation: Regex,
    retrain_tech: Regex,
    fault: Regex,
    fault_tech: Regex,
    culprit: Regex,
    distancing: Regex,
    whatever_reason: Regex,
    some_reason: Regex,
    ignored: Regex,
    ignored_passive: Regex,
    intent: Regex,
    rule_breaking: Regex,
    handle: Regex,
    root_cause: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| Patterns {
    human_error: re(
        r"\b(?:human|operator|engineer|personnel|pilot|people|manual)[ -]errors?\b|\b(?:human|operator|engineer|personnel|people)[ -](?:mistakes?|slips?|blunders?|oversights?|failings?)\b|\bfat[- ]?finger(?:ed|ing|s)?\b|\bpebkac\b|\bpicnic\b|\bid-?10-?t\b|\blayer[- ]8\b|\bbrain ?fart\b",
    ),
    user_error_cause: re(r"\buser[ -]errors?\b"),
    user_error_causal: re(
        r"(?:\bwas|\bcaused by|\bdue to|\bbecause of|\bblame\w*(?: on)?|\battributed to|\bchalked up to|\bresult of|\bdown to|\broot cause(?: was)?|\bput it down to|\bclassic|\bjust|\bpure|\bsimple)\s*(?:a |an |the )?$",
    ),
    metric_after: re(
        r"^\s*(?:rate|rates|count|counts|metric|metrics|ratio|budget|responses?|codes?|pages?|messages?|dashboards?|alerts?|spike|spikes|went|increased|rose|dropped|fell|are|were|\(|4xx|per)\b",
    ),
    destructive: re(
        r"\b(?:(?:accidentally|mistakenly|inadvertently|carelessly|wrongly) \w+|deleted|dropped the|broke|caused|took down|brought down|knocked over|wiped|truncated|overwrote|messed up|screwed up|botched|fumbled|misconfigured|mis-configured|fat-fingered|typed the wrong|ran the wrong|pushed a bad|pushed the wrong|deployed the wrong|deployed a bad|(?:made|keep making|keeps making|kept making) (?:a |an |the same |another |the |repeated |these )?(?:mistakes?|errors?|blunders?|typos?)|(?:make|makes|making) (?:a |the same |another |repeated )?(?:mistakes?|blunders?|typos?)|goofed|ran [^.,;]{0,30}against (?:prod|production)\b|(?:entered|typed|input|keyed in|set) (?:an? |the )?(?:incorrect|wrong|bad|invalid|erroneous)\b|with a typo\b|misread|misinterpreted|misjudged|misunderstood|took the wrong (?:action|step|path|decision)|(?:ran|executed|typed|issued) (?:a |the )?(?:destructive|dangerous|wrong|bad|faulty|untested)\b|(?:on|against|in) the wrong (?:host|server|cluster|database|db|environment|region|account|table|node|machine|box)\b|(?:pushed|deployed|shipped|merged|applied|released) (?:a |the |an )?(?:broken|bad|faulty|wrong|buggy|untested|incorrect|invalid)\b)",
    ),
    caused_by_person: vec![
        re(
            r"\b(?:insufficient|inadequate|poor|improper|incorrect|careless|sloppy|bad|incomplete|rushed|hasty) [\w-]+ (?:by|from|of) (?:the |a |an |our |one of (?:the |our ))?((?:[\w@'-]+ ?){1,3})",
        ),
        re(
            r"\b(?:caused|triggered|introduced|started|done|made|pushed|deployed|merged|run|ran|written|approved|shipped|applied|executed|committed|deleted|dropped|changed|broken|misconfigured) by (?:a |an |the |our |one of (?:the |our )?)?((?:[\w@'-]+ ?){1,3})",
        ),
        re(
            r"\b(\S+?)'s (?:mistake|error|fault|typo|slip|oversight|blunder|screw-?up|negligence|carelessness)\b",
        ),
        re(
            r"\b(?:mistake|error|typo|slip|oversight|blunder)s? (?:made |committed )?(?:by|of|from|on the part of) (?:a |an |the |our |one of (?:the |our ))?((?:[\w@'-]+ ?){1,3})",
        ),
    ],
    omission_inherent: re(
        r"\b(?:(?:nobody|no one|none of (?:us|them|the \w+))(?: (?:on|in|from) (?:the |our )?[\w-]+)? (?:bothered|cared|remembered) to|forgot(?: to)?|forgotten to|neglected(?: to)?|didn't bother(?: to)?|did not bother(?: to)?|never bothered(?: to)?|didn't even bother(?: to)?|couldn't be bothered(?: to)?|could not be bothered(?: to)?|overlooked|omitted to|failed to notice|failed to check|failed to verify|failed to test|failed to follow|failed to read|failed to review|failed to escalate|failed to communicate|failed to ask|failed to look|failed to realize|failed to realise|failed to consider|failed to double-check|failed to pay attention|failed to update|failed to inform|failed to tell|failed to confirm|failed to validate their|failed to do (?:their|his|her) job)\b",
    ),
    omission_failed: re(r"\bfailed to \w+"),
    omission_did_not: re(
        r"\b(?:did not|didn't|never|did not even|didn't even|does not|doesn't|chose not to|refused to) (?:properly |correctly |fully |adequately |carefully |sufficiently |thoroughly )?(?:bother|check|checked|verify|verified|notice|noticed|test|tested|follow|read|review|reviewed|look|ask|escalate|communicate|confirm|double-check|consult|tell|inform|realize|realise|understand|consider|think|pay attention|wait|care|listen|answer|respond|acknowledge|page|think to|remember|validate|run the tests|run tests|update the runbook|update)\b",
    ),
    component: re(
        r"\b(?:logic|library|client|service|system|api|module|function|parser|algorithm|implementation|retry|retries|cache|proxy|scheduler|database|driver|sdk|framework|handler|query|cron job|job|script|tool|pipeline|config)\b",
    ),
    explained: re(r"\b(?:because|since|due to|as a result of|which (?:was|is) why|so that)\b|: "),
    poor_decision: re(
        r"\b(?:made |making )?(?:a |an )?(?:poor|bad|wrong|questionable|terrible|careless|hasty|rash|reckless) (?:decision|choice|call|judge?ment call)\b",
    ),
    expectation: re(
        r"\b(?:we |management |leadership )?expects? (?:all |our |the )?(?:engineers?|developers?|people|everyone|staff|operators?|on-?call|responders?|sres?|the team) to\b|\b(?:people|engineers?|developers?|everyone|staff|operators?|sres?) (?:need|needs|must|should|have|has) to (?:stop|be more|remember|always|never|learn|think|take|pay|start)\b|\bheld accountable\b|\brubber[- ]?stamp(?:ed|ing|s)?\b",
    ),
    emotional: re(
        r"\b(?:(?:should be|is|was|were|are) ashamed|not (?:careful|diligent|thorough|attentive|cautious|rigorous|vigilant) enough|jumped to (?:conclusions|a conclusion|the wrong conclusion)|wasted (?:time|hours|minutes|an hour)|(?:went ahead|proceeded|pushed on|carried on|deployed|shipped it) anyway|despite (?:being|having been) (?:warned|told)|(?:was|were) warned but|unprepared|unqualified|not qualified|ill-prepared|incapable|unfit|clumsy|distracted|complacent|overconfident|panicked|panicking|freaked out|lost (?:their|his|her|our) (?:head|heads|nerve|cool)|got flustered|was flustered)\b",
    ),
    if_only: re(
        r"\bif only (?:the |our |an? |that |their )?(\S+)(?: \S+)? (?:had|'d|would have|were|was)\b",
    ),
    cleft: re(
        r"\bit was (?:the |a |an |our |one of (?:the |our ))?(?:[\w-]+ )?([\w@-]+) who (?:deleted|dropped|broke|caused|pushed|deployed|ran|forgot|missed|ignored|triggered|introduced|approved|merged|wiped|misconfigured|started|made)\b",
    ),
    instead_of_procedure: re(
        r"\binstead of (?:following|using|reading|consulting|checking) (?:the |our )?(?:runbook|process|procedure|checklist|playbook|docs|documentation|guide)\b",
    ),
    inaction: re(
        r"\b(?:did nothing|took no action|sat on it|sat idle|stood by|did not act|didn't act|failed to act|(?:was|were) supposed to|(?:was|were) (?:not |un)aware|(?:wasn't|weren't) aware|did not know|didn't know|took too long to (?:respond|react|act|notice|escalate|acknowledge|roll back)|(?:was|were) too slow to (?:react|respond|act|notice|escalate|acknowledge|roll back)|instead of (?:investigating|escalating|responding|checking|looking|rolling back|acting))\b",
    ),
    missed: re(
        r"\b(?:missed|overlooked|disregarded|dismissed) (?:the |an |a |all |every |several |multiple |repeated |obvious |clear )?(?:alert|alerts|alarm|alarms|warning|warnings|page|pages|signs?|red flags?|messages?|pings?|notifications?|errors? in the logs|step|steps|check|review comments?)\b",
    ),
    counterfactual: re(
        r"\b(?:should have|should've|should not have|shouldn't have|could have|could've|ought to have|must have known|would have (?:caught|prevented|noticed|known|avoided|seen|stopped))\b(?: been)?\s*(\w+)?",
    ),
    if_had: re(
        r"\bif (?:only )?(?:the |our |an? |that |their )?(\S+)(?: \S+)?(?: had|'d| would have| were| was more)\b[^.;]*\b(?:would|could|might)(?: not)?(?: have)?\b|(?:^|[.!?]\s+|\n\s*)(?:had) (?:the |our |an? |that |their )?(\S+)(?: \S+)? (?:checked|looked|tested|read|asked|followed|verified|waited|noticed|paid|double-checked|reviewed|listened|been)\b|\b(?:would|could)[^.;]{0,60}\bhad (?:the |our |an? |that |their )?(\S+)(?: \S+)? (?:been|checked|looked|tested|read|asked|followed|verified|waited|noticed|paid|double-checked|reviewed|listened)\b",
    ),
    hindsight: re(
        r"\bshould (?:have )?know(?:n)? better\b|\bshould have (?:known|realized|realised|seen it coming|been obvious|been caught)\b|\bshould've known\b|\b(?:anyone|anybody|everyone|any engineer|any developer) (?:would|could|should) have\b|\bshould never have been (?:missed|overlooked|merged|approved|deployed|allowed)\b|\bany (?:competent|reasonable|good|experienced|decent|sensible) (?:engineer|person|developer|operator|sre|admin)\b|\b(?:red flags|warning signs|the signs|signs) (?:were|was) (?:ignored|missed|overlooked|disregarded)\b|\bpoor(?:ly)? judge?ment\b|\bbad judge?ment\b|\blapse (?:in|of) judge?ment\b|\berror of judge?ment\b|\binadequately\b|\bit was obvious\b|\bwas obvious that\b|\b(?:it's|it is|it was|that's|that is) (?:obvious|plain to see)\b|\bobvious in (?:retrospect|hindsight)\b|\bin (?:retrospect|hindsight),? (?:it|this|that) (?:was|is) (?:obvious|clear)\b|\bin hindsight,? (?:it|this) was (?:obvious|clear)\b|\bit should have been (?:obvious|clear)\b|\bshould have been (?:obvious|clear|caught|noticed)\b|\bwith (?:a little|some|basic|minimal) (?:care|thought|diligence|attention)\b|\bbasic (?:diligence|competence)\b|\bthe writing was on the wall\b",
    ),
    hindsight_word: re(r"\b(?:obviously|clearly|of course|evidently)\b"),
    character: re(
        r"\b(?:careless(?:ly|ness)?|sloppy|sloppily|sloppiness|negligen(?:t|ce|tly)|reckless(?:ly|ness)?|incompeten(?:t|ce|tly)|lazy|laziness|lazily|stupid(?:ity|ly)?|dumb|idiot(?:ic|s)?|clueless|irresponsibl[ey]|irresponsibility|inattentive(?:ness)?|inexcusabl[ey]|unprofessional|foolish(?:ly|ness)?|thoughtless(?:ly|ness)?|amateurish|boneheaded|moronic|dim-?witted|inept(?:itude)?|half-?assed|lackadaisical|slapdash|cavalier|asleep at the wheel|unacceptable|unforgivable|lack of (?:care|diligence|rigou?r|discipline|professionalism|competence|judge?ment|ownership|accountability|awareness|attention)|lack(?:ed|s|ing)? (?:the )?(?:judge?ment|competence|skills?|discipline|care|diligence|common sense)(?: to| for| needed)?|dropped the ball|(?:was|were|wasn't|weren't) (?:not )?paying attention|half-asleep|dozed off|fell asleep on the job)\b",
    ),
    character_tech: re(
        r"\blazy[ -](?:load\w*|eval\w*|init\w*|static|val|iterat\w*|deserial\w*|binding|instantiat\w*|import\w*|sequence|propert\w*|comput\w*|allocat\w*|mode|fetch\w*|clone|copy|consumer|evaluation|expansion|approach|reading|parsing|mount\w*)\b|\bsloppy[ -](?:quorum|counters?|mode|matching)\b|\bdumb[ -](?:pipe|terminal|proxy|client|mode|switch)\b|\blazily[ -](?:load\w*|evaluat\w*|initiali\w*|compute\w*|creat\w*|fetch\w*)\b|\bstupid[ -]simple\b",
    ),
    minimising_subject: re(
        r"\b(?:simply|just|merely|only) (?:needed|had|has|have|need|needs) to\b",
    ),
    minimising: re(
        r"\ball (?:they|he|she|you|we|(?:the |our |that )?[\w-]+(?: [\w-]+)?) (?:had|needed|has|have|need) to do\b|\bcould (?:easily|simply|trivially|so easily) have (?:been )?(?:avoided|prevented|caught|stopped|noticed)\b|\b(?:easily|trivially|entirely) (?:avoidable|preventable)\b|\ba (?:simple|quick|basic|single|cursory) (?:check|glance|look|test|review|question|grep) would have\b|\bit (?:was|would have been) (?:easy|simple|trivial) to (?:avoid|prevent|catch|check|see|spot)\b|\bit only took\b|\bno-?brainer\b|\ball (?:that )?(?:was|were) (?:needed|required)\b|\ball (?:it|that) took was\b|\bwas all (?:it|that) took\b|\ba (?:simple|quick|basic|single|cursory|brief) (?:check|glance|look|test|review|question|grep|read)(?: (?:at|of|through) [^.;]{1,40}?)? would have\b|\bwould have been (?:trivially |very |so |really |perfectly )?(?:easy|simple|trivial)\b",
    ),
    remediation: re(
        r"\bbe more (?:careful|vigilant|diligent|attentive|cautious|thorough|mindful|disciplined)\b|\bpay (?:more |closer |extra |better )?attention\b|\bre-?train(?:ed|ing|s)?\b|\breprimand\w*\b|\bdisciplin(?:e|ary|ed)\b|\bremind(?:ed|ing)? (?:the |all |our |every |each )?(?:engineers?|people|team|everyone|developers?|staff|him|her|them|operators?|on-?call|responders?|sres?|the team) (?:to|that|of)\b|\bhold (?:\S+ ){0,3}(?:accountable|responsible)\b|\btake (?:more|extra|greater) care\b|\bdouble[- ]check (?:more|harder)\b|\bwrite (?:him|her|them) up\b|\bfire (?:the|him|her|them)\b|\bperformance (?:review|improvement plan)\b|\b(?:more|additional|further|extra|remedial|mandatory|refresher) training\b|\b(?:train|educate|coach) (?:the |our |all )?(?:engineers?|team|staff|developers?|people|operators?|on-?call|intern|interns|sres?)\b|\bstricter (?:supervision|oversight) of\b|\bbe told to\b|\binstruct (?:\w+ ){0,2}to be\b|\btry harder\b|\bexpect (?:better|more) (?:from|of)\b|\brevok(?:e|ed|es|ing) (?:the |his |her |their )?(?:[\w-]+'s )?(?:deploy|production|prod|access|commit|merge|admin)\w* (?:rights|access|permissions|privileges)\b|\b(?:engineer|developer|operator|intern|on-?call|sre)s? (?:will|must|should|shall) (?:now )?(?:need|require|get) (?:approval|sign-?off|supervision|a chaperone)\b|\bremind(?:ed|ing)? (?:[\w@-]+ ){1,2}to (?:be|double-check|check|follow|always|never|pay|read|test|verify|think)\b|\bbe reminded (?:to|of|that)\b|\b(?:has|have|had) been (?:spoken|talked) to\b|\b(?:was|were|will be) (?:spoken|talked) to (?:about|regarding)\b|\bhad a word with\b|\b(?:is|are|being|stay|remain|becomes?) more (?:careful|vigilant|diligent|attentive|cautious|thorough|mindful|disciplined)\b|\bnot (?:to )?(?:do|make) (?:this|that|it) again\b",
    ),
    retrain_tech: re(
        r"\bre-?train(?:ed|ing|s)? (?:the |a |our |its |their )?(?:[a-z0-9-]+ ){0,2}(?:model|models|classifier|classifiers|network|embeddings?|ranker|detector|index|weights|predictor)\b",
    ),
    fault: re(
        r"\bat fault\b|\bto blame\b|\bblam(?:ed|ing)\b|\bblames? (?:it on|on|the|him|her|them|someone|somebody|\w+ for)\b|\b(?:the|take the|takes the|took the) blame\b|\b(?:someone|somebody|his|her|their|my|our|your|person|engineer|developer|operator|team|intern)(?:'s|s')? fault\b|\bwhose fault\b|\bthe fault (?:lies|lay) with\b|\bblame (?:lies|lay|rests|rested|falls|fell) (?:with|on)\b|\bresponsibility (?:lies|lay|rests|rested|falls|fell) (?:with|on)\b|\b(?:the |entirely the |all the )?fault of\b|\bguilty\b|\bresponsible for (?:the|this) (?:outage|incident|failure)\b",
    ),
    fault_tech: re(
        r"\bgit blame\b|\bblame-?less\w*\b|\bblame-?free\b|\bblame culture\b|\bno-?blame\b|\bblame (?:view|annotation|output|history|log)\b|\bblamed? (?:on )?(?:the |a |an )?(?:network|dns|cache|config|vendor|provider|database)\b",
    ),
    culprit: re(r"\bculprits?\b"),
    distancing: re(
        r"\b(?:would|will|could) never happen (?:to us|here|on our team|in our team)\b|\b(?:that|this|it) (?:would|could|will) never happen (?:to us|here)\b|\bnot (?:our|my) (?:fault|problem|responsibility)\b|\b(?:their|the other team's|another team's|the other team'?s) (?:problem|fault|mess|mistake)\b|\bwe (?:would|will) never (?:make|do|have done)\b|\b(?:we|our team|our engineers|i) would never have (?:made|done|let|allowed)\b|\bunlike (?:them|that team|other teams)\b|\bthis is what happens when (?:you|we|they|people) let\b|\b(?:in|on) our team,? (?:this|that|such)[^.;]{0,40}(?:doesn't|does not|wouldn't|would not|never) happens?\b|\bwe are (?:better|more careful) than\b|\bonly (?:they|that team) would\b",
    ),
    whatever_reason: re(r"\bfor (?:whatever|some unknown|unknown|no (?:good )?) reason\b"),
    some_reason: re(r"\bfor some reason\b"),
    ignored: re(
        r"\b(?:ignored|chose to ignore|decided to ignore|opted to ignore|dismissed|brushed off|shrugged off|sat on) (?:the |an |a |all |every |several |multiple |repeated |two |three |our |my |obvious )?(?:[a-z0-9-]+ ){0,2}(?:alert|alerts|alarm|alarms|warning|warnings|page|pages|signs?|red flags?|messages?|pings?|notifications?|advice|feedback|review comments?|comments?|concerns?|escalations?|errors?|tickets?|reports?|checks?|health checks?|tests?|failures?|dashboards?|graphs?|metrics?|logs?|symptoms?|canary|canaries|signals?|indicators?|guidance|instructions|documentation|runbook|procedure|policy|freeze)\b",
    ),
    ignored_passive: re(
        r"\b(?:alerts?|alarms?|warnings?|pages?|red flags|signs|messages|notifications|concerns|escalations|tickets|reports)(?: \w+)? (?:were|was|went|got|had been|have been) (?:ignored|unheeded|disregarded|dismissed|brushed off)\b(?: by ((?:the |a |an |our |their )?[\w-]+(?: [\w-]+)?))?",
    ),
    intent: re(
        r"\b(?:deliberately|intentionally|on purpose|willfully|wilfully|knowingly|without thinking|didn't care|did not care|couldn't care less|could not care less|chose not to|decided not to bother)\b",
    ),
    rule_breaking: re(
        r"\b(?:did not|didn't|failed to|chose not to|refused to|decided not to|neglected to|forgot to) (?:follow|use|read|consult|run) (?:the |our |a |any |their |his |her )?(?:documented |written |standard |agreed )?(?:runbook|runbooks|playbook|playbooks|process|procedure|procedures|checklist|checklists|policy|policies|guidelines?|rules?|protocol|sop)\b|\b(?:bypass|circumvent|sidestep|dodg|skirt)(?:ed|ing|e|s)? (?:the |our |code |peer |a |all )?(?:review|reviews|process|checks?|approval|approvals|safeguards?|ci|tests|change management|guard ?rails?|protections?|controls?)\b|\bskipp?(?:ed|ing)? (?:the |our |code |peer |a )?(?:review|code review|peer review|checklist|tests|testing|approval|change review|canary|staging|runbook|process|procedure)\b|\bviolat(?:ed|ing) (?:the |our |a )?(?:policy|process|procedure|rules?|runbook|change freeze|freeze)\b|\bwent rogue\b|\bdisregard(?:ed|ing)? (?:the |our |a )?(?:change freeze|freeze|policy|process|procedure|runbook|checklist|rules?|protocol|guidelines?)\b|\b(?:went|got|worked|snuck) around (?:the |our |a )?(?:approval|review|code review|process|checks?|policy|controls?|safeguards?|change management|freeze)\b|\bcowboy\w*\b|\bwithout (?:asking|approval|permission|authori[sz]ation|telling anyone|a review|review|following|testing|checking|double-checking|verifying|reviewing|consulting (?:anyone|anybody|the team|others|a colleague)|telling (?:anyone|anybody|the team))\b|\bagainst (?:policy|the rules|procedure|the runbook|the process)\b|\bcut(?:ting)? corners\b|\bbroke (?:the )?(?:rules|protocol|policy|freeze|change freeze)\b|\bignor(?:ed|ing) (?:the )?(?:runbook|procedure|process|policy|checklist|change freeze|freeze)\b|\bdisobey\w*\b|\bnot authori[sz]ed to\b",
    ),
    handle: re(r"(?:^|[^\w.@/])@([a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9])"),
    root_cause: re(
        r"\bthe (?:single |one |only |sole |real |true |actual |main |primary |ultimate |underlying )?root[ -]cause\b",
    ),
});

/// Human-only verbs: a subject we cannot place is a person when it does these.
fn human_only_verb(w: &str) -> bool {
    matches!(
        w,
        "checked"
            | "known"
            | "noticed"
            | "asked"
            | "read"
            | "verified"
            | "tested"
            | "looked"
            | "realized"
            | "realised"
            | "double-checked"
            | "paid"
            | "waited"
            | "followed"
            | "escalated"
            | "reviewed"
            | "thought"
            | "spotted"
            | "confirmed"
            | "consulted"
            | "listened"
            | "questioned"
            | "communicated"
            | "warned"
            | "told"
            | "informed"
            | "understood"
            | "considered"
            | "anticipated"
            | "foreseen"
            | "planned"
            | "investigated"
            | "paged"
            | "responded"
            | "acted"
            | "stopped"
            | "caught"
            | "prevented"
            | "avoided"
            | "seen"
            | "done"
    )
}

/// Words that look like name parts but name teams and things: an owner
/// called "payments" or "platform-team" is not a person.
pub fn is_common_word(w: &str) -> bool {
    is_system_word(w)
        || matches!(
            w,
            "ops"
                | "platform"
                | "infra"
                | "infrastructure"
                | "payments"
                | "security"
                | "data"
                | "squad"
                | "sre"
                | "backend"
                | "frontend"
                | "mobile"
                | "web"
                | "core"
                | "search"
                | "billing"
                | "checkout"
                | "storage"
                | "database"
                | "oncall"
                | "on-call"
                | "team"
                | "teams"
                | "group"
                | "guild"
                | "eng"
                | "engineering"
                | "support"
                | "incident"
                | "commander"
                | "the"
                | "and"
                | "devops"
                | "networking"
                | "identity"
                | "auth"
                | "growth"
        )
}

fn is_person_subject_word(word: &str) -> bool {
    is_person_word(word) || FIRST_NAME_SET.contains(&word)
}

/// Run every built-in blame rule over a text; returns hits as byte ranges.
pub fn check(text: &str, ctx: &Context) -> Vec<Hit> {
    let masked = mask(text);
    let lower = masked.to_ascii_lowercase();
    let mut hits = Vec::new();
    // The whole text at once: one pass of each pattern; tokens carry the
    // sentence breaks, so subjects and negations stay within a sentence.
    if !lower.trim().is_empty() {
        check_sentence(&PATTERNS, &lower, &masked, 0, ctx, &mut hits);
    }
    hits.sort_by_key(|h| (h.start, h.end));
    // One finding per place: when rules overlap, keep the more severe, and
    // of equal ones the more specific (earlier in PREFERENCE).
    let rank = |h: &Hit| {
        (
            h.severity,
            PREFERENCE
                .iter()
                .position(|r| *r == h.rule)
                .unwrap_or(usize::MAX),
        )
    };
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if let Some(prev) = kept.iter_mut().find(|k| k.start < h.end && h.start < k.end) {
            if rank(&h) < rank(prev) {
                *prev = h;
            }
        } else {
            kept.push(h);
        }
    }
    kept
}

fn check_sentence(p: &Patterns, l: &str, o: &str, base: usize, ctx: &Context, hits: &mut Vec<Hit>) {
    let toks = tokens(l, o);
    // `lower` softens a finding to a warning where the words judge a thing
    // or come with their explanation.
    let mut push = |lower: bool, rule: &'static str, start: usize, end: usize| {
        let severity = info(rule).map_or(Severity::Error, |r| r.severity);
        let severity = if lower {
            severity.max(Severity::Warning)
        } else {
            severity
        };
        // A pattern may start at the break before a sentence: point at the
        // first word, not at the line break or full stop before it.
        let lead = l[start..end].len()
            - l[start..end]
                .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '@')
                .len();
        let start = start + lead;
        hits.push(Hit {
            rule,
            start: base + start,
            end: base + end,
            severity,
        });
    };

    // Human-error labels.
    for m in p.human_error.find_iter(l) {
        if !negated(l, m.start()) && !p.metric_after.is_match(&l[m.end()..]) {
            push(false, "human-error", m.start(), m.end());
        }
    }
    for m in p.user_error_cause.find_iter(l) {
        let before = &l[..m.start()];
        let causal =
            p.user_error_causal.is_match(before.trim_end()) || p.user_error_causal.is_match(before);
        let metric = p.metric_after.is_match(&l[m.end()..]);
        if causal && !metric && !negated(l, m.start()) {
            push(false, "human-error", m.start(), m.end());
        }
    }

    // A person as the subject of a destructive or causal verb.
    for m in p.destructive.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person && !negated(l, m.start()) {
            push(false, "person-as-cause", m.start(), m.end());
        }
    }
    for caps in p.caused_by_person.iter().flat_map(|r| r.captures_iter(l)) {
        let whole = caps.get(0).expect("match");
        // The agent: the first word of the phrase after "by" that names a
        // person or a thing ("an inexperienced engineer" -> engineer;
        // "a bug the engineer introduced" -> bug).
        let (who, who_original) = caps
            .get(1)
            .map(|g| {
                let words = g.as_str().split(' ').zip(o[g.start()..g.end()].split(' '));
                let mut pick = ("", "");
                for (w, wo) in words {
                    let not_word = |c: char| !c.is_alphanumeric() && c != '@';
                    let (w, wo) = (w.trim_matches(not_word), wo.trim_matches(not_word));
                    let bare = w.trim_end_matches("'s");
                    let person = is_person_word(bare)
                        || ctx.is_known_person(bare)
                        || w.starts_with('@')
                        || FIRST_NAME_SET.contains(&bare);
                    if person {
                        pick = (w, wo);
                        break;
                    }
                    if is_system_word(bare) {
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
        let person = !followed_by_error
            && (is_person_word(who)
                || ctx.is_known_person(who)
                || who.starts_with('@')
                || (FIRST_NAME_SET.contains(&who)
                    && who_original.starts_with(|c: char| c.is_uppercase())));
        if person && !negated(l, whole.start()) {
            push(false, "person-as-cause", whole.start(), whole.end());
        }
    }

    // Judging by omission.
    for m in p.omission_inherent.find_iter(l) {
        match ctx.subject(&toks, m.start()) {
            Subject::Person => push(false, "judged-omission", m.start(), m.end()),
            Subject::Unknown if !m.as_str().starts_with("failed") => {
                push(false, "judged-omission", m.start(), m.end())
            }
            _ => {}
        }
    }
    for m in p.omission_did_not.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.inaction.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.omission_failed.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person {
            push(false, "judged-omission", m.start(), m.end());
        }
    }
    for m in p.missed.find_iter(l) {
        if ctx.subject(&toks, m.start()) != Subject::System {
            push(false, "judged-omission", m.start(), m.end());
        }
    }

    // Counterfactuals about people.
    for caps in p.counterfactual.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let next = caps.get(1).map_or("", |g| g.as_str());
        let subject = ctx.subject(&toks, m.start());
        let fire = match subject {
            Subject::Person => true,
            Subject::Unknown => human_only_verb(next),
            Subject::System => false,
        };
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
        if fire && !about_outcome && !negated(l, m.start()) {
            push(false, "counterfactual", m.start(), m.end());
        }
    }
    for caps in p.if_had.captures_iter(l) {
        let m = caps.get(0).expect("match");
        let group = (1..caps.len()).find_map(|i| caps.get(i));
        let who = group.map_or("", |g| g.as_str());
        let who_o = group.map_or("", |g| &o[g.start()..g.end()]);
        let person = is_person_subject_word(who)
            && (is_person_word(who) || who_o.starts_with(|c: char| c.is_uppercase()))
            || ctx.is_known_person(who);
        if person {
            push(
                false,
                "counterfactual",
                m.start(),
                m.end().min(m.start() + 40).max(m.start() + 2),
            );
        }
    }

    // Hindsight.
    for m in p.hindsight.find_iter(l) {
        if !negated(l, m.start()) {
            // "It is obvious now, but at the time it looked like noise"
            // argues against hindsight: a warning at most.
            let at_the_time = sentence_text(l, m.start()).contains("at the time");
            push(at_the_time, "hindsight", m.start(), m.end());
        }
    }
    for m in p.poor_decision.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person && !negated(l, m.start()) {
            push(false, "hindsight", m.start(), m.end());
        }
    }
    for m in p.hindsight_word.find_iter(l) {
        push(false, "hindsight-word", m.start(), m.end());
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
        let attributive_term = matches!(word, "lazy" | "dumb" | "lazily")
            && !predicative(&l[..m.start()])
            && !after
                .trim_start()
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .next()
                .is_some_and(is_person_word);
        let technical = compound
            || attributive_term
            || tech.iter().any(|&(s, e)| s <= m.start() && m.end() <= e);
        if !technical && !negated(l, m.start()) {
            // "The retry logic was careless about idempotency keys" judges
            // a thing: still loaded language, a warning.
            let before = &l[l[..m.start()]
                .rfind(['.', '!', '?', '\n', ',', ';'])
                .map_or(0, |p| p + 1)..m.start()];
            let about_a_thing = p.component.is_match(before)
                && ctx.subject(&toks, m.start()) == Subject::System
                && !ctx.mentions_person(&toks, m.start());
            push(about_a_thing, "character-judgement", m.start(), m.end());
        }
    }
    for m in p.emotional.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person {
            push(false, "character-judgement", m.start(), m.end());
        }
    }

    // Minimising.
    for m in p.minimising_subject.find_iter(l) {
        if ctx.subject(&toks, m.start()) == Subject::Person {
            push(false, "minimising", m.start(), m.end());
        }
    }
    for m in p.minimising.find_iter(l) {
        if !negated(l, m.start()) {
            push(false, "minimising", m.start(), m.end());
        }
    }

    // Remediation aimed at people.
    let retrain: Vec<(usize, usize)> = p
        .retrain_tech
        .find_iter(l)
        .map(|m| (m.start(), m.end()))
        .collect();
    for m in p.remediation.find_iter(l) {
        let technical = retrain.iter().any(|&(s, e)| s <= m.start() && m.end() <= e);
        if !technical && !negated(l, m.start()) {
            push(false, "people-remediation", m.start(), m.end());
        }
    }

    for m in p.expectation.find_iter(l) {
        if !negated(l, m.start()) {
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
        let technical = tech.iter().any(|&(s, e)| s <= m.start() && m.end() <= e);
        if technical || negated(l, m.start()) {
            continue;
        }
        // "the config was at fault" blames a thing; still fault framing, but gentler.
        if ctx.subject(&toks, m.start()) == Subject::System
            && !ctx.mentions_person(&toks, m.start())
        {
            push(false, "culprit", m.start(), m.end());
        } else {
            push(false, "fault-words", m.start(), m.end());
        }
    }
    for m in p.culprit.find_iter(l) {
        push(false, "culprit", m.start(), m.end());
    }

    // Distancing, intent, rule-breaking.
    for m in p.distancing.find_iter(l) {
        push(false, "distancing", m.start(), m.end());
    }
    for m in p.whatever_reason.find_iter(l) {
        push(false, "intent-speculation", m.start(), m.end());
    }
    for m in p.some_reason.find_iter(l) {
        let subject = match ctx.subject(&toks, m.start()) {
            Subject::Unknown => ctx.subject_after(&toks, m.end()),
            s => s,
        };
        if subject == Subject::Person {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.ignored.find_iter(l) {
        if ctx.subject(&toks, m.start()) != Subject::System {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for caps in p.ignored_passive.captures_iter(l) {
        let m = caps.get(0).expect("match");
        // "ignored by the router" is a system at work; "by the on-call
        // engineer", or no agent at all, is a guess about people.
        let by_system = caps.get(1).is_some_and(|g| {
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
        let first_person = first_person_subject(&toks, m.start());
        if !first_person
            && (ctx.subject(&toks, m.start()) == Subject::Person
                || (ctx.mentions_person(&toks, m.start())
                    && ctx.subject(&toks, m.start()) == Subject::Unknown))
        {
            push(false, "intent-speculation", m.start(), m.end());
        }
    }
    for m in p.rule_breaking.find_iter(l) {
        if ctx.subject(&toks, m.start()) != Subject::System && !negated_rule(l, m.start()) {
            // "Engineers skipped the canary because the pipeline marked it
            // optional" gives the system's reason: a warning.
            let explained = p.explained.is_match(&l[m.end()..sentence_end(l, m.end())]);
            push(explained, "rule-breaking", m.start(), m.end());
        }
    }
    for m in p.instead_of_procedure.find_iter(l) {
        if ctx.subject_after(&toks, m.end()) == Subject::Person
            || ctx.subject(&toks, m.start()) == Subject::Person
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
            let who = caps.get(1).map_or("", |g| g.as_str());
            if is_person_word(who) || ctx.is_known_person(who) || who.starts_with('@') {
                push(false, rule, m.start(), m.end());
            }
        }
    }

    // Naming individuals (the caller leaves timeline entries alone: they
    // record who did what).
    {
        for caps in p.handle.captures_iter(l) {
            let g = caps.get(1).expect("handle");
            push(false, "naming-individuals", g.start() - 1, g.end());
        }
        for t in &toks {
            let w = t.lower.trim_end_matches("'s");
            let capital = t.original.starts_with(|c: char| c.is_uppercase());
            if capital
                && (ctx.is_known_person(w) || FIRST_NAME_SET.contains(&w))
                && !t.lower.starts_with('@')
            {
                push(false, "naming-individuals", t.start, t.start + w.len());
            }
        }
    }

    for m in p.root_cause.find_iter(l) {
        push(false, "root-cause-singular", m.start(), m.end());
    }
}

/// The sentence around byte `at`.
fn sentence_text(l: &str, at: usize) -> &str {
    let start = l[..at].rfind(['.', '!', '?', '\n']).map_or(0, |p| p + 1);
    &l[start..sentence_end(l, at)]
}

/// Where the sentence holding byte `at` ends.
fn sentence_end(l: &str, at: usize) -> usize {
    l[at..]
        .find(['.', '!', '?', '\n'])
        .map_or(l.len(), |p| at + p)
}

/// Whether the clause before `at` starts with "we" or "I".
fn first_person_subject(toks: &[Token], at: usize) -> bool {
    toks.iter()
        .filter(|t| t.end <= at)
        .rev()
        .take_while(|t| !matches!(t.lower, "." | "," | ";" | ":"))
        .last()
        .is_some_and(|t| matches!(t.lower, "we" | "i"))
}

/// "was lazy", "is so careless": a judgement said of something.
fn predicative(before: &str) -> bool {
    let last = before.trim_end().rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "was"
            | "is"
            | "were"
            | "are"
            | "being"
            | "been"
            | "so"
            | "too"
            | "very"
            | "pretty"
            | "bit"
            | "just"
            | "plain"
            | "really"
            | "and"
            | "or"
    )
}

/// "We did not skip review" / "nobody bypassed review".
fn negated_rule(l: &str, start: usize) -> bool {
    let before = &l[..start];
    let before = before
        .rsplit([',', ';', '.', '\n'])
        .next()
        .unwrap_or(before);
    before.contains("nobody")
        || before.contains("no one")
        || before.ends_with("not ") && !before.ends_with("did not ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_for(text: &str) -> Vec<&'static str> {
        let people = vec!["dana".to_string()];
        let ctx = Context { people: &people };
        check(text, &ctx).into_iter().map(|h| h.rule).collect()
    }

    #[test]
    fn subject_decides() {
        assert_eq!(
            rules_for("The engineer failed to check the logs."),
            ["judged-omission"]
        );
        assert!(rules_for("The request failed to complete.").is_empty());
        assert!(rules_for("The health check failed to detect the bad node.").is_empty());
        assert!(rules_for("The alert should have fired at 09:00.").is_empty());
        assert!(rules_for("The job forgot to release its lock.").is_empty());
        assert_eq!(
            rules_for("Bob should have checked the dashboard."),
            ["naming-individuals", "counterfactual"]
        );
    }

    #[test]
    fn negation_quotes_and_code_are_not_blame() {
        assert!(rules_for("This was not human error.").is_empty());
        assert!(rules_for("The customer wrote \"your careless engineers broke it\".").is_empty());
        assert!(rules_for("The flag `lazy_careless_mode` was on.").is_empty());
        assert_eq!(rules_for("It was human error."), ["human-error"]);
    }

    #[test]
    fn hits_start_at_the_first_word_not_at_the_break_before_it() {
        let people = vec![];
        let ctx = Context { people: &people };
        let hits = check("x\n\nHad Priya tested the change.", &ctx);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].start, 3);
    }

    #[test]
    fn technical_terms_are_not_character_judgements() {
        assert!(rules_for("Lazy loading of the module delayed startup.").is_empty());
        assert!(rules_for("Cassandra's sloppy quorum accepted the write.").is_empty());
        assert!(rules_for("Fault tolerance worked; a page fault spiked.").is_empty());
        assert!(rules_for("git blame shows the line is old.").is_empty());
    }
}
