//! (in progress)
use super::Context;
/// Compiled rules.
#[derive(Debug, Default)]
pub struct MinuteRules;
impl MinuteRules {
    /// Compiles the rules.
    pub fn new() -> crate::Result<MinuteRules> {
        Ok(MinuteRules)
    }
    /// Extracts facts.
    pub fn extract(&self, _ctx: &Context<'_>) -> Vec<crate::facts::Event> {
        Vec::new()
    }
}
