#!/usr/bin/env bash
# Runs every command on a copy of examples/notes with two builds of
# oneonone and fails if any output differs: stdout, stderr, exit code, and
# for the commands that write, every file of the repository afterwards.
# Use it around a change that must not change behaviour:
#
#   cargo build --release && cp target/release/oneonone /tmp/oneonone-old
#   ... change the code ...
#   cargo build --release && tests/same-output.sh /tmp/oneonone-old target/release/oneonone
#
# Both builds run in the same temporary folder, so paths in the output agree;
# HOME and XDG_CACHE_HOME point inside it, so nothing of the user's is read.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
examples=$(realpath "$(dirname "$0")/../examples/notes")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Under one name, since --help and man print the name they were run by.
mkdir -p "$work/old-bin" "$work/new-bin"
cp "$1" "$work/old-bin/oneonone"
cp "$2" "$work/new-bin/oneonone"
old=$work/old-bin/oneonone
new=$work/new-bin/oneonone

people="alice bob carol dave erin"
# One command a line; `{}` runs against a fresh copy of the repository.
read_commands() {
    cat <<'EOF'
status
status --json
status --fail-on overdue
--color always status
gaps
gaps --json
gaps alice --since 2026-10-01
gaps alice --json
actions
actions --all
actions --json
actions --all --json
actions --owner me
actions --owner alice --all
actions alice
people
check
check --json
calendar
calendar --weeks 8
templates list
templates show default
templates show peer
log nobody
prep alise
index --json
index
watch --once --dashboard DASHBOARD.md
watch --once
completions bash
completions zsh
completions fish
man
--help
EOF
    for p in $people; do
        echo "log $p"
        echo "log $p --json"
        echo "prep $p"
    done
    for c in init new topic status gaps log people index templates actions done prep check calendar report watch completions man; do
        echo "$c --help"
    done
}
write_commands() {
    cat <<'EOF'
new alice --no-edit
new carol --no-edit
new bob --no-edit --no-carry
new "Fay Lin" --no-edit --kind peer
new alice --no-edit --date 2026-11-24
topic bob Payments incident follow-up
done alice promotion packet
done alice nothing like this
init
report --html report.html
watch --once --dashboard DASHBOARD.md
EOF
}

# run BINARY OUT: every command, each on a fresh copy at the same path.
run() {
    local bin=$1 out=$2 n=0
    mkdir -p "$out"
    while IFS= read -r cmd; do
        n=$((n + 1))
        rm -rf "$work/repo" "$work/home"
        cp -r "$examples" "$work/repo"
        mkdir -p "$work/home"
        (
            cd "$work/repo"
            eval "set -- $cmd"
            set +e
            HOME="$work/home" XDG_CACHE_HOME="$work/home/cache" NO_COLOR= \
                "$bin" --dir "$work/repo" --today 2026-11-25 "$@" \
                </dev/null >"$out/$n.stdout" 2>"$out/$n.stderr"
            echo "$cmd => $?" >"$out/$n.code"
            # What the command left in the repository (the cache lives in HOME).
            find . -type f ! -name '.oneonone-lock' | LC_ALL=C sort | while IFS= read -r f; do
                echo "== $f"
                cat "$f"
            done >"$out/$n.tree"
        )
    done < <(read_commands; write_commands)
}

run "$old" "$work/old"
run "$new" "$work/new"
if diff -r "$work/old" "$work/new" >"$work/diff"; then
    echo "same output: $(ls "$work/old" | grep -c code) commands"
else
    cat "$work/diff"
    echo "outputs differ" >&2
    exit 1
fi
