//! The error of a tifa command, and the exit code it means.
//!
//! Problems with the content are not errors of this kind while a stage
//! runs: they are collected as diagnostics (`crate::diagnostic`), so one
//! run reports them all. A command that ends because of them returns
//! [`Error::Content`] after they were printed. `main` maps every error to
//! its exit code in one place: 0 success, 1 content errors (or a failure
//! of the machine: a file that cannot be read or written, a port in use),
//! 2 usage errors, 130 stopped by Ctrl+C. Every message is a [`Text`]
//! (both languages, see `crate::i18n`).

use crate::i18n::Text;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// How tifa was called is wrong: a missing root folder, an unsafe
    /// output folder, an address that is not one.
    #[error("{0}")]
    Usage(Text),
    /// The content has errors, reported as diagnostics; this says what
    /// became of the output.
    #[error("{0}")]
    Content(Text),
    /// Reading, writing or listening failed.
    #[error(transparent)]
    Io(#[from] anyhow::Error),
    /// Ctrl+C or SIGTERM; this says what became of the output.
    #[error("{0}")]
    Interrupted(Text),
}

impl Error {
    /// The exit code of a command that failed this way.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Io(_) => 1,
            Error::Usage(_) => 2,
            Error::Interrupted(_) => 130,
        }
    }

    pub fn usage(message: Text) -> Error {
        Error::Usage(message)
    }
}

/// The result of a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::t;

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Error::usage(t!("x", "x")).exit_code(), 2);
        assert_eq!(Error::Content(t!("x", "x")).exit_code(), 1);
        assert_eq!(Error::from(anyhow::anyhow!("disk full")).exit_code(), 1);
        assert_eq!(Error::Interrupted(t!("x", "x")).exit_code(), 130);
    }
}
