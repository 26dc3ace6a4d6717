//! Documents: reading article files (UTF-8, or Windows-1252 as a fallback), the leading
//! `date YYYY-MM-DD` line of the seeds, and collecting `*.txt` files from folders.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// How a document's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// Valid UTF-8 (ASCII included).
    #[serde(rename = "utf-8")]
    Utf8,
    /// Not UTF-8: decoded as Windows-1252 and flagged.
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl Encoding {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// One article: its name, its text and what was read from its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The name it is reported under (the path as given).
    pub name: String,
    /// The full text. Every offset points into it.
    pub text: String,
    /// The date the document states (`YYYY-MM-DD`), if any.
    pub date: Option<String>,
    /// Where the body starts (after a leading `date YYYY-MM-DD`).
    pub body_start: usize,
    /// How the bytes were decoded.
    pub encoding: Encoding,
}

impl Document {
    /// A document from text already in memory.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Document {
        let text = text.into();
        let (date, body_start) = match leading_date(&text) {
            Some((date, end)) => (Some(date.to_string()), end),
            None => (None, 0),
        };
        Document {
            name: name.into(),
            text,
            date,
            body_start,
            encoding: Encoding::Utf8,
        }
    }

    /// A document from raw bytes: UTF-8, else Windows-1252 (flagged); NUL bytes mean a binary
    /// file, which is refused.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Document> {
        let name = name.into();
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(Error::Binary {
                path: PathBuf::from(name),
                offset,
            });
        }
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Document::new(name, text)),
            Err(e) => {
                let bytes = e.into_bytes();
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
                let mut doc = Document::new(name, text.into_owned());
                doc.encoding = Encoding::Windows1252;
                Ok(doc)
            }
        }
    }

    /// Reads a file; the document is named by the path as given (as `Path::display` writes it:
    /// a byte that is not UTF-8 becomes U+FFFD; converted directly, not through the formatter).
    pub fn read(path: &Path) -> Result<Document> {
        let bytes = read_file(path).map_err(|e| Error::io(path, e))?;
        Document::from_bytes(path.to_string_lossy().into_owned(), bytes)
    }

    /// The text after the header.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// A file's bytes, read until the end. Unlike `std::fs::read` (and `File::read_to_end`) this
/// asks the file system nothing about the file first (no `statx` for a size hint): an article
/// fits in the first read, and one system call fewer per file counts when a run reads millions
/// of them. The file is read into the thread's buffer, kept warm from file to file (`Take`
/// hides the size; its reads go straight into the buffer's spare room), and copied out at its
/// exact size: a fresh large buffer per file costs the allocator returned and refaulted pages.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> =
            std::cell::RefCell::new(Vec::with_capacity(READ_CAPACITY));
    }
    let file = std::fs::File::open(path)?;
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        file.take(u64::MAX).read_to_end(&mut buffer)?;
        let bytes = buffer.to_vec();
        if buffer.capacity() > 16 * READ_CAPACITY {
            // One huge file does not keep its room for the rest of the run.
            *buffer = Vec::with_capacity(READ_CAPACITY);
        }
        Ok(bytes)
    })
}

/// The room a thread's read buffer starts with (most articles are smaller; a larger file
/// grows it).
const READ_CAPACITY: usize = 16 * 1024;

/// A leading `date YYYY-MM-DD` (after optional whitespace): the date and where the body starts.
fn leading_date(text: &str) -> Option<(&str, usize)> {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    let rest = trimmed.strip_prefix("date")?;
    let after_kw = rest.trim_start_matches([' ', '\t']);
    if after_kw.len() == rest.len() {
        return None;
    }
    let date = after_kw.get(..10)?;
    let b = date.as_bytes();
    let shape_ok = b.iter().enumerate().all(|(i, &c)| match i {
        4 | 7 => c == b'-',
        _ => c.is_ascii_digit(),
    });
    let month: u32 = date[5..7].parse().ok()?;
    let day: u32 = date[8..10].parse().ok()?;
    if !shape_ok || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let after = &after_kw[10..];
    if after.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    let date_start = offset + (trimmed.len() - after_kw.len());
    let body = after.trim_start_matches([' ', '\t']);
    let body_start = text.len() - body.len();
    Some((&text[date_start..date_start + 10], body_start))
}

/// One input of a run: a file to read, or a path that could not be listed.
#[derive(Debug)]
pub enum Input {
    /// A file to process.
    File(PathBuf),
    /// A path that does not exist or could not be read as a folder.
    Missing(PathBuf, Error),
}

impl Input {
    /// The input's path, as given or listed.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(path) | Input::Missing(path, _) => path,
        }
    }

    /// The input's document, or why it cannot be read (an input that could not be listed keeps
    /// its error, copied: see [`Error`]'s `Clone`).
    pub fn read(&self) -> Result<Document> {
        match self {
            Input::File(path) => Document::read(path),
            Input::Missing(_, error) => Err(error.clone()),
        }
    }
}

/// Asks the kernel to read a run's files into its page cache before the workers read them, when
/// they are not there already: a worker's read then finds its file in the cache rather than
/// waiting for the disk. A run gives it each batch as the batch goes to the workers
/// ([`ReadAhead::batch`]), from the thread that hands the batches out.
///
/// A file is looked at with a read of one byte that must not wait (`preadv2` with `RWF_NOWAIT`):
/// if the byte is not in the cache, the kernel is asked for the file's first
/// [`READ_AHEAD_BYTES`] (`posix_fadvise(WILLNEED)`; the kernel's own read-ahead goes on through
/// a larger file as it is read). Looking costs a `statx`, an `open`, the read and a `close`,
/// so while every file looked at is in the cache, only one in [`WARM_SAMPLE`] is looked at; the
/// first one missing turns every file's look back on. Only regular files are opened: a named
/// pipe is left alone (opening and closing it would unblock its writer and then break its
/// pipe). A file that cannot be opened is passed over (its read reports the error). Does nothing
/// on systems other than Linux.
#[derive(Debug, Default)]
pub struct ReadAhead {
    /// Whether every file the last look found was in the cache.
    warm: bool,
}

/// What [`ReadAhead::batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Looked {
    /// Files looked at.
    pub files: usize,
    /// Files not in the cache, asked of the disk.
    pub asked: usize,
}

impl ReadAhead {
    /// A read-ahead that looks at every file until it finds them in the cache.
    pub fn new() -> ReadAhead {
        ReadAhead::default()
    }

    /// Looks at a batch's files, in order, and asks for those not in the cache.
    pub fn batch(&mut self, inputs: &[Input]) -> Looked {
        let mut looked = Looked::default();
        #[cfg(target_os = "linux")]
        {
            // Looks at one input; whether it was missing from the cache.
            let mut look_at = |input: &Input| {
                let Input::File(path) = input else {
                    return false;
                };
                let cached = look(path);
                looked.files += usize::from(cached.is_some());
                let missing = matches!(cached, Some(Cached::No));
                looked.asked += usize::from(missing);
                missing
            };
            let mut i = 0;
            // The first file the sampling skipped since its last look.
            let mut skipped = 0;
            while i < inputs.len() {
                let missing = look_at(&inputs[i]);
                if missing && self.warm {
                    // Every file's look is back on, the skipped ones' too.
                    self.warm = false;
                    for input in &inputs[skipped..i] {
                        look_at(input);
                    }
                }
                skipped = i + 1;
                i += if self.warm { WARM_SAMPLE } else { 1 };
            }
            if looked.asked == 0 && looked.files > 0 {
                self.warm = true;
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = inputs;
        looked
    }
}

/// Whether a file's first byte is in the page cache.
#[cfg(target_os = "linux")]
enum Cached {
    Yes,
    /// Not there (or the system cannot tell): the file has been asked for.
    No,
}

/// Looks at one file for [`ReadAhead`]: `None` for anything but a regular file that opens.
#[cfg(target_os = "linux")]
fn look(path: &Path) -> Option<Cached> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut byte = [0u8; 1];
    let read = rustix::io::preadv2(
        &file,
        &mut [std::io::IoSliceMut::new(&mut byte)],
        0,
        rustix::io::ReadWriteFlags::NOWAIT,
    );
    if read.is_ok() {
        return Some(Cached::Yes);
    }
    // Only a hint: an error (a file system without read-ahead) changes nothing.
    let _ = rustix::fs::fadvise(
        &file,
        0,
        std::num::NonZeroU64::new(READ_AHEAD_BYTES),
        rustix::fs::Advice::WillNeed,
    );
    Some(Cached::No)
}

/// How much of each file not in the cache [`ReadAhead`] asks the kernel for.
pub const READ_AHEAD_BYTES: u64 = 1 << 20;

/// While a run's files are found in the page cache, [`ReadAhead`] looks at one in this many.
pub const WARM_SAMPLE: usize = 16;

/// Expands paths into inputs: files as given, folders recursively into their `*.txt` files in
/// sorted path order. A path that cannot be read becomes an [`Input::Missing`].
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                let mut errors = Vec::new();
                walk(path, &mut files, &mut errors);
                files.sort();
                out.extend(files.into_iter().map(Input::File));
                out.extend(errors.into_iter().map(|(p, e)| Input::Missing(p, e)));
            }
            Ok(_) => out.push(Input::File(path.clone())),
            Err(e) => out.push(Input::Missing(path.clone(), Error::io(path, e))),
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, Error)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push((dir.to_path_buf(), Error::io(dir, e)));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push((dir.to_path_buf(), Error::io(dir, e)));
                continue;
            }
        };
        let path = entry.path();
        // The entry's type comes with the listing; only a link (or a file system that does not
        // give types) costs a look at what it points to.
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_dir() => true,
            Ok(t) if t.is_file() => false,
            _ => path.is_dir(),
        };
        if is_dir {
            walk(&path, files, errors);
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_dates() {
        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            (
                "seed_style",
                " date 2018-04-23 Napoli won",
                Some("2018-04-23"),
                "Napoli won",
            ),
            ("no_date", "Napoli won", None, "Napoli won"),
            ("date_word_in_text", "date night", None, "date night"),
            ("bad_month", "date 2018-13-01 x", None, "date 2018-13-01 x"),
            ("date_alone", "date 2018-04-23", Some("2018-04-23"), ""),
        ];
        for (name, text, date, body) in cases {
            let doc = Document::new("x", *text);
            assert_eq!(doc.date.as_deref(), *date, "case {name}");
            assert_eq!(doc.body(), *body, "case {name}");
        }
    }

    /// Reading ahead changes nothing a read gives: files, a missing file, a folder given as a
    /// file, and a named pipe, which it must not open (opening a pipe with no writer would wait
    /// for one for ever: the test fails on a timeout rather than hanging).
    #[test]
    fn reading_ahead_leaves_reads_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "Napoli won at the Allianz Stadium.").unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let inputs = vec![
            Input::File(file.clone()),
            Input::File(dir.path().join("gone.txt")),
            Input::File(dir.path().to_path_buf()),
            Input::Missing(
                dir.path().join("lost"),
                Error::io(
                    dir.path().join("lost"),
                    std::io::Error::from(std::io::ErrorKind::NotFound),
                ),
            ),
        ];
        let before: Vec<String> = inputs[..3]
            .iter()
            .map(|i| format!("{:?}", Document::read(i.path()).map(|d| d.text)))
            .collect();
        ReadAhead::new().batch(&inputs);
        let after: Vec<String> = inputs[..3]
            .iter()
            .map(|i| format!("{:?}", Document::read(i.path()).map(|d| d.text)))
            .collect();
        assert_eq!(before, after);
        assert!(after[0].contains("Allianz"), "{after:?}");
        if made.is_ok_and(|s| s.success()) {
            let (tx, rx) = std::sync::mpsc::channel();
            let pipe = vec![Input::File(fifo)];
            std::thread::spawn(move || {
                ReadAhead::new().batch(&pipe);
                let _ = tx.send(());
            });
            assert!(
                rx.recv_timeout(std::time::Duration::from_secs(20)).is_ok(),
                "the read-ahead opened the named pipe and waits for a writer"
            );
        } else {
            eprintln!("reading_ahead_leaves_reads_as_they_were: no mkfifo here; pipe case skipped");
        }
    }

    /// Files in the cache are looked at, then sampled; files dropped from it are all looked at
    /// and asked for (ext4 and the like: skipped, with a message, where the cache cannot be
    /// seen or dropped).
    #[cfg(target_os = "linux")]
    #[test]
    fn reading_ahead_asks_for_what_the_cache_misses_and_samples_what_it_holds() {
        use std::os::fd::AsFd;
        let dir = tempfile::tempdir().unwrap();
        let n = 4 * WARM_SAMPLE + 3;
        let inputs: Vec<Input> = (0..n)
            .map(|i| {
                let path = dir.path().join(format!("{i:03}.txt"));
                std::fs::write(&path, "Napoli won. ".repeat(300)).unwrap();
                Input::File(path)
            })
            .collect();
        let mut read_ahead = ReadAhead::new();
        let first = read_ahead.batch(&inputs);
        if first.asked > 0 {
            eprintln!("reading ahead: this system's reads cannot tell what is cached; skipped");
            return;
        }
        assert_eq!(first, Looked { files: n, asked: 0 }, "every file at first");
        let warm = read_ahead.batch(&inputs);
        assert_eq!(
            warm,
            Looked { files: 5, asked: 0 },
            "one in {WARM_SAMPLE} once warm"
        );
        // Files 20 and on leave the cache: the samples at 0 and 16 find theirs, the one at 32
        // does not, and every file from 17 on is looked at.
        for input in &inputs[20..] {
            let file = std::fs::File::open(input.path()).unwrap();
            file.sync_all().unwrap();
            let _ = rustix::fs::fadvise(file.as_fd(), 0, None, rustix::fs::Advice::DontNeed);
        }
        let cold = read_ahead.batch(&inputs);
        if cold.asked == 0 {
            eprintln!("reading ahead: this file system keeps its cache; cold case skipped");
            return;
        }
        assert_eq!(
            cold,
            Looked {
                files: 2 + (n - 17),
                asked: n - 20
            },
            "a missing file turns every file's look back on, the skipped ones' too"
        );
        // What was asked for comes into the cache: a warm look again soon.
        let mut again = read_ahead.batch(&inputs);
        for _ in 0..100 {
            if again.asked == 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
            again = read_ahead.batch(&inputs);
        }
        assert_eq!(again.asked, 0, "the files asked for reached the cache");
    }

    #[test]
    fn windows_1252_fallback() {
        let doc = Document::from_bytes("x", b"Cost \xa35m".to_vec()).unwrap();
        assert_eq!(doc.text, "Cost £5m");
        assert_eq!(doc.encoding, Encoding::Windows1252);
    }

    /// A document is named by its path as `Path::display` writes it, a name that is not UTF-8
    /// included (its stray byte becomes U+FFFD).
    #[test]
    fn documents_are_named_as_the_path_displays() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        for name in [
            &b"match report.txt"[..],
            b"caf\xe9-\xff.txt",
            b"Gianluigi \xe2\x80\x99.txt",
        ] {
            let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
            std::fs::write(&path, "Napoli won.").unwrap();
            let doc = Document::read(&path).unwrap();
            assert_eq!(doc.name, path.display().to_string(), "{name:?}");
        }
    }

    /// Files of every size around the chunk size read as `std::fs::read` reads them.
    #[test]
    fn files_read_whole_at_every_size() {
        let dir = tempfile::tempdir().unwrap();
        let chunk = READ_CAPACITY;
        for len in [
            0,
            1,
            2000,
            chunk - 1,
            chunk,
            chunk + 1,
            3 * chunk + 7,
            20 * chunk,
            5,
        ] {
            let path = dir.path().join(format!("{len}.txt"));
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_file(&path).unwrap(), bytes, "{len} bytes");
        }
        let missing = dir.path().join("missing.txt");
        assert!(Document::read(&missing)
            .unwrap_err()
            .to_string()
            .contains("missing.txt"));
    }

    /// Folders are walked through links to folders; linked files count; other files do not.
    #[cfg(unix)]
    #[test]
    fn folders_collected_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("notes.md"), "no").unwrap();
        std::fs::write(root.join("sub/b.txt"), "b").unwrap();
        std::fs::write(elsewhere.join("c.txt"), "c").unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("z.txt")).unwrap();
        let names: Vec<String> = collect_inputs(std::slice::from_ref(&root))
            .iter()
            .map(|input| match input {
                Input::File(path) => path.strip_prefix(&root).unwrap().display().to_string(),
                Input::Missing(path, e) => panic!("{}: {e}", path.display()),
            })
            .collect();
        assert_eq!(names, ["a.txt", "linked/c.txt", "sub/b.txt", "z.txt"]);
    }

    #[test]
    fn binary_refused() {
        let err = Document::from_bytes("x.txt", b"ab\0cd".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "x.txt: binary file (NUL byte at offset 2)");
    }
}
