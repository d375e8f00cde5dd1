//! The lint rules, one module per rule (punctuation holds two closely
//! related rules, packs the four rules of rule packs). Each text rule
//! exposes its stable name and `find(&Checker, &Subject, &Block) ->
//! Vec<Finding>`; `check::TEXT_RULES` lists them. `check.js` implements
//! each again for the browser, under the same name.

pub mod empty_excerpt;
pub mod misquoted_wording;
pub mod misuse;
pub mod packs;
pub mod punctuation;
pub mod stale_formulation;
pub mod variant_spelling;
