//! Where a meeting takes place: at one of the fair's tables (`on_site`, the default) or
//! online, by a link the desk gives. The link is data: shown in views, agendas, mails and
//! invitations, never fetched by the service.

use crate::i18n::Msg;

/// The longest join link accepted, in characters.
pub const JOIN_URL_MAX: usize = 2000;

crate::stored_enum! {
    #[derive(Default)]
    pub enum MeetingMode {
        /// At a table of the fair.
        #[default]
        OnSite,
        /// Online, by the meeting's `join_url`.
        Online,
    }
}

/// A meeting's place in its slot: a table's id, or an online meeting's link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Venue {
    Table(String),
    Online { join_url: String },
}

impl Venue {
    pub fn mode(&self) -> MeetingMode {
        match self {
            Venue::Table(_) => MeetingMode::OnSite,
            Venue::Online { .. } => MeetingMode::Online,
        }
    }

    pub fn table_id(&self) -> Option<&str> {
        match self {
            Venue::Table(id) => Some(id),
            Venue::Online { .. } => None,
        }
    }

    pub fn join_url(&self) -> Option<&str> {
        match self {
            Venue::Table(_) => None,
            Venue::Online { join_url } => Some(join_url),
        }
    }
}

/// The venue a scheduling asks for: a table (on site), or `online` with a link; never
/// both. The error names the field to fix.
pub fn venue_of(
    table_id: Option<String>,
    mode: Option<MeetingMode>,
    join_url: Option<String>,
) -> Result<Venue, (&'static str, Msg)> {
    match (table_id, mode, join_url) {
        (Some(table), None | Some(MeetingMode::OnSite), None) => Ok(Venue::Table(table)),
        (None, Some(MeetingMode::Online), Some(url)) => {
            check_join_url(&url).map_err(|msg| ("join_url", msg))?;
            Ok(Venue::Online { join_url: url })
        }
        (None, Some(MeetingMode::Online), None) => Err(("join_url", Msg::OnlineNeedsJoinUrl)),
        (Some(_), _, _) | (None, _, Some(_)) => Err(("table_id", Msg::TableOrOnline)),
        (None, None | Some(MeetingMode::OnSite), None) => Err(("table_id", Msg::TableOrOnline)),
    }
}

/// A join link is an absolute `https` URL with a host and no user name or password, at
/// most [`JOIN_URL_MAX`] characters.
pub fn check_join_url(text: &str) -> Result<(), Msg> {
    let too_long = text.chars().count() > JOIN_URL_MAX;
    let url = url::Url::parse(text).map_err(|_| Msg::JoinUrlHttps)?;
    let fine = !too_long
        && url.scheme() == "https"
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none();
    if fine {
        Ok(())
    } else {
        Err(Msg::JoinUrlHttps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_links_with_a_host_and_no_userinfo_are_join_links() {
        assert!(check_join_url("https://meet.example.com/abc-defg?pwd=1").is_ok());
        for bad in [
            "http://meet.example.com/abc",
            "https://user:secret@meet.example.com/abc",
            "https://user@meet.example.com/abc",
            "https://",
            "javascript:alert(1)",
            "meet.example.com/abc",
            "",
        ] {
            assert_eq!(check_join_url(bad), Err(Msg::JoinUrlHttps), "{bad}");
        }
        let long = format!("https://meet.example.com/{}", "a".repeat(2000));
        assert_eq!(check_join_url(&long), Err(Msg::JoinUrlHttps));
    }

    #[test]
    fn a_venue_is_a_table_or_an_online_link_never_both() {
        let url = || Some("https://meet.example.com/x".to_owned());
        let online = Some(MeetingMode::Online);
        assert_eq!(
            venue_of(Some("t1".into()), None, None),
            Ok(Venue::Table("t1".into()))
        );
        assert_eq!(
            venue_of(None, online, url()).map(|v| v.mode()),
            Ok(MeetingMode::Online)
        );
        assert_eq!(
            venue_of(None, online, None).map_err(|e| e.0),
            Err("join_url")
        );
        assert_eq!(
            venue_of(Some("t1".into()), online, url()).map_err(|e| e.0),
            Err("table_id")
        );
        assert_eq!(
            venue_of(Some("t1".into()), None, url()).map_err(|e| e.0),
            Err("table_id")
        );
        assert_eq!(venue_of(None, None, None).map_err(|e| e.0), Err("table_id"));
    }
}
