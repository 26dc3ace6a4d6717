//! (in progress)
use super::Context;
/// Compiled rules.
#[derive(Debug, Default)]
pub struct ScoreRules;
impl ScoreRules {
    /// Compiles the rules.
    pub fn new() -> crate::Result<ScoreRules> {
        Ok(ScoreRules)
    }
    /// Extracts facts.
    pub fn extract(&self, _ctx: &Context<'_>) -> Vec<crate::facts::Score> {
        Vec::new()
    }
}
