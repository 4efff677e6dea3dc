#!/usr/bin/env bash
# Build pm and walk through its main job in a demo repository:
# init, a new post-mortem, a timeline written during the response,
# an action item, and the views people read.
#
#   bash scripts/demo.sh [DIR]     (default: a new temporary folder)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# The first build takes a few minutes: cargo's own progress shows on stderr.
echo "Building pm (release; the first build takes a few minutes)..." >&2
cargo build --release --locked --manifest-path "$root/Cargo.toml"
pm="${CARGO_TARGET_DIR:-$root/target}/release/pm"
dir="${1:-$(mktemp -d)}"

# The demo commits as git's configured user; without one, as a demo identity.
if ! git config user.name >/dev/null 2>&1; then
  export GIT_AUTHOR_NAME="pm demo" GIT_AUTHOR_EMAIL="demo@example.com"
  export GIT_COMMITTER_NAME="pm demo" GIT_COMMITTER_EMAIL="demo@example.com"
fi

# Echo each command the way it could be pasted into a shell: quoted where
# needed, and `pm` for the binary just built.
run() {
  local shown=()
  for a in "$@"; do
    if [ "$a" = "$pm" ]; then
      shown+=(pm)
    elif [[ "$a" =~ ^[A-Za-z0-9@%+=:,./_-]+$ ]]; then
      shown+=("$a")
    else
      shown+=("'${a//\'/\'\\\'\'}'")
    fi
  done
  printf '\n$ %s\n' "${shown[*]}"
  "$@"
}
mkdir -p "$dir" && cd "$dir"
run "$pm" init
run "$pm" new "Checkout latency spike" --severity SEV2 --started -50m --service checkout-api --no-edit
run "$pm" timeline add "p99 latency alert fired for checkout-api" --kind detected --at -38m
run "$pm" timeline add "On-call acknowledged, incident channel opened" --kind acknowledged --at -35m
run "$pm" timeline add "Rolled back release 4.2.1" --kind mitigated --at -20m
run "$pm" timeline add "Latency back under SLO for 15 minutes" --kind resolved
run "$pm" action add "Alert on checkout p99 above 2s for 5 minutes" --owner payments-team --due +2w --type detect
run "$pm" show checkout
run "$pm" due --within 30d
run git log --oneline
printf '\nDemo repository: %s\n' "$dir"
