//! What every output stage produces and where it goes: an [`Output`] (a
//! path inside the output folder and its bytes) handed to a [`Sink`].
//!
//! Rendering and the search index put outputs into a sink as soon as each
//! is made, so a build never holds the whole site in memory; the writer
//! (`crate::write`) is the sink of a real build, a [`Collect`] the sink of
//! tests and tools that want the bytes.

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

/// A sink that keeps every output in memory.
#[derive(Debug, Default)]
pub struct Collect(std::sync::Mutex<Vec<Output>>);

impl Collect {
    /// The outputs, sorted by path.
    pub fn into_sorted(self) -> Vec<Output> {
        let mut outputs = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        outputs
    }
}

impl Sink for Collect {
    fn put(&self, output: Output) -> anyhow::Result<()> {
        self.0
            .lock()
            .map_err(|_| anyhow::anyhow!("output list poisoned"))?
            .push(output);
        Ok(())
    }
}
