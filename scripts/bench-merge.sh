#!/usr/bin/env bash
# Benchmark the merge driver (pm merge-driver) on large timelines, with
# git's own line merge (git merge-file) on the same files as the same-run
# baseline. Prints a Markdown table of medians, wall time and CPU time
# (user + system: what the merge costs when the machine is busy with other
# work); see docs/performance.md.
#
#   bash scripts/bench-merge.sh            # 5,000 entries a side, 15 runs
#   BENCH_ENTRIES=20000 BENCH_RUNS=5 bash scripts/bench-merge.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin pm
exec python3 - "$root/target/release/pm" "${BENCH_ENTRIES:-5000}" "${BENCH_RUNS:-15}" <<'PY'
import datetime, os, resource, shutil, statistics, subprocess, sys, tempfile, time

pm, n, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
work = tempfile.mkdtemp()
head = """pm: 1
id: 2026-11-26-checkout-latency
title: Checkout latency spike
status: draft
severity: SEV2
date: 2026-11-26
services: [checkout-api]
summary:
  # What broke, for whom, for how long.
timeline:
  # What happened, in order.
"""
tail = """action_items: []
follow_up:
  due: 2026-12-10
  held:
"""
start = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.timezone.utc)

def entry(i, who):
    at = (start + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"  - at: {at}\n    kind: note\n    text: '{who} saw step {i}: error rate 5%'\n"

def write(name, lines):
    with open(os.path.join(work, name), "w") as f:
        f.write(head + "".join(lines) + tail)

# Both sides add n entries to an empty timeline, interleaved in time.
write("new-base.yaml", [])
write("new-ours.yaml", [entry(2 * i, "ours") for i in range(n)])
write("new-theirs.yaml", [entry(2 * i + 1, "theirs") for i in range(n)])
# A timeline of n entries; each side adds 10 (an ordinary pm sync).
common = [entry(3 * i, "base") for i in range(n)]
write("add-base.yaml", common)
write("add-ours.yaml", common + [entry(3 * n + 3 * i + 1, "ours") for i in range(10)])
write("add-theirs.yaml", common + [entry(3 * n + 3 * i + 2, "theirs") for i in range(10)])

def measure(case, argv):
    """Median wall and CPU milliseconds; each run merges into a fresh copy
    of ours, as git gives the driver."""
    walls, cpus = [], []
    out = os.path.join(work, "out.yaml")
    for _ in range(runs):
        shutil.copy(os.path.join(work, f"{case}-ours.yaml"), out)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
    return statistics.median(walls), statistics.median(cpus)

out = os.path.join(work, "out.yaml")
print(f"{runs} runs each; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
print("| case | pm merge-driver wall / CPU (ms) | git merge-file wall / CPU (ms) |")
print("|---|---|---|")
for case, label in [("new", f"both sides add {n} entries to an empty timeline"),
                    ("add", f"each side adds 10 entries to {n}")]:
    base, theirs = os.path.join(work, f"{case}-base.yaml"), os.path.join(work, f"{case}-theirs.yaml")
    d = measure(case, [pm, "merge-driver", base, out, theirs, "bench.yaml"])
    g = measure(case, ["git", "merge-file", "-p", out, base, theirs])
    print(f"| {label} | {d[0]:.0f} / {d[1]:.0f} | {g[0]:.0f} / {g[1]:.0f} |")

# The result is right: every entry of both sides, in time order.
shutil.copy(os.path.join(work, "new-ours.yaml"), out)
subprocess.run([pm, "merge-driver", os.path.join(work, "new-base.yaml"), out,
                os.path.join(work, "new-theirs.yaml"), "bench.yaml"], check=True)
times = [l.split("at: ")[1] for l in open(out) if l.startswith("  - at: ")]
assert len(times) == 2 * n, f"merged {len(times)} entries, expected {2 * n}"
assert times == sorted(times), "not in time order"
print(f"\nChecked: the merged timeline holds all {2 * n} entries in time order.")
shutil.rmtree(work)
PY
