#!/usr/bin/env python3
"""Benchmark pm on generated repositories; prints medians, ratios and peak memory.

Run through scripts/bench.sh, which builds the release binaries first.

Environment:
  BENCH_SIZES   post-mortem counts, default "1000 10000 50000"
  BENCH_RUNS    timed runs per command, default 11 (5 at 50,000)
  BENCH_DIR     where generated repositories are kept, default /tmp/pm-bench
  BENCH_SITE_RUNS  timed runs of pm site, default 3
  BENCH_ONLY    "site": only the floor, pm stats and pm site

Every figure is the median of the timed runs, after one warm-up run, in the
same process and the same minute as its baseline, so the ratios are what to
compare: absolute times on a shared 2-core machine are noisy.
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PM = os.path.join(ROOT, "target", "release", "pm")
GEN = os.path.join(ROOT, "target", "release", "examples", "generate")
ENV = dict(
    os.environ,
    PM_NOW="2026-11-27T10:00:00Z",
    NO_COLOR="1",
    COLUMNS="80",
    GIT_AUTHOR_NAME="bench",
    GIT_AUTHOR_EMAIL="bench@example.com",
    GIT_COMMITTER_NAME="bench",
    GIT_COMMITTER_EMAIL="bench@example.com",
)


def run(cmd, cwd, shell=False):
    """Run once; return (seconds, peak RSS in MB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=ENV, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def measure(cmd, cwd, runs, shell=False, before=None):
    times, peaks = [], []
    if before:
        before(-1)
    run(cmd(-1) if callable(cmd) else cmd, cwd, shell)  # warm-up
    for i in range(runs):
        if before:
            before(i)
        t, rss, code = run(cmd(i) if callable(cmd) else cmd, cwd, shell)
        if code not in (0, 1):
            sys.exit(f"{cmd} failed with exit {code} in {cwd}")
        times.append(t)
        peaks.append(rss)
    return statistics.median(times), max(peaks)


def generate(n, base):
    repo = os.path.join(base, f"repo-{n}")
    marker = os.path.join(repo, ".bench-ready")
    if not os.path.exists(marker):
        subprocess.run(["rm", "-rf", repo], check=True)
        start = time.perf_counter()
        subprocess.run([GEN, repo, "--count", str(n), "--seed", "42", "--commit"], check=True, env=ENV)
        print(f"generated {n} post-mortems in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        open(marker, "w").close()
        subprocess.run(["git", "update-index", "--refresh"], cwd=repo, env=ENV, stdout=subprocess.DEVNULL)
    return repo


def newest_file(repo):
    year = sorted(os.listdir(os.path.join(repo, "postmortems")))[-1]
    files = sorted(os.listdir(os.path.join(repo, "postmortems", year)))
    return os.path.join("postmortems", year, files[-1])


def add_open_actions(repo, rel, count):
    """Append open action items by hand (one commit) for `pm action done` to close."""
    path = os.path.join(repo, rel)
    text = open(path).read()
    ids = [int(l.split("A", 1)[1]) for l in text.splitlines() if l.strip().startswith("- id: A")]
    first = max(ids) + 1
    # Insert after the last action item: before the blank line that precedes follow_up.
    marker = "\nfollow_up:"
    items = "".join(
        f"  - id: A{first + k}\n    title: Bench item {k}\n    owner: bench\n    due: 2027-01-01\n    status: open\n"
        for k in range(count)
    )
    head, tail = text.split(marker, 1)
    head = head.rstrip("\n") + "\n" + items + "\n"
    open(path, "w").write(head + marker.lstrip("\n") + tail)
    subprocess.run(["git", "commit", "-qam", "bench: open action items"], cwd=repo, env=ENV, check=True)
    return first


def main():
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 50000").split()]
    base = os.environ.get("BENCH_DIR", "/tmp/pm-bench")
    os.makedirs(base, exist_ok=True)
    rows = []
    for n in sizes:
        runs = int(os.environ.get("BENCH_RUNS", "11" if n < 50000 else "5"))
        repo = generate(n, base)
        rel = newest_file(repo)
        pm_id = os.path.basename(rel)[: -len(".yaml")]
        floor, floor_mem = measure("find postmortems -name '*.yaml' -exec cat {} + > /dev/null", repo, runs, shell=True)
        rows.append((n, "cat every file (floor)", floor, floor_mem, "1.0x floor"))
        # Commands that parse every file in full (no summary cache): pm stats
        # and pm site, which also renders and writes a page per post-mortem.
        t, mem = measure([PM, "stats", "--json"], repo, runs)
        rows.append((n, "pm stats --json", t, mem, f"{t / floor:.1f}x floor"))
        site = os.path.join(base, f"site-{n}")
        site_runs = int(os.environ.get("BENCH_SITE_RUNS", "3"))
        t, mem = measure([PM, "site", site], repo, site_runs)
        size = subprocess.run(["du", "-sm", site], capture_output=True, text=True).stdout.split()[0]
        rows.append((n, f"pm site ({size} MB written)", t, mem, f"{t / floor:.1f}x floor"))
        if os.environ.get("BENCH_ONLY") == "site":
            continue
        for label, cmd in [
            ("pm due", [PM, "due"]),
            ("pm due --json", [PM, "due", "--json"]),
            ("pm list", [PM, "list"]),
            ("pm lint (all)", [PM, "lint", "--format", "json"]),
            ("pm show ID", [PM, "show", pm_id]),
        ]:
            t, mem = measure(cmd, repo, runs)
            ratio = f"{t / floor:.1f}x floor" if label != "pm show ID" else ""
            rows.append((n, label, t, mem, ratio))

        # Writes against git itself, on the same file of the same repository.
        def touch(i):
            with open(os.path.join(repo, rel), "a") as f:
                f.write(f"# bench {time.time_ns()}\n")

        git_t, git_mem = measure(f"git add {rel} && git commit -q -m bench", repo, runs, shell=True, before=touch)
        rows.append((n, "git add FILE && git commit (baseline)", git_t, git_mem, "1.0x git"))
        subprocess.run(["git", "reset", "-q", "--hard", "HEAD"], cwd=repo, env=ENV, check=True)
        t, mem = measure(
            lambda i: [PM, "timeline", "add", f"bench entry {i}", "--pm", pm_id, "--force", "--at", "2026-11-27T09:00:00Z"],
            repo,
            runs,
        )
        rows.append((n, "pm timeline add", t, mem, f"{t / git_t:.2f}x git"))
        first = add_open_actions(repo, rel, runs + 1)
        t, mem = measure(lambda i: [PM, "action", "done", f"{pm_id}#A{first + i + 1}"], repo, runs)
        rows.append((n, "pm action done", t, mem, f"{t / git_t:.2f}x git"))

    print("| post-mortems | command | median | ratio | peak memory |")
    print("|---:|---|---:|---:|---:|")
    for n, label, t, mem, ratio in rows:
        print(f"| {n:,} | {label} | {t * 1000:.0f} ms | {ratio} | {mem:.0f} MB |")


if __name__ == "__main__":
    main()
