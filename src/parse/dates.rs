//! Dates as knowledge-base entries know them: a day, a month or only a year
//! (党的十九届五中全会 is "2020-10", a 2014 speech may be known only as "2014").
//!
//! A period is compared conservatively: a text is after a change only when
//! it is certainly after it, so "2020-10" counts from 2020-11-01. A check
//! that warns about correct wording does more harm than one that misses a
//! borderline case.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to the day, the month or the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i16,
    /// 1–12, or None when only the year is known.
    pub month: Option<u8>,
    /// 1–31, only with a month.
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar day).
    pub fn parse(text: &str) -> Result<PartialDate, crate::i18n::Text> {
        let text = text.trim();
        let fields: Vec<&str> = text.split('-').collect();
        let number = |s: &str, digits: usize| -> Option<u16> {
            (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        // The English is also serde's message, which `i18n::parser_message`
        // says again in Chinese.
        let invalid = || {
            crate::t!(
                "`{text}` 不是日期：请写成 YYYY、YYYY-MM 或 YYYY-MM-DD",
                "`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
            )
        };
        let year = fields
            .first()
            .and_then(|y| number(y, 4))
            .filter(|y| *y >= 1000)
            .ok_or_else(invalid)? as i16;
        let month = match fields.get(1) {
            None => None,
            Some(m) => Some(
                number(m, 2)
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(invalid)? as u8,
            ),
        };
        let day = match fields.get(2) {
            None => None,
            Some(d) => {
                let day = number(d, 2).ok_or_else(invalid)? as i8;
                jiff::civil::Date::new(year, month.unwrap_or(1) as i8, day)
                    .map_err(|_| invalid())?;
                Some(day as u8)
            }
        };
        if fields.len() > 3 {
            return Err(invalid());
        }
        Ok(PartialDate { year, month, day })
    }

    /// The first day of the period.
    pub fn first_day(self) -> jiff::civil::Date {
        let month = self.month.unwrap_or(1) as i8;
        jiff::civil::Date::new(self.year, month, self.day.unwrap_or(1) as i8)
            .unwrap_or(jiff::civil::Date::MIN)
    }

    /// The first day after the period: from when a text is certainly later.
    pub fn day_after(self) -> jiff::civil::Date {
        let first = self.first_day();
        let next = match (self.month, self.day) {
            (_, Some(_)) => first.tomorrow(),
            (Some(_), None) => first.checked_add(jiff::Span::new().months(1)),
            (None, None) => first.checked_add(jiff::Span::new().years(1)),
        };
        next.unwrap_or(jiff::civil::Date::MAX)
    }

    /// Whether a text of `text` (itself a period) is certainly on or after
    /// the day after this period ends.
    pub fn is_certainly_before(self, text: PartialDate) -> bool {
        text.first_day() >= self.day_after()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl PartialDate {
    /// The date as a reader writes it: 2020年10月29日, 2020年10月, 2020年.
    pub fn chinese(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{}年{m}月{d}日", self.year),
            (Some(m), None) => format!("{}年{m}月", self.year),
            _ => format!("{}年", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    /// A year (`2016`) or a text (`2020-10`, `2020-10-29`). Read by a
    /// visitor, not through a buffered enum, so that the YAML reader
    /// knows where the value is: an error names the field and its line.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = PartialDate;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date (YYYY, YYYY-MM or YYYY-MM-DD)")
            }

            fn visit_i64<E: serde::de::Error>(self, year: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&year.to_string()).map_err(|e| E::custom(e.en))
            }

            fn visit_u64<E: serde::de::Error>(self, year: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&year.to_string()).map_err(|e| E::custom(e.en))
            }

            fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<PartialDate, E> {
                Err(E::custom(format!(
                    "`{number}` is a decimal number, not a date: write the month with a hyphen, e.g. 2020-10"
                )))
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PartialDate, E> {
                PartialDate::parse(text).map_err(|e| E::custom(e.en))
            }
        }

        deserializer.deserialize_any(DateVisitor)
    }
}

/// The first year (19xx or 20xx, not part of a longer number) in a text:
/// the year of a dated page, of a formulation's change, of an imported report.
pub fn first_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(3)).find_map(|i| {
        let digits = &chars[i..i + 4];
        let bounded = (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        let century = matches!(digits[..2], ['1', '9'] | ['2', '0']);
        if bounded && century && digits.iter().all(char::is_ascii_digit) {
            digits.iter().collect::<String>().parse().ok()
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn days_months_and_years_parse_and_print_back() {
        for text in ["2020-10-29", "2020-10", "2020"] {
            assert_eq!(date(text).to_string(), text);
        }
        assert_eq!(date("2020-10").chinese(), "2020年10月");
        for bad in [
            "2020-13",
            "2021-02-29",
            "20",
            "2020-1",
            "2020-10-29-1",
            "二〇二〇",
            "",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_period_is_before_a_text_only_when_the_whole_period_is() {
        let plenum = date("2020-10");
        assert!(!plenum.is_certainly_before(date("2020-10-15")));
        assert!(!plenum.is_certainly_before(date("2020")));
        assert!(plenum.is_certainly_before(date("2020-11-01")));
        assert!(plenum.is_certainly_before(date("2021")));
        assert!(date("2017").is_certainly_before(date("2018-01-01")));
        assert!(!date("2017").is_certainly_before(date("2017-12-31")));
        assert!(date("2016-10-27").is_certainly_before(date("2016-10-28")));
    }

    #[test]
    fn first_year_skips_other_numbers() {
        assert_eq!(first_year("2016年1月29日"), Some(2016));
        assert_eq!(first_year("第12345号，1999年"), Some(1999));
        assert_eq!(first_year("党的十八大后"), None);
        assert_eq!(first_year("3020年"), None);
        assert_eq!(first_year("2021-03-15"), Some(2021));
    }
}
