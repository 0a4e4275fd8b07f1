//! The ids of an expectation's items: the author's own, or derived from the text.

use toml::Spanned;

use super::raw::RawItem;

/// The id of each item of a list: its own, or one derived from its text; an id already taken
/// in the list gets `-2`, `-3`... and is marked `true` (renamed).
pub(super) fn item_ids(list: &[Spanned<RawItem>]) -> Vec<(String, bool)> {
    // Ids the author wrote are theirs: a derived id never takes one of them.
    let written: Vec<&str> = list
        .iter()
        .filter_map(|item| item.get_ref().id.as_ref().map(|id| id.get_ref().as_str()))
        .collect();
    let mut ids: Vec<(String, bool)> = Vec::with_capacity(list.len());
    for item in list {
        let item = item.get_ref();
        let (base, own) = match &item.id {
            Some(id) => (id.get_ref().clone(), true),
            None => (derived_id(&item.text), false),
        };
        let taken = |id: &str, ids: &[(String, bool)]| {
            ids.iter().any(|(taken, _)| taken == id) || (!own && written.contains(&id))
        };
        let mut id = base.clone();
        let mut n = 1;
        while taken(&id, &ids) {
            n += 1;
            id = format!("{base}-{n}");
        }
        ids.push((id, n > 1));
    }
    ids
}

/// An item's id from its text: a slug of its first six words.
pub fn derived_id(text: &str) -> String {
    let text = link_text(text);
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    let id = slug::slugify(words.join(" "));
    if id.is_empty() { "item".to_owned() } else { id }
}

/// Markdown links as their text alone (`[the ladder](https://x)` -> `the ladder`), so that an
/// id derived from an item does not hold its addresses.
fn link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        let Some(close) = rest[open..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace(['[', ']'], "")
}
