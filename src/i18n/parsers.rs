//! The messages of the YAML and TOML parsers (and of serde, which reads
//! what they parsed into typed structs), in Chinese.
//!
//! Those crates speak English and have no other language, so their
//! messages are read here by their fixed shapes (`unknown field `x`,
//! expected one of …`, `invalid type: string "x", expected a sequence`)
//! and said again in Chinese with the same names and values. A message
//! of an unknown shape is passed on in English after a Chinese lead-in.
//! The English version is always the parser's own message.

use super::Text;

/// A parser's message (its location already taken off) in both
/// languages. `syntax` names the format (`YAML`, `TOML`) for a message
/// that is only passed on.
pub fn parser_message(message: &str, syntax: &str) -> Text {
    let message = message.trim();
    let (path, rest) = split_path(message);
    let zh = match (path, translate(rest)) {
        (Some(path), Some(zh)) => format!("`{path}`：{zh}"),
        (None, Some(zh)) => zh,
        (_, None) => format!("{syntax} 格式错误：{message}"),
    };
    Text {
        zh,
        en: message.to_string(),
    }
}

/// serde_yaml puts the path of a nested value before its message
/// (`history[0].wording: invalid type: …`).
fn split_path(message: &str) -> (Option<&str>, &str) {
    let Some((path, rest)) = message.split_once(": ") else {
        return (None, message);
    };
    let is_path = !path.is_empty()
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c))
        && !matches!(path, "invalid type" | "invalid value");
    if is_path {
        (Some(path), rest)
    } else {
        (None, message)
    }
}

fn translate(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", ")?;
        return Some(match expected {
            "there are no fields" => format!("未知的字段 {field}，这里不能写字段"),
            _ => format!(
                "未知的字段 {field}（拼写有误？），这里可写的字段有：{}",
                list(expected)
            ),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", ")?;
        return Some(format!(
            "不认识的值 {value}，可选的值有：{}",
            list(expected)
        ));
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Some(format!("缺少字段 {field}"));
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return Some(format!("字段 {field} 写了不止一次"));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        return Some(format!(
            "类型不对：这里应是{}，写的却是{}",
            expected_zh(expected),
            found_zh(found)
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        return Some(format!(
            "值不对：这里应是{}，写的却是{}",
            expected_zh(expected),
            found_zh(found)
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let (length, expected) = rest.split_once(", expected ")?;
        return Some(format!(
            "项数不对：写了 {length} 项，这里应是{}",
            expected_zh(expected)
        ));
    }
    if let Some(value) = message
        .strip_suffix(" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        .filter(|v| v.starts_with('`'))
    {
        return Some(format!(
            "{value} 不是日期：请写成 YYYY、YYYY-MM 或 YYYY-MM-DD"
        ));
    }
    if let Some(value) = message
        .strip_suffix(
            " is a decimal number, not a date: write the month with a hyphen, e.g. 2020-10",
        )
        .filter(|v| v.starts_with('`'))
    {
        return Some(format!(
            "{value} 是小数，不是日期：年和月之间请用连字符，例如 2020-10"
        ));
    }
    let fixed = match message {
        "a date must be YYYY, YYYY-MM or YYYY-MM-DD" => "日期应写成 YYYY、YYYY-MM 或 YYYY-MM-DD",
        // YAML (libyaml's words, as serde_yaml passes them on).
        "mapping values are not allowed in this context" => {
            "这里不能出现“名称: 值”：值里的 `: ` 要放在引号中，或者缩进不对"
        }
        "did not find expected key" => "这里应是一个字段名：缩进或格式不对",
        "found unexpected end of stream" => "文本意外结束：引号或括号没有配对",
        "found character that cannot start any token" => {
            "这个字符不能作为值的开头：请把值放在引号中"
        }
        "found a tab character that violates indentation" => {
            "缩进中有制表符（Tab）：YAML 只能用空格缩进"
        }
        "unknown anchor" => "用了没有定义的锚点：以 `*` 开头的值要放在引号中",
        "recursion limit exceeded" => "嵌套层次太深（recursion limit exceeded）",
        "repetition limit exceeded" => "别名展开的次数太多（repetition limit exceeded）",
        // TOML.
        "duplicate key" => "同一个键写了不止一次",
        "string values must be quoted, expected literal string" => {
            "文字值必须放在引号中，例如 title = \"政策知识库\""
        }
        "key with no value, expected `=`" => "键后面缺少 `=` 和值",
        "unclosed table, expected `]`" => "表名缺少右方括号 `]`",
        "invalid basic string, expected `\"`" => "文字缺少右引号 `\"`",
        _ => return None,
    };
    Some(fixed.to_string())
}

/// `` `a`, `b`, `c` `` or `` `a` or `b` `` as a Chinese list.
fn list(expected: &str) -> String {
    expected
        .trim_start_matches("expected one of ")
        .trim_start_matches("expected ")
        .replace(", ", "、")
        .replace(" or ", "、")
}

/// What serde expected, as `Visitor::expecting` says it.
fn expected_zh(expected: &str) -> String {
    let zh = match expected {
        "a sequence" => "列表（如 `[甲, 乙]`）",
        "a string" => "文字",
        "a boolean" => "`true` 或 `false`",
        "a map" => "“名称: 值”的字段表",
        "u8" | "u16" | "u32" | "u64" | "usize" => "不小于 0 的整数",
        "i8" | "i16" | "i32" | "i64" | "isize" => "整数",
        "f32" | "f64" => "数字",
        "a character" => "一个字符",
        "a date (YYYY, YYYY-MM or YYYY-MM-DD)" => "日期（YYYY、YYYY-MM 或 YYYY-MM-DD）",
        _ if expected.starts_with("struct ") => "“名称: 值”的字段表",
        _ => {
            if let Some(size) = expected
                .strip_prefix("a tuple of size ")
                .or_else(|| expected.strip_prefix("an array of length "))
            {
                return format!(" {size} 项的列表");
            }
            if let Some(variant) = expected.strip_prefix("variant identifier") {
                return format!("可选的值之一{variant}");
            }
            return format!(" {expected}");
        }
    };
    zh.to_string()
}

/// What the text held instead, as `serde::de::Unexpected` says it.
fn found_zh(found: &str) -> String {
    let pairs = [
        ("string ", "文字 "),
        ("integer ", "整数 "),
        ("floating point ", "数字 "),
        ("boolean ", "布尔值 "),
        ("character ", "字符 "),
    ];
    for (en, zh) in pairs {
        if let Some(value) = found.strip_prefix(en) {
            return format!("{zh}{value}");
        }
    }
    match found {
        "sequence" => "列表".to_string(),
        "map" => "“名称: 值”的字段表".to_string(),
        "unit value" | "null" => "空值".to_string(),
        _ => format!(" {found}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(message: &str) -> String {
        parser_message(message, "YAML").zh
    }

    #[test]
    fn serde_messages_are_said_in_chinese_with_their_names() {
        assert_eq!(
            zh("unknown field `titel`, expected one of `title`, `slug`"),
            "未知的字段 `titel`（拼写有误？），这里可写的字段有：`title`、`slug`"
        );
        assert_eq!(
            zh("history[0]: unknown field `wordin`, expected `wording` or `date`"),
            "`history[0]`：未知的字段 `wordin`（拼写有误？），这里可写的字段有：`wording`、`date`"
        );
        assert_eq!(
            zh("variants: invalid type: string \"两个坚决维护\", expected a sequence"),
            "`variants`：类型不对：这里应是列表（如 `[甲, 乙]`），写的却是文字 \"两个坚决维护\""
        );
        assert_eq!(
            zh("status: unknown variant `now`, expected one of `current`, `现行`"),
            "`status`：不认识的值 `now`，可选的值有：`current`、`现行`"
        );
        assert_eq!(
            zh("weight: invalid type: integer `-3`, expected usize"),
            "`weight`：类型不对：这里应是不小于 0 的整数，写的却是整数 `-3`"
        );
        assert_eq!(zh("duplicate field `title`"), "字段 `title` 写了不止一次");
        assert_eq!(
            zh(
                "changed: `2020.1` is a decimal number, not a date: write the month with a hyphen, e.g. 2020-10"
            ),
            "`changed`：`2020.1` 是小数，不是日期：年和月之间请用连字符，例如 2020-10"
        );
        assert_eq!(
            zh("date: invalid type: sequence, expected a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
            "`date`：类型不对：这里应是日期（YYYY、YYYY-MM 或 YYYY-MM-DD），写的却是列表"
        );
        assert_eq!(
            zh("date: `2021-13` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
            "`date`：`2021-13` 不是日期：请写成 YYYY、YYYY-MM 或 YYYY-MM-DD"
        );
    }

    #[test]
    fn unknown_shapes_are_passed_on_after_a_chinese_lead() {
        let text = parser_message("did not find expected ',' or ']'", "YAML");
        assert_eq!(text.zh, "YAML 格式错误：did not find expected ',' or ']'");
        assert_eq!(text.en, "did not find expected ',' or ']'");
        // A message with a colon is not mistaken for a path.
        let text = parser_message("invalid type: sequence, expected struct Page", "YAML");
        assert_eq!(
            text.zh,
            "类型不对：这里应是“名称: 值”的字段表，写的却是列表"
        );
    }
}
