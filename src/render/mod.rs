//! Rendering: the brief's view through tera templates into Markdown. The
//! default templates are compiled in, so `brief` works from any folder; a
//! dataset's `templates/` folder, then `--templates DIR`, override any of
//! them by name. Passages of the dataset are small templates too, rendered
//! first with the same figures and filters.

mod bounds;
pub mod chart;
pub mod filters;

use crate::compute::Brief;
use crate::document::markdown;
use crate::document::{Block, Cell, ColumnGroup, Document, Inline, Meta, Row, Table};
use crate::error::{InputError, Loc, nearest};
use crate::model::{QuarterModel, Snippet};
use crate::view::{self, PassageView, SpeakerView};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Context, ErrorKind, Tera};

/// The template every brief starts from.
pub const MAIN: &str = "brief.md";

/// The template that words a table's captions.
pub const TABLE: &str = "table.md";

/// The template of the email that carries a brief.
pub const MESSAGE: &str = "email.md";

/// The default templates, by name.
pub const DEFAULTS: [(&str, &str); 6] = [
    ("brief.md", include_str!("../../templates/brief.md")),
    ("passage.md", include_str!("../../templates/passage.md")),
    ("table.md", include_str!("../../templates/table.md")),
    ("contact.md", include_str!("../../templates/contact.md")),
    ("email.md", include_str!("../../templates/email.md")),
    ("title.md", include_str!("../../templates/title.md")),
];

/// A template and where it came from, for error messages.
#[derive(Debug, Clone)]
pub struct Template {
    /// The name templates include it by.
    pub name: String,
    /// Its text.
    pub text: String,
    /// Where its first character is: a file, or a dataset string.
    pub origin: Loc,
}

/// The template set for a dataset: the defaults, overridden by the
/// dataset's `templates/` folder, then by `extra`.
pub fn templates(dataset: &Path, extra: Option<&Path>) -> Result<Vec<Template>, InputError> {
    let mut set: Vec<Template> = DEFAULTS
        .iter()
        .map(|(name, text)| Template {
            name: (*name).to_string(),
            text: (*text).to_string(),
            origin: Loc {
                path: PathBuf::from(format!("<built-in>/templates/{name}")),
                line: 1,
                col: 1,
            },
        })
        .collect();
    let dataset_dir = dataset.join("templates");
    let dirs = [dataset_dir.is_dir().then_some(dataset_dir.as_path()), extra];
    for dir in dirs.into_iter().flatten() {
        for t in read_dir_templates(dir)? {
            match set.iter_mut().find(|s| s.name == t.name) {
                Some(slot) => *slot = t,
                None => set.push(t),
            }
        }
    }
    Ok(set)
}

fn read_dir_templates(dir: &Path) -> Result<Vec<Template>, InputError> {
    let entries = fs::read_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read the templates folder: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    // Sorted, so which file wins never depends on the file system's order.
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = crate::load::read_text(&path)?;
            Ok(Template {
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
                origin: Loc {
                    path,
                    line: 1,
                    col: 1,
                },
            })
        })
        .collect()
}

/// Renders the brief of `model`, whose figures are `brief`, with
/// `templates` into its typed document: the prose the templates write, and
/// the tables and charts they place, built from the model.
pub fn render(
    model: &QuarterModel,
    brief: &Arc<Brief>,
    templates: &[Template],
) -> Result<Document, InputError> {
    let (r, view, context) = setup(model, brief, templates)?;
    let raw = r.render(MAIN, &context)?;
    // A table or chart stands alone on its line: one in the middle of a
    // sentence would split it, and one inside a quote's marks would be lost.
    if let Some((kind, id)) = markdown::inline_placeholder(&raw) {
        return Err(r.block_error(
            kind,
            id,
            format!("`{kind}(...)` must stand alone on its line, not inside a sentence or quote"),
            Some("put it on a line of its own, with the text before and after it in paragraphs of their own".into()),
        ));
    }
    let out = tidy(&raw);
    let blocks = markdown::read(&out, |kind, id| r.placed(model, kind, id, &view, &context))?;
    // A chart is one SVG file named after it: placed twice, or two charts
    // of one id, would overwrite each other.
    let mut seen = std::collections::BTreeSet::new();
    let placed = Document {
        meta: meta(model, &blocks),
        blocks,
    };
    for c in placed.charts() {
        if !seen.insert(c.id.clone()) {
            // Say where each placement is: a passage of model.toml or a
            // template's call.
            let mut places: Vec<String> = model
                .passages
                .iter()
                .filter(|p| p.charts.iter().any(|&i| model.charts[i].id == c.id))
                .map(|p| format!("passage `{}` of model.toml", model.places[p.place].id))
                .collect();
            places.extend(
                r.calls("chart", &c.id)
                    .into_iter()
                    .map(|(t, line, _)| format!("`{t}` line {line}")),
            );
            return Err(r.block_error(
                "chart",
                &c.id,
                format!(
                    "chart `{}` is placed twice ({}); a brief draws each chart once",
                    c.id,
                    places.join(", ")
                ),
                None,
            ));
        }
    }
    Ok(placed)
}

/// A renderer with every template added, the view, and the context every
/// template sees: passages and the dataset's own words already rendered.
fn setup(
    model: &QuarterModel,
    brief: &Arc<Brief>,
    templates: &[Template],
) -> Result<(Renderer, view::BriefView, Context), InputError> {
    let mut r = Renderer::new(model, Arc::clone(brief));
    r.add(templates)?;
    r.add_snippets(model)?;
    let mut view = view::build(model, brief)?;
    if view.release_date.is_empty() {
        return Err(InputError::file(
            &model.dir.join(crate::load::COMPANY_FILE),
            format!("no release date for {}", model.quarter),
        )
        .help(format!(
            "add it under [releases], such as `{} = 2003-12-11`",
            model.quarter
        )));
    }
    let context = Context::from_serialize(&view).map_err(|e| {
        InputError::file(
            &model.dir,
            format!("cannot build the template context: {e}"),
        )
    })?;
    view.passages = r.passages(model, &context)?;
    let tables_changed = r.figures_in_words(model, &mut view, &context)?;
    let mut context = context;
    context.insert("passages", &view.passages);
    context.insert("headline", &view.headline);
    context.insert("subheadlines", &view.subheadlines);
    // The tables went in with the view; they go again only if their words
    // were templates (serialising them is a tenth of this setup).
    if tables_changed {
        context.insert("tables", &view.tables);
    }
    Ok((r, view, context))
}

/// The email that carries a brief: its subject and its body, as blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The subject line.
    pub subject: String,
    /// The body (prose only: the brief itself is the attached PDF).
    pub blocks: Vec<Block>,
}

/// Renders the email for `model`'s brief from `email.md`, with the same
/// figures, filters and context as the brief: its first heading is the
/// subject, the rest the body. A table or chart in it is refused, since an
/// email's body is words and the brief goes as the attached PDF.
pub fn message(
    model: &QuarterModel,
    brief: &Arc<Brief>,
    templates: &[Template],
) -> Result<Message, InputError> {
    let (r, view, mut context) = setup(model, brief, templates)?;
    let highlights: Vec<String> = if view.subheadlines.is_empty() {
        view.passages
            .iter()
            .find(|p| !p.bullets.is_empty())
            .map(|p| p.bullets.clone())
            .unwrap_or_default()
    } else {
        view.subheadlines.clone()
    };
    context.insert("highlights", &highlights);
    let raw = r.render(MESSAGE, &context)?;
    let out = tidy(&raw);
    let origin = r.origins.get(MESSAGE).cloned().unwrap_or(Loc {
        path: PathBuf::from(MESSAGE),
        line: 1,
        col: 1,
    });
    let mut blocks = markdown::read(&out, |kind, _id| {
        Err(InputError::at(
            origin.clone(),
            format!(
                "`{MESSAGE}` places a {kind}; an email carries words, and the brief as its PDF"
            ),
        )
        .help(format!("take the `{kind}(...)` call out of {MESSAGE}")))
    })?;
    let subject = match blocks.first() {
        Some(Block::Heading { level: 1, text }) => crate::document::mail::one_line(text),
        _ => String::new(),
    };
    if subject.is_empty() {
        return Err(InputError::at(
            origin,
            format!("`{MESSAGE}` must begin with a `# ` heading: the email's subject"),
        ));
    }
    blocks.remove(0);
    Ok(Message { subject, blocks })
}

/// Whether a table's title or row label is a template, not plain words.
fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// The names the dataset's own templates go by, in tera and in their
/// errors ("in template `passage intro text.md`"): the one home of them.
mod names {
    pub(super) fn passage(id: &str, part: &str) -> String {
        format!("passage {id} {part}.md")
    }
    pub(super) fn bullet(id: &str, i: usize) -> String {
        passage(id, &format!("bullet {}", i + 1))
    }
    pub(super) fn headline() -> String {
        "headline.md".to_string()
    }
    pub(super) fn subheadline(i: usize) -> String {
        format!("subheadline {}.md", i + 1)
    }
    pub(super) fn table_title(id: &str) -> String {
        format!("table {id} title.md")
    }
    pub(super) fn row_label(id: &str, k: usize) -> String {
        format!("table {id} row {} label.md", k + 1)
    }
    pub(super) fn footnote(id: &str, k: usize) -> String {
        format!("table {id} footnote {}.md", k + 1)
    }
}

/// Text that must stay on one line (a label, a caption): its lines joined.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the document says about itself: its headline, the company, the
/// quarter, and the release date as its timestamp.
fn meta(model: &QuarterModel, blocks: &[Block]) -> Meta {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { text, .. } => Some(crate::document::plain(text)),
            _ => None,
        })
        .unwrap_or_default();
    let timestamp = model
        .company
        .releases
        .get(&model.quarter)
        .and_then(|d| d.since(jiff::civil::date(1970, 1, 1)).ok())
        .map_or(0, |span| i64::from(span.get_days()) * 86_400);
    Meta {
        title,
        author: model.company.name.clone(),
        subject: format!(
            "Financial results for {}",
            model.calendar.names(model.quarter).name
        ),
        keywords: vec![
            model.company.ticker.clone(),
            model.quarter.to_string(),
            "earnings release".to_string(),
        ],
        timestamp,
    }
}

/// The words above and below a table, as table.md renders them.
#[derive(Debug, Default)]
struct Caption {
    company: Option<Inline>,
    title: Inline,
    notes: Vec<Inline>,
    footnotes: Vec<Inline>,
}

/// Renders one passage-like template (`"{{ f.revenue | change }}"`) with
/// the brief's figures and filters, as a passage of model.toml would be:
/// for tests and tools that need the words the brief prints.
pub fn words(model: &QuarterModel, brief: &Arc<Brief>, text: &str) -> Result<String, InputError> {
    let mut r = Renderer::new(model, Arc::clone(brief));
    let view = view::build(model, brief)?;
    let context = Context::from_serialize(&view).map_err(|e| {
        InputError::file(
            &model.dir,
            format!("cannot build the template context: {e}"),
        )
    })?;
    let snippet = Snippet {
        text: text.to_string(),
        loc: Loc {
            path: PathBuf::from("<words>"),
            line: 1,
            col: 1,
        },
    };
    r.snippet("words.md".to_string(), &snippet, &context)
}

/// A tera instance with our filters and escaping, and where each template came from.
struct Renderer {
    tera: Tera,
    origins: HashMap<String, Loc>,
    /// Each template's text, to name the expression an error is about.
    sources: HashMap<String, String>,
    brief: Arc<Brief>,
    style: crate::phrase::Style,
}

impl Renderer {
    fn new(model: &QuarterModel, brief: Arc<Brief>) -> Renderer {
        let mut tera = Tera::new();
        tera.set_escape_fn(crate::document::escape::escape);
        tera.autoescape_on([".md"]);
        let style = crate::phrase::Style {
            symbol: view::currency_symbol(&model.company.currency),
            flat_within: model.company.flat_within,
        };
        filters::register(
            &mut tera,
            Arc::clone(&brief),
            filters::Settings {
                style: style.clone(),
            },
        );
        // Templates place tables and charts; the document builds them.
        tera.register_function("table", |kw: tera::Kwargs, _: &tera::State| {
            table_placement(&kw)
        });
        tera.register_function("chart", |kw: tera::Kwargs, _: &tera::State| {
            chart_placement(&kw)
        });
        // tera's own `range`, on a budget for the whole brief.
        let budget = Arc::new(std::sync::atomic::AtomicU64::new(0));
        tera.register_function("range", move |kw: tera::Kwargs, _: &tera::State| {
            bounds::range(&kw, &budget)
        });
        Renderer {
            tera,
            origins: HashMap::new(),
            sources: HashMap::new(),
            brief,
            style,
        }
    }

    fn add(&mut self, templates: &[Template]) -> Result<(), InputError> {
        for t in templates {
            self.origins.insert(t.name.clone(), t.origin.clone());
            self.sources.insert(t.name.clone(), t.text.clone());
        }
        self.tera
            .add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
            .map_err(|e| self.error(e))
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, InputError> {
        let mut out = bounds::Bounded::default();
        match self.tera.render_to(name, context, &mut out) {
            Ok(()) => String::from_utf8(out.bytes).map_err(|_| {
                InputError::at(
                    self.loc_in(name, 1, 1),
                    format!("in template `{name}`: the output is not UTF-8"),
                )
            }),
            Err(_) if out.over => Err(InputError::at(
                self.loc_in(name, 1, 1),
                format!(
                    "in template `{name}`: the template wrote more than {} MiB; a brief's \
                     templates write kilobytes (is a loop nested too deep, or too long?)",
                    bounds::MAX_OUTPUT >> 20
                ),
            )),
            Err(e) => Err(self.error(e)),
        }
    }

    /// Renders one of the dataset's own templates, added first unless
    /// [`Renderer::add_snippets`] added it already.
    fn snippet(&mut self, name: String, s: &Snippet, ctx: &Context) -> Result<String, InputError> {
        // Added already if add_snippets added this very text under the name.
        if self.sources.get(&name) != Some(&s.text) || !self.tera.contains_template(&name) {
            self.origins.insert(name.clone(), s.loc.clone());
            self.sources.insert(name.clone(), s.text.clone());
            self.tera
                .add_raw_template(&name, &s.text)
                .map_err(|e| self.error(e))?;
        }
        Ok(paragraphs(&self.render(&name, ctx)?))
    }

    /// Adds every template of the dataset's own (passages, headlines, table
    /// words) in one go: tera re-checks all its templates on each addition,
    /// so adding them one by one as they render was quadratic.
    fn add_snippets(&mut self, model: &QuarterModel) -> Result<(), InputError> {
        let mut all: Vec<(String, Snippet)> = Vec::new();
        for p in &model.passages {
            let id = &model.places[p.place].id;
            all.extend(
                p.text
                    .iter()
                    .map(|s| (names::passage(id, "text"), s.clone())),
            );
            all.extend(
                p.heading
                    .iter()
                    .map(|s| (names::passage(id, "heading"), s.clone())),
            );
            all.extend(
                p.bullets
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (names::bullet(id, i), s.clone())),
            );
        }
        all.extend(
            model
                .headline
                .iter()
                .map(|s| (names::headline(), s.clone())),
        );
        all.extend(
            model
                .subheadlines
                .iter()
                .enumerate()
                .map(|(i, s)| (names::subheadline(i), s.clone())),
        );
        for table in &model.tables {
            let place = &model.places[table.place];
            if is_template(&table.title) {
                let s = Snippet {
                    text: table.title.clone(),
                    loc: place.loc.clone(),
                };
                all.push((names::table_title(&place.id), s));
            }
            for (k, row) in table.rows.iter().enumerate() {
                if is_template(&row.label) {
                    let s = Snippet {
                        text: row.label.clone(),
                        loc: row.loc.clone(),
                    };
                    all.push((names::row_label(&place.id, k), s));
                }
            }
            all.extend(
                table
                    .footnotes
                    .iter()
                    .enumerate()
                    .map(|(k, s)| (names::footnote(&place.id, k), s.clone())),
            );
        }
        for (name, s) in &all {
            self.origins.insert(name.clone(), s.loc.clone());
            self.sources.insert(name.clone(), s.text.clone());
        }
        self.tera
            .add_raw_templates(all.iter().map(|(name, s)| (name.as_str(), s.text.as_str())))
            .map_err(|e| self.error(e))
    }

    /// The dataset's own words that may cite figures, rendered as passages
    /// are: the headline and sub-headlines, table titles and row labels that
    /// hold a template, and table footnotes. A title or label is one line.
    fn figures_in_words(
        &mut self,
        model: &QuarterModel,
        view: &mut view::BriefView,
        ctx: &Context,
    ) -> Result<bool, InputError> {
        // Whether a table's words changed from those already in `ctx`.
        let mut tables_changed = false;
        if let Some(h) = &model.headline {
            view.headline = Some(one_line(&self.snippet(names::headline(), h, ctx)?));
        }
        view.subheadlines = model
            .subheadlines
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.snippet(names::subheadline(i), s, ctx)
                    .map(|t| one_line(&t))
            })
            .collect::<Result<_, _>>()?;
        for (table, tv) in model.tables.iter().zip(view.tables.iter_mut()) {
            let id = &model.places[table.place].id;
            if is_template(&table.title) {
                let s = Snippet {
                    text: table.title.clone(),
                    loc: model.places[table.place].loc.clone(),
                };
                let rendered = self.snippet(names::table_title(id), &s, ctx)?;
                tv.title = one_line(&crate::document::plain(
                    &crate::document::markdown::read_inline(&rendered),
                ));
                tables_changed = true;
            }
            for (k, (row, rv)) in table.rows.iter().zip(tv.rows.iter_mut()).enumerate() {
                if !is_template(&row.label) {
                    continue;
                }
                let s = Snippet {
                    text: row.label.clone(),
                    loc: row.loc.clone(),
                };
                // Rendered as inline Markdown (a filter escapes `$`); a
                // label is plain text.
                let rendered = self.snippet(names::row_label(id, k), &s, ctx)?;
                rv.label = one_line(&crate::document::plain(
                    &crate::document::markdown::read_inline(&rendered),
                ));
                tables_changed = true;
            }
            let footnotes: Vec<String> = table
                .footnotes
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    self.snippet(names::footnote(id, k), s, ctx)
                        .map(|t| one_line(&t))
                })
                .collect::<Result<_, _>>()?;
            if footnotes != tv.footnotes {
                tv.footnotes = footnotes;
                tables_changed = true;
            }
        }
        Ok(tables_changed)
    }

    fn passages(
        &mut self,
        model: &QuarterModel,
        ctx: &Context,
    ) -> Result<Vec<PassageView>, InputError> {
        model
            .passages
            .iter()
            .map(|p| {
                let id = &model.places[p.place].id;
                let name = |part: &str| names::passage(id, part);
                let text = p
                    .text
                    .as_ref()
                    .map(|s| self.snippet(name("text"), s, ctx))
                    .transpose()?;
                Ok(PassageView {
                    id: id.clone(),
                    heading: p
                        .heading
                        .as_ref()
                        .map(|s| self.snippet(name("heading"), s, ctx))
                        .transpose()?,
                    speaker: p.speaker.as_ref().map(|s| SpeakerView {
                        name: s.name.clone(),
                        role: s.role.clone(),
                    }),
                    text: text.clone(),
                    paragraphs: text
                        .iter()
                        .flat_map(|t| t.split("\n\n"))
                        .map(str::to_string)
                        .collect(),
                    bullets: p
                        .bullets
                        .iter()
                        .enumerate()
                        .map(|(i, s)| self.snippet(names::bullet(id, i), s, ctx))
                        .collect::<Result<_, _>>()?,
                    tables: p.tables.clone(),
                    charts: p
                        .charts
                        .iter()
                        .map(|&i| model.charts[i].id.clone())
                        .collect(),
                    level: p.level,
                })
            })
            .collect()
    }

    /// The typed block a placeholder stands for: a table (by index or id)
    /// with the words table.md gives it, or a chart.
    fn placed(
        &self,
        model: &QuarterModel,
        kind: &str,
        id: &str,
        view: &view::BriefView,
        ctx: &Context,
    ) -> Result<Block, InputError> {
        match kind {
            "chart" => {
                let declared;
                let c = match id.strip_prefix(INLINE_CHART) {
                    Some(hex) => {
                        let spec = decode_spec(hex).ok_or_else(|| {
                            self.template_error(MAIN, "`chart`: a garbled placeholder".into(), None)
                        })?;
                        if model.charts.iter().any(|c| c.id == spec.id) {
                            return Err(self.block_error(
                                "chart",
                                &spec.id,
                                format!(
                                    "`chart`: model.toml already declares a chart `{}`",
                                    spec.id
                                ),
                                Some(format!(
                                    "place it with `chart(id=\"{}\")`, or give this one another id",
                                    spec.id
                                )),
                            ));
                        }
                        declared = model.declare_chart(&spec, None).map_err(|e| {
                            self.block_error(
                                "chart",
                                &spec.id,
                                format!("`chart`: {}", e.message),
                                e.help,
                            )
                        })?;
                        &declared
                    }
                    None => model.charts.iter().find(|c| c.id == id).ok_or_else(|| {
                        self.block_error(
                            "chart",
                            id,
                            format!("`chart`: there is no chart `{id}` in model.toml"),
                            nearest(id, model.charts.iter().map(|c| c.id.as_str()))
                                .map(|n| format!("did you mean `{n}`?"))
                                .or_else(|| {
                                    Some("declare it in model.toml (`[[chart]]`), or here with `items=[...]` and `title=...`".into())
                                }),
                        )
                    })?,
                };
                let block =
                    chart::block(model, &self.brief, &self.style, c).map_err(|m| match &c.loc {
                        Some(loc) => InputError::at(loc.clone(), m),
                        None => self.block_error("chart", &c.id, m, None),
                    })?;
                Ok(Block::Chart(block))
            }
            "table" => {
                let t = id
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| view.tables.get(i))
                    .or_else(|| view.tables.iter().find(|t| t.id == id))
                    .ok_or_else(|| {
                        self.template_error(
                            MAIN,
                            format!("`table`: there is no table `{id}` in model.toml"),
                            nearest(id, view.tables.iter().map(|t| t.id.as_str()))
                                .map(|n| format!("did you mean `{n}`?")),
                        )
                    })?;
                let caption = self.caption(t, ctx)?;
                Ok(Block::Table(table_block(t, caption)))
            }
            other => {
                Err(self.template_error(MAIN, format!("nothing can be placed as `{other}`"), None))
            }
        }
    }

    /// Renders table.md for one table and reads its lines: `company:`,
    /// `title:`, `note:` and `footnote:`, each followed by inline Markdown.
    fn caption(&self, t: &view::TableView, ctx: &Context) -> Result<Caption, InputError> {
        let mut ctx = ctx.clone();
        ctx.insert("t", t);
        let text = self.render(TABLE, &ctx)?;
        let mut caption = Caption::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(self.caption_error(n + 1, line));
            };
            let value = markdown::read_inline(value.trim());
            match key.trim() {
                "company" => caption.company = Some(value),
                "title" => caption.title = value,
                "note" => caption.notes.push(value),
                "footnote" => caption.footnotes.push(value),
                _ => return Err(self.caption_error(n + 1, line)),
            }
        }
        Ok(caption)
    }

    fn caption_error(&self, line: usize, text: &str) -> InputError {
        let origin = self.origins.get(TABLE).cloned().unwrap_or(Loc {
            path: PathBuf::from(TABLE),
            line: 1,
            col: 1,
        });
        InputError::at(
            Loc {
                line: origin.line + line - 1,
                col: 1,
                path: origin.path,
            },
            format!(
                "in template `{TABLE}`: the rendered line `{text}` is not `company:`, `title:`, `note:` or `footnote:` followed by its words"
            ),
        )
        .help("table.md words a table's captions; its rows, columns and rules come from model.toml")
    }

    /// An error about a template as a whole, at its first line.
    fn template_error(&self, template: &str, message: String, help: Option<String>) -> InputError {
        let origin = self.origins.get(template).cloned().unwrap_or(Loc {
            path: PathBuf::from(template),
            line: 1,
            col: 1,
        });
        InputError::at(origin, format!("in template `{template}`: {message}")).maybe_help(help)
    }

    /// A tera error as an input error at the template's own file and line,
    /// with the nearest valid name for an unknown variable, field or filter.
    fn error(&self, e: tera::Error) -> InputError {
        let (template, line, col, message) = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
                r.filename().to_string(),
                r.span().start_line,
                r.span().start_col + 1,
                r.message().to_string(),
            ),
            ErrorKind::Msg(text) => match parse_report(text) {
                Some(parts) => parts,
                None => return InputError::file(Path::new("templates"), text.clone()),
            },
            other => return InputError::file(Path::new("templates"), other.to_string()),
        };
        let loc = self.loc_in(&template, line, col);
        let expression = self.expression_at(&template, line, col);
        let (message, help) = self.explain(&message, expression.as_deref());
        InputError::at(loc, format!("in template `{template}`: {message}")).maybe_help(help)
    }

    /// Where `line`:`col` of a template is in the file it came from (a
    /// passage's text starts inside model.toml).
    fn loc_in(&self, template: &str, line: usize, col: usize) -> Loc {
        match self.origins.get(template) {
            Some(origin) if line == 1 => Loc {
                col: origin.col + col - 1,
                ..origin.clone()
            },
            Some(origin) => Loc {
                line: origin.line + line - 1,
                col,
                path: origin.path.clone(),
            },
            None => Loc {
                path: PathBuf::from(template),
                line,
                col,
            },
        }
    }

    /// Every `kind(...)` call naming `id` in the templates (`chart(id="x")`,
    /// `table(id="x")` or `table(index=3)`), as (template, line, column), in
    /// a fixed order: where an error about a placed block points, since it
    /// is found only once the brief is read back.
    fn calls(&self, kind: &str, id: &str) -> Vec<(String, usize, usize)> {
        let open = format!("{kind}(");
        let wanted = [
            format!("id=\"{id}\""),
            format!("id='{id}'"),
            format!("index={id}"),
        ];
        let mut calls = Vec::new();
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        for name in names {
            for (n, line) in self.sources[name].lines().enumerate() {
                for (start, _) in line.match_indices(&open) {
                    let call = &line[start..];
                    let call: String = call[..call.find(')').unwrap_or(call.len())]
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    if wanted.iter().any(|w| call.contains(w.as_str())) {
                        let col = line[..start].chars().count() + 1;
                        calls.push((name.clone(), n + 1, col));
                    }
                }
            }
        }
        calls
    }

    /// An error about the block `kind` `id`, at the template call that
    /// placed it when one can be found, else at brief.md.
    fn block_error(
        &self,
        kind: &str,
        id: &str,
        message: String,
        help: Option<String>,
    ) -> InputError {
        match self.calls(kind, id).into_iter().next() {
            Some((template, line, col)) => InputError::at(
                self.loc_in(&template, line, col),
                format!("in template `{template}`: {message}"),
            )
            .maybe_help(help),
            None => self.template_error(MAIN, message, help),
        }
    }

    /// The expression a filter at `line`:`col` of a template was given: the
    /// text between the `{{` and the `|` before that column.
    fn expression_at(&self, template: &str, line: usize, col: usize) -> Option<String> {
        let text = self.sources.get(template)?;
        let line = text.lines().nth(line.checked_sub(1)?)?;
        let before: String = line.chars().take(col.saturating_sub(1)).collect();
        let open = before.rfind("{{").or_else(|| before.rfind("{%"))?;
        let inside = &before[open + 2..];
        let pipe = inside.rfind('|')?;
        let expression = inside[..pipe].trim();
        (!expression.is_empty()).then(|| expression.to_string())
    }

    /// Why a filter was given nothing: a figure id or period key that does
    /// not exist, with the nearest valid one.
    fn undefined(&self, filter: &str, expression: &str) -> (String, Option<String>) {
        let parts: Vec<&str> = expression.split('.').collect();
        let brief = &self.brief;
        match parts.as_slice() {
            ["f", id, ..] if brief.get(id).is_err() => (
                format!("{filter}`f.{id}` is not a figure of this brief"),
                nearest(id, brief.series().iter().map(|s| s.id.as_str()))
                    .map(|n| format!("did you mean `f.{n}`?"))
                    .or_else(|| {
                        Some("figures are the ids of model.toml's items and measures".into())
                    }),
            ),
            ["f", id, key, ..] => match key.parse::<crate::calendar::PeriodKey>() {
                Err(e) => (format!("{filter}{e}"), None),
                Ok(k) => {
                    let period = k.period(brief.quarter);
                    (
                        format!(
                            "{filter}`f.{id}` has no value at `{key}` ({period}): the figures give none"
                        ),
                        Some(format!(
                            "add a row `{id},{period},<value>` to the figures, or cite another period ({})",
                            crate::calendar::PeriodKey::HELP
                        )),
                    )
                }
            },
            _ => (format!("{filter}`{expression}` is not defined"), None),
        }
    }

    /// Drops tera's list of every available name (long with a hundred
    /// items) and suggests the nearest one instead.
    fn explain(&self, message: &str, expression: Option<&str>) -> (String, Option<String>) {
        if let (Some((filter, _)), Some(expr)) = (message.split_once("needs a figure"), expression)
            && message.contains("an undefined value")
        {
            return self.undefined(filter, expr);
        }
        if message.contains("requires both operands to be numbers") {
            return (
                message.to_string(),
                Some("figures reach templates as exact text, not numbers, so a template does no arithmetic: add a measure to model.toml (`[[measure]]` with a `formula`) and cite it".into()),
            );
        }
        let name = message
            .split('`')
            .nth(1)
            .map(str::to_string)
            .unwrap_or_default();
        if let Some((head, list)) = message.split_once(". Available ") {
            let names: Vec<&str> = list
                .split_once(": ")
                .map(|(_, l)| l.split(", ").collect())
                .unwrap_or_default();
            let help = nearest(&name, names.iter().copied())
                .map(|n| format!("did you mean `{n}`?"))
                .or_else(|| Some(format!("available: {}", names.join(", "))));
            return (head.to_string(), help);
        }
        if message.starts_with("Unknown filter") {
            let help = nearest(&name, filters::names().chain(BUILTIN_FILTERS))
                .map(|n| format!("did you mean `{n}`? (filters are listed in docs/templates.md)"))
                .or_else(|| Some("filters are listed in docs/templates.md".to_string()));
            return (message.to_string(), help);
        }
        (message.to_string(), None)
    }
}

/// A function's arguments by name, in a fixed order (tera's keyword
/// arguments come in no particular order).
fn args(kw: &tera::Kwargs) -> std::collections::BTreeMap<String, tera::Value> {
    kw.iter()
        .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.clone()))
        .collect()
}

/// `{{ table(index=3) }}` or `{{ table(id="operations") }}`: the
/// placeholder the document replaces with the typed table.
fn table_placement(kw: &tera::Kwargs) -> tera::TeraResult<tera::Value> {
    let args = args(kw);
    if let Some(key) = args.keys().find(|k| *k != "index" && *k != "id") {
        return Err(tera::Error::message(format!(
            "`table` takes `index` or `id`, not `{key}`"
        )));
    }
    let id = match (args.get("index"), args.get("id")) {
        (Some(_), Some(_)) => {
            return Err(tera::Error::message(
                "`table` takes `index` or `id`, not both",
            ));
        }
        (Some(v), None) => v
            .as_i64()
            .map(|n| n.to_string())
            .ok_or_else(|| tera::Error::message("`table`: `index` must be a number"))?,
        (None, Some(v)) => v
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| tera::Error::message("`table`: `id` must be a table's id"))?,
        (None, None) => {
            return Err(tera::Error::message(
                "`table` needs `index` or `id`, such as `table(index=i)`",
            ));
        }
    };
    Ok(tera::Value::safe_string(&markdown::placeholder(
        "table", &id,
    )))
}

/// The id prefix of a chart a template declares; the rest of the id is its
/// declaration, as hexadecimal JSON (a comment cannot hold `--`).
const INLINE_CHART: &str = "inline:";

/// `{{ chart(id="x") }}` places a chart model.toml declares;
/// `{{ chart(id="x", title="...", items=[...], kind=..., labels=[...],
/// columns=[...]) }}` declares one here. Either way, a placeholder.
fn chart_placement(kw: &tera::Kwargs) -> tera::TeraResult<tera::Value> {
    const ARGS: [&str; 6] = ["id", "title", "items", "kind", "labels", "columns"];
    let mut spec = crate::model::ChartSpec {
        id: String::new(),
        title: String::new(),
        kind: crate::model::ChartKind::Bars,
        items: Vec::new(),
        labels: Vec::new(),
        columns: vec![crate::load::raw::Chart::DEFAULT_COLUMN.to_string()],
    };
    let text = |key: &str, v: &tera::Value| -> tera::TeraResult<String> {
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| tera::Error::message(format!("`chart`: `{key}` must be text")))
    };
    let list = |key: &str, v: &tera::Value| -> tera::TeraResult<Vec<String>> {
        v.as_array()
            .and_then(|xs| {
                xs.iter()
                    .map(|x| x.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
            })
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "`chart`: `{key}` must be a list of names, such as [\"revenue\"]"
                ))
            })
    };
    let mut declares = false;
    for (key, value) in &args(kw) {
        let key = key.as_str();
        match key {
            "id" => spec.id = text(key, value)?,
            "title" => spec.title = text(key, value)?,
            "items" => spec.items = list(key, value)?,
            "labels" => spec.labels = list(key, value)?,
            "columns" => spec.columns = list(key, value)?,
            "kind" => {
                // The names model.toml takes, from the one serde declaration.
                use serde::Deserialize;
                use serde::de::value::{Error, StrDeserializer};
                let name = text(key, value)?;
                spec.kind =
                    crate::model::ChartKind::deserialize(StrDeserializer::<Error>::new(&name))
                        .map_err(|e| tera::Error::message(format!("`chart`: `kind`: {e}")))?;
            }
            other => {
                let hint = nearest(other, ARGS)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(tera::Error::message(format!(
                    "`chart`: unknown argument `{other}`; {hint}it takes {}",
                    ARGS.map(|a| format!("`{a}`")).join(", ")
                )));
            }
        }
        declares |= key != "id";
    }
    if spec.id.is_empty() {
        return Err(tera::Error::message(
            "`chart` needs `id`, such as `chart(id=\"segment_revenue\")`",
        ));
    }
    if !declares {
        return Ok(tera::Value::safe_string(&markdown::placeholder(
            "chart", &spec.id,
        )));
    }
    if spec.title.is_empty() || spec.items.is_empty() {
        return Err(tera::Error::message(format!(
            "`chart`: a chart declared in a template needs `title` and `items` (`{}`)",
            spec.id
        )));
    }
    let json = serde_json::to_string(&spec).map_err(|e| tera::Error::message(e.to_string()))?;
    let hex: String = json.bytes().map(|b| format!("{b:02x}")).collect();
    Ok(tera::Value::safe_string(&markdown::placeholder(
        "chart",
        &format!("{INLINE_CHART}{hex}"),
    )))
}

/// A template's chart declaration back from its placeholder.
fn decode_spec(hex: &str) -> Option<crate::model::ChartSpec> {
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    serde_json::from_slice(&bytes).ok()
}

/// A table of the view as a typed block, with the words table.md gave it.
fn table_block(t: &view::TableView, caption: Caption) -> Table {
    Table {
        id: t.id.clone(),
        kind: match t.kind {
            crate::model::TableKind::Statement => crate::document::TableKind::Statement,
            crate::model::TableKind::Reconciliation => crate::document::TableKind::Reconciliation,
            crate::model::TableKind::Trend => crate::document::TableKind::Trend,
        },
        company: caption.company,
        title: caption.title,
        notes: caption.notes,
        groups: t
            .groups
            .iter()
            .map(|g| ColumnGroup {
                label: g.label.clone(),
                first: g.first,
                span: g.span,
            })
            .collect(),
        columns: t.headers.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| Row {
                label: r.label.clone(),
                indent: r.indent,
                style: r.style,
                cells: r
                    .cells
                    .iter()
                    .zip(&t.currency_columns)
                    .map(|(c, &takes_sign)| Cell {
                        text: c.clone(),
                        currency: if c.is_empty() || !takes_sign {
                            None
                        } else {
                            r.currency.clone()
                        },
                    })
                    .collect(),
            })
            .collect(),
        footnotes: caption.footnotes,
        new_page: t.new_page,
    }
}

/// tera's own filters, for suggestions.
const BUILTIN_FILTERS: [&str; 14] = [
    "safe",
    "default",
    "upper",
    "lower",
    "trim",
    "title",
    "length",
    "join",
    "first",
    "last",
    "replace",
    "capitalize",
    "truncate",
    "round",
];

/// Reads "error: message\n --> name:line:col" from an error tera reports as text.
fn parse_report(text: &str) -> Option<(String, usize, usize, String)> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?.to_string();
    let at = lines.next()?.trim().strip_prefix("--> ")?;
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let name = parts.next()?.to_string();
    Some((name, line, col, message))
}

/// Joins the lines of each paragraph, so a passage written over several
/// lines in TOML becomes one line per paragraph in the Markdown.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Tidies template output: no trailing spaces, at most one blank line in a
/// row, one newline at the end. Templates can then be laid out for people
/// without whitespace control on every tag.
pub fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() && blank > 0 {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_one_blank_line() {
        assert_eq!(tidy("a  \n\n\n\nb\n| x |\n\n"), "a\n\nb\n| x |\n");
    }

    #[test]
    fn reads_text_reports() {
        let r = parse_report("error: Unknown filter `mony`\n --> c.md:2:12\n  |\n2 | x");
        assert_eq!(
            r,
            Some(("c.md".into(), 2, 12, "Unknown filter `mony`".into()))
        );
    }
}
