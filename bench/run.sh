#!/usr/bin/env bash
# Benchmarks oneonone on generated corpora (docs/performance.md), side by side with
# ripgrep in one run, and writes bench/results.md.
#
#   bench/run.sh            # 1k, 10k and 100k notes
#   SIZES="1000" bench/run.sh
#   BASELINE=/path/to/an/older/oneonone bench/run.sh   # adds a paired row
#
# Corpora are generated once into $BENCH_DIR (default /tmp/oneonone-bench)
# and reused; delete the folder to regenerate.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
    command -v "$1" >/dev/null 2>&1 && return
    echo "installing $2" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "$2" >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq "$2" >/dev/null; fi
}
need hyperfine hyperfine
need rg ripgrep
need /usr/bin/time time

cargo build --release --quiet --bin oneonone --example gen_corpus
BIN=$PWD/target/release/oneonone
GEN=$PWD/target/release/examples/gen_corpus
WORK=${BENCH_DIR:-/tmp/oneonone-bench}
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-10}
TODAY=2026-11-25
export ONEONONE_TODAY=$TODAY NO_COLOR=1
mkdir -p "$WORK/json"

corpus() { # SIZE -> dir; 100 notes per person
    local size=$1 dir=$WORK/corpus-$1
    if [ ! -d "$dir/.git" ]; then
        rm -rf "$dir"
        "$GEN" "$dir" $((size / 100 > 0 ? size / 100 : 1)) $((size < 100 ? size : 100)) 7 2>/dev/null
        git -C "$dir" init -q
        # Fresh files are still being written back: timings taken meanwhile
        # measure the disk, not the tool.
        sync
    fi
    echo "$dir"
}

# mean seconds of command NAME in a hyperfine JSON export
mean() { python3 -c 'import json,sys; r={x["command"]:x["mean"] for x in json.load(open(sys.argv[1]))["results"]}; print(r[sys.argv[2]])' "$1" "$2"; }

results=$WORK/results.md
{
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM; $(date -u +%Y-%m-%d)."
    echo
    echo "| notes | rg -c | status cold | ratio | status warm | ratio | actions --json cold / warm | gaps --json cold / warm |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$results"

for size in $SIZES; do
    dir=$(corpus "$size")
    cache=$dir/.git/oneonone
    json=$WORK/json/$size.json
    # hyperfine wants one --prepare per command, in order: cold runs drop
    # the cache first, warm runs make sure it exists.
    cold="rm -rf $cache"
    warm="$BIN --dir $dir index"
    hyperfine --style basic --shell none --runs "$RUNS" --warmup 1 --export-json "$json" \
        -n rg --prepare true "rg -c '^\s*- \[ \]' $dir" \
        -n status-cold --prepare "$cold" "$BIN --dir $dir status" \
        -n status-warm --prepare "$warm" "$BIN --dir $dir status" \
        -n actions-cold --prepare "$cold" "$BIN --dir $dir actions --json" \
        -n actions-warm --prepare "$warm" "$BIN --dir $dir actions --json" \
        -n gaps-cold --prepare "$cold" "$BIN --dir $dir gaps --json" \
        -n gaps-warm --prepare "$warm" "$BIN --dir $dir gaps --json" >&2
    python3 - "$json" "$size" >> "$results" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
ms = lambda s: f"{s * 1000:.0f} ms"
rg = r["rg"]
print(f"| {int(sys.argv[2]):,} | {ms(rg)} | {ms(r['status-cold'])} | {r['status-cold'] / rg:.2f}× "
      f"| {ms(r['status-warm'])} | {r['status-warm'] / rg:.2f}× "
      f"| {ms(r['actions-cold'])} / {ms(r['actions-warm'])} | {ms(r['gaps-cold'])} / {ms(r['gaps-warm'])} |")
PY
done

# `new` reads only the person's folder: 100k-note repository vs a 10-note one.
big=$(corpus "${SIZES##* }")
small=$WORK/corpus-small
if [ ! -d "$small/.git" ]; then rm -rf "$small"; "$GEN" "$small" 1 10 7 2>/dev/null; git -C "$small" init -q; fi
hyperfine --style basic --shell none --runs $((RUNS * 2)) --warmup 2 --export-json "$WORK/json/new.json" \
    -n new-big --prepare "rm -f $big/person-0000/2026-11-26.md" "$BIN --dir $big new person-0000 --date 2026-11-26 --no-edit" \
    -n new-small --prepare "rm -f $small/person-0000/2026-11-26.md" "$BIN --dir $small new person-0000 --date 2026-11-26 --no-edit" >&2
rm -f "$big/person-0000/2026-11-26.md" "$small/person-0000/2026-11-26.md"
new_big=$(mean "$WORK/json/new.json" new-big)
new_small=$(mean "$WORK/json/new.json" new-small)

# Peak memory of a cold `status` on the largest corpus.
rm -rf "$big/.git/oneonone"
rss_kb=$(/usr/bin/time -v "$BIN" --dir "$big" status 2>&1 >/dev/null | awk -F: '/Maximum resident/{gsub(/ /,"",$2); print $2}')

{
    echo
    python3 -c "import sys; b,s=float(sys.argv[1]),float(sys.argv[2]); print(f'\`new\` on {sys.argv[3]} notes: {b*1000:.1f} ms; on 10 notes: {s*1000:.1f} ms; ratio {b/s:.2f}×.')" "$new_big" "$new_small" "${SIZES##* }"
    echo
    python3 -c "import sys; print(f'Peak RSS of cold \`status\` on {sys.argv[1]} notes: {int(sys.argv[2]) / 1024:.1f} MB.')" "${SIZES##* }" "$rss_kb"
} >> "$results"

# Another build (an older release, the commit before a change) against this
# one on the largest corpus, paired in one run.
if [ -n "${BASELINE:-}" ]; then
    hyperfine --style basic --shell none --runs $((RUNS * 2)) --warmup 2 --export-json "$WORK/json/baseline.json" \
        -n base-cold --prepare "rm -rf $big/.git/oneonone" "$BASELINE --dir $big status" \
        -n this-cold --prepare "rm -rf $big/.git/oneonone" "$BIN --dir $big status" \
        -n base-warm --prepare "$BASELINE --dir $big index" "$BASELINE --dir $big status" \
        -n this-warm --prepare "$BIN --dir $big index" "$BIN --dir $big status" >&2
    python3 - "$WORK/json/baseline.json" "$BASELINE" >> "$results" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ms = lambda x: f"{x['mean'] * 1000:.0f} ms (user {x['user'] * 1000:.0f} ms)"
print()
print(f"This build against `{sys.argv[2]}`, `status` on the largest corpus: "
      f"cold {ms(r['this-cold'])} vs {ms(r['base-cold'])}, "
      f"{r['this-cold']['mean'] / r['base-cold']['mean']:.2f}×; "
      f"warm {ms(r['this-warm'])} vs {ms(r['base-warm'])}, "
      f"{r['this-warm']['mean'] / r['base-warm']['mean']:.2f}×.")
PY
fi

# Several repositories in one table: `status` over 10 repositories of a
# tenth of the largest size each (several `--dir`), against the largest one.
total=${SIZES##* }
per=$((total / 10))
teams=()
for i in $(seq 0 9); do
    team=$WORK/teams-$per/team-$i
    if [ ! -d "$team/.git" ]; then
        rm -rf "$team"
        "$GEN" "$team" $((per / 100 > 0 ? per / 100 : 1)) $((per < 100 ? per : 100)) $((7 + i)) 2>/dev/null
        git -C "$team" init -q
        sync
    fi
    teams+=("$team")
done
dirs=$(printf -- '--dir %s ' "${teams[@]}")
caches=$(printf -- '%s/.git/oneonone ' "${teams[@]}")
hyperfine --style basic --shell none --runs "$RUNS" --warmup 1 --export-json "$WORK/json/teams.json" \
    -n one-cold --prepare "rm -rf $big/.git/oneonone" "$BIN --dir $big status" \
    -n teams-cold --prepare "rm -rf $caches" "$BIN $dirs status" \
    -n one-warm --prepare "$BIN --dir $big index" "$BIN --dir $big status" \
    -n teams-warm --prepare "$BIN $dirs status" "$BIN $dirs status" >&2
python3 - "$WORK/json/teams.json" "$total" "$per" >> "$results" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
ms = lambda s: f"{s * 1000:.0f} ms"
total, per = int(sys.argv[2]), int(sys.argv[3])
print()
print(f"`status` over 10 repositories of {per:,} notes (10 × `--dir`): "
      f"cold {ms(r['teams-cold'])}, {r['teams-cold'] / r['one-cold']:.2f}× one {total:,}-note "
      f"repository ({ms(r['one-cold'])}); warm {ms(r['teams-warm'])}, "
      f"{r['teams-warm'] / r['one-warm']:.2f}× ({ms(r['one-warm'])}).")
PY

# Answers from a running `watch` (served through its socket), and a dead
# socket left behind (every command must fall back at once).
sock=$big/.git/oneonone/index.sock
"$BIN" --dir "$big" index >/dev/null 2>&1
"$BIN" --dir "$big" watch >/dev/null 2>&1 &
watcher=$!
# The socket opens once the first full read is done.
for _ in $(seq 300); do [ -S "$sock" ] && break; sleep 0.1; done
[ -S "$sock" ] || { echo "watch never opened $sock" >&2; exit 1; }
hyperfine --style basic --shell none --runs "$RUNS" --warmup 2 --export-json "$WORK/json/served.json" \
    -n rg "rg -c '^\s*- \[ \]' $big" \
    -n served "$BIN --dir $big status --require-server" \
    -n unserved "$BIN --dir $big status --no-server" >&2
# Peak memory of the watch holding the whole index, after it has read
# everything and answered the queries above.
watch_hwm_kb=$(awk '/^VmHWM:/{print $2}' "/proc/$watcher/status")
kill "$watcher"; wait "$watcher" 2>/dev/null || true
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.close()' "$sock"
hyperfine --style basic --shell none --runs "$RUNS" --warmup 1 --export-json "$WORK/json/dead.json" \
    -n dead "$BIN --dir $big status" \
    -n unserved "$BIN --dir $big status --no-server" >&2
rm -f "$sock"
python3 - "$WORK/json/served.json" "$WORK/json/dead.json" "$watch_hwm_kb" "${SIZES##* }" >> "$results" <<'PY'
import json, sys
served = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
dead = {x["command"]: x["mean"] for x in json.load(open(sys.argv[2]))["results"]}
ms = lambda s: f"{s * 1000:.0f} ms"
print()
print(f"`status` with `watch` running (served): {served['served'] * 1000:.1f} ms, "
      f"{served['served'] / served['rg']:.2f}× rg ({ms(served['rg'])}); "
      f"read from the files (warm cache): {ms(served['unserved'])}.")
print()
print(f"Peak RSS of `watch` holding the index of {sys.argv[4]} notes: {int(sys.argv[3]) / 1024:.1f} MB.")
print()
print(f"`status` against a dead socket: {ms(dead['dead'])}, "
      f"{(dead['dead'] - dead['unserved']) * 1000:+.0f} ms against `--no-server` ({ms(dead['unserved'])}).")
PY

if [ -x bench/watch-latency.sh ]; then bench/watch-latency.sh "$big" >> "$results"; fi

cp "$results" bench/results.md
cat bench/results.md
