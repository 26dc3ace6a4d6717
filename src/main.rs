//! The `matchfacts` command: parses arguments, calls the library, maps errors to exit codes
//! (2 for errors, 1 for failed evaluation floors; a closed pipe is not an error).

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// mimalloc: the pipeline allocates many small, short-lived vectors per document (candidate
/// lists, tokens, output records); on the 100k-people bench it cut user time by about a fifth.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use clap::{Args, Parser, Subcommand, ValueEnum};

use matchfacts::batch::{self, BatchSize, Outcome};
use matchfacts::document::{collect_inputs, Document};
use matchfacts::editor::{write_atomically, write_atomically_with};
use matchfacts::eval::{evaluate, Floor};
use matchfacts::gold::{predict, sentence_context, GoldSet};
use matchfacts::{Gazetteer, Pipeline};

#[derive(Parser, Debug)]
#[command(
    name = "matchfacts",
    version,
    about = "Turns football match reports into structured, checkable facts."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract mentions, scores, events and quotes: one JSON line per document.
    Extract(ExtractArgs),
    /// Score extraction against gold files (precision, recall, F1 per layer).
    Eval(EvalArgs),
    /// Split a text into sentences, one per line (or a JSON array with --json).
    Segment(SegmentArgs),
    /// One consolidated, sourced record per match across articles (JSON Lines or text).
    Matches(MatchesArgs),
    /// Editors' tools: check, stats, add, suggest, import, diff.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Generate large inputs for benchmarks.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand, Debug)]
enum BenchCommand {
    /// Write a large gazetteer: the project's entries plus N generated people.
    GenGazetteer {
        /// Generated people to add.
        #[arg(long)]
        people: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The gazetteer to start from.
        #[arg(long, default_value = "gazetteers")]
        base: PathBuf,
        /// The openfootball folder whose squad files give the names.
        #[arg(long, default_value = "../shared/data/openfootball")]
        openfootball: PathBuf,
        /// Output folder.
        dir: PathBuf,
    },
    /// Write an M-megabyte corpus from the real articles with names swapped.
    GenCorpus {
        /// Size in megabytes.
        #[arg(long)]
        mb: f64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The gazetteer whose people replace the articles' people.
        #[arg(long, default_value = "gazetteers")]
        gazetteer: PathBuf,
        /// Seed articles.
        #[arg(long, default_value = "corpus")]
        seeds: PathBuf,
        /// BBC articles (the held-out ones are left out).
        #[arg(long, default_value = "../shared/data/bbc-sport/football")]
        bbc: PathBuf,
        /// Share of swapped names given a misspelling.
        #[arg(long, default_value_t = 0.02)]
        misspell_rate: f64,
        /// Output folder.
        dir: PathBuf,
    },
}

#[derive(Args, Debug)]
struct ExtractArgs {
    /// Files or folders (folders: *.txt, recursively, sorted). Default: corpus/
    paths: Vec<PathBuf>,
    /// Gazetteer folder.
    #[arg(long, default_value = "gazetteers")]
    gazetteer: PathBuf,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Print run statistics as one JSON line on stderr (load time, MB/s, documents/s, peak memory).
    #[arg(long)]
    stats: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Args, Debug)]
struct EvalArgs {
    /// Gold folder (its *.json files).
    #[arg(long, default_value = "eval/gold")]
    gold: PathBuf,
    /// Folder holding the gold documents' texts, by file name.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// Gazetteer folder.
    #[arg(long, default_value = "gazetteers")]
    gazetteer: PathBuf,
    /// Score a saved JSON Lines file (any system's) instead of running extraction.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// List every false positive and false negative with its sentence.
    #[arg(long)]
    errors: bool,
    /// Evaluate the project's standard gold sets and write the Markdown report to FILE.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["predictions", "gold", "corpus"])]
    write_report: Option<PathBuf>,
    /// Exit 1 when a layer's F1 is below VALUE (LAYER=VALUE, repeatable).
    #[arg(long = "min-f1", value_name = "LAYER=VALUE")]
    min_f1: Vec<Floor>,
}

#[derive(Args, Debug)]
struct SegmentArgs {
    /// The file to read (default: stdin).
    file: Option<PathBuf>,
    /// Print one JSON array of the sentences' texts.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval(args),
        Command::Segment(args) => segment(args),
        Command::Bench(command) => bench(command),
        Command::Gazetteer(command) => gazetteer_cmd(command),
        Command::Matches(args) => matches(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("matchfacts: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn load_pipeline(dir: &Path) -> Result<Pipeline> {
    let gazetteer = Gazetteer::load(dir)
        .with_context(|| format!("cannot load the gazetteer in {}", dir.display()))?;
    Ok(Pipeline::new(gazetteer)?)
}

/// The warning for a document that was not UTF-8 (`extract` and `matches` both give it).
fn warn_reencoded(name: &dyn std::fmt::Display) {
    eprintln!("matchfacts: warning: {name}: not UTF-8, decoded as Windows-1252");
}

fn set_threads(jobs: Option<usize>) -> Result<()> {
    if let Some(n) = jobs {
        if n == 0 {
            bail!("--jobs must be at least 1, got 0");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    Ok(())
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    set_threads(args.jobs)?;
    let load_started = Instant::now();
    let pipeline = load_pipeline(&args.gazetteer)?;
    let load_seconds = load_started.elapsed().as_secs_f64();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths
    };
    let inputs = collect_inputs(&paths);
    let started = Instant::now();
    let progress = progress_bar(inputs.len());
    let mut docs = 0usize;
    let mut bytes = 0usize;
    let mut failed = 0usize;
    let mut write_all = |out: &mut dyn Write| -> Result<()> {
        batch::run(
            &pipeline,
            &inputs,
            BatchSize::default(),
            |input, outcome| -> Result<()> {
                progress.inc(1);
                match outcome {
                    Outcome::Line {
                        json,
                        bytes: n,
                        reencoded,
                    } => {
                        docs += 1;
                        bytes += n;
                        if reencoded {
                            progress.suspend(|| warn_reencoded(&input.path().display()));
                        }
                        writeln!(out, "{json}")?;
                    }
                    Outcome::Error { json, message } => {
                        failed += 1;
                        progress.suspend(|| eprintln!("matchfacts: error: {message}"));
                        writeln!(out, "{json}")?;
                    }
                }
                Ok(())
            },
        )?;
        out.flush()?;
        Ok(())
    };
    match args.output.as_deref() {
        Some(path) => write_atomically_with(path, |out| {
            write_all(out).with_context(|| format!("cannot write {}", path.display()))
        })?,
        None => {
            let stdout = io::stdout();
            let mut writer = BufWriter::new(stdout.lock());
            write_all(&mut writer)?;
        }
    }
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "matchfacts: {docs} documents, {failed} errors, {bytes} bytes in {seconds:.2} s ({:.1} MB/s)",
        bytes as f64 / 1e6 / seconds.max(1e-9)
    );
    if args.stats {
        let stats = serde_json::json!({
            "threads": rayon::current_num_threads(),
            "gazetteer_entities": pipeline.gazetteer().len(),
            "load_seconds": load_seconds,
            "documents": docs,
            "errors": failed,
            "bytes": bytes,
            "seconds": seconds,
            "mb_per_second": bytes as f64 / 1e6 / seconds.max(1e-9),
            "documents_per_second": docs as f64 / seconds.max(1e-9),
            "peak_rss_mb": peak_rss_mb(),
        });
        eprintln!("{stats}");
    }
    // The process is about to exit: freeing a large gazetteer's matcher and index entry by
    // entry would only add to the run time.
    std::mem::forget(pipeline);
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if io::stderr().is_terminal() {
        indicatif::ProgressBar::new(len as u64)
    } else {
        indicatif::ProgressBar::hidden()
    }
}

fn eval(args: EvalArgs) -> Result<ExitCode> {
    if let Some(path) = &args.write_report {
        let pipeline = load_pipeline(&args.gazetteer)?;
        let report = matchfacts::gold::report_markdown(&pipeline, Path::new("."))?;
        write_atomically(path, report.as_bytes())?;
        eprintln!("matchfacts: wrote {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    let gold = GoldSet::load(&args.gold)?;
    let mut report;
    if let Some(path) = &args.predictions {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let predicted = matchfacts::eval::DocFacts::parse_jsonl(&text)
            .with_context(|| format!("cannot parse {}", path.display()))?;
        report = evaluate(&gold.docs, &predicted);
        if args.errors {
            // Each document is read and segmented once, however many errors it has.
            let segmenter = matchfacts::segment::Segmenter::new();
            let mut texts: std::collections::HashMap<String, Option<(String, Vec<_>)>> =
                std::collections::HashMap::new();
            report.attach_context(|doc, start, end| {
                let entry = texts.entry(doc.to_string()).or_insert_with(|| {
                    let d = Document::read(&args.corpus.join(doc)).ok()?;
                    let sentences = segmenter.split(&d.text);
                    Some((d.text, sentences))
                });
                let (text, sentences) = entry.as_ref()?;
                Some(sentence_context(text, sentences, start, end))
            });
        }
    } else {
        if !args.corpus.is_dir() {
            bail!(
                "corpus folder {} not found (the documents of the gold set are read from it)",
                args.corpus.display()
            );
        }
        let pipeline = load_pipeline(&args.gazetteer)?;
        let predicted = predict(&pipeline, &gold, &args.corpus);
        for name in &predicted.missing {
            eprintln!(
                "matchfacts: warning: {name}: not found in {} (scored as all missed)",
                args.corpus.display()
            );
        }
        report = evaluate(&gold.docs, &predicted.facts);
        if args.errors {
            report.attach_context(|doc, start, end| {
                let (d, a) = predicted.docs.get(doc)?;
                Some(sentence_context(&d.text, &a.sentences, start, end))
            });
        }
    }
    let rendered = match args.format {
        ReportFormat::Text => report.to_text(args.errors),
        ReportFormat::Markdown => report.to_markdown(),
        ReportFormat::Json => serde_json::to_string_pretty(&report.to_json())?,
    };
    let mut out = io::stdout().lock();
    writeln!(out, "{}", rendered.trim_end())?;
    let failed = report.failed_floors(&args.min_f1);
    for (layer, actual, floor) in &failed {
        eprintln!("matchfacts: {layer} F1 {actual:.3} is below the floor {floor:.3}");
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn segment(args: SegmentArgs) -> Result<ExitCode> {
    let text = match &args.file {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            Document::from_bytes(path.display().to_string(), bytes)?.text
        }
        None => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
            Document::from_bytes("-", bytes)?.text
        }
    };
    let segmenter = matchfacts::segment::Segmenter::new();
    let sentences: Vec<&str> = segmenter
        .split(&text)
        .iter()
        .map(|s| text[s.start..s.end].trim())
        .collect();
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&sentences)?)?;
    } else {
        for s in sentences {
            writeln!(out, "{}", s.replace('\n', " "))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process in MB (Linux `VmHWM`), if known.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn bench(command: BenchCommand) -> Result<ExitCode> {
    use matchfacts::bench;
    match command {
        BenchCommand::GenGazetteer {
            people,
            seed,
            base,
            openfootball,
            dir,
        } => {
            let names = bench::squad_names(&openfootball)
                .with_context(|| format!("cannot read squads in {}", openfootball.display()))?;
            let n = bench::gen_gazetteer(&base, &names, people, seed, &dir)?;
            let check = Gazetteer::load(&dir).context("the generated gazetteer does not load")?;
            eprintln!(
                "matchfacts: wrote {} ({} generated people from {} squad names, {} entities)",
                dir.display(),
                n,
                names.len(),
                check.len()
            );
        }
        BenchCommand::GenCorpus {
            mb,
            seed,
            gazetteer,
            seeds,
            bbc,
            misspell_rate,
            dir,
        } => {
            let pipeline = load_pipeline(&gazetteer)?;
            let heldout = bbc.join("../HELDOUT.txt");
            let sources = bench::source_articles(&seeds, &bbc, &heldout)?;
            let (docs, bytes) =
                bench::gen_corpus(&pipeline, &sources, mb, seed, misspell_rate, &dir)?;
            eprintln!(
                "matchfacts: wrote {docs} documents, {bytes} bytes to {} from {} articles",
                dir.display(),
                sources.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

// `matchfacts matches`: match records across articles (src/matches/; the README, "Match records
// across articles").

#[derive(Args, Debug)]
struct MatchesArgs {
    /// Files or folders (folders: *.txt, recursively, sorted). Default: corpus/
    paths: Vec<PathBuf>,
    /// Gazetteer folder.
    #[arg(long, default_value = "gazetteers")]
    gazetteer: PathBuf,
    /// Output format: one JSON line per match, or text to paste.
    #[arg(long, value_enum, default_value_t = MatchesFormat::Json)]
    format: MatchesFormat,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    jobs: Option<usize>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum MatchesFormat {
    Json,
    Text,
}

fn matches(args: MatchesArgs) -> Result<ExitCode> {
    use matchfacts::matches::{Article, Consolidator};

    set_threads(args.jobs)?;
    let pipeline = load_pipeline(&args.gazetteer)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.paths
    };
    let inputs = collect_inputs(&paths);
    // Each article is handed to the consolidation as it comes, in input order, and let go: only
    // what the records need of it is kept.
    let mut consolidator = Consolidator::new(pipeline.gazetteer());
    let mut docs = 0usize;
    let mut failed = 0usize;
    let sunk = batch::analyze_each(&pipeline, &inputs, BatchSize::default(), |_, result| {
        match result {
            Ok((doc, analysis)) => {
                if doc.encoding != matchfacts::Encoding::Utf8 {
                    warn_reencoded(&doc.name);
                }
                consolidator.add(&Article::new(&doc, &analysis));
                docs += 1;
            }
            Err(error) => {
                failed += 1;
                eprintln!("matchfacts: error: {error}");
            }
        }
        Ok::<(), std::convert::Infallible>(())
    });
    if let Err(never) = sunk {
        match never {}
    }
    let consolidation = consolidator.finish();
    let mut out = BufWriter::new(io::stdout().lock());
    for (i, record) in consolidation.records.iter().enumerate() {
        match args.format {
            MatchesFormat::Json => writeln!(out, "{}", serde_json::to_string(record)?)?,
            MatchesFormat::Text => {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{}", record.to_text())?;
            }
        }
    }
    out.flush()?;
    eprintln!(
        "matchfacts: {docs} documents, {} matches, {} documents without a match, {failed} errors",
        consolidation.records.len(),
        consolidation.unmatched.len()
    );
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

// ---------------------------------------------------------------------------
// `matchfacts gazetteer ...`: the editors' workflow (library: matchfacts::editor)
// ---------------------------------------------------------------------------

#[derive(Subcommand, Debug)]
enum GazetteerCommand {
    /// Every error (exit 2) and warning (exit 0), as `file:line: problem`.
    Check(GazCheckArgs),
    /// Entities per type, aliases, derived surnames, ambiguous forms.
    Stats(GazStatsArgs),
    /// Append a row with a generated id, keeping the file's bytes; written atomically.
    Add(GazAddArgs),
    /// Propose what a corpus mentions that the gazetteers miss (unknown names, fuzzy matches).
    Suggest(GazSuggestArgs),
    /// Import clubs and stadiums (a dry run unless --write).
    Import(GazImportArgs),
    /// What an edit did: entries, mentions on a corpus, F1 on gold.
    Diff(GazDiffArgs),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum GazFormat {
    Text,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum GazSuggestFormat {
    Tsv,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum GazKind {
    Player,
    Coach,
    Referee,
    Club,
    Stadium,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum GazImportSource {
    /// openfootball club files (`Name FC, year, @ Stadium, City` and `| alt` lines).
    Openfootball,
}

#[derive(Args, Debug)]
struct GazCheckArgs {
    /// Gazetteer folder.
    #[arg(default_value = "gazetteers")]
    dir: PathBuf,
    /// Output format (json: an array of {severity, file, line, message}).
    #[arg(long, value_enum, default_value_t = GazFormat::Text)]
    format: GazFormat,
}

#[derive(Args, Debug)]
struct GazStatsArgs {
    /// Gazetteer folder.
    #[arg(default_value = "gazetteers")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GazFormat::Text)]
    format: GazFormat,
}

#[derive(Args, Debug)]
struct GazAddArgs {
    /// What to add.
    #[arg(value_enum)]
    kind: GazKind,
    /// The canonical name (`"Marek Hamšík"`).
    name: String,
    /// Another name reporters use (repeatable). The surname is matched without it.
    #[arg(long = "alias", value_name = "ALIAS")]
    aliases: Vec<String>,
    /// People: their club's id.
    #[arg(long)]
    club: Option<String>,
    /// People: nationality.
    #[arg(long)]
    nationality: Option<String>,
    /// Clubs and stadiums: city.
    #[arg(long)]
    city: Option<String>,
    /// Clubs: country.
    #[arg(long)]
    country: Option<String>,
    /// Clubs: the home stadium's id.
    #[arg(long)]
    stadium: Option<String>,
    /// Stadiums: the id of a club that plays there (repeatable).
    #[arg(long = "clubs", value_name = "CLUB")]
    clubs: Vec<String>,
    /// Use this id instead of the generated one.
    #[arg(long)]
    id: Option<String>,
    /// Accept a name or aliases other entries already carry.
    #[arg(long)]
    allow_ambiguous: bool,
    /// Show the row and check it, but do not write.
    #[arg(long)]
    dry_run: bool,
    /// Gazetteer folder.
    #[arg(long, default_value = "gazetteers")]
    gazetteer: PathBuf,
}

#[derive(Args, Debug)]
struct GazSuggestArgs {
    /// Files or folders to read (folders: *.txt, recursively). Default: corpus/
    paths: Vec<PathBuf>,
    /// Gazetteer folder.
    #[arg(long, default_value = "gazetteers")]
    gazetteer: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GazSuggestFormat::Tsv)]
    format: GazSuggestFormat,
    /// Leave out suggestions seen fewer than N times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_count: usize,
}

#[derive(Args, Debug)]
struct GazImportArgs {
    /// The source format.
    #[arg(value_enum)]
    source: GazImportSource,
    /// The files to import.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Gazetteer folder.
    #[arg(long, default_value = "gazetteers")]
    gazetteer: PathBuf,
    /// Write clubs.tsv and stadiums.tsv (atomically). Without it, only show what would happen.
    #[arg(long)]
    write: bool,
    /// Also import old names and clubs that no longer exist.
    #[arg(long)]
    historical: bool,
    /// Country of clubs in a file without a `= Country` heading.
    #[arg(long)]
    country: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GazFormat::Text)]
    format: GazFormat,
}

#[derive(Args, Debug)]
struct GazDiffArgs {
    /// The gazetteer folder before the edit.
    old: PathBuf,
    /// The gazetteer folder after the edit.
    new: PathBuf,
    /// Compare mentions on these documents (a file or folder).
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Compare F1 on this gold folder (documents read from --corpus, default corpus/).
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GazFormat::Text)]
    format: GazFormat,
}

fn gazetteer_cmd(command: GazetteerCommand) -> Result<ExitCode> {
    use matchfacts::editor;
    use matchfacts::EntityKind;
    let mut out = io::stdout().lock();
    match command {
        GazetteerCommand::Check(args) => {
            let report = editor::check_dir(&args.dir)?;
            match args.format {
                GazFormat::Text => {
                    for finding in &report.findings {
                        writeln!(out, "{finding}")?;
                    }
                }
                GazFormat::Json => {
                    writeln!(out, "{}", serde_json::to_string_pretty(&report.to_json())?)?
                }
            }
            eprintln!(
                "matchfacts: {}: {} entities, {} errors, {} warnings",
                args.dir.display(),
                report.entities,
                report.errors(),
                report.warnings()
            );
            Ok(if report.errors() > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        GazetteerCommand::Stats(args) => {
            let gazetteer = Gazetteer::load(&args.dir)
                .with_context(|| format!("cannot load the gazetteer in {}", args.dir.display()))?;
            let stats = editor::stats(&gazetteer);
            match args.format {
                GazFormat::Text => write!(out, "{}", stats.to_text())?,
                GazFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Add(args) => {
            let kind = match args.kind {
                GazKind::Player => EntityKind::Player,
                GazKind::Coach => EntityKind::Coach,
                GazKind::Referee => EntityKind::Referee,
                GazKind::Club => EntityKind::Club,
                GazKind::Stadium => EntityKind::Stadium,
            };
            let entry = editor::NewEntry {
                aliases: args.aliases,
                id: args.id,
                club: args.club,
                nationality: args.nationality,
                city: args.city,
                country: args.country,
                stadium: args.stadium,
                clubs: args.clubs,
                ..editor::NewEntry::new(kind, args.name)
            };
            let options = editor::AddOptions {
                allow_ambiguous: args.allow_ambiguous,
                dry_run: args.dry_run,
            };
            let added = match editor::add(&args.gazetteer, &entry, &options) {
                Ok(added) => added,
                Err(e) => {
                    for line in e.to_string().lines() {
                        eprintln!("{line}");
                    }
                    eprintln!("matchfacts: nothing was written");
                    return Ok(ExitCode::from(2));
                }
            };
            writeln!(
                out,
                "{} {kind} `{}` at {}:{}\n{}",
                if added.written { "added" } else { "would add" },
                added.id,
                added.path.display(),
                added.line,
                added.row
            )?;
            for warning in &added.warnings {
                writeln!(out, "{warning}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Suggest(args) => {
            let pipeline = load_pipeline(&args.gazetteer)?;
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from("corpus")]
            } else {
                args.paths
            };
            // The corpus a part at a time: only the tallies are kept.
            let mut suggester = editor::Suggester::new(&pipeline);
            let mut errors = 0usize;
            editor::for_each_part(
                &paths,
                |docs| suggester.add(docs),
                |e| {
                    eprintln!("matchfacts: warning: {e}");
                    errors += 1;
                },
            );
            let suggestions = suggester.finish(args.min_count);
            match args.format {
                GazSuggestFormat::Tsv => write!(out, "{}", suggestions.to_tsv())?,
                GazSuggestFormat::Json => {
                    writeln!(out, "{}", serde_json::to_string_pretty(&suggestions)?)?
                }
            }
            eprintln!(
                "matchfacts: {} documents: {} unknown names, {} fuzzy matches",
                suggestions.documents,
                suggestions.unknown.len(),
                suggestions.fuzzy.len()
            );
            Ok(if errors == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        GazetteerCommand::Import(args) => {
            let GazImportSource::Openfootball = args.source;
            let mut clubs = Vec::new();
            for file in &args.files {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                clubs.extend(editor::parse_openfootball(file, &text)?);
            }
            let options = editor::ImportOptions {
                historical: args.historical,
                country: args.country,
            };
            let plan = editor::plan_import(&args.gazetteer, &clubs, &options)?;
            match args.format {
                GazFormat::Text => write!(out, "{}", plan.to_text())?,
                GazFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&plan)?)?,
            }
            if !args.write {
                eprintln!("matchfacts: dry run, nothing written (--write writes the files)");
            } else if plan.changes_files() {
                for path in plan.write()? {
                    eprintln!("matchfacts: wrote {}", path.display());
                }
            } else {
                eprintln!("matchfacts: nothing to write");
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Diff(args) => {
            let (report, errors) = editor::diff_dirs(
                &args.old,
                &args.new,
                args.corpus.as_deref(),
                args.gold.as_deref(),
            )?;
            for e in &errors {
                eprintln!("matchfacts: warning: {e}");
            }
            match args.format {
                GazFormat::Text => write!(out, "{}", report.to_text())?,
                GazFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
