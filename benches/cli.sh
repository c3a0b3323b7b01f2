#!/usr/bin/env bash
# Command-line benchmarks of `claims` against the sqlite3 CLI doing the same work, measured side
# by side in one hyperfine run per pair.
#
#   bash benches/cli.sh
#
# Two parts, each rewriting its own marked block of BENCHMARKS.md:
#
#   cli          add, list, show, confirm and process start on a database of 100,000 claims and
#                300,000 statements (block `<!-- bench:begin -->` … `<!-- bench:end -->`)
#   interchange  import of a 1,000,000-row CSV sheet into a fresh database, then search and
#                export of that database (block `<!-- bench:interchange:begin -->` …
#                `<!-- bench:interchange:end -->`)
#
# Builds the release binary and the examples gen_bench_db and gen_bench_csv, generates
# bench-data/bench.db once (and reuses it after; delete it to make a new one) and the sheet
# every time (deterministic, 2 s), installs hyperfine, sqlite3 and GNU time if they are
# missing, runs the benchmarks, and writes the results tables into BENCHMARKS.md. Raw hyperfine
# JSON is kept in bench-data/. A missed target is reported in the table with ✗; it does not
# fail the script.
#
# Environment (all optional):
#   BENCH_PARTS                     which parts to run ("cli interchange")
#   BENCH_CLAIMS, BENCH_STATEMENTS  database size of the cli part (100000 and 300000)
#   BENCH_ROWS                      rows of the sheet of the interchange part (1000000)
#                                   Any other size than the defaults writes its tables to
#                                   bench-data/results-C-S-R.md, not BENCHMARKS.md.
#   BENCH_RUNS, BENCH_WARMUP        hyperfine runs and warm-up runs per command (30 and 3), for
#                                   the cli part and search
#   BENCH_RSS_RUNS                  runs under /usr/bin/time for peak memory (5)
#   BENCH_IMPORT_RUNS               timed runs of each import (3; no warm-up run)
#   BENCH_EXPORT_RUNS               timed runs of each export (3; no warm-up run)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PARTS=" ${BENCH_PARTS:-cli interchange} "
CLAIMS_N=${BENCH_CLAIMS:-100000}
STATEMENTS_N=${BENCH_STATEMENTS:-300000}
ROWS_N=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-30}
WARMUP=${BENCH_WARMUP:-3}
RSS_RUNS=${BENCH_RSS_RUNS:-5}
IMPORT_RUNS=${BENCH_IMPORT_RUNS:-3}
EXPORT_RUNS=${BENCH_EXPORT_RUNS:-3}
DATA=bench-data
# A copy of target/release/claims made right after the build: a rebuild while the script runs
# (it takes half an hour) cannot swap the binary between runs.
BIN=$DATA/bin/claims
GEN=target/release/examples/gen_bench_db
GEN_CSV=target/release/examples/gen_bench_csv

if [[ $CLAIMS_N == 100000 && $STATEMENTS_N == 300000 ]]; then
    DB=$DATA/bench.db
else
    DB=$DATA/bench-$CLAIMS_N-$STATEMENTS_N.db
fi
if [[ $CLAIMS_N == 100000 && $STATEMENTS_N == 300000 && $ROWS_N == 1000000 ]]; then
    REPORT=BENCHMARKS.md
else
    REPORT=$DATA/results-$CLAIMS_N-$STATEMENTS_N-$ROWS_N.md
fi
ADD_DB=$DATA/add.db
SHEET=$DATA/sheet-$ROWS_N.csv
# The database `claims import` makes (and search and export then read), and the one the
# sqlite3 baseline imports into.
IMPORT_DB=$DATA/import-$ROWS_N.db
IMPORT_BASE_DB=$DATA/import-$ROWS_N-sqlite3.db

part() { [[ $PARTS == *" $1 "* ]]; }
SCRIPT_STARTED=$(date +%s)

log() { printf '==> %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
APT_UPDATED=
apt_install() {
    local sudo=()
    if [[ $(id -u) != 0 ]]; then sudo=(sudo); fi
    if [[ -z $APT_UPDATED ]]; then
        "${sudo[@]}" apt-get update -qq >&2
        APT_UPDATED=1
    fi
    log "installing $*"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >&2
}
command -v hyperfine >/dev/null || apt_install hyperfine
command -v sqlite3 >/dev/null || apt_install sqlite3
[[ -x /usr/bin/time ]] || apt_install time
command -v python3 >/dev/null || apt_install python3

# --- build -------------------------------------------------------------------------------------
log "cargo build --release --bin claims --example gen_bench_db --example gen_bench_csv"
cargo build --release --quiet --bin claims --example gen_bench_db --example gen_bench_csv
mkdir -p "$DATA/bin"
cp target/release/claims "$BIN"
# What was built: the commit, and whether the code had changes not yet committed.
BUILT_FROM="commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ -n $(git status --porcelain -- src migrations Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    BUILT_FROM="$BUILT_FROM with uncommitted changes to the code"
fi
export DATA REPORT RUNS WARMUP RSS_RUNS BUILT_FROM

# Rewrites the block between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->` of
# $REPORT (NAME empty: `<!-- bench:begin -->`) with standard input, or appends the block.
write_block() { # name
    BLOCK_NAME=$1 python3 -c '
import os, sys
name = os.environ["BLOCK_NAME"]
tag = f"bench:{name}:" if name else "bench:"
begin, end = f"<!-- {tag}begin -->", f"<!-- {tag}end -->"
block = sys.stdin.read().rstrip("\n")
report = os.environ["REPORT"]
text = open(report).read() if os.path.exists(report) else ""
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = f"{head}{begin}\n{block}\n{end}{tail}"
else:
    text = f"{text}\n{begin}\n{block}\n{end}\n"
with open(report, "w") as f:
    f.write(text)
'
}

if part cli; then
CLI_STARTED=$(date +%s)
CLI_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
# --- data --------------------------------------------------------------------------------------
if [[ ! -f $DB ]]; then
    log "generating $DB ($CLAIMS_N claims, $STATEMENTS_N statements), once"
    rm -f "$DB.partial" "$DB.partial-wal" "$DB.partial-shm"
    started=$(date +%s.%N)
    "$GEN" "$DB.partial" "$CLAIMS_N" "$STATEMENTS_N" 2>&1 | tee "$DB.gen.log" >&2
    ended=$(date +%s.%N)
    python3 -c "print(f'{$ended - $started:.1f}')" >"$DB.gen-seconds"
    mv "$DB.partial" "$DB"
else
    log "reusing $DB"
fi
log "copying $DB to $ADD_DB for the add benchmark (add grows the database)"
rm -f "$ADD_DB" "$ADD_DB-wal" "$ADD_DB-shm"
cp "$DB" "$ADD_DB"
# Flush the copy now, or the first fsync of a run would write out the whole file.
sync
# Warm the page cache for both files.
cat "$DB" "$ADD_DB" >/dev/null

# --- commands ----------------------------------------------------------------------------------
# Each is one string, run by hyperfine without a shell (-N) and by bash for the memory runs;
# the quoting is plain '…' inside "…" so that both read it alike.
NOW="strftime('%Y-%m-%dT%H:%M:%SZ','now')"
ADD_CLAIMS="$BIN --db $ADD_DB add \"Benchmark claim from the claims binary\""
ADD_SQLITE="sqlite3 $ADD_DB \"INSERT INTO claims (uuid, text, status, summary, created_at, last_activity) VALUES (lower(hex(randomblob(16))), 'Benchmark claim from sqlite3', 'unverified', 'no statements yet', $NOW, $NOW)\""
# What `claims add` writes, as SQL: the claim row and its event, in one transaction.
ADD_SQLITE_EVENT="sqlite3 $ADD_DB \"BEGIN IMMEDIATE; INSERT INTO claims (uuid, text, status, summary, created_at, last_activity) VALUES (lower(hex(randomblob(16))), 'Benchmark claim from sqlite3', 'unverified', 'no statements yet', $NOW, $NOW); INSERT INTO events (uuid, at, actor, kind, command, claim_id, payload) VALUES (lower(hex(randomblob(16))), $NOW, 'bench', 'claim.added', lower(hex(randomblob(16))), last_insert_rowid(), json_object('claim', json_object('id', last_insert_rowid(), 'text', 'Benchmark claim from sqlite3'))); COMMIT\""

LIST_CLAIMS="$BIN --db $DB list --status unverified --limit 50"
LIST_CLAIMS_JSON="$BIN --db $DB list --status unverified --limit 50 --format json"
# The query `claims list --status unverified --limit 50` runs (src/store/read.rs, list_claims).
LIST_SQL="SELECT c.id, c.uuid, c.text, c.status, c.summary, c.credibility, c.credibility_reason, c.independent_confirmations, c.origins, c.circular, c.last_activity, (SELECT count(*) FROM statements s WHERE s.claim_id = c.id AND s.removed_at IS NULL) AS statements, (SELECT json_group_array(tag) FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag)) AS tags FROM claims c WHERE c.removed_at IS NULL AND c.status = 'unverified' ORDER BY c.last_activity DESC, c.id DESC LIMIT 50"
LIST_SQLITE="sqlite3 $DB \"$LIST_SQL\""

SHOW_ID=12345
if ((CLAIMS_N < SHOW_ID)); then SHOW_ID=$(((CLAIMS_N + 1) / 2)); fi
SHOW_CLAIMS="$BIN --db $DB show $SHOW_ID"
# The three queries `claims show` runs (src/store/read.rs, claim_detail).
SHOW_SQL="SELECT id, uuid, text, status, summary, credibility, credibility_reason, independent_confirmations, origins, circular, happened, note, created_at, last_activity FROM claims WHERE id = $SHOW_ID AND removed_at IS NULL; SELECT tag FROM claim_tags WHERE claim_id = $SHOW_ID ORDER BY tag; SELECT s.id, s.uuid, s.stance, src.id, src.name, src.kind, via.id, via.name, cited.id, cited.name, s.quote, s.url, s.stated_at, s.recorded_at, s.note, s.retracted_at, s.retraction_note, coalesce(s.reliability, src.reliability) FROM statements s JOIN sources src ON src.id = s.source_id LEFT JOIN sources via ON via.id = s.via_id LEFT JOIN sources cited ON cited.id = s.citing_id WHERE s.claim_id = $SHOW_ID AND s.removed_at IS NULL ORDER BY s.stated_at, s.id"
SHOW_SQLITE="sqlite3 $DB \"$SHOW_SQL\""

# Recording a statement: by the desk (no name to resolve) and by a named source via an outlet
# (two names resolved), on the copy.
CONFIRM_ID=54321
if ((CLAIMS_N < CONFIRM_ID)); then CONFIRM_ID=$(((CLAIMS_N + 2) / 3)); fi
CONFIRM_DESK="$BIN --db $ADD_DB confirm $CONFIRM_ID"
CONFIRM_NAMED="$BIN --db $ADD_DB confirm $CONFIRM_ID --by \"Greta Esposito\" --via \"The Kenya Courier\""

FLOOR_CLAIMS="$BIN --version"
FLOOR_SQLITE="sqlite3 -version"

# Every command must succeed once before it is timed.
for cmd in "$ADD_CLAIMS" "$ADD_SQLITE" "$ADD_SQLITE_EVENT" "$LIST_CLAIMS" "$LIST_CLAIMS_JSON" \
    "$LIST_SQLITE" "$SHOW_CLAIMS" "$SHOW_SQLITE" "$CONFIRM_DESK" "$CONFIRM_NAMED" \
    "$FLOOR_CLAIMS" "$FLOOR_SQLITE"; do
    eval "$cmd" >/dev/null
done

# --- timing ------------------------------------------------------------------------------------
HF=(hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic)

log "add: claims vs sqlite3, side by side"
"${HF[@]}" --export-json "$DATA/add.json" \
    -n "claims add" "$ADD_CLAIMS" \
    -n "sqlite3 INSERT" "$ADD_SQLITE" \
    -n "sqlite3 INSERT claim + event" "$ADD_SQLITE_EVENT"

log "list and show: claims vs sqlite3, side by side"
"${HF[@]}" --export-json "$DATA/read.json" \
    -n "claims list" "$LIST_CLAIMS" \
    -n "claims list json" "$LIST_CLAIMS_JSON" \
    -n "sqlite3 SELECT list" "$LIST_SQLITE" \
    -n "claims show" "$SHOW_CLAIMS" \
    -n "sqlite3 SELECT show" "$SHOW_SQLITE"

log "recording a statement: by the desk vs by a named source via an outlet"
"${HF[@]}" --export-json "$DATA/statement.json" \
    -n "claims confirm (desk)" "$CONFIRM_DESK" \
    -n "claims confirm --by --via" "$CONFIRM_NAMED"

log "process start: claims --version vs sqlite3 -version"
"${HF[@]}" --export-json "$DATA/floor.json" \
    -n "claims --version" "$FLOOR_CLAIMS" \
    -n "sqlite3 -version" "$FLOOR_SQLITE"

# --- peak memory -------------------------------------------------------------------------------
log "peak memory: $RSS_RUNS runs each under /usr/bin/time"
RSS_FILE=$DATA/rss.tsv
: >"$RSS_FILE"
rss() { # name command
    local name=$1 cmd=$2 out=$DATA/rss.tmp i
    for ((i = 0; i < RSS_RUNS; i++)); do
        eval "/usr/bin/time -f %M -o $out $cmd" >/dev/null
        printf '%s\t%s\n' "$name" "$(tail -n 1 "$out")" >>"$RSS_FILE"
    done
    rm -f "$out"
}
rss "claims add" "$ADD_CLAIMS"
rss "sqlite3 INSERT" "$ADD_SQLITE"
rss "sqlite3 INSERT claim + event" "$ADD_SQLITE_EVENT"
rss "claims list" "$LIST_CLAIMS"
rss "claims list json" "$LIST_CLAIMS_JSON"
rss "sqlite3 SELECT list" "$LIST_SQLITE"
rss "claims show" "$SHOW_CLAIMS"
rss "sqlite3 SELECT show" "$SHOW_SQLITE"
rss "claims confirm (desk)" "$CONFIRM_DESK"
rss "claims confirm --by --via" "$CONFIRM_NAMED"
rss "claims --version" "$FLOOR_CLAIMS"
rss "sqlite3 -version" "$FLOOR_SQLITE"

# --- report ------------------------------------------------------------------------------------
CLI_SECONDS=$(($(date +%s) - CLI_STARTED))
export DB CLAIMS_N STATEMENTS_N RSS_FILE CLI_SECONDS CLI_LOAD
export ADD_CLAIMS ADD_SQLITE ADD_SQLITE_EVENT LIST_CLAIMS LIST_CLAIMS_JSON LIST_SQLITE
export SHOW_CLAIMS SHOW_SQLITE CONFIRM_DESK CONFIRM_NAMED FLOOR_CLAIMS FLOOR_SQLITE
python3 - >"$DATA/cli-block.md" <<'PY'
import json, os, platform, subprocess, sys
from datetime import datetime, timezone

env = os.environ
data = env["DATA"]

def results(name):
    with open(os.path.join(data, name + ".json")) as f:
        return {r["command"]: r for r in json.load(f)["results"]}

timed = {}
for run in ("add", "read", "statement", "floor"):
    timed.update(results(run))

rss = {}
with open(env["RSS_FILE"]) as f:
    for line in f:
        name, kib = line.rstrip("\n").split("\t")
        rss.setdefault(name, []).append(int(kib))

def ms(seconds):
    return f"{seconds * 1000:.1f} ms"

def peak(name):
    values = rss.get(name)
    return f"{max(values) / 1024:.1f} MiB" if values else "n/a"

# (operation, command, baseline, target ratio or None)
rows = [
    ("add a claim", "claims add", "sqlite3 INSERT", 2.0),
    ("add a claim (fuller baseline)", "claims add", "sqlite3 INSERT claim + event", None),
    ("list unverified, 50", "claims list", "sqlite3 SELECT list", 2.0),
    ("list unverified, 50, JSON", "claims list json", "sqlite3 SELECT list", None),
    ("show one claim", "claims show", "sqlite3 SELECT show", None),
    ("confirm by name, via an outlet", "claims confirm --by --via", "claims confirm (desk)",
     None),
    ("start and exit", "claims --version", "sqlite3 -version", None),
]
commands = {
    "claims add": env["ADD_CLAIMS"],
    "sqlite3 INSERT": env["ADD_SQLITE"],
    "sqlite3 INSERT claim + event": env["ADD_SQLITE_EVENT"],
    "claims list": env["LIST_CLAIMS"],
    "claims list json": env["LIST_CLAIMS_JSON"],
    "sqlite3 SELECT list": env["LIST_SQLITE"],
    "claims show": env["SHOW_CLAIMS"],
    "sqlite3 SELECT show": env["SHOW_SQLITE"],
    "claims confirm (desk)": env["CONFIRM_DESK"],
    "claims confirm --by --via": env["CONFIRM_NAMED"],
    "claims --version": env["FLOOR_CLAIMS"],
    "sqlite3 -version": env["FLOOR_SQLITE"],
}

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "?"

cpu = "?"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
db_mib = os.path.getsize(env["DB"]) / 2**20
gen_seconds = None
try:
    with open(env["DB"] + ".gen-seconds") as f:
        gen_seconds = f.read().strip()
except OSError:
    pass

out = []
out.append(f"Run of {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on "
           f"{os.cpu_count()} × {cpu} (`nproc` = {version(['nproc'])}), "
           f"{platform.system()} {platform.release()}; {version(['hyperfine', '--version'])}, "
           f"sqlite3 {version(['sqlite3', '-version']).split(' ')[0]}, "
           f"claims built with `cargo build --release` from {env['BUILT_FROM']}.")
out.append("")
out.append(f"Database: `{env['DB']}`, {int(env['CLAIMS_N']):,} claims, "
           f"{int(env['STATEMENTS_N']):,} statements, {db_mib:.0f} MiB"
           + (f", generated in {gen_seconds} s" if gen_seconds else "") + ". "
           f"Each command: {env['WARMUP']} warm-up runs, then {env['RUNS']} timed runs "
           f"(hyperfine `-N`, no shell); peak memory is the largest max RSS of "
           f"{env['RSS_RUNS']} runs under `/usr/bin/time -f %M`. This part of the script took "
           f"{int(env['CLI_SECONDS']) / 60:.0f} min; load average when it started: "
           f"{env['CLI_LOAD']}.")
out.append("")
out.append("| operation | claims median | baseline | baseline median | ratio | target | "
           "claims peak RSS | baseline peak RSS |")
out.append("|---|---:|---|---:|---:|---|---:|---:|")
missed = []
for op, cmd, base, target in rows:
    c, b = timed[cmd], timed[base]
    ratio = c["median"] / b["median"]
    if target is None:
        verdict = "—"
    elif ratio <= target:
        verdict = f"≤ {target:g}× ✓"
    else:
        verdict = f"≤ {target:g}× ✗"
        missed.append(op)
    out.append(f"| {op} | {ms(c['median'])} ± {c['stddev'] * 1000:.1f} | {base} | "
               f"{ms(b['median'])} ± {b['stddev'] * 1000:.1f} | {ratio:.2f}× | {verdict} | "
               f"{peak(cmd)} | {peak(base)} |")
out.append("")
out.append("Medians ± standard deviation. The ratio is claims' median over the baseline's "
           "median from the same hyperfine run.")
out.append("")
out.append("Commands, exactly as timed:")
out.append("")
out.append("```sh")
for name, cmd in commands.items():
    out.append(f"# {name}")
    out.append(cmd)
out.append("```")
block = "\n".join(out)
print(block)
print(f"\nwritten to {env['REPORT']}" + (f"; missed: {', '.join(missed)}" if missed else ""),
      file=sys.stderr)
PY
write_block "" <"$DATA/cli-block.md"
cat "$DATA/cli-block.md"
fi # part cli


if part interchange; then
INTERCHANGE_STARTED=$(date +%s)
INTERCHANGE_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
# --- data --------------------------------------------------------------------------------------
log "writing $SHEET ($ROWS_N rows)"
"$GEN_CSV" "$SHEET" "$ROWS_N" 2>&1 | tee "$SHEET.gen.log" >&2

# --- commands ----------------------------------------------------------------------------------
# As in the cli part: one string each, run by hyperfine without a shell (-N). Import and export
# take seconds, so their peak memory is taken in the timed runs themselves: each of their
# commands, on both sides, runs under `/usr/bin/time -f %M -a -o FILE` (a wrapper costing about
# a millisecond), and the peak is the largest of its runs.
rss_file() { printf '%s/rss-%s.txt' "$DATA" "$1"; }
timed() { # slug command…: the command under /usr/bin/time, appending its max RSS to a file
    local slug=$1
    shift
    printf '/usr/bin/time -f %%M -a -o %s %s' "$(rss_file "$slug")" "$*"
}
SHEET_COLUMNS="claim TEXT, stance TEXT, source TEXT, via TEXT, citing TEXT, quote TEXT, url TEXT, stated_at TEXT, tags TEXT"
IMPORT_CLAIMS=$(timed import-claims "$BIN --db $IMPORT_DB import $SHEET")
IMPORT_SQLITE=$(timed import-sqlite3 "sqlite3 -csv $IMPORT_BASE_DB \".import --skip 1 $SHEET t\"")
# Not timed: a fresh database for each run (and for sqlite3, its bare table), and the deleted
# file's pages written out, so that no run pays for the one before.
IMPORT_CLAIMS_PREPARE="bash -c \"rm -f $IMPORT_DB $IMPORT_DB-wal $IMPORT_DB-shm && sync\""
IMPORT_SQLITE_PREPARE="bash -c \"rm -f $IMPORT_BASE_DB $IMPORT_BASE_DB-journal && sqlite3 $IMPORT_BASE_DB 'CREATE TABLE t ($SHEET_COLUMNS)' && sync\""

# Search: a common word, a rare one and two words, chosen from the sheet's vocabulary (a claim's
# search document holds its text, quotes, notes and source names).
SEARCH_WORDS=("border" "irovik" "grain odesa")
SEARCH_NAMES=("common word" "rare word" "two words")
# The query `claims search WORDS --limit 20` runs (src/store/search.rs, search), with the words
# as FTS5 barewords: `grain odesa` is the query `"grain" "odesa"` that claims builds.
search_sql() {
    printf '%s' "SELECT f.rowid, c.text, c.status, bm25(claim_search, 10.0, 4.0, 1.0, 2.0) AS rank, snippet(claim_search, -1, char(1), char(2), '…', 16) FROM claim_search f JOIN claims c ON c.id = f.rowid WHERE claim_search MATCH '$1' ORDER BY rank, f.rowid LIMIT 20"
}
SEARCH_CLAIMS=()
SEARCH_SQLITE=()
for words in "${SEARCH_WORDS[@]}"; do
    SEARCH_CLAIMS+=("$BIN --db $IMPORT_DB search $words --limit 20")
    SEARCH_SQLITE+=("sqlite3 $IMPORT_DB \"$(search_sql "$words")\"")
done

# Export. JSON Lines: sqlite3 writes the same lines (byte for byte, checked below) from the same
# five queries `claims export` runs (src/store/export.rs, lines), each row made into its line
# by json_object. CSV (one row per claim): one query giving the same cells as `claims export
# --format csv`, which reads each claim with its statements (as `show` does) and writes it.
EXPORT_JSONL_SQL="SELECT json_object('type', 'source', 'uuid', uuid, 'id', id, 'name', name, 'kind', kind, 'role', role, 'affiliation', affiliation, 'aliases', json((SELECT json_group_array(alias) FROM (SELECT alias FROM source_aliases a WHERE a.source_id = sources.id ORDER BY alias_key))), 'reliability', reliability, 'created_at', created_at, 'removed_at', removed_at) FROM sources ORDER BY id; SELECT json_object('type', 'claim', 'uuid', c.uuid, 'id', c.id, 'text', c.text, 'tags', json((SELECT json_group_array(tag) FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag))), 'happened', c.happened, 'note', c.note, 'created_at', c.created_at, 'last_activity', c.last_activity, 'status', c.status, 'summary', c.summary, 'credibility', c.credibility, 'verdict', c.verdict, 'verdict_explanation', c.verdict_explanation, 'verdict_url', c.verdict_url, 'verdict_at', c.verdict_at, 'removed_at', c.removed_at) FROM claims c ORDER BY c.id; SELECT json_object('type', 'statement', 'uuid', s.uuid, 'id', s.id, 'claim', c.uuid, 'source', src.uuid, 'stance', s.stance, 'via', via.uuid, 'citing', cited.uuid, 'quote', s.quote, 'url', s.url, 'stated_at', s.stated_at, 'recorded_at', s.recorded_at, 'note', s.note, 'reliability', s.reliability, 'retracted_at', s.retracted_at, 'retraction_note', s.retraction_note, 'removed_at', s.removed_at) FROM statements s JOIN claims c ON c.id = s.claim_id JOIN sources src ON src.id = s.source_id LEFT JOIN sources via ON via.id = s.via_id LEFT JOIN sources cited ON cited.id = s.citing_id ORDER BY s.id; SELECT json_object('type', 'config', 'key', key, 'value', value) FROM config ORDER BY key; SELECT json_object('type', 'event', 'uuid', e.uuid, 'at', e.at, 'actor', e.actor, 'kind', e.kind, 'command', e.command, 'claim', c.uuid, 'payload', json(e.payload)) FROM events e LEFT JOIN claims c ON c.id = e.claim_id ORDER BY e.id"
EXPORT_CSV_SQL="SELECT c.id, c.uuid, c.text AS claim, c.status, c.summary, coalesce((SELECT group_concat(tag, ', ') FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag)), '') AS tags, c.happened, (SELECT min(s.stated_at) FROM statements s WHERE s.claim_id = c.id AND s.removed_at IS NULL) AS first_reported, c.last_activity, coalesce((SELECT group_concat(name, '; ') FROM (SELECT src.name AS name FROM statements s JOIN sources src ON src.id = s.source_id WHERE s.claim_id = c.id AND s.removed_at IS NULL GROUP BY src.id ORDER BY min(s.stated_at), min(s.id))), '') AS sources FROM claims c WHERE c.removed_at IS NULL ORDER BY c.id"
EXPORT_CLAIMS="$BIN --db $IMPORT_DB export"
EXPORT_SQLITE="sqlite3 $IMPORT_DB \"$EXPORT_JSONL_SQL\""
EXPORT_CSV_CLAIMS="$BIN --db $IMPORT_DB export --format csv"
EXPORT_CSV_SQLITE="sqlite3 -csv -header $IMPORT_DB \"$EXPORT_CSV_SQL\""

# --- import ------------------------------------------------------------------------------------
HF_LONG=(hyperfine -N --warmup 0 --style basic)
log "import of $SHEET: claims vs sqlite3 .import, side by side, $IMPORT_RUNS runs each"
cat "$SHEET" >/dev/null
rm -f "$(rss_file import-claims)" "$(rss_file import-sqlite3)"
"${HF_LONG[@]}" --runs "$IMPORT_RUNS" --export-json "$DATA/import.json" \
    --prepare "$IMPORT_CLAIMS_PREPARE" --prepare "$IMPORT_SQLITE_PREPARE" \
    -n "claims import" "$IMPORT_CLAIMS" \
    -n "sqlite3 .import" "$IMPORT_SQLITE"
# The last run's database stays, for search and export.
IMPORT_COUNTS=$(sqlite3 "$IMPORT_DB" "SELECT (SELECT count(*) FROM claims) || ' ' || (SELECT count(*) FROM statements) || ' ' || (SELECT count(*) FROM sources) || ' ' || (SELECT count(*) FROM events)")
IMPORT_BASE_ROWS=$(sqlite3 "$IMPORT_BASE_DB" "SELECT count(*) FROM t")
log "imported (claims, statements, sources, events): $IMPORT_COUNTS; sqlite3: $IMPORT_BASE_ROWS rows"

# --- search ------------------------------------------------------------------------------------
cat "$IMPORT_DB" >/dev/null
# The same claims, in the same order, on both sides.
SEARCH_SAME=()
for i in "${!SEARCH_WORDS[@]}"; do
    ours=$(eval "${SEARCH_CLAIMS[$i]} --format json" | python3 -c 'import json, sys; print(" ".join(str(h["claim"]) for h in json.load(sys.stdin)))')
    theirs=$(sqlite3 "$IMPORT_DB" "SELECT f.rowid FROM claim_search f JOIN claims c ON c.id = f.rowid WHERE claim_search MATCH '${SEARCH_WORDS[$i]}' ORDER BY bm25(claim_search, 10.0, 4.0, 1.0, 2.0), f.rowid LIMIT 20" | tr '\n' ' ' | sed 's/ $//')
    if [[ $ours == "$theirs" ]]; then SEARCH_SAME+=(yes); else
        SEARCH_SAME+=(no)
        log "search ${SEARCH_WORDS[$i]}: claims found [$ours], sqlite3 [$theirs]"
    fi
done
log "search: claims vs sqlite3 FTS5, side by side"
search_args=()
for i in "${!SEARCH_WORDS[@]}"; do
    search_args+=(-n "claims search ${SEARCH_WORDS[$i]}" "${SEARCH_CLAIMS[$i]}")
    search_args+=(-n "sqlite3 search ${SEARCH_WORDS[$i]}" "${SEARCH_SQLITE[$i]}")
done
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic --export-json "$DATA/search.json" \
    "${search_args[@]}"

# --- export ------------------------------------------------------------------------------------
# Both sides write the same thing once (and warm the page cache); then each side's output goes
# to /dev/null (hyperfine's default) while it is timed.
log "export: checking that the baselines write what claims writes"
eval "$EXPORT_CLAIMS" >"$DATA/export-claims.jsonl"
eval "$EXPORT_SQLITE" >"$DATA/export-sqlite3.jsonl"
if cmp -s "$DATA/export-claims.jsonl" "$DATA/export-sqlite3.jsonl"; then
    EXPORT_SAME="byte for byte"
else
    EXPORT_SAME="NOT the same ($(cmp "$DATA/export-claims.jsonl" "$DATA/export-sqlite3.jsonl" | head -n 1))"
fi
EXPORT_BYTES=$(stat -c %s "$DATA/export-claims.jsonl")
EXPORT_LINES=$(wc -l <"$DATA/export-claims.jsonl")
rm -f "$DATA/export-claims.jsonl" "$DATA/export-sqlite3.jsonl"
eval "$EXPORT_CSV_CLAIMS" >"$DATA/export-claims.csv"
eval "$EXPORT_CSV_SQLITE" >"$DATA/export-sqlite3.csv"
EXPORT_CSV_SAME=$(python3 - "$DATA/export-claims.csv" "$DATA/export-sqlite3.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as a, open(sys.argv[2], newline="") as b:
    rows = 0
    for x, y in zip(csv.reader(a), csv.reader(b)):
        if x != y:
            print(f"NOT the same (row {rows + 1}: {x[:3]} against {y[:3]})")
            break
        rows += 1
    else:
        rest = a.read() + b.read()
        print("cell for cell" if not rest.strip() else "NOT the same (one is longer)")
PY
)
EXPORT_CSV_BYTES=$(stat -c %s "$DATA/export-claims.csv")
rm -f "$DATA/export-claims.csv" "$DATA/export-sqlite3.csv"
log "export: JSON Lines $EXPORT_SAME, CSV $EXPORT_CSV_SAME"

log "export: claims vs sqlite3, side by side, $EXPORT_RUNS runs each"
for slug in export-claims export-sqlite3 export-csv-claims export-csv-sqlite3; do
    rm -f "$(rss_file "$slug")"
done
"${HF_LONG[@]}" --runs "$EXPORT_RUNS" --export-json "$DATA/export.json" \
    -n "claims export" "$(timed export-claims "$EXPORT_CLAIMS")" \
    -n "sqlite3 export" "$(timed export-sqlite3 "$EXPORT_SQLITE")" \
    -n "claims export --format csv" "$(timed export-csv-claims "$EXPORT_CSV_CLAIMS")" \
    -n "sqlite3 export csv" "$(timed export-csv-sqlite3 "$EXPORT_CSV_SQLITE")"

# --- peak memory of search ---------------------------------------------------------------------
log "peak memory of search: $RSS_RUNS runs each under /usr/bin/time"
SEARCH_RSS=$DATA/rss-search.tsv
: >"$SEARCH_RSS"
for i in "${!SEARCH_WORDS[@]}"; do
    for ((r = 0; r < RSS_RUNS; r++)); do
        eval "/usr/bin/time -f %M -o $DATA/rss.tmp ${SEARCH_CLAIMS[$i]}" >/dev/null
        printf 'claims search %s\t%s\n' "${SEARCH_WORDS[$i]}" "$(tail -n 1 "$DATA/rss.tmp")" >>"$SEARCH_RSS"
        eval "/usr/bin/time -f %M -o $DATA/rss.tmp ${SEARCH_SQLITE[$i]}" >/dev/null
        printf 'sqlite3 search %s\t%s\n' "${SEARCH_WORDS[$i]}" "$(tail -n 1 "$DATA/rss.tmp")" >>"$SEARCH_RSS"
    done
done
rm -f "$DATA/rss.tmp"

# --- report ------------------------------------------------------------------------------------
INTERCHANGE_SECONDS=$(($(date +%s) - INTERCHANGE_STARTED))
SEARCH_WORDS_JOINED=$(printf '%s\n' "${SEARCH_WORDS[@]}")
SEARCH_NAMES_JOINED=$(printf '%s\n' "${SEARCH_NAMES[@]}")
SEARCH_SAME_JOINED=$(printf '%s\n' "${SEARCH_SAME[@]}")
SEARCH_CLAIMS_JOINED=$(printf '%s\n' "${SEARCH_CLAIMS[@]}")
SEARCH_SQLITE_JOINED=$(printf '%s\n' "${SEARCH_SQLITE[@]}")
export ROWS_N SHEET IMPORT_DB IMPORT_RUNS EXPORT_RUNS IMPORT_COUNTS IMPORT_BASE_ROWS
export IMPORT_CLAIMS IMPORT_SQLITE IMPORT_CLAIMS_PREPARE IMPORT_SQLITE_PREPARE SEARCH_RSS
export SEARCH_WORDS_JOINED SEARCH_NAMES_JOINED SEARCH_SAME_JOINED SEARCH_CLAIMS_JOINED
export SEARCH_SQLITE_JOINED EXPORT_CLAIMS EXPORT_SQLITE EXPORT_CSV_CLAIMS EXPORT_CSV_SQLITE
export EXPORT_SAME EXPORT_CSV_SAME EXPORT_BYTES EXPORT_LINES EXPORT_CSV_BYTES INTERCHANGE_SECONDS
export INTERCHANGE_LOAD
python3 - >"$DATA/interchange-block.md" <<'PY'
import json, os, platform, subprocess, sys
from datetime import datetime, timezone

env = os.environ
data = env["DATA"]

def results(name):
    with open(os.path.join(data, name + ".json")) as f:
        return {r["command"]: r for r in json.load(f)["results"]}

timed = {}
for run in ("import", "search", "export"):
    timed.update(results(run))

def rss_of(slug):
    try:
        with open(os.path.join(data, f"rss-{slug}.txt")) as f:
            return [int(line) for line in f if line.strip().isdigit()]
    except OSError:
        return []

rss = {
    "claims import": rss_of("import-claims"),
    "sqlite3 .import": rss_of("import-sqlite3"),
    "claims export": rss_of("export-claims"),
    "sqlite3 export": rss_of("export-sqlite3"),
    "claims export --format csv": rss_of("export-csv-claims"),
    "sqlite3 export csv": rss_of("export-csv-sqlite3"),
}
with open(env["SEARCH_RSS"]) as f:
    for line in f:
        name, kib = line.rstrip("\n").split("\t")
        rss.setdefault(name, []).append(int(kib))

def peak_mib(name):
    values = rss.get(name)
    return max(values) / 1024 if values else None

def mib(value):
    return f"{value:.1f} MiB" if value is not None else "n/a"

def duration(seconds):
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"

def spread(r):
    return f"{duration(r['median'])} ± {duration(r['stddev'])}"

words = env["SEARCH_WORDS_JOINED"].split("\n")
names = env["SEARCH_NAMES_JOINED"].split("\n")
same = env["SEARCH_SAME_JOINED"].split("\n")
search_claims = env["SEARCH_CLAIMS_JOINED"].split("\n")
search_sqlite = env["SEARCH_SQLITE_JOINED"].split("\n")

MEMORY = 200  # MiB
# (operation, command, baseline, target ratio or None, memory target or None)
rows = [(f"import {int(env['ROWS_N']):,} CSV rows", "claims import", "sqlite3 .import", 3.0,
         MEMORY)]
for word, name in zip(words, names):
    rows.append((f"search, {name} (`{word}`)", f"claims search {word}",
                 f"sqlite3 search {word}", 2.0, None))
rows += [
    ("export, JSON Lines", "claims export", "sqlite3 export", None, MEMORY),
    ("export, CSV", "claims export --format csv", "sqlite3 export csv", None, MEMORY),
]

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "?"

cpu = "?"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
claims_n, statements_n, sources_n, events_n = (int(x) for x in env["IMPORT_COUNTS"].split())
db_mib = os.path.getsize(env["IMPORT_DB"]) / 2**20
sheet_mib = os.path.getsize(env["SHEET"]) / 2**20

out = []
out.append(f"Run of {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on "
           f"{os.cpu_count()} × {cpu} (`nproc` = {version(['nproc'])}), "
           f"{platform.system()} {platform.release()}; {version(['hyperfine', '--version'])}, "
           f"sqlite3 {version(['sqlite3', '-version']).split(' ')[0]}, "
           f"claims built with `cargo build --release` from {env['BUILT_FROM']}.")
out.append("")
out.append(f"Sheet: `{env['SHEET']}`, {int(env['ROWS_N']):,} rows, {sheet_mib:.0f} MiB "
           f"(`examples/gen_bench_csv.rs`). `claims import` made {claims_n:,} claims, "
           f"{statements_n:,} statements, {sources_n:,} sources and {events_n:,} events: "
           f"`{env['IMPORT_DB']}`, {db_mib:,.0f} MiB, which search and export then read; "
           f"sqlite3 imported {int(env['IMPORT_BASE_ROWS']):,} rows. "
           f"Import: {env['IMPORT_RUNS']} timed runs per command, export: "
           f"{env['EXPORT_RUNS']}, no warm-up run, peak memory the largest max RSS of those "
           f"runs; search: {env['WARMUP']} warm-up runs, then {env['RUNS']} timed runs, peak "
           f"memory the largest of {env['RSS_RUNS']} more runs. This part of the script took "
           f"{int(env['INTERCHANGE_SECONDS']) / 60:.0f} min; load average when it started: "
           f"{env['INTERCHANGE_LOAD']}.")
out.append("")
out.append("| operation | claims median | baseline | baseline median | ratio | target | "
           "claims peak RSS | baseline peak RSS |")
out.append("|---|---:|---|---:|---:|---|---:|---:|")
missed = []
for op, cmd, base, target, memory in rows:
    c, b = timed[cmd], timed[base]
    ratio = c["median"] / b["median"]
    verdicts = []
    if target is not None:
        ok = ratio <= target
        verdicts.append(f"≤ {target:g}× {'✓' if ok else '✗'}")
        if not ok:
            missed.append(f"{op} (time)")
    if memory is not None:
        peak = peak_mib(cmd)
        ok = peak is not None and peak < memory
        verdicts.append(f"< {memory} MiB {'✓' if ok else '✗'}")
        if not ok:
            missed.append(f"{op} (memory)")
    out.append(f"| {op} | {spread(c)} | {base} | {spread(b)} | {ratio:.2f}× | "
               f"{', '.join(verdicts) or '—'} | {mib(peak_mib(cmd))} | {mib(peak_mib(base))} |")
out.append("")
out.append("Medians ± standard deviation. The ratio is claims' median over the baseline's "
           "median from the same hyperfine run.")
found_same = all(s == "yes" for s in same)
out.append("")
out.append(f"Checked before timing: the search pairs find "
           + ("the same claims in the same order" if found_same else
              "DIFFERENT claims (" + ", ".join(w for w, s in zip(words, same) if s != "yes")
              + ")")
           + f"; the sqlite3 JSON Lines export is the same as claims' {env['EXPORT_SAME']} "
           f"({int(env['EXPORT_LINES']):,} lines, {int(env['EXPORT_BYTES']) / 2**20:,.0f} MiB), "
           f"the CSV {env['EXPORT_CSV_SAME']} ({int(env['EXPORT_CSV_BYTES']) / 2**20:,.0f} MiB).")
out.append("")
out.append("Commands, exactly as timed (and, for import, the untimed preparation of each run):")
out.append("")
out.append("```sh")
commands = [
    ("claims import, prepared by", env["IMPORT_CLAIMS_PREPARE"]),
    ("claims import", env["IMPORT_CLAIMS"]),
    ("sqlite3 .import, prepared by", env["IMPORT_SQLITE_PREPARE"]),
    ("sqlite3 .import", env["IMPORT_SQLITE"]),
]
for word, ours, theirs in zip(words, search_claims, search_sqlite):
    commands += [(f"claims search {word}", ours), (f"sqlite3 search {word}", theirs)]
commands += [
    ("claims export (under /usr/bin/time -f %M -a -o bench-data/rss-export-claims.txt)",
     env["EXPORT_CLAIMS"]),
    ("sqlite3 export (the same, rss-export-sqlite3.txt)", env["EXPORT_SQLITE"]),
    ("claims export --format csv (the same, rss-export-csv-claims.txt)",
     env["EXPORT_CSV_CLAIMS"]),
    ("sqlite3 export csv (the same, rss-export-csv-sqlite3.txt)", env["EXPORT_CSV_SQLITE"]),
]
for name, cmd in commands:
    out.append(f"# {name}")
    out.append(cmd)
out.append("```")
print("\n".join(out))
print(f"\nwritten to {env['REPORT']}" + (f"; missed: {', '.join(missed)}" if missed else ""),
      file=sys.stderr)
PY
write_block interchange <"$DATA/interchange-block.md"
cat "$DATA/interchange-block.md"
fi # part interchange

log "done in $((($(date +%s) - SCRIPT_STARTED) / 60)) min"
