#!/usr/bin/env bash
# How long from saving a note to seeing it in the `oneonone watch` dashboard.
#
#   bench/watch-latency.sh DIR        (DIR: a notes repository, e.g. from
#                                      cargo run --release --example gen_corpus -- DIR 1000 100)
#
# Starts `oneonone watch --dashboard` on DIR, waits for the first dashboard,
# then N times appends a new open item to one note and measures the time
# until the dashboard lists it. The note is restored afterwards. Prints one
# Markdown line for the README. BIN overrides the binary
# (default target/release/oneonone), N the number of saves (default 20);
# VERBOSE=1 also prints every latency to stderr; WATCH_ARGS adds flags to
# `watch` (e.g. WATCH_ARGS="--poll --interval 200").
set -euo pipefail

dir=${1:?usage: bench/watch-latency.sh DIR}
dir=$(cd "$dir" && pwd)
bin=${BIN:-target/release/oneonone}
saves=${N:-20}
[[ -x $bin ]] || { echo "no binary at $bin (cargo build --release, or set BIN)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed for timing" >&2; exit 2; }

# The latest note of the first person folder that has one.
note=
for person_dir in "$dir"/*/; do
    latest=$(find "$person_dir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*.md' | sort | tail -n 1)
    if [[ -n $latest ]]; then note=$latest; break; fi
done
[[ -n $note ]] || { echo "no note found in $dir" >&2; exit 2; }

work=$(mktemp -d)
dashboard=$work/dashboard.md
cp -p "$note" "$work/original"
watcher=
cleanup() {
    [[ -n $watcher ]] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
    cp -p "$work/original" "$note"
    rm -rf "$work"
}
trap cleanup EXIT

# shellcheck disable=SC2086 # WATCH_ARGS is a list of flags, e.g. "--poll --interval 200"
"$bin" --dir "$dir" --quiet watch --dashboard "$dashboard" ${WATCH_ARGS:-} >"$work/out" 2>"$work/err" &
watcher=$!

python3 - "$dashboard" "$note" "$saves" "$dir" "$watcher" "${WATCH_ARGS:-}" <<'PY'
import os, statistics, sys, time

dashboard, note, saves, repo, pid, args = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]

def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

def read():
    try:
        with open(dashboard, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        return None

start = time.monotonic()
while read() is None:
    if not alive():
        sys.exit("oneonone watch exited before writing the dashboard")
    if time.monotonic() - start > 600:
        sys.exit("no dashboard after 10 minutes")
    time.sleep(0.01)

token = f"{os.getpid()}-{int(time.time())}"
latencies = []
for i in range(saves):
    text = f"Latency probe {token} {i}"
    with open(note, "a", encoding="utf-8") as f:
        f.write(f"- [ ] @me {text}\n")
    saved = time.monotonic()
    while True:
        content = read()
        if content is not None and text in content:
            break
        if time.monotonic() - saved > 30:
            sys.exit(f"save {i} never reached the dashboard")
        time.sleep(0.001)
    latencies.append((time.monotonic() - saved) * 1000)
    time.sleep(0.2)  # let the batch settle so saves do not merge

if os.environ.get("VERBOSE"):
    print(" ".join(f"{l:.0f}" for l in latencies), file=sys.stderr)
print(
    f"watch: save → dashboard median {statistics.median(latencies):.0f} ms, "
    f"max {max(latencies):.0f} ms over {saves} saves on {repo} "
    f"({', '.join(filter(None, [args, '' if '--debounce' in args else 'debounce 100 ms']))})."
)
PY
