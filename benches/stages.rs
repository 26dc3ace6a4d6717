//! Criterion benchmarks, one per pipeline stage: `cargo bench --bench stages`.
//!
//! Two inputs, each a criterion group:
//! - `seed`: the 5 articles of `corpus/` with the project's `gazetteers/` (always there);
//! - `100k`: a ~2 MB corpus and a gazetteer with 100,000 generated people, written at start into
//!   a temporary folder by `matchfacts::bench` (fixed seed, so every run measures the same input)
//!   from `../shared/data` beside the repository (or `$MATCHFACTS_SHARED/data`). Without it the
//!   group is skipped, with a line saying why.
//!
//! Benches per group: `segment`, `fold`, `exact_match`, `fuzzy_lookup` (per candidate word:
//! the words the fuzzy stage looks up, mostly misses), `fuzzy_lookup_misspelt` (per word: the
//! gazetteer's surnames misspelt, mostly hits), `mentions` (exact + fuzzy + resolution),
//! `extract_score`, `extract_minute`, `extract_quote`, `pipeline` (`analyze` on every document),
//! `pipeline_batch` (`analyze_batch` in `extract`'s batches) and `consolidate` (the match records
//! of `matchfacts matches`, per document). Each stage's inputs are computed once, outside the
//! timed loop, so a stage is timed alone. Every bench counts its results once untimed, asserts
//! that count is above zero, and asserts every timed run returns the same count, so a benchmark
//! can never silently do nothing (`cargo bench --bench stages -- --test` runs each once, as a
//! check).
//!
//! Defaults: 10 samples, 1 s warm-up, 3 s measurement per bench (command-line options such as
//! `--measurement-time` override them). On the 2-core machine the whole run takes about two
//! minutes: ~5 s of setup for the 100k inputs, then 24 benches of ~4-6 s each.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use matchfacts::batch::BatchSize;
use matchfacts::extract::{Context, Rules};
use matchfacts::facts::{MatchKind, Mention, Span};
use matchfacts::fold::{fold, Folded};
use matchfacts::matches::{consolidate, Article};
use matchfacts::words::{WordList, COMMON_WORDS, PLACES};
use matchfacts::{bench, Analysis, Document, Gazetteer, Pipeline};

/// Generated people in the large gazetteer.
const PEOPLE: usize = 100_000;
/// Size of the generated corpus, in megabytes.
const CORPUS_MB: f64 = 2.0;
/// Seed of both generators: the same input on every run and machine.
const SEED: u64 = 1;
/// Share of swapped names misspelled in the generated corpus (the CLI's default).
const MISSPELL_RATE: f64 = 0.02;
/// At most this many candidate words from the corpus for `fuzzy_lookup`.
const MAX_CANDIDATES: usize = 1000;

/// Real misspellings from the seed articles (folded), looked up besides the corpus words.
const MISSPELLINGS: &[&str] = &[
    "lichtstenier",
    "lichsteiner",
    "gianlugi",
    "atlanta",
    "massiliano",
    "kaliodou",
    "koulibali",
    "higuian",
];

/// One document with the layers every stage after the first one reads.
struct Prepared {
    doc: Document,
    sentences: Vec<Span>,
    folded: Folded,
    mentions: Vec<Mention>,
}

/// One benchmark input: a pipeline and its documents, prepared.
struct Input {
    name: &'static str,
    pipeline: Pipeline,
    docs: Vec<Prepared>,
    /// The documents side by side, as `pipeline_batch` hands them to `analyze_batch`.
    documents: Vec<Document>,
    /// Folded candidate words for `fuzzy_lookup`.
    candidates: Vec<String>,
    /// Folded misspelt surnames of the gazetteer for `fuzzy_lookup_misspelt`.
    misspelt: Vec<String>,
}

impl Input {
    fn new(name: &'static str, pipeline: Pipeline, docs: Vec<Document>) -> Input {
        assert!(!docs.is_empty(), "{name}: no documents");
        let documents = docs.clone();
        let docs: Vec<Prepared> = docs
            .into_iter()
            .map(|doc| {
                let sentences = pipeline.sentences(&doc);
                let folded = Folded::new(&doc.text);
                let mentions = pipeline.mentions(&doc.text, &sentences);
                Prepared {
                    doc,
                    sentences,
                    folded,
                    mentions,
                }
            })
            .collect();
        let candidates = candidate_words(&pipeline, &docs);
        let misspelt = misspelt_surnames(pipeline.gazetteer());
        Input {
            name,
            pipeline,
            docs,
            documents,
            candidates,
            misspelt,
        }
    }

    fn text_bytes(&self) -> u64 {
        self.docs.iter().map(|p| p.doc.text.len() as u64).sum()
    }

    fn body_bytes(&self) -> u64 {
        self.docs.iter().map(|p| p.doc.body().len() as u64).sum()
    }
}

/// The words the fuzzy stage would look up on its own: the misspellings above, then the
/// corpus's capitalised words (5+ chars, not all caps, no digit) that no exact match covers and
/// that are not common words or places, folded and distinct, in corpus order.
fn candidate_words(pipeline: &Pipeline, docs: &[Prepared]) -> Vec<String> {
    let common = WordList::parse("common-words.txt", COMMON_WORDS);
    let places = WordList::parse("places.txt", PLACES);
    let min_chars = pipeline.fuzzy_index().config().min_word_chars;
    let mut out: Vec<String> = MISSPELLINGS.iter().map(|w| w.to_string()).collect();
    let mut seen: std::collections::HashSet<String> = out.iter().cloned().collect();
    'docs: for p in docs {
        let text = p.doc.text.as_str();
        let exact = pipeline.matcher().find(text, &p.folded, &p.sentences);
        for (start, word) in words(text) {
            let end = start + word.len();
            if exact.iter().any(|m| m.start < end && start < m.end) {
                continue;
            }
            let upper = word.chars().next().is_some_and(char::is_uppercase);
            let all_caps = !word.chars().any(char::is_lowercase);
            if !upper
                || all_caps
                || word.chars().count() < min_chars
                || word.bytes().any(|b| b.is_ascii_digit())
            {
                continue;
            }
            let key = fold(word);
            if common.contains(&key) || places.contains(&key) || !seen.insert(key.clone()) {
                continue;
            }
            out.push(key);
            if out.len() >= MAX_CANDIDATES {
                break 'docs;
            }
        }
    }
    out
}

/// Up to [`MAX_CANDIDATES`] surnames (5+ chars) of people spread over the gazetteer, folded,
/// with their third and fourth letters swapped: lookups that mostly hit, the stage's worst case.
fn misspelt_surnames(gazetteer: &Gazetteer) -> Vec<String> {
    let surnames: Vec<Vec<char>> = gazetteer
        .entities()
        .iter()
        .filter_map(|e| e.surname())
        .map(|s| fold(s).chars().collect::<Vec<char>>())
        .filter(|s| s.len() >= 5)
        .collect();
    let step = surnames.len().div_ceil(MAX_CANDIDATES).max(1);
    surnames
        .into_iter()
        .step_by(step)
        .map(|mut s| {
            s.swap(2, 3);
            s.into_iter().collect()
        })
        .collect()
}

/// Runs of letters and digits with their byte offsets (a possessive `'s` is left out, as the
/// apostrophe ends the word).
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// The `*.txt` files of a folder, sorted, read.
fn read_dir(dir: &Path) -> Vec<Document> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Document::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

fn load_pipeline(dir: &Path) -> Pipeline {
    let gazetteer =
        Gazetteer::load(dir).unwrap_or_else(|e| panic!("gazetteer {}: {e}", dir.display()));
    Pipeline::new(gazetteer).expect("pipeline")
}

fn seed_input(root: &Path) -> Input {
    let pipeline = load_pipeline(&root.join("gazetteers"));
    let docs = read_dir(&root.join("corpus"));
    Input::new("seed", pipeline, docs)
}

/// The `shared/` folder beside the repository (or `$MATCHFACTS_SHARED`, for a work tree that
/// is not beside it), when its data is there; otherwise why not.
fn shared_data(root: &Path) -> Result<PathBuf, String> {
    let shared = match std::env::var_os("MATCHFACTS_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => root.join("../shared"),
    };
    let data = shared.join("data");
    for needed in ["openfootball", "bbc-sport/football"] {
        if !data.join(needed).is_dir() {
            return Err(format!(
                "{} is missing (set MATCHFACTS_SHARED to the shared/ folder)",
                data.join(needed).display()
            ));
        }
    }
    Ok(data)
}

/// The 100k-people gazetteer and the ~2 MB corpus, generated into `tmp`.
fn large_input(root: &Path, data: &Path, tmp: &Path) -> Input {
    let started = Instant::now();
    let names = bench::squad_names(&data.join("openfootball")).expect("squad names");
    let gazetteer_dir = tmp.join("gazetteer");
    let people = bench::gen_gazetteer(
        &root.join("gazetteers"),
        &names,
        PEOPLE,
        SEED,
        &gazetteer_dir,
    )
    .expect("generate the gazetteer");
    assert_eq!(people, PEOPLE);
    let pipeline = load_pipeline(&gazetteer_dir);
    let built = started.elapsed();
    let bbc = data.join("bbc-sport");
    // The library leaves out every file HELDOUT.txt lists.
    let sources = bench::source_articles(
        &root.join("corpus"),
        &bbc.join("football"),
        &bbc.join("HELDOUT.txt"),
    )
    .expect("source articles");
    let corpus_dir = tmp.join("corpus");
    let (docs, bytes) = bench::gen_corpus(
        &pipeline,
        &sources,
        CORPUS_MB,
        SEED,
        MISSPELL_RATE,
        &corpus_dir,
    )
    .expect("generate the corpus");
    let input = Input::new("100k", pipeline, read_dir(&corpus_dir));
    eprintln!(
        "stages: 100k input: {} entities (generated and compiled in {:.1} s), {docs} documents, \
         {bytes} bytes from {} articles; set up in {:.1} s",
        input.pipeline.gazetteer().len(),
        built.as_secs_f64(),
        sources.len(),
        started.elapsed().as_secs_f64()
    );
    input
}

/// Times `routine`, after checking once, untimed, that it finds something; every timed run must
/// find the same count.
fn bench_counted<F>(c: &mut Criterion, input: &Input, id: &str, throughput: Throughput, routine: F)
where
    F: Fn(&Input) -> usize,
{
    let expected = routine(input);
    assert!(expected > 0, "{}/{id}: the stage found nothing", input.name);
    eprintln!("stages: {}/{id}: {expected} results", input.name);
    let mut group = c.benchmark_group(input.name);
    group.throughput(throughput);
    group.bench_function(id, |b| {
        b.iter(|| {
            let n = routine(black_box(input));
            assert_eq!(n, expected, "{}/{id}: result count changed", input.name);
            n
        })
    });
    group.finish();
}

fn context<'a>(input: &'a Input, p: &'a Prepared) -> Context<'a> {
    Context {
        text: &p.doc.text,
        sentences: &p.sentences,
        mentions: &p.mentions,
        gazetteer: input.pipeline.gazetteer(),
    }
}

/// Runs `extract` on every document's context (inputs hidden from the optimiser) and sums the
/// result counts.
fn over_contexts(input: &Input, extract: impl Fn(&Context<'_>) -> usize) -> usize {
    input
        .docs
        .iter()
        .map(|p| extract(black_box(&context(input, p))))
        .sum()
}

fn run_group(c: &mut Criterion, input: &Input, rules: &Rules) {
    let bytes = Throughput::Bytes(input.text_bytes());
    eprintln!(
        "stages: {}: {} documents, {} bytes, {} entities, {} candidate and {} misspelt words",
        input.name,
        input.docs.len(),
        input.text_bytes(),
        input.pipeline.gazetteer().len(),
        input.candidates.len(),
        input.misspelt.len()
    );

    bench_counted(
        c,
        input,
        "segment",
        Throughput::Bytes(input.body_bytes()),
        |input| {
            let segmenter = input.pipeline.segmenter();
            input
                .docs
                .iter()
                .map(|p| segmenter.split(black_box(p.doc.body())).len())
                .sum()
        },
    );
    bench_counted(c, input, "fold", bytes.clone(), |input| {
        input
            .docs
            .iter()
            .map(|p| Folded::new(black_box(&p.doc.text)).as_str().len())
            .sum()
    });
    bench_counted(c, input, "exact_match", bytes.clone(), |input| {
        let matcher = input.pipeline.matcher();
        input
            .docs
            .iter()
            .map(|p| {
                matcher
                    .find(black_box(&p.doc.text), &p.folded, &p.sentences)
                    .len()
            })
            .sum()
    });

    // Per candidate word: criterion's time per element is the time of one lookup.
    let hits = |input: &Input| {
        let index = input.pipeline.fuzzy_index();
        input
            .candidates
            .iter()
            .filter(|w| index.lookup(black_box(w)).is_some())
            .count()
    };
    eprintln!(
        "stages: {}/fuzzy_lookup: {} of {} candidate words hit",
        input.name,
        hits(input),
        input.candidates.len()
    );
    let index = input.pipeline.fuzzy_index();
    for word in ["lichtstenier", "lichsteiner", "atlanta"] {
        assert!(
            index.lookup(word).is_some(),
            "{}: the misspelling {word} is not found",
            input.name
        );
    }
    bench_counted(
        c,
        input,
        "fuzzy_lookup",
        Throughput::Elements(input.candidates.len() as u64),
        hits,
    );

    bench_counted(
        c,
        input,
        "fuzzy_lookup_misspelt",
        Throughput::Elements(input.misspelt.len() as u64),
        |input| {
            let index = input.pipeline.fuzzy_index();
            input
                .misspelt
                .iter()
                .filter(|w| index.lookup(black_box(w)).is_some())
                .count()
        },
    );

    bench_counted(c, input, "mentions", bytes.clone(), |input| {
        input
            .docs
            .iter()
            .map(|p| {
                input
                    .pipeline
                    .mentions(black_box(&p.doc.text), &p.sentences)
                    .len()
            })
            .sum()
    });
    bench_counted(c, input, "extract_score", bytes.clone(), |input| {
        over_contexts(input, |ctx| rules.score.extract(ctx).len())
    });
    bench_counted(c, input, "extract_minute", bytes.clone(), |input| {
        over_contexts(input, |ctx| rules.minute.extract(ctx).len())
    });
    bench_counted(c, input, "extract_quote", bytes.clone(), |input| {
        over_contexts(input, |ctx| rules.quote.extract(ctx).len())
    });
    bench_counted(c, input, "pipeline", bytes.clone(), |input| {
        input
            .docs
            .iter()
            .map(|p| layer_items(&input.pipeline.analyze(black_box(&p.doc))))
            .sum()
    });
    // The documents in batches of the size `extract` runs them in, stage by stage.
    let batch = BatchSize::default().documents;
    bench_counted(c, input, "pipeline_batch", bytes, |input| {
        input
            .documents
            .chunks(batch)
            .flat_map(|docs| input.pipeline.analyze_batch(black_box(docs)))
            .map(|a| layer_items(&a))
            .sum()
    });

    // Match records across the documents (`matchfacts matches` after the analyses), per
    // document.
    let analyses: Vec<Analysis> = input
        .documents
        .iter()
        .map(|doc| input.pipeline.analyze(doc))
        .collect();
    bench_counted(
        c,
        input,
        "consolidate",
        Throughput::Elements(input.documents.len() as u64),
        |input| {
            let articles: Vec<Article<'_>> = input
                .documents
                .iter()
                .zip(&analyses)
                .map(|(doc, analysis)| Article::new(doc, analysis))
                .collect();
            consolidate(black_box(&articles), input.pipeline.gazetteer())
                .records
                .len()
        },
    );
}

/// The number of items in every layer of an analysis (what the pipeline benchmarks count).
fn layer_items(a: &Analysis) -> usize {
    a.sentences.len() + a.mentions.len() + a.scores.len() + a.events.len() + a.quotes.len()
}

/// Checks on the seed articles whose numbers are stable: the layers `analyze` gives are the
/// ones the stages give one by one and the ones `analyze_batch` gives, and the fuzzy matches
/// are there.
fn check_seed(input: &Input) {
    let batched = input.pipeline.analyze_batch(&input.documents);
    assert_eq!(
        batched.len(),
        input.docs.len(),
        "seed: one analysis per document"
    );
    let fuzzy: usize = input
        .docs
        .iter()
        .zip(&batched)
        .map(|(p, b)| {
            let a = input.pipeline.analyze(&p.doc);
            assert_eq!(&a, b, "{}: analyze_batch", p.doc.name);
            assert_eq!(a.sentences, p.sentences, "{}: sentences", p.doc.name);
            assert_eq!(a.mentions, p.mentions, "{}: mentions", p.doc.name);
            a.mentions
                .iter()
                .filter(|m| m.match_kind == MatchKind::Fuzzy)
                .count()
        })
        .sum();
    // kaliodou Koulibaly, Arkadiusz Mili, Gianlugi Buffon, Atlanta, Stephan Lichtstenier,
    // Lichsteiner, Massiliano Allegri.
    assert_eq!(fuzzy, 7, "seed: fuzzy matches in the 5 articles");
    let index = input.pipeline.fuzzy_index();
    for (word, form) in [
        ("lichtstenier", "lichtsteiner"),
        ("lichsteiner", "lichtsteiner"),
        ("atlanta", "atalanta"),
        ("koulibali", "koulibaly"),
    ] {
        let hit = index.lookup(word).map(|h| h.form);
        assert_eq!(hit.as_deref(), Some(form), "seed: lookup of {word}");
    }
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = Rules::new().expect("rules");

    let seed = seed_input(root);
    check_seed(&seed);
    run_group(&mut c, &seed, &rules);
    drop(seed);

    match shared_data(root) {
        Ok(data) => {
            let tmp = tempfile::tempdir().expect("temporary folder");
            let large = large_input(root, &data, tmp.path());
            run_group(&mut c, &large, &rules);
        }
        Err(why) => eprintln!("stages: skipping the 100k group: {why}"),
    }

    c.final_summary();
}
