//! The person's settings on this device (language, consultant name, defaults for new
//! assessments), kept in the database's device-local `settings` table.

use crate::error::{ApiError, Result};
use crate::{Api, reference};
use serde::{Deserialize, Serialize};
use sxsh_domain::format::Lang;
use sxsh_domain::validate::{Validate, Validator};

/// Settings as the UI edits them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Settings {
    /// Display language of the UI and default language of reports.
    pub lang: Lang,
    /// Written into new assessments and reports.
    #[serde(default)]
    pub consultant: String,
    /// Default discount rate of new assessments, as a fraction (0.10 = 10 %).
    pub discount_rate: f64,
    /// Default economic life of options in new assessments, years.
    pub life_years: i64,
    /// Data year of the grid emission factor for new assessments; none = the reference
    /// data's suggested year.
    pub grid_ef_year: Option<i64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Vi,
            consultant: String::new(),
            discount_rate: 0.10,
            life_years: 5,
            grid_ef_year: None,
        }
    }
}

impl Validate for Settings {
    fn check(&self, v: &mut Validator) {
        v.name("consultant", &self.consultant);
        v.range("discount_rate", self.discount_rate, 0.0, 1.0);
        v.int_range("life_years", self.life_years, 1, 50);
        if let Some(year) = self.grid_ef_year
            && reference::get().grid_factor(year).is_none()
        {
            v.error(
                "grid_ef_year",
                sxsh_domain::FieldErrorCode::InvalidCode,
                format!("no grid emission factor for {year}"),
            );
        }
    }
}

const LANG: &str = "ui.lang";
const CONSULTANT: &str = "ui.consultant";
const DISCOUNT: &str = "default.discount_rate";
const LIFE: &str = "default.life_years";
const GRID_YEAR: &str = "default.grid_ef_year";

impl Api {
    /// Writes the consultant name of the settings into `updated_by` (at open: the name is the
    /// author of every change this device makes).
    pub(crate) fn restore_user(&self) -> Result<()> {
        match self.setting(CONSULTANT)? {
            Some(name) if !name.trim().is_empty() => self.set_user(&name),
            _ => Ok(()),
        }
    }

    /// After a sync login: a device with no consultant name yet takes the account's, so the
    /// changes it makes carry a person's name to the other devices.
    pub(crate) fn adopt_account_name(&self, display_name: &str) -> Result<()> {
        let settings = self.settings()?;
        if !settings.consultant.trim().is_empty() || display_name.trim().is_empty() {
            return Ok(());
        }
        self.save_settings(Settings {
            consultant: display_name.to_string(),
            ..settings
        })
        .map(|_| ())
    }

    /// The display language from the settings (one read: it is needed on every typed save).
    pub fn lang(&self) -> Result<Lang> {
        Ok(self
            .setting(LANG)?
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_default())
    }

    /// The settings; a value never set (or unreadable) takes its default.
    pub fn settings(&self) -> Result<Settings> {
        let d = Settings::default();
        let get = |key: &str| self.setting(key);
        Ok(Settings {
            lang: get(LANG)?
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(d.lang),
            consultant: get(CONSULTANT)?.unwrap_or_default(),
            discount_rate: get(DISCOUNT)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(d.discount_rate),
            life_years: get(LIFE)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(d.life_years),
            grid_ef_year: get(GRID_YEAR)?.and_then(|v| v.parse().ok()),
        })
    }

    /// Validates and writes every setting; on any invalid field nothing is written. The
    /// consultant name also becomes the user written into `updated_by`.
    pub fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let mut v = Validator::default();
        settings.check(&mut v);
        if !v.errors().is_empty() {
            return Err(ApiError::from(sxsh_domain::DomainError::Validation(
                v.errors().to_vec(),
            )));
        }
        let lang = match settings.lang {
            Lang::Vi => "vi",
            Lang::En => "en",
        };
        self.set_setting(LANG, lang)?;
        self.set_setting(CONSULTANT, settings.consultant.trim())?;
        self.set_setting(DISCOUNT, &settings.discount_rate.to_string())?;
        self.set_setting(LIFE, &settings.life_years.to_string())?;
        self.set_setting(
            GRID_YEAR,
            &settings
                .grid_ef_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
        )?;
        if !settings.consultant.trim().is_empty() {
            self.set_user(&settings.consultant)?;
        }
        self.settings()
    }
}
