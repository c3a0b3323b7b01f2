#!/usr/bin/env bash
# Concurrent writers against one database, with SIGKILLs under load (issue 16): the proof
# behind "nothing was lost and nothing was locked", rerun on demand. Not run by CI (it takes
# minutes), and it writes nothing into the repository: its figures are printed, for
# BENCHMARKS.md.
#
#   bash benches/concurrency.sh
#
# Builds the release binary, then starts WRITERS processes at once, each running WRITES_EACH
# `claims add TEXT --by SOURCE` commands one after another against one new database (each a
# claim and its first statement, in one transaction; the first of each writer races the others
# to create the shared outlet). Meanwhile a killer sends SIGKILL to one running `claims`
# process, chosen in turn among the writers, every KILL_EVERY seconds. Then it checks the
# database and prints:
#
#   writes/s        commands that exited 0, per second of wall time
#   p50, p99, max   latency of one such command (process start to exit), in milliseconds
#   lost            commands that exited 0 whose claim is not in the database
#   torn            claims in the database without their statement (a killed write half-done)
#   locked          commands that failed with "database is locked"
#   other failures  commands that failed otherwise (not killed)
#   integrity_check and `claims rebuild --check` on the result
#
# Environment (all optional):
#   WRITERS       processes writing at once (8)
#   WRITES_EACH   commands each writer runs (12500)
#   KILL_EVERY    seconds between two SIGKILLs; 0 kills nothing (5)
#   BENCH_DIR     where the database and logs go (a new temporary directory, kept)
#
# Needs bash 5 ($EPOCHREALTIME), coreutils and awk. Exit code 1 if anything was lost, torn or
# locked, or a check failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

WRITERS=${WRITERS:-8}
WRITES_EACH=${WRITES_EACH:-12500}
KILL_EVERY=${KILL_EVERY:-5}
DIR=${BENCH_DIR:-$(mktemp -d -t claims-concurrency-XXXXXX)}
mkdir -p "$DIR"

cargo build --release --quiet
BIN=$PWD/target/release/claims
DB=$DIR/concurrency.db
rm -f "$DB" "$DB-wal" "$DB-shm" "$DIR"/writer-*.log "$DIR"/current-* "$DIR"/kills.log

export CLAIMS_DB=$DB CLAIMS_ACTOR=bench NO_COLOR=1

# One writer: every command's latency (µs), exit code and first stderr line, one line each.
writer() {
    local w=$1 log=$DIR/writer-$1.log k start end rc pid err
    for ((k = 1; k <= WRITES_EACH; k++)); do
        start=$EPOCHREALTIME
        "$BIN" add "Crane $k of pier $w was moved overnight, dock shift $((k % 97)) says" \
            --by "Pier $w foreman" --via "Dockside Radio" --at 2024-05-02 \
            >/dev/null 2>"$DIR/err-$w" &
        pid=$!
        echo "$pid" >"$DIR/current-$w"
        rc=0
        wait "$pid" 2>/dev/null || rc=$?
        end=$EPOCHREALTIME
        err=$(head -c 300 "$DIR/err-$w" | grep -v '^note:\|^warning:' | head -1 || true)
        echo "$(( (${end/./} - ${start/./}) )) $rc $k ${err//$'\n'/ }" >>"$log"
    done
    rm -f "$DIR/current-$w"
}

# The killer: SIGKILL to the command a writer is running now, the writers taken in turn. Only
# processes this script started, and only while they are still this binary.
killer() {
    local turn=0 pid
    while :; do
        sleep "$KILL_EVERY"
        local any=0
        for ((i = 0; i < WRITERS; i++)); do
            local w=$(( (turn + i) % WRITERS ))
            [[ -f $DIR/current-$w ]] || continue
            any=1
            pid=$(cat "$DIR/current-$w" 2>/dev/null || true)
            if [[ -n $pid && $(readlink "/proc/$pid/exe" 2>/dev/null) == "$BIN" ]]; then
                kill -KILL "$pid" 2>/dev/null && echo "$w $pid" >>"$DIR/kills.log"
                break
            fi
        done
        turn=$((turn + 1))
        ((any)) || break
    done
}

# The database exists before the race, as a team's shared file would.
"$BIN" source add "Dockside Radio" --kind outlet >/dev/null 2>&1

echo "claims concurrency: $WRITERS writers × $WRITES_EACH writes, SIGKILL every ${KILL_EVERY}s, in $DIR" >&2
began=$EPOCHREALTIME
pids=()
for ((w = 0; w < WRITERS; w++)); do
    : >"$DIR/current-$w"
    writer "$w" &
    pids+=($!)
done
killer_pid=
if [[ $KILL_EVERY != 0 ]]; then
    killer &
    killer_pid=$!
fi
for pid in "${pids[@]}"; do wait "$pid"; done
ended=$EPOCHREALTIME
if [[ -n $killer_pid ]]; then kill "$killer_pid" 2>/dev/null || true; wait "$killer_pid" 2>/dev/null || true; fi

# What the database holds: every claim's text and statement count.
"$BIN" list --limit 100000000 --format json >"$DIR/list.json"
grep -o '"text": *"[^"]*"' "$DIR/list.json" | sed 's/^"text": *"//; s/"$//' | sort >"$DIR/stored.txt"
torn=$(grep -c '"statements": *0' "$DIR/list.json" || true)

# What each writer was told: the texts of the commands that exited 0.
for ((w = 0; w < WRITERS; w++)); do
    awk -v w="$w" '$2 == 0 { print "Crane " $3 " of pier " w " was moved overnight, dock shift " ($3 % 97) " says" }' \
        "$DIR/writer-$w.log"
done | sort >"$DIR/acknowledged.txt"
lost=$(comm -23 "$DIR/acknowledged.txt" "$DIR/stored.txt" | wc -l)

cat "$DIR"/writer-*.log >"$DIR/all.log"
attempted=$(wc -l <"$DIR/all.log")
succeeded=$(awk '$2 == 0' "$DIR/all.log" | wc -l)
killed=$(awk '$2 == 137' "$DIR/all.log" | wc -l)
locked=$(grep -c 'database is locked' "$DIR/all.log" || true)
other=$(awk '$2 != 0 && $2 != 137' "$DIR/all.log" | grep -vc 'database is locked' || true)
kills=0
[[ -f $DIR/kills.log ]] && kills=$(wc -l <"$DIR/kills.log")
killed_kept=$(for ((w = 0; w < WRITERS; w++)); do
    awk -v w="$w" '$2 == 137 { print "Crane " $3 " of pier " w " was moved overnight, dock shift " ($3 % 97) " says" }' \
        "$DIR/writer-$w.log"
done | sort | comm -12 - "$DIR/stored.txt" | wc -l)

awk '$2 == 0 { print $1 }' "$DIR/all.log" | sort -n >"$DIR/latencies.txt"
pct() { awk -v p="$1" '{ a[NR] = $1 } END { if (NR == 0) { print "-"; exit } i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f", a[i] / 1000 }' "$DIR/latencies.txt"; }
seconds=$(awk -v a="$began" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
rate=$(awk -v n="$succeeded" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')

# SQLite's own check of the file, through whichever SQLite is at hand.
integrity="not checked (neither sqlite3 nor python3 found)"
if command -v sqlite3 >/dev/null; then
    integrity=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1 | head -1)
elif command -v python3 >/dev/null; then
    integrity=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$DB" 2>&1 | tail -1)
fi
rebuild=ok
"$BIN" rebuild --check >"$DIR/rebuild.txt" 2>&1 || rebuild="FAILED (see $DIR/rebuild.txt)"

cat <<EOF
| figure | value |
|---|---|
| writers × writes | $WRITERS × $WRITES_EACH = $attempted commands |
| wall time | $seconds s |
| writes/s (exited 0) | $rate |
| latency of a write, p50 / p99 / max | $(pct 50) / $(pct 99) / $(pct 100) ms |
| exited 0 | $succeeded |
| SIGKILLs sent / commands killed | $kills / $killed ($killed_kept of them had committed) |
| lost (exited 0, claim missing) | $lost |
| torn (claim without its statement) | $torn |
| "database is locked" | $locked |
| other failures | $other |
| integrity_check | $integrity |
| rebuild --check | $rebuild |
EOF

if [[ $lost != 0 || $torn != 0 || $locked != 0 || $other != 0 || $rebuild != ok ]] \
    || [[ $integrity != ok && $integrity != not* ]]; then
    exit 1
fi
