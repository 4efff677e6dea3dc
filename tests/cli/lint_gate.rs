//! `pm lint` as the CI gate: a file every other command refuses fails it
//! in every output format, misspelt keys are found in every mapping of the
//! format, and a bad byte is placed at the character where it is.

use crate::support::TestEnv;

const NON_UTF8: &str = "postmortems/2026/2026-11-01-latin1.yaml";
const BROKEN: &str = "postmortems/2026/2026-11-02-broken.yaml";
const LINK: &str = "postmortems/2026/2026-11-03-link.yaml";

/// A repository with a file saved as Latin-1 after an emoji (`é` is the
/// byte E9), a file that is not YAML, and a symlink to a file outside the
/// repository.
fn broken_files() -> TestEnv {
    let env = TestEnv::new();
    env.write(BROKEN, "pm: 1\ntitle: [unclosed\n");
    let mut latin1 = "pm: 1\ntitle: \u{1f525} caf".as_bytes().to_vec();
    latin1.extend(b"\xe9 down\n");
    std::fs::write(env.path(NON_UTF8), latin1).unwrap();
    let outside = env.home().join("outside.yaml");
    std::fs::write(&outside, "pm: 1\n").unwrap();
    std::os::unix::fs::symlink(&outside, env.path(LINK)).unwrap();
    env
}

/// $ pm show latin1                  -> error: ...latin1.yaml:2:13: not valid UTF-8 text
/// $ pm lint latin1 --format json    -> parse-error at line 2, column 13
///
/// A bad byte is placed at the character where it is, as every column pm
/// gives: after `title: `, an emoji (four bytes), a space and `caf`, the
/// byte of a Latin-1 `é` is the thirteenth character of its line, not
/// the sixteenth byte.
#[test]
fn a_bad_byte_is_placed_at_its_character_column() {
    let env = broken_files();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:2:13: not valid UTF-8 text"]);
    let json = env
        .pm(&["lint", NON_UTF8, "--format", "json"])
        .code(1)
        .json();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(json[0]["rule"], "parse-error");
    assert_eq!(
        (&json[0]["line"], &json[0]["column"], &json[0]["end_column"]),
        (&2.into(), &13.into(), &14.into()),
        "{json:#}"
    );
    // A BOM (which every reader skips) is not counted either.
    let mut with_bom = "\u{feff}pm: 1\ntitle: caf".as_bytes().to_vec();
    with_bom.extend(b"\xe9\n");
    std::fs::write(env.path(NON_UTF8), with_bom).unwrap();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:2:11: not valid UTF-8 text"]);
    let mut first_line = "\u{feff}title: caf".as_bytes().to_vec();
    first_line.extend(b"\xe9\n");
    std::fs::write(env.path(NON_UTF8), first_line).unwrap();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:1:11: not valid UTF-8 text"]);
}
