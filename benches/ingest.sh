#!/usr/bin/env bash
# Speed and memory of `claims ingest` (issue 11, "Measured"): a 5,000-word report should be read
# in under 50 ms, and a report far larger than any real one (50 MB) either refused with one line
# or read with memory that does not grow with it. Not run by CI.
#
#   bash benches/ingest.sh
#
# Builds the release binary, makes the inputs in bench-data/ingest/ from the team's own reports in
# ingest-reports/ (repeated until long enough), then prints a Markdown table: wall time of
# `claims ingest FILE --format json` (no database is touched without --apply; best of
# BENCH_RUNS runs), peak resident set size (GNU time), exit status and the first line of stderr.
#
# Environment (all optional):
#   BENCH_RUNS  runs of each command (5)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-5}
DATA=bench-data/ingest
TARGET=${CARGO_TARGET_DIR:-target}
CLAIMS=$TARGET/release/claims

log() { printf '==> %s\n' "$*" >&2; }

[[ -x /usr/bin/time ]] || {
    echo "GNU time is needed at /usr/bin/time (apt-get install time)" >&2
    exit 1
}

log "cargo build --release --bin claims"
cargo build --release --quiet --bin claims
mkdir -p "$DATA"

# A report of about WORDS words: a headline, then the paragraphs of the team's reports (their
# own headlines dropped) repeated in order.
make_report() {
    local words=$1 out=$2
    [[ -s $out ]] && return
    {
        echo "Harbour report for the benchmark"
        echo
        local n=0
        while ((n < words)); do
            for f in ingest-reports/*.txt; do
                tail -n +2 "$f"
                echo
                n=$((n + $(tail -n +2 "$f" | wc -w)))
                ((n >= words)) && break
            done
        done
    } >"$out"
}

# A file of about MB megabytes, made of the 5,000-word report repeated.
make_big() {
    local mb=$1 out=$2
    [[ -s $out ]] && return
    local unit=$DATA/report-5000.txt size
    size=$(stat -c %s "$unit")
    : >"$out"
    local target=$((mb * 1000 * 1000))
    while (($(stat -c %s "$out") < target)); do
        cat "$unit" >>"$out"
    done
    truncate -s "$target" "$out"
}

make_report 5000 "$DATA/report-5000.txt"
make_report 1000 "$DATA/report-1000.txt"
make_big 1 "$DATA/report-1mb.txt"
make_big 4 "$DATA/report-4mb.txt"
make_big 8 "$DATA/report-8mb.txt"
make_big 50 "$DATA/report-50mb.txt"

# One row: best wall time of RUNS runs, the peak RSS of that run, the exit status, stderr's
# first line.
measure() {
    local label=$1 file=$2
    local best_ms="" best_kb="" status="" first="" words
    words=$(wc -w <"$file")
    for ((i = 0; i < RUNS; i++)); do
        local err=$DATA/stderr time_out=$DATA/time
        local start end ms kb
        start=$(date +%s%N)
        set +e
        /usr/bin/time -f '%M' -o "$time_out" "$CLAIMS" --db "$DATA/unused.db" ingest "$file" \
            --format json >/dev/null 2>"$err"
        status=$?
        set -e
        end=$(date +%s%N)
        ms=$(((end - start) / 1000000))
        kb=$(tail -n 1 "$time_out")
        first=$(head -n 1 "$err")
        if [[ -z $best_ms || $ms -lt $best_ms ]]; then
            best_ms=$ms
            best_kb=$kb
        fi
    done
    printf '| %s | %s | %s | %d ms | %d MiB | %s | %s |\n' "$label" \
        "$(du -h "$file" | cut -f1)" "$words" "$best_ms" "$((best_kb / 1024))" "$status" \
        "${first:-}"
}

echo
echo "| input | size | words | wall (best of $RUNS) | peak RSS | exit | stderr |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
measure "1,000-word report" "$DATA/report-1000.txt"
measure "5,000-word report" "$DATA/report-5000.txt"
measure "1 MB of reports" "$DATA/report-1mb.txt"
measure "4 MB of reports" "$DATA/report-4mb.txt"
measure "8 MB of reports (just under the limit)" "$DATA/report-8mb.txt"
measure "50 MB file" "$DATA/report-50mb.txt"
rm -f "$DATA/unused.db"
