//! The commands around the main job: templates, rubrics, schemas, shell completions, man page.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Subcommand};

use super::Cli;
use super::values::{CheckFormatArg, ShowFormatArg};
use crate::check::{self, FileReport};
use crate::diagnostic::{Severity, suggest};
use crate::error::{EXIT_INVALID, EXIT_OK, Error};
use crate::output::print;
use crate::render::{self, templates};
use crate::{output, read, rubric, schema};

mod man;

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the embedded templates
    List,
    /// Write the embedded templates into DIR, to edit and use with `build --templates DIR`
    #[command(
        after_help = "Examples:\n  promopack templates export my-templates\n  \
        promopack build --templates my-templates   # after editing my-templates/packet.md"
    )]
    Export {
        /// Folder to write the templates into (created if missing)
        #[arg(value_name = "DIR", required_unless_present = "output")]
        dir: Option<PathBuf>,
        /// The same as DIR
        #[arg(short, long, value_name = "DIR", conflicts_with = "dir")]
        output: Option<PathBuf>,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// List the built-in rubrics
    List,
    /// Show a rubric: its source, levels, groups, and each section's expectation per level
    #[command(
        after_help = "Examples:\n  promopack rubric show developer-advocate\n  \
        promopack rubric show examples/engineer/rubric.toml --format html > ladder.html"
    )]
    Show {
        /// A built-in rubric name, or a rubric file
        name: String,
        /// Show one level: what each section that applies there expects of it
        #[arg(long, value_name = "ID")]
        level: Option<String>,
        /// Plain text, Markdown, or a standalone HTML page
        #[arg(long, value_enum, default_value = "txt")]
        format: ShowFormatArg,
    },
    /// Write a built-in rubric's TOML, to start a company rubric from
    #[command(
        after_help = "Examples:\n  promopack rubric export software-engineer\n  \
        promopack rubric export software-engineer -o rubric.toml"
    )]
    Export {
        /// A built-in rubric's name (`promopack rubric list` shows them)
        name: String,
        /// Where to write it; standard output when left out
        file: Option<PathBuf>,
        /// The same as FILE
        #[arg(short, long, value_name = "FILE", conflicts_with = "file")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Check a rubric file on its own: the errors `check` reports, and warnings about links,
    /// levels, text and item ids
    #[command(
        after_help = "Examples:\n  promopack rubric check examples/engineer/rubric.toml\n  \
        promopack rubric check examples/engineer/rubric.toml --format github --deny warnings"
    )]
    Check {
        /// The rubric file (TOML) to check
        file: PathBuf,
        /// How to print the problems
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormatArg,
        /// Treat warnings as problems: exit with 1 when there are any
        #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
        deny: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// The packet file
    Packet,
    /// The rubric file
    Rubric,
}

/// Writes new files, or none: refuses when any exists, unless `force`.
pub fn write_new_files(files: &[(PathBuf, &str)], force: bool) -> Result<(), Error> {
    // `--force` replaces files, never a folder.
    if let Some((path, _)) = files.iter().find(|(path, _)| path.is_dir()) {
        return Err(Error::Usage(format!(
            "`{}` is a folder, not a file to write: give a file name (one inside it, if you like)",
            path.display()
        )));
    }
    if !force && let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(Error::Usage(format!(
            "`{}` already exists; use --force to overwrite it",
            path.display()
        )));
    }
    for (path, text) in files {
        output::write_atomic(path, text.as_bytes())?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

pub fn templates(command: &TemplatesCommand) -> Result<i32, Error> {
    match command {
        TemplatesCommand::List => {
            let names: Vec<String> = templates::embedded()
                .into_iter()
                .map(|(name, _)| name)
                .collect();
            print(&format!("{}\n", names.join("\n")))?;
        }
        TemplatesCommand::Export { dir, output, force } => {
            // One of the two is given: clap requires it.
            let Some(dir) = output.as_ref().or(dir.as_ref()) else {
                return Err(Error::Usage(
                    "give the folder to write the templates into".into(),
                ));
            };
            let files: Vec<(PathBuf, &str)> = templates::embedded()
                .into_iter()
                .map(|(name, text)| (dir.join(name), text))
                .collect();
            write_new_files(&files, *force)?;
        }
    }
    Ok(EXIT_OK)
}

pub fn rubric(command: &RubricCommand) -> Result<i32, Error> {
    match command {
        RubricCommand::List => {
            let mut text = String::new();
            for (name, _) in rubric::BUILTIN {
                let checked = rubric::check(&rubric::named(name)?).map_err(Error::Invalid)?;
                text.push_str(&format!(
                    "{name:<20} {} ({} levels, {} sections)\n",
                    checked.name,
                    checked.levels.len(),
                    checked.sections.len()
                ));
            }
            print(&text)?;
        }
        RubricCommand::Show {
            name,
            level,
            format,
        } => {
            let checked = rubric::check(&rubric::named(name)?).map_err(Error::Invalid)?;
            let level = match level {
                None => None,
                Some(id) => {
                    let ids = checked.levels.iter().map(|l| l.id.as_str());
                    let found = checked.levels.iter().position(|l| &l.id == id);
                    Some(found.ok_or_else(|| {
                        Error::Usage(format!(
                            "unknown level `{id}` in rubric `{name}`: {}",
                            suggest::hint(id, ids)
                        ))
                    })?)
                }
            };
            print(&render::describe(&checked, level, (*format).into()))?;
        }
        RubricCommand::Export {
            name,
            file,
            output,
            force,
        } => {
            let file = output.as_ref().or(file.as_ref());
            let text = rubric::builtin(name).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown built-in rubric `{name}`: {}",
                    suggest::hint(name, rubric::BUILTIN.iter().map(|(n, _)| *n))
                ))
            })?;
            // The editor directive points into promopack's own tree; an exported copy gets
            // its schema from `promopack schema rubric` instead.
            let text = match text.split_once('\n') {
                Some((first, rest)) if first.starts_with("#:schema") => rest,
                _ => text,
            };
            match file {
                Some(file) => write_new_files(&[(file.clone(), text)], *force)?,
                None => print(text)?,
            }
        }
        RubricCommand::Check { file, format, deny } => {
            let source = read::read(file)?;
            let (_, diagnostics) = rubric::check_all(&source);
            let reports = [FileReport {
                file: file.clone(),
                diagnostics,
                coverage: None,
                notes: Vec::new(),
            }];
            print(&check::render(&reports, (*format).into()))?;
            let errors = check::count(&reports, Severity::Error);
            let warnings = check::count(&reports, Severity::Warning);
            let failed = errors > 0 || (deny.is_some() && warnings > 0);
            return Ok(if failed { EXIT_INVALID } else { EXIT_OK });
        }
    }
    Ok(EXIT_OK)
}

pub fn schema(kind: SchemaKind) -> Result<i32, Error> {
    let schema = match kind {
        SchemaKind::Packet => schema::packet(),
        SchemaKind::Rubric => schema::rubric(),
    };
    print(&schema)?;
    Ok(EXIT_OK)
}

pub fn completions(shell: clap_complete::Shell) -> Result<i32, Error> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "promopack", &mut out);
    print(&String::from_utf8_lossy(&out))?;
    Ok(EXIT_OK)
}

pub fn man(dir: Option<&Path>) -> Result<i32, Error> {
    let command = Cli::command();
    let Some(dir) = dir else {
        let page = man::page(command).map_err(|source| Error::Write {
            path: "<stdout>".into(),
            source,
        })?;
        print(&page)?;
        return Ok(EXIT_OK);
    };
    // One page for the tool and one for each command and subcommand, as `man promopack-build`
    // and the pages' own references (`promopack-import-git(1)`) expect.
    let pages = man::pages(command).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let files: Vec<(PathBuf, &str)> = pages
        .iter()
        .map(|(name, text)| (dir.join(name), text.as_str()))
        .collect();
    write_new_files(&files, true)?;
    Ok(EXIT_OK)
}
