#!/usr/bin/env bash
# Command-line benchmarks of `claims` against the sqlite3 CLI doing the same SQL, measured side
# by side in one hyperfine run per pair, on a database of 100,000 claims and 300,000 statements.
#
#   bash benches/cli.sh
#
# Builds the release binary and examples/gen_bench_db, generates bench-data/bench.db once (and
# reuses it after; delete it to make a new one), installs hyperfine, sqlite3 and GNU time if they
# are missing, runs the benchmarks, and writes the results table into BENCHMARKS.md between
# the markers `<!-- bench:begin -->` and `<!-- bench:end -->`. Raw hyperfine JSON is kept in
# bench-data/. A missed target is reported in the table with ✗; it does not fail the script.
#
# Environment (all optional):
#   BENCH_CLAIMS, BENCH_STATEMENTS  database size (default 100000 and 300000). Any other size
#                                   uses its own file and does not touch BENCHMARKS.md.
#   BENCH_RUNS, BENCH_WARMUP        hyperfine runs and warm-up runs per command (30 and 3)
#   BENCH_RSS_RUNS                  runs under /usr/bin/time for peak memory (5)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLAIMS_N=${BENCH_CLAIMS:-100000}
STATEMENTS_N=${BENCH_STATEMENTS:-300000}
RUNS=${BENCH_RUNS:-30}
WARMUP=${BENCH_WARMUP:-3}
RSS_RUNS=${BENCH_RSS_RUNS:-5}
DATA=bench-data
BIN=target/release/claims
GEN=target/release/examples/gen_bench_db

if [[ $CLAIMS_N == 100000 && $STATEMENTS_N == 300000 ]]; then
    DB=$DATA/bench.db
    REPORT=BENCHMARKS.md
else
    DB=$DATA/bench-$CLAIMS_N-$STATEMENTS_N.db
    REPORT=$DATA/results-$CLAIMS_N-$STATEMENTS_N.md
fi
ADD_DB=$DATA/add.db

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
log "cargo build --release --bin claims --example gen_bench_db"
cargo build --release --quiet --bin claims --example gen_bench_db

# --- data --------------------------------------------------------------------------------------
mkdir -p "$DATA"
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
export DATA DB REPORT CLAIMS_N STATEMENTS_N RUNS WARMUP RSS_RUNS RSS_FILE
export ADD_CLAIMS ADD_SQLITE ADD_SQLITE_EVENT LIST_CLAIMS LIST_CLAIMS_JSON LIST_SQLITE
export SHOW_CLAIMS SHOW_SQLITE CONFIRM_DESK CONFIRM_NAMED FLOOR_CLAIMS FLOOR_SQLITE
python3 - <<'PY'
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
           f"claims built with `cargo build --release`.")
out.append("")
out.append(f"Database: `{env['DB']}`, {int(env['CLAIMS_N']):,} claims, "
           f"{int(env['STATEMENTS_N']):,} statements, {db_mib:.0f} MiB"
           + (f", generated in {gen_seconds} s" if gen_seconds else "") + ". "
           f"Each command: {env['WARMUP']} warm-up runs, then {env['RUNS']} timed runs "
           f"(hyperfine `-N`, no shell); peak memory is the largest max RSS of "
           f"{env['RSS_RUNS']} runs under `/usr/bin/time -f %M`.")
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

report = env["REPORT"]
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
text = open(report).read() if os.path.exists(report) else ""
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = f"{head}{begin}\n{block}\n{end}{tail}"
else:
    text = f"{text}{begin}\n{block}\n{end}\n"
with open(report, "w") as f:
    f.write(text)

print(block)
print(f"\nwritten to {report}" + (f"; missed: {', '.join(missed)}" if missed else ""),
      file=sys.stderr)
PY
