//! Every message `tifa import` shows a curator, in one place: errors (what is
//! wrong with a file and how to fix it), notes about what a reader left out,
//! and the words of the printed plan.
//!
//! Each message is one variant of [`Msg`] and one format string in each of
//! two exhaustive `match`es, Chinese ([`Msg::fmt_zh`]) and English
//! ([`Msg::fmt_en`]), so a message without its translation does not
//! compile. `Display` shows the language of the run (`crate::i18n`).
//! Paths, field names and command-line options are kept as they are so they
//! can be searched; the caller puts the file name (and line or paragraph)
//! in front of the message.

use std::fmt;

use crate::i18n::{Lang, Text};

/// A message of `tifa import`, with the values it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    // ---- reading the file -------------------------------------------------
    /// The file could not be read from disk.
    CannotRead {
        error: Text,
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
        match Lang::current() {
            Lang::Zh => self.fmt_zh(f),
            Lang::En => self.fmt_en(f),
        }
    }
}

impl Msg {
    /// The message in both languages.
    pub fn text(&self) -> Text {
        Text::from_both(|| self.to_string(), || self.to_string())
    }

    fn fmt_zh(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Msg::CannotRead { error } => {
                write!(
                    f,
                    "无法读取这个文件（{error}）；请检查路径，以及你是否有权读取它"
                )
            }
            Msg::UndecodableText { error } => write!(
                f,
                "这段文字不是 UTF-8、GBK 或 GB18030 编码（{error}）；请把它另存为 UTF-8 文本"
            ),
            Msg::LegacyBinary { extension } => write!(
                f,
                "这是 Word 97-2003 或 WPS 的二进制文档（.{extension}），tifa 读不了；请在 Word 或 WPS 中打开它，另存为 Word 文档（.docx）或纯文本（.txt），再导入那个文件"
            ),
            Msg::EncryptedDocx => write!(
                f,
                "这个 .docx 设置了密码；请在 Word 或 WPS 中打开它，取消密码（文件 > 信息 > 保护文档），保存后再导入"
            ),
            Msg::UnsupportedFormat { extension } => write!(
                f,
                "tifa 不能导入 .{extension} 文件；请把报告另存为 Word 文档（.docx）、网页（.html）或纯文本（.txt），再导入那个文件"
            ),
            // The zip and XML readers' details are English: left to
            // `--lang en`, which the message points to.
            Msg::BrokenZip { .. } => write!(
                f,
                "这不是一个能读取的 .docx 文件：它的压缩结构损坏或不完整（例如下载、复制时被截断；详细原因可加 --lang en 查看）；请在 Word 或 WPS 中打开它，重新另存为 .docx，或另存为纯文本（.txt）"
            ),
            Msg::MissingPart { part } => write!(
                f,
                "这个 .docx 中没有 `{part}`，所以它不是 Word 文档；请在 Word 或 WPS 中打开它，重新另存为 .docx"
            ),
            Msg::PartTooLarge { part, limit_mb } => write!(
                f,
                "这个 .docx 中的 `{part}` 解压后超过 {limit_mb} MB，不像是一篇报告；请把报告另存为纯文本（.txt），再导入那个文件"
            ),
            Msg::BrokenXml { part, offset, .. } => write!(
                f,
                "这个 .docx 中的 `{part}` 在第 {offset} 字节处损坏（XML 结构不完整；详细原因可加 --lang en 查看）；请在 Word 或 WPS 中打开它，重新保存"
            ),
            Msg::XmlTooDeep { part, limit } => write!(
                f,
                "这个 .docx 中的 `{part}` 元素嵌套超过 {limit} 层；请在 Word 或 WPS 中打开它，重新保存"
            ),
            Msg::NoMainText => write!(
                f,
                "在这个网页中找不到报告正文；请在浏览器中打开它，把报告的文字复制到一个 .txt 文件中，再导入那个文件"
            ),
            Msg::PdfRefused => write!(
                f,
                "tifa 不导入 PDF 文件：PDF 中的文字不够可靠，不能照录引用（有些字体会把字映射成形近字或什么也不映射，而且每行末尾都有换行）；请在 WPS 或 Word 中打开 PDF，另存为 Word 文档（.docx），或把文字复制到一个 .txt 文件中，核对文字后再导入那个文件（扫描版 PDF 要先做文字识别）"
            ),
            Msg::FootnotesDropped { count } => {
                write!(f, "去掉了 {count} 条脚注：脚注不是报告正文")
            }
            Msg::EndnotesDropped { count } => {
                write!(f, "去掉了 {count} 条尾注：尾注不是报告正文")
            }
            Msg::CommentsDropped { count } => {
                write!(f, "去掉了 {count} 条批注：审阅人的批注不是报告正文")
            }
            Msg::ChangesResolved { inserted, deleted } => write!(
                f,
                "修订按“接受”处理：保留了 {inserted} 处插入，去掉了 {deleted} 处删除"
            ),
            Msg::TextBoxesRead { count } => {
                write!(f, "读取了 {count} 个文本框，每个放在它所锚定的段落之后")
            }
            Msg::ImagesSkipped { count } => {
                write!(f, "跳过了 {count} 张图片：只导入文字")
            }
            Msg::TablesKept { count } => {
                write!(f, "{count} 个表格保留为 Markdown 表格，各自成为一条摘录")
            }
            Msg::PageBlocksRemoved { count, examples } => write!(
                f,
                "去掉了网页中报告以外的 {count} 块内容（导航、脚本、广告）：{examples}"
            ),
            Msg::NoText => write!(f, "文件中没有文字"),
            Msg::NoTextAfterJunk => write!(
                f,
                "去掉无关行（广告、声明）之后没有剩下文字；如果报告本身的行也被去掉了，请检查 config.toml 中的 `[import] junk_patterns`"
            ),
            Msg::NoStructure => write!(
                f,
                "没有找到像标题或段落的内容（没有句末标点，也没有编号的标题）；请确认这是报告的正文"
            ),
            Msg::OnlyHeadings => write!(f, "只找到了标题，没有段落文字；请确认整篇报告都已保存"),
            Msg::NulByte => write!(
                f,
                "有 NUL 字节：这像是二进制文件，不是文字报告；请把报告另存为 .docx 或 .txt，再导入那个文件"
            ),
            Msg::BinaryText { count } => write!(
                f,
                "有 {count} 个控制字符或无法解码的字符：这是二进制内容，或是编码不明的文字；请把报告重新另存为 UTF-8 文本"
            ),
            Msg::BadJunkPatterns { error } => write!(
                f,
                "config.toml 中的 `[import] junk_patterns` 无法使用（{error}）；请改正或删去这个模式"
            ),
            Msg::NoSlugFromTitle => {
                write!(f, "无法由报告标题生成文件名；请用 --slug NAME 指定一个")
            }
            Msg::SlugNeedsOneFile { count } => write!(
                f,
                "--slug 只能为一篇报告的来源页面命名，但给出了 {count} 个文件；请逐个导入"
            ),
            Msg::BadSlug { slug } => write!(
                f,
                "--slug `{slug}` 不能用作文件名；请只用小写字母、数字和 `-`（例如 x-fenju-zhuti-zeren-baogao）"
            ),
            Msg::Conflicts { count, paths } => write!(
                f,
                "有 {count} 个文件已经存在且内容不同，所以什么也没有写入：{paths}；要覆盖它们，请加上 --force"
            ),
            Msg::NothingWritten => write!(f, "什么也没有写入"),
            Msg::DryRun => write!(f, "试运行（--dry-run）：什么也没有写入"),
            Msg::Wrote { count, folder } => write!(f, "在 {folder} 下写入了 {count} 个文件"),
            Msg::PlanHeader {
                input,
                title,
                excerpts,
            } => write!(f, "{input}：《{title}》，{excerpts} 条摘录"),
            Msg::Removed { at, text } => write!(f, "去掉了{at}：{text}"),
            Msg::Note { text } => write!(f, "说明：{text}"),
            Msg::ActionCreate => write!(f, "新建"),
            Msg::ActionUnchanged => write!(f, "未变"),
            Msg::ActionOverwrite => write!(f, "覆盖"),
            Msg::ActionExists => write!(f, "已存在"),
            Msg::AtLine { line } => write!(f, "第 {line} 行"),
            Msg::AtParagraph { paragraph } => write!(f, "第 {paragraph} 段"),
        }
    }

    fn fmt_en(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};

    /// The zip and XML readers' English details reach only `--lang en`;
    /// the Chinese message says what is wrong in Chinese and where to see
    /// the details.
    #[test]
    fn a_damaged_docx_is_explained_in_chinese_and_its_detail_kept_for_english() {
        let detail = "invalid Zip archive: Could not find EOCD";
        for msg in [
            Msg::BrokenZip {
                error: detail.to_string(),
            },
            Msg::BrokenXml {
                part: "word/document.xml".to_string(),
                offset: 151,
                error: detail.to_string(),
            },
        ] {
            let zh = with_lang(Lang::Zh, || msg.to_string());
            let en = with_lang(Lang::En, || msg.to_string());
            assert!(!zh.contains(detail) && zh.contains("--lang en"), "{zh}");
            assert!(zh.contains("损坏"), "{zh}");
            assert!(en.contains(detail), "{en}");
        }
    }
}
