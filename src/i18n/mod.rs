//! The language of every message a curator reads: Simplified Chinese by
//! default, English on request.
//!
//! One mechanism for the whole crate:
//!
//! - A message is a [`Text`]: the same message in both languages, written
//!   next to each other where it is made, with [`t!`](crate::t):
//!
//!   ```
//!   # use tifa::t;
//!   let key = "titel";
//!   let message = t!("未知的字段 `{key}`", "unknown field `{key}`");
//!   assert_eq!(message.en, "unknown field `titel`");
//!   assert_eq!(message.zh, "未知的字段 `titel`");
//!   ```
//!
//!   `t!` takes both format strings and nothing else, so a message without
//!   its translation does not compile; both share the arguments, so each
//!   must use every one of them. Diagnostics, command errors and the help
//!   of the command line take a `Text`, never a bare `String`.
//!   Technical names (paths, rule ids, field names, values) are written
//!   into both as they are, so a message can be searched for.
//! - The language is chosen once, by `main`, from `--lang` or the locale
//!   ([`Lang::from_env`]), and set with [`Lang::set`]. A `Text` shows
//!   itself (`Display`, `Serialize`) in [`Lang::current`].
//! - Modules with many messages of one kind keep them as an enum whose two
//!   exhaustive `match`es are the two languages (`import::messages`).
//!
//! Library code never decides the language: it builds `Text`s, and the
//! edge (`main`, serve's terminal and overlay, `--format json`) shows them.

pub mod cli;
mod parsers;

pub use parsers::parser_message;

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language messages are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English, as tifa spoke before it spoke Chinese.
    En,
}

/// The language chosen for this process (0: Chinese, 1: English).
static CHOSEN: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A language forced for the formatting on this thread (see
    /// [`with_lang`]); it wins over the process's.
    static FORCED: Cell<Option<Lang>> = const { Cell::new(None) };
}

impl Lang {
    /// The language messages are shown in now.
    pub fn current() -> Lang {
        FORCED.with(Cell::get).unwrap_or_else(|| {
            if CHOSEN.load(Ordering::Relaxed) == 1 {
                Lang::En
            } else {
                Lang::Zh
            }
        })
    }

    /// Chooses the language of the whole process; `main` calls it once,
    /// before anything is shown.
    pub fn set(self) {
        CHOSEN.store(u8::from(self == Lang::En), Ordering::Relaxed);
    }

    /// `zh` or `en` (a region may follow: `zh-CN`, `en_US.UTF-8`).
    pub fn parse(name: &str) -> Option<Lang> {
        let lower = name.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language the locale asks for: the first of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` that is set (the order POSIX gives them)
    /// decides; English if it starts with `en`, Chinese otherwise (`C`,
    /// `POSIX` and unset included).
    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()));
        match value {
            Some(v) if v.starts_with("en") => Lang::En,
            _ => Lang::Zh,
        }
    }
}

/// Runs `f` with messages shown in `lang` on this thread: how a [`Text`]
/// formats the other `Text`s inside it, and how a test reads output in
/// one language whatever the process chose.
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            FORCED.with(|forced| forced.set(self.0));
        }
    }
    let _restore = Restore(FORCED.with(|forced| forced.replace(Some(lang))));
    f()
}

/// One message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    /// Each language's version, formatted with that language current, so
    /// a `Text` inside a `Text` is shown in the same language as its
    /// container. [`t!`](crate::t) calls this.
    pub fn from_both(zh: impl FnOnce() -> String, en: impl FnOnce() -> String) -> Text {
        Text {
            zh: with_lang(Lang::Zh, zh),
            en: with_lang(Lang::En, en),
        }
    }

    /// A text that reads the same in both languages: a path, a value, a
    /// message of another program (a parser's, the system's) passed on.
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            zh: text.clone(),
            en: text,
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The message in the current language.
    pub fn as_str(&self) -> &str {
        self.get(Lang::current())
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A message in Chinese and in English: `t!("中文 {x}", "English {x}")`,
/// with `format!` arguments shared by both after the two strings.
#[macro_export]
macro_rules! t {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::i18n::Text::from_both(|| ::std::format!($zh), || ::std::format!($en))
    };
    ($zh:literal, $en:literal, $($arg:tt)+) => {
        $crate::i18n::Text::from_both(
            || ::std::format!($zh, $($arg)+),
            || ::std::format!($en, $($arg)+),
        )
    };
}

/// An error chain (`context: cause: …`) in both languages, each link
/// shown in the language of the whole.
pub fn error_chain(error: &anyhow::Error) -> Text {
    Text::from_both(|| format!("{error:#}"), || format!("{error:#}"))
}

/// What went wrong with a file or a socket, in words: the system's
/// message is English whatever the locale, so the common cases are named
/// in Chinese (with the system's error number, for searching).
pub fn io_error(error: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    let zh = match error.kind() {
        K::NotFound => "不存在",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已经存在",
        K::IsADirectory => "是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一项不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::StorageFull => "磁盘已满",
        K::QuotaExceeded => "超出了磁盘配额",
        K::ReadOnlyFilesystem => "所在的文件系统是只读的",
        K::FileTooLarge => "文件太大",
        K::CrossesDevices => "不能跨文件系统移动",
        K::InvalidFilename => "文件名无效",
        K::AddrInUse => "端口已被占用",
        K::AddrNotAvailable => "这个地址不属于本机",
        K::ConnectionRefused => "连接被拒绝",
        K::TimedOut => "超时",
        K::Interrupted => "被中断",
        K::OutOfMemory => "内存不足",
        K::InvalidData => "数据无效",
        K::ResourceBusy => "正被占用",
        _ => "",
    };
    let en = error.to_string();
    if zh.is_empty() {
        return Text::same(en);
    }
    let zh = match error.raw_os_error() {
        Some(code) => format!("{zh}（系统错误 {code}）"),
        None => zh.to_string(),
    };
    Text { zh, en }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_are_kept_and_the_current_one_is_shown() {
        let n = 3;
        let text = t!("{n} 个错误", "{n} error(s)");
        assert_eq!(
            (text.zh.as_str(), text.en.as_str()),
            ("3 个错误", "3 error(s)")
        );
        assert_eq!(with_lang(Lang::En, || text.to_string()), "3 error(s)");
        assert_eq!(with_lang(Lang::Zh, || text.to_string()), "3 个错误");
        let json = with_lang(Lang::En, || serde_json::to_string(&text).unwrap());
        assert_eq!(json, "\"3 error(s)\"");
    }

    #[test]
    fn a_text_inside_a_text_follows_its_language() {
        let inner = t!("没有权限", "permission denied");
        let outer = t!("无法读取 a.md：{inner}", "cannot read a.md: {inner}");
        assert_eq!(outer.zh, "无法读取 a.md：没有权限");
        assert_eq!(outer.en, "cannot read a.md: permission denied");
        // Forcing a language on this thread is undone afterwards, even nested.
        with_lang(Lang::En, || {
            with_lang(Lang::Zh, || assert_eq!(Lang::current(), Lang::Zh));
            assert_eq!(Lang::current(), Lang::En);
        });
    }

    #[test]
    fn the_locale_picks_english_only_when_it_says_en() {
        let locale = |vars: &'static [(&'static str, &'static str)]| {
            Lang::from_locale(move |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(locale(&[]), Lang::Zh);
        assert_eq!(locale(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(locale(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        assert_eq!(locale(&[("LANG", "C.UTF-8")]), Lang::Zh);
        assert_eq!(
            locale(&[("LANG", "zh_CN"), ("LC_MESSAGES", "en_GB")]),
            Lang::En
        );
        assert_eq!(locale(&[("LC_ALL", "zh_CN"), ("LANG", "en_US")]), Lang::Zh);
        // An empty variable is as if unset.
        assert_eq!(locale(&[("LC_ALL", ""), ("LANG", "en_US")]), Lang::En);
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn common_io_errors_are_named_in_chinese() {
        let error = std::io::Error::from_raw_os_error(2);
        let text = io_error(&error);
        assert!(text.zh.starts_with("不存在"), "{}", text.zh);
        assert!(text.en.contains("No such file"), "{}", text.en);
    }
}
