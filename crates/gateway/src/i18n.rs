//! Vietnamese first, English second. Each page gets the whole message table of its
//! language as `t`; a key missing in English falls back to Vietnamese.

use std::collections::BTreeMap;
use std::path::Path;

use axum_extra::extract::cookie::CookieJar;

pub const LANG_COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn from_jar(jar: &CookieJar) -> Self {
        match jar.get(LANG_COOKIE).map(|c| c.value()) {
            Some("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

pub type Messages = BTreeMap<String, String>;

/// Both message tables, loaded once.
#[derive(Debug, Clone)]
pub struct Locales {
    vi: Messages,
    en: Messages,
}

impl Locales {
    /// # Errors
    /// A locale file is missing or not a flat table of strings.
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let read = |name: &str| -> anyhow::Result<Messages> {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
        };
        let vi = read("vi.toml")?;
        let mut en = vi.clone();
        en.extend(read("en.toml")?);
        Ok(Self { vi, en })
    }

    pub fn messages(&self, lang: Lang) -> &Messages {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// One message, or the key itself so a missing text shows rather than breaks a page.
    pub fn get<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.messages(lang).get(key).map_or(key, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_keys() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/locales");
        let keys = |name: &str| -> BTreeSet<String> {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            toml::from_str::<super::Messages>(&text).unwrap().into_keys().collect()
        };
        let (vi, en) = (keys("vi.toml"), keys("en.toml"));
        assert_eq!(vi.difference(&en).collect::<Vec<_>>(), Vec::<&String>::new(), "in vi.toml only");
        assert_eq!(en.difference(&vi).collect::<Vec<_>>(), Vec::<&String>::new(), "in en.toml only");
    }
}
