//! The flags of `check --links`, and the options of the link check they make.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;

/// The environment variable that names the link cache when `--link-cache` does not.
#[cfg(feature = "links")]
const CACHE_VAR: &str = "PROMOPACK_LINK_CACHE";

#[derive(Debug, Clone, Default, clap::Args)]
pub struct LinkArgs {
    /// Also request every evidence link, and report those that are dead, could not be reached
    /// or moved for good (off by default: without it `check` makes no request);
    /// `--links=fresh` asks again about links the cache already knows
    #[arg(
        long,
        value_name = "fresh",
        num_args = 0..=1,
        require_equals = true,
        value_parser = ["fresh"],
    )]
    pub links: Option<Option<String>>,

    /// With --links: the seconds each request may take (one link, with its redirects and
    /// retry, at most three times this)
    #[arg(
        long,
        value_name = "SECONDS",
        default_value = "10",
        requires = "links",
        value_parser = parse_seconds,
    )]
    pub link_timeout: Duration,

    /// With --links: the file of recent answers [default: $PROMOPACK_LINK_CACHE, else
    /// $XDG_CACHE_HOME/promopack/links.json, else ~/.cache/promopack/links.json]
    #[arg(long, value_name = "FILE", requires = "links")]
    pub link_cache: Option<PathBuf>,

    /// With --links: how long an answer in the cache is trusted, e.g. `90s`, `30m`, `1h`, `2d`;
    /// `0` trusts none and turns the cache off
    #[arg(
        long,
        value_name = "AGE",
        default_value = "1h",
        requires = "links",
        value_parser = parse_age,
    )]
    pub link_max_age: Duration,

    /// With --links: also request links to hosts that look internal (`http://wiki/`, `.corp`,
    /// `localhost`, private addresses), as on the company network or a VPN
    #[arg(long, requires = "links")]
    pub links_private: bool,
}

impl LinkArgs {
    /// The options of the link check, when `--links` asks for one.
    #[cfg(feature = "links")]
    pub fn options(&self) -> Result<Option<crate::links::Options>, Error> {
        let Some(mode) = &self.links else {
            return Ok(None);
        };
        let cache = self
            .link_cache
            .clone()
            .or_else(|| {
                std::env::var_os(CACHE_VAR)
                    .filter(|value| !value.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(crate::links::default_cache_path);
        Ok(Some(crate::links::Options {
            timeout: self.link_timeout,
            cache,
            max_age: self.link_max_age,
            fresh: mode.is_some(),
            internal: self.links_private,
        }))
    }

    /// Without the `links` feature, `--links` says how to get it.
    #[cfg(not(feature = "links"))]
    pub fn options(&self) -> Result<Option<std::convert::Infallible>, Error> {
        match self.links {
            Some(_) => Err(Error::Usage(crate::error::not_built("links"))),
            None => Ok(None),
        }
    }
}

/// `10`, `2.5`: a positive number of seconds, at most a day.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds, e.g. `10` or `2.5`"))?;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err(format!(
            "`{text}` is not a time to wait: give a number of seconds above 0 and at most 86400"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `90s`, `30m`, `1h`, `2d`, or a bare number of seconds; at most a year.
fn parse_age(text: &str) -> Result<Duration, String> {
    let wrong = || {
        format!(
            "`{text}` is not an age: write a whole number and a unit, e.g. `90s`, `30m`, `1h` or `2d`"
        )
    };
    let trimmed = text.trim();
    let (number, unit) = match trimmed.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => trimmed.split_at(at),
        None => (trimmed, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(wrong()),
    };
    let count: u64 = number.parse().map_err(|_| wrong())?;
    let seconds = count
        .checked_mul(scale)
        .filter(|&s| s <= 366 * 86_400)
        .ok_or_else(|| format!("`{text}` is longer than a year, the longest a cache is kept"))?;
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ages_with_their_unit() {
        assert_eq!(parse_age("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_age("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_age("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_age("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(parse_age("0"), Ok(Duration::ZERO));
        for wrong in ["", "h", "1w", "-1h", "1.5h", "99999999999999999999d"] {
            assert!(parse_age(wrong).is_err(), "{wrong}");
        }
        assert!(parse_age("400d").is_err());
    }

    #[test]
    fn reads_timeouts_in_seconds() {
        assert_eq!(parse_seconds("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        for wrong in ["0", "-1", "NaN", "inf", "ten", "100000"] {
            assert!(parse_seconds(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    #[cfg(not(feature = "links"))]
    fn without_the_links_feature_check_links_is_refused_with_the_way_to_get_it() {
        let args = LinkArgs {
            links: Some(None),
            ..LinkArgs::default()
        };
        let err = args.options().map(drop).expect_err("built without links");
        assert!(
            matches!(&err, Error::Usage(m) if m.contains("`links` feature")),
            "{err}"
        );
        assert!(matches!(LinkArgs::default().options(), Ok(None)));
    }
}
