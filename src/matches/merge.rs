//! Merging a group of article-matches into one [`MatchRecord`]: votes, consensus, conflicts and
//! consistency checks.
//!
//! - Score: each article votes for each distinct score it states; the score with most articles
//!   wins (the first stated on a tie); the others are listed as conflicts.
//! - Home club: the one most articles state; else the club whose ground is the stadium named.
//!   Venue: the stadium most articles name with the match; else the home club's ground, marked
//!   `inferred`.
//! - Events are keyed by (type, player), or (type, team) when no player is named. A goal with no
//!   player joins the one named goal of its team within [`MINUTE_TOLERANCE`] minutes, if there
//!   is exactly one. A key becomes as many events as the article giving most distinct minutes for
//!   it gives (minutes more than the tolerance apart: a brace in one report is two goals); the
//!   claims are split at the widest gaps between minutes. Every article has one vote per event,
//!   its most precise claim (digits beat `the final minute`), and the consensus minute is the one
//!   with most votes, ties going to the tied minute nearest the median vote. Minutes more than the
//!   tolerance apart are a conflict.
//! - A scorer conflict: two goals of the same club credited to different players, by disjoint
//!   sets of articles, within the tolerance of each other.
//! - Quotes: clustered by [`same_quote`] at [`QUOTE_SIMILARITY`]; the wording and speaker most
//!   articles give win; two speakers for one quote are a conflict.
//! - Checks: goals per club (its goals plus the other club's own goals) against the score, and
//!   every minute within `1..=MAX_MINUTE` plus added time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::group::{club_of, is_ground_of, ArticleMatch, Group, MatchDate};
use super::record::{
    Check, Claimants, Conflict, ConsensusRule, DateSource, EventSummary, GoalStatus, MatchRecord,
    MinuteClaim, QuoteSummary, QuoteVariant, ScoreClaim, ScoreSummary, TeamRef, Venue,
};
use super::text::{cluster_quotes, normalise_quote};
use super::{Kept, KeptEvent, MAX_MINUTE, MINUTE_TOLERANCE, QUOTE_SIMILARITY};
use crate::facts::EventType;
use crate::gazetteer::Gazetteer;

/// Votes: each value with the set of articles (indices) giving it, in order of first appearance.
struct Votes<T>(Vec<(T, BTreeSet<usize>)>);

impl<T: PartialEq + Clone> Votes<T> {
    fn new() -> Votes<T> {
        Votes(Vec::new())
    }

    fn add(&mut self, value: T, article: usize) {
        match self.0.iter_mut().find(|(v, _)| *v == value) {
            Some((_, set)) => {
                set.insert(article);
            }
            None => self.0.push((value, BTreeSet::from([article]))),
        }
    }

    /// The value with most articles, the first on a tie.
    fn winner(&self) -> Option<&(T, BTreeSet<usize>)> {
        self.0
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, set))| (set.len(), std::cmp::Reverse(*i)))
            .map(|(_, x)| x)
    }
}

/// Builds names and messages for one record.
struct Ctx<'c> {
    articles: &'c [Kept],
    gazetteer: &'c Gazetteer,
}

impl Ctx<'_> {
    fn sources(&self, set: &BTreeSet<usize>) -> Vec<String> {
        set.iter().map(|&a| self.articles[a].name.clone()).collect()
    }

    /// `value (sources)` for each claim, joined by `sep`: the body of a conflict message.
    fn claim_list<'c, T: 'c>(
        &self,
        claims: impl IntoIterator<Item = &'c (T, BTreeSet<usize>)>,
        label: impl Fn(&T) -> String,
        sep: &str,
    ) -> String {
        claims
            .into_iter()
            .map(|(value, set)| format!("{} ({})", label(value), self.short_sources(set)))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn short_sources(&self, set: &BTreeSet<usize>) -> String {
        short_list(set.iter().map(|&a| self.articles[a].name.as_str()))
    }

    fn id(&self, entity: u32) -> String {
        self.gazetteer.entities()[entity as usize].id.clone()
    }

    fn name(&self, entity: u32) -> String {
        self.gazetteer.entities()[entity as usize].name.clone()
    }

    /// The short name people use: a person's surname, else the name.
    fn short_name(&self, entity: u32) -> String {
        let e = &self.gazetteer.entities()[entity as usize];
        e.surname().unwrap_or(&e.name).to_string()
    }
}

/// One event claim of one article.
#[derive(Debug, Clone)]
struct Claim {
    article: usize,
    kind: EventType,
    player: Option<u32>,
    team: Option<u32>,
    minute: u32,
    added: Option<u32>,
    /// Written with digits (`89th minute`, `on 83 minutes`), not a phrase (`the final minute`).
    exact: bool,
    pos: usize,
}

/// An event being built: its claims and derived facts.
struct Built {
    summary: EventSummary,
    player: Option<u32>,
    team: Option<u32>,
    kind: EventType,
    articles: BTreeSet<usize>,
    minutes: Vec<u32>,
}

/// Merges one group into its record (the id is made unique by the caller).
pub(crate) fn build(
    group: &Group,
    ms: &[ArticleMatch],
    articles: &[Kept],
    gazetteer: &Gazetteer,
) -> MatchRecord {
    let ctx = Ctx {
        articles,
        gazetteer,
    };
    let mut members: Vec<&ArticleMatch> = group.members.iter().map(|&i| &ms[i]).collect();
    members.sort_by_key(|m| (m.article, m.position));
    let pair = group.pair;
    let all: BTreeSet<usize> = members.iter().map(|m| m.article).collect();
    let mut conflicts = Vec::new();

    // Score votes (parallel to `pair`).
    let mut scores: Votes<[u32; 2]> = Votes::new();
    for m in &members {
        for c in &m.scores {
            scores.add(c.goals, m.article);
        }
    }

    // Home club and venue.
    let mut homes: Votes<u32> = Votes::new();
    for m in &members {
        if let Some(h) = m
            .scores
            .iter()
            .find_map(|c| c.home.filter(|h| pair.contains(h)))
        {
            homes.add(h, m.article);
        }
    }
    let mut stadiums: Votes<u32> = Votes::new();
    for m in &members {
        for &s in &m.stadiums {
            stadiums.add(s, m.article);
        }
    }
    let named_venue = stadiums.winner().cloned();
    let mut home = homes.winner().map(|(h, _)| *h);
    if homes.0.len() > 1 {
        let claims = homes
            .0
            .iter()
            .map(|(h, set)| Claimants {
                value: ctx.id(*h),
                sources: ctx.sources(set),
            })
            .collect();
        let message = format!(
            "home club: {}",
            ctx.claim_list(&homes.0, |h| ctx.name(*h), ", ")
        );
        conflicts.push(Conflict::Home { claims, message });
    }
    if home.is_none() {
        if let Some((stadium, _)) = &named_venue {
            let owners: Vec<u32> = pair
                .iter()
                .copied()
                .filter(|&club| is_ground_of(gazetteer, *stadium, club))
                .collect();
            if let [one] = owners.as_slice() {
                home = Some(*one);
            }
        }
    }
    let venue = match (&named_venue, home) {
        (Some((stadium, set)), _) => Some(Venue {
            id: ctx.id(*stadium),
            name: ctx.name(*stadium),
            inferred: false,
            sources: ctx.sources(set),
        }),
        (None, Some(h)) => gazetteer.entities()[h as usize]
            .stadium
            .as_deref()
            .and_then(|id| gazetteer.get(id))
            .map(|s| Venue {
                id: s.id.clone(),
                name: s.name.clone(),
                inferred: true,
                sources: Vec::new(),
            }),
        (None, None) => None,
    };

    // Orientation: home first, else as first written.
    let order: [u32; 2] = match home {
        Some(h) => [h, if pair[0] == h { pair[1] } else { pair[0] }],
        None => members
            .iter()
            .find(|m| !m.scores.is_empty())
            .or(members.first())
            .map_or(pair, |m| m.written),
    };
    let orient = |g: [u32; 2]| if order[0] == pair[0] { g } else { [g[1], g[0]] };
    let teams = order.map(|t| TeamRef {
        id: ctx.id(t),
        name: ctx.name(t),
    });
    let score_line = |g: [u32; 2]| format!("{}-{}", g[0], g[1]);

    let score = scores.winner().map(|(goals, set)| {
        let others: Vec<ScoreClaim> = scores
            .0
            .iter()
            .filter(|(g, _)| g != goals)
            .map(|(g, set)| ScoreClaim {
                goals: orient(*g),
                sources: ctx.sources(set),
            })
            .collect();
        ScoreSummary {
            goals: orient(*goals),
            sources: ctx.sources(set),
            conflicts: others,
        }
    });
    if scores.0.len() > 1 {
        let claims = scores
            .0
            .iter()
            .map(|(g, set)| ScoreClaim {
                goals: orient(*g),
                sources: ctx.sources(set),
            })
            .collect();
        let message = format!(
            "score: {}",
            ctx.claim_list(&scores.0, |g| score_line(orient(*g)), ", ")
        );
        conflicts.push(Conflict::Score { claims, message });
    }

    // Date.
    let text_date = members.iter().find_map(|m| match m.date {
        Some(MatchDate::Text(d)) => Some(d),
        _ => None,
    });
    let (date, date_source) = match (text_date, group.interval) {
        (Some(d), _) => (Some(d), Some(DateSource::Text)),
        (None, Some((_, hi))) => (Some(hi), Some(DateSource::Article)),
        (None, None) => (None, None),
    };

    // Events.
    let mut claims: Vec<Claim> = Vec::new();
    for m in &members {
        let article = &articles[m.article];
        for &i in &m.events {
            let KeptEvent { event: e, exact } = &article.events[i];
            claims.push(Claim {
                article: m.article,
                kind: e.kind,
                player: e.player,
                team: e
                    .team
                    .or_else(|| e.player.and_then(|p| club_of(gazetteer, p))),
                minute: e.minute,
                added: e.added,
                exact: *exact,
                pos: e.start,
            });
        }
    }
    let mut built: Vec<Built> = split_events(claims)
        .into_iter()
        .map(|entry| build_event(&ctx, entry))
        .collect();
    built.sort_by(|a, b| {
        (a.summary.consensus_minute, a.kind, &a.summary.player_name).cmp(&(
            b.summary.consensus_minute,
            b.kind,
            &b.summary.player_name,
        ))
    });

    let mut checks = Vec::new();
    for b in &built {
        let spread = b.minutes.last().unwrap_or(&0) - b.minutes.first().unwrap_or(&0);
        if spread > MINUTE_TOLERANCE {
            let who = event_label(&ctx, b);
            let listed: Vec<Claimants<u32>> = b
                .summary
                .minutes
                .iter()
                .map(|c| Claimants {
                    value: c.minute,
                    sources: c.sources.clone(),
                })
                .collect();
            let message = format!(
                "{who}: minutes differ by more than {MINUTE_TOLERANCE}: {}",
                b.summary
                    .minutes
                    .iter()
                    .map(|c| format!(
                        "{} ({})",
                        minute_text(c.minute, c.added),
                        short_list(c.sources.iter().map(String::as_str))
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            conflicts.push(Conflict::Minute {
                kind: b.kind,
                player: b.summary.player.clone(),
                team: b.summary.team.clone(),
                minutes: listed,
                tolerance: MINUTE_TOLERANCE,
                message,
            });
        }
        for c in &b.summary.minutes {
            if c.minute < 1 || c.minute > MAX_MINUTE + c.added.unwrap_or(0) {
                let message = format!(
                    "{} at {} is outside 1-{MAX_MINUTE} plus added time ({})",
                    event_label(&ctx, b),
                    minute_text(c.minute, c.added),
                    short_list(c.sources.iter().map(String::as_str))
                );
                checks.push(Check::MinuteRange {
                    kind: b.kind,
                    player: b.summary.player.clone(),
                    minute: c.minute,
                    added: c.added,
                    sources: c.sources.clone(),
                    message,
                });
            }
        }
    }

    // Scorer conflicts: one goal of a club credited to different players.
    let goals: Vec<&Built> = built.iter().filter(|b| b.kind == EventType::Goal).collect();
    for (i, a) in goals.iter().enumerate() {
        for b in &goals[i + 1..] {
            let (Some(pa), Some(pb)) = (a.player, b.player) else {
                continue;
            };
            if pa == pb || a.team != b.team || a.team.is_none() {
                continue;
            }
            let (ma, mb) = (a.summary.consensus_minute, b.summary.consensus_minute);
            if ma.abs_diff(mb) > MINUTE_TOLERANCE || !a.articles.is_disjoint(&b.articles) {
                continue;
            }
            let message = format!(
                "{} goal at {}: credited to {} ({}) and {} ({})",
                a.team.map_or(String::new(), |t| ctx.name(t)),
                minute_text(ma, None),
                ctx.short_name(pa),
                ctx.short_sources(&a.articles),
                ctx.short_name(pb),
                ctx.short_sources(&b.articles),
            );
            conflicts.push(Conflict::Scorer {
                team: a.team.map(|t| ctx.id(t)),
                players: vec![
                    Claimants {
                        value: ctx.id(pa),
                        sources: ctx.sources(&a.articles),
                    },
                    Claimants {
                        value: ctx.id(pb),
                        sources: ctx.sources(&b.articles),
                    },
                ],
                minutes: vec![ma, mb],
                message,
            });
        }
    }

    // Goals against the score.
    let mut goal_checks = Vec::new();
    if let Some(s) = &score {
        for (side, &team) in order.iter().enumerate() {
            let other = order[1 - side];
            let found = built
                .iter()
                .filter(|b| match b.kind {
                    EventType::Goal => b.team == Some(team),
                    EventType::OwnGoal => b.team == Some(other),
                    _ => false,
                })
                .count() as u32;
            let expected = s.goals[side];
            let status = match found.cmp(&expected) {
                std::cmp::Ordering::Equal => GoalStatus::Ok,
                std::cmp::Ordering::Less => GoalStatus::Missing,
                std::cmp::Ordering::Greater => GoalStatus::Extra,
            };
            let plural = |n: u32| if n == 1 { "goal" } else { "goals" };
            let message = match status {
                GoalStatus::Ok => format!(
                    "{}: {expected} {} in the score, {found} found",
                    ctx.name(team),
                    plural(expected)
                ),
                GoalStatus::Missing => format!(
                    "{}: {expected} {} in the score, {found} found ({} missing)",
                    ctx.name(team),
                    plural(expected),
                    expected - found
                ),
                GoalStatus::Extra => format!(
                    "{}: {expected} {} in the score, {found} found ({} extra)",
                    ctx.name(team),
                    plural(expected),
                    found - expected
                ),
            };
            goal_checks.push(Check::Goals {
                team: ctx.id(team),
                expected,
                found,
                status,
                message,
            });
        }
    }
    goal_checks.extend(checks);
    let checks = goal_checks;

    // Quotes.
    let (quotes, quote_conflicts) = merge_quotes(&ctx, &members);
    conflicts.extend(quote_conflicts);

    let (goals, events): (Vec<Built>, Vec<Built>) = built
        .into_iter()
        .partition(|b| matches!(b.kind, EventType::Goal | EventType::OwnGoal));

    let id = match date {
        Some(d) => format!("{d}-{}-{}", teams[0].id, teams[1].id),
        None => format!("{}-{}", teams[0].id, teams[1].id),
    };
    MatchRecord {
        id,
        teams,
        home: home.map(|h| ctx.id(h)),
        date: date.map(|d| d.iso()),
        date_source,
        venue,
        score,
        goals: goals.into_iter().map(|b| b.summary).collect(),
        events: events.into_iter().map(|b| b.summary).collect(),
        quotes,
        sources: ctx.sources(&all),
        conflicts,
        checks,
    }
}

/// Article names by their file names, comma-separated (`a.txt, b.txt`).
fn short_list<'s>(names: impl Iterator<Item = &'s str>) -> String {
    names.map(short).collect::<Vec<_>>().join(", ")
}

fn short(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or(name.to_string(), |f| f.to_string_lossy().into_owned())
}

/// `90'`, `90+3'`.
pub(crate) fn minute_text(minute: u32, added: Option<u32>) -> String {
    match added {
        Some(a) if a > 0 && a <= minute => format!("{}+{a}'", minute - a),
        _ => format!("{minute}'"),
    }
}

fn event_label(ctx: &Ctx<'_>, b: &Built) -> String {
    let who = match (b.player, b.team) {
        (Some(p), _) => ctx.short_name(p),
        (None, Some(t)) => ctx.name(t),
        (None, None) => "unknown player".to_string(),
    };
    format!("{who} {}", b.kind.as_str().replace('_', " "))
}

/// The most common value of a list, the first on a tie.
fn majority<T: PartialEq + Copy>(values: impl IntoIterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
        .map(|(_, (v, _))| *v)
}

type Key = (EventType, Option<u32>, Option<u32>);

/// Groups claims into events (see the module documentation).
fn split_events(claims: Vec<Claim>) -> Vec<Vec<Claim>> {
    let key = |c: &Claim| -> Key {
        match c.player {
            Some(p) => (c.kind, Some(p), None),
            None => (c.kind, None, c.team),
        }
    };
    let mut keyed: BTreeMap<Key, Vec<Claim>> = BTreeMap::new();
    for c in claims {
        keyed.entry(key(&c)).or_default().push(c);
    }
    // Unnamed claims join the one named event of their team (and type) at that minute.
    let team_of = |cs: &[Claim]| majority(cs.iter().filter_map(|c| c.team));
    let unnamed: Vec<Key> = keyed.keys().filter(|k| k.1.is_none()).copied().collect();
    for k in unnamed {
        let cs = keyed.remove(&k).unwrap_or_default();
        let mut stay = Vec::new();
        for c in cs {
            let targets: Vec<Key> = keyed
                .iter()
                .filter(|(nk, ncs)| {
                    nk.0 == c.kind
                        && nk.1.is_some()
                        && (c.team.is_none() || team_of(ncs) == c.team)
                        && ncs
                            .iter()
                            .any(|n| n.minute.abs_diff(c.minute) <= MINUTE_TOLERANCE)
                })
                .map(|(nk, _)| *nk)
                .collect();
            match targets.as_slice() {
                [one] => keyed.get_mut(one).expect("target exists").push(c),
                _ => stay.push(c),
            }
        }
        if !stay.is_empty() {
            keyed.entry(k).or_default().extend(stay);
        }
    }
    let mut out = Vec::new();
    for (_, mut cs) in keyed {
        cs.sort_by_key(|c| (c.minute, c.article, c.pos));
        // How many events: the most distinct moments one article gives.
        let mut per_article: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
        for c in &cs {
            per_article.entry(c.article).or_default().insert(c.minute);
        }
        let k = per_article
            .values()
            .map(|mins| {
                let v: Vec<u32> = mins.iter().copied().collect();
                1 + v
                    .windows(2)
                    .filter(|w| w[1] - w[0] > MINUTE_TOLERANCE)
                    .count()
            })
            .max()
            .unwrap_or(1);
        let distinct: Vec<u32> = {
            let set: BTreeSet<u32> = cs.iter().map(|c| c.minute).collect();
            set.into_iter().collect()
        };
        let mut gaps: Vec<(u32, usize)> = distinct
            .windows(2)
            .enumerate()
            .map(|(i, w)| (w[1] - w[0], i))
            .collect();
        gaps.sort_by_key(|&(gap, i)| (std::cmp::Reverse(gap), i));
        let mut cuts: Vec<u32> = gaps
            .iter()
            .take(k.saturating_sub(1))
            .map(|&(_, i)| distinct[i + 1])
            .collect();
        cuts.sort();
        let mut parts: Vec<Vec<Claim>> = vec![Vec::new(); cuts.len() + 1];
        for c in cs {
            let part = cuts.partition_point(|&cut| cut <= c.minute);
            parts[part].push(c);
        }
        out.extend(parts.into_iter().filter(|p| !p.is_empty()));
    }
    out
}

fn build_event(ctx: &Ctx<'_>, claims: Vec<Claim>) -> Built {
    let kind = claims[0].kind;
    let player = claims.iter().find_map(|c| c.player);
    let team = majority(claims.iter().filter_map(|c| c.team));
    let mut minutes: BTreeMap<u32, (Option<u32>, BTreeSet<usize>)> = BTreeMap::new();
    for c in &claims {
        let entry = minutes.entry(c.minute).or_default();
        entry.1.insert(c.article);
        if entry.0.is_none() {
            entry.0 = c.added;
        }
    }
    // One vote per article: its most precise claim, else its first.
    let mut by_article: BTreeMap<usize, Vec<&Claim>> = BTreeMap::new();
    for c in &claims {
        by_article.entry(c.article).or_default().push(c);
    }
    let mut votes: Vec<u32> = Vec::new();
    let mut vote_counts: BTreeMap<u32, usize> = BTreeMap::new();
    for cs in by_article.values() {
        let vote = cs
            .iter()
            .filter(|c| c.exact)
            .min_by_key(|c| c.pos)
            .or_else(|| cs.iter().min_by_key(|c| c.pos))
            .expect("an article has a claim");
        votes.push(vote.minute);
        *vote_counts.entry(vote.minute).or_default() += 1;
    }
    votes.sort_unstable();
    let top = vote_counts.values().copied().max().unwrap_or(0);
    let tied: Vec<u32> = vote_counts
        .iter()
        .filter(|(_, &n)| n == top)
        .map(|(&m, _)| m)
        .collect();
    let (consensus, rule) = if tied.len() == 1 {
        let rule = if votes.len() == 1 {
            ConsensusRule::SingleReport
        } else if vote_counts.len() == 1 {
            ConsensusRule::Unanimous
        } else {
            ConsensusRule::MostReports
        };
        (tied[0], rule)
    } else {
        let n = votes.len();
        let median = if n % 2 == 1 {
            f64::from(votes[n / 2])
        } else {
            (f64::from(votes[n / 2 - 1]) + f64::from(votes[n / 2])) / 2.0
        };
        let best = tied
            .iter()
            .copied()
            .min_by(|a, b| {
                let (da, db) = (
                    (f64::from(*a) - median).abs(),
                    (f64::from(*b) - median).abs(),
                );
                da.total_cmp(&db).then(a.cmp(b))
            })
            .expect("a tied minute");
        (best, ConsensusRule::TieNearestMedian)
    };
    let articles: BTreeSet<usize> = claims.iter().map(|c| c.article).collect();
    let summary = EventSummary {
        kind,
        player: player.map(|p| ctx.id(p)),
        player_name: player.map(|p| ctx.name(p)),
        team: team.map(|t| ctx.id(t)),
        minutes: minutes
            .iter()
            .map(|(&minute, (added, set))| MinuteClaim {
                minute,
                added: *added,
                sources: ctx.sources(set),
                votes: vote_counts.get(&minute).copied().unwrap_or(0),
            })
            .collect(),
        consensus_minute: consensus,
        consensus_added: minutes.get(&consensus).and_then(|(a, _)| *a),
        consensus_rule: rule,
        sources: ctx.sources(&articles),
    };
    Built {
        summary,
        player,
        team,
        kind,
        articles,
        minutes: minutes.keys().copied().collect(),
    }
}

/// One quote occurrence.
struct QuoteItem<'q> {
    article: usize,
    text: &'q str,
    norm: String,
    speaker: Option<u32>,
    speaker_text: Option<&'q str>,
}

fn merge_quotes(ctx: &Ctx<'_>, members: &[&ArticleMatch]) -> (Vec<QuoteSummary>, Vec<Conflict>) {
    let mut items: Vec<QuoteItem<'_>> = Vec::new();
    for m in members {
        let article = &ctx.articles[m.article];
        let mut indices = m.quotes.clone();
        indices.sort_by_key(|&i| article.quotes[i].start);
        for i in indices {
            let q = &article.quotes[i];
            items.push(QuoteItem {
                article: m.article,
                text: &q.text,
                norm: normalise_quote(&q.text),
                speaker: q.speaker,
                speaker_text: q.speaker_text.as_deref(),
            });
        }
    }
    let norms: Vec<&str> = items.iter().map(|item| item.norm.as_str()).collect();
    let clusters = cluster_quotes(&norms, QUOTE_SIMILARITY);
    let mut quotes = Vec::new();
    let mut conflicts = Vec::new();
    for cl in clusters {
        let mut wordings: Votes<&str> = Votes::new();
        let mut speakers: Votes<u32> = Votes::new();
        let mut speaker_texts: Votes<&str> = Votes::new();
        let mut articles = BTreeSet::new();
        for &i in &cl {
            let item = &items[i];
            articles.insert(item.article);
            wordings.add(item.text, item.article);
            if let Some(s) = item.speaker {
                speakers.add(s, item.article);
            }
            if let Some(t) = item.speaker_text {
                speaker_texts.add(t, item.article);
            }
        }
        let text = wordings
            .0
            .iter()
            .enumerate()
            .max_by_key(|(i, (t, set))| (set.len(), t.len(), std::cmp::Reverse(*i)))
            .map(|(_, (t, _))| t.to_string())
            .unwrap_or_default();
        let speaker = speakers.winner().map(|(s, _)| *s);
        if speakers.0.len() > 1 {
            let excerpt: String = if text.chars().count() > 60 {
                let cut: String = text.chars().take(57).collect();
                format!("{}...", cut.trim_end())
            } else {
                text.clone()
            };
            let message = format!(
                "quote \"{excerpt}\" attributed to {}",
                ctx.claim_list(&speakers.0, |s| ctx.short_name(*s), " and ")
            );
            conflicts.push(Conflict::QuoteSpeaker {
                quote: text.clone(),
                speakers: speakers
                    .0
                    .iter()
                    .map(|(s, set)| Claimants {
                        value: ctx.id(*s),
                        sources: ctx.sources(set),
                    })
                    .collect(),
                message,
            });
        }
        let variants = if wordings.0.len() > 1 {
            wordings
                .0
                .iter()
                .map(|(t, set)| QuoteVariant {
                    text: t.to_string(),
                    sources: ctx.sources(set),
                })
                .collect()
        } else {
            Vec::new()
        };
        quotes.push(QuoteSummary {
            text,
            speaker: speaker.map(|s| ctx.id(s)),
            speaker_name: speaker.map(|s| ctx.name(s)),
            speaker_text: speaker_texts.winner().map(|(t, _)| t.to_string()),
            sources: ctx.sources(&articles),
            variants,
        });
    }
    (quotes, conflicts)
}
