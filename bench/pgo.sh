#!/usr/bin/env bash
# A profile-guided (PGO) build of the binary, for runs at scale that want the last few per cent:
#
#   bench/pgo.sh                      # -> target/pgo/matchfacts
#   BIN=target/pgo/matchfacts PEOPLE=100000 bench/matrix.sh
#
# 1. builds an instrumented binary (`-Cprofile-generate`, the `dist` profile, its own target dir);
# 2. runs it over training corpora generated here with their own seeds (101, 102: not the
#    benchmark corpora's seed 1) from the seed and BBC articles (the held-out ones left out), with
#    a 100k-people and a 10k-people gazetteer, and over the seed articles with the project
#    gazetteer, on one thread and on two;
# 3. merges the profiles with an `llvm-profdata` of the same LLVM major version as rustc's (the
#    rustup component `llvm-tools`, or `llvm-profdata-N` on the PATH; the script tries to install
#    one of them when it finds neither) and builds with `-Cprofile-use`, the `dist` profile again
#    (fat LTO), so the result is the dist build laid out by the profile.
# Output is the same as the plain release build's (the same code; only the compiler's layout and
# inlining choices differ): the script checks that on the training corpora and the seed articles,
# and CI runs it. `PROFILE=release bench/pgo.sh` builds on the release profile instead.
# Needs ../shared/data (or SHARED=DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

SHARED=${SHARED:-../shared}
DIR=${PGO_DIR:-target/pgo}
MATRIX=${MATRIX_DIR:-target/bench-matrix}
PROFILE=${PROFILE:-dist}
if [ ! -d "$SHARED/data/bbc-sport/football" ]; then
    echo "bench/pgo.sh: $SHARED/data is missing: no articles to train on" >&2
    exit 2
fi

host=$(rustc -vV | sed -n 's/^host: //p')
llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')

# An llvm-profdata that reads this rustc's raw profiles: the raw format changes between LLVM
# major versions, so the tool's major version must be rustc's.
find_profdata() {
    local sysroot candidate
    sysroot=$(rustc --print sysroot)
    for candidate in "$sysroot/lib/rustlib/$host/bin/llvm-profdata" \
        "$(command -v "llvm-profdata-$llvm_major" || true)" \
        "/usr/lib/llvm-$llvm_major/bin/llvm-profdata" \
        "$(command -v llvm-profdata || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] &&
            "$candidate" --version 2>/dev/null | grep -q "LLVM version $llvm_major\."; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
if ! profdata=$(find_profdata); then
    echo "bench/pgo.sh: no llvm-profdata for LLVM $llvm_major; installing one" >&2
    timeout 300 rustup component add llvm-tools >&2 ||
        { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
            { apt-get install -y "llvm-$llvm_major" >&2 ||
                { apt-get update >&2 && apt-get install -y "llvm-$llvm_major" >&2; }; }; } ||
        true
    if ! profdata=$(find_profdata); then
        echo "bench/pgo.sh: no llvm-profdata of LLVM $llvm_major: install the rustup component" \
            "llvm-tools or your system's llvm-$llvm_major package" >&2
        exit 2
    fi
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

# Both builds name the host as their target, so RUSTFLAGS reach the binary's code and not the
# build scripts' (which would otherwise write profiles of their own, or warn of missing ones).
build() { # build TARGET_DIR RUSTFLAGS
    RUSTFLAGS="$2" CARGO_TARGET_DIR="$1" \
        cargo build --profile "$PROFILE" --target "$host" --locked --quiet
}

# 1. Instrumented build.
rm -rf "$DIR/raw"
build "$DIR/target-generate" "-Cprofile-generate=$ABS/raw"
GEN="$DIR/target-generate/$host/$PROFILE/matchfacts"

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
build "$DIR/target-use" "-Cprofile-use=$ABS/merged.profdata"
cp "$DIR/target-use/$host/$PROFILE/matchfacts" "$DIR/matchfacts"
PGO="$DIR/matchfacts"

# The same output as the plain build.
for args in "${runs[@]}"; do
    for jobs in 1 2; do
        # shellcheck disable=SC2086
        a=$("$PLAIN" extract -j "$jobs" $args 2>/dev/null | md5sum)
        # shellcheck disable=SC2086
        b=$("$PGO" extract -j "$jobs" $args 2>/dev/null | md5sum)
        if [ "$a" != "$b" ]; then
            echo "bench/pgo.sh: the PGO build's output differs from the release build's" \
                "(-j $jobs $args)" >&2
            exit 1
        fi
    done
done
echo "$PGO"
