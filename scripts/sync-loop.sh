#!/usr/bin/env bash
# Run the three-clone scenario (tests/cli/collab.rs:
# three_clones_writing_at_once_all_end_with_everything) many times in a row:
# a bare remote and three clones each adding 20 timeline entries and 5
# action items to one post-mortem at once, with pm sync after every third
# change. It is a race, so it is run repeatedly here rather than in CI.
#
#   bash scripts/sync-loop.sh          # 20 runs
#   SYNC_LOOP_RUNS=50 bash scripts/sync-loop.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${SYNC_LOOP_RUNS:-20}"
test=collab::three_clones_writing_at_once_all_end_with_everything
cd "$root"
cargo test --locked --quiet --test cli --no-run
passed=0
for i in $(seq "$runs"); do
  start=$(date +%s)
  if cargo test --locked --quiet --test cli "$test" -- --exact >"${TMPDIR:-/tmp}/sync-loop.log" 2>&1; then
    passed=$((passed + 1))
    echo "run $i: ok ($(( $(date +%s) - start )) s)"
  else
    echo "run $i: FAILED"
    cat "${TMPDIR:-/tmp}/sync-loop.log"
  fi
done
echo "$passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
