//! Computes, at build time, from the rule files (src/lint/rules/*.yaml):
//! each built-in blame-rule pattern's source (its alternatives joined),
//! where each alternative sits in it, and each alternative's literal gate,
//! the literals one of which each of its matches must contain; and each
//! rule's description. pm then finds which patterns can match a
//! text in one pass over it (see src/lint/rules/gate.rs), and a one-file
//! `pm lint` (a pre-commit hook) parses no rule file and no pattern at
//! start-up. pm's unit tests check that this data is what pm reads from
//! the rule files itself.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/lint/rules/literals.rs"]
mod literals;
#[path = "src/lint/rules/word_table.rs"]
mod word_table;

fn main() {
    let dir = Path::new("src/lint/rules");
    println!("cargo:rerun-if-changed=src/lint/rules/literals.rs");
    println!("cargo:rerun-if-changed=src/lint/rules");
    println!("cargo:rerun-if-changed=src/lint");
    // What the lint cache is keyed by besides pm's version and pm.yaml: a
    // hash of the linter's code and rule files, so a build whose rules
    // changed under the same version never reuses another build's findings.
    println!(
        "cargo:rustc-env=PM_LINT_SOURCE_HASH={:016x}",
        source_hash(Path::new("src/lint"))
    );
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("src/lint/rules")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from("static BUILT: &[Built] = &[\n");
    let mut infos = String::from("static BUILT_INFOS: &[BuiltInfo] = &[\n");
    let mut gates = Vec::new();
    // Where each pattern's alternatives (its units) sit in its source, as
    // offsets: pattern `p`'s units are `FIRST_UNIT[p]..FIRST_UNIT[p + 1]`.
    let mut first_unit = vec![0u32];
    let mut unit_spans: Vec<Vec<u32>> = Vec::new();
    // Each unit's literals, for the tests only: every slice in a static
    // is a relocation the dynamic loader applies when pm starts.
    let mut test_literals =
        String::from("#[cfg(test)]\nstatic BUILT_LITERALS: &[Option<&[&[u8]]>] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("rule file");
        // A file pm cannot read fails pm's own tests; it gets no gates here.
        let Ok(doc) = yaml_serde::from_str::<yaml_serde::Value>(&text) else {
            continue;
        };
        let frames = path.file_name().is_some_and(|f| f == "frames.yaml");
        let rule = match doc.get("id").and_then(|v| v.as_str()) {
            Some(id) if !frames => Some(id.to_string()),
            _ if frames => None,
            _ => continue,
        };
        if let Some(id) = &rule {
            let field = |key: &str| doc.get(key).and_then(|v| v.as_str()).unwrap_or_default();
            writeln!(
                infos,
                "    BuiltInfo {{ id: {id:?}, name: {:?}, family: {:?}, severity: {:?}, message: {:?}, suggestion: {:?} }},",
                field("name"),
                field("family"),
                field("severity"),
                field("message"),
                field("suggestion"),
            )
            .expect("write to a string");
        }
        let Some(patterns) = doc.get("patterns").and_then(|p| p.as_mapping()) else {
            continue;
        };
        for (name, alts) in patterns {
            let (Some(name), Some(alts)) = (name.as_str(), alts.as_sequence()) else {
                continue;
            };
            let Some(alts) = alts
                .iter()
                .map(|a| a.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
            else {
                continue;
            };
            let source = literals::join(&alts);
            writeln!(
                out,
                "    Built {{ rule: {rule:?}, name: {name:?}, source: {source:?} }},"
            )
            .expect("write to a string");
            // Each alternative is gated on its own: a text runs, and a
            // one-file lint compiles, only the alternatives it may match.
            let mut at = 0;
            for unit in literals::units(&alts) {
                let gate = literals::parse(&unit).and_then(|hir| literals::gate_literals(&hir));
                let literals = match &gate {
                    Some(lits) => format!("Some(&[{}])", slices(lits)),
                    None => "None".to_string(),
                };
                writeln!(test_literals, "    {literals},").expect("write to a string");
                gates.push(gate);
                unit_spans.push(vec![at as u32, (at + unit.len()) as u32]);
                at += unit.len() + 1;
            }
            first_unit.push(gates.len() as u32);
        }
    }
    out.push_str("];\n");
    let t = literals::tables(&gates);
    test_literals.push_str("];\n");
    out.push_str(&test_literals);
    // The searching tables of all gates at once (see gate.rs), as flat
    // arrays and offsets: no pointers for the loader to relocate.
    writeln!(out, "static FIRST_UNIT: &[u32] = &{first_unit:?};").expect("write to a string");
    writeln!(out, "const BUILT_UNITS: usize = {};", gates.len()).expect("write to a string");
    let (spans, _) = flat(&unit_spans);
    writeln!(out, "static UNIT_SPANS: &[u32] = &{spans:?};").expect("write to a string");
    let (bytes, ends) = flat(&t.literals);
    writeln!(out, "static LITERAL_BYTES: &[u8] = &{bytes:?};").expect("write to a string");
    writeln!(out, "static LITERAL_ENDS: &[u32] = &{ends:?};").expect("write to a string");
    let (ids, ends) = flat(&t.owners);
    writeln!(out, "static OWNER_IDS: &[u32] = &{ids:?};").expect("write to a string");
    writeln!(out, "static OWNER_ENDS: &[u32] = &{ends:?};").expect("write to a string");
    writeln!(out, "static ALWAYS: &[u64] = &{:?};", t.always).expect("write to a string");
    writeln!(out, "static STARTS: &[u32] = &{:?};", t.starts).expect("write to a string");
    writeln!(out, "static ORDER: &[u32] = &{:?};", t.order).expect("write to a string");
    writeln!(out, "static SHORT: &[u32] = &{:?};", t.short).expect("write to a string");
    infos.push_str("];\n");
    out.push_str(&infos);
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("gates.rs"), out).expect("write gates.rs");
    // The lexicon and the evidence model as JSON, which pm reads in a tenth
    // of the time of YAML; empty if it does not parse, and pm then reads
    // the YAML (and fails its tests).
    for name in ["lexicon", "signals"] {
        let yaml = std::fs::read_to_string(dir.join(format!("{name}.yaml"))).expect(name);
        let json = yaml_serde::from_str::<yaml_serde::Value>(&yaml)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok())
            .unwrap_or_default();
        std::fs::write(Path::new(&out_dir).join(format!("{name}.json")), json)
            .expect("write the JSON of a rule file");
    }
    word_table(&dir.join("signals-words.tsv"), Path::new(&out_dir));
    cue_gates(&dir.join("signals.yaml"), Path::new(&out_dir));
}

/// The literal gate of each of the evidence model's cues (signals.yaml
/// `cues`, in the order of their names, as pm reads them): a one-file lint
/// compiles only the cues whose literals its text holds. `None` for a cue
/// with no gate, always compiled.
fn cue_gates(yaml: &Path, out_dir: &Path) {
    let text = std::fs::read_to_string(yaml).expect("signals.yaml");
    let value: yaml_serde::Value = yaml_serde::from_str(&text).expect("signals.yaml parses");
    let mut cues: Vec<(String, Vec<String>)> = value
        .get("cues")
        .and_then(|c| c.as_mapping())
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| {
                    let alts = v
                        .as_sequence()?
                        .iter()
                        .filter_map(|a| a.as_str().map(String::from))
                        .collect();
                    Some((k.as_str()?.to_string(), alts))
                })
                .collect()
        })
        .unwrap_or_default();
    cues.sort();
    let mut out = String::from("static CUE_GATES: &[(&str, Option<&[&[u8]]>)] = &[\n");
    for (name, alts) in &cues {
        let gate = literals::parse(&literals::join(alts)).and_then(|h| literals::gate_literals(&h));
        let gate = match gate {
            Some(lits) => format!(
                "Some(&[{}])",
                lits.iter()
                    .map(|l| format!("&{l:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "None".to_string(),
        };
        writeln!(out, "    ({name:?}, {gate}),").expect("write to a string");
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("cue_gates.rs"), out).expect("write cue_gates.rs");
}

/// The evidence model's word weights as a table pm reads in place (see
/// src/lint/rules/word_table.rs): `words.keys` and `words.slots`. A line
/// that does not parse is left out, and pm's unit test that compares the
/// table with the file fails.
fn word_table(tsv: &Path, out_dir: &Path) {
    let text = std::fs::read_to_string(tsv).expect("signals-words.tsv");
    let entries: Vec<(&str, f32)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (key, weight) = l.split_once('\t')?;
            Some((key, weight.trim().parse().ok()?))
        })
        .filter(|(key, _)| (1..256).contains(&key.len()))
        .collect();
    let n = (entries.len() * 2).next_power_of_two().max(1);
    let mut slots = vec![0u64; n];
    let mut keys = String::new();
    for (key, weight) in entries {
        let parts: Vec<&str> = key.split(' ').collect();
        let mut i = word_table::hash(&parts) as usize & (n - 1);
        while slots[i] != 0 {
            i = (i + 1) & (n - 1);
        }
        slots[i] = word_table::slot(keys.len(), key.len(), weight);
        keys.push_str(key);
    }
    let bytes: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    std::fs::write(out_dir.join("words.keys"), keys).expect("write words.keys");
    std::fs::write(out_dir.join("words.slots"), bytes).expect("write words.slots");
}

/// FNV-1a over every file under `dir`, in path order: its path, then its
/// bytes. Stable across builds and toolchains (std's hasher is not).
fn source_hash(dir: &Path) -> u64 {
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                walk(&path, files);
            } else {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_default();
        for b in path.to_string_lossy().bytes().chain([0]).chain(bytes) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Slices as Rust source: `&[1, 2], &[3]`.
fn slices<T: std::fmt::Debug>(v: &[Vec<T>]) -> String {
    v.iter()
        .map(|s| format!("&{s:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Slices as one array and the end offset of each.
fn flat<T: Copy>(v: &[Vec<T>]) -> (Vec<T>, Vec<u32>) {
    let mut all = Vec::new();
    let mut ends = Vec::new();
    for s in v {
        all.extend_from_slice(s);
        ends.push(all.len() as u32);
    }
    (all, ends)
}
