#!/usr/bin/env python3
"""Benchmark pm on generated repositories; prints medians, ratios and peak memory.

Run through scripts/bench.sh, which builds the release binaries first.

Environment:
  BENCH_SIZES   post-mortem counts, default "1000 10000 50000"
  BENCH_RUNS    timed runs per command, default 11 (5 at 50,000)
  BENCH_DIR     where generated repositories are kept, default /tmp/pm-bench
  BENCH_SITE_RUNS  timed runs of pm site, default 3
  BENCH_ONLY    "site": only the floor, pm stats and pm site;
                "speed": the cases of docs/performance.md's targets only
  BENCH_BASELINE  another pm binary (say, a build of the previous commit):
                its lint cases are measured too, in the same run, each
                right after the same case of this build

Every figure is the median of the timed runs, after one warm-up run, in the
same process and the same minute as its baseline, so the ratios are what to
compare: absolute times on a shared 2-core machine are noisy. The CPU column
(user + system time of the process and its threads) moves less than wall
time when other work competes for the cores.

Baselines measured in each size's run:
  cat every file       the floor for reading every post-mortem;
  stat every file      the floor for checking every file is unchanged (what
                       a warm cache costs at least);
  git add && commit    the floor for a write that commits;
  grep -ril WORD       the baseline for pm search (every file read and
                       searched without regard to case).
Cold cases remove pm's caches (.git/pm) before every run, as a fresh clone
in CI has none.
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
    """Run once; return (seconds, peak RSS in MB, exit code, CPU seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=ENV, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status), cpu


def measure(cmd, cwd, runs, shell=False, before=None):
    """Median wall time, peak memory and median CPU time of `runs` runs."""
    times, peaks, cpus = [], [], []
    if before:
        before(-1)
    run(cmd(-1) if callable(cmd) else cmd, cwd, shell)  # warm-up
    for i in range(runs):
        if before:
            before(i)
        t, rss, code, cpu = run(cmd(i) if callable(cmd) else cmd, cwd, shell)
        if code not in (0, 1):
            sys.exit(f"{cmd} failed with exit {code} in {cwd}")
        times.append(t)
        peaks.append(rss)
        cpus.append(cpu)
    return statistics.median(times), max(peaks), statistics.median(cpus)


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


def forget(repo, *names):
    """Remove pm's caches, as a fresh clone has none."""
    def clear(_i):
        for name in names:
            path = os.path.join(repo, ".git", "pm", name)
            if os.path.exists(path):
                os.remove(path)
    return clear


def main():
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 10000 50000").split()]
    base = os.environ.get("BENCH_DIR", "/tmp/pm-bench")
    only = os.environ.get("BENCH_ONLY", "")
    os.makedirs(base, exist_ok=True)
    rows = []

    def row(n, label, measured, ratio=""):
        t, mem, cpu = measured
        rows.append((n, label, t, mem, ratio, cpu))
        return t

    if only != "site":
        # A write in a small repository (a team's first months): pm's own
        # cost, start-up and the commit, not the repository's size.
        n = 10
        runs = int(os.environ.get("BENCH_RUNS", "11"))
        repo = generate(n, base)
        rel = newest_file(repo)
        pm_id = os.path.basename(rel)[: -len(".yaml")]

        def touch_small(i):
            with open(os.path.join(repo, rel), "a") as f:
                f.write(f"# bench {time.time_ns()}\n")

        git_t = row(n, "git add FILE && git commit (baseline)", measure(f"git add {rel} && git commit -q -m bench", repo, runs, shell=True, before=touch_small), "1.0x git")
        subprocess.run(["git", "reset", "-q", "--hard", "HEAD"], cwd=repo, env=ENV, check=True)
        t, mem, cpu = measure(
            lambda i: [PM, "timeline", "add", f"bench entry {i}", "--pm", pm_id, "--force", "--at", "2026-11-27T09:00:00Z"],
            repo,
            runs,
        )
        row(n, "pm timeline add", (t, mem, cpu), f"{t / git_t:.2f}x git")

    for n in sizes:
        runs = int(os.environ.get("BENCH_RUNS", "11" if n < 50000 else "5"))
        repo = generate(n, base)
        rel = newest_file(repo)
        pm_id = os.path.basename(rel)[: -len(".yaml")]
        floor = row(n, "cat every file (floor)", measure("find postmortems -name '*.yaml' -exec cat {} + > /dev/null", repo, runs, shell=True), "1.0x floor")
        stat = row(n, "stat every file (floor)", measure("find postmortems -name '*.yaml' -printf '%s %T@ %C@ %i\\n' > /dev/null", repo, runs, shell=True), "1.0x stat")
        if only != "speed":
            # Commands that parse every file in full (no summary cache): pm stats
            # and pm site, which also renders and writes a page per post-mortem.
            t, mem, cpu = measure([PM, "stats", "--json"], repo, runs)
            row(n, "pm stats --json", (t, mem, cpu), f"{t / floor:.1f}x floor")
            site = os.path.join(base, f"site-{n}")
            site_runs = int(os.environ.get("BENCH_SITE_RUNS", "3"))
            t, mem, cpu = measure([PM, "site", site], repo, site_runs)
            size = subprocess.run(["du", "-sm", site], capture_output=True, text=True).stdout.split()[0]
            row(n, f"pm site ({size} MB written)", (t, mem, cpu), f"{t / floor:.1f}x floor")
            if only == "site":
                continue

        # Read-everything commands, cold (no cache, as in CI) and warm.
        t, mem, cpu = measure([PM, "due"], repo, runs, before=forget(repo, "index.bin"))
        row(n, "pm due, cold (no cache)", (t, mem, cpu), f"{t / floor:.1f}x floor")
        for label, cmd in [
            ("pm due", [PM, "due"]),
            ("pm due --json", [PM, "due", "--json"]),
            ("pm list", [PM, "list"]),
        ]:
            t, mem, cpu = measure(cmd, repo, runs)
            ratio = f"{t / floor:.2f}x floor, {t / stat:.1f}x stat"
            row(n, label, (t, mem, cpu), ratio)
        # pm search against grep over the same files, in the same minute:
        # a rare word (about 900 of 10,000 files hold it) and a common one
        # (about 7,400), where most files have to be parsed.
        for word in ["replica", "failover"]:
            grep_t = row(n, f"grep -ril {word} postmortems (baseline)", measure(f"grep -ril -e {word} postmortems > /dev/null", repo, runs, shell=True), "1.0x grep")
            t, mem, cpu = measure([PM, "search", word], repo, runs)
            row(n, f"pm search {word}", (t, mem, cpu), f"{t / grep_t:.2f}x grep, {t / floor:.2f}x floor")
        baseline = os.environ.get("BENCH_BASELINE")
        for pm, suffix in [(PM, "")] + ([(baseline, " (baseline build)")] if baseline else []):
            t, mem, cpu = measure([pm, "lint", "--format", "json"], repo, runs, before=forget(repo, "lint.bin"))
            row(n, f"pm lint (all), no cache{suffix}", (t, mem, cpu), f"{t / floor:.1f}x floor")
        for pm, suffix in [(PM, "")] + ([(baseline, " (baseline build)")] if baseline else []):
            # The baseline's findings cache may differ: rebuild it first.
            forget(repo, "lint.bin")(0)
            t, mem, cpu = measure([pm, "lint", "--format", "json"], repo, runs)
            row(n, f"pm lint (all), again with nothing changed{suffix}", (t, mem, cpu), f"{t / floor:.2f}x floor, {t / stat:.1f}x stat")
        for pm, suffix in [(PM, "")] + ([(baseline, " (baseline build)")] if baseline else []):
            row(n, f"pm lint FILE (one post-mortem){suffix}", measure([pm, "lint", rel], repo, runs))
        if only == "speed":
            continue
        row(n, "pm show ID", measure([PM, "show", pm_id], repo, runs))

        # Writes against git itself, on the same file of the same repository.
        def touch(i):
            with open(os.path.join(repo, rel), "a") as f:
                f.write(f"# bench {time.time_ns()}\n")

        git_t = row(n, "git add FILE && git commit (baseline)", measure(f"git add {rel} && git commit -q -m bench", repo, runs, shell=True, before=touch), "1.0x git")
        subprocess.run(["git", "reset", "-q", "--hard", "HEAD"], cwd=repo, env=ENV, check=True)
        t, mem, cpu = measure(
            lambda i: [PM, "timeline", "add", f"bench entry {i}", "--pm", pm_id, "--force", "--at", "2026-11-27T09:00:00Z"],
            repo,
            runs,
        )
        row(n, "pm timeline add", (t, mem, cpu), f"{t / git_t:.2f}x git")
        first = add_open_actions(repo, rel, runs + 1)
        t, mem, cpu = measure(lambda i: [PM, "action", "done", f"{pm_id}#A{first + i + 1}"], repo, runs)
        row(n, "pm action done", (t, mem, cpu), f"{t / git_t:.2f}x git")

    print("| post-mortems | command | median | ratio | peak memory | CPU |")
    print("|---:|---|---:|---:|---:|---:|")
    for n, label, t, mem, ratio, cpu in rows:
        print(f"| {n:,} | {label} | {t * 1000:.0f} ms | {ratio} | {mem:.0f} MB | {cpu * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
