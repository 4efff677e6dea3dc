#!/usr/bin/env bash
# The logic of pm's GitHub Action (action.yml at the repository root): install
# pm, then lint the post-mortems a pull request changes, with findings as
# annotations on the diff. Kept here, not inline in action.yml, so that it can
# be run and tested like any script (tests/cli/ci_dist.rs).
#
#   bash scripts/ci/github-action.sh key       # cache key for the build (to $GITHUB_OUTPUT)
#   bash scripts/ci/github-action.sh install   # puts pm on PATH (via $GITHUB_PATH)
#   bash scripts/ci/github-action.sh lint      # runs pm lint; exits with pm's code
#
# Inputs arrive as environment variables (never pasted into the script, so a
# branch name cannot inject shell code):
#   PM_INSTALL            auto (default): the pm on PATH if there is one, else
#                         build the action's own source; build: always build;
#                         path: only the pm on PATH (fail if there is none)
#   PM_WORKING_DIRECTORY  folder (relative to $GITHUB_WORKSPACE) to run pm in
#   PM_CHANGED_SINCE      git revision to lint changes since; default
#                         origin/$GITHUB_BASE_REF on pull requests; `all` (or
#                         no base at all, as on a push) lints every post-mortem
#   PM_FAIL_ON            error (default) | warning | never
#   PM_ARGS               extra arguments for `pm lint`, split on whitespace
# And what the runner sets: GITHUB_ACTION_PATH, GITHUB_WORKSPACE,
# GITHUB_BASE_REF, GITHUB_PATH, RUNNER_TEMP.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"

# A message for the job log: as a workflow command, so it stands out.
# (Values are escaped the way GitHub's workflow commands require.)
say() {
  local level="$1"
  shift
  local text="$*"
  text="${text//'%'/%25}"
  text="${text//$'\r'/%0D}"
  text="${text//$'\n'/%0A}"
  echo "::${level}::${text}"
}

install_root() {
  echo "${PM_INSTALL_ROOT:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pm-action}"
}

# The cache key of a build: the runner's system and a hash of the action's
# source, so a cached pm is reused only for the very same source. And
# whether the install step may build at all (not when it will use the pm
# already on PATH), so the cache step runs only then.
key() {
  local hash
  hash="$(cd "$action_path" && find . \( -path ./target -o -path ./.git \) -prune -o -type f -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)"
  local key="pm-action-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-${hash}"
  local build=true
  if [ "${PM_INSTALL:-auto}" = auto ] && command -v pm >/dev/null 2>&1; then
    build=false
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'key=%s\nbuild=%s\n' "$key" "$build" >> "$GITHUB_OUTPUT"
  fi
  echo "$key"
}

install() {
  local mode="${PM_INSTALL:-auto}"
  case "$mode" in
    auto | build | path) ;;
    *)
      say error "pm action: install must be auto, build or path, not '${mode}'"
      exit 2
      ;;
  esac
  if [ "$mode" != build ] && command -v pm >/dev/null 2>&1; then
    echo "pm action: using $(command -v pm) ($(pm --version))"
    return 0
  fi
  if [ "$mode" = path ]; then
    say error "pm action: install is 'path' but there is no pm on PATH; install pm in an earlier step, or use install: auto"
    exit 2
  fi
  # Into a folder of its own (the runner's temporary folder by default), so
  # nothing is written to the workspace being linted. The cache step may
  # have restored a build of this same source there.
  local root version
  root="$(install_root)"
  if [ "$mode" = auto ] && version="$("$root/bin/pm" --version 2>/dev/null)"; then
    add_to_path "$root/bin"
    echo "pm action: using the cached build ${version} in $root/bin"
    return 0
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    say error "pm action: building pm needs cargo, and there is none on PATH; add 'uses: dtolnay/rust-toolchain@stable' before this step, or run the job in pm's container image (docs/ci.md)"
    exit 2
  fi
  if [ ! -f "$action_path/Cargo.toml" ]; then
    say error "pm action: no Cargo.toml in ${action_path}; is GITHUB_ACTION_PATH the action's checkout?"
    exit 2
  fi
  echo "pm action: building pm from ${action_path} (a few minutes the first time)"
  local force=()
  [ "$mode" = build ] && force=(--force)
  cargo install --locked --quiet "${force[@]}" --path "$action_path" --root "$root" --bin pm
  add_to_path "$root/bin"
  echo "pm action: installed $("$root/bin/pm" --version) in $root/bin"
}

# The next steps of the job find pm on PATH.
add_to_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$1" >> "$GITHUB_PATH"
  fi
}

# Make `rev` resolvable in a shallow clone (actions/checkout fetches one
# commit by default): fetch the base branch, one commit deep. pm compares the
# base's tree with the work tree, so the base's history is not needed.
ensure_revision() {
  local rev="$1"
  # A revision is never an option: git would read "--upload-pack=..." as one.
  case "$rev" in
    -*)
      say error "pm action: changed-since '${rev}' is not a git revision (it starts with '-'); give a branch, tag or commit"
      exit 2
      ;;
  esac
  if git rev-parse --verify --quiet "${rev}^{commit}" >/dev/null; then
    return 0
  fi
  local remote="" branch=""
  case "$rev" in
    */*)
      remote="${rev%%/*}"
      branch="${rev#*/}"
      ;;
  esac
  if [ -n "$remote" ] && git remote get-url "$remote" >/dev/null 2>&1; then
    echo "pm action: ${rev} is not in this clone; fetching ${branch} from ${remote}"
    git fetch --quiet --no-tags --depth=1 "$remote" \
      "+refs/heads/${branch}:refs/remotes/${remote}/${branch}" || true
  elif git remote get-url origin >/dev/null 2>&1; then
    echo "pm action: ${rev} is not in this clone; fetching it from origin"
    git fetch --quiet --no-tags --depth=1 origin --end-of-options "$rev" || true
  fi
  if ! git rev-parse --verify --quiet "${rev}^{commit}" >/dev/null; then
    say error "pm action: cannot find the base revision '${rev}' in this clone, and fetching it failed. Give actions/checkout 'fetch-depth: 0', or fetch the base in an earlier step (git fetch origin BRANCH), or set the action's changed-since input to a revision the clone has"
    exit 2
  fi
}

lint() {
  local workspace="${GITHUB_WORKSPACE:-$PWD}"
  local dir="$workspace/${PM_WORKING_DIRECTORY:-.}"
  if ! cd "$dir" 2>/dev/null; then
    say error "pm action: working-directory '${PM_WORKING_DIRECTORY:-.}' is not a folder of the checkout (${dir})"
    exit 2
  fi

  local fail_on="${PM_FAIL_ON:-error}"
  local args=(lint --format github)
  case "$fail_on" in
    error | never) ;;
    warning) args+=(--deny warnings) ;;
    *)
      say error "pm action: fail-on must be error, warning or never, not '${fail_on}'"
      exit 2
      ;;
  esac

  local base="${PM_CHANGED_SINCE:-}"
  if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
    base="origin/${GITHUB_BASE_REF}"
  fi
  if [ -z "$base" ] || [ "$base" = all ]; then
    echo "pm action: no base revision (not a pull request): linting every post-mortem"
  else
    ensure_revision "$base"
    echo "pm action: linting the post-mortems changed since ${base}"
    args+=(--changed-since "$base")
  fi
  if [ -n "${PM_ARGS:-}" ]; then
    local extra
    read -r -a extra <<< "$PM_ARGS"
    args+=("${extra[@]}")
  fi

  local code=0
  pm "${args[@]}" || code=$?
  case "$code" in
    0) echo "pm action: no errors" ;;
    1)
      if [ "$fail_on" = never ]; then
        echo "pm action: findings reported as annotations; fail-on is 'never', so the step passes"
        code=0
      else
        echo "pm action: findings reported as annotations"
      fi
      ;;
    *) say error "pm action: pm lint could not run (exit ${code}); see its message above" ;;
  esac
  exit "$code"
}

case "${1:-}" in
  key) key ;;
  install) install ;;
  lint) lint ;;
  *)
    echo "usage: $0 key|install|lint" >&2
    exit 2
    ;;
esac
