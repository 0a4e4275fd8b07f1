//! Man pages: one for the tool and one for every command and subcommand, so that each
//! `promopack-import-git(1)` a page refers to exists. The help text's closing blocks ("Exit
//! codes:", "Examples:") become sections of their own, laid out for `man` rather than filled
//! into one paragraph.

use clap::Command;

/// Every page, as (file name, roff text): the tool's first, then each command's, depth first.
pub fn pages(command: Command) -> Result<Vec<(String, String)>, std::io::Error> {
    let mut pages = Vec::new();
    collect(command, &mut pages)?;
    Ok(pages)
}

/// The tool's own page, for `promopack man` without `--dir`.
pub fn page(command: Command) -> Result<String, std::io::Error> {
    render(command.disable_help_subcommand(true))
}

fn collect(command: Command, pages: &mut Vec<(String, String)>) -> Result<(), std::io::Error> {
    // clap's `help` subcommand has no page of its own; it would be a reference to nothing.
    let command = command.disable_help_subcommand(true);
    let name = command.get_name().to_owned();
    pages.push((format!("{name}.1"), render(command.clone())?));
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let page = format!("{name}-{}", sub.get_name());
        collect(sub.clone().name(page), pages)?;
    }
    Ok(())
}

fn render(command: Command) -> Result<String, std::io::Error> {
    let after = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
        .map(ToString::to_string);
    let version = command.get_version().is_some();
    let subcommands = command.get_subcommands().any(|sub| !sub.is_hide_set());
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    // Every command has at least `--help`.
    man.render_options_section(&mut out)?;
    if subcommands {
        man.render_subcommands_section(&mut out)?;
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    if let Some(after) = after {
        text.push_str(&after_help(&after));
    }
    if version {
        let mut out = Vec::new();
        man.render_version_section(&mut out)?;
        text.push_str(&String::from_utf8_lossy(&out));
    }
    Ok(text)
}

/// The help text's closing blocks as man sections: a line `Heading:` opens a section, an
/// `  N  meaning` line under "Exit codes:" is an entry of the EXIT STATUS list, and the other
/// indented lines (examples) are kept line for line.
fn after_help(text: &str) -> String {
    let mut out = String::new();
    let mut exit_codes = false;
    let mut verbatim = false;
    for line in text.lines() {
        let indented = line.starts_with(' ');
        if verbatim && !indented {
            out.push_str(".fi\n.RE\n");
            verbatim = false;
        }
        if !indented && let Some(heading) = line.strip_suffix(':') {
            exit_codes = heading.eq_ignore_ascii_case("exit codes");
            let heading = if exit_codes {
                "EXIT STATUS".to_owned()
            } else {
                heading.to_uppercase()
            };
            out.push_str(&format!(".SH \"{}\"\n", escape(&heading)));
            continue;
        }
        if line.trim().is_empty() {
            if !verbatim {
                out.push_str(".PP\n");
            }
            continue;
        }
        if exit_codes && let Some((code, meaning)) = exit_code(line) {
            out.push_str(&format!(".TP\n.B {code}\n{}\n", text_line(meaning)));
        } else if indented {
            if !verbatim {
                out.push_str(".PP\n.RS 4\n.nf\n");
                verbatim = true;
            }
            out.push_str(&text_line(line.trim_start()));
            out.push('\n');
        } else {
            out.push_str(&text_line(line));
            out.push('\n');
        }
    }
    if verbatim {
        out.push_str(".fi\n.RE\n");
    }
    out
}

/// `  130  interrupted` -> (`130`, `interrupted`).
fn exit_code(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let end = line.find(|c: char| !c.is_ascii_digit())?;
    let (code, rest) = line.split_at(end);
    let meaning = rest.trim_start();
    (!code.is_empty() && rest.starts_with(' ') && !meaning.is_empty()).then_some((code, meaning))
}

/// A line of text that roff prints as written: a leading `.` or `'` is not a request.
fn text_line(text: &str) -> String {
    let text = escape(text);
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_become_a_list_and_examples_stay_line_for_line() {
        let roff = after_help(
            "Examples:\n  promopack build a.toml\n  promopack check .\nExit codes:\n    0  success\n  130  interrupted; outputs removed",
        );
        assert_eq!(
            roff,
            ".SH \"EXAMPLES\"\n.PP\n.RS 4\n.nf\npromopack build a.toml\npromopack check .\n.fi\n.RE\n\
             .SH \"EXIT STATUS\"\n.TP\n.B 0\nsuccess\n.TP\n.B 130\ninterrupted; outputs removed\n"
        );
    }

    #[test]
    fn a_leading_dot_is_text_not_a_request() {
        assert_eq!(text_line(".hidden"), "\\&.hidden");
        assert_eq!(text_line("a-b \\ c"), "a\\-b \\e c");
    }

    #[test]
    fn exit_code_needs_a_number_and_a_meaning() {
        assert_eq!(exit_code("    2  usage"), Some(("2", "usage")));
        assert_eq!(exit_code("  promopack build"), None);
        assert_eq!(exit_code("  42"), None);
    }
}
