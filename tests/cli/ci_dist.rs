//! Distribution for CI (docs/ci.md): the GitHub Action's script run the way
//! a runner runs it, and the action, the GitLab template and the docs'
//! examples checked against each other and the files they name.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::support::{Run, TestEnv};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SCRIPT: &str = "scripts/ci/github-action.sh";
const BLAME: &str = "The outage was caused by human error.";
/// The file of the older post-mortem, already on main, with blame in it.
const OLD: &str = "postmortems/2026/2026-11-02-search-outage.yaml";

/// The folder holding the pm binary under test.
fn pm_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_pm"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// PATH as the test runs with, without the commands `hidden`: a folder
/// holding one of them is replaced by a folder of links to its other
/// commands (made once, under cargo's scratch folder for tests), so that a
/// test decides whether pm or cargo is installed and git, bash and the rest
/// are still there.
fn path_without(hidden: &'static [&'static str]) -> String {
    static MADE: Mutex<Vec<(&[&str], String)>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, path)) = made.iter().find(|(h, _)| *h == hidden) {
        return path.clone();
    }
    let links = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("ci-dist-path")
        .join(hidden.join("-"));
    let _ = fs::remove_dir_all(&links);
    fs::create_dir_all(&links).unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = Vec::new();
    for dir in std::env::split_paths(&path) {
        if !hidden.iter().any(|h| dir.join(h).exists()) {
            dirs.push(dir);
            continue;
        }
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let target = links.join(&name);
            if !hidden.iter().any(|h| name == **h) && !target.exists() {
                let _ = std::os::unix::fs::symlink(entry.path(), target);
            }
        }
    }
    dirs.push(links);
    let path = std::env::join_paths(dirs)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    made.push((hidden, path.clone()));
    path
}

fn path_without_pm() -> String {
    path_without(&["pm"])
}

fn path_with_pm() -> String {
    format!("{}:{}", pm_dir().display(), path_without_pm())
}

/// A repository of post-mortems pushed to a bare `origin` with a `main`
/// branch, plus the id of its one post-mortem.
struct Remote {
    env: TestEnv,
    origin: PathBuf,
    id: String,
}

impl Remote {
    fn new() -> Remote {
        let env = TestEnv::new();
        let id = env.new_pm("Checkout latency", "2026-11-26T09:12:00Z");
        // An older post-mortem with blame in it: on main already, so a pull
        // request that does not touch it is not annotated for it.
        let old = env.new_pm("Search outage", "2026-11-02T07:00:00Z");
        let file = env.file_of(&old);
        let text = env.read(&file).replace(
            "root_cause:\n",
            "root_cause: |\n  Bob should have known better.\n",
        );
        env.write(&file, &text);
        env.git(&["commit", "-qam", "older post-mortem"]);
        // Whatever pm init named the first branch, the base is `main`.
        env.git(&["branch", "-M", "main"]);
        let origin = env.home().join("origin.git");
        env.git(&["init", "-q", "--bare", origin.to_str().unwrap()]);
        env.git(&["remote", "add", "origin", origin.to_str().unwrap()]);
        env.git(&["push", "-q", "origin", "main"]);
        Remote { env, origin, id }
    }

    /// A pull request's branch: `change` applied to the post-mortem's text,
    /// committed and pushed. Returns the line numbers of the file after it.
    fn branch(&self, name: &str, change: impl Fn(&str) -> String) -> String {
        let env = &self.env;
        env.git(&["checkout", "-q", "-b", name, "main"]);
        let file = env.file_of(&self.id);
        let text = change(&env.read(&file));
        env.write(&file, &text);
        env.git(&["commit", "-qam", name]);
        env.git(&["push", "-q", "origin", name]);
        env.git(&["checkout", "-q", "main"]);
        text
    }

    /// What actions/checkout leaves by default: a clone one commit deep of
    /// the pull request's branch, without the base branch.
    fn shallow_checkout(&self, branch: &str) -> PathBuf {
        let ws = self.env.home().join(format!("ws-{branch}"));
        let url = format!("file://{}", self.origin.display());
        self.env.git(&[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            branch,
            &url,
            ws.to_str().unwrap(),
        ]);
        ws
    }

    /// Run the action's script as the runner runs a composite action's step.
    fn action(&self, step: &str, ws: &Path, path: &str, envs: &[(&str, &str)]) -> Run {
        let mut cmd: Command = self.env.command("bash");
        cmd.arg(Path::new(ROOT).join(SCRIPT))
            .arg(step)
            .current_dir(ws)
            .env("PATH", path)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", ROOT)
            .env("GITHUB_WORKSPACE", ws)
            .env("GITHUB_BASE_REF", "main")
            .env("RUNNER_TEMP", self.env.home());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        self.env.run_cmd(cmd, None, &[SCRIPT, step])
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_blaming_change_is_annotated_and_fails_in_a_shallow_clone() {
    let remote = Remote::new();
    let text = remote.branch("blame", |t| {
        t.replace("root_cause:\n", &format!("root_cause: |\n  {BLAME}\n"))
    });
    let ws = remote.shallow_checkout("blame");
    let file = remote.env.file_of(&remote.id);

    let run = remote
        .action("lint", &ws, &path_with_pm(), &[])
        .code(1)
        .stdout_has("origin/main is not in this clone; fetching main from origin")
        .stdout_has("linting the post-mortems changed since origin/main");
    let annotation = format!(
        "::error file={file},line={},col=28,endLine={},endColumn=39,title=pm lint (human-error)::",
        line_of(&text, BLAME),
        line_of(&text, BLAME)
    );
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&annotation)),
        "no `{annotation}` in\n{}",
        run.stdout
    );
    // Only the changed post-mortem: the older one's blame is on main.
    assert!(!run.stdout.contains(OLD), "{}", run.stdout);

    // fail-on: never annotates and passes.
    remote
        .action("lint", &ws, &path_with_pm(), &[("PM_FAIL_ON", "never")])
        .ok()
        .stdout_has(&annotation)
        .stdout_has("fail-on is 'never'");
}

#[test]
fn a_clean_change_passes_and_warnings_fail_only_when_asked() {
    let remote = Remote::new();
    remote.branch("clean", |t| {
        t.replace(
            "summary:\n",
            "summary: |\n  Checkout was slow for 40 minutes after a cache change.\n",
        )
    });
    let ws = remote.shallow_checkout("clean");
    let file = remote.env.file_of(&remote.id);

    let run = remote.action("lint", &ws, &path_with_pm(), &[]).ok();
    assert!(!run.stdout.contains("::error"), "{}", run.stdout);
    // The draft's gaps are warnings: annotated, not failing.
    assert!(
        run.stdout.contains(&format!("::warning file={file},line=")),
        "{}",
        run.stdout
    );

    remote
        .action("lint", &ws, &path_with_pm(), &[("PM_FAIL_ON", "warning")])
        .code(1);
    // Extra arguments reach pm lint.
    remote
        .action(
            "lint",
            &ws,
            &path_with_pm(),
            &[("PM_ARGS", "--deny warnings")],
        )
        .code(1);
    remote
        .action("lint", &ws, &path_with_pm(), &[("PM_FAIL_ON", "sometimes")])
        .code(2)
        .stdout_has("::error::pm action: fail-on must be error, warning or never");
}

#[test]
fn the_base_and_the_whole_repository() {
    let remote = Remote::new();
    remote.branch("topic", |t| t.replace("tags: []", "tags: [cache]"));
    let ws = remote.shallow_checkout("topic");

    // A base that cannot be fetched: exit 2 and what to do.
    remote
        .action("lint", &ws, &path_with_pm(), &[("GITHUB_BASE_REF", "gone")])
        .code(2)
        .stdout_has("::error::pm action: cannot find the base revision 'origin/gone'")
        .stdout_has("fetch-depth: 0");

    // Not a pull request (no base): every post-mortem, so the older one's
    // blame fails the job.
    remote
        .action("lint", &ws, &path_with_pm(), &[("GITHUB_BASE_REF", "")])
        .code(1)
        .stdout_has("not a pull request): linting every post-mortem")
        .stdout_has(OLD);

    // An explicit revision the clone has (the branch's own commit): nothing changed.
    let run = remote
        .action(
            "lint",
            &ws,
            &path_with_pm(),
            &[("PM_CHANGED_SINCE", "HEAD")],
        )
        .ok();
    assert!(!run.stdout.contains("::"), "{}", run.stdout);

    // A base that is an option in disguise is refused before git sees it:
    // "--upload-pack=..." would run a command on file and ssh remotes.
    let marker = ws.join("pwned");
    let hostile = format!("--upload-pack=touch {}; git-upload-pack", marker.display());
    remote
        .action(
            "lint",
            &ws,
            &path_with_pm(),
            &[("PM_CHANGED_SINCE", hostile.as_str())],
        )
        .code(2)
        .stdout_has("is not a git revision");
    assert!(!marker.exists(), "the hostile base ran a command");
}

#[test]
fn annotations_name_files_from_the_top_of_the_git_repository() {
    // pm.yaml in a sub-folder of a larger repository.
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    env.pm(&["init", "incidents"]).ok();
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "base", "--allow-empty"]);
    let file = "postmortems/2026/2026-11-20-wrap.yaml";
    env.write(
        &format!("incidents/{file}"),
        &format!("pm: 1\nid: 2026-11-20-wrap\ntitle: Wrapped\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nroot_cause: |\n  {BLAME}\n"),
    );
    let remote = Remote {
        origin: PathBuf::new(),
        id: String::new(),
        env,
    };
    let ws = remote.env.repo.clone();
    let run = remote
        .action(
            "lint",
            &ws,
            &path_with_pm(),
            &[
                ("PM_WORKING_DIRECTORY", "incidents"),
                ("PM_CHANGED_SINCE", "HEAD"),
            ],
        )
        .code(1);
    assert!(
        run.stdout
            .contains(&format!("::error file=incidents/{file},line=8,col=28,")),
        "{}",
        run.stdout
    );

    // The same for SARIF and Code Quality; people and scripts (human, JSON)
    // keep paths from pm.yaml's folder, as every other command shows them.
    let env = &remote.env;
    let incidents = env.path("incidents");
    let repo = incidents.to_str().unwrap();
    let sarif = env
        .pm(&["lint", "--repo", repo, "--format", "sarif"])
        .code(1)
        .json();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("incidents/{file}").as_str()
    );
    let cq = env
        .pm(&["lint", "--repo", repo, "--format", "codequality"])
        .code(1)
        .json();
    assert!(
        cq.as_array()
            .unwrap()
            .iter()
            .all(|i| i["location"]["path"] == format!("incidents/{file}").as_str()),
        "{cq:#}"
    );
    let json = env.pm(&["lint", "--repo", repo, "--json"]).code(1).json();
    assert_eq!(json[0]["file"], file);
    env.pm(&["lint", "--repo", repo])
        .code(1)
        .stdout_has(&format!(" {file}:8:28"));
}

#[test]
fn install_uses_pm_on_path_or_a_cached_build() {
    let remote = Remote::new();
    let ws = remote.env.repo.clone();
    let github_path = remote.env.home().join("github_path");
    let gp = github_path.to_str().unwrap();

    // pm already on PATH: nothing is built.
    remote
        .action("install", &ws, &path_with_pm(), &[("GITHUB_PATH", gp)])
        .ok()
        .stdout_has("pm action: using ")
        .stdout_has("pm 0.1.0");
    assert!(!github_path.exists());

    // `path` without a pm: exit 2 and what to do.
    remote
        .action(
            "install",
            &ws,
            &path_without_pm(),
            &[("PM_INSTALL", "path"), ("GITHUB_PATH", gp)],
        )
        .code(2)
        .stdout_has("::error::pm action: install is 'path' but there is no pm on PATH");
    remote
        .action(
            "install",
            &ws,
            &path_without_pm(),
            &[("PM_INSTALL", "maybe")],
        )
        .code(2)
        .stdout_has("install must be auto, build or path");
    remote
        .action(
            "lint",
            &ws,
            &path_with_pm(),
            &[("PM_WORKING_DIRECTORY", "no-such-folder")],
        )
        .code(2)
        .stdout_has("::error::pm action: working-directory 'no-such-folder' is not a folder");

    // Nothing to use and no cargo to build with: exit 2 and what to do.
    let no_cargo = path_without(&["pm", "cargo"]);
    remote
        .action("install", &ws, &no_cargo, &[])
        .code(2)
        .stdout_has("::error::pm action: building pm needs cargo")
        .stdout_has("dtolnay/rust-toolchain@stable");

    // A build restored by the cache step: put on PATH for the next steps
    // (no cargo needed).
    let root = remote.env.home().join("pm-action");
    fs::create_dir_all(root.join("bin")).unwrap();
    // (A link, not a copy: a copy being written while a parallel test
    // forks cannot be run, "text file busy".)
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_pm"), root.join("bin/pm")).unwrap();
    remote
        .action("install", &ws, &no_cargo, &[("GITHUB_PATH", gp)])
        .ok()
        .stdout_has("using the cached build pm 0.1.0");
    assert_eq!(
        fs::read_to_string(&github_path).unwrap(),
        format!("{}\n", root.join("bin").display())
    );

    // The cache key: written as a step output, the same for the same source.
    let output = remote.env.home().join("github_output");
    let go = output.to_str().unwrap();
    let first = remote
        .action("key", &ws, &path_without_pm(), &[("GITHUB_OUTPUT", go)])
        .ok()
        .stdout;
    let second = remote
        .action("key", &ws, &path_without_pm(), &[])
        .ok()
        .stdout;
    assert_eq!(first, second);
    assert!(first.starts_with("pm-action-"), "{first}");
    assert_eq!(
        fs::read_to_string(&output).unwrap(),
        format!("key={first}build=true\n")
    );
    // With a pm on PATH there is nothing to cache.
    fs::remove_file(&output).unwrap();
    remote
        .action("key", &ws, &path_with_pm(), &[("GITHUB_OUTPUT", go)])
        .ok();
    assert!(
        fs::read_to_string(&output)
            .unwrap()
            .ends_with("build=false\n")
    );
}

fn yaml(path: &str) -> serde_json::Value {
    let text = fs::read_to_string(Path::new(ROOT).join(path))
        .unwrap_or_else(|e| panic!("read {path}: {e}"));
    yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
}

/// Every `${{ inputs.NAME }}` in a text.
fn inputs_used(text: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"inputs\.([A-Za-z0-9_-]+)").unwrap();
    re.captures_iter(text).map(|c| c[1].to_string()).collect()
}

#[test]
fn the_action_declares_what_it_uses_and_runs_files_that_exist() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let declared: BTreeSet<String> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let text = fs::read_to_string(Path::new(ROOT).join("action.yml")).unwrap();
    let used = inputs_used(&text);
    assert!(used.is_subset(&declared), "{used:?} vs {declared:?}");
    assert!(
        declared.is_subset(&used),
        "declared but unused: {declared:?} vs {used:?}"
    );

    let script = fs::read_to_string(Path::new(ROOT).join(SCRIPT)).unwrap();
    let step = regex::Regex::new(r#"^bash "\$GITHUB_ACTION_PATH/([^"]+)" (\w+)$"#).unwrap();
    let mut ran = BTreeSet::new();
    for s in action["runs"]["steps"].as_array().unwrap() {
        if let Some(run) = s["run"].as_str() {
            assert_eq!(s["shell"], "bash", "{s}");
            let c = step
                .captures(run.trim())
                .unwrap_or_else(|| panic!("a step runs more than the script: {run}"));
            assert!(Path::new(ROOT).join(&c[1]).is_file(), "{run}");
            assert!(script.contains(&format!("\n  {})", &c[2])), "{run}");
            ran.insert(c[2].to_string());
        } else {
            assert!(s["uses"].is_string(), "{s}");
        }
    }
    assert_eq!(ran, ["key", "install", "lint"].map(String::from).into());
}

#[test]
fn the_gitlab_template_and_the_docs_examples_parse_and_match() {
    let template_path = "ci/gitlab/pm-lint.gitlab-ci.yml";
    let template = yaml(template_path);
    let text = fs::read_to_string(Path::new(ROOT).join(template_path)).unwrap();
    assert!(template[".pm"].is_object(), "the .pm job template");
    assert!(template["pm-lint"]["script"].is_array());
    // The formats it asks pm for are formats pm has.
    let help = TestEnv::empty().pm(&["lint", "--help"]).ok().stdout;
    let format = regex::Regex::new(r"--format[= ](\w+)").unwrap();
    for c in format.captures_iter(&text) {
        assert!(help.contains(&c[1]), "pm lint has no format {}", &c[1]);
    }

    // Every YAML example in docs/ci.md parses, and the action's inputs it
    // sets are inputs the action has.
    let action = yaml("action.yml");
    let docs = fs::read_to_string(Path::new(ROOT).join("docs/ci.md")).unwrap();
    let mut blocks = 0;
    let mut uses_action = 0;
    for block in docs.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let doc: serde_json::Value = yaml_serde::from_str(block)
            .unwrap_or_else(|e| panic!("docs/ci.md example is not YAML: {e}\n{block}"));
        blocks += 1;
        for job in doc["jobs"].as_object().into_iter().flat_map(|j| j.values()) {
            for step in job["steps"].as_array().into_iter().flatten() {
                let uses = step["uses"].as_str().unwrap_or("");
                if uses.contains("/pm@") {
                    uses_action += 1;
                    for key in step["with"].as_object().into_iter().flat_map(|w| w.keys()) {
                        assert!(
                            action["inputs"][key].is_object(),
                            "docs/ci.md sets input `{key}` the action lacks"
                        );
                    }
                }
            }
        }
    }
    assert!(blocks >= 4, "{blocks} YAML examples");
    assert!(uses_action >= 1, "docs/ci.md uses the action");
    assert!(
        docs.contains(template_path),
        "docs/ci.md includes the template"
    );
}

/// The GitLab template's job script, run by sh the way GitLab's runner
/// runs it (`set -e`, the merge request's variables) in a shallow clone.
fn gitlab_job(remote: &Remote, ws: &Path, envs: &[(&str, &str)]) -> Run {
    let template = yaml("ci/gitlab/pm-lint.gitlab-ci.yml");
    let mut script = String::from("set -e\n");
    for line in template["pm-lint"]["script"].as_array().unwrap() {
        script.push_str(line.as_str().unwrap());
        script.push('\n');
    }
    let mut cmd = remote.env.command("sh");
    cmd.arg("-c")
        .arg(&script)
        .current_dir(ws)
        .env("PATH", path_with_pm())
        .env("CI_PROJECT_DIR", ws);
    for (k, v) in template["variables"].as_object().unwrap() {
        cmd.env(k, v.as_str().unwrap());
    }
    for (k, v) in envs {
        cmd.env(k, v);
    }
    remote.env.run_cmd(cmd, None, &["pm-lint job"])
}

#[test]
fn the_gitlab_job_fails_a_blaming_merge_request_and_reports_code_quality() {
    let remote = Remote::new();
    let text = remote.branch("blame", |t| {
        t.replace("root_cause:\n", &format!("root_cause: |\n  {BLAME}\n"))
    });
    let base = remote.env.git(&["rev-parse", "main"]);
    let ws = remote.shallow_checkout("blame");
    let file = remote.env.file_of(&remote.id);
    let mr = [
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.trim()),
    ];

    // The base commit is not in the one-commit clone: the target branch is
    // fetched, and only the changed post-mortem fails the job.
    let run = gitlab_job(&remote, &ws, &mr)
        .code(1)
        .stdout_has("error[human-error]")
        .stdout_has(&format!("{file}:{}:28", line_of(&text, BLAME)));
    assert!(!run.stdout.contains(OLD), "{}", run.stdout);

    // The report covers every post-mortem (GitLab compares it with the
    // target branch's), in the Code Quality format.
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(ws.join("gl-code-quality-report.json")).unwrap())
            .unwrap();
    let issues = report.as_array().unwrap();
    let blame = issues
        .iter()
        .find(|i| i["check_name"] == "human-error")
        .expect("the human-error issue");
    assert_eq!(blame["severity"], "major");
    assert_eq!(blame["location"]["path"], file.as_str());
    assert_eq!(
        blame["location"]["lines"]["begin"],
        line_of(&text, BLAME) as u64
    );
    assert!(
        blame["description"].as_str().unwrap().contains("Instead: "),
        "{blame}"
    );
    assert!(
        issues.iter().any(|i| i["location"]["path"] == OLD),
        "the older post-mortem is in the report: {report:#}"
    );
    let fingerprints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    for issue in issues {
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
    }

    // A clone deep enough to hold the base: no fetch, the same verdict.
    remote.env.git(&["checkout", "-q", "blame"]);
    let run = gitlab_job(&remote, &remote.env.repo, &mr).code(1);
    assert!(!run.stdout.contains(OLD), "{}", run.stdout);
    remote.env.git(&["checkout", "-q", "main"]);

    // On the default branch (no merge request): every post-mortem.
    gitlab_job(&remote, &ws, &[]).code(1).stdout_has(OLD);
}

#[test]
fn code_quality_fingerprints_follow_text_not_line_numbers() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    let text = env
        .read(&file)
        .replace("root_cause:\n", &format!("root_cause: |\n  {BLAME}\n"));
    env.write(&file, &text);
    let before = env.pm(&["lint", "--format", "codequality"]).code(1).json();
    // Lines added above the finding move it down; its fingerprint stays.
    env.write(
        &file,
        &text.replace(
            "summary:\n",
            "summary: |\n  Slow checkout.\n  For 40 minutes.\n",
        ),
    );
    let after = env.pm(&["lint", "--format", "codequality"]).code(1).json();
    let find = |doc: &serde_json::Value| {
        doc.as_array()
            .unwrap()
            .iter()
            .find(|i| i["check_name"] == "human-error")
            .cloned()
            .unwrap()
    };
    let (b, a) = (find(&before), find(&after));
    assert_eq!(
        a["location"]["lines"]["begin"].as_u64().unwrap(),
        b["location"]["lines"]["begin"].as_u64().unwrap() + 2
    );
    assert_eq!(a["fingerprint"], b["fingerprint"]);
    // The same sentence twice in one file: two issues, two fingerprints.
    env.write(
        &file,
        &text.replace(
            &format!("  {BLAME}\n"),
            &format!("  {BLAME}\n\n  {BLAME}\n"),
        ),
    );
    let twice = env.pm(&["lint", "--format", "codequality"]).code(1).json();
    let prints: Vec<&str> = twice
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["check_name"] == "human-error")
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), 2);
    assert_ne!(prints[0], prints[1]);
}
