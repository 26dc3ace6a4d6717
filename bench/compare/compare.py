#!/usr/bin/env python3
"""Side-by-side throughput of matchfacts, spaCy and flashtext on one corpus and one gazetteer.

    bench/compare/setup.sh
    bench/compare/.venv/bin/python bench/compare/compare.py \
        --corpus corpus --gazetteer gazetteers --matchfacts target/release/matchfacts

The baselines get the keyword list matchfacts compiles from the gazetteer (every name, every
alias, and each person's derived surname). Texts are read into memory before the baselines are
timed; matchfacts is run as a subprocess and its own `--stats` line is parsed (its `seconds`
covers reading the files; see README.md). Throughput = corpus bytes / processing seconds, the
same byte count for all three; each system is run --repeat times and the median is kept.

The baselines' texts are in memory, so by default (`--cache warm`) every corpus file is read,
untimed, just before each matchfacts run: its reads then find the files in the kernel's page
cache, as its first, untimed run leaves them. Without that, a host that reclaims idle page
cache (this project's VMs run DAMON, which drops files unread for a few seconds: the baselines'
runs between matchfacts' are long enough) makes matchfacts read part of the corpus from the
disk in its timed runs and the baselines never. `--cache as-is` runs it as the host leaves the
files (rounds 3-11 of bench/RESULTS.md ran so); `bench/ab.py --cache cold` measures reads from
the disk.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import importlib.metadata as _md
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Gazetteer: the TSV folder format of matchfacts (shared/spec/FORMATS.md, section 1).

FILES = {
    # file: (columns expected, is a person file)
    "people.tsv": (6, True),
    "clubs.tsv": (6, False),
    "stadiums.tsv": (5, False),
}

# Name particles kept with a surname, as in src/gazetteer.rs (`de Vrij`, `van der Sar`).
PARTICLES = {
    "de", "da", "di", "del", "della", "dei", "van", "von", "der", "den", "le", "la", "du", "dos",
    "das", "ten", "ter", "mac",
}


def derived_surname(name: str) -> str | None:
    """The last word of a person's name with the particles before it; None for one word.

    Mirrors `derived_surname` in src/gazetteer.rs: words are split on whitespace, particles are
    taken back while at least the first word stays a given name, and the surname is the rest of
    the name from its first word on (inner spacing kept).
    """
    words = list(re.finditer(r"\S+", name))
    if len(words) < 2:
        return None
    first = len(words) - 1
    while first > 1 and words[first - 1].group().lower() in PARTICLES:
        first -= 1
    return name[words[first].start():]


def load_gazetteer(folder: Path) -> dict:
    """Reads the three TSV files; returns entity count and the surface forms to match."""
    entities = 0
    forms: list[str] = []
    for fname, (ncols, person) in FILES.items():
        path = folder / fname
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as f:
            header = None
            for lineno, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if header is None:  # first non-comment line; columns are found by name
                    header = [h.strip() for h in cols]
                    missing = {"name", "aliases"} - set(header)
                    if missing:
                        sys.exit(f"{path}:{lineno}: missing column(s) {sorted(missing)}")
                    i_name, i_alias = header.index("name"), header.index("aliases")
                    continue
                if len(cols) < ncols:
                    sys.exit(f"{path}:{lineno}: expected {ncols} tab-separated columns")
                name, aliases = cols[i_name].strip(), cols[i_alias].strip()
                entities += 1
                if name:
                    forms.append(name)
                forms.extend(a.strip() for a in aliases.split("|") if a.strip())
                if person:
                    surname = derived_surname(name)
                    if surname:
                        forms.append(surname)
    # Both baselines match case-insensitively, so forms equal once lowercased are one keyword.
    seen: set[str] = set()
    keywords: list[str] = []
    for form in forms:
        key = form.lower()
        if key not in seen:
            seen.add(key)
            keywords.append(form)
    return {
        "entities": entities,
        "forms": len(forms),
        "distinct_forms": len(set(forms)),
        "keywords": keywords,
    }


# ---------------------------------------------------------------------------------------------
# Corpus


def list_corpus(folder: Path) -> list[Path]:
    """Every *.txt under folder, recursively, sorted by path (as matchfacts reads a folder)."""
    return sorted(p for p in folder.rglob("*.txt") if p.is_file())


def read_corpus(paths: list[Path]) -> tuple[list[str], int]:
    """The texts (UTF-8, errors replaced) and the total size of the files in bytes."""
    texts, nbytes = [], 0
    for p in paths:
        raw = p.read_bytes()
        nbytes += len(raw)
        texts.append(raw.decode("utf-8", errors="replace"))
    return texts, nbytes


# ---------------------------------------------------------------------------------------------
# Baselines


def build_spacy(keywords: list[str], max_chars: int):
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    # Patterns are tokenized only (make_doc); adding them in slices keeps memory flat.
    step = 10_000
    for i in range(0, len(keywords), step):
        matcher.add("GAZ", list(nlp.tokenizer.pipe(keywords[i : i + step])))
    return nlp, matcher


def run_spacy(nlp, matcher, texts: list[str], threads: int, batch_size: int) -> dict:
    matches = sentences = 0
    # Streaming: each Doc is dropped after it is counted.
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=threads):
        matches += len(matcher(doc))
        sentences += sum(1 for _ in doc.sents)
    return {"matches": matches, "sentences": sentences}


def build_flashtext(keywords: list[str]):
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for k in keywords:
        kp.add_keyword(k)
    return kp


_KP = None  # the processor seen by forked workers


def _flashtext_count(text: str) -> int:
    return len(_KP.extract_keywords(text, span_info=True))


def run_flashtext(kp, texts: list[str], threads: int) -> dict:
    global _KP
    if threads <= 1:
        matches = 0
        for text in texts:
            matches += len(kp.extract_keywords(text, span_info=True))
        return {"matches": matches}
    import multiprocessing as mp

    _KP = kp
    with mp.get_context("fork").Pool(threads) as pool:
        matches = sum(pool.imap_unordered(_flashtext_count, texts, chunksize=64))
    return {"matches": matches}


# ---------------------------------------------------------------------------------------------
# matchfacts


def last_json_object(stderr: str) -> dict | None:
    for line in reversed(stderr.splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                return obj
    return None


def run_matchfacts(binary: str, gazetteer: Path, corpus: Path, threads: int, stdout) -> dict:
    cmd = [binary, "extract", "--gazetteer", str(gazetteer), "-j", str(threads), "--stats",
           str(corpus)]
    proc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    stats = last_json_object(proc.stderr)
    # Exit 2 = some documents could not be read (they are reported and counted as errors).
    if proc.returncode not in (0, 2) or stats is None:
        sys.exit(f"compare.py: {' '.join(cmd)} failed (exit {proc.returncode}):\n{proc.stderr}")
    return stats


def count_matchfacts_output(path: str) -> dict:
    mentions = sentences = scores = events = quotes = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            mentions += len(rec.get("mentions", ()))
            sentences += len(rec.get("sentences", ()))
            scores += len(rec.get("scores", ()))
            events += len(rec.get("events", ()))
            quotes += len(rec.get("quotes", ()))
    return {"mentions": mentions, "sentences": sentences, "scores": scores, "events": events,
            "quotes": quotes}


# ---------------------------------------------------------------------------------------------
# Machine


def machine_info(threads: int) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(pkg: str) -> str | None:
        try:
            return _md.version(pkg)
        except _md.PackageNotFoundError:
            return None

    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "threads": threads,
        "loadavg_at_start": load,
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "flashtext": version("flashtext"),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------------------------------------


def timed(fn, *args):
    gc.collect()
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, type=Path, help="folder of *.txt (recursive)")
    ap.add_argument("--gazetteer", required=True, type=Path,
                    help="folder with people.tsv, clubs.tsv, stadiums.tsv")
    ap.add_argument("--matchfacts", required=True, help="path to the matchfacts binary")
    ap.add_argument("--threads", type=int, default=1,
                    help="matchfacts -j, spaCy n_process, flashtext worker processes (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per system; median kept (3)")
    ap.add_argument("--batch-size", type=int, default=64, help="spaCy nlp.pipe batch_size (64)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--cache", choices=["warm", "as-is"], default="warm",
                    help="read the corpus files (untimed) before each matchfacts run (warm, the "
                         "default), or leave them as the host left them (as-is)")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.threads < 1:
        ap.error("--repeat and --threads must be at least 1")
    if not args.corpus.is_dir():
        ap.error(f"--corpus {args.corpus}: not a folder")
    if not args.gazetteer.is_dir():
        ap.error(f"--gazetteer {args.gazetteer}: not a folder")
    binary = str(Path(args.matchfacts).resolve())
    if not os.access(binary, os.X_OK):
        ap.error(f"--matchfacts {args.matchfacts}: not an executable")

    def log(msg: str) -> None:
        print(f"compare.py: {msg}", file=sys.stderr, flush=True)

    machine = machine_info(args.threads)
    try:
        machine["matchfacts"] = subprocess.run(
            [binary, "--version"], capture_output=True, text=True).stdout.strip() or None
    except OSError:
        machine["matchfacts"] = None

    # Inputs: gazetteer parse (timed: it is part of each baseline's build), then the texts.
    gaz_seconds, gaz = timed(load_gazetteer, args.gazetteer)
    keywords = gaz["keywords"]
    paths = list_corpus(args.corpus)
    if not paths:
        ap.error(f"--corpus {args.corpus}: no *.txt files")
    texts, corpus_bytes = read_corpus(paths)
    log(f"{len(paths)} files, {corpus_bytes} bytes; {gaz['entities']} entities, "
        f"{len(keywords)} surface forms (case-insensitive distinct)")

    systems = []

    def summarize(name, does, build, secs, counts, extra=None):
        med = statistics.median(secs)
        row = {
            "system": name,
            "does": does,
            "build_seconds": build,
            "seconds": secs,
            "median_seconds": med,
            "mb_per_second": corpus_bytes / 1e6 / max(med, 1e-9),
            "matches": counts.get("matches", counts.get("mentions")),
            "counts": counts,
        }
        if extra:
            row.update(extra)
        systems.append(row)

    # --- matchfacts: one untimed run that writes the output (counts, warm page cache), then
    # --repeat runs with stdout to /dev/null.
    log("matchfacts: counting run (untimed)")
    with tempfile.NamedTemporaryFile(prefix="mf-compare-", suffix=".jsonl", delete=False) as tmp:
        tmp_path = tmp.name
    try:
        with open(tmp_path, "w", encoding="utf-8") as out:
            first = run_matchfacts(binary, args.gazetteer, args.corpus, args.threads, out)
        mf_counts = count_matchfacts_output(tmp_path)
    finally:
        os.unlink(tmp_path)
    # Build both baselines first, then run the three systems in turn, round by round: on a
    # shared VM the machine's speed drifts over minutes, and runs taken in separate blocks would
    # put that drift into the ratios.
    log(f"spaCy: building PhraseMatcher with {len(keywords)} patterns")
    spacy_build_s, (nlp, matcher) = timed(build_spacy, keywords, max(map(len, texts)))
    log(f"spaCy: built in {spacy_build_s:.2f} s (+ {gaz_seconds:.2f} s gazetteer parse)")
    flash_build_s, kp = timed(build_flashtext, keywords)
    log(f"flashtext: built in {flash_build_s:.2f} s")
    mf_runs, spacy_secs, flash_secs = [], [], []
    spacy_counts, flash_counts = {}, {}
    for i in range(args.repeat):
        if args.cache == "warm":
            read_corpus(paths)
        st = run_matchfacts(binary, args.gazetteer, args.corpus, args.threads,
                            subprocess.DEVNULL)
        log(f"matchfacts run {i + 1}/{args.repeat}: {st['seconds']:.3f} s "
            f"(load {st['load_seconds']:.3f} s)")
        mf_runs.append(st)
        s, spacy_counts = timed(run_spacy, nlp, matcher, texts, args.threads, args.batch_size)
        log(f"spaCy run {i + 1}/{args.repeat}: {s:.3f} s")
        spacy_secs.append(s)
        s, flash_counts = timed(run_flashtext, kp, texts, args.threads)
        log(f"flashtext run {i + 1}/{args.repeat}: {s:.3f} s")
        flash_secs.append(s)
    del nlp, matcher, kp
    mf_counts["errors"] = first.get("errors", 0)
    summarize(
        "matchfacts",
        "sentences, mentions+fuzzy, scores, events, quotes",
        statistics.median(r["load_seconds"] for r in mf_runs),
        [r["seconds"] for r in mf_runs],
        mf_counts,
        {
            "reported_bytes": first.get("bytes"),
            "reported_mb_per_second": statistics.median(r["mb_per_second"] for r in mf_runs),
            "peak_rss_mb": max(r.get("peak_rss_mb") or 0 for r in mf_runs),
            "gazetteer_entities": first.get("gazetteer_entities"),
            "threads_used": first.get("threads"),
        },
    )
    if first.get("bytes") is not None and first["bytes"] != corpus_bytes:
        log(f"note: matchfacts reports {first['bytes']} bytes (decoded text), files hold "
            f"{corpus_bytes}; throughput uses {corpus_bytes} for all three")
    summarize("spaCy", "sentences + phrase matches", gaz_seconds + spacy_build_s, spacy_secs,
              spacy_counts, {"batch_size": args.batch_size, "n_process": args.threads})
    summarize("flashtext", "keyword matches", gaz_seconds + flash_build_s, flash_secs,
              flash_counts, {"processes": args.threads})

    mf_rate = systems[0]["mb_per_second"]
    for row in systems:
        row["ratio"] = mf_rate / max(row["mb_per_second"], 1e-12)
    by_name = {r["system"]: r for r in systems}
    targets = {
        "matchfacts_vs_spacy": {"ratio": by_name["spaCy"]["ratio"], "target": 10.0},
        "matchfacts_vs_flashtext": {"ratio": by_name["flashtext"]["ratio"], "target": 2.0},
    }
    for t in targets.values():
        t["met"] = t["ratio"] >= t["target"]

    result = {
        "machine": machine,
        "corpus": {"path": str(args.corpus), "files": len(paths), "bytes": corpus_bytes},
        "gazetteer": {
            "path": str(args.gazetteer),
            "entities": gaz["entities"],
            "surface_forms": len(keywords),
            "forms_with_duplicates": gaz["forms"],
            "parse_seconds": gaz_seconds,
        },
        "repeat": args.repeat,
        "matchfacts_cache": args.cache,
        "systems": systems,
        "targets": targets,
    }
    if args.json:
        print(json.dumps(result, indent=None))
    else:
        print_table(result)
    return 0


def print_table(r: dict) -> None:
    m = r["machine"]
    print(f"machine:   {m['cpu']}, {m['cores']} cores, load {m['loadavg_at_start']} at start")
    print(f"versions:  {m['matchfacts']}, Python {m['python']}, spaCy {m['spacy']}, "
          f"flashtext {m['flashtext']}   ({m['date']})")
    c, g = r["corpus"], r["gazetteer"]
    print(f"corpus:    {c['path']}: {c['files']} files, {c['bytes'] / 1e6:.2f} MB")
    print(f"gazetteer: {g['path']}: {g['entities']} entities, {g['surface_forms']} surface forms "
          f"(names, aliases, surnames; case-insensitive distinct)")
    print(f"threads {m['threads']}, median of {r['repeat']} run(s); MB = 1e6 bytes; "
          "build = gazetteer load + compile; MB/s excludes build")
    cache = {"warm": "corpus files read (untimed) before each run: in the page cache",
             "as-is": "corpus files as the host left them (possibly evicted)"}
    print(f"matchfacts: {cache[r['matchfacts_cache']]}; baselines: texts in memory")
    print()
    head = ("system", "does", "build s", "MB/s", "matches", "mf/x")
    rows = [
        (s["system"], s["does"], f"{s['build_seconds']:.2f}", f"{s['mb_per_second']:.2f}",
         str(s["matches"]), f"{s['ratio']:.1f}x")
        for s in r["systems"]
    ]
    widths = [max(len(x[i]) for x in [head, *rows]) for i in range(len(head))]
    right = {2, 3, 4, 5}

    def fmt(row):
        return "  ".join(v.rjust(w) if i in right else v.ljust(w)
                         for i, (v, w) in enumerate(zip(row, widths))).rstrip()

    print(fmt(head))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(fmt(row))
    print()
    mf = r["systems"][0]["counts"]
    sp = next(s for s in r["systems"] if s["system"] == "spaCy")["counts"]
    print(f"matchfacts: {mf['mentions']} mentions, {mf['sentences']} sentences, "
          f"{mf['scores']} scores, {mf['events']} events, {mf['quotes']} quotes; "
          f"spaCy: {sp['sentences']} sentences")
    print("matches: matchfacts = mentions after overlap resolution and disambiguation "
          "(incl. fuzzy); spaCy = every phrase match, overlaps included; flashtext = "
          "longest non-overlapping keywords")
    for name, t in r["targets"].items():
        print(f"target {name}: {t['ratio']:.1f}x (>= {t['target']:.0f}x: "
              f"{'met' if t['met'] else 'NOT met'})")


if __name__ == "__main__":
    sys.exit(main())
