//! What every output stage produces and where it goes: an [`Output`] (a
//! path inside the output folder and its bytes) handed to a [`Sink`].
//!
//! Rendering and the search index put outputs into a sink as soon as each
//! is made, so a build never holds the whole site in memory; the writer
//! (`crate::write`) is the sink.

/// A file to write, relative to the output folder (`/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where outputs go as they are produced (from several threads at once).
pub trait Sink: Sync {
    fn put(&self, output: Output) -> anyhow::Result<()>;
}
