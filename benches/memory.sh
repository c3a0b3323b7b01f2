#!/usr/bin/env bash
# Peak memory of the listings (issue 16, item 5): `claims log`, `list` and `sources`, as a table
# and as JSON, on a small and a large database, so that BENCHMARKS.md can show that memory stays
# flat in the size of the database. Not run by CI.
#
#   bash benches/memory.sh
#
# Builds the release binary and the example gen_bench_db, makes the two databases once in
# bench-data/ (reused after; delete them to make new ones), then runs each command under GNU time
# with stdout to /dev/null and prints a Markdown table of the peak resident set size ("Maximum
# resident set size"), the best of BENCH_RSS_RUNS runs, with the wall time of that run and the
# bytes each command writes.
#
# Environment (all optional):
#   MEMORY_SMALL  claims,statements of the small database (2500,7000: about 10,500 events)
#   MEMORY_LARGE  claims,statements of the large database (240000,680000: about 1,000,000
#                 events; some 15 minutes to make on two busy cores)
#   BENCH_RSS_RUNS  runs of each command (3)
#   CLAIMS_BEFORE   another claims binary (an older build) measured beside this one
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

SMALL=${MEMORY_SMALL:-2500,7000}
LARGE=${MEMORY_LARGE:-240000,680000}
RUNS=${BENCH_RSS_RUNS:-3}
DATA=bench-data
TARGET=${CARGO_TARGET_DIR:-target}
GEN=$TARGET/release/examples/gen_bench_db

log() { printf '==> %s\n' "$*" >&2; }

[[ -x /usr/bin/time ]] || {
    echo "GNU time is needed at /usr/bin/time (apt-get install time)" >&2
    exit 1
}

log "cargo build --release --bin claims --example gen_bench_db"
cargo build --release --quiet --bin claims --example gen_bench_db
mkdir -p "$DATA/bin"
# A copy, so that a rebuild while this runs cannot swap the binary between runs.
BIN=$DATA/bin/claims-memory
cp "$TARGET/release/claims" "$BIN"

database() { # claims,statements -> path (made if missing)
    local claims=${1%,*} statements=${1#*,}
    local db=$DATA/memory-$claims-$statements.db
    if [[ ! -f $db ]]; then
        log "making $db ($claims claims, $statements statements)"
        "$GEN" "$db" "$claims" "$statements" >&2
    fi
    echo "$db"
}

# Peak RSS in KiB, wall seconds and bytes written of the best (lowest peak) of $RUNS runs.
peak() { # binary db args...
    local bin=$1 db=$2
    shift 2
    local best_kib='' best_wall='' bytes=''
    for _ in $(seq "$RUNS"); do
        local report
        report=$(mktemp)
        /usr/bin/time -v -o "$report" "$bin" --db "$db" "$@" > "$DATA/memory-out" 2>/dev/null
        local kib wall
        kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$report")
        rm -f "$report"
        if [[ -z $best_kib || $kib -lt $best_kib ]]; then
            best_kib=$kib
            best_wall=$wall
        fi
        bytes=$(stat -c %s "$DATA/memory-out")
    done
    rm -f "$DATA/memory-out"
    echo "$best_kib $best_wall $bytes"
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

SMALL_DB=$(database "$SMALL")
LARGE_DB=$(database "$LARGE")
count_events() { # db -> number of events, through the binary itself
    "$BIN" --db "$1" log --format json | grep -c '^    "uuid"'
}

BINARIES=("$BIN")
NAMES=("this build")
if [[ -n ${CLAIMS_BEFORE:-} ]]; then
    BINARIES=("$CLAIMS_BEFORE" "$BIN")
    NAMES=("before ($CLAIMS_BEFORE)" "this build")
fi

echo "Peak memory (maximum resident set size, best of $RUNS runs; stdout to /dev/null), commit"
echo "$(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u +%Y-%m-%d):"
echo
for db in "$SMALL_DB" "$LARGE_DB"; do
    echo "- \`$db\`: $(count_events "$db") events"
done
echo
echo "| command | binary | small: peak | small: time | large: peak | large: time | large: output |"
echo "|---|---|---:|---:|---:|---:|---:|"
for args in "log" "log --format json" "list" "list --format json" "sources" "sources --format json"; do
    for i in "${!BINARIES[@]}"; do
        read -r small_kib small_wall _ <<< "$(peak "${BINARIES[$i]}" "$SMALL_DB" $args)"
        read -r large_kib large_wall large_bytes <<< "$(peak "${BINARIES[$i]}" "$LARGE_DB" $args)"
        printf '| `claims %s` | %s | %s | %s | %s | %s | %s |\n' "$args" "${NAMES[$i]}" \
            "$(mib "$small_kib")" "$small_wall" "$(mib "$large_kib")" "$large_wall" \
            "$(awk -v b="$large_bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
    done
done
