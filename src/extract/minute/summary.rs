//! The summary notation at the end of match reports: line-ups with substitutions
//! (`Tonge (Quinn 59)`: Quinn came on in minute 59), goal lines (`Archibald 19, Grady 29.`,
//! `Goals: Coughlan 3, Wotton 47`, `Gerrard 79 og`) and labelled `Booked:` / `Sent off:` lines with
//! minutes. Names are resolved through the mention layer; a line-up's team (its label, or the
//! clubs of most of its players) settles ambiguous names and gives the team of unknown ones.

use rustc_hash::FxHashMap as HashMap;

use regex::Regex;

use super::expr::{rules_error, sections};
use crate::error::Result;
use crate::extract::Context;
use crate::facts::{Event, EventType, Mention, Span};
use crate::gazetteer::EntityKind;

const SUMMARY: &str = include_str!("../../../data/rules/minute-summary.txt");

/// The fewest items of a line-up.
const MIN_LINEUP_ITEMS: usize = 7;

/// What a label before a colon says about its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// Items with minutes are events of this type.
    Events(EventType),
    /// Not events (unused substitutes, attendance, referee).
    Skip,
}

/// The compiled summary rules.
#[derive(Debug)]
pub struct SummaryRules {
    labels: HashMap<String, Label>,
    /// The labels (lowercase) one after the other, and each label's last byte, start and end in
    /// it: the refusal of lines before the first line-up
    /// ([`SummaryRules::may_matter_before_lineup`]) reads them all, from a few cache lines rather
    /// than one allocation each, and compares only those ending in the byte before the colon.
    label_bytes: String,
    /// (Six bytes an entry: the labels' text is far shorter than 64 KiB; an offset past it
    /// reads as an empty label, which refuses no line.)
    label_index: Vec<(u8, u16, u16)>,
    own_goal: Vec<String>,
    penalty: Vec<String>,
    substitution: Regex,
    minute: Regex,
    /// The indices of the named groups (`off`, `on`, `min`, `add` of `substitution`; `min`,
    /// `add` of `minute`), looked up once: `Captures::name` hashes the name on every call.
    sub_groups: [usize; 4],
    minute_groups: [usize; 2],
}

/// The index of a named group (`usize::MAX`, a group no match has, when there is none).
fn group(re: &Regex, name: &str) -> usize {
    re.capture_names()
        .position(|n| n == Some(name))
        .unwrap_or(usize::MAX)
}

/// The events of a document's summary lines and the spans those lines cover.
#[derive(Debug, Default)]
pub struct Summary {
    /// Events, in text order.
    pub events: Vec<Event>,
    /// The summary segments (line-ups, goal lines, labelled lists).
    pub segments: Vec<Span>,
}

impl Summary {
    /// Whether an offset lies in a summary segment.
    pub fn covers(&self, offset: usize) -> bool {
        self.segments
            .iter()
            .any(|s| s.start <= offset && offset < s.end)
    }
}

/// One name with its minutes in a goal line.
#[derive(Debug, Clone)]
struct Item {
    name: Option<Span>,
    /// (minute, added, span of the number, own goal)
    minutes: Vec<(u32, Option<u32>, Span, bool)>,
}

/// What the lines read so far tell the next ones.
#[derive(Debug, Default)]
struct State {
    /// The team of the last line-up with a known team.
    team: Option<u32>,
    /// Whether a line-up has been read (then unlabelled goal lines and skipped labels count).
    seen_lineup: bool,
}

impl SummaryRules {
    /// Compiles the bundled summary labels.
    pub fn new() -> Result<SummaryRules> {
        let mut labels = HashMap::default();
        let mut own_goal = Vec::new();
        let mut penalty = Vec::new();
        for (line, section, value) in sections("minute-summary.txt", SUMMARY)? {
            let v = value.to_ascii_lowercase();
            match section {
                "skip" => {
                    labels.insert(v, Label::Skip);
                }
                "own_goal_marker" => own_goal.push(v),
                "penalty_marker" => penalty.push(v),
                other => {
                    let t = EventType::parse(other).ok_or_else(|| {
                        rules_error("minute-summary.txt", line, "unknown section")
                    })?;
                    labels.insert(v, Label::Events(t));
                }
            }
        }
        let substitution = Regex::new(
            r"^(?P<off>[^()]+?)\s*\(\s*(?P<on>[^()0-9]+?)\s+(?P<min>\d{1,3})(?:\s*\+\s*(?P<add>\d{1,2}))?\s*\)$",
        )
        .map_err(|e| rules_error("minute-summary.txt", 0, e))?;
        let minute = Regex::new(r"^\(?(?P<min>\d{1,3})(?:\+(?P<add>\d{1,2}))?\)?$")
            .map_err(|e| rules_error("minute-summary.txt", 0, e))?;
        let sub_groups = ["off", "on", "min", "add"].map(|n| group(&substitution, n));
        let minute_groups = ["min", "add"].map(|n| group(&minute, n));
        Ok(SummaryRules {
            label_bytes: labels.keys().map(String::as_str).collect(),
            label_index: labels
                .keys()
                .scan(0, |end, l| {
                    let start = *end;
                    *end += l.len();
                    let offset = |x: usize| u16::try_from(x).unwrap_or(u16::MAX);
                    Some((l.bytes().last().unwrap_or(0), offset(start), offset(*end)))
                })
                .collect(),
            labels,
            own_goal,
            penalty,
            substitution,
            minute,
            sub_groups,
            minute_groups,
        })
    }

    /// Parses the summary lines of a document.
    pub fn parse(&self, ctx: &Context<'_>) -> Summary {
        let mut out = Summary::default();
        let text = ctx.text;
        let b = text.as_bytes();
        let body_start = ctx.sentences.first().map_or(text.len(), |s| s.start);
        let mut state = State::default();
        let mut pieces: Vec<Span> = Vec::new();
        let mut start = body_start.min(text.len());
        let mut colons = NextColon::new(b, start);
        loop {
            let end = memchr::memchr(b'\n', &b[start..]).map_or(text.len(), |k| start + k);
            // Before the first line-up a piece is read only for a known label (before a colon) or
            // as a line-up (at least 6 commas or semicolons): a line with neither cannot hold such
            // a piece, so it is refused before it is cut into segments.
            if state.seen_lineup || self.may_matter_before_lineup(text, start, end, &mut colons) {
                pieces.clear();
                push_trimmed(text, start, end, &mut pieces);
                if let Some(line) = pieces.pop() {
                    segments_into(text, line, &mut pieces);
                    let whole_line = pieces.len() == 1;
                    for &seg in &pieces {
                        self.piece(ctx, seg, whole_line, &mut state, &mut colons, &mut out);
                    }
                }
            }
            if end == text.len() {
                break;
            }
            start = end + 1;
        }
        out.events.sort_by_key(|e| e.start);
        out
    }

    /// Whether a line read before the first line-up may give anything: a line-up (at least 6
    /// commas or semicolons), or a piece labelled with a known label.
    ///
    /// Why a line with fewer separators and no known label before any of its colons gives
    /// nothing: none of its pieces has 6 separators, so none is a line-up and none turns the
    /// next ones into summary lines (`seen_lineup`); a piece without a colon is refused; a piece
    /// whose label is empty (`Skip` before a line-up) or unknown (then only a line-up counts)
    /// gives nothing. A known label is the piece's text before its first colon, trimmed and
    /// ASCII-lowercased, so the line's text before that colon, trimmed at its end, ends with it.
    fn may_matter_before_lineup(
        &self,
        text: &str,
        start: usize,
        end: usize,
        colons: &mut NextColon<'_>,
    ) -> bool {
        let b = text.as_bytes();
        let line = b.get(start..end).unwrap_or_default();
        let six_separators = || {
            memchr::memchr2_iter(b',', b';', line)
                .nth(MIN_LINEUP_ITEMS - 2)
                .is_some()
        };
        let Some(first) = colons.at_or_after(start).filter(|&c| c < end) else {
            return six_separators();
        };
        six_separators()
            || memchr::memchr_iter(b':', &b[first..end])
                .any(|k| self.label_before(text, start, first + k))
    }

    /// Whether `b[start..colon]`, trimmed at its end (as `str::trim_end`), ends with a known
    /// label, ASCII case aside.
    fn label_before(&self, text: &str, start: usize, colon: usize) -> bool {
        let Some(before) = text.get(start..colon) else {
            // Not cut at char boundaries (never, a colon and a line start are): not refused.
            return true;
        };
        let before = before.trim_end().as_bytes();
        let Some(last) = before.last().map(u8::to_ascii_lowercase) else {
            // No label is empty.
            return false;
        };
        let all = self.label_bytes.as_bytes();
        self.label_index
            .iter()
            .filter(|&&(l_last, _, _)| l_last == last)
            .any(|&(_, start, end)| {
                let l = all
                    .get(usize::from(start)..usize::from(end))
                    .unwrap_or_default();
                before.len() >= l.len() && before[before.len() - l.len()..].eq_ignore_ascii_case(l)
            })
    }

    /// One segment of a summary line: a labelled list, a line-up or a goal line.
    fn piece(
        &self,
        ctx: &Context<'_>,
        seg: Span,
        whole_line: bool,
        state: &mut State,
        colons: &mut NextColon<'_>,
        out: &mut Summary,
    ) {
        let raw = &ctx.text[seg.start..seg.end];
        // Before the first line-up, as for its line: no colon and fewer than 6 separators make
        // neither a label nor a line-up (and goal lines without a label need a line-up first).
        if !state.seen_lineup
            && !may_hold_lineup_or_label(ctx.text.as_bytes(), seg.start, seg.end, colons)
        {
            return;
        }
        // Cheap refusal of prose: a summary piece has a label, a minute or a long list.
        let head = raw.get(..raw.len().min(42)).unwrap_or(raw);
        if memchr::memchr(b':', head.as_bytes()).is_none()
            && !digit_or_commas(raw.as_bytes(), REFUSAL_COMMAS)
        {
            return;
        }
        let (label, body) = split_label(raw, seg.start);
        let label_kind = label.map(|l| {
            let key = ctx.text[l.start..l.end].trim().to_ascii_lowercase();
            if key.is_empty() {
                Some(Label::Skip)
            } else {
                self.labels.get(&key).copied()
            }
        });
        match label_kind {
            Some(Some(Label::Skip)) => {
                if state.seen_lineup {
                    out.segments.push(seg);
                }
            }
            Some(Some(Label::Events(kind))) => {
                let items = self.items(ctx.text, body, false);
                if let Some(items) = items {
                    out.segments.push(seg);
                    self.push_items(ctx, &items, kind, state.team, &mut out.events);
                }
            }
            _ => {
                let label_club = label.and_then(|l| club_in(ctx.mentions, l));
                if let Some(lineup_team) = self.lineup(ctx, body, label_club, &mut out.events) {
                    state.team = lineup_team.or(state.team);
                    state.seen_lineup = true;
                    out.segments.push(seg);
                } else if label.is_none() && state.seen_lineup && whole_line {
                    if let Some(items) = self.items(ctx.text, body, true) {
                        out.segments.push(seg);
                        self.push_items(ctx, &items, EventType::Goal, state.team, &mut out.events);
                    }
                }
            }
        }
    }

    /// The summary parse as first written (a `Vec` of lines, a `Vec` of segments per line, every
    /// line read): the reference of [`SummaryRules::parse`]'s refusals.
    #[cfg(test)]
    pub(crate) fn parse_reference(&self, ctx: &Context<'_>) -> Summary {
        let mut out = Summary::default();
        let body_start = ctx.sentences.first().map_or(ctx.text.len(), |s| s.start);
        let mut team: Option<u32> = None;
        let mut seen_lineup = false;
        for line in lines(ctx.text, body_start) {
            let pieces = segments(ctx.text, line);
            let whole_line = pieces.len() == 1;
            for seg in pieces {
                let raw = &ctx.text[seg.start..seg.end];
                // Cheap refusal of prose: a summary piece has a label, a minute or a long list.
                let head = raw.get(..raw.len().min(42)).unwrap_or(raw);
                if !head.contains(':') && !digit_or_commas(raw.as_bytes(), REFUSAL_COMMAS) {
                    continue;
                }
                let (label, body) = split_label(raw, seg.start);
                let label_kind = label.map(|l| {
                    let key = ctx.text[l.start..l.end].trim().to_ascii_lowercase();
                    if key.is_empty() {
                        Some(Label::Skip)
                    } else {
                        self.labels.get(&key).copied()
                    }
                });
                match label_kind {
                    Some(Some(Label::Skip)) => {
                        if seen_lineup {
                            out.segments.push(seg);
                        }
                    }
                    Some(Some(Label::Events(kind))) => {
                        let items = self.items(ctx.text, body, false);
                        if let Some(items) = items {
                            out.segments.push(seg);
                            self.push_items(ctx, &items, kind, team, &mut out.events);
                        }
                    }
                    _ => {
                        let label_club = label.and_then(|l| club_in(ctx.mentions, l));
                        if let Some(lineup_team) =
                            self.lineup(ctx, body, label_club, &mut out.events)
                        {
                            team = lineup_team.or(team);
                            seen_lineup = true;
                            out.segments.push(seg);
                        } else if label.is_none() && seen_lineup && whole_line {
                            if let Some(items) = self.items(ctx.text, body, true) {
                                out.segments.push(seg);
                                self.push_items(
                                    ctx,
                                    &items,
                                    EventType::Goal,
                                    team,
                                    &mut out.events,
                                );
                            }
                        }
                    }
                }
            }
        }
        out.events.sort_by_key(|e| e.start);
        out
    }

    /// A line-up: returns its team (`Some(None)` when unknown) after adding its substitutions.
    fn lineup(
        &self,
        ctx: &Context<'_>,
        body: Span,
        label_club: Option<u32>,
        events: &mut Vec<Event>,
    ) -> Option<Option<u32>> {
        // Most pieces that reach here are prose with a number. Each item ends at a separator or
        // at the end of the body, so fewer than 6 separators cannot make 7 items: refused without
        // splitting.
        // Counted with `memchr2` (sparse in prose), and only up to the sixth.
        let enough_separators = ctx
            .text
            .as_bytes()
            .get(body.start..body.end)
            .is_some_and(|b| {
                memchr::memchr2_iter(b',', b';', b)
                    .nth(MIN_LINEUP_ITEMS - 2)
                    .is_some()
            });
        if !enough_separators {
            return None;
        }
        let items = split_items(ctx.text, body);
        if items.len() < MIN_LINEUP_ITEMS {
            return None;
        }
        let subs = self.lineup_subs(ctx.text, &items)?;
        let team = label_club.or_else(|| majority_club(ctx, body));
        for (name, minute, added, span) in subs {
            if !(1..=130).contains(&minute) {
                continue;
            }
            let player = player_in(ctx, name, team);
            events.push(Event {
                minute,
                added,
                kind: EventType::Substitution,
                player,
                team: player
                    .and_then(|p| ctx.gazetteer.club_of(p as usize))
                    .map(|c| c as u32)
                    .or(team),
                start: span.start,
                end: span.end,
            });
        }
        Some(team)
    }

    /// The substitutions of a line-up's items (`Tonge (Quinn 59)`: the span of `Quinn`, the
    /// minute with added time, the added time, the span of the minute), or `None` when fewer than
    /// 80% of the items are names or substitutions of names.
    fn lineup_subs(&self, text: &str, items: &[Span]) -> Option<Vec<LineupSub>> {
        let mut refused = 0;
        let mut subs = Vec::new();
        for &it in items {
            let s = &text[it.start..it.end];
            let valid = match self.substitution_groups(s) {
                Some(g) => {
                    let ok = is_name(&s[g.off.clone()]) && is_name(&s[g.on.clone()]);
                    if ok {
                        subs.push(lineup_sub(s, it.start, &g));
                    }
                    ok
                }
                None => is_name(s),
            };
            if !valid {
                refused += 1;
                // The names left cannot make 80% of the items any more: refused at once (nothing
                // is read or kept from the items after).
                if (items.len() - refused) * 10 < items.len() * 8 {
                    return None;
                }
            }
        }
        Some(subs)
    }

    /// [`SummaryRules::lineup_subs`] as first written (the substitution regex on every item
    /// ending in `)`, every item read before the count is compared): its reference.
    #[cfg(test)]
    pub(crate) fn lineup_subs_reference(
        &self,
        text: &str,
        items: &[Span],
    ) -> Option<Vec<LineupSub>> {
        let mut valid = 0;
        let mut subs = Vec::new();
        for &it in items {
            let s = &text[it.start..it.end];
            let captures = if s.ends_with(')') {
                self.substitution_groups_regex(s)
            } else {
                None
            };
            if let Some(g) = captures {
                if is_name(&s[g.off.clone()]) && is_name(&s[g.on.clone()]) {
                    valid += 1;
                    subs.push(lineup_sub(s, it.start, &g));
                }
            } else if is_name(s) {
                valid += 1;
            }
        }
        if valid * 10 < items.len() * 8 {
            return None;
        }
        Some(subs)
    }

    /// The groups of the substitution pattern in a line-up item, if it matches. The pattern ends
    /// in `)` (tested), so other items are refused without it; ASCII items are read by
    /// [`substitution_ascii`], which leaves the rare items it cannot settle to the regex.
    fn substitution_groups(&self, s: &str) -> Option<SubGroups> {
        if !s.ends_with(')') {
            return None;
        }
        match substitution_ascii(s) {
            Some(groups) => groups,
            None => self.substitution_groups_regex(s),
        }
    }

    /// The groups of the substitution regex in an item.
    fn substitution_groups_regex(&self, s: &str) -> Option<SubGroups> {
        let c = self.substitution.captures(s)?;
        let [g_off, g_on, g_min, g_add] = self.sub_groups;
        Some(SubGroups {
            off: c.get(g_off)?.range(),
            on: c.get(g_on)?.range(),
            min: c.get(g_min)?.range(),
            add: c.get(g_add).map(|m| m.range()),
        })
    }

    /// The `Name N` items of a goal or booking line; `None` when the line is not such a list
    /// (`strict`: every item must have a minute).
    fn items(&self, text: &str, body: Span, strict: bool) -> Option<Vec<Item>> {
        let mut out: Vec<Item> = Vec::new();
        for it in split_items(text, body) {
            let item = self.item(text, it)?;
            match (item.name, out.last_mut()) {
                (None, Some(last)) => last.minutes.extend(item.minutes),
                (None, None) => return None,
                (Some(_), _) => {
                    if strict && item.minutes.is_empty() {
                        return None;
                    }
                    out.push(item);
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// One item: a name (capitalised words) then minutes with markers, or minutes alone.
    fn item(&self, text: &str, span: Span) -> Option<Item> {
        let mut tokens = Vec::new();
        let mut i = span.start;
        let b = text.as_bytes();
        while i < span.end {
            if b[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let s = i;
            while i < span.end && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            tokens.push(Span { start: s, end: i });
        }
        let mut name_end = 0;
        while name_end < tokens.len() && !self.is_minute_token(text, tokens[name_end]) {
            name_end += 1;
        }
        let name = if name_end == 0 {
            None
        } else {
            let n = Span {
                start: tokens[0].start,
                end: tokens[name_end - 1].end,
            };
            if name_end > 4 || !is_name(&text[n.start..n.end]) {
                return None;
            }
            Some(n)
        };
        let mut minutes: Vec<(u32, Option<u32>, Span, bool)> = Vec::new();
        for &t in &tokens[name_end..] {
            let s = &text[t.start..t.end];
            if let Some(c) = self.minute.captures(s) {
                let [g_min, g_add] = self.minute_groups;
                let min: u32 = c.get(g_min).and_then(|m| m.as_str().parse().ok())?;
                let added: Option<u32> = c.get(g_add).and_then(|m| m.as_str().parse().ok());
                let digits = Span {
                    start: t.start + c.get(g_min).map_or(0, |m| m.start()),
                    end: t.start + c.get(g_add).or(c.get(g_min)).map_or(s.len(), |m| m.end()),
                };
                let minute = min + added.unwrap_or(0);
                if !(1..=130).contains(&minute) {
                    return None;
                }
                minutes.push((minute, added, digits, false));
            } else {
                let lower = s.to_ascii_lowercase();
                if self.own_goal.contains(&lower) || lower == "own" || lower == "goal" {
                    if let Some(last) = minutes.last_mut() {
                        last.3 = true;
                    }
                } else if !self.penalty.contains(&lower) {
                    return None;
                }
            }
        }
        if name.is_none() && minutes.is_empty() {
            return None;
        }
        Some(Item { name, minutes })
    }

    fn is_minute_token(&self, text: &str, t: Span) -> bool {
        // `47`, `90+2`, `(47)`: digits first, so most words are refused without the regex.
        let s = text[t.start..t.end].trim_start_matches('(');
        s.starts_with(|c: char| c.is_ascii_digit()) && self.minute.is_match(&text[t.start..t.end])
    }

    fn push_items(
        &self,
        ctx: &Context<'_>,
        items: &[Item],
        kind: EventType,
        team: Option<u32>,
        events: &mut Vec<Event>,
    ) {
        for item in items {
            let Some(name) = item.name else { continue };
            if club_in(ctx.mentions, name).is_some() {
                continue;
            }
            let player = player_in(ctx, name, team);
            for &(minute, added, span, own_goal) in &item.minutes {
                let kind = if own_goal && kind == EventType::Goal {
                    EventType::OwnGoal
                } else {
                    kind
                };
                let club = player
                    .and_then(|p| ctx.gazetteer.club_of(p as usize))
                    .map(|c| c as u32);
                events.push(Event {
                    minute,
                    added,
                    kind,
                    player,
                    team: club.or(if kind == EventType::OwnGoal {
                        None
                    } else {
                        team
                    }),
                    start: span.start,
                    end: span.end,
                });
            }
        }
    }
}

/// A substitution of a line-up: the span of the player who came on, the minute (with added
/// time), the added time and the span of the minute.
type LineupSub = (Span, u32, Option<u32>, Span);

/// The groups of the substitution pattern (`off (on min+add)`), as byte ranges of the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubGroups {
    off: std::ops::Range<usize>,
    on: std::ops::Range<usize>,
    min: std::ops::Range<usize>,
    add: Option<std::ops::Range<usize>>,
}

/// The substitution of an item `s` at offset `at` of the text, from its groups.
fn lineup_sub(s: &str, at: usize, g: &SubGroups) -> LineupSub {
    let minute: u32 = s[g.min.clone()].parse().unwrap_or(0);
    let added: Option<u32> = g.add.clone().and_then(|a| s[a].parse().ok());
    (
        Span {
            start: at + g.on.start,
            end: at + g.on.end,
        },
        minute + added.unwrap_or(0),
        added,
        Span {
            start: at + g.min.start,
            end: at + g.add.as_ref().map_or(g.min.end, |a| a.end),
        },
    )
}

/// The substitution pattern
/// `^(?P<off>[^()]+?)\s*\(\s*(?P<on>[^()0-9]+?)\s+(?P<min>\d{1,3})(?:\s*\+\s*(?P<add>\d{1,2}))?\s*\)$`
/// read by hand on an ASCII item (where `\s` is [`is_ascii_space`] and `\d` is `[0-9]`):
/// `Some(groups)` as the regex captures them, `None` for what it leaves to the regex (non-ASCII
/// text, and `on` starting at a digit or the end, where the lazy `on` would take spaces).
///
/// Why these are the regex's groups: neither `off` nor anything after the `(` holds a bracket,
/// so the `(` is the item's first and the `)` its last byte, with no other bracket. The lazy
/// `off` is the shortest non-empty prefix followed by spaces only up to the `(`. After the
/// `(`, the greedy `\s*` takes the leading spaces; `on` holds no digit, so `min` starts at the
/// first digit, after at least one space; the lazy `on` ends where those spaces start (ending
/// later changes nothing after it). `min` takes the whole run of digits (a digit left over
/// matches nothing after it), so a run of more than 3 fails; then optionally spaces, `+`,
/// spaces and a run of 1 or 2 digits, then spaces only.
fn substitution_ascii(s: &str) -> Option<Option<SubGroups>> {
    let b = s.as_bytes();
    if !b.is_ascii() {
        return None;
    }
    let no_bracket = |x: &[u8]| !x.iter().any(|&c| c == b'(' || c == b')');
    let Some((b')', head)) = b.split_last() else {
        return Some(None);
    };
    let Some(p) = head.iter().position(|&c| c == b'(') else {
        return Some(None);
    };
    let (before, inner) = (&head[..p], &head[p + 1..]);
    if p == 0 || !no_bracket(before) || !no_bracket(inner) {
        return Some(None);
    }
    let mut off_end = p;
    while off_end > 1 && is_ascii_space(b[off_end - 1]) {
        off_end -= 1;
    }
    let lead = inner.iter().take_while(|&&c| is_ascii_space(c)).count();
    match inner.get(lead) {
        Some(c) if !c.is_ascii_digit() => {}
        _ => return None,
    }
    let Some(d) = inner[lead..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|k| lead + k)
    else {
        return Some(None);
    };
    let mut on_end = d;
    while on_end > lead && is_ascii_space(inner[on_end - 1]) {
        on_end -= 1;
    }
    if on_end == d {
        return Some(None);
    }
    let digits_from = |i: usize| inner[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let spaces_from = |i: usize| {
        inner[i..]
            .iter()
            .take_while(|&&c| is_ascii_space(c))
            .count()
    };
    let min_end = d + digits_from(d);
    if min_end - d > 3 {
        return Some(None);
    }
    let mut k = min_end + spaces_from(min_end);
    let mut add = None;
    if inner.get(k) == Some(&b'+') {
        k += 1;
        k += spaces_from(k);
        let n = digits_from(k);
        if !(1..=2).contains(&n) {
            return Some(None);
        }
        add = Some(k..k + n);
        k += n;
        k += spaces_from(k);
    }
    if k != inner.len() {
        return Some(None);
    }
    let at = p + 1;
    let shift = |r: std::ops::Range<usize>| r.start + at..r.end + at;
    Some(Some(SubGroups {
        off: 0..off_end,
        on: shift(lead..on_end),
        min: shift(d..min_end),
        add: add.map(shift),
    }))
}

/// A piece without a label, a digit or this many commas is prose.
const REFUSAL_COMMAS: usize = 6;

/// Whether `bytes` holds an ASCII digit or at least `commas` commas: the summary's refusal of
/// prose, which reads every byte of the text. Eight bytes at a time: each byte is tested exactly
/// (no carry crosses a byte), and it stops at the first digit.
pub(crate) fn digit_or_commas(bytes: &[u8], commas: usize) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut seen = 0usize;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let low = x & LOW;
        // High bit of each byte: its low seven bits are >= 0x30, >= 0x3a. Sums stay below 0x100.
        let ge_0 = low.wrapping_add(ONES * (0x80 - 0x30)) & HIGH;
        let ge_colon = low.wrapping_add(ONES * (0x80 - 0x3a)) & HIGH;
        if ge_0 & !ge_colon & !x & HIGH != 0 {
            return true;
        }
        // A comma is a zero byte of `x ^ ','`; high bit of `t` clear exactly for zero bytes.
        let y = x ^ (ONES * u64::from(b','));
        let t = ((y & LOW).wrapping_add(LOW) | y) & HIGH;
        seen += (HIGH ^ t).count_ones() as usize;
        if seen >= commas {
            return true;
        }
    }
    for &b in chunks.remainder() {
        if b.is_ascii_digit() {
            return true;
        }
        seen += usize::from(b == b',');
    }
    seen >= commas
}

/// The non-empty lines of a text from `from` on (the split [`SummaryRules::parse`] makes line by
/// line, kept for the tests).
#[cfg(test)]
pub(crate) fn lines(text: &str, from: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = from.min(text.len());
    while let Some(i) = find_byte(text, b'\n', start, text.len()) {
        push_trimmed(text, start, i, &mut out);
        start = i + 1;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// The first offset of a byte in `text[from..to]`, searched with the `memchr` crate (vectorised;
/// the standard library's `str::find` reads a word at a time).
fn find_byte(text: &str, byte: u8, from: usize, to: usize) -> Option<usize> {
    memchr::memchr(byte, text.as_bytes().get(from..to)?).map(|k| from + k)
}

/// `text[start..end]` without its leading and trailing whitespace (as `str::trim`), pushed
/// unless empty.
pub(crate) fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let b = piece.as_bytes();
    // Most pieces start and end with an ASCII byte that is not whitespace: a whole char, so
    // `trim_start` (`trim_end`) would stop there at once; other ends take the Unicode trim.
    let lead = match b.first() {
        Some(&c) if c.is_ascii() && !is_ascii_space(c) => 0,
        _ => piece.len() - piece.trim_start().len(),
    };
    let trail = match b.last() {
        Some(&c) if c.is_ascii() && !is_ascii_space(c) => 0,
        _ => piece.len() - piece.trim_end().len(),
    };
    if start + lead < end - trail {
        out.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// Whether an ASCII byte is whitespace as `char::is_whitespace` says (`u8::is_ascii_whitespace`
/// leaves out the vertical tab, which `str::trim` and `split_whitespace` strip).
fn is_ascii_space(c: u8) -> bool {
    matches!(c, b' ' | 0x09..=0x0d)
}

/// [`push_trimmed`] as first written (`str::trim_start` and `trim_end` on every piece): its
/// reference.
#[cfg(test)]
pub(crate) fn push_trimmed_reference(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if start + lead < end - trail {
        out.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// A line cut at `. ` (and `." `) before a capital letter: the pieces of a one-line summary
/// (`... (Blackstock 82). Subs Not Used: ... Booked: Wotton. Goals: Coughlan 3, ...`).
#[cfg(test)]
pub(crate) fn segments(text: &str, line: Span) -> Vec<Span> {
    let mut out = Vec::new();
    segments_into(text, line, &mut out);
    out
}

/// [`segments`] appended to a buffer the caller reuses (no allocation per line).
fn segments_into(text: &str, line: Span, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut start = line.start;
    let mut i = line.start;
    // From one full stop to the next (the bytes between them are only stepped over).
    while let Some(dot) = find_byte(text, b'.', i, line.end) {
        let mut j = dot + 1;
        while j < line.end && matches!(b[j], b'"' | b'\'') {
            j += 1;
        }
        let ws = j;
        while j < line.end && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j > ws && j < line.end && (b[j].is_ascii_uppercase() || b[j] == b'-') {
            push_trimmed(text, start, dot, out);
            start = j;
            i = j;
        } else {
            i = dot + 1;
        }
    }
    let mut end = line.end;
    while end > start && matches!(b[end - 1], b'.' | b' ') {
        end -= 1;
    }
    push_trimmed(text, start, end, out);
}

/// Whether `text[start..end]` (a line or a piece) holds a colon or at least
/// `MIN_LINEUP_ITEMS - 1` commas and semicolons: without either, none of its pieces has a label
/// or splits into a line-up.
fn may_hold_lineup_or_label(
    text: &[u8],
    start: usize,
    end: usize,
    colons: &mut NextColon<'_>,
) -> bool {
    colons.at_or_after(start).is_some_and(|c| c < end)
        || memchr::memchr2_iter(b',', b';', text.get(start..end).unwrap_or_default())
            .nth(MIN_LINEUP_ITEMS - 2)
            .is_some()
}

/// The first colon at or after an offset, for offsets asked in increasing order: one `memchr`
/// per colon of the text instead of one per line (most texts have none after their title).
struct NextColon<'a> {
    text: &'a [u8],
    /// The first colon at or after `from`, if any.
    next: Option<usize>,
    from: usize,
}

impl<'a> NextColon<'a> {
    fn new(text: &'a [u8], from: usize) -> NextColon<'a> {
        let from = from.min(text.len());
        let next = memchr::memchr(b':', &text[from..]).map(|k| from + k);
        NextColon { text, next, from }
    }

    /// The first colon at or after `pos` (`pos` never below the previous one asked).
    fn at_or_after(&mut self, pos: usize) -> Option<usize> {
        debug_assert!(pos >= self.from);
        if self.next.is_some_and(|c| c < pos) {
            self.from = pos.min(self.text.len());
            self.next = memchr::memchr(b':', &self.text[self.from..]).map(|k| self.from + k);
        }
        self.next
    }
}

/// The label before a colon (`Goals: ...`, `Plymouth: ...`, `: Anderson`) and the rest.
fn split_label(raw: &str, offset: usize) -> (Option<Span>, Span) {
    let whole = Span {
        start: offset,
        end: offset + raw.len(),
    };
    let Some(colon) = memchr::memchr(b':', raw.as_bytes()) else {
        return (None, whole);
    };
    let label = &raw[..colon];
    let words = label.split_whitespace().count();
    let capital = label
        .trim_start()
        .chars()
        .next()
        .is_none_or(char::is_uppercase);
    if colon > 40 || words > 4 || !capital {
        return (None, whole);
    }
    (
        Some(Span {
            start: offset,
            end: offset + colon,
        }),
        Span {
            start: offset + colon + 1,
            end: whole.end,
        },
    )
}

/// Comma-separated items of a list, trimmed (commas inside brackets do not split).
pub(crate) fn split_items(text: &str, body: Span) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = body.start;
    // A plain loop over the body's bytes (the first version chained `enumerate`, `take` and
    // `skip` over the whole text).
    let bytes = b.get(body.start..body.end.min(b.len())).unwrap_or_default();
    for (k, &byte) in bytes.iter().enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' | b';' if depth == 0 => {
                let i = body.start + k;
                push_trimmed(text, start, i, &mut out);
                start = i + 1;
            }
            _ => {}
        }
    }
    let mut end = body.end;
    while end > start && b[end - 1] == b'.' {
        end -= 1;
    }
    push_trimmed(text, start, end, &mut out);
    out
}

/// [`split_items`] as first written (an iterator chain over the whole text): its reference.
#[cfg(test)]
pub(crate) fn split_items_reference(text: &str, body: Span) -> Vec<Span> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = body.start;
    for (i, &byte) in b.iter().enumerate().take(body.end).skip(body.start) {
        match byte {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' | b';' if depth == 0 => {
                push_trimmed(text, start, i, &mut out);
                start = i + 1;
            }
            _ => {}
        }
    }
    let mut end = body.end;
    while end > start && b[end - 1] == b'.' {
        end -= 1;
    }
    push_trimmed(text, start, end, &mut out);
    out
}

/// Whether a string reads as a person's name in a list: up to five words, the first capitalised,
/// the others capitalised or name particles.
fn is_name(s: &str) -> bool {
    if s.is_ascii() {
        return is_name_ascii(s.as_bytes());
    }
    // Word by word without collecting them (this runs on every item of every line-up).
    let mut words = s.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    if !name_capital(first) || !name_chars(first) {
        return false;
    }
    let mut count = 1;
    for w in words {
        count += 1;
        if count > 5 || !name_chars(w) || !(name_capital(w) || name_particle(w)) {
            return false;
        }
    }
    true
}

/// [`is_name`] of an ASCII string, byte by byte: in ASCII, `split_whitespace` splits at
/// [`is_ascii_space`], a letter (`char::is_alphabetic`) is `[A-Za-z]` and a capital
/// (`char::is_uppercase`) is `[A-Z]`, and the typographic apostrophe cannot occur. The decoding of
/// chars (every item of every line-up) is left out.
fn is_name_ascii(s: &[u8]) -> bool {
    let mut count = 0;
    for w in s.split(|&c| is_ascii_space(c)).filter(|w| !w.is_empty()) {
        count += 1;
        let chars = w
            .iter()
            .all(|&c| c.is_ascii_alphabetic() || matches!(c, b'\'' | b'-' | b'.'));
        let capital = w.first().is_some_and(u8::is_ascii_uppercase);
        let ok = match count {
            1 => capital && chars,
            2..=5 => chars && (capital || std::str::from_utf8(w).is_ok_and(name_particle)),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    count > 0
}

/// Whether a word of a name has only letters, apostrophes, hyphens and full stops.
fn name_chars(w: &str) -> bool {
    w.chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-' | '.'))
}

/// Whether a word starts with a capital.
fn name_capital(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a word is a lower-case name particle (`de`, `van`, ...).
fn name_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "da"
            | "di"
            | "del"
            | "della"
            | "van"
            | "von"
            | "der"
            | "den"
            | "le"
            | "la"
            | "du"
            | "dos"
            | "das"
            | "ten"
            | "ter"
            | "mac"
            | "al"
            | "el"
    )
}

/// [`is_name`] as first written (the words collected into a `Vec`, then counted and tested
/// whole): its reference. It shares the word tests (`name_chars`, `name_capital`,
/// `name_particle`), which are data, not the walk under test.
#[cfg(test)]
fn is_name_reference(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    name_capital(words[0])
        && words.iter().all(|w| name_chars(w))
        && words
            .iter()
            .skip(1)
            .all(|w| name_capital(w) || name_particle(w))
}

/// A club mentioned inside a span.
fn club_in(mentions: &[Mention], span: Span) -> Option<u32> {
    mentions
        .iter()
        .filter(|m| m.start >= span.start && m.end <= span.end && m.kind == EntityKind::Club)
        .find_map(|m| m.entity)
}

/// The club most of a line-up's named players play for.
fn majority_club(ctx: &Context<'_>, body: Span) -> Option<u32> {
    let mut counts: HashMap<usize, usize> = HashMap::default();
    for m in ctx.mentions_in(body.start, body.end) {
        if m.kind != EntityKind::Player {
            continue;
        }
        if let Some(c) = m.entity.and_then(|e| ctx.gazetteer.club_of(e as usize)) {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut best: Vec<(usize, usize)> = counts.into_iter().collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match best.as_slice() {
        [(c, n), rest @ ..] if rest.first().is_none_or(|r| r.1 < *n) => Some(*c as u32),
        _ => None,
    }
}

/// The player a name span names: its mention's entity, or the one candidate of the team.
fn player_in(ctx: &Context<'_>, name: Span, team: Option<u32>) -> Option<u32> {
    let m = ctx
        .mentions_in(name.start, name.end)
        .iter()
        .find(|m| m.end <= name.end && m.kind == EntityKind::Player)?;
    if let Some(e) = m.entity {
        return Some(e);
    }
    let team = team? as usize;
    let mut of_team = m
        .candidates
        .iter()
        .copied()
        .filter(|&c| ctx.gazetteer.club_of(c as usize) == Some(team));
    match (of_team.next(), of_team.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words and blanks of line-up items: names, particles, lower-case words, digits, brackets.
    const NAME_PIECES: &[&str] = &[
        " ",
        "  ",
        "\t",
        "Tonge",
        "Quinn",
        "de",
        "van",
        "dos",
        "el",
        "kenny",
        "O'Neil",
        "Jean-Luc",
        "J.",
        "Hamšík",
        "Ümit",
        "ß",
        "59",
        "(",
        ")",
        "(Quinn 59)",
        "Forte 60",
        "+2",
        "’",
        ",",
        "\u{b}",
        "\u{a0}",
    ];

    /// Pieces of substitution items: names, blanks (ASCII, the vertical tab, Unicode), digits
    /// (ASCII and Arabic-Indic), plus signs and brackets.
    const SUB_PIECES: &[&str] = &[
        "Tonge",
        "Quinn",
        "de",
        " ",
        "  ",
        "\t",
        "\u{b}",
        "\u{a0}",
        "(",
        ")",
        "59",
        "7",
        "1234",
        "+",
        " + ",
        "+2",
        "0",
        "\u{663}",
        "é",
        "-",
        "(Quinn 59)",
        "(Forte 90+2)",
        "(Forte 90 + 12)",
    ];

    /// Whitespace and words for the trims: ASCII blanks, the vertical tab, Unicode blanks (a
    /// no-break space, an em space, NEL), letters.
    const TRIM_PIECES: &[&str] = &[
        " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{a0}", "\u{2003}", "\u{85}", "a", "Kenny", "é",
        ".",
    ];

    #[test]
    fn push_trimmed_matches_reference_on_examples() {
        let mut pushed = 0;
        for text in [
            "  Kenny , Geary\t",
            "\u{a0}Kenny\u{2003}",
            "\u{b}x\u{b}",
            " é ",
            "   ",
            "",
        ] {
            for a in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for b in (a..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let (mut fast, mut reference) = (Vec::new(), Vec::new());
                    push_trimmed(text, a, b, &mut fast);
                    push_trimmed_reference(text, a, b, &mut reference);
                    assert_eq!(fast, reference, "{text:?} {a}..{b}");
                    pushed += fast.len();
                }
            }
        }
        assert!(pushed > 50, "only {pushed} pieces");
    }

    #[test]
    fn substitution_groups_are_those_of_the_regex_on_examples() {
        let r = rules();
        let mut by_hand = 0;
        for s in [
            "Tonge (Quinn 59)",
            "Shaw (Forte 90+2)",
            "Shaw  (  Forte Jr  90 + 12 )",
            "A (B 90 + 2)",
            "A (B 105)",
            "A (B 120+3)",
            "A (B 120 +  13 )",
            "A(B 9)",
            " (B 9)",
            "A ( 9)",
            "A (B 1234)",
            "A (B 12 3)",
            "A (B 90+123)",
            "A (B 90+)",
            "A (B9)",
            "A (B 9) )",
            "A) (B 9)",
            "A (B (C 9)",
            "A (B +9)",
            "Hamšík (Forte 60)",
            "A (B \u{663})",
            "A\u{b}(B\u{b}7\u{b})",
            "Tonge",
        ] {
            let reference = if s.ends_with(')') {
                r.substitution_groups_regex(s)
            } else {
                None
            };
            assert_eq!(r.substitution_groups(s), reference, "{s:?}");
            by_hand += usize::from(s.ends_with(')') && substitution_ascii(s).is_some());
        }
        assert!(by_hand >= 15, "only {by_hand} read by hand");
    }

    #[test]
    fn lineup_subs_match_reference_on_examples() {
        let r = rules();
        let mut lineups = 0;
        for text in [
            "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Tonge (Quinn 59)",
            "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Shaw (Forte 90+2), Hamšík (Ümit 70)",
            "Kenny, Geary, Bromby, Jagielka, Harley, the ball, went, wide",
            "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Montgomery, x, y",
            "Kenny, Geary, Bromby, Jagielka, Harley, Liddell, Montgomery, Tonge, x",
            "he said, and then, again, and, again, and, again",
        ] {
            let items = split_items(
                text,
                Span {
                    start: 0,
                    end: text.len(),
                },
            );
            let fast = r.lineup_subs(text, &items);
            assert_eq!(fast, r.lineup_subs_reference(text, &items), "{text:?}");
            lineups += usize::from(fast.is_some());
        }
        assert_eq!(lineups, 3);
    }

    /// Pieces of line-ups and prose for the item split.
    const LIST_PIECES: &[&str] = &[
        ",", ", ", ";", " ", "(", ")", "((", "))", ".", "..", "Kenny", "Quinn 59", "é", "\n", " .",
    ];

    #[test]
    fn split_items_matches_reference_on_examples() {
        let text = "Kenny, Geary; Bromby, Tonge (Quinn 59, 60), Shaw (Forte 60)., x.. ";
        let mut items = 0;
        for a in 0..=text.len() {
            for b in a..=text.len() {
                let body = Span { start: a, end: b };
                let fast = split_items(text, body);
                assert_eq!(fast, split_items_reference(text, body), "{body:?}");
                items += fast.len();
            }
        }
        assert!(items > 1000, "only {items} items");
    }

    fn rules() -> &'static SummaryRules {
        static RULES: std::sync::OnceLock<SummaryRules> = std::sync::OnceLock::new();
        RULES.get_or_init(|| SummaryRules::new().expect("bundled rules compile"))
    }

    #[test]
    fn is_name_matches_reference_on_examples() {
        let mut names = 0;
        for s in [
            "",
            " ",
            "Tonge",
            "Tonge Quinn",
            "Kevin de Bruyne",
            "a b c d e",
            "A B C D E",
            "A B C D E F",
            "A b",
            "A 5",
            "Jean-Luc O'Neil",
            "Ümit Özat",
            "ß",
        ] {
            assert_eq!(is_name(s), is_name_reference(s), "{s:?}");
            names += usize::from(is_name(s));
        }
        assert!(names >= 5, "only {names} names");
    }

    #[test]
    fn group_indices_name_the_groups() {
        let r = rules();
        for (re, names, groups) in [
            (
                &r.substitution,
                &["off", "on", "min", "add"][..],
                &r.sub_groups[..],
            ),
            (&r.minute, &["min", "add"][..], &r.minute_groups[..]),
        ] {
            for (name, &g) in names.iter().zip(groups) {
                assert_eq!(re.capture_names().nth(g).flatten(), Some(*name));
            }
        }
        // Every group of a match is the same by name and by index.
        for (re, names, groups, s) in [
            (
                &r.substitution,
                &["off", "on", "min", "add"][..],
                &r.sub_groups[..],
                "Shaw (Forte 90+2)",
            ),
            (
                &r.minute,
                &["min", "add"][..],
                &r.minute_groups[..],
                "(90+2)",
            ),
        ] {
            let c = re.captures(s).expect("example matches");
            for (name, &g) in names.iter().zip(groups) {
                assert_eq!(c.name(name).map(|m| m.range()), c.get(g).map(|m| m.range()));
                assert!(c.get(g).is_some(), "{name} in {s}");
            }
        }
    }

    #[test]
    fn substitution_items_end_in_a_bracket() {
        for s in ["Tonge (Quinn 59)", "Shaw (Forte 60)", "A (B 90 + 2)"] {
            assert!(rules().substitution.is_match(s), "{s:?}");
        }
        assert!(!rules().substitution.is_match("Tonge (Quinn 59) x"));
    }

    proptest::proptest! {
        /// Any mix of name words and blanks: the word-by-word test says what the collected
        /// words say.
        #[test]
        fn is_name_matches_reference(
            parts in proptest::collection::vec(0usize..NAME_PIECES.len(), 0..14)
        ) {
            let s: String = parts.iter().map(|&i| NAME_PIECES[i]).collect();
            proptest::prop_assert_eq!(is_name(&s), is_name_reference(&s), "{:?}", s);
        }

        /// Any mix of list pieces, any body inside the text: the plain loop splits as the
        /// iterator chain does.
        #[test]
        fn split_items_matches_reference(
            parts in proptest::collection::vec(0usize..LIST_PIECES.len(), 0..40),
            a in 0usize..200,
            b in 0usize..200,
        ) {
            let text: String = parts.iter().map(|&i| LIST_PIECES[i]).collect();
            let on_char = |x: usize| (0..=x.min(text.len())).rev().find(|&f| text.is_char_boundary(f)).unwrap_or(0);
            let (a, b) = (on_char(a.min(b)), on_char(a.max(b)));
            let body = Span { start: a, end: b };
            proptest::prop_assert_eq!(split_items(&text, body), split_items_reference(&text, body), "{:?}", text);
        }

        /// Any text from list pieces and colons, every range of it: the line and piece
        /// refusal says what counting says (a colon, or at least 6 commas and semicolons), and
        /// the next colon, asked at increasing offsets, is the first one at or after each.
        #[test]
        fn may_hold_lineup_or_label_matches_counting(
            parts in proptest::collection::vec(0usize..LIST_PIECES.len() + 1, 0..40),
        ) {
            let text: String = parts.iter().map(|&i| LIST_PIECES.get(i).copied().unwrap_or(":")).collect();
            let b = text.as_bytes();
            let mut walking = NextColon::new(b, 0);
            for start in 0..=b.len() {
                let first = b[start..].iter().position(|&c| c == b':').map(|k| start + k);
                proptest::prop_assert_eq!(walking.at_or_after(start), first);
                for end in start..=b.len() {
                    let piece = &b[start..end];
                    let counted = piece.contains(&b':')
                        || piece.iter().filter(|&&c| c == b',' || c == b';').count() >= MIN_LINEUP_ITEMS - 1;
                    let mut colons = NextColon::new(b, start);
                    proptest::prop_assert_eq!(may_hold_lineup_or_label(b, start, end, &mut colons), counted, "{:?} {}..{}", text, start, end);
                }
            }
        }

        /// Any mix of blanks and words, every range: the trim that looks at the end bytes first
        /// keeps what `str::trim` keeps.
        #[test]
        fn push_trimmed_matches_reference(
            parts in proptest::collection::vec(0usize..TRIM_PIECES.len(), 0..12)
        ) {
            let text: String = parts.iter().map(|&i| TRIM_PIECES[i]).collect();
            for a in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for b in (a..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let (mut fast, mut reference) = (Vec::new(), Vec::new());
                    push_trimmed(&text, a, b, &mut fast);
                    push_trimmed_reference(&text, a, b, &mut reference);
                    proptest::prop_assert_eq!(fast, reference, "{:?} {}..{}", text, a, b);
                }
            }
        }

        /// Any mix of item pieces: the groups read by hand (or left to the regex) are those the
        /// substitution regex captures.
        #[test]
        fn substitution_groups_are_those_of_the_regex(
            parts in proptest::collection::vec(0usize..SUB_PIECES.len(), 0..12)
        ) {
            let s: String = parts.iter().map(|&i| SUB_PIECES[i]).collect();
            let r = rules();
            let reference = if s.ends_with(')') { r.substitution_groups_regex(&s) } else { None };
            proptest::prop_assert_eq!(r.substitution_groups(&s), reference, "{:?}", s);
        }

        /// Items built as the pattern reads them, each part possibly empty, too long or out of
        /// place (spaces of several kinds, runs of 0 to 5 digits, an optional added time of 0 to
        /// 3 digits): the groups are those the regex captures.
        #[test]
        fn substitution_groups_of_built_items(
            off in "[A-Za-z\u{e9} \t]{0,8}",
            gap in "[ \t\u{b}\u{a0}]{0,2}",
            lead in "[ \t]{0,2}",
            on in "[A-Za-z+ \u{663}]{0,8}",
            space in "[ \t]{0,2}",
            min in "[0-9]{0,5}",
            plus in "( {0,2}\\+ {0,2}[0-9]{0,3})?",
            tail in "[ \t]{0,2}",
        ) {
            let s = format!("{off}{gap}({lead}{on}{space}{min}{plus}{tail})");
            let r = rules();
            proptest::prop_assert_eq!(r.substitution_groups(&s), r.substitution_groups_regex(&s), "{:?}", s);
        }

        /// Any list of name pieces split into items: the line-up read with early refusal and the
        /// hand-read substitutions gives what the reference gives.
        #[test]
        fn lineup_subs_match_reference(
            parts in proptest::collection::vec(0usize..NAME_PIECES.len(), 0..60)
        ) {
            let text: String = parts.iter().map(|&i| NAME_PIECES[i]).collect();
            let items = split_items(&text, Span { start: 0, end: text.len() });
            let r = rules();
            proptest::prop_assert_eq!(
                r.lineup_subs(&text, &items),
                r.lineup_subs_reference(&text, &items),
                "{:?}", text
            );
        }

        /// The line-up's shortcut: an item the substitution pattern matches ends in `)`.
        #[test]
        fn substitution_matches_only_items_ending_in_a_bracket(
            parts in proptest::collection::vec(0usize..NAME_PIECES.len(), 0..14)
        ) {
            let s: String = parts.iter().map(|&i| NAME_PIECES[i]).collect();
            proptest::prop_assert!(s.ends_with(')') || !rules().substitution.is_match(&s), "{:?}", s);
        }
    }
}
