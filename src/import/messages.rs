//! Every message `tifa import` shows a curator, in one place: errors (what is
//! wrong with a file and how to fix it), notes about what a reader left out,
//! and the words of the printed plan.
//!
//! Each message is one variant of [`Msg`] and one format string in its
//! `Display` arm, so a translation adds one arm per variant and nothing else.
//! Paths, field names and command-line options are kept as they are so they
//! can be searched; the caller puts the file name (and line or paragraph)
//! in front of the message.

use std::fmt;

/// A message of `tifa import`, with the values it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    // ---- reading the file -------------------------------------------------
    /// The file could not be read from disk.
    CannotRead {
        error: String,
    },
    /// Not UTF-8, GBK or GB18030 text.
    UndecodableText {
        error: String,
    },
    /// An OLE2 compound file: Word 97–2003 `.doc`, WPS `.wps`, or an
    /// encrypted `.docx` (which Word also stores in that container).
    LegacyBinary {
        extension: String,
    },
    EncryptedDocx,
    /// A format tifa does not read at all (.xlsx, .pptx, .odt, .rtf, …).
    UnsupportedFormat {
        extension: String,
    },
    /// A `.docx` whose zip container is broken.
    BrokenZip {
        error: String,
    },
    /// A part of a `.docx` is missing (`word/document.xml`).
    MissingPart {
        part: String,
    },
    /// A part of a `.docx` is larger than the reader accepts.
    PartTooLarge {
        part: String,
        limit_mb: u64,
    },
    /// A part of a `.docx` is not well-formed XML.
    BrokenXml {
        part: String,
        offset: u64,
        error: String,
    },
    /// Elements nested deeper than the reader follows.
    XmlTooDeep {
        part: String,
        limit: usize,
    },
    /// A web page with no text left after removing scripts and navigation.
    NoMainText,
    /// A PDF (not read: `formats::pdf` gives the measurements).
    PdfRefused,

    // ---- notes on what a reader left out ----------------------------------
    FootnotesDropped {
        count: usize,
    },
    EndnotesDropped {
        count: usize,
    },
    CommentsDropped {
        count: usize,
    },
    ChangesResolved {
        inserted: usize,
        deleted: usize,
    },
    TextBoxesRead {
        count: usize,
    },
    ImagesSkipped {
        count: usize,
    },
    TablesKept {
        count: usize,
    },
    PageBlocksRemoved {
        count: usize,
        examples: String,
    },

    // ---- splitting the text -----------------------------------------------
    NoText,
    NoTextAfterJunk,
    NoStructure,
    OnlyHeadings,
    NulByte,
    BinaryText {
        count: usize,
    },
    BadJunkPatterns {
        error: String,
    },
    NoSlugFromTitle,

    // ---- options and writing ----------------------------------------------
    SlugNeedsOneFile {
        count: usize,
    },
    BadSlug {
        slug: String,
    },
    Conflicts {
        count: usize,
        paths: String,
    },
    NothingWritten,
    DryRun,
    Wrote {
        count: usize,
        folder: String,
    },

    // ---- the printed plan ---------------------------------------------------
    PlanHeader {
        input: String,
        title: String,
        excerpts: usize,
    },
    Removed {
        at: String,
        text: String,
    },
    Note {
        text: String,
    },
    ActionCreate,
    ActionUnchanged,
    ActionOverwrite,
    ActionExists,

    // ---- where in a file ----------------------------------------------------
    AtLine {
        line: usize,
    },
    AtParagraph {
        paragraph: usize,
    },
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::CannotRead { error } => write!(
                f,
                "cannot read the file ({error}); check the path and that you may read it"
            ),
            Msg::UndecodableText { error } => write!(
                f,
                "the text is not UTF-8, GBK or GB18030 ({error}); save it again as UTF-8 text"
            ),
            Msg::LegacyBinary { extension } => write!(
                f,
                "this is a binary Word 97-2003 or WPS document (.{extension}), which tifa cannot read; open it in Word or WPS, save it as a Word document (.docx) or as plain text (.txt), and import that file"
            ),
            Msg::EncryptedDocx => write!(
                f,
                "this .docx is password-protected; open it in Word or WPS, remove the password (File > Info > Protect Document), save it, and import it again"
            ),
            Msg::UnsupportedFormat { extension } => write!(
                f,
                "tifa cannot import .{extension} files; save the report as a Word document (.docx), a web page (.html) or plain text (.txt), and import that file"
            ),
            Msg::BrokenZip { error } => write!(
                f,
                "this is not a readable .docx file ({error}); open it in Word or WPS and save it again as .docx, or save it as plain text (.txt)"
            ),
            Msg::MissingPart { part } => write!(
                f,
                "this .docx has no `{part}`, so it is not a Word document; open it in Word or WPS and save it again as .docx"
            ),
            Msg::PartTooLarge { part, limit_mb } => write!(
                f,
                "`{part}` in this .docx unpacks to more than {limit_mb} MB, which is not a report; save the report as plain text (.txt) and import that file"
            ),
            Msg::BrokenXml {
                part,
                offset,
                error,
            } => write!(
                f,
                "`{part}` in this .docx is damaged at byte {offset} ({error}); open the file in Word or WPS and save it again"
            ),
            Msg::XmlTooDeep { part, limit } => write!(
                f,
                "`{part}` in this .docx nests elements more than {limit} deep; open the file in Word or WPS and save it again"
            ),
            Msg::NoMainText => write!(
                f,
                "no report text found in this web page; open it in a browser, copy the report's text into a .txt file and import that file"
            ),
            Msg::PdfRefused => write!(
                f,
                "tifa does not import PDF files, because the text a PDF holds is not reliable enough to quote (some fonts map characters to look-alikes or to nothing, and every line ends in a line break); open the PDF in WPS or Word, save it as a Word document (.docx) or copy its text into a .txt file, check the text, and import that file (a scanned PDF needs text recognition first)"
            ),
            Msg::FootnotesDropped { count } => write!(
                f,
                "{count} footnote(s) dropped: footnotes are not part of the report's text"
            ),
            Msg::EndnotesDropped { count } => write!(
                f,
                "{count} endnote(s) dropped: endnotes are not part of the report's text"
            ),
            Msg::CommentsDropped { count } => write!(
                f,
                "{count} comment(s) dropped: reviewers' comments are not part of the report's text"
            ),
            Msg::ChangesResolved { inserted, deleted } => write!(
                f,
                "tracked changes read as accepted: {inserted} insertion(s) kept, {deleted} deletion(s) left out"
            ),
            Msg::TextBoxesRead { count } => write!(
                f,
                "{count} text box(es) read, each after the paragraph it is anchored to"
            ),
            Msg::ImagesSkipped { count } => {
                write!(f, "{count} picture(s) skipped: only text is imported")
            }
            Msg::TablesKept { count } => write!(
                f,
                "{count} table(s) kept as Markdown tables, each an excerpt of its own"
            ),
            Msg::PageBlocksRemoved { count, examples } => write!(
                f,
                "{count} block(s) of the web page outside the report removed (navigation, scripts, ads): {examples}"
            ),
            Msg::NoText => write!(f, "there is no text in the file"),
            Msg::NoTextAfterJunk => write!(
                f,
                "no text is left after removing junk lines (ads, notices); if the report's own lines were removed, check `[import] junk_patterns` in config.toml"
            ),
            Msg::NoStructure => write!(
                f,
                "nothing looks like a heading or a paragraph (no sentence punctuation, no numbered headings); check that this is the report's text"
            ),
            Msg::OnlyHeadings => write!(
                f,
                "only headings were found, no paragraph text; check that the whole report was saved"
            ),
            Msg::NulByte => write!(
                f,
                "a NUL byte: this looks like a binary file, not a text report; save the report as .docx or .txt and import that file"
            ),
            Msg::BinaryText { count } => write!(
                f,
                "{count} control or undecodable characters: this is binary content or text in an unknown encoding; save the report again as UTF-8 text"
            ),
            Msg::BadJunkPatterns { error } => write!(
                f,
                "`[import] junk_patterns` in config.toml cannot be used ({error}); fix or remove the pattern"
            ),
            Msg::NoSlugFromTitle => write!(
                f,
                "cannot make a file name from the report's title; give one with --slug NAME"
            ),
            Msg::SlugNeedsOneFile { count } => write!(
                f,
                "--slug names the source page of one report, but {count} files were given; import them one at a time"
            ),
            Msg::BadSlug { slug } => write!(
                f,
                "--slug `{slug}` cannot be a file name; use lowercase letters, digits and `-` (for example x-fenju-zhuti-zeren-baogao)"
            ),
            Msg::Conflicts { count, paths } => write!(
                f,
                "{count} file(s) already exist with other content, so nothing was written: {paths}; pass --force to overwrite them"
            ),
            Msg::NothingWritten => write!(f, "nothing was written"),
            Msg::DryRun => write!(f, "dry run: nothing was written"),
            Msg::Wrote { count, folder } => write!(f, "wrote {count} file(s) under {folder}"),
            Msg::PlanHeader {
                input,
                title,
                excerpts,
            } => write!(f, "{input}: 《{title}》, {excerpts} excerpts"),
            Msg::Removed { at, text } => write!(f, "removed {at}: {text}"),
            Msg::Note { text } => write!(f, "note: {text}"),
            Msg::ActionCreate => write!(f, "create"),
            Msg::ActionUnchanged => write!(f, "unchanged"),
            Msg::ActionOverwrite => write!(f, "overwrite"),
            Msg::ActionExists => write!(f, "EXISTS"),
            Msg::AtLine { line } => write!(f, "line {line}"),
            Msg::AtParagraph { paragraph } => write!(f, "paragraph {paragraph}"),
        }
    }
}
