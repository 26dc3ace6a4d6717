//! Byte-preserving edits of a gazetteer TSV file: append a row in the file's own column order,
//! or change one field of one row, leaving every other byte (comments, blank lines, unknown
//! columns, line endings, a byte-order mark) exactly as it was.

use std::path::{Path, PathBuf};

use crate::error::{Error, Problem, Result};

/// A TSV file held as its lines (each with its own line ending) for editing.
#[derive(Debug, Clone)]
pub struct TsvEdit {
    path: PathBuf,
    lines: Vec<String>,
    newline: &'static str,
    header: Vec<String>,
}

impl TsvEdit {
    /// Reads the text of a file (named by `path` in messages). The header is the first line
    /// that is neither blank nor a `#` comment, as for loading.
    pub fn parse(path: &Path, text: &str) -> Result<TsvEdit> {
        let lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
        let newline = match lines.first() {
            Some(first) if first.ends_with("\r\n") => "\r\n",
            _ => "\n",
        };
        let header = lines
            .iter()
            .map(|l| content(l).trim_start_matches('\u{feff}'))
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').map(|h| h.trim().to_string()).collect())
            .ok_or_else(|| {
                Error::Gazetteer(vec![Problem {
                    path: path.to_path_buf(),
                    line: 0,
                    message: "no header row".to_string(),
                }])
            })?;
        Ok(TsvEdit {
            path: path.to_path_buf(),
            lines,
            newline,
            header,
        })
    }

    /// The path the file was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The header's column names, in file order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Appends a row: each header column gets the value given for its name, or stays empty
    /// (unknown columns included). Returns the new row's 1-based line number.
    pub fn append(&mut self, values: &[(&str, &str)]) -> usize {
        if let Some(last) = self.lines.last_mut() {
            if !last.ends_with('\n') {
                last.push_str(self.newline);
            }
        }
        let row: Vec<&str> = self
            .header
            .iter()
            .map(|h| {
                values
                    .iter()
                    .find(|(name, _)| name == h)
                    .map_or("", |(_, v)| *v)
            })
            .collect();
        self.lines
            .push(format!("{}{}", row.join("\t"), self.newline));
        self.lines.len()
    }

    /// The value of a column on a line (1-based), if the line has that many fields.
    pub fn field(&self, line: usize, column: &str) -> Option<&str> {
        let index = self.column(column)?;
        let text = content(self.lines.get(line.checked_sub(1)?)?);
        text.split('\t').nth(index)
    }

    /// Sets a column's value on a line (1-based), keeping the line's other fields and its line
    /// ending. Fails when the line or the column does not exist.
    pub fn set_field(&mut self, line: usize, column: &str, value: &str) -> Result<()> {
        let problem = |message: String| {
            Error::Gazetteer(vec![Problem {
                path: self.path.clone(),
                line,
                message,
            }])
        };
        let index = self
            .column(column)
            .ok_or_else(|| problem(format!("no column `{column}`")))?;
        let Some(raw) = line.checked_sub(1).and_then(|i| self.lines.get(i)) else {
            return Err(problem("no such line".to_string()));
        };
        let ending = &raw[content(raw).len()..];
        let mut fields: Vec<&str> = content(raw).split('\t').collect();
        if index >= fields.len() {
            return Err(problem(format!("no field for column `{column}`")));
        }
        fields[index] = value;
        let updated = format!("{}{}", fields.join("\t"), ending);
        self.lines[line - 1] = updated;
        Ok(())
    }

    /// The file's text with the edits.
    pub fn text(&self) -> String {
        self.lines.concat()
    }
}

/// A line without its `\n` or `\r\n`.
fn content(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_keeps_everything_and_follows_the_column_order() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "plain",
                "id\tname\taliases\n# c\nx\tX\t\n",
                "id\tname\taliases\n# c\nx\tX\t\ny\tY\tWhy\n",
            ),
            (
                "no_final_newline",
                "id\tname\taliases\nx\tX\t",
                "id\tname\taliases\nx\tX\t\ny\tY\tWhy\n",
            ),
            (
                "crlf",
                "id\tname\taliases\r\nx\tX\t\r\n",
                "id\tname\taliases\r\nx\tX\t\r\ny\tY\tWhy\r\n",
            ),
            (
                "other_order_and_unknown_column",
                "# top\nname\tnotes\tid\taliases\nX\tkeep me\tx\t\n",
                "# top\nname\tnotes\tid\taliases\nX\tkeep me\tx\t\nY\t\ty\tWhy\n",
            ),
            (
                "bom",
                "\u{feff}id\tname\taliases\n",
                "\u{feff}id\tname\taliases\ny\tY\tWhy\n",
            ),
        ];
        for (name, before, after) in cases {
            let mut edit = TsvEdit::parse(Path::new("t.tsv"), before).unwrap();
            edit.append(&[("id", "y"), ("name", "Y"), ("aliases", "Why")]);
            assert_eq!(edit.text(), *after, "case {name}");
        }
    }

    #[test]
    fn set_field_changes_one_field_only() {
        let text = "id\tname\taliases\tnotes\r\nx\tX\t\tsee  this\r\n";
        let mut edit = TsvEdit::parse(Path::new("t.tsv"), text).unwrap();
        assert_eq!(edit.field(2, "notes"), Some("see  this"));
        edit.set_field(2, "aliases", "Ex|Exx").unwrap();
        assert_eq!(
            edit.text(),
            "id\tname\taliases\tnotes\r\nx\tX\tEx|Exx\tsee  this\r\n"
        );
        assert!(edit.set_field(9, "aliases", "y").is_err());
        assert!(edit.set_field(2, "nope", "y").is_err());
    }

    #[test]
    fn no_header_is_an_error() {
        let err = TsvEdit::parse(Path::new("t.tsv"), "# only a comment\n\n").unwrap_err();
        assert_eq!(err.to_string(), "t.tsv: no header row");
    }
}
