//! (in progress)
use super::Context;
/// Compiled rules.
#[derive(Debug, Default)]
pub struct QuoteRules;
impl QuoteRules {
    /// Compiles the rules.
    pub fn new() -> crate::Result<QuoteRules> {
        Ok(QuoteRules)
    }
    /// Extracts facts.
    pub fn extract(&self, _ctx: &Context<'_>) -> Vec<crate::facts::Quote> {
        Vec::new()
    }
}
