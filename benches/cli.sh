#!/usr/bin/env bash
# Command-line benchmarks of `claims` against the sqlite3 CLI doing the same work, measured side
# by side in one hyperfine run per pair.
#
#   bash benches/cli.sh
#
# Three parts, each rewriting its own marked block of BENCHMARKS.md:
#
#   cli          add, list, show, confirm and process start on a database of 100,000 claims and
#                300,000 statements (block `<!-- bench:begin -->` … `<!-- bench:end -->`)
#   interchange  import of a 1,000,000-row CSV sheet into a fresh database, then search and
#                export of that database (block `<!-- bench:interchange:begin -->` …
#                `<!-- bench:interchange:end -->`)
#   suite        issue 5's one table: add, confirm, list, show, search, import (10,000 rows into a
#                copy) and export on a database of 1,000,000 claims and 3,000,000 statements
#                (bench-data/bench-1000000-3000000.db, made through the library once: about half
#                an hour), each beside sqlite3 doing the same in its own process, with peak memory
#                there and on the cli part's database (block `<!-- bench:suite:begin -->` …
#                `<!-- bench:suite:end -->`). About 10 minutes once the database exists. Not in
#                the default parts: BENCH_PARTS=suite bash benches/cli.sh
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
#   BENCH_SUITE_CLAIMS, BENCH_SUITE_STATEMENTS
#                                   database size of the suite part (1000000 and 3000000); it
#                                   also measures peak memory on the cli part's database
#   BENCH_SUITE_ROWS                rows of the sheet the suite part imports (10000)
#                                   Any other size than the defaults writes its tables to
#                                   bench-data/results-C-S-R-SC-SS-SR.md, not BENCHMARKS.md.
#   BENCH_RUNS, BENCH_WARMUP        hyperfine runs and warm-up runs per command (30 and 3), for
#                                   the cli part and search
#   BENCH_RSS_RUNS                  runs under /usr/bin/time for peak memory (5)
#   BENCH_IMPORT_RUNS               timed runs of each import (3; no warm-up run), both parts
#   BENCH_EXPORT_RUNS               timed runs of each export (3; no warm-up run), both parts
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
SUITE_CLAIMS=${BENCH_SUITE_CLAIMS:-1000000}
SUITE_STATEMENTS=${BENCH_SUITE_STATEMENTS:-3000000}
SUITE_ROWS=${BENCH_SUITE_ROWS:-10000}
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
if [[ $CLAIMS_N == 100000 && $STATEMENTS_N == 300000 && $ROWS_N == 1000000 &&
    $SUITE_CLAIMS == 1000000 && $SUITE_STATEMENTS == 3000000 && $SUITE_ROWS == 10000 ]]; then
    REPORT=BENCHMARKS.md
else
    REPORT=$DATA/results-$CLAIMS_N-$STATEMENTS_N-$ROWS_N-$SUITE_CLAIMS-$SUITE_STATEMENTS-$SUITE_ROWS.md
fi
ADD_DB=$DATA/add.db
SHEET=$DATA/sheet-$ROWS_N.csv
# The database `claims import` makes (and search and export then read), and the one the
# sqlite3 baseline imports into.
IMPORT_DB=$DATA/import-$ROWS_N.db
IMPORT_BASE_DB=$DATA/import-$ROWS_N-sqlite3.db
# The suite part's database; its copy for the commands that write (and sqlite3 .import); the
# fresh copy each claims import goes into; the same two for the cli part's database.
SUITE_DB=$DATA/bench-$SUITE_CLAIMS-$SUITE_STATEMENTS.db
SUITE_WRITE_DB=$DATA/suite-write.db
SUITE_IMPORT_DB=$DATA/suite-import.db
SMALL_WRITE_DB=$DATA/suite-write-small.db
SMALL_IMPORT_DB=$DATA/suite-import-small.db
SUITE_SHEET=$DATA/sheet-$SUITE_ROWS.csv

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

# --- shared by the parts -----------------------------------------------------------------------
# Generates a benchmark database through the library the first time (gen_bench_db), and reuses
# it afterwards; delete it to make a new one.
ensure_db() { # path claims statements
    local db=$1 claims=$2 statements=$3 started ended
    if [[ ! -f $db ]]; then
        log "generating $db ($claims claims, $statements statements), once"
        rm -f "$db.partial" "$db.partial-wal" "$db.partial-shm"
        started=$(date +%s.%N)
        "$GEN" "$db.partial" "$claims" "$statements" 2>&1 | tee "$db.gen.log" >&2
        ended=$(date +%s.%N)
        python3 -c "print(f'{$ended - $started:.1f}')" >"$db.gen-seconds"
        mv "$db.partial" "$db"
    else
        log "reusing $db"
    fi
}

# Peak memory: runs a command RSS_RUNS times under /usr/bin/time, appending "name<TAB>KiB" lines
# to $RSS_FILE.
rss() { # name command
    local name=$1 cmd=$2 out=$DATA/rss.tmp i
    for ((i = 0; i < RSS_RUNS; i++)); do
        eval "/usr/bin/time -f %M -o $out $cmd" >/dev/null
        printf '%s\t%s\n' "$name" "$(tail -n 1 "$out")" >>"$RSS_FILE"
    done
    rm -f "$out"
}

# Import and export take seconds, so their peak memory is taken in the timed runs themselves:
# each of their commands, on both sides, runs under `/usr/bin/time -f %M -a -o FILE` (a wrapper
# costing about a millisecond), and the peak is the largest of its runs.
rss_file() { printf '%s/rss-%s.txt' "$DATA" "$1"; }
timed() { # slug command…: the command under /usr/bin/time, appending its max RSS to a file
    local slug=$1
    shift
    printf '/usr/bin/time -f %%M -a -o %s %s' "$(rss_file "$slug")" "$*"
}

# The SQL of the baselines: what claims runs, as sqlite3 runs it.
NOW="strftime('%Y-%m-%dT%H:%M:%SZ','now')"
# The query `claims list --status unverified --limit 50` runs (src/store/read.rs, list_claims).
LIST_SQL="SELECT c.id, c.uuid, c.text, c.status, c.summary, c.credibility, c.credibility_reason, c.independent_confirmations, c.origins, c.circular, c.last_activity, (SELECT count(*) FROM statements s WHERE s.claim_id = c.id AND s.removed_at IS NULL) AS statements, (SELECT json_group_array(tag) FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag)) AS tags FROM claims c WHERE c.removed_at IS NULL AND c.status = 'unverified' ORDER BY c.last_activity DESC, c.id DESC LIMIT 50"
# The three queries `claims show ID` runs (src/store/read.rs, claim_detail).
show_sql() { # id
    printf '%s' "SELECT id, uuid, text, status, summary, credibility, credibility_reason, independent_confirmations, origins, circular, happened, note, created_at, last_activity FROM claims WHERE id = $1 AND removed_at IS NULL; SELECT tag FROM claim_tags WHERE claim_id = $1 ORDER BY tag; SELECT s.id, s.uuid, s.stance, src.id, src.name, src.kind, via.id, via.name, cited.id, cited.name, s.quote, s.url, s.stated_at, s.recorded_at, s.note, s.retracted_at, s.retraction_note, coalesce(s.reliability, src.reliability) FROM statements s JOIN sources src ON src.id = s.source_id LEFT JOIN sources via ON via.id = s.via_id LEFT JOIN sources cited ON cited.id = s.citing_id WHERE s.claim_id = $1 AND s.removed_at IS NULL ORDER BY s.stated_at, s.id"
}
# The bare table of the sheet that `sqlite3 .import` fills.
SHEET_COLUMNS="claim TEXT, stance TEXT, source TEXT, via TEXT, citing TEXT, quote TEXT, url TEXT, stated_at TEXT, tags TEXT"
# What `claims search WORDS --limit 20` does (src/store/search.rs, search), in one statement:
# count the matches up to 20,001, rank the newest 20,000 on the index alone, then read and cut
# a passage for the 20 shown; the words as FTS5 barewords: `grain odesa` is the query
# `"grain" "odesa"` that claims builds.
search_sql() {
    printf '%s' "SELECT count(*) FROM (SELECT 1 FROM claim_search WHERE claim_search MATCH '$1' LIMIT 20001); SELECT b.rowid, c.text, c.status, b.score, snippet(claim_search, -1, char(1), char(2), '…', 16) FROM (SELECT rowid, score FROM (SELECT rowid, bm25(claim_search, 10.0, 4.0, 1.0, 2.0) AS score FROM claim_search WHERE claim_search MATCH '$1' ORDER BY rowid DESC LIMIT 20000) ORDER BY score, rowid LIMIT 20) b JOIN claim_search f ON f.rowid = b.rowid JOIN claims c ON c.id = b.rowid WHERE claim_search MATCH '$1' ORDER BY b.score, b.rowid"
}
# The 20 claims `claims search` shows, as sqlite3 finds them: the best of the newest 20,000
# matches by the same bm25 weights.
search_check_sql() {
    printf '%s' "SELECT rowid FROM (SELECT rowid, bm25(claim_search, 10.0, 4.0, 1.0, 2.0) AS score FROM claim_search WHERE claim_search MATCH '$1' ORDER BY rowid DESC LIMIT 20000) ORDER BY score, rowid LIMIT 20"
}
# JSON Lines export: sqlite3 writes the same lines (byte for byte, checked before timing) from
# the same five queries `claims export` runs (src/store/export.rs, lines), each row made into
# its line by json_object.
EXPORT_JSONL_SQL="SELECT json_object('type', 'source', 'uuid', uuid, 'id', id, 'name', name, 'kind', kind, 'role', role, 'affiliation', affiliation, 'aliases', json((SELECT json_group_array(alias) FROM (SELECT alias FROM source_aliases a WHERE a.source_id = sources.id ORDER BY alias_key))), 'reliability', reliability, 'created_at', created_at, 'removed_at', removed_at) FROM sources ORDER BY id; SELECT json_object('type', 'claim', 'uuid', c.uuid, 'id', c.id, 'text', c.text, 'tags', json((SELECT json_group_array(tag) FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag))), 'happened', c.happened, 'note', c.note, 'created_at', c.created_at, 'last_activity', c.last_activity, 'status', c.status, 'summary', c.summary, 'credibility', c.credibility, 'verdict', c.verdict, 'verdict_explanation', c.verdict_explanation, 'verdict_url', c.verdict_url, 'verdict_at', c.verdict_at, 'removed_at', c.removed_at) FROM claims c ORDER BY c.id; SELECT json_object('type', 'statement', 'uuid', s.uuid, 'id', s.id, 'claim', c.uuid, 'source', src.uuid, 'stance', s.stance, 'via', via.uuid, 'citing', cited.uuid, 'quote', s.quote, 'url', s.url, 'stated_at', s.stated_at, 'recorded_at', s.recorded_at, 'note', s.note, 'reliability', s.reliability, 'retracted_at', s.retracted_at, 'retraction_note', s.retraction_note, 'removed_at', s.removed_at) FROM statements s JOIN claims c ON c.id = s.claim_id JOIN sources src ON src.id = s.source_id LEFT JOIN sources via ON via.id = s.via_id LEFT JOIN sources cited ON cited.id = s.citing_id ORDER BY s.id; SELECT json_object('type', 'config', 'key', key, 'value', value) FROM config ORDER BY key; SELECT json_object('type', 'event', 'uuid', e.uuid, 'at', e.at, 'actor', e.actor, 'kind', e.kind, 'command', e.command, 'claim', c.uuid, 'payload', json(e.payload)) FROM events e LEFT JOIN claims c ON c.id = e.claim_id ORDER BY e.id"

if part cli; then
CLI_STARTED=$(date +%s)
CLI_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
# --- data --------------------------------------------------------------------------------------
ensure_db "$DB" "$CLAIMS_N" "$STATEMENTS_N"
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
ADD_CLAIMS="$BIN --db $ADD_DB add \"Benchmark claim from the claims binary\""
ADD_SQLITE="sqlite3 $ADD_DB \"INSERT INTO claims (uuid, text, status, summary, created_at, last_activity) VALUES (lower(hex(randomblob(16))), 'Benchmark claim from sqlite3', 'unverified', 'no statements yet', $NOW, $NOW)\""
# What `claims add` writes, as SQL: the claim row and its event, in one transaction.
ADD_SQLITE_EVENT="sqlite3 $ADD_DB \"BEGIN IMMEDIATE; INSERT INTO claims (uuid, text, status, summary, created_at, last_activity) VALUES (lower(hex(randomblob(16))), 'Benchmark claim from sqlite3', 'unverified', 'no statements yet', $NOW, $NOW); INSERT INTO events (uuid, at, actor, kind, command, claim_id, payload) VALUES (lower(hex(randomblob(16))), $NOW, 'bench', 'claim.added', lower(hex(randomblob(16))), last_insert_rowid(), json_object('claim', json_object('id', last_insert_rowid(), 'text', 'Benchmark claim from sqlite3'))); COMMIT\""

LIST_CLAIMS="$BIN --db $DB list --status unverified --limit 50"
LIST_CLAIMS_JSON="$BIN --db $DB list --status unverified --limit 50 --format json"
LIST_SQLITE="sqlite3 $DB \"$LIST_SQL\""

SHOW_ID=12345
if ((CLAIMS_N < SHOW_ID)); then SHOW_ID=$(((CLAIMS_N + 1) / 2)); fi
SHOW_CLAIMS="$BIN --db $DB show $SHOW_ID"
SHOW_SQL=$(show_sql "$SHOW_ID")
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
# As in the cli part: one string each, run by hyperfine without a shell (-N); import and export
# under `timed` (above), for their peak memory.
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
SEARCH_CLAIMS=()
SEARCH_SQLITE=()
for words in "${SEARCH_WORDS[@]}"; do
    SEARCH_CLAIMS+=("$BIN --db $IMPORT_DB search $words --limit 20")
    SEARCH_SQLITE+=("sqlite3 $IMPORT_DB \"$(search_sql "$words")\"")
done

# Export. JSON Lines: EXPORT_JSONL_SQL (above). CSV (one row per claim): one query giving the
# same cells as `claims export --format csv`, which reads each claim with its statements (as
# `show` does) and writes it.
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
    theirs=$(sqlite3 "$IMPORT_DB" "$(search_check_sql "${SEARCH_WORDS[$i]}")" | tr '\n' ' ' | sed 's/ $//')
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
    # hyperfine gives no standard deviation for a single run.
    if r.get("stddev") is None:
        return duration(r["median"])
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

if part suite; then
SUITE_STARTED=$(date +%s)
SUITE_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
# --- data --------------------------------------------------------------------------------------
ensure_db "$SUITE_DB" "$SUITE_CLAIMS" "$SUITE_STATEMENTS"
# The cli part's database, for the peak memory of the same commands on a tenth of the data.
ensure_db "$DB" "$CLAIMS_N" "$STATEMENTS_N"
log "writing $SUITE_SHEET ($SUITE_ROWS rows)"
"$GEN_CSV" "$SUITE_SHEET" "$SUITE_ROWS" 2>&1 | tee "$SUITE_SHEET.gen.log" >&2
fresh_copy() { # from to
    rm -f "$2" "$2-wal" "$2-shm"
    cp "$1" "$2"
}
log "copying $SUITE_DB and $DB for the commands that write (add, confirm, sqlite3 .import)"
fresh_copy "$SUITE_DB" "$SUITE_WRITE_DB"
fresh_copy "$DB" "$SMALL_WRITE_DB"
# Flush the copies now, or the first fsync of a run would write out the whole file; then warm
# the page cache with what the reads read.
sync
cat "$SUITE_DB" "$DB" "$SUITE_SHEET" >/dev/null

# --- commands ----------------------------------------------------------------------------------
# One string each, as in the other parts. `suite_claims OP READ_DB WRITE_DB IMPORT_DB` is the
# claims command of an operation, `suite_sqlite …` its baseline: add and confirm write to a copy
# (WRITE_DB), import into a fresh copy made before each run (IMPORT_DB, claims) or into a bare
# table in the write copy (sqlite3), the rest read the database itself.
SHOW_ID=12345
if ((CLAIMS_N < SHOW_ID)); then SHOW_ID=$(((CLAIMS_N + 1) / 2)); fi
CONFIRM_ID=54321
if ((CLAIMS_N < CONFIRM_ID)); then CONFIRM_ID=$(((CLAIMS_N + 2) / 3)); fi
# Search, on gen_bench_db's vocabulary: a word in one claim in six (`ceasefire`), two words
# both in about one in seventy, and a word of one claim only (its report number, in its text,
# quote and url).
SUITE_OPS=(add confirm list show search-common search-two search-rare import export)
suite_words() {
    case $1 in
    search-common) echo "ceasefire" ;;
    search-two) echo "doha ceasefire" ;;
    search-rare) echo "$SHOW_ID" ;;
    esac
}
suite_claims() { # op read_db write_db import_db
    case $1 in
    add) echo "$BIN --db $3 add \"Benchmark claim from the claims binary\"" ;;
    confirm) echo "$BIN --db $3 confirm $CONFIRM_ID" ;;
    list) echo "$BIN --db $2 list --status unverified --limit 50" ;;
    show) echo "$BIN --db $2 show $SHOW_ID" ;;
    search-*) echo "$BIN --db $2 search $(suite_words "$1") --limit 20" ;;
    import) echo "$BIN --db $4 import $SUITE_SHEET" ;;
    export) echo "$BIN --db $2 export" ;;
    esac
}
suite_sqlite() { # op read_db write_db
    local desk
    case $1 in
    add) echo "sqlite3 $3 \"INSERT INTO claims (uuid, text, status, summary, created_at, last_activity) VALUES (lower(hex(randomblob(16))), 'Benchmark claim from sqlite3', 'unverified', 'no statements yet', $NOW, $NOW)\"" ;;
    confirm)
        # What `claims confirm ID` writes, short of grading: the desk's statement, its event,
        # and the claim's last activity, in one transaction.
        # The desk claims records it under: the latest (claims has run once before this).
        desk=$(sqlite3 "$3" "SELECT id FROM sources WHERE kind = 'desk' ORDER BY id DESC LIMIT 1")
        echo "sqlite3 $3 \"BEGIN IMMEDIATE; INSERT INTO statements (uuid, claim_id, source_id, stance, stated_at, recorded_at) VALUES (lower(hex(randomblob(16))), $CONFIRM_ID, $desk, 'confirms', $NOW, $NOW); INSERT INTO events (uuid, at, actor, kind, command, claim_id, payload) VALUES (lower(hex(randomblob(16))), $NOW, 'bench', 'statement.added', lower(hex(randomblob(16))), $CONFIRM_ID, json_object('statement', json_object('id', last_insert_rowid(), 'claim_id', $CONFIRM_ID, 'stance', 'confirms'))); UPDATE claims SET last_activity = $NOW WHERE id = $CONFIRM_ID; COMMIT\""
        ;;
    list) echo "sqlite3 $2 \"$LIST_SQL\"" ;;
    show) echo "sqlite3 $2 \"$(show_sql "$SHOW_ID")\"" ;;
    search-*) echo "sqlite3 $2 \"$(search_sql "$(suite_words "$1")")\"" ;;
    import) echo "sqlite3 -csv $3 \".import --skip 1 $SUITE_SHEET t\"" ;;
    export) echo "sqlite3 $2 \"$EXPORT_JSONL_SQL\"" ;;
    esac
}
# Not timed: before each claims import, a fresh copy of the database; before each sqlite3
# .import, a fresh bare table in the write copy. Both then `sync`, so that no run pays for the
# writing out of the one before.
SUITE_IMPORT_CLAIMS_PREPARE="bash -c \"rm -f $SUITE_IMPORT_DB $SUITE_IMPORT_DB-wal $SUITE_IMPORT_DB-shm && cp $SUITE_DB $SUITE_IMPORT_DB && sync\""
SUITE_IMPORT_SQLITE_PREPARE="bash -c \"sqlite3 $SUITE_WRITE_DB 'DROP TABLE IF EXISTS t; CREATE TABLE t ($SHEET_COLUMNS)' && sync\""

# Every command must succeed once before it is timed (import and export: below).
sqlite3 "$SUITE_WRITE_DB" "DROP TABLE IF EXISTS t; CREATE TABLE t ($SHEET_COLUMNS)"
sqlite3 "$SMALL_WRITE_DB" "DROP TABLE IF EXISTS t; CREATE TABLE t ($SHEET_COLUMNS)"
for op in add confirm list show search-common search-two search-rare; do
    eval "$(suite_claims "$op" "$SUITE_DB" "$SUITE_WRITE_DB" "$SUITE_IMPORT_DB")" >/dev/null
    eval "$(suite_sqlite "$op" "$SUITE_DB" "$SUITE_WRITE_DB")" >/dev/null
done

# The same claims, in the same order, on both sides.
SUITE_CHECKS=$DATA/suite-checks.txt
: >"$SUITE_CHECKS"
for op in search-common search-two search-rare; do
    words=$(suite_words "$op")
    ours=$(eval "$(suite_claims "$op" "$SUITE_DB") --format json" | python3 -c 'import json, sys; print(" ".join(str(h["claim"]) for h in json.load(sys.stdin)))')
    theirs=$(sqlite3 "$SUITE_DB" "$(search_check_sql "$words")" | tr '\n' ' ' | sed 's/ $//')
    if [[ -n $ours && $ours == "$theirs" ]]; then
        printf '%s\tthe same claims (%s) in the same order\n' "$op" "$(wc -w <<<"$ours")" >>"$SUITE_CHECKS"
    else
        printf '%s\tDIFFERENT: claims [%s], sqlite3 [%s]\n' "$op" "$ours" "$theirs" >>"$SUITE_CHECKS"
    fi
done
log "export: checking that the baseline writes what claims writes"
eval "$(suite_claims export "$SUITE_DB")" >"$DATA/suite-export-claims.jsonl"
eval "$(suite_sqlite export "$SUITE_DB")" >"$DATA/suite-export-sqlite3.jsonl"
if cmp -s "$DATA/suite-export-claims.jsonl" "$DATA/suite-export-sqlite3.jsonl"; then
    same="the same byte for byte"
else
    same="NOT the same ($(cmp "$DATA/suite-export-claims.jsonl" "$DATA/suite-export-sqlite3.jsonl" | head -n 1))"
fi
printf 'export\t%s (%s lines, %s MiB)\n' "$same" "$(wc -l <"$DATA/suite-export-claims.jsonl")" \
    "$(($(stat -c %s "$DATA/suite-export-claims.jsonl") / 1048576))" >>"$SUITE_CHECKS"
rm -f "$DATA/suite-export-claims.jsonl" "$DATA/suite-export-sqlite3.jsonl"
cat "$SUITE_CHECKS" >&2

# --- timing ------------------------------------------------------------------------------------
log "suite: add, confirm, list, show and search on $SUITE_DB, each beside sqlite3"
fast_args=()
for op in add confirm list show search-common search-two search-rare; do
    fast_args+=(-n "claims $op" "$(suite_claims "$op" "$SUITE_DB" "$SUITE_WRITE_DB")")
    fast_args+=(-n "sqlite3 $op" "$(suite_sqlite "$op" "$SUITE_DB" "$SUITE_WRITE_DB")")
done
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --style basic \
    --export-json "$DATA/suite-fast.json" "${fast_args[@]}"

log "suite: import of $SUITE_SHEET into a copy of $SUITE_DB, beside sqlite3 .import, $IMPORT_RUNS runs each"
rm -f "$(rss_file suite-import-claims)" "$(rss_file suite-import-sqlite3)"
hyperfine -N --warmup 0 --runs "$IMPORT_RUNS" --style basic \
    --export-json "$DATA/suite-import.json" \
    --prepare "$SUITE_IMPORT_CLAIMS_PREPARE" --prepare "$SUITE_IMPORT_SQLITE_PREPARE" \
    -n "claims import" "$(timed suite-import-claims "$(suite_claims import "$SUITE_DB" "$SUITE_WRITE_DB" "$SUITE_IMPORT_DB")")" \
    -n "sqlite3 import" "$(timed suite-import-sqlite3 "$(suite_sqlite import "$SUITE_DB" "$SUITE_WRITE_DB")")"
SUITE_IMPORTED=$(sqlite3 "$SUITE_IMPORT_DB" "SELECT (SELECT count(*) FROM claims) - $SUITE_CLAIMS") || SUITE_IMPORTED="?"
rm -f "$SUITE_IMPORT_DB" "$SUITE_IMPORT_DB-wal" "$SUITE_IMPORT_DB-shm"

log "suite: export of $SUITE_DB, beside sqlite3, $EXPORT_RUNS runs each"
rm -f "$(rss_file suite-export-claims)" "$(rss_file suite-export-sqlite3)"
hyperfine -N --warmup 0 --runs "$EXPORT_RUNS" --style basic \
    --export-json "$DATA/suite-export.json" \
    -n "claims export" "$(timed suite-export-claims "$(suite_claims export "$SUITE_DB")")" \
    -n "sqlite3 export" "$(timed suite-export-sqlite3 "$(suite_sqlite export "$SUITE_DB")")"

# --- peak memory -------------------------------------------------------------------------------
# On both databases: RSS_RUNS runs of each quick command; import and export, the timed runs on
# the large database (above) and one run on the small one.
log "suite: peak memory, $RSS_RUNS runs of each quick command on both databases"
RSS_FILE=$DATA/suite-rss.tsv
: >"$RSS_FILE"
for op in add confirm list show search-common search-two search-rare; do
    rss "large claims $op" "$(suite_claims "$op" "$SUITE_DB" "$SUITE_WRITE_DB")"
    rss "large sqlite3 $op" "$(suite_sqlite "$op" "$SUITE_DB" "$SUITE_WRITE_DB")"
    rss "small claims $op" "$(suite_claims "$op" "$DB" "$SMALL_WRITE_DB")"
    rss "small sqlite3 $op" "$(suite_sqlite "$op" "$DB" "$SMALL_WRITE_DB")"
done
log "suite: peak memory of import and export on $DB, one run each"
fresh_copy "$DB" "$SMALL_IMPORT_DB"
sync
small_once() { # name command
    /usr/bin/time -f %M -o "$DATA/rss.tmp" bash -c "$2" >/dev/null
    printf '%s\t%s\n' "$1" "$(tail -n 1 "$DATA/rss.tmp")" >>"$RSS_FILE"
    rm -f "$DATA/rss.tmp"
}
small_once "small claims import" "$(suite_claims import "$DB" "$SMALL_WRITE_DB" "$SMALL_IMPORT_DB")"
small_once "small sqlite3 import" "$(suite_sqlite import "$DB" "$SMALL_WRITE_DB")"
small_once "small claims export" "$(suite_claims export "$DB")"
small_once "small sqlite3 export" "$(suite_sqlite export "$DB")"
rm -f "$SMALL_IMPORT_DB" "$SMALL_IMPORT_DB-wal" "$SMALL_IMPORT_DB-shm"

# --- report ------------------------------------------------------------------------------------
SUITE_SECONDS=$(($(date +%s) - SUITE_STARTED))
SUITE_COMMANDS=$DATA/suite-commands.tsv
: >"$SUITE_COMMANDS"
for op in "${SUITE_OPS[@]}"; do
    printf '%s\t%s\t%s\n' "$op" "$(suite_claims "$op" "$SUITE_DB" "$SUITE_WRITE_DB" "$SUITE_IMPORT_DB")" \
        "$(suite_sqlite "$op" "$SUITE_DB" "$SUITE_WRITE_DB")" >>"$SUITE_COMMANDS"
done
export DB CLAIMS_N STATEMENTS_N SUITE_DB SUITE_CLAIMS SUITE_STATEMENTS SUITE_ROWS SUITE_SHEET
export SUITE_SECONDS SUITE_LOAD SUITE_CHECKS SUITE_COMMANDS SUITE_IMPORTED RSS_FILE IMPORT_RUNS
export EXPORT_RUNS SUITE_IMPORT_CLAIMS_PREPARE SUITE_IMPORT_SQLITE_PREPARE
python3 - >"$DATA/suite-block.md" <<'PY'
import glob, json, os, platform, subprocess, sys
from datetime import datetime, timezone

env = os.environ
data = env["DATA"]

timed = {}
for run in ("suite-fast", "suite-import", "suite-export"):
    with open(os.path.join(data, run + ".json")) as f:
        timed.update({r["command"]: r for r in json.load(f)["results"]})

rss = {}
with open(env["RSS_FILE"]) as f:
    for line in f:
        name, kib = line.rstrip("\n").split("\t")
        rss.setdefault(name, []).append(int(kib))
for size, slug in (("large", "suite-import"), ("large", "suite-export")):
    for side in ("claims", "sqlite3"):
        try:
            with open(os.path.join(data, f"rss-{slug}-{side}.txt")) as f:
                op = slug.split("-", 1)[1]
                rss.setdefault(f"{size} {side} {op}", []).extend(
                    int(line) for line in f if line.strip().isdigit())
        except OSError:
            pass

def peak(name):
    values = rss.get(name)
    return max(values) / 1024 if values else None

def mib(value):
    return f"{value:.1f} MiB" if value is not None else "n/a"

def duration(seconds):
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"

def spread(r):
    # hyperfine gives no standard deviation for a single run.
    if r.get("stddev") is None:
        return duration(r["median"])
    return f"{duration(r['median'])} ± {duration(r['stddev'])}"

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except Exception:
        return "?"

commands = {}
with open(env["SUITE_COMMANDS"]) as f:
    for line in f:
        op, ours, theirs = line.rstrip("\n").split("\t")
        commands[op] = (ours, theirs)
checks = {}
with open(env["SUITE_CHECKS"]) as f:
    for line in f:
        op, text = line.rstrip("\n").split("\t", 1)
        checks[op] = text

def words(op):
    return commands[op][0].split(" search ", 1)[1].rsplit(" --limit", 1)[0]

large, small = int(env["SUITE_CLAIMS"]), int(env["CLAIMS_N"])
rows_n = int(env["SUITE_ROWS"])
READ_MS = 50
FLAT = 1.25
# (operation, op, ratio target, is a read with the 50 ms target)
rows = [
    ("`add`", "add", 2.0, False),
    ("`confirm ID` (the desk)", "confirm", 2.0, False),
    ("`list --status unverified --limit 50`", "list", 2.0, True),
    ("`show ID`", "show", 2.0, True),
    (f"`search {words('search-common')}` (a word in one claim in six)", "search-common", 2.0,
     True),
    (f"`search {words('search-two')}` (two words)", "search-two", 2.0, True),
    (f"`search {words('search-rare')}` (one claim)", "search-rare", 2.0, True),
    (f"`import`, {rows_n:,} CSV rows into a copy", "import", 3.0, False),
    ("`export` (JSON Lines, everything)", "export", 2.0, False),
]

cpu = "?"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
mem_gib = "?"
with open("/proc/meminfo") as f:
    for line in f:
        if line.startswith("MemTotal:"):
            mem_gib = f"{int(line.split()[1]) / 2**20:.0f} GiB"
os_name = platform.system()
try:
    with open("/etc/os-release") as f:
        for line in f:
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
except OSError:
    pass
bundled = "?"
for header in glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/libsqlite3-sys-*/sqlite3/sqlite3.h")):
    crate = header.split("/libsqlite3-sys-")[1].split("/")[0]
    lock = open("Cargo.lock").read()
    if f'name = "libsqlite3-sys"\nversion = "{crate}"' in lock:
        with open(header) as f:
            for line in f:
                if line.startswith("#define SQLITE_VERSION "):
                    bundled = f"{line.split()[2].strip(chr(34))} (bundled by libsqlite3-sys {crate})"
                    break

def gen_seconds(db):
    try:
        with open(db + ".gen-seconds") as f:
            return float(f.read().strip())
    except (OSError, ValueError):
        return None

large_gen = gen_seconds(env["SUITE_DB"])
small_gen = gen_seconds(env["DB"])
large_mib = os.path.getsize(env["SUITE_DB"]) / 2**20
small_mib = os.path.getsize(env["DB"]) / 2**20

out = []
out.append(f"Run of {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, "
           f"`BENCH_PARTS=suite bash benches/cli.sh`, from {env['BUILT_FROM']}. Machine: "
           f"{cpu}, {version(['nproc'])} cores (`nproc`), {mem_gib} RAM, {os_name}, Linux "
           f"{platform.release()}; {version(['rustc', '--version'])}; claims on SQLite "
           f"{bundled}; baseline sqlite3 {version(['sqlite3', '-version']).split(' ')[0]}; "
           f"{version(['hyperfine', '--version'])}. A shared VM, with other people's builds "
           f"and tests running beside it: load average {env['SUITE_LOAD']} when the part "
           f"started. The part took {int(env['SUITE_SECONDS']) / 60:.0f} min.")
out.append("")
out.append(f"Database: `{env['SUITE_DB']}`, {large:,} claims, "
           f"{int(env['SUITE_STATEMENTS']):,} statements, {large_mib:,.0f} MiB, made through "
           f"the library by `gen_bench_db`"
           + (f" in {large_gen / 60:.1f} min" if large_gen else "") + "; "
           f"the peak memory column at {small:,} claims is from `{env['DB']}` "
           f"({int(env['STATEMENTS_N']):,} statements, {small_mib:,.0f} MiB"
           + (f", made in {small_gen / 60:.1f} min" if small_gen else "") + "). "
           f"Quick commands: {env['WARMUP']} warm-up runs, then {env['RUNS']} timed runs each, "
           f"all in one hyperfine run (`-N`, no shell), each beside its baseline; peak memory "
           f"the largest max RSS of {env['RSS_RUNS']} more runs under `/usr/bin/time -f %M`. "
           f"Import and export: {env['IMPORT_RUNS']} and {env['EXPORT_RUNS']} timed runs, no "
           f"warm-up, peak memory the largest of those runs (at {small:,} claims: one run).")
out.append("")
out.append(f"| operation | claims median | sqlite3 median | ratio | targets | claims peak RSS "
           f"at {small:,} | at {large:,} |")
out.append("|---|---:|---:|---:|---|---:|---:|")
missed = []
for label, op, target, read in rows:
    c, b = timed[f"claims {op}"], timed[f"sqlite3 {op}"]
    ratio = c["median"] / b["median"]
    verdicts = []
    ok = ratio <= target
    verdicts.append(f"≤ {target:g}× {'✓' if ok else '✗'}")
    if not ok:
        missed.append(f"{op} ratio")
    if read:
        ok = c["median"] * 1000 < READ_MS
        verdicts.append(f"< {READ_MS} ms {'✓' if ok else '✗'}")
        if not ok:
            missed.append(f"{op} time")
    at_small, at_large = peak(f"small claims {op}"), peak(f"large claims {op}")
    if at_small is not None and at_large is not None:
        ok = at_large <= FLAT * at_small
        verdicts.append(f"flat {'✓' if ok else '✗'}")
        if not ok:
            missed.append(f"{op} memory")
    out.append(f"| {label} | {spread(c)} | {spread(b)} | {ratio:.2f}× | "
               f"{', '.join(verdicts)} | {mib(at_small)} | {mib(at_large)} |")
out.append("")
out.append(f"Medians ± standard deviation; the ratio is claims' median over sqlite3's, from the "
           f"same hyperfine run. Targets (issue 5): ratio at most 2 (3 for import); reads "
           f"(`list`, `show`, `search`) under {READ_MS} ms; memory flat with size, read here as "
           f"a peak at {large:,} claims at most {FLAT:g}× the peak at {small:,}. Peak memory of "
           f"the baselines at {large:,} claims: "
           + ", ".join(f"{op} {mib(peak(f'large sqlite3 {op}'))}" for _, op, _, _ in rows)
           + ".")
out.append("")
out.append("Checked before timing: search "
           + "; ".join(f"`{words(op)}`: {checks.get(op, '?')}"
                       for op in ("search-common", "search-two", "search-rare"))
           + f"; the sqlite3 export is {checks.get('export', '?')} as claims'. The import "
           f"added {env['SUITE_IMPORTED']} claims.")
out.append("")
out.append("Commands, exactly as timed (import and export each under `/usr/bin/time -f %M -a "
           "-o bench-data/rss-suite-….txt`, and each import run prepared, untimed, by the "
           "command before it):")
out.append("")
out.append("```sh")
for _, op, _, _ in rows:
    ours, theirs = commands[op]
    if op == "import":
        out.append(f"# claims import, prepared by")
        out.append(env["SUITE_IMPORT_CLAIMS_PREPARE"])
    out.append(f"# claims {op}")
    out.append(ours)
    if op == "import":
        out.append(f"# sqlite3 .import, prepared by")
        out.append(env["SUITE_IMPORT_SQLITE_PREPARE"])
    out.append(f"# sqlite3 {op}")
    out.append(theirs)
out.append("```")
print("\n".join(out))
print(f"\nwritten to {env['REPORT']}" + (f"; missed: {', '.join(missed)}" if missed else ""),
      file=sys.stderr)
PY
write_block suite <"$DATA/suite-block.md"
cat "$DATA/suite-block.md"
fi # part suite

log "done in $((($(date +%s) - SCRIPT_STARTED) / 60)) min"
