//! Calendar days and the match dates a report states.
//!
//! A match date is read from the sentence that states the result (or, for an article's main match,
//! from its lead): a weekday (`on Sunday`, `Saturday's match`) is the most recent such day on or
//! before the article's date (`last Sunday` in a Sunday article is a week earlier; `next Sunday`
//! is ignored); a written date (`Apr 22`, `22 April 2018`, `April 22, 2018`) takes the article's
//! year when it has none (the year before if that would put it after the article). A date more
//! than [`MAX_TEXT_DATE_AGE`] days before the article (or after it) is not the match's date (`his
//! last loss dates back to Nov 19`) and is ignored.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// The oldest a date read from the text may be, in days before the article's date.
pub const MAX_TEXT_DATE_AGE: i64 = 7;

/// A calendar day (proleptic Gregorian), as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Day {
    /// The day of a year, month (1-12) and day of month, if it exists.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: i64 = s[..4].parse().ok()?;
        let month: u32 = s[5..7].parse().ok()?;
        let day: u32 = s[8..10].parse().ok()?;
        Day::from_ymd(year, month, day)
    }

    /// Year, month (1-12) and day of month.
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    /// The weekday, 0 = Monday .. 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// The day `n` days later (earlier when negative).
    pub fn plus(self, n: i64) -> Day {
        Day(self.0 + n)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        self.to_string()
    }

    /// `22 Apr 2018`, for people.
    pub fn human(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", MONTHS[m as usize - 1])
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

static WEEKDAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(next|last|this|on)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    )
    .expect("weekday regex")
});

const MONTH_RE: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?";

static DAY_MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_RE}(?:,?\s+(\d{{4}}))?"
    ))
    .expect("day-month regex")
});

static MONTH_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    ))
    .expect("month-day regex")
});

fn month_number(word: &str) -> Option<u32> {
    let prefix = word.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .map(|i| i as u32 + 1)
}

/// The dates stated in `text` (a sentence), as (byte offset in `text`, day), in text order,
/// resolved against the article's date as described in the module documentation.
pub fn dates_in(text: &str, article: Option<Day>) -> Vec<(usize, Day)> {
    let mut out = Vec::new();
    if let Some(article) = article {
        for c in WEEKDAY_RE.captures_iter(text) {
            let whole = c.get(0).expect("match");
            let prefix = c.get(1).map(|m| m.as_str());
            if prefix == Some("next") {
                continue;
            }
            let name = c.get(2).expect("weekday").as_str();
            let wd = WEEKDAYS.iter().position(|w| *w == name).expect("weekday") as i64;
            let mut back = (article.weekday() as i64 - wd).rem_euclid(7);
            if back == 0 && prefix == Some("last") {
                back = 7;
            }
            out.push((whole.start(), article.plus(-back)));
        }
    }
    let written = DAY_MONTH_RE
        .captures_iter(text)
        .filter_map(|c| {
            let day: u32 = c.get(1)?.as_str().parse().ok()?;
            let month = month_number(c.get(2)?.as_str())?;
            Some((c.get(0)?.start(), month, day, c.get(3)))
        })
        .chain(MONTH_DAY_RE.captures_iter(text).filter_map(|c| {
            let month = month_number(c.get(1)?.as_str())?;
            let day: u32 = c.get(2)?.as_str().parse().ok()?;
            Some((c.get(0)?.start(), month, day, c.get(3)))
        }));
    for (pos, month, day, year) in written {
        let date = match (year, article) {
            (Some(y), _) => y
                .as_str()
                .parse()
                .ok()
                .and_then(|y| Day::from_ymd(y, month, day)),
            (None, Some(a)) => {
                let (ay, _, _) = a.ymd();
                match Day::from_ymd(ay, month, day) {
                    Some(d) if d > a => Day::from_ymd(ay - 1, month, day),
                    other => other,
                }
            }
            (None, None) => None,
        };
        if let Some(d) = date {
            out.push((pos, d));
        }
    }
    if let Some(a) = article {
        out.retain(|&(_, d)| d <= a && a.0 - d.0 <= MAX_TEXT_DATE_AGE);
    }
    out.sort_by_key(|&(pos, d)| (pos, d));
    out.dedup_by_key(|&mut (pos, _)| pos);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekdays() {
        let cases: &[(&str, u32, &str)] = &[
            ("2018-04-23", 0, "23 Apr 2018"),
            ("2018-04-22", 6, "22 Apr 2018"),
            ("1970-01-01", 3, "1 Jan 1970"),
            ("2000-02-29", 1, "29 Feb 2000"),
            ("2004-12-31", 4, "31 Dec 2004"),
        ];
        for (iso, weekday, human) in cases {
            let d = Day::parse(iso).unwrap();
            assert_eq!(d.iso(), *iso);
            assert_eq!(d.weekday(), *weekday, "{iso}");
            assert_eq!(d.human(), *human);
        }
        assert_eq!(Day::parse("2018-02-30"), None);
        assert_eq!(Day::parse("2018-4-23"), None);
    }

    #[test]
    fn dates_in_sentences() {
        let monday = Day::parse("2018-04-23");
        let cases: &[(&str, &str, Option<Day>, &[&str])] = &[
            ("on_sunday", "a 1-0 win on Sunday", monday, &["2018-04-22"]),
            (
                "weekday_and_written",
                "a 1-0 win against Juventus on Sunday (Apr 22) to",
                monday,
                &["2018-04-22", "2018-04-22"],
            ),
            (
                "saturday",
                "a 3-0 win at SPAL on Saturday",
                monday,
                &["2018-04-21"],
            ),
            ("same_day", "tonight, on Monday", monday, &["2018-04-23"]),
            ("last_same_day", "last Monday", monday, &["2018-04-16"]),
            ("next_ignored", "they play next Sunday", monday, &[]),
            ("no_article_date", "on Sunday", None, &[]),
            (
                "written_with_year",
                "on 22 April 2018",
                None,
                &["2018-04-22"],
            ),
            ("month_day_year", "April 22, 2018", None, &["2018-04-22"]),
            ("too_old", "last loss dates back to Nov 19", monday, &[]),
            ("future", "the final on May 9", monday, &[]),
            (
                "previous_year",
                "on 30 December",
                Day::parse("2019-01-02"),
                &["2018-12-30"],
            ),
        ];
        for (name, text, article, expected) in cases {
            let got: Vec<String> = dates_in(text, *article)
                .into_iter()
                .map(|(_, d)| d.iso())
                .collect();
            assert_eq!(&got, expected, "case {name}");
        }
    }
}
