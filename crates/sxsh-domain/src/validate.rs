//! Field-level validation. Every entity implements [`Validate`]; a failed check names the field
//! and a machine-readable code that the UI translates (it never parses the message).

use crate::error::{DomainError, Result};
use crate::text::is_nfc;
use crate::units::{Dimension, Unit};
use serde::{Deserialize, Serialize};

/// Longest single-line text (names, titles), in characters.
pub const MAX_NAME: usize = 500;
/// Longest multi-line text (notes, descriptions), in characters.
pub const MAX_TEXT: usize = 20_000;
/// Largest quantity accepted (guards against typos such as 1e300).
pub const MAX_QUANTITY: f64 = 1e15;

/// Why a field is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    TooLong,
    NotNfc,
    NotFinite,
    Negative,
    OutOfRange,
    UnknownUnit,
    WrongDimension,
    InvalidDate,
    InvalidCode,
    InvalidId,
    /// Text typed into a number field that is not a number in the display language.
    NotANumber,
    /// A file given as a photo that is not a JPEG or PNG image.
    NotAnImage,
    /// Text holding a control character (an escape sequence, a newline in a one-line field)
    /// or a bidirectional override.
    ControlCharacter,
    /// Not an e-mail address (`name@domain.vn`).
    InvalidEmail,
    /// Not a telephone number (8–15 digits, `+`, spaces, dots, dashes, brackets).
    InvalidPhone,
    /// Not a Vietnamese tax code (10 digits, or 13: 10 digits, a dash, 3 digits).
    InvalidTaxCode,
    /// An end date before its start date.
    EndBeforeStart,
    /// A HEIC/HEIF (or AVIF) photo, as iPhones take by default: not read here; the message
    /// says how to send it as JPEG.
    HeicPhoto,
    /// Criterion weights (in %) that do not add up to 100.
    WeightsSum,
    /// The same code or criterion twice in one list.
    Duplicate,
    /// A field that has no place here (e.g. the district of a province).
    NotAllowed,
    /// Text shorter than its least length (`min`, in characters), e.g. a password.
    TooShort,
}

impl FieldErrorCode {
    /// The code as written in JSON and shown in CLI errors.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldErrorCode::Required => "required",
            FieldErrorCode::TooLong => "too_long",
            FieldErrorCode::NotNfc => "not_nfc",
            FieldErrorCode::NotFinite => "not_finite",
            FieldErrorCode::Negative => "negative",
            FieldErrorCode::OutOfRange => "out_of_range",
            FieldErrorCode::UnknownUnit => "unknown_unit",
            FieldErrorCode::WrongDimension => "wrong_dimension",
            FieldErrorCode::InvalidDate => "invalid_date",
            FieldErrorCode::InvalidCode => "invalid_code",
            FieldErrorCode::InvalidId => "invalid_id",
            FieldErrorCode::NotANumber => "not_a_number",
            FieldErrorCode::NotAnImage => "not_an_image",
            FieldErrorCode::ControlCharacter => "control_character",
            FieldErrorCode::InvalidEmail => "invalid_email",
            FieldErrorCode::InvalidPhone => "invalid_phone",
            FieldErrorCode::InvalidTaxCode => "invalid_tax_code",
            FieldErrorCode::EndBeforeStart => "end_before_start",
            FieldErrorCode::HeicPhoto => "heic_photo",
            FieldErrorCode::WeightsSum => "weights_sum",
            FieldErrorCode::Duplicate => "duplicate",
            FieldErrorCode::NotAllowed => "not_allowed",
            FieldErrorCode::TooShort => "too_short",
        }
    }
}

/// One invalid field: its name (as in JSON, e.g. `savings[0].quantity`), code and an English message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FieldError {
    pub field: String,
    pub code: FieldErrorCode,
    pub message: String,
    /// The limits the value broke, when the error is about one (a number's range, a text's
    /// length in characters), so hosts can say them: "Quá lớn (tối đa 50)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max: Option<f64>,
}

impl FieldError {
    /// An error without limits.
    pub fn new(field: impl Into<String>, code: FieldErrorCode, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
            min: None,
            max: None,
        }
    }
}

/// Something that can check its own fields.
pub trait Validate {
    /// Adds an error to `v` for every invalid field.
    fn check(&self, v: &mut Validator);

    /// Runs [`Validate::check`] and turns collected errors into [`DomainError::Validation`].
    fn validate(&self) -> Result<()> {
        let mut v = Validator::default();
        self.check(&mut v);
        v.finish()
    }
}

/// Collects field errors. Field names may be prefixed for nested values with [`Validator::nested`].
#[derive(Debug, Default)]
pub struct Validator {
    prefix: String,
    errors: Vec<FieldError>,
}

impl Validator {
    /// Records an error for `field`.
    pub fn error(&mut self, field: &str, code: FieldErrorCode, message: impl Into<String>) {
        self.limit_error(field, code, message, None, None);
    }

    /// Records an error about a limit, with the limits broken (see [`FieldError::min`]).
    pub fn limit_error(
        &mut self,
        field: &str,
        code: FieldErrorCode,
        message: impl Into<String>,
        min: Option<f64>,
        max: Option<f64>,
    ) {
        self.errors.push(FieldError {
            min,
            max,
            ..FieldError::new(format!("{}{}", self.prefix, field), code, message)
        });
    }

    /// Checks the fields of a nested value under `prefix` (e.g. `savings[2].`).
    pub fn nested(&mut self, prefix: &str, f: impl FnOnce(&mut Validator)) {
        let saved = self.prefix.clone();
        self.prefix = format!("{saved}{prefix}");
        f(self);
        self.prefix = saved;
    }

    /// The errors so far.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Validation(self.errors))
        }
    }

    fn text_common(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.limit_error(
                field,
                FieldErrorCode::TooLong,
                format!("at most {max} characters"),
                None,
                Some(max as f64),
            );
        } else if let Some(c) = crate::text::forbidden_char(value, max > MAX_NAME) {
            self.error(
                field,
                FieldErrorCode::ControlCharacter,
                format!("control character U+{:04X} is not allowed", c as u32),
            );
        } else if !is_nfc(value) {
            self.error(field, FieldErrorCode::NotNfc, "text must be Unicode NFC");
        }
    }

    /// A required single-line text: not blank, at most [`MAX_NAME`] characters, NFC.
    pub fn required_name(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(field, FieldErrorCode::Required, "required");
        } else {
            self.text_common(field, value, MAX_NAME);
        }
    }

    /// An optional single-line text.
    pub fn name(&mut self, field: &str, value: &str) {
        self.text_common(field, value, MAX_NAME);
    }

    /// An optional multi-line text, at most [`MAX_TEXT`] characters.
    pub fn text(&mut self, field: &str, value: &str) {
        self.text_common(field, value, MAX_TEXT);
    }

    /// A required multi-line text.
    pub fn required_text(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.error(field, FieldErrorCode::Required, "required");
        } else {
            self.text_common(field, value, MAX_TEXT);
        }
    }

    /// A finite number ≥ 0 and ≤ [`MAX_QUANTITY`].
    pub fn non_negative(&mut self, field: &str, value: f64) {
        if !value.is_finite() {
            self.error(field, FieldErrorCode::NotFinite, "must be a finite number");
        } else if value < 0.0 {
            self.error(field, FieldErrorCode::Negative, "must not be negative");
        } else if value > MAX_QUANTITY {
            self.limit_error(
                field,
                FieldErrorCode::OutOfRange,
                "too large",
                None,
                Some(MAX_QUANTITY),
            );
        }
    }

    /// A finite number of any sign, |value| ≤ [`MAX_QUANTITY`].
    pub fn finite(&mut self, field: &str, value: f64) {
        if !value.is_finite() {
            self.error(field, FieldErrorCode::NotFinite, "must be a finite number");
        } else if value.abs() > MAX_QUANTITY {
            self.limit_error(
                field,
                FieldErrorCode::OutOfRange,
                "too large",
                Some(-MAX_QUANTITY),
                Some(MAX_QUANTITY),
            );
        }
    }

    /// A finite number within `[min, max]`.
    pub fn range(&mut self, field: &str, value: f64, min: f64, max: f64) {
        if !value.is_finite() {
            self.error(field, FieldErrorCode::NotFinite, "must be a finite number");
        } else if value < min || value > max {
            self.limit_error(
                field,
                FieldErrorCode::OutOfRange,
                format!("must be between {min} and {max}"),
                Some(min),
                Some(max),
            );
        }
    }

    /// An integer within `[min, max]`.
    pub fn int_range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            let code = if value < 0 && min >= 0 {
                FieldErrorCode::Negative
            } else {
                FieldErrorCode::OutOfRange
            };
            self.limit_error(
                field,
                code,
                format!("must be between {min} and {max}"),
                Some(min as f64),
                Some(max as f64),
            );
        }
    }

    /// Money in VND: an integer ≥ 0 and below 10^18.
    pub fn money(&mut self, field: &str, value: i64) {
        self.int_range(field, value, 0, 999_999_999_999_999_999);
    }

    /// A unit code that parses and, when `dims` is not empty, measures one of `dims`.
    pub fn unit(&mut self, field: &str, code: &str, dims: &[Dimension]) {
        match Unit::parse(code) {
            None => self.error(
                field,
                FieldErrorCode::UnknownUnit,
                format!("unknown unit {code:?}"),
            ),
            Some(u) if !dims.is_empty() && !dims.contains(&u.dimension()) => self.error(
                field,
                FieldErrorCode::WrongDimension,
                format!("unit {code} does not fit this quantity"),
            ),
            Some(_) => {}
        }
    }

    /// A unit code, or a ratio of two (`kWh/t`), as monitoring indicators use.
    pub fn unit_or_ratio(&mut self, field: &str, code: &str) {
        if crate::units::RatioUnit::parse(code).is_none() {
            self.unit(field, code, &[]);
        }
    }

    /// A calendar date `YYYY-MM-DD` (years 1900–2200).
    pub fn date(&mut self, field: &str, value: &str) {
        if !is_iso_date(value) {
            self.error(
                field,
                FieldErrorCode::InvalidDate,
                "must be a date YYYY-MM-DD",
            );
        }
    }

    /// An optional date.
    pub fn opt_date(&mut self, field: &str, value: &Option<String>) {
        if let Some(d) = value {
            self.date(field, d);
        }
    }

    /// A period: each date valid, and the end (`end_field`) not before the start.
    pub fn period(
        &mut self,
        start_field: &str,
        start: &Option<String>,
        end_field: &str,
        end: &Option<String>,
    ) {
        self.opt_date(start_field, start);
        self.opt_date(end_field, end);
        if let (Some(s), Some(e)) = (start, end)
            && is_iso_date(s)
            && is_iso_date(e)
            && e < s
        {
            // ISO dates compare as text.
            self.error(
                end_field,
                FieldErrorCode::EndBeforeStart,
                format!("ends ({e}) before it starts ({s})"),
            );
        }
    }

    /// An optional e-mail address (empty: none): one `@` between a name and a domain with a
    /// dot, no spaces.
    pub fn email(&mut self, field: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        let ok = match value.split_once('@') {
            Some((name, domain)) => {
                !name.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !value.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if !ok {
            self.error(field, FieldErrorCode::InvalidEmail, "not an e-mail address");
        }
    }

    /// An optional telephone number (empty: none): 8 to 15 digits, with an optional leading `+`
    /// and spaces, dots, dashes or brackets between them.
    pub fn phone(&mut self, field: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        let body = value.strip_prefix('+').unwrap_or(value);
        let digits = body.chars().filter(char::is_ascii_digit).count();
        let ok = body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
            && (8..=15).contains(&digits);
        if !ok {
            self.error(
                field,
                FieldErrorCode::InvalidPhone,
                "not a telephone number (8 to 15 digits)",
            );
        }
    }

    /// An optional Vietnamese tax code (mã số thuế; empty: none): 10 digits, or 13 for a
    /// dependent unit — the 10 digits, a dash and 3 digits (the dash may be left out).
    pub fn tax_code(&mut self, field: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok = digits(value, 10)
            || digits(value, 13)
            || value
                .split_once('-')
                .is_some_and(|(a, b)| digits(a, 10) && digits(b, 3));
        if !ok {
            self.error(
                field,
                FieldErrorCode::InvalidTaxCode,
                "not a tax code (10 digits, or 10 digits-3 digits)",
            );
        }
    }

    /// A row id: a UUID in its 36-character text form.
    pub fn id(&mut self, field: &str, value: &str) {
        if !is_uuid_text(value) {
            self.error(field, FieldErrorCode::InvalidId, "must be a UUID");
        }
    }

    /// An optional row id.
    pub fn opt_id(&mut self, field: &str, value: &Option<String>) {
        if let Some(id) = value {
            self.id(field, id);
        }
    }

    /// A code that must be one of `allowed`.
    pub fn code_in(&mut self, field: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.error(
                field,
                FieldErrorCode::InvalidCode,
                format!("{value:?} is not one of {}", allowed.join(", ")),
            );
        }
    }
}

/// True for `YYYY-MM-DD` naming a real day between 1900 and 2200.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

/// True for the canonical 8-4-4-4-12 lower-case hex form of a UUID.
pub fn is_uuid_text(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_for_real_days() {
        for ok in ["2024-02-29", "2026-11-23", "1900-01-01"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-11-23",
            "2026-11-31",
            "abcd-ef-gh",
            "",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    /// An error about a limit says the limit, so the message can state it.
    #[test]
    fn limit_errors_carry_their_limits() {
        let mut v = Validator::default();
        v.int_range("life_years", 80, 1, 50);
        v.non_negative("quantity", 2e15);
        v.name("title", &"x".repeat(MAX_NAME + 1));
        v.range("discount_rate", 1.5, 0.0, 1.0);
        v.required_name("name", "");
        let limits: Vec<(Option<f64>, Option<f64>)> =
            v.errors().iter().map(|e| (e.min, e.max)).collect();
        assert_eq!(
            limits,
            [
                (Some(1.0), Some(50.0)),
                (None, Some(MAX_QUANTITY)),
                (None, Some(MAX_NAME as f64)),
                (Some(0.0), Some(1.0)),
                (None, None),
            ]
        );
        // Serialised only when there is a limit.
        let json = serde_json::to_value(v.errors()).unwrap();
        assert_eq!(json[0]["max"], 50.0);
        assert!(json[4].get("max").is_none() && json[4].get("min").is_none());
    }

    #[test]
    fn numbers_get_distinct_codes() {
        let mut v = Validator::default();
        v.non_negative("a", f64::NAN);
        v.non_negative("b", f64::INFINITY);
        v.non_negative("c", -1.0);
        v.non_negative("d", 1e300);
        v.non_negative("e", 0.0);
        let codes: Vec<_> = v
            .errors()
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("a", FieldErrorCode::NotFinite),
                ("b", FieldErrorCode::NotFinite),
                ("c", FieldErrorCode::Negative),
                ("d", FieldErrorCode::OutOfRange),
            ]
        );
    }

    #[test]
    fn long_and_blank_names_are_refused() {
        let mut v = Validator::default();
        v.required_name("name", "   ");
        v.required_name("title", &"x".repeat(MAX_NAME + 1));
        v.required_name("ok", &"ạ".repeat(MAX_NAME));
        let codes: Vec<_> = v
            .errors()
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("name", FieldErrorCode::Required),
                ("title", FieldErrorCode::TooLong)
            ]
        );
    }

    #[test]
    fn nested_fields_are_prefixed() {
        let mut v = Validator::default();
        v.nested("savings[1].", |v| v.unit("unit", "furlong", &[]));
        assert_eq!(v.errors()[0].field, "savings[1].unit");
        assert_eq!(v.errors()[0].code, FieldErrorCode::UnknownUnit);
    }
}
