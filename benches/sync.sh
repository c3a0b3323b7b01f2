#!/usr/bin/env bash
# Team sync (issue 14) against its baselines, each pair side by side in one hyperfine run, on
# the benchmark database of 100,000 claims and 300,000 statements (gen_bench_db, as cli.sh):
#
#   bash benches/sync.sh
#
#   push        `claims sync` of the whole history into an empty remote (the schema made
#               beforehand, as for the baseline)   vs  `psql \copy` of the same events, read
#               from a CSV file, into the same empty table                      target 3x
#   pull        `claims sync` of a new, empty file from that remote   vs  `claims import` of
#               the JSON Lines export of the same database into a new file       target 2x
#   nothing     `claims sync` with nothing to push or pull   vs  `psql -c 'select 1'` with
#               the same URL                                                     target 2x
#   ten at once ten small replicas (1,000 claims, 3,000 statements each, their own, made by
#               `claims import` of a sheet) start
#               `claims sync` at the same moment against one empty remote, twice (the second
#               round pulls what the first could not see yet); the time of each round and of
#               its slowest sync, against the same twenty syncs run one after another
#
# PostgreSQL: the server named by CLAIMS_BENCH_PG (a libpq URL of a role that may create
# databases; no password in it, PGPASSWORD or ~/.pgpass as usual), else one of the script's
# own, made as tests/support/pg.rs makes one: initdb from the newest /usr/lib/postgresql/*/bin
# into a temporary folder, trust authentication, a free loopback port, run as the `postgres`
# user when the script runs as root; stopped and removed at the end. Its settings are
# PostgreSQL's defaults (fsync on), bar the port and the socket folder.
#
# Prints a Markdown table (medians, ratio to the baseline's median from the same hyperfine
# run, target) and writes it between the `bench:sync` markers of BENCHMARKS.md.
#
# Environment (all optional):
#   CLAIMS_BENCH_PG     a server to use instead of a private one
#   BENCH_SYNC_RUNS     timed runs of each long command (3) and of the short ones (x10)
#   BENCH_REPORT        the file the table is written to (BENCHMARKS.md)
#   BENCH_SYNC_CLAIMS   claims of the history (100000; three statements each), for a quick try
#   BENCH_TEN_RUNS      runs of the ten replicas, at once and one after another (3)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_SYNC_RUNS:-3}
REPORT=${BENCH_REPORT:-BENCHMARKS.md}
DATA=bench-data
SYNC=$DATA/sync
BIN=$DATA/bin/claims-sync
GEN=target/release/examples/gen_bench_db
CLAIMS_N=${BENCH_SYNC_CLAIMS:-100000}
STATEMENTS_N=$((CLAIMS_N * 3))
DB=$DATA/bench.db
[[ $CLAIMS_N == 100000 ]] || DB=$DATA/sync-$CLAIMS_N.db

log() { printf '==> %s\n' "$*" >&2; }
gone() { # database files…: removed with their -wal and -shm
    local db
    for db in "$@"; do rm -f "$db" "$db-wal" "$db-shm" "$db-journal"; done
}

command -v hyperfine >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >&2
command -v psql >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >&2

log "cargo build --release --bin claims --example gen_bench_db"
cargo build --release --quiet --bin claims --example gen_bench_db
mkdir -p "$DATA/bin" "$SYNC"
cp target/release/claims "$BIN"
BUILT_FROM="commit $(git rev-parse --short HEAD)"
if [[ -n $(git status --porcelain --untracked-files=no -- src migrations Cargo.toml Cargo.lock) ]]; then
    BUILT_FROM="$BUILT_FROM with changes not committed"
fi
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the server --------------------------------------------------------------------------------
PG_DIR=
stop_server() {
    if [[ -n $PG_DIR ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ -n ${CLAIMS_BENCH_PG:-} ]]; then
    BASE=${CLAIMS_BENCH_PG%/*}
    ADMIN_URL=$CLAIMS_BENCH_PG
    log "using the server of CLAIMS_BENCH_PG"
else
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    PG_DIR=$(mktemp -d /tmp/claims-bench-pg.XXXXXX)
    trap stop_server EXIT
    [[ $(id -u) == 0 ]] && chown postgres: "$PG_DIR"
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    log "starting a PostgreSQL of the benchmark's own on port $PORT ($PG_BIN)"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
    BASE="postgresql://bench@127.0.0.1:$PORT"
    ADMIN_URL="$BASE/postgres"
fi
PG_VERSION=$(psql "$ADMIN_URL" -Atc 'SHOW server_version')
url() { printf '%s/%s?sslmode=disable' "$BASE" "$1"; }
fresh_db() { # name: an empty database of that name
    psql "$ADMIN_URL" -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
}

# --- data --------------------------------------------------------------------------------------
if [[ ! -f $DB ]]; then
    log "generating $DB ($CLAIMS_N claims, $STATEMENTS_N statements), once"
    gone "$DB.partial"
    "$GEN" "$DB.partial" "$CLAIMS_N" "$STATEMENTS_N" >&2
    mv "$DB.partial" "$DB"
else
    log "reusing $DB"
fi
EVENTS=$(sqlite3 "$DB" 'SELECT count(*) FROM events')
log "$EVENTS events"

# One untimed push makes the reference remote: its schema (kept as SQL, to make each empty
# remote with), its events as CSV (the baseline's input), and the remote the pulls read.
PUSH_DB=$SYNC/push.db
REF=claims_bench_ref
fresh_db $REF
gone "$PUSH_DB"
cp "$DB" "$PUSH_DB"
log "untimed: push into $REF"
CLAIMS_REMOTE=$(url $REF) "$BIN" --db "$PUSH_DB" sync >&2
[[ $(psql "$(url $REF)" -Atc 'SELECT count(*) FROM claims_sync.events') == "$EVENTS" ]] || {
    log "the reference remote does not hold $EVENTS events"
    exit 1
}
pg_dump --schema-only --schema=claims_sync --no-owner "$(url $REF)" >"$SYNC/schema.sql"
pg_dump --data-only --table=claims_sync.meta "$(url $REF)" >>"$SYNC/schema.sql"
COLUMNS="uuid, replica, command, at, actor, kind, payload"
psql "$(url $REF)" -q -c "\\copy (SELECT $COLUMNS FROM claims_sync.events ORDER BY seq) TO '$SYNC/events.csv' CSV"
log "untimed: claims export of $DB"
"$BIN" --db "$DB" export >"$SYNC/export.jsonl"

# Everything each timed run starts from, made untimed by hyperfine's --prepare.
cat >"$SYNC/prepare.sh" <<EOF
#!/usr/bin/env bash
# push-remote: an empty remote with the schema; push-file: the file as it was before any sync;
# pull / import: no output file.
set -euo pipefail
case \$1 in
push-remote)
    psql "$ADMIN_URL" -q -c "DROP DATABASE IF EXISTS claims_bench_push" -c "CREATE DATABASE claims_bench_push" >/dev/null
    psql "$(url claims_bench_push)" -q -f "$SYNC/schema.sql" >/dev/null
    [[ \${2:-} == file ]] && { rm -f "$PUSH_DB" "$PUSH_DB-wal" "$PUSH_DB-shm"; cp "$DB" "$PUSH_DB"; }
    ;;
out)
    rm -f "$SYNC/out.db" "$SYNC/out.db-wal" "$SYNC/out.db-shm"
    ;;
esac
sync
EOF
chmod +x "$SYNC/prepare.sh"

HF=(hyperfine --style basic --warmup 0)

log "push vs psql \\copy ($RUNS runs each)"
CLAIMS_REMOTE=$(url claims_bench_push) "${HF[@]}" --runs "$RUNS" --export-json "$SYNC/push.json" \
    --prepare "$SYNC/prepare.sh push-remote file" -n "claims sync (push)" \
    "$BIN --db $PUSH_DB sync" \
    --prepare "$SYNC/prepare.sh push-remote" -n "psql \\copy" \
    "psql '$(url claims_bench_push)' -q -c \"\\copy claims_sync.events ($COLUMNS) FROM '$SYNC/events.csv' CSV\"" >&2

log "pull vs claims import ($RUNS runs each)"
CLAIMS_REMOTE=$(url $REF) "${HF[@]}" --runs "$RUNS" --export-json "$SYNC/pull.json" \
    --prepare "$SYNC/prepare.sh out" -n "claims sync (pull)" \
    "$BIN --db $SYNC/out.db sync" \
    --prepare "$SYNC/prepare.sh out" -n "claims import" \
    "$BIN --db $SYNC/out.db import $SYNC/export.jsonl" >&2
[[ $(sqlite3 "$SYNC/out.db" 'SELECT count(*) FROM events') == "$EVENTS" ]] || {
    log "the JSON Lines import does not hold $EVENTS events"
    exit 1
}

log "a sync with nothing to do vs psql -c 'select 1'"
gone "$SYNC/out.db"
CLAIMS_REMOTE=$(url $REF) "$BIN" --db "$SYNC/out.db" sync >&2
[[ $(sqlite3 "$SYNC/out.db" 'SELECT count(*) FROM events') == "$EVENTS" ]] || {
    log "the pulled file does not hold $EVENTS events"
    exit 1
}
CLAIMS_REMOTE=$(url $REF) hyperfine --style basic -N --warmup 3 --runs $((RUNS * 10)) --export-json "$SYNC/nothing.json" \
    -n "claims sync (nothing to do)" "$BIN --db $SYNC/out.db sync" \
    -n "psql -c 'select 1'" "psql $(url $REF) -Atqc 'select 1'" >&2

# --- ten replicas at once ----------------------------------------------------------------------
log "ten replicas of 1,000 claims each"
# Each imports a sheet of its own: sources of the same name on two replicas would stop the pull
# (sync does not make them one yet), so each replica's names carry its number.
for i in $(seq 0 9); do
    if [[ ! -f $SYNC/small-$i.seed.db ]]; then
        awk -v r="$i" 'BEGIN {
            print "claim,source,stance"
            split("asserts confirms denies", stance, " ")
            for (c = 0; c < 1000; c++)
                for (s = 0; s < 3; s++)
                    printf "Replica %d claim %d about the harbour,Replica %d witness %d,%s\n", r, c, r, (c * 3 + s) % 60, stance[s + 1]
        }' >"$SYNC/small-$i.csv"
        gone "$SYNC/small-$i.seed.db"
        "$BIN" --db "$SYNC/small-$i.seed.db" import "$SYNC/small-$i.csv" >/dev/null
    fi
done
SMALL_EVENTS=$(($(sqlite3 "$SYNC/small-0.seed.db" 'SELECT count(*) FROM events') * 10))
# Prints the wall time of one round and the time of its slowest sync, in seconds.
round() { # parallel|serial
    local i start pids=()
    start=$(date +%s.%N)
    for i in $(seq 0 9); do
        if [[ $1 == parallel ]]; then
            (s=$(date +%s.%N); CLAIMS_REMOTE=$(url claims_bench_ten) "$BIN" --db "$SYNC/small-$i.db" sync >/dev/null
                e=$(date +%s.%N); echo "$s $e" >"$SYNC/small-$i.time") &
            pids+=($!)
        else
            s=$(date +%s.%N)
            CLAIMS_REMOTE=$(url claims_bench_ten) "$BIN" --db "$SYNC/small-$i.db" sync >/dev/null
            e=$(date +%s.%N)
            echo "$s $e" >"$SYNC/small-$i.time"
        fi
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    python3 -c "
import sys
spans = [tuple(map(float, open(f'$SYNC/small-{i}.time').read().split())) for i in range(10)]
print(f'{max(e for _, e in spans) - $start:.3f} {max(e - s for s, e in spans):.3f}')"
}
TEN_RUNS=${BENCH_TEN_RUNS:-3}
: >"$SYNC/ten.txt"
for mode in parallel serial; do
    for r in $(seq 1 "$TEN_RUNS"); do
        fresh_db claims_bench_ten
        for i in $(seq 0 9); do gone "$SYNC/small-$i.db"; cp "$SYNC/small-$i.seed.db" "$SYNC/small-$i.db"; done
        sync
        first=$(round "$mode")
        second=$(round "$mode")
        for i in $(seq 0 9); do
            got=$(sqlite3 "$SYNC/small-$i.db" 'SELECT count(*) FROM events')
            [[ $got == "$SMALL_EVENTS" ]] || {
                log "replica $i holds $got events after two rounds, not $SMALL_EVENTS"
                exit 1
            }
        done
        echo "$mode $first $second" >>"$SYNC/ten.txt"
        log "$mode run $r: first round (wall, slowest) $first, second $second"
    done
done

# --- the table ---------------------------------------------------------------------------------
TABLE=$(SYNC=$SYNC EVENTS=$EVENTS CLAIMS_N=$CLAIMS_N SMALL_EVENTS=$SMALL_EVENTS STARTED="$STARTED" LOAD="$LOAD" \
    BUILT_FROM="$BUILT_FROM" PG_VERSION="$PG_VERSION" RUNS=$RUNS TEN_RUNS=$TEN_RUNS python3 - <<'EOF'
import json, os, statistics
d = os.environ["SYNC"]
def medians(name):
    results = json.load(open(f"{d}/{name}.json"))["results"]
    return [(r["command"], statistics.median(r["times"])) for r in results]
def fmt(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
rows = []
for name, target, label in [("push", 3, "push the whole history into an empty remote"),
                            ("pull", 2, "pull it into an empty file"),
                            ("nothing", 2, "a sync with nothing to do")]:
    (cmd, t), (base, b) = medians(name)
    ratio = t / b
    mark = "✓" if ratio <= target else "✗"
    rows.append(f"| {label} | `{cmd}` {fmt(t)} | `{base}` {fmt(b)} | {ratio:.2f}× | {target}× {mark} |")
ten = [l.split() for l in open(f"{d}/ten.txt")]
def ten_median(mode, col):
    return statistics.median(float(r[col]) for r in ten if r[0] == mode)
par = [ten_median("parallel", c) for c in (1, 2, 3, 4)]
ser = [ten_median("serial", c) for c in (1, 2, 3, 4)]
print(f"Measured {os.environ['STARTED']} ({os.environ['BUILT_FROM']}; load before: "
      f"{os.environ['LOAD']}; PostgreSQL {os.environ['PG_VERSION']} on the same machine, "
      f"over loopback TCP without TLS). {int(os.environ['EVENTS']):,} events "
      f"({int(os.environ['CLAIMS_N']):,} claims, {int(os.environ['CLAIMS_N']) * 3:,} statements). Medians of {os.environ['RUNS']} runs (the short pair: "
      f"{int(os.environ['RUNS']) * 10}, after 3 warm-ups), each pair in one hyperfine run.")
print()
print("| operation | claims | baseline | ratio | target |")
print("|---|---|---|---|---|")
print("\n".join(rows))
print()
print(f"Ten replicas of {int(os.environ['SMALL_EVENTS']) // 10:,} events each (1,000 claims, 3,000 "
      f"statements), one empty remote, all ten started at once, twice (medians of "
      f"{os.environ['TEN_RUNS']} runs; the same twenty syncs one after another beside them):")
print()
print("| round | all ten at once: wall | slowest sync | one after another: wall | slowest sync |")
print("|---|---|---|---|---|")
print(f"| first (each pushes, pulls what is committed) | {fmt(par[0])} | {fmt(par[1])} | {fmt(ser[0])} | {fmt(ser[1])} |")
print(f"| second (each pulls the rest) | {fmt(par[2])} | {fmt(par[3])} | {fmt(ser[2])} | {fmt(ser[3])} |")
EOF
)
printf '%s\n' "$TABLE" | tee "$SYNC/results.md"
BLOCK="$TABLE" REPORT="$REPORT" python3 -c '
import os
begin, end = "<!-- bench:sync:begin -->", "<!-- bench:sync:end -->"
report = os.environ["REPORT"]
text = open(report).read() if os.path.exists(report) else ""
block = os.environ["BLOCK"].rstrip("\n")
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    text = f"{head}{begin}\n{block}\n{end}{tail}"
else:
    text = f"{text}\n{begin}\n{block}\n{end}\n"
open(report, "w").write(text)
'
log "written to $REPORT"
