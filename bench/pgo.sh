#!/usr/bin/env bash
# A profile-guided (PGO) build of the binary, for deployments that want the last per cent:
#
#   bench/pgo.sh                      # -> target/pgo/release/matchfacts
#   BIN=target/pgo/release/matchfacts PEOPLE=100000 bench/matrix.sh
#
# 1. builds an instrumented binary (`-Cprofile-generate`, its own target dir);
# 2. runs it over training corpora generated here with their own seeds (101, 102: not the
#    benchmark corpora's seed 1) from the seed and BBC articles, with a 100k-people and a
#    10k-people gazetteer (the benchmark's, seed 1), and over the seed articles with the
#    project gazetteer;
# 3. merges the profiles with the toolchain's `llvm-profdata` (rustup component `llvm-tools`,
#    installed here if missing) and builds with `-Cprofile-use`.
# Output is the same as the plain release build's (the same code; only the compiler's layout and
# inlining choices differ): the script checks that on the training corpora. `cargo build
# --release` stays the default build; tests and CI do not use this one. Needs ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
DIR=${PGO_DIR:-target/pgo}
MATRIX=${MATRIX_DIR:-target/bench-matrix}
if [ ! -d "$SHARED/data/bbc-sport/football" ]; then
    echo "bench/pgo.sh: $SHARED/data is missing: no articles to train on" >&2
    exit 2
fi

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    rustup component add llvm-tools >&2
fi

# The plain release binary generates the inputs and gives the output to compare against.
cargo build --release --locked --quiet
PLAIN=target/release/matchfacts
for people in 100000 10000; do
    gaz="$MATRIX/gazetteer-$people"
    if [ ! -f "$gaz/people.tsv" ]; then
        mkdir -p "$MATRIX"
        "$PLAIN" bench gen-gazetteer --people "$people" --seed 1 "$gaz" >&2
    fi
done
mkdir -p "$DIR"
ABS=$(cd "$DIR" && pwd) # RUSTFLAGS paths must be absolute (PGO_DIR may be either)
train() { # train DIR MB SEED GAZETTEER
    if [ ! -f "$1/.done" ]; then
        rm -rf "$1"
        "$PLAIN" bench gen-corpus --mb "$2" --seed "$3" --gazetteer "$4" \
            --bbc "$SHARED/data/bbc-sport/football" "$1" >&2
        touch "$1/.done"
    fi
}
train "$DIR/train-100000" 4 101 "$MATRIX/gazetteer-100000"
train "$DIR/train-10000" 2 102 "$MATRIX/gazetteer-10000"

# 1. Instrumented build.
rm -rf "$DIR/raw"
RUSTFLAGS="-Cprofile-generate=$ABS/raw" CARGO_TARGET_DIR="$DIR/target-generate" \
    cargo build --release --locked --quiet
GEN="$DIR/target-generate/release/matchfacts"

# 2. Training runs (one thread and two).
runs=(
    "--gazetteer $MATRIX/gazetteer-100000 $DIR/train-100000"
    "--gazetteer $MATRIX/gazetteer-10000 $DIR/train-10000"
    "--gazetteer gazetteers corpus"
)
for args in "${runs[@]}"; do
    # shellcheck disable=SC2086
    "$GEN" extract -j 1 $args > /dev/null 2>&1
done
# shellcheck disable=SC2086
"$GEN" extract -j 2 --gazetteer "$MATRIX/gazetteer-100000" "$DIR/train-100000" > /dev/null 2>&1

# 3. Merge and build with the profile.
"$profdata" merge -o "$DIR/merged.profdata" "$DIR/raw"
RUSTFLAGS="-Cprofile-use=$ABS/merged.profdata" CARGO_TARGET_DIR="$DIR" \
    cargo build --release --locked --quiet
PGO="$DIR/release/matchfacts"

# The same output as the plain build.
for args in "${runs[@]}"; do
    # shellcheck disable=SC2086
    a=$("$PLAIN" extract -j 1 $args 2>/dev/null | md5sum)
    # shellcheck disable=SC2086
    b=$("$PGO" extract -j 1 $args 2>/dev/null | md5sum)
    if [ "$a" != "$b" ]; then
        echo "bench/pgo.sh: the PGO build's output differs from the release build's ($args)" >&2
        exit 1
    fi
done
echo "$PGO"
