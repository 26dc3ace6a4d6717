//! The score extractor as it was before its fast paths, kept to test them against.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::*;

impl ScoreRules {
    /// The extractor as it was before its fast paths (every window's previous window tokenized
    /// again, the trigger pattern run again per window, a folded `String` per token).
    pub(super) fn extract_reference(&self, ctx: &Context<'_>) -> Vec<Score> {
        let Some(body_start) = ctx.sentences.first().map(|s| s.start) else {
            return Vec::new();
        };
        let body = ctx.text.get(body_start..).unwrap_or("");
        let mut windows: Vec<Span> = self
            .trigger
            .find_iter(body)
            .filter_map(|m| self.window_at(ctx, body_start + m.start()))
            .collect();
        windows.extend(
            ctx.mentions
                .windows(2)
                .filter(|pair| results_line_gap(ctx.text, &pair[0], &pair[1]))
                .filter_map(|pair| self.window_at(ctx, pair[0].start)),
        );
        if windows.is_empty() {
            return Vec::new();
        }
        windows.sort_by_key(|w| (w.start, w.end));
        windows.dedup();

        let doc_clubs: HashSet<u32> = ctx
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Club)
            .filter_map(|m| m.entity)
            .collect();
        let club_words = club_words(ctx, &doc_clubs);
        let mut results: Vec<Score> = Vec::new();
        let mut last_goals: Option<[u32; 2]> = None;
        let mut toks = Vec::new();
        let mut prev = Vec::new();
        for w in windows {
            self.tokenize_reference(ctx, w, &doc_clubs, &club_words, &mut toks);
            prev.clear();
            if let Some(p) = w.start.checked_sub(1).and_then(|p| self.window_at(ctx, p)) {
                if p.end <= w.start {
                    self.tokenize_reference(ctx, p, &doc_clubs, &club_words, &mut prev);
                    // A list of clubs (`AC Milan, Bayer Leverkusen, Juventus, Lyon.`) says
                    // nothing about who played whom.
                    let teams: HashSet<u32> = prev.iter().filter_map(Tok::team).collect();
                    if teams.len() > MAX_PREVIOUS_TEAMS {
                        prev.clear();
                    }
                }
            }
            let previous = Previous::ready(std::mem::take(&mut prev));
            self.scan(&toks, &previous, ctx, &mut last_goals, &mut results);
            prev = previous.into_tokens();
        }
        results
    }

    /// The tokenizer as it was before its fast paths.
    pub(super) fn tokenize_reference<'a>(
        &self,
        ctx: &Context<'a>,
        w: Span,
        doc_clubs: &HashSet<u32>,
        club_words: &HashMap<String, Option<u32>>,
        out: &mut Vec<Tok<'a>>,
    ) {
        out.clear();
        let text = ctx.text;
        let Some(window) = text.get(w.start..w.end) else {
            return;
        };
        let triggers: Vec<(usize, usize, Kind)> = self
            .trigger
            .captures_iter(window)
            .filter_map(|c| {
                let m = c.get(0)?;
                let (s, e) = (w.start + m.start(), w.start + m.end());
                let kind = if c.name("score").is_some() {
                    score_value(text, s, e)?
                } else if c.name("nil").is_some() {
                    Kind::Goalless
                } else {
                    Kind::SameScore
                };
                Some((s, e, kind))
            })
            .collect();
        let mentions = ctx.mentions_in(w.start, w.end);
        let (mut mi, mut ti) = (0, 0);
        let mut pos = w.start;
        while pos < w.end {
            let Some(c) = text[pos..w.end].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                pos += c.len_utf8();
                continue;
            }
            while mi < mentions.len() && mentions[mi].start < pos {
                mi += 1;
            }
            while ti < triggers.len() && triggers[ti].0 < pos {
                ti += 1;
            }
            if let Some(m) = mentions
                .get(mi)
                .filter(|m| m.start == pos && m.end <= w.end)
            {
                let (possessive, next) = possessive_after(text, m.end, w.end);
                out.push(Tok {
                    kind: mention_kind(ctx, m, doc_clubs),
                    start: m.start,
                    end: m.end,
                    possessive,
                    capital: false,
                    lower: Cow::Owned(fold(&text[m.start..m.end])),
                });
                pos = next;
                continue;
            }
            if let Some(&(s, e, kind)) = triggers.get(ti).filter(|t| t.0 == pos) {
                out.push(Tok {
                    kind,
                    start: s,
                    end: e,
                    possessive: false,
                    capital: false,
                    lower: Cow::Owned(fold(&text[s..e])),
                });
                pos = e;
                continue;
            }
            if c.is_alphanumeric() {
                let limit = [
                    mentions.get(mi).map(|m| m.start),
                    triggers.get(ti).map(|t| t.0),
                ]
                .into_iter()
                .flatten()
                .filter(|&x| x > pos)
                .min()
                .unwrap_or(w.end)
                .min(w.end);
                let end = word_end_reference(text, pos, limit);
                let word = &text[pos..end];
                let (stem, possessive) = strip_possessive(word);
                let lower = fold(stem);
                let kind = if stem.len() <= 2 && stem.bytes().all(|b| b.is_ascii_digit()) {
                    stem.parse().map_or(Kind::Word, Kind::Number)
                } else if c.is_uppercase() {
                    match club_words.get(&lower) {
                        Some(Some(club)) => Kind::Club(*club),
                        _ => Kind::Word,
                    }
                } else {
                    Kind::Word
                };
                out.push(Tok {
                    kind,
                    start: pos,
                    end: pos + stem.len(),
                    possessive,
                    capital: c.is_uppercase(),
                    lower: Cow::Owned(lower),
                });
                pos = end;
                continue;
            }
            out.push(Tok {
                kind: Kind::Punct,
                start: pos,
                end: pos + c.len_utf8(),
                possessive: false,
                capital: false,
                lower: Cow::Owned(c.to_string()),
            });
            pos += c.len_utf8();
        }
    }
}

impl Phrases {
    /// [`Phrases::at`] as it was: a `String` joined per call, words joined up to `max_words`.
    pub(super) fn at_reference(&self, toks: &[Tok], i: usize) -> Option<usize> {
        let mut joined = String::new();
        let mut best = None;
        for k in 0..self.max_words {
            let Some(t) = toks.get(i + k) else { break };
            if t.kind != Kind::Word {
                break;
            }
            if k > 0 {
                joined.push(' ');
            }
            joined.push_str(&t.lower);
            if self.list.contains(&joined) {
                best = Some(k + 1);
            }
        }
        best
    }

    /// [`Phrases::before`] as it was: a `String` per word looked at.
    pub(super) fn before_reference(&self, toks: &[Tok], j: usize, lo: usize) -> Option<usize> {
        let mut best = None;
        let mut joined = String::new();
        for k in 1..=self.max_words {
            if j < lo + k {
                break;
            }
            let t = &toks[j - k];
            if t.kind != Kind::Word {
                break;
            }
            joined = if k == 1 {
                t.lower.to_string()
            } else {
                format!("{} {joined}", t.lower)
            };
            if self.list.contains(&joined) {
                best = Some(k);
            }
        }
        best
    }
}

impl ScoreRules {
    /// [`ScoreRules::is_stop_word`] as it was: each list looked up in turn.
    pub(super) fn is_stop_word_reference(&self, toks: &[Tok], j: usize) -> bool {
        let w = toks[j].lower.as_ref();
        self.opponent_preps.at(toks, j).is_some()
            || self.object_preps.at(toks, j).is_some()
            || self.win_verbs.has(w)
            || self.lose_verbs.has(w)
            || self.won_verbs.has(w)
            || self.draw_verbs.has(w)
            || self.clause_breaks.has(w)
            || matches!(w, "and" | "but" | "of" | "which" | "who" | "that" | "as")
    }

    /// Every word list of the rules.
    pub(super) fn all_phrases(&self) -> Vec<&Phrases> {
        vec![
            &self.win_verbs,
            &self.won_verbs,
            &self.lose_verbs,
            &self.draw_verbs,
            &self.win_nouns,
            &self.lose_nouns,
            &self.draw_nouns,
            &self.interim_before,
            &self.interim_after,
            &self.not_result,
            &self.units,
            &self.hypothetical,
            &self.object_preps,
            &self.opponent_preps,
            &self.give_verbs,
            &self.pronouns,
            &self.clause_breaks,
            &self.speaker_pronouns,
            &self.not_names,
            &self.match_words,
            &self.stop_words,
            &self.stop_preps,
        ]
    }
}

/// [`word_end`] as it was before its ASCII fast path.
pub(super) fn word_end_reference(text: &str, pos: usize, limit: usize) -> usize {
    let s = &text[pos..limit];
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = i + c.len_utf8();
        } else if matches!(c, '\'' | '’' | '-')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            continue;
        } else {
            break;
        }
    }
    pos + end.max(s.chars().next().map_or(0, char::len_utf8))
}
