//! Minute-stamped events (the `events` layer): `(minute, type, player, team)` facts.
//!
//! What it does:
//! - finds the minute expressions of FORMATS.md section 3 in the prose ([`expr`]): ordinals
//!   (`in the 89th minute`, `91st-minute winner`), `on/after/in N minutes`, `90+N`, `the final
//!   minute`, `N minutes from the end`, `with N minutes remaining` (120 - N in extra time),
//!   `N minutes later` (from the previous minute), `N minutes before/after half-time`, `on the
//!   hour`, `after half an hour`, `in the opening minute`, and `at half-time` when a substitution
//!   is made then; ranges (`within 25 minutes`, `in the last five minutes`) and vague times
//!   (`early on`) are left out;
//! - reads the event type from cue words around the minute ([`cues`]) and the player from the
//!   clause it is in, or a neighbouring clause or sentence ([`actor`]); the team is the player's
//!   club;
//! - reads the summary notation of match reports ([`summary`]): goal lines, substitutions in
//!   line-ups, labelled booking and sending-off lines with minutes; a prose goal or substitution
//!   at a minute the summary gives to one player takes that player;
//! - keeps each distinct (minute, player) once per document, the first in text order.
//!
//! What it does not do: prose events whose player is not in the gazetteer are dropped (summary
//! items keep `player: None`); it does not segment text or match names (earlier layers do), and
//! it does not check events against each other beyond the summary (two goals in one minute by
//! different players are both kept).

pub mod actor;
pub mod cues;
pub mod expr;
mod phrase_dfa;
mod skip;
pub mod summary;
#[cfg(test)]
mod tests;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Context;
use crate::facts::{Event, EventType, Span};

/// How far (bytes) from the minute or the player cue words are read.
const WINDOW: usize = 150;

/// The compiled minute and event rules, built once and shared across threads.
#[derive(Debug)]
pub struct MinuteRules {
    expr: expr::ExprRules,
    cues: cues::Cues,
    actor: actor::ActorRules,
    summary: summary::SummaryRules,
}

impl MinuteRules {
    /// Compiles the bundled rule data (`data/rules/minute-*.txt`).
    pub fn new() -> crate::Result<MinuteRules> {
        Ok(MinuteRules {
            expr: expr::ExprRules::new()?,
            cues: cues::Cues::new()?,
            actor: actor::ActorRules::new()?,
            summary: summary::SummaryRules::new()?,
        })
    }

    /// The events of a document, in text order.
    pub fn extract(&self, ctx: &Context<'_>) -> Vec<Event> {
        let summary = self.summary.parse(ctx);
        let (mut prose, ambiguous) = self.prose(ctx, &summary);
        correct_from_summary(ctx, &mut prose, &summary.events);
        let mut seen = HashSet::default();
        // An ambiguous name the summary did not settle gives no event.
        let mut out: Vec<Event> = prose
            .into_iter()
            .zip(ambiguous)
            .filter(|(e, ambiguous)| !(*ambiguous && e.player.is_none()))
            .map(|(e, _)| e)
            .chain(summary.events)
            .filter(|e| seen.insert((e.minute, e.player)))
            .collect();
        out.sort_by_key(|e| (e.start, e.end));
        out
    }

    /// Events stamped by minute expressions in the prose, each with whether its player is an
    /// ambiguous name (then `player` is `None` until the summary settles it).
    fn prose(&self, ctx: &Context<'_>, summary: &summary::Summary) -> (Vec<Event>, Vec<bool>) {
        let text = ctx.text;
        let body_start = ctx.sentences.first().map_or(text.len(), |s| s.start);
        // Read only when a minute expression needs a player.
        let mut names: Option<actor::DocNames> = None;
        let mut ambiguous = Vec::new();
        let mut out = Vec::new();
        let mut previous: Option<u32> = None;
        let mut previous_end = body_start;
        let mut goals: HashMap<u32, Vec<u32>> = HashMap::default();
        for e in &summary.events {
            if let (Some(p), EventType::Goal | EventType::OwnGoal) = (e.player, e.kind) {
                goals.entry(p).or_default().push(e.minute);
            }
        }
        // Lowercased once: the minute regex and the role words search it.
        let lower = text.to_ascii_lowercase();
        for found in self.expr.find_lower(text, &lower) {
            if found.start < body_start
                || summary.covers(found.start)
                || expr::in_quote(text, found.start)
            {
                continue;
            }
            let Some(si) = ctx.sentence_index(found.start) else {
                continue;
            };
            let sentence = ctx.sentences[si];
            if found.end > sentence.end {
                continue;
            }
            if found.kind == expr::Kind::Later {
                // Only whole sentences between the two expressions tell other goals.
                let from = ctx
                    .sentence_index(previous_end)
                    .and_then(|i| ctx.sentences.get(i))
                    .filter(|s| previous_end < s.end && previous_end > body_start)
                    .map_or(previous_end, |s| s.end);
                previous = self
                    .goal_between(ctx, &goals, from, sentence.start, previous)
                    .or(previous);
            }
            let Some(minute) = self.expr.resolve(text, &found, previous, sentence.end) else {
                continue;
            };
            previous_end = found.end;
            let is_break = found.kind == expr::Kind::Break;
            if !is_break {
                previous = Some(minute.minute);
            }
            let clauses = self
                .actor
                .clauses_lower(text, &lower, sentence, Some(found.start));
            let c0 = clauses
                .iter()
                .copied()
                .find(|c| c.start <= found.start && found.start < c.end)
                .unwrap_or(sentence);
            let in_clause = self.cues.event_type(text, c0.start, c0.end);
            // Read only when the clause and the windows around the minute tell nothing.
            let in_sentence = std::cell::OnceCell::new();
            let in_sentence = || {
                *in_sentence
                    .get_or_init(|| self.cues.event_type(text, sentence.start, sentence.end))
            };
            if is_break
                && !self
                    .cues
                    .has(text, sentence.start, sentence.end, EventType::Substitution)
            {
                continue;
            }
            let hint = if is_break {
                Some(EventType::Substitution)
            } else {
                in_clause.or_else(in_sentence)
            };
            let span = Span {
                start: found.start,
                end: found.end,
            };
            let Some(actor) = self
                .actor
                .find(
                    ctx,
                    &lower,
                    names.get_or_insert_with(|| self.actor.doc_names(ctx, &lower)),
                    &self.cues,
                    actor::ExprAt {
                        sentence: si,
                        clauses: &clauses,
                        expr: span,
                    },
                    hint,
                )
                .or_else(|| {
                    // No name anywhere near, but the clause tells an event: a player the text does
                    // not name (`despite conceding a goal in the last minute`).
                    in_clause.map(|_| actor::Actor {
                        mention: None,
                        clause: c0,
                    })
                })
            else {
                continue;
            };
            // A name the gazetteer does not know gives `player: None`; an ambiguous mention the
            // document does not settle gives no event.
            let mention = actor.mention.and_then(|i| ctx.mentions.get(i));
            let player = mention.and_then(|m| m.entity);
            ambiguous.push(mention.is_some() && player.is_none());
            let kind = if is_break {
                EventType::Substitution
            } else {
                self.event_type(ctx, c0, &found, actor)
                    .or_else(in_sentence)
                    .unwrap_or(EventType::Other)
            };
            if is_break {
                previous = Some(minute.minute);
            }
            out.push(Event {
                minute: minute.minute,
                added: minute.added,
                kind,
                player,
                team: player
                    .and_then(|p| ctx.gazetteer.club_of(p as usize))
                    .map(|c| c as u32),
                start: found.start,
                end: found.end,
            });
        }
        (out, ambiguous)
    }
}

impl MinuteRules {
    /// The type of an event from the cues of the minute's clause and the player's clause, each
    /// within a window around the minute or the player. A save cue with another player named
    /// between it and the event's player (in the same sentence) is that other player's save
    /// (`Mario Rui let loose a drive that Buffon did well to palm over`: a chance, not a save).
    fn event_type(
        &self,
        ctx: &Context<'_>,
        c0: Span,
        found: &expr::Found,
        actor: actor::Actor,
    ) -> Option<EventType> {
        let text = ctx.text;
        let player = match actor.mention.and_then(|i| ctx.mentions.get(i)) {
            Some(m) => m.span(),
            None => actor.clause,
        };
        let player_entity = actor
            .mention
            .and_then(|i| ctx.mentions.get(i))
            .and_then(|m| m.entity);
        let window = |span: Span, at_start: usize, at_end: usize| {
            let mut start = span.start.max(at_start.saturating_sub(WINDOW));
            while !text.is_char_boundary(start) {
                start += 1;
            }
            let mut end = span.end.min(at_end + WINDOW).max(start);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            (start, end.max(start))
        };
        let player_sentence = ctx.sentence_index(player.start);
        let keep = |offset: usize, kind: EventType| {
            if kind != EventType::Save || ctx.sentence_index(offset) != player_sentence {
                return true;
            }
            let (a, b) = if offset < player.start {
                (offset, player.start)
            } else {
                (player.end, offset)
            };
            !ctx.mentions_in(a, b).iter().any(|m| {
                m.kind == crate::gazetteer::EntityKind::Player
                    && m.start >= a
                    && m.end <= b
                    && m.entity != player_entity
            })
        };
        self.cues.event_type_in(
            text,
            &[
                window(c0, found.start, found.end),
                window(actor.clause, player.start, player.end),
            ],
            keep,
        )
    }

    /// The minute of the last goal told between two offsets without a minute of its own, taken
    /// from the summary (`... took the lead through Campbell. ... two minutes later`): a scorer
    /// named in a sentence with a goal cue whose summary goal comes after `previous`.
    fn goal_between(
        &self,
        ctx: &Context<'_>,
        goals: &HashMap<u32, Vec<u32>>,
        from: usize,
        to: usize,
        previous: Option<u32>,
    ) -> Option<u32> {
        if goals.is_empty() || from >= to {
            return None;
        }
        let mut best = None;
        for m in ctx.mentions_in(from, to) {
            let Some(minutes) = m.entity.and_then(|e| goals.get(&e)) else {
                continue;
            };
            let Some(next) = minutes
                .iter()
                .copied()
                .filter(|&g| previous.is_none_or(|p| g > p))
                .min()
            else {
                continue;
            };
            let Some(sentence) = ctx
                .sentence_index(m.start)
                .and_then(|i| ctx.sentences.get(i))
            else {
                continue;
            };
            if self.cues.event_type(ctx.text, sentence.start, sentence.end) == Some(EventType::Goal)
            {
                best = Some(next);
            }
        }
        best
    }
}

/// A prose goal or substitution at a minute the summary gives to exactly one player takes that
/// player (the summary is the more reliable of the two).
fn correct_from_summary(ctx: &Context<'_>, prose: &mut [Event], summary: &[Event]) {
    let group = |e: &Event| match e.kind {
        EventType::Goal | EventType::OwnGoal => Some(0),
        EventType::Substitution => Some(1),
        _ => None,
    };
    let mut by_minute: HashMap<(u8, u32), Vec<Option<u32>>> = HashMap::default();
    for e in summary {
        if let Some(g) = group(e) {
            by_minute.entry((g, e.minute)).or_default().push(e.player);
        }
    }
    for e in prose.iter_mut() {
        let Some(g) = group(e) else { continue };
        let Some(players) = by_minute.get(&(g, e.minute)) else {
            continue;
        };
        if let [Some(p)] = players.as_slice() {
            if e.player != Some(*p) {
                e.player = Some(*p);
                e.team = ctx.gazetteer.club_of(*p as usize).map(|c| c as u32);
            }
        }
    }
}
