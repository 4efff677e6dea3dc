//! pm's caches through the binary: `.git/pm/index.bin` (summaries for `pm
//! due` and `pm list`) and `.git/pm/lint.bin` (findings for `pm lint`).
//!
//! A cache is used only when it can be trusted: damaged, truncated, written
//! by another pm version or under other settings, it is ignored and the
//! same run rebuilds it. To tell "ignored" from "used", the tests first
//! show that a valid cache whose contents were altered (with its checksum
//! fixed up) *is* believed, and then that the same altered cache is not
//! believed once anything else about it is wrong.

use std::time::Duration;

use twox_hash::XxHash3_64;

use crate::support::TestEnv;

const FILES: usize = 34;

/// A post-mortem in pm's layout with an open, overdue action item and a
/// sentence the linter flags.
fn postmortem(n: usize) -> String {
    format!(
        "# Post-mortem: Zebra queue backlog {n}\npm: 1\nid: 2026-11-{day:02}-zebra-{n}\ntitle: Zebra queue backlog {n}\nstatus: draft\nseverity: SEV2\ndate: 2026-11-{day:02}\nauthors: ['sre-team']\nservices: [queue]\ntags: []\n\nsummary: |\n  The queue backed up for an hour.\n  The on-call should have rolled back immediately.\n\ntimeline:\n  - at: 2026-11-{day:02}T09:00:00Z\n    kind: impact-start\n    text: Impact started\n\naction_items:\n  - id: A1\n    title: Alert on queue depth {n}\n    owner: sre-team\n    due: 2026-11-{due:02}\n    status: open\n\nfollow_up:\n  due: 2026-12-{day:02}\n  held:\n  notes:\n",
        day = 1 + n % 20,
        due = 2 + n % 20,
    )
}

/// A repository with enough post-mortems for the lint cache, whose files
/// are older than the two seconds in which a cache does not trust them.
fn repository() -> TestEnv {
    let env = TestEnv::new();
    for n in 0..FILES {
        env.write(
            &format!("postmortems/2026/2026-11-{:02}-zebra-{n}.yaml", 1 + n % 20),
            &postmortem(n),
        );
    }
    std::thread::sleep(Duration::from_millis(2100));
    env
}

fn cache(env: &TestEnv, name: &str) -> Vec<u8> {
    std::fs::read(env.path(&format!(".git/pm/{name}"))).unwrap()
}

fn put(env: &TestEnv, name: &str, bytes: &[u8]) {
    std::fs::write(env.path(&format!(".git/pm/{name}")), bytes).unwrap();
}

/// `bytes` with `from` replaced by `to` (same length) inside the archive,
/// and the archive's checksum (bytes 8..16 of the header) made to match.
fn altered(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap_or_else(|| panic!("`{from}` is not in the cache"));
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to.as_bytes());
    resum(&mut out);
    out
}

fn resum(bytes: &mut [u8]) {
    let sum = XxHash3_64::oneshot(&bytes[64..]);
    bytes[8..16].copy_from_slice(&sum.to_le_bytes());
}

/// Ways a cache file can be damaged or foreign, each applied to `bytes`.
fn damaged(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut flipped = bytes.to_vec();
    let middle = 64 + (bytes.len() - 64) / 2;
    flipped[middle] ^= 0x20;
    let mut other_version = bytes.to_vec();
    other_version[35] = b'X';
    let mut other_key = bytes.to_vec();
    other_key[24] ^= 1;
    let mut longer = bytes.to_vec();
    longer.extend_from_slice(&[0; 16]);
    let mut garbage_summed = bytes.to_vec();
    for b in &mut garbage_summed[64..] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    resum(&mut garbage_summed);
    vec![
        ("a flipped bit", flipped),
        ("another pm version", other_version),
        ("another key", other_key),
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("only the header", bytes[..64].to_vec()),
        ("empty", Vec::new()),
        ("trailing bytes", longer),
        ("garbage with a valid checksum", garbage_summed),
        ("not a cache", b"{not json".to_vec()),
    ]
}

#[test]
fn summary_cache_is_used_only_when_it_can_be_trusted() {
    let env = repository();
    let titles = |env: &TestEnv| -> Vec<String> {
        env.pm(&["list", "--json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    let truth = titles(&env);
    assert_eq!(truth.len(), FILES);
    let due = env.pm(&["due", "--json"]).ok().stdout;
    let good = cache(&env, "index.bin");
    assert_eq!(&good[..8], b"pm-index");

    // A valid cache is believed: an altered title with its checksum fixed
    // up is what pm shows.
    let lie = altered(&good, "Zebra queue backlog 7", "Zebra queue backlog X");
    put(&env, "index.bin", &lie);
    assert!(titles(&env).contains(&"Zebra queue backlog X".to_string()));

    // The same lie in a cache that is wrong in any other way is not.
    for (how, bytes) in damaged(&lie) {
        put(&env, "index.bin", &bytes);
        assert_eq!(titles(&env), truth, "a cache with {how} was believed");
        // Rebuilt by that run: the next one reads it and agrees.
        let rebuilt = cache(&env, "index.bin");
        assert_eq!(&rebuilt[..8], b"pm-index", "{how}: not rebuilt");
        assert_eq!(rebuilt.len(), good.len(), "{how}: not rebuilt");
        assert_eq!(env.pm(&["due", "--json"]).ok().stdout, due, "{how}");
    }
}

#[test]
fn findings_cache_is_used_only_when_it_can_be_trusted() {
    let env = repository();
    let lint = |env: &TestEnv| env.pm(&["lint", "--format", "json"]).stdout;
    let truth = lint(&env);
    assert!(truth.contains("should have rolled"), "{truth}");
    let good = cache(&env, "lint.bin");
    assert_eq!(&good[..8], b"pm-lints");
    // Nothing changed: the same findings, and the cache is not rewritten.
    assert_eq!(lint(&env), truth);
    assert_eq!(cache(&env, "lint.bin"), good);

    // A valid cache is believed.
    let lie = altered(&good, "should have rolled", "should have ROLLED");
    put(&env, "lint.bin", &lie);
    assert!(lint(&env).contains("have ROLLED"));

    // The same lie in a cache that is wrong in any other way is not.
    for (how, bytes) in damaged(&lie) {
        put(&env, "lint.bin", &bytes);
        assert_eq!(lint(&env), truth, "a cache with {how} was believed");
        assert_eq!(cache(&env, "lint.bin"), good, "{how}: not rebuilt");
    }

    // Other lint settings in pm.yaml: the cache is not used.
    put(&env, "lint.bin", &lie);
    let config = env.read("pm.yaml");
    env.write(
        "pm.yaml",
        &format!("{config}\nlint:\n  allow: [\"zebra herd\"]\n"),
    );
    assert_eq!(lint(&env), truth);
    // And a setting that changes findings changes them at once.
    env.write(
        "pm.yaml",
        &format!("{config}\nlint:\n  disable: [counterfactual]\n"),
    );
    let fewer = lint(&env);
    assert!(!fewer.contains("should have rolled"), "{fewer}");
    env.write("pm.yaml", &config);
    assert_eq!(lint(&env), truth);
}

#[test]
fn cached_findings_follow_every_change_to_a_file() {
    let env = repository();
    let lint = |env: &TestEnv, args: &[&str]| {
        let mut all = vec!["lint"];
        all.extend_from_slice(args);
        env.pm(&all).stdout
    };
    let fresh = |env: &TestEnv, args: &[&str]| {
        std::fs::remove_file(env.path(".git/pm/lint.bin")).ok();
        lint(env, args)
    };
    for format in [
        &["--format", "human"][..],
        &["--format", "json"],
        &["--format", "sarif"],
        &["--format", "github"],
    ] {
        let cold = fresh(&env, format);
        assert_eq!(lint(&env, format), cold, "{format:?}");
    }
    // An edit, a file of the same size with its old modification time put
    // back, a deleted file and a new one: each is seen, as a run without
    // the cache sees it.
    let file = "postmortems/2026/2026-11-04-zebra-3.yaml";
    let meta = std::fs::metadata(env.path(file)).unwrap();
    let before = lint(&env, &["--format", "json"]);
    env.write(file, &env.read(file).replace("should have", "did not hav"));
    let f = std::fs::File::options()
        .write(true)
        .open(env.path(file))
        .unwrap();
    f.set_modified(meta.modified().unwrap()).unwrap();
    drop(f);
    assert_eq!(std::fs::metadata(env.path(file)).unwrap().len(), meta.len());
    let after_edit = lint(&env, &["--format", "json"]);
    let counterfactuals = |json: &str| json.matches("\"counterfactual\"").count();
    assert_eq!(counterfactuals(&after_edit), counterfactuals(&before) - 1);
    assert_eq!(after_edit, fresh(&env, &["--format", "json"]));
    std::fs::remove_file(env.path("postmortems/2026/2026-11-05-zebra-4.yaml")).unwrap();
    env.write(
        "postmortems/2026/2026-11-30-new.yaml",
        &postmortem(99)
            .replace("zebra-99", "new")
            .replace("-11-20", "-11-30"),
    );
    let after_more = lint(&env, &["--format", "json"]);
    assert_eq!(after_more, fresh(&env, &["--format", "json"]));
    // Linting a few files with the cache in place: the same findings as
    // without it, and the cache still holds every file.
    let whole = cache(&env, "lint.bin");
    let some = lint(&env, &["--format", "json", "postmortems/2026"]);
    assert_eq!(some, after_more);
    assert_eq!(cache(&env, "lint.bin"), whole);
}
