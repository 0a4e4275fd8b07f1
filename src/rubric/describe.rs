//! A rubric as text for people: `promopack rubric show`.

use super::Rubric;

/// A rubric as readable text: levels, then sections by group with each level's expectation.
pub fn describe(rubric: &Rubric) -> String {
    let mut text = format!("{}\n", rubric.name);
    if !rubric.description.trim().is_empty() {
        text.push_str(&format!("\n{}\n", rubric.description.trim()));
    }
    text.push_str("\nLevels, lowest first:\n");
    let width = rubric.levels.iter().map(|l| l.id.len()).max().unwrap_or(0);
    for level in &rubric.levels {
        text.push_str(&format!("  {:<width$}  {}\n", level.id, level.name));
    }
    text.push_str("\nSections:\n");
    let mut group = None;
    for section in &rubric.sections {
        if section.group.is_some() && section.group != group {
            text.push_str(&format!(
                "\n  [{}]\n",
                section.group.as_deref().unwrap_or_default()
            ));
            group.clone_from(&section.group);
        }
        let limits: Vec<String> = [
            (section.max_chars, "characters"),
            (section.max_words, "words"),
        ]
        .iter()
        .filter_map(|(limit, unit)| limit.map(|n| format!("at most {n} {unit}")))
        .collect();
        let limits = if limits.is_empty() {
            String::new()
        } else {
            format!(" ({})", limits.join(", "))
        };
        text.push_str(&format!("\n  {}: {}{limits}\n", section.id, section.name));
        for (level, expectation) in rubric.levels.iter().zip(&section.expectations) {
            let Some(expectation) = expectation else {
                continue;
            };
            text.push_str(&format!("    {}:\n", level.id));
            for line in expectation.trim().lines() {
                text.push_str(&format!("      {line}\n"));
            }
        }
    }
    text
}
