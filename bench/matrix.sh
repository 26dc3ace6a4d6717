#!/usr/bin/env bash
# End-to-end figures of the real binary: `extract --stats` over generated gazetteers of 10k and
# 100k people and generated corpora of 10, 100 and 500 MB, with 1 and 2 threads.
#
#   bench/matrix.sh                  # the whole matrix (about 20 minutes on 2 cores, 1.3 GB disk)
#   PEOPLE="100000" SIZES="10 100" REPEAT=3 bench/matrix.sh
#   BIN=target/pgo/matchfacts bench/matrix.sh   # another build (bench/pgo.sh)
#
# Inputs are generated once (deterministic seeds) under $MATRIX_DIR (default target/bench-matrix)
# and reused. Each run's stats line goes to $MATRIX_DIR/results.jsonl; the table is printed at
# the end (medians over REPEAT runs). Needs ../shared/data (the articles and squad names).
# Not part of `cargo test` or CI.
set -euo pipefail
cd "$(dirname "$0")/.."

PEOPLE=${PEOPLE:-"10000 100000"}
SIZES=${SIZES:-"10 100 500"}
THREADS=${THREADS:-"1 2"}
REPEAT=${REPEAT:-1}
DIR=${MATRIX_DIR:-target/bench-matrix}
SHARED=${SHARED:-../shared}

if [ ! -d "$SHARED/data/bbc-sport/football" ]; then
    echo "bench/matrix.sh: $SHARED/data is missing: no articles to generate a corpus from" >&2
    exit 2
fi

if [ -z "${BIN:-}" ]; then
    cargo build --release --locked --quiet
    BIN=target/release/matchfacts
fi
mkdir -p "$DIR"
RESULTS="$DIR/results.jsonl"
: > "$RESULTS"

for people in $PEOPLE; do
    gaz="$DIR/gazetteer-$people"
    if [ ! -f "$gaz/people.tsv" ]; then
        "$BIN" bench gen-gazetteer --people "$people" --seed 1 "$gaz" >&2
    fi
    for mb in $SIZES; do
        corpus="$DIR/corpus-$people-${mb}mb"
        if [ ! -f "$corpus/.done" ]; then
            rm -rf "$corpus"
            "$BIN" bench gen-corpus --mb "$mb" --seed 1 --gazetteer "$gaz" \
                --bbc "$SHARED/data/bbc-sport/football" "$corpus" >&2
            touch "$corpus/.done"
        fi
        for threads in $THREADS; do
            for run in $(seq "$REPEAT"); do
                stats=$("$BIN" extract --gazetteer "$gaz" -j "$threads" --stats "$corpus" \
                    2>&1 >/dev/null | tail -n 1)
                echo "{\"people\":$people,\"mb\":$mb,\"run\":$run,\"stats\":$stats}" >> "$RESULTS"
                echo "people=$people mb=$mb threads=$threads run=$run $stats" >&2
            done
        done
    done
done

python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
groups = {}
for r in rows:
    s = r["stats"]
    groups.setdefault((r["people"], r["mb"], s["threads"]), []).append(s)
med = lambda xs: statistics.median(xs)
print("| people | corpus MB | threads | MB/s | docs/s | load s | peak RSS MB | seconds |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
table = {}
for (people, mb, threads), ss in sorted(groups.items()):
    secs = med([s["seconds"] for s in ss])
    table[(people, mb, threads)] = secs
    print(f"| {people} | {mb} | {threads} | {med([s['mb_per_second'] for s in ss]):.2f} | "
          f"{med([s['documents_per_second'] for s in ss]):.0f} | {med([s['load_seconds'] for s in ss]):.2f} | "
          f"{max(s['peak_rss_mb'] for s in ss):.0f} | {secs:.1f} |")
print()
for (people, mb, threads), secs in sorted(table.items()):
    if threads == 2 and (people, mb, 1) in table:
        print(f"- {people} people, {mb} MB: 2 threads are {table[(people, mb, 1)] / secs:.2f}x one thread")
for people in sorted({p for p, _, _ in table}):
    for threads in sorted({t for _, _, t in table}):
        a, b = table.get((people, 100, threads)), table.get((people, 500, threads))
        if a and b:
            print(f"- {people} people, {threads} thread(s): 500 MB took {b / (5 * a):.3f}x five times the 100 MB time")
PY
