#!/usr/bin/env bash
# How fast the story page (`claims export --format html`) loads in headless Chromium:
#
#   bash benches/page.sh            # BENCH_PAGE_RUNS=10 by default
#
# Runs the page tests of tests/html_page.rs (a release build) BENCH_PAGE_RUNS times. Each
# loads a page in Chromium and prints the page's own figure, `performance.now()` at its load
# event with layout forced (`<html data-loaded-ms>`): the seed story, and a 1,000-claim page
# (1.5 MB). Prints the median and range of each; the target is under 1,000 ms for both. The
# time is the page's, in the browser, so there is no baseline process to set beside it: the
# seed page, a handful of claims, is the reference for what Chromium itself costs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_PAGE_RUNS:-10}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
cargo test --release --test html_page --no-run >/dev/null 2>&1
for _ in $(seq "$runs"); do
    cargo test -q --release --test html_page -- --nocapture --test-threads=1 \
        the_seed_story_page_shows a_thousand_claim_page 2>/dev/null | grep -o 'page-load [a-z]* [0-9]* ms' >>"$out"
done
summary() {
    grep "^page-load $1 " "$out" | awk '{print $3}' | sort -n | awk -v name="$2" '
        { v[NR] = $1 }
        END {
            if (NR == 0) { print name ": no runs"; exit 1 }
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            mark = (m < 1000) ? "✓" : "✗"
            printf "| %s | %d | %.0f ms | %d–%d ms | under 1,000 ms %s |\n", name, NR, m, v[1], v[NR], mark
        }'
}
echo "| page | runs | median | range | target |"
echo "|---|---|---|---|---|"
summary seed "seed story"
summary thousand "1,000 claims"
