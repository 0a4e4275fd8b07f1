//! The render stage: checked model -> template context (`context`, with `figures` and
//! `charts`) -> Tera (`templates`, `filters`, `markdown`) -> Markdown, HTML and plain text;
//! `pdf` prints the HTML with a headless browser.

pub mod activity;
mod chart_svg;
mod charts;
pub mod context;
mod figures;
mod filters;
pub mod ladder;
mod rubric_page;
pub use rubric_page::{ShowFormat, describe};
pub(crate) mod markdown;
mod metrics;
pub mod pdf;
pub mod review;
pub mod templates;

pub use crate::number::Number;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use tera::{Tera, Value};

use crate::error::{Error, TemplateCause};
use crate::render::activity::ActivityContext;
use crate::render::context::Context;
use templates::Template;

/// Activities below which a packet is rendered on the calling thread alone: its work is done
/// before the thread pool would have started, and on a busy machine every hand-over between
/// threads waits for the scheduler.
pub const PARALLEL_ACTIVITIES: usize = context::PARALLEL_CHUNK;

/// Maps `items` and collects the results: on the thread pool, in tasks of at least `chunk`
/// items, when `parallel`; else on this thread, without starting the pool.
pub(crate) fn map_collect<T, R, C>(
    parallel: bool,
    chunk: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> C
where
    T: Sync,
    R: Send,
    C: FromIterator<R> + FromParallelIterator<R>,
{
    if parallel {
        items.par_iter().with_min_len(chunk).map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

/// Runs `a` and `b`: side by side on the thread pool when `parallel`, else one after the other
/// on this thread.
pub(crate) fn join<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// What a packet shows, from the same context; templates see its name as `layout`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// The case (summary, overview, a chapter per section with its claims and compact
    /// references), then each activity in full once in an appendix.
    #[default]
    Packet,
    /// The case alone, without the appendix.
    Case,
    /// Every activity in full in every section it evidences, and every number.
    Record,
    /// The short self-evaluation a review tool asks for: the case summary, the top
    /// accomplishments, growth areas and goals, within a word budget (`short.*` templates).
    Short,
}

/// An output format of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Markdown, to read or paste from
    Md,
    /// One standalone HTML file, printable to PDF
    Html,
    /// Plain text, one block per rubric section, to paste into a review tool
    Txt,
    /// The HTML printed to PDF by a headless browser (`pdf`): `render` gives its HTML
    Pdf,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Txt => "txt",
            Format::Pdf => "pdf",
        }
    }

    /// The template a format starts from in `layout`: the short form has templates of its
    /// own, every other layout branches inside the packet's.
    pub fn template_for(self, layout: Layout) -> &'static str {
        match (layout, self) {
            (Layout::Short, Format::Md) => "short.md",
            (Layout::Short, Format::Html | Format::Pdf) => "short.html",
            (Layout::Short, Format::Txt) => "short.txt",
            _ => self.template(),
        }
    }

    /// The template a format starts from.
    pub fn template(self) -> &'static str {
        match self {
            Format::Md => "packet.md",
            Format::Html | Format::Pdf => "packet.html",
            Format::Txt => "packet.txt",
        }
    }

    /// The text format this one is made from: itself, or HTML for PDF.
    pub fn text(self) -> Format {
        match self {
            Format::Pdf => Format::Html,
            format => format,
        }
    }
}

/// Templates compiled once, ready to render any number of packets.
pub struct Renderer {
    tera: Tera,
    templates: Vec<Template>,
}

impl Renderer {
    /// The files the templates were read from (user overrides only).
    pub fn template_files(&self) -> impl Iterator<Item = &std::path::Path> {
        self.templates.iter().filter_map(|t| t.path.as_deref())
    }

    pub fn new(templates: Vec<Template>) -> Result<Self, Error> {
        let mut tera = Tera::new();
        filters::register(&mut tera);
        for template in &templates {
            filters::check_date_formats(&template.text).map_err(|(line, message)| {
                Error::Template {
                    name: template.name.clone(),
                    path: template.path.clone(),
                    message: format!("line {line}: {message}"),
                    source: None,
                }
            })?;
        }
        let sources = templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
        tera.add_raw_templates(sources)
            .map_err(|err| template_error(err, &templates))?;
        Ok(Self { tera, templates })
    }

    fn render(
        &self,
        context: &tera::Context,
        format: Format,
        layout: Layout,
    ) -> Result<String, Error> {
        self.tera
            .render(format.template_for(layout), context)
            .map_err(|err| template_error(err, &self.templates))
    }
}

/// Renders a packet in each format, in memory, in the order asked: the text of each, and for
/// PDF the HTML to print (rendered once, and shared, when HTML is asked too). The texts of a
/// large packet render side by side, each on one thread from start to end (the Markdown cache
/// of the `markdown` filter is per thread); a small packet's, one after the other.
pub fn render(
    context: &Context,
    renderer: &Renderer,
    formats: &[Format],
) -> Result<Vec<(Format, Arc<String>)>, Error> {
    let layout = context.layout;
    let parallel = context.timeline.len() >= PARALLEL_ACTIVITIES;
    let context = tera_context(context)?;
    let mut texts: Vec<Format> = formats.iter().map(|format| format.text()).collect();
    texts.sort();
    texts.dedup();
    let rendered: Vec<(Format, Arc<String>)> =
        map_collect::<_, _, Result<_, Error>>(parallel, 1, &texts, |&format| {
            filters::clear_markdown_cache();
            let text = renderer.render(&context, format, layout);
            filters::clear_markdown_cache();
            let text = match format {
                Format::Md | Format::Txt => tidy_markdown(&text?),
                Format::Html | Format::Pdf => text?,
            };
            Ok((format, Arc::new(text)))
        })?;
    Ok(formats
        .iter()
        .filter_map(|&format| {
            let (_, text) = rendered.iter().find(|(text, _)| *text == format.text())?;
            Some((format, Arc::clone(text)))
        })
        .collect())
}

/// The context as Tera values. An activity appears in the timeline and in every section it
/// evidences: it is converted once and shared (Tera's values are reference-counted), which
/// for a large packet halves the work of building the context.
pub fn tera_context(context: &Context) -> Result<tera::Context, Error> {
    fn value<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
        Value::try_from_serializable(value).map_err(|err| context_error(&err))
    }
    let parallel = context.timeline.len() >= PARALLEL_ACTIVITIES;
    let converted: Vec<Value> = map_collect::<_, _, Result<_, Error>>(
        parallel,
        context::PARALLEL_CHUNK,
        &context.timeline,
        |activity| value(activity.as_ref()),
    )?;
    let activities: HashMap<*const ActivityContext, &Value> = context
        .timeline
        .iter()
        .map(Arc::as_ptr)
        .zip(&converted)
        .collect();
    // An activity that is not the timeline's own (a context built by hand) is converted anew.
    let shared = |list: &[Arc<ActivityContext>]| -> Result<Value, Error> {
        list.iter()
            .map(|a| match activities.get(&Arc::as_ptr(a)) {
                Some(&shared) => Ok(shared.clone()),
                None => value(a.as_ref()),
            })
            .collect::<Result<Vec<Value>, Error>>()
            .map(Value::from)
    };
    let mut sections = Vec::with_capacity(context.sections.len());
    for section in &context.sections {
        let mut map = value(&section.info)?.as_map().cloned().unwrap_or_default();
        map.insert("activities".into(), shared(&section.activities)?);
        map.insert("others".into(), shared(&section.others)?);
        let mut claims = Vec::with_capacity(section.claims.len());
        for claim in &section.claims {
            let mut map = tera::Map::new();
            map.insert("text".into(), value(&claim.text)?);
            map.insert("evidence".into(), shared(&claim.evidence)?);
            map.insert("items".into(), value(&claim.items)?);
            map.insert("testimonials".into(), value(&claim.testimonials)?);
            claims.push(Value::from(map));
        }
        map.insert("claims".into(), Value::from(claims));
        let mut items = Vec::with_capacity(section.items.len());
        for item in &section.items {
            let mut map = tera::Map::new();
            map.insert("id".into(), value(&item.id)?);
            map.insert("text".into(), value(&item.text)?);
            map.insert("status".into(), value(&item.status)?);
            map.insert("activities".into(), shared(&item.activities)?);
            items.push(Value::from(map));
        }
        map.insert("items".into(), Value::from(items));
        sections.push(Value::from(map));
    }
    let Context {
        version,
        layout,
        case,
        person,
        target,
        period,
        rubric,
        summary,
        coverage,
        figures,
        sections: _,
        gaps,
        timeline,
        evidence,
        testimonials,
        growth,
        goals,
        previous_goals,
        short_form,
    } = context;
    let mut tera = tera::Context::from_serialize(figures).map_err(|err| context_error(&err))?;
    tera.insert_value("version", value(version)?);
    tera.insert_value("layout", value(layout)?);
    tera.insert_value("case", value(case)?);
    tera.insert_value("person", value(person)?);
    tera.insert_value("target", value(target)?);
    tera.insert_value("period", value(period)?);
    tera.insert_value("rubric", value(rubric)?);
    tera.insert_value("summary", value(summary)?);
    tera.insert_value("coverage", value(coverage)?);
    tera.insert_value("gaps", value(gaps)?);
    tera.insert_value("evidence", value(evidence)?);
    tera.insert_value("testimonials", value(testimonials)?);
    tera.insert_value("growth", value(growth)?);
    tera.insert_value("goals", value(goals)?);
    tera.insert_value("previous_goals", value(previous_goals)?);
    tera.insert_value("short_form", value(short_form)?);
    tera.insert_value("timeline", shared(timeline)?);
    tera.insert_value("sections", Value::from(sections));
    Ok(tera)
}

/// A context that Tera cannot take: promopack's fault, named as the context's.
fn context_error(err: &tera::Error) -> Error {
    Error::Template {
        name: "(context)".to_owned(),
        path: None,
        message: format!("cannot build the template context: {err}"),
        source: None,
    }
}

/// Collapses runs of blank lines that template logic leaves behind, and ends the text with
/// exactly one newline, so templates can be written for readability. Lines inside fenced code
/// blocks, and trailing spaces (Markdown's hard line breaks), are kept as they are.
fn tidy_markdown(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len());
    let mut blank_run = 0;
    let mut fence: Option<&str> = None;
    for line in text.trim().lines() {
        let marker = line.trim_start();
        let opens = ["```", "~~~"].into_iter().find(|m| marker.starts_with(m));
        match (fence, opens) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => fence = None,
            (Some(_), _) => {
                tidy.push_str(line);
                tidy.push('\n');
                continue;
            }
            _ => {}
        }
        let blank = line.trim().is_empty();
        blank_run = if blank { blank_run + 1 } else { 0 };
        if blank_run < 2 {
            tidy.push_str(if blank { "" } else { line });
            tidy.push('\n');
        }
    }
    tidy
}

/// Names the template file behind a Tera error and keeps its whole cause, which Tera puts in
/// the report and in `source()`.
fn template_error(err: tera::Error, templates: &[Template]) -> Error {
    let name = template_of(&err, templates).unwrap_or_default();
    let message = err.to_string();
    let path = templates
        .iter()
        .find(|t| t.name == name)
        .and_then(|t| t.path.clone());
    Error::Template {
        name: if name.is_empty() { "?".into() } else { name },
        path,
        message: message.trim_start_matches("error: ").trim_end().to_owned(),
        source: TemplateCause::of(err),
    }
}

/// The template an error is in, from the kind of the error or of one of its causes: a report
/// names its file; a missing template is named by the template that includes it. Tera gives
/// the checks it runs when templates are added (unknown filters, includes) only as text, one
/// report per problem: for those, the file is the one a report's ` --> name:line:col` names.
fn template_of(err: &tera::Error, templates: &[Template]) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(inner) = cause {
        if let Some(err) = inner.downcast_ref::<tera::Error>() {
            match err.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                    return Some(report.filename().to_owned());
                }
                tera::ErrorKind::MissingParent { current, .. } => return Some(current.clone()),
                tera::ErrorKind::CircularInclude { tpl, .. }
                | tera::ErrorKind::CircularExtend { tpl, .. } => return Some(tpl.clone()),
                tera::ErrorKind::TemplateNotFound(missing) => {
                    let names = |t: &&Template| {
                        t.text.contains(&format!("\"{missing}\""))
                            || t.text.contains(&format!("'{missing}'"))
                    };
                    return templates.iter().find(names).map(|t| t.name.clone());
                }
                _ => {}
            }
        }
        cause = inner.source();
    }
    err.to_string()
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("--> "))
        .and_then(|at| at.split(':').next())
        .and_then(|at| templates.iter().find(|t| t.name == at))
        .map(|t| t.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimal fixture, checked.
    fn minimal() -> crate::packet::model::Packet {
        let loaded = crate::packet::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/minimal/packet.toml"
        )))
        .expect("readable");
        crate::packet::validate::packet(loaded, &Default::default())
            .packet
            .expect("valid")
    }

    #[test]
    fn tera_context_holds_what_the_json_context_holds() {
        let packet = minimal();
        let context = Context::new(&packet, Layout::Packet).expect("context");
        let json = serde_json::to_value(&context).expect("json");
        let tera = tera_context(&context).expect("tera");
        for (key, expected) in json.as_object().expect("object") {
            let value = tera.get(key).unwrap_or_else(|| panic!("no `{key}`"));
            assert_eq!(
                &serde_json::to_value(value).expect("json"),
                expected,
                "`{key}` differs"
            );
        }
        assert!(!tera.contains_key("figures") && !tera.contains_key("info"));
    }

    #[test]
    fn pdf_is_made_from_the_same_html_as_the_html_format() {
        let packet = minimal();
        let context = Context::new(&packet, Layout::Packet).expect("context");
        let renderer = Renderer::new(templates::load(None).expect("templates")).expect("renderer");
        let rendered = render(
            &context,
            &renderer,
            &[Format::Html, Format::Pdf, Format::Md],
        )
        .expect("rendered");
        let formats: Vec<Format> = rendered.iter().map(|(format, _)| *format).collect();
        assert_eq!(formats, [Format::Html, Format::Pdf, Format::Md]);
        assert_eq!(rendered[0].1, rendered[1].1);
        assert!(rendered[1].1.contains("<html"), "{}", rendered[1].1);
        let alone = render(&context, &renderer, &[Format::Pdf]).expect("rendered");
        assert_eq!(alone[0].1, rendered[0].1);
    }

    #[test]
    fn tidy_markdown_keeps_one_blank_line_and_one_final_newline() {
        assert_eq!(tidy_markdown("\n# a\n\n \n\nb\n\n"), "# a\n\nb\n");
    }

    #[test]
    fn tidy_markdown_keeps_hard_breaks_and_code_blocks() {
        let text = "Roses are red  \nviolets\n\n```\nx = 1\n\n\n    return x   \n```\n\n\nend";
        assert_eq!(
            tidy_markdown(text),
            "Roses are red  \nviolets\n\n```\nx = 1\n\n\n    return x   \n```\n\nend\n"
        );
    }
}
