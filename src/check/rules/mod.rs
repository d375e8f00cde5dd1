//! The lint rules of `tifa check`, one module per rule (punctuation holds
//! two closely related rules). Each exposes its stable name(s) and a
//! `check(&Context, &File) -> Vec<Diagnostic>`; `check::RULES` lists them.

pub mod empty_excerpt;
pub mod misquoted_wording;
pub mod punctuation;
pub mod stale_formulation;
pub mod variant_spelling;
