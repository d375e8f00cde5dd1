//! The command line in Chinese: what clap itself prints.
//!
//! The help of each subcommand and option is written in both languages
//! where `main` defines it (`help = tr(…)`); clap adds its own words
//! around them (`Usage:`, `Options:`, `[default: .]`, and its error
//! messages), in English only. [`localize`] replaces the words of the help
//! page, and [`error_message`] says clap's errors again in Chinese from
//! their parts (the argument, the value, the valid values), which clap
//! keeps beside its English text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

/// `command` and its subcommands with Chinese headings, usage line and
/// defaults, for a run in Chinese.
pub fn localize(command: Command) -> Command {
    let ids: Vec<clap::Id> = command
        .get_arguments()
        .map(|arg| arg.get_id().clone())
        .collect();
    let template = help_template(&command);
    let mut command = command.help_template(template);
    for id in ids {
        command = command.mut_arg(id, localize_arg);
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, localize);
    }
    command
}

/// The help page of `command` with Chinese headings. clap writes its own
/// headings with an ASCII colon (`Options:`), so the template names each
/// section itself (命令：, 参数：, 选项：), leaving out those it lacks.
fn help_template(command: &Command) -> String {
    let mut template = String::from("{about-with-newline}\n用法：{usage}\n");
    if command.has_subcommands() {
        template.push_str("\n命令：\n{subcommands}\n");
    }
    if command.get_positionals().next().is_some() {
        template.push_str("\n参数：\n{positionals}\n");
    }
    // Every command has options: --help, and --lang everywhere.
    template.push_str("\n选项：\n{options}{after-help}");
    template
}

/// An argument with its default and possible values said in Chinese after
/// its help.
fn localize_arg(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !possible.is_empty() && !arg.is_hide_possible_values_set() {
        notes.push(format!("可选：{}", possible.join("、")));
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let help = if notes.is_empty() {
        help
    } else {
        // Inside the sentence: 根目录（默认：.）。
        let sentence = help.strip_suffix('。').unwrap_or(&help);
        let end = if sentence.len() < help.len() {
            "。"
        } else {
            ""
        };
        format!("{sentence}（{}）{end}", notes.join("；"))
    };
    arg.help(help)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// Why a number did not parse (`--port abc`), as Rust's standard library
/// says it, in Chinese.
fn number_error(why: &str) -> String {
    match why {
        "invalid digit found in string" => "只能写数字".to_string(),
        "number too large to fit in target type" => "数字太大".to_string(),
        "number too small to fit in target type" => "数字太小".to_string(),
        "cannot parse integer from empty string" => "不能是空的".to_string(),
        other => match other.split_once(" is not in ") {
            // clap's range check: "99999 is not in 0..=65535".
            Some((_, range)) => match range.split_once("..=") {
                Some((low, high)) => format!("应在 {low} 到 {high} 之间"),
                None => other.to_string(),
            },
            None => other.to_string(),
        },
    }
}

/// A clap error in Chinese (with the usage line and where to read more),
/// or None for the kinds that are not errors (help, version) and those
/// clap gives no parts for.
pub fn error_message(error: &clap::Error) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut message = match error.kind() {
        ErrorKind::InvalidValue => match (arg, value) {
            (Some(arg), Some(value)) if value.is_empty() => format!("`{arg}` 后面缺少值"),
            (Some(arg), Some(value)) => format!("`{arg}` 的值 `{value}` 无效"),
            _ => return None,
        },
        ErrorKind::ValueValidation => {
            let (arg, value) = (arg?, value?);
            match std::error::Error::source(error) {
                Some(why) => format!(
                    "`{arg}` 的值 `{value}` 无效：{}",
                    number_error(&why.to_string())
                ),
                None => format!("`{arg}` 的值 `{value}` 无效"),
            }
        }
        ErrorKind::UnknownArgument => format!("不认识的参数 `{}`", arg?),
        ErrorKind::InvalidSubcommand => {
            format!("不认识的命令 `{}`", text(ContextKind::InvalidSubcommand)?)
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{}", arg?),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => {
            let arg = arg.or_else(|| text(ContextKind::InvalidSubcommand))?;
            match text(ContextKind::PriorArg) {
                Some(prior) if prior == arg => format!("参数 `{arg}` 只能写一次"),
                Some(prior) => format!("参数 `{arg}` 不能与 `{prior}` 同时使用"),
                None => format!("参数 `{arg}` 不能与其他参数同时使用"),
            }
        }
        ErrorKind::TooManyValues => {
            format!("`{}` 多了一个值 `{}`", arg?, value?)
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("`{}` 的值的个数不对", arg?)
        }
        ErrorKind::NoEquals => format!("给 `{}` 赋值要用等号（=）", arg?),
        _ => return None,
    };
    let valid = text(ContextKind::ValidValue).or_else(|| text(ContextKind::ValidSubcommand));
    if let Some(valid) = valid.filter(|v| !v.is_empty()) {
        message.push_str(&format!("；可用的有：{valid}"));
    }
    let suggested = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue));
    if let Some(suggested) = suggested {
        message.push_str(&format!("（是不是要写 `{suggested}`？）"));
    }
    let mut out = format!("错误：{message}\n");
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n要看更多说明，请加上 --help。\n");
    Some(out)
}
