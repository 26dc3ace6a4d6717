//! Grouping: which matches an article reports, which of its facts belong to which match, and
//! which article-matches across articles are the same match.
//!
//! Per article ([`article_matches`]):
//! - every stated result (two clubs and a score) is a claim; claims of the same two clubs are one
//!   article-match (repeated paragraphs and summary lines add nothing: same clubs and score are
//!   one claim);
//! - the main match is the first result stated in the lead (the first [`LEAD_SENTENCES`]
//!   sentences); else the match of the first two clubs named in the lead (club mentions, then the
//!   clubs of people named) when the article states a result for them, or, when it states no
//!   result at all, a scoreless match of those two clubs; else the first result stated;
//! - the date: a date stated in the text (see [`super::date`]) in a result's sentence belongs to
//!   the result whose evidence contains it, else the one that ends last before it in that
//!   sentence, else the first one after it; the
//!   main match also takes a date from a lead sentence that states no result; else the article's
//!   own date; else none;
//! - events and quotes go to the match of their team (the event's team, else its player's club;
//!   a quote's speaker's club) when exactly one of the article's matches has that club; with no
//!   team, or several candidates, by position: the result stated in the same sentence, else the
//!   match of the club last named before it, else the main match. An event whose team plays in
//!   none of the article's matches is left out. Events are deduplicated within the article by
//!   (type, player, team, minute), quotes by their normalised words;
//! - a stadium named goes to the match found by position, and is kept as that match's venue
//!   evidence when it is the ground of one of the two clubs or is named in the result's sentence.
//!
//! Across articles ([`group`]), article-matches of the same two clubs are the same match when:
//! both have dates and the dates are compatible (a text date is that day; an article date `d`
//! stands for `d - DATE_WINDOW ..= d`, so a report dated the day after joins; a group's dates must
//! all overlap); a differing score then is a conflict, since the same two clubs do not meet twice
//! within a day; when either has no date, by score: the same score when both state one, the
//! clubs alone otherwise. Dated results are placed first, then undated results, then scoreless
//! matches (which join the best-supported candidate). Among several candidates the one with the
//! same score, then the most articles, then the earliest wins. A scoreless match from a lead that
//! joins nothing starts a record only if the article gives it a goal.

use std::collections::{BTreeSet, HashMap};

use super::date::{dates_in, Day};
use super::text::normalise_quote;
use super::{Article, Kept, DATE_WINDOW, LEAD_SENTENCES};
use crate::facts::EventType;
use crate::gazetteer::{EntityKind, Gazetteer};
use crate::segment::Span;

/// Where a match date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MatchDate {
    /// Stated in the text.
    Text(Day),
    /// The article's own date (the match was that day or up to [`DATE_WINDOW`] days before).
    Article(Day),
}

impl MatchDate {
    /// The days the match can have been played on.
    pub(crate) fn interval(self) -> (Day, Day) {
        match self {
            MatchDate::Text(d) => (d, d),
            MatchDate::Article(d) => (d.plus(-DATE_WINDOW), d),
        }
    }
}

/// One stated result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScoreClaim {
    /// Goals, parallel to the article-match's `pair`.
    pub goals: [u32; 2],
    /// The home club, when stated.
    pub home: Option<u32>,
    /// Evidence span.
    pub start: usize,
    pub end: usize,
}

/// One match as one article reports it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArticleMatch {
    /// Index of the article.
    pub article: usize,
    /// The two clubs, sorted by gazetteer index.
    pub pair: [u32; 2],
    /// The two clubs in the order first written (the first result, or the lead).
    pub written: [u32; 2],
    /// Distinct results stated for them (normally one).
    pub scores: Vec<ScoreClaim>,
    /// The match date as far as this article tells.
    pub date: Option<MatchDate>,
    /// Whether it is the article's main match.
    pub main: bool,
    /// Where it is first stated (for ordering).
    pub position: usize,
    /// Indices into the article's events (deduplicated).
    pub events: Vec<usize>,
    /// Indices into the article's quotes (deduplicated).
    pub quotes: Vec<usize>,
    /// Stadiums named with the match (gazetteer indices, distinct, in order).
    pub stadiums: Vec<u32>,
    /// A scoreless match taken from the clubs named in the lead.
    pub lead_only: bool,
}

impl ArticleMatch {
    fn new(article: usize, written: [u32; 2], position: usize) -> ArticleMatch {
        ArticleMatch {
            article,
            pair: sorted_pair(written[0], written[1]),
            written,
            scores: Vec::new(),
            date: None,
            main: false,
            position,
            events: Vec::new(),
            quotes: Vec::new(),
            stadiums: Vec::new(),
            lead_only: false,
        }
    }

    fn has(&self, club: u32) -> bool {
        self.pair.contains(&club)
    }
}

fn sorted_pair(a: u32, b: u32) -> [u32; 2] {
    if a <= b {
        [a, b]
    } else {
        [b, a]
    }
}

/// The matches an article reports, with their facts, in order of first statement.
pub(crate) fn article_matches(
    index: usize,
    article: &Article<'_>,
    gazetteer: &Gazetteer,
) -> Vec<ArticleMatch> {
    let analysis = article.analysis;
    let sentences = &analysis.sentences;
    let article_day = article.date.and_then(Day::parse);

    // 1. Results, one article-match per pair of clubs, one claim per distinct score.
    let mut ms: Vec<ArticleMatch> = Vec::new();
    let mut scores: Vec<&crate::facts::Score> = analysis.scores.iter().collect();
    scores.sort_by_key(|s| (s.start, s.end));
    for s in scores {
        let [a, b] = s.teams;
        if a == b {
            continue;
        }
        let pair = sorted_pair(a, b);
        let goals = if a == pair[0] {
            s.goals
        } else {
            [s.goals[1], s.goals[0]]
        };
        let m = match ms.iter().position(|m| m.pair == pair) {
            Some(i) => &mut ms[i],
            None => {
                ms.push(ArticleMatch::new(index, s.teams, s.start));
                ms.last_mut().expect("just pushed")
            }
        };
        match m.scores.iter_mut().find(|c| c.goals == goals) {
            Some(c) => {
                if c.home.is_none() {
                    c.home = s.home;
                }
            }
            None => m.scores.push(ScoreClaim {
                goals,
                home: s.home,
                start: s.start,
                end: s.end,
            }),
        }
    }

    // 2. The main match.
    let lead_end = sentences
        .get(LEAD_SENTENCES.min(sentences.len()).saturating_sub(1))
        .map_or(0, |s| s.end);
    let first_in_lead = ms
        .iter()
        .enumerate()
        .filter(|(_, m)| m.scores.iter().any(|c| c.start < lead_end))
        .min_by_key(|(_, m)| m.position)
        .map(|(i, _)| i);
    let main = match first_in_lead {
        Some(i) => Some(i),
        None => match lead_clubs(article, gazetteer, lead_end) {
            Some(clubs) => match ms
                .iter()
                .position(|m| m.pair == sorted_pair(clubs[0], clubs[1]))
            {
                Some(i) => Some(i),
                None if ms.is_empty() => {
                    let start = sentences.first().map_or(0, |s| s.start);
                    let mut m = ArticleMatch::new(index, clubs, start);
                    m.lead_only = true;
                    ms.push(m);
                    Some(0)
                }
                None => first_stated(&ms),
            },
            None => first_stated(&ms),
        },
    };
    if let Some(i) = main {
        ms[i].main = true;
    }

    // 3. Dates.
    let claims: Vec<(usize, usize, usize)> = {
        let mut v: Vec<(usize, usize, usize)> = ms
            .iter()
            .enumerate()
            .flat_map(|(i, m)| m.scores.iter().map(move |c| (c.start, c.end, i)))
            .collect();
        v.sort();
        v
    };
    let mut text_dates: Vec<Option<Day>> = vec![None; ms.len()];
    for s in sentences {
        let inside: Vec<(usize, usize, usize)> = claims
            .iter()
            .copied()
            .filter(|&(start, _, _)| start >= s.start && start < s.end)
            .collect();
        if inside.is_empty() {
            continue;
        }
        for (offset, day) in dates_in(&article.text[s.start..s.end], article_day) {
            let at = s.start + offset;
            let target = inside
                .iter()
                .find(|&&(start, end, _)| start <= at && at < end)
                .or_else(|| inside.iter().rev().find(|&&(_, end, _)| end <= at))
                .or_else(|| inside.iter().find(|&&(start, _, _)| start >= at))
                .map(|&(_, _, i)| i);
            if let Some(i) = target {
                text_dates[i].get_or_insert(day);
            }
        }
    }
    if let Some(i) = main {
        if text_dates[i].is_none() {
            let lead = sentences.iter().take(LEAD_SENTENCES);
            'lead: for s in lead {
                if claims
                    .iter()
                    .any(|&(start, _, _)| start >= s.start && start < s.end)
                {
                    continue;
                }
                if let Some(&(_, day)) =
                    dates_in(&article.text[s.start..s.end], article_day).first()
                {
                    text_dates[i] = Some(day);
                    break 'lead;
                }
            }
        }
    }
    for (m, text) in ms.iter_mut().zip(&text_dates) {
        m.date = match (text, article_day) {
            (Some(d), _) => Some(MatchDate::Text(*d)),
            (None, Some(a)) => Some(MatchDate::Article(a)),
            (None, None) => None,
        };
    }

    // 4. Facts.
    let placer = Placer {
        ms: &ms,
        main,
        sentences,
        claims: &claims,
        article,
        gazetteer,
    };
    let mut events: Vec<Vec<usize>> = vec![Vec::new(); ms.len()];
    let mut seen_events = BTreeSet::new();
    for (i, e) in analysis.events.iter().enumerate() {
        if !seen_events.insert((e.kind, e.player, e.team, e.minute)) {
            continue;
        }
        let team = e
            .team
            .or_else(|| e.player.and_then(|p| club_of(gazetteer, p)));
        if let Some(target) = placer.assign(team, e.start) {
            events[target].push(i);
        }
    }
    let mut quotes: Vec<Vec<usize>> = vec![Vec::new(); ms.len()];
    let mut seen_quotes = BTreeSet::new();
    for (i, q) in analysis.quotes.iter().enumerate() {
        let words = article.text.get(q.start..q.end).unwrap_or("");
        if !seen_quotes.insert(normalise_quote(words)) {
            continue;
        }
        let team = q.speaker.and_then(|p| club_of(gazetteer, p));
        if let Some(target) = placer.assign(team, q.start) {
            quotes[target].push(i);
        }
    }
    let mut stadiums: Vec<Vec<u32>> = vec![Vec::new(); ms.len()];
    for mention in &analysis.mentions {
        let Some(stadium) = mention.entity else {
            continue;
        };
        if mention.kind != EntityKind::Stadium {
            continue;
        }
        let Some(target) = placer.by_position(mention.start) else {
            continue;
        };
        let m = &ms[target];
        let grounds = m
            .pair
            .iter()
            .any(|&club| is_ground_of(gazetteer, stadium, club));
        let same_sentence = placer.sentence_of(mention.start).is_some_and(|s| {
            m.scores
                .iter()
                .any(|c| c.start >= s.start && c.start < s.end)
        });
        if (grounds || same_sentence) && !stadiums[target].contains(&stadium) {
            stadiums[target].push(stadium);
        }
    }
    for (i, m) in ms.iter_mut().enumerate() {
        m.events = std::mem::take(&mut events[i]);
        m.quotes = std::mem::take(&mut quotes[i]);
        m.stadiums = std::mem::take(&mut stadiums[i]);
    }
    ms.sort_by_key(|m| m.position);
    ms
}

fn first_stated(ms: &[ArticleMatch]) -> Option<usize> {
    ms.iter()
        .enumerate()
        .min_by_key(|(_, m)| m.position)
        .map(|(i, _)| i)
}

/// The club of a person, or a club itself.
pub(crate) fn club_of(gazetteer: &Gazetteer, entity: u32) -> Option<u32> {
    gazetteer.club_of(entity as usize).map(|c| c as u32)
}

/// Whether a stadium is a club's ground (the club's `stadium`, or one of the stadium's `clubs`).
pub(crate) fn is_ground_of(gazetteer: &Gazetteer, stadium: u32, club: u32) -> bool {
    let entities = gazetteer.entities();
    let (Some(s), Some(c)) = (entities.get(stadium as usize), entities.get(club as usize)) else {
        return false;
    };
    c.stadium.as_deref() == Some(s.id.as_str()) || s.clubs.contains(&c.id)
}

/// The first two distinct clubs named in the lead (club mentions first, then the clubs of the
/// people named), in that order.
fn lead_clubs(article: &Article<'_>, gazetteer: &Gazetteer, lead_end: usize) -> Option<[u32; 2]> {
    let lead: Vec<&crate::facts::Mention> = article
        .analysis
        .mentions
        .iter()
        .filter(|m| m.start < lead_end)
        .collect();
    let mut clubs: Vec<u32> = Vec::new();
    let direct = lead
        .iter()
        .filter(|m| m.kind == EntityKind::Club)
        .filter_map(|m| m.entity);
    let people = lead
        .iter()
        .filter(|m| matches!(m.kind, EntityKind::Player | EntityKind::Coach))
        .filter_map(|m| m.entity.and_then(|p| club_of(gazetteer, p)));
    for club in direct.chain(people) {
        if !clubs.contains(&club) {
            clubs.push(club);
        }
        if clubs.len() == 2 {
            return Some([clubs[0], clubs[1]]);
        }
    }
    None
}

/// Assigns positions and teams to an article's matches.
struct Placer<'p, 'a> {
    ms: &'p [ArticleMatch],
    main: Option<usize>,
    sentences: &'p [Span],
    /// (start, end, match index) of every result claim, sorted.
    claims: &'p [(usize, usize, usize)],
    article: &'p Article<'a>,
    gazetteer: &'p Gazetteer,
}

impl Placer<'_, '_> {
    fn sentence_of(&self, pos: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.start <= pos);
        let s = *self.sentences.get(i.checked_sub(1)?)?;
        (pos < s.end).then_some(s)
    }

    /// The match of a fact with an optional team at a position.
    fn assign(&self, team: Option<u32>, pos: usize) -> Option<usize> {
        let Some(team) = team else {
            return self.by_position(pos);
        };
        let candidates: Vec<usize> = (0..self.ms.len())
            .filter(|&i| self.ms[i].has(team))
            .collect();
        match candidates.as_slice() {
            [] => None,
            [one] => Some(*one),
            several => {
                let by_pos = self.by_position(pos);
                by_pos
                    .filter(|i| several.contains(i))
                    .or(self.main.filter(|i| several.contains(i)))
                    .or(Some(several[0]))
            }
        }
    }

    /// The match of a position: the result stated in its sentence, else the match of the club
    /// last named before it, else the main match.
    fn by_position(&self, pos: usize) -> Option<usize> {
        if let Some(s) = self.sentence_of(pos) {
            let inside: Vec<&(usize, usize, usize)> = self
                .claims
                .iter()
                .filter(|&&(start, _, _)| start >= s.start && start < s.end)
                .collect();
            let hit = inside
                .iter()
                .find(|&&&(start, end, _)| start <= pos && pos < end)
                .or_else(|| inside.iter().rev().find(|&&&(_, end, _)| end <= pos))
                .or_else(|| inside.iter().find(|&&&(start, _, _)| start >= pos));
            if let Some(&&(_, _, i)) = hit {
                return Some(i);
            }
        }
        let mentions = &self.article.analysis.mentions;
        let before = mentions.partition_point(|m| m.start < pos);
        for m in mentions[..before].iter().rev() {
            if !matches!(
                m.kind,
                EntityKind::Club | EntityKind::Player | EntityKind::Coach
            ) {
                continue;
            }
            let Some(club) = m.entity.and_then(|e| club_of(self.gazetteer, e)) else {
                continue;
            };
            let candidates: Vec<usize> = (0..self.ms.len())
                .filter(|&i| self.ms[i].has(club))
                .collect();
            if let Some(&first) = candidates.first() {
                return Some(
                    self.main
                        .filter(|i| candidates.contains(i))
                        .unwrap_or(first),
                );
            }
        }
        self.main
    }
}

/// Whether an article-match's events include a goal.
fn has_goal(article: &Kept, m: &ArticleMatch) -> bool {
    m.events.iter().any(|&i| {
        matches!(
            article.events[i].event.kind,
            EventType::Goal | EventType::OwnGoal
        )
    })
}

/// A match across articles: the article-matches that report it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// Indices into the article-matches given to [`group`].
    pub members: Vec<usize>,
    /// The two clubs, sorted.
    pub pair: [u32; 2],
    /// The days every dated member allows, when any is dated.
    pub interval: Option<(Day, Day)>,
    /// Every score stated (parallel to `pair`).
    pub scores: Vec<[u32; 2]>,
}

impl Group {
    fn compatible(&self, m: &ArticleMatch) -> bool {
        if self.pair != m.pair {
            return false;
        }
        match (self.interval, m.date.map(MatchDate::interval)) {
            (Some((lo, hi)), Some((mlo, mhi))) => lo.max(mlo) <= hi.min(mhi),
            _ => {
                m.scores.is_empty()
                    || self.scores.is_empty()
                    || m.scores.iter().any(|c| self.scores.contains(&c.goals))
            }
        }
    }

    fn add(&mut self, index: usize, m: &ArticleMatch) {
        self.members.push(index);
        if let Some((mlo, mhi)) = m.date.map(MatchDate::interval) {
            self.interval = Some(match self.interval {
                Some((lo, hi)) => (lo.max(mlo), hi.min(mhi)),
                None => (mlo, mhi),
            });
        }
        for c in &m.scores {
            if !self.scores.contains(&c.goals) {
                self.scores.push(c.goals);
            }
        }
    }
}

/// Groups article-matches into matches (see the module documentation), in order of first
/// statement (article, then position).
pub(crate) fn group(ms: &[ArticleMatch], articles: &[Kept]) -> Vec<Group> {
    let class = |m: &ArticleMatch| match (m.date.is_some(), !m.scores.is_empty()) {
        (true, true) => 0,
        (false, true) => 1,
        (true, false) => 2,
        (false, false) => 3,
    };
    let mut order: Vec<usize> = (0..ms.len()).collect();
    order.sort_by_key(|&i| (class(&ms[i]), ms[i].article, ms[i].position));
    let mut groups: Vec<Group> = Vec::new();
    let mut by_pair: HashMap<[u32; 2], Vec<usize>> = HashMap::new();
    for i in order {
        let m = &ms[i];
        let candidates = by_pair.get(&m.pair).map_or(&[][..], Vec::as_slice);
        let best = candidates
            .iter()
            .copied()
            .filter(|&gi| groups[gi].compatible(m))
            .min_by_key(|&gi| {
                let g = &groups[gi];
                let same_score = m.scores.iter().any(|c| g.scores.contains(&c.goals));
                (!same_score, std::cmp::Reverse(g.members.len()), gi)
            });
        match best {
            Some(gi) => groups[gi].add(i, m),
            None if m.lead_only && !has_goal(&articles[m.article], m) => {}
            None => {
                let mut g = Group {
                    members: Vec::new(),
                    pair: m.pair,
                    interval: None,
                    scores: Vec::new(),
                };
                g.add(i, m);
                by_pair.entry(m.pair).or_default().push(groups.len());
                groups.push(g);
            }
        }
    }
    groups.sort_by_key(|g| {
        g.members
            .iter()
            .map(|&i| (ms[i].article, ms[i].position))
            .min()
    });
    groups
}
