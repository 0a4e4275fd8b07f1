//! Asking for what `promopack add` was not given, when a person is at a terminal.
//!
//! What to ask, and which choices to offer, is decided by pure functions (`missing`,
//! `questions`); `ask` only shows the prompts.

use std::io::IsTerminal;

use crate::error::Error;
use crate::packet::model::Kind;
use crate::rubric::Rubric;

/// A required field of an activity that can be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Kind,
    Sections,
}

impl Field {
    /// The flag that gives the field on the command line.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Title => "--title",
            Field::Kind => "--kind",
            Field::Sections => "--section",
        }
    }
}

/// The required fields not given on the command line, in the order they are asked.
pub fn missing(title: Option<&str>, kind: Option<Kind>, sections: &[String]) -> Vec<Field> {
    let mut missing = Vec::new();
    if title.is_none_or(|t| t.trim().is_empty()) {
        missing.push(Field::Title);
    }
    if kind.is_none() {
        missing.push(Field::Kind);
    }
    if sections.is_empty() {
        missing.push(Field::Sections);
    }
    missing
}

/// The usage error for fields missing where no one can be asked: it names the flags.
pub fn missing_error(missing: &[Field]) -> Error {
    let flags: Vec<String> = missing.iter().map(|f| format!("`{}`", f.flag())).collect();
    let list = match flags.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Error::Usage(format!(
        "missing {list}: give {} on the command line, or run `promopack add` on a terminal to be asked",
        if missing.len() == 1 { "it" } else { "them" }
    ))
}

/// One option of a selection: the value it stands for and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

/// A prompt to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// One line of text.
    Title,
    /// Pick one.
    Kind(Vec<Choice<Kind>>),
    /// Pick one or more: the rubric's sections, in the rubric's order.
    Sections(Vec<Choice<String>>),
}

/// The prompts for the missing fields: kinds from `Kind`, sections from the packet's rubric.
pub fn questions(missing: &[Field], rubric: &Rubric) -> Vec<Question> {
    missing
        .iter()
        .map(|field| match field {
            Field::Title => Question::Title,
            Field::Kind => Question::Kind(
                Kind::ALL
                    .iter()
                    .map(|&kind| Choice {
                        value: kind,
                        label: format!("{:<12} {}", kind.id(), kind.label()),
                    })
                    .collect(),
            ),
            Field::Sections => Question::Sections(
                rubric
                    .sections
                    .iter()
                    .map(|section| Choice {
                        value: section.id.clone(),
                        label: match &section.group {
                            Some(group) => format!("{} ({}, {group})", section.id, section.name),
                            None => format!("{} ({})", section.id, section.name),
                        },
                    })
                    .collect(),
            ),
        })
        .collect()
}

/// Whether a person can be asked: both standard input and standard error (where the prompts
/// are drawn) are terminals.
pub fn can_ask() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// What the person answered.
#[derive(Debug, Default)]
pub struct Answers {
    pub title: Option<String>,
    pub kind: Option<Kind>,
    pub sections: Vec<String>,
}

/// Shows the prompts on the terminal. Escape or Ctrl-C cancels: nothing is written then.
pub fn ask(questions: &[Question]) -> Result<Answers, Error> {
    use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if std::env::var_os("NO_COLOR").is_some() {
        &SimpleTheme
    } else {
        &colorful
    };
    let failed = |err: dialoguer::Error| {
        let dialoguer::Error::IO(source) = err;
        if source.kind() == std::io::ErrorKind::Interrupted {
            cancelled()
        } else {
            Error::Read {
                path: "<terminal>".into(),
                source,
            }
        }
    };
    let mut answers = Answers::default();
    for question in questions {
        match question {
            Question::Title => {
                let title: String = dialoguer::Input::with_theme(theme)
                    .with_prompt("Title (what you did, in one line)")
                    .validate_with(|text: &String| {
                        if text.trim().is_empty() {
                            Err("the title cannot be empty")
                        } else {
                            Ok(())
                        }
                    })
                    .interact_text()
                    .map_err(failed)?;
                answers.title = Some(title.trim().to_owned());
            }
            Question::Kind(choices) => {
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                let index = dialoguer::Select::with_theme(theme)
                    .with_prompt("Kind")
                    .items(&labels)
                    .default(0)
                    .interact_opt()
                    .map_err(failed)?
                    .ok_or_else(cancelled)?;
                answers.kind = choices.get(index).map(|c| c.value);
            }
            Question::Sections(choices) => {
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                loop {
                    let picked = dialoguer::MultiSelect::with_theme(theme)
                        .with_prompt("Sections (space to pick, enter when done)")
                        .items(&labels)
                        .interact_opt()
                        .map_err(failed)?
                        .ok_or_else(cancelled)?;
                    answers.sections = picked
                        .iter()
                        .filter_map(|&i| choices.get(i).map(|c| c.value.clone()))
                        .collect();
                    if !answers.sections.is_empty() || choices.is_empty() {
                        break;
                    }
                    eprintln!("pick at least one section");
                }
            }
        }
    }
    Ok(answers)
}

fn cancelled() -> Error {
    Error::Usage("cancelled: nothing was written".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Section;

    fn rubric() -> Rubric {
        let section = |id: &str, name: &str, group: Option<&str>| Section {
            id: id.into(),
            name: name.into(),
            group: group.map(str::to_owned),
            group_index: None,
            info: false,
            from: None,
            until: None,
            description: String::new(),
            max_chars: None,
            max_words: None,
            expectations: vec![Some("x".into())],
            items: vec![Vec::new()],
        };
        Rubric {
            name: "r".into(),
            description: String::new(),
            origin: None,
            groups: Vec::new(),
            levels: Vec::new(),
            sections: vec![
                section("writing", "Writing", Some("Craft")),
                section("community", "Community", None),
            ],
            strong: 3,
            item_strong: 2,
        }
    }

    #[test]
    fn nothing_is_missing_when_every_required_flag_is_given() {
        let sections = ["writing".to_owned()];
        assert_eq!(missing(Some("Talk"), Some(Kind::Talk), &sections), []);
    }

    #[test]
    fn missing_fields_are_asked_in_order_title_kind_sections() {
        assert_eq!(
            missing(None, None, &[]),
            [Field::Title, Field::Kind, Field::Sections]
        );
        assert_eq!(
            missing(Some("  "), Some(Kind::Docs), &[]),
            [Field::Title, Field::Sections]
        );
    }

    #[test]
    fn kinds_are_offered_from_the_kind_values_and_sections_from_the_rubric() {
        let asked = questions(&[Field::Kind, Field::Sections], &rubric());
        let Question::Kind(kinds) = &asked[0] else {
            panic!("{asked:?}")
        };
        let values: Vec<Kind> = kinds.iter().map(|c| c.value).collect();
        assert_eq!(values, Kind::ALL);
        assert!(
            kinds[0].label.starts_with("blog-post"),
            "{}",
            kinds[0].label
        );
        assert_eq!(
            asked[1],
            Question::Sections(vec![
                Choice {
                    value: "writing".into(),
                    label: "writing (Writing, Craft)".into()
                },
                Choice {
                    value: "community".into(),
                    label: "community (Community)".into()
                },
            ])
        );
    }

    #[test]
    fn the_error_without_a_terminal_names_every_missing_flag() {
        let message = missing_error(&[Field::Title, Field::Kind, Field::Sections]).to_string();
        assert_eq!(
            message,
            "missing `--title`, `--kind` and `--section`: give them on the command line, or run `promopack add` on a terminal to be asked"
        );
        let message = missing_error(&[Field::Kind]).to_string();
        assert!(
            message.starts_with("missing `--kind`: give it"),
            "{message}"
        );
    }
}
