#!/usr/bin/env bash
# Bulk import against its floor (issue 13), side by side in one hyperfine run:
#
#   bash benches/import.sh
#
#   claims import SHEET.csv     the sheet of gen_bench_csv into a fresh database
#   floor                       SQLite alone writing the rows that import ends with: the
#                               imported database's sources, claims, tags, statements, events,
#                               search and trigram indexes, copied by INSERT … SELECT into a
#                               fresh file with the same schema, in one transaction
#                               (examples/gen_bench_floor.rs, on the SQLite claims bundles)
#   claims import EXPORT.jsonl  the JSON Lines export of the imported database, into a fresh
#                               database (skipped with BENCH_JSONL=0)
#
# Before timing, one untimed `claims import` of the sheet makes the reference database the
# floor copies from and `claims export` writes the JSON Lines file from; one untimed floor run
# and the last timed JSON Lines import are checked to hold the same number of rows of each
# table as the reference. Each timed command runs under `/usr/bin/time -f "%M %U %S"` for its
# peak memory and CPU time (the ratio is of wall-clock medians; on a busy machine the CPU
# ratio is printed beside it), prepared (untimed, by hyperfine --prepare) by deleting every output database and a
# `sync`, so that no run pays for writing out the one before and at most one output database
# is on disk at a time besides the reference (1,000,000 rows: about 1.7 GB each, plus the JSON
# Lines file). Prints a Markdown table (medians, ratio to the floor's median, peak RSS) and
# writes it to bench-data/import-ROWS.md. Deletes its databases at the end unless BENCH_KEEP=1.
#
# Environment (all optional):
#   BENCH_ROWS          rows of the sheet (1000000)
#   BENCH_IMPORT_RUNS   timed runs of each command (3; no warm-up run)
#   BENCH_JSONL         1 to time the JSON Lines import too (1)
#   BENCH_KEEP          1 to keep the databases and the JSON Lines file (0)
#   BENCH_BEFORE        another claims binary (an older build) whose sheet import is timed in
#                       the same run, for a before / after
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROWS_N=${BENCH_ROWS:-1000000}
RUNS=${BENCH_IMPORT_RUNS:-3}
JSONL=${BENCH_JSONL:-1}
KEEP=${BENCH_KEEP:-0}
DATA=bench-data
BIN=$DATA/bin/claims-import
FLOOR=$DATA/bin/gen_bench_floor
SHEET=$DATA/sheet-$ROWS_N.csv
REF_DB=$DATA/import-ref-$ROWS_N.db
EXPORT=$DATA/import-ref-$ROWS_N.jsonl
OUT_SHEET=$DATA/import-sheet-$ROWS_N.db
OUT_FLOOR=$DATA/import-floor-$ROWS_N.db
OUT_JSONL=$DATA/import-jsonl-$ROWS_N.db
RESULTS=$DATA/import-$ROWS_N.md

log() { printf '==> %s\n' "$*" >&2; }
rss_file() { printf '%s/rss-import-%s.txt' "$DATA" "$1"; }
timed() { # slug command…: the command under /usr/bin/time, appending its max RSS (KiB) and its
    # CPU seconds (user, system) to a file
    local slug=$1
    shift
    printf '/usr/bin/time -f "%%M %%U %%S" -a -o %s %s' "$(rss_file "$slug")" "$*"
}
gone() { # database files…: removed with their -wal and -shm
    local db
    for db in "$@"; do rm -f "$db" "$db-wal" "$db-shm" "$db-journal"; done
}

command -v hyperfine >/dev/null || {
    log "installing hyperfine"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >&2
}
command -v sqlite3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >&2
[[ -x /usr/bin/time ]] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2

log "cargo build --release --bin claims --example gen_bench_csv --example gen_bench_floor"
cargo build --release --quiet --bin claims --example gen_bench_csv --example gen_bench_floor
mkdir -p "$DATA/bin"
cp target/release/claims "$BIN"
cp target/release/examples/gen_bench_floor "$FLOOR"
COMMIT=$(git rev-parse --short HEAD)
if [[ -n $(git status --porcelain --untracked-files=no -- src migrations Cargo.toml Cargo.lock) ]]; then
    COMMIT="$COMMIT with changes not committed"
fi
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

log "writing $SHEET ($ROWS_N rows)"
target/release/examples/gen_bench_csv "$SHEET" "$ROWS_N" >&2
cat "$SHEET" >/dev/null

# --- the reference: what the import ends with ---------------------------------------------------
gone "$REF_DB" "$OUT_SHEET" "$OUT_FLOOR" "$OUT_JSONL"
log "untimed: claims import into $REF_DB"
"$BIN" --db "$REF_DB" import "$SHEET" >/dev/null
counts() { # database: rows of each table the floor writes (not the trigram index: Debian's
    # sqlite3 cannot read it)
    sqlite3 "$1" "SELECT (SELECT count(*) FROM sources) || ' sources, ' ||
        (SELECT count(*) FROM source_aliases) || ' aliases, ' ||
        (SELECT count(*) FROM claims) || ' claims, ' ||
        (SELECT count(*) FROM claim_tags) || ' tags, ' ||
        (SELECT count(*) FROM statements) || ' statements, ' ||
        (SELECT count(*) FROM events) || ' events, ' ||
        (SELECT count(*) FROM claim_search) || ' search documents'"
}
REF_COUNTS=$(counts "$REF_DB")
REF_MIB=$(($(stat -c %s "$REF_DB") / 1048576))
log "reference: $REF_COUNTS, $REF_MIB MiB"
log "untimed: floor into $OUT_FLOOR (checked against the reference)"
"$FLOOR" "$REF_DB" "$OUT_FLOOR"
FLOOR_COUNTS=$(counts "$OUT_FLOOR")
[[ $FLOOR_COUNTS == "$REF_COUNTS" ]] || {
    log "the floor wrote $FLOOR_COUNTS, not $REF_COUNTS"
    exit 1
}
gone "$OUT_FLOOR"
if [[ $JSONL == 1 ]]; then
    log "untimed: claims export of the reference into $EXPORT"
    "$BIN" --db "$REF_DB" export >"$EXPORT"
    cat "$EXPORT" >/dev/null
fi
cat "$REF_DB" >/dev/null
sync

# --- timed --------------------------------------------------------------------------------------
PREPARE="bash -c \"rm -f $OUT_SHEET $OUT_SHEET-wal $OUT_SHEET-shm $OUT_FLOOR $OUT_FLOOR-wal $OUT_FLOOR-shm $OUT_JSONL $OUT_JSONL-wal $OUT_JSONL-shm && sync\""
args=(
    --prepare "$PREPARE" -n "claims import (sheet)" "$(timed sheet "$BIN --db $OUT_SHEET import $SHEET")"
    --prepare "$PREPARE" -n "floor" "$(timed floor "$FLOOR $REF_DB $OUT_FLOOR")"
)
if [[ -n ${BENCH_BEFORE:-} ]]; then
    cp "$BENCH_BEFORE" "$DATA/bin/claims-before"
    args+=(--prepare "$PREPARE" -n "claims import (sheet), before"
        "$(timed before "$DATA/bin/claims-before --db $OUT_SHEET import $SHEET")")
fi
if [[ $JSONL == 1 ]]; then
    args+=(--prepare "$PREPARE" -n "claims import (JSON Lines)"
        "$(timed jsonl "$BIN --db $OUT_JSONL import $EXPORT")")
fi
rm -f "$(rss_file sheet)" "$(rss_file floor)" "$(rss_file jsonl)" "$(rss_file before)"
log "timing: $RUNS runs of each, side by side"
hyperfine -N --warmup 0 --runs "$RUNS" --style basic --export-json "$DATA/import-$ROWS_N.json" \
    "${args[@]}" >&2
JSONL_COUNTS=
if [[ $JSONL == 1 ]]; then
    JSONL_COUNTS=$(counts "$OUT_JSONL")
    [[ $JSONL_COUNTS == "$REF_COUNTS" ]] || log "the JSON Lines import made $JSONL_COUNTS, not $REF_COUNTS"
fi

python3 - "$DATA/import-$ROWS_N.json" "$DATA" "$ROWS_N" "$RUNS" "$STARTED" "$COMMIT" "$LOAD" \
    "$REF_COUNTS" "$REF_MIB" "$JSONL_COUNTS" >"$RESULTS" <<'PY'
import json, statistics, sys

path, data, rows, runs, started, commit, load, ref_counts, ref_mib, jsonl_counts = sys.argv[1:]
results = {r["command"]: r for r in json.load(open(path))["results"]}
slugs = {"claims import (sheet)": "sheet", "floor": "floor", "claims import (JSON Lines)": "jsonl",
         "claims import (sheet), before": "before"}

def seconds(s):
    return f"{s:.2f} s"

def measured(slug):
    try:
        lines = [line.split() for line in open(f"{data}/rss-import-{slug}.txt")]
    except FileNotFoundError:
        return [], []
    lines = [l for l in lines if len(l) == 3 and l[0].isdigit()]
    return [int(l[0]) for l in lines], [float(l[1]) + float(l[2]) for l in lines]

def peak(slug):
    kib, _ = measured(slug)
    return f"{max(kib) / 1024:.1f} MiB" if kib else "n/a"

def cpu(slug):
    _, seconds = measured(slug)
    return statistics.median(seconds) if seconds else float("nan")

floor = statistics.median(results["floor"]["times"])
floor_cpu = cpu("floor")
print(f"Run of {started}, `BENCH_ROWS={rows} bash benches/import.sh`, from commit {commit}; "
      f"load average {load} when it started. {runs} timed runs of each command, no warm-up, "
      f"in one hyperfine run (`-N`); each prepared, untimed, by deleting every output "
      f"database and a `sync`.")
print()
print("| command | median | min … max | ratio to the floor | target | CPU (user + system), median | CPU ratio | peak RSS |")
print("|---|---:|---:|---:|---|---:|---:|---:|")
for name, result in results.items():
    median = statistics.median(result["times"])
    ratio = median / floor
    slug = slugs[name]
    rss = peak(slug)
    if name == "floor":
        target = "—"
    else:
        mib = float(rss.split()[0]) if rss != "n/a" else float("inf")
        ok = lambda b: "✓" if b else "✗"
        target = f"≤ 2× {ok(ratio <= 2)}, < 200 MiB {ok(mib < 200)}"
    print(f"| {name} | {seconds(median)} | {seconds(min(result['times']))} … "
          f"{seconds(max(result['times']))} | {ratio:.2f}× | {target} | {seconds(cpu(slug))} | "
          f"{cpu(slug) / floor_cpu:.2f}× | {rss} |")
print()
print(f"The reference import holds {ref_counts} ({ref_mib} MiB); the floor's copy of it holds "
      f"the same (checked before timing).")
if jsonl_counts:
    same = "the same" if jsonl_counts == ref_counts else f"NOT the same: {jsonl_counts}"
    print(f"The last JSON Lines import holds {same}.")
PY
cat "$RESULTS"
if [[ $KEEP != 1 ]]; then
    gone "$REF_DB" "$OUT_SHEET" "$OUT_FLOOR" "$OUT_JSONL"
    rm -f "$EXPORT"
fi
