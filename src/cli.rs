//! Command-line flags. Clap stays here, in the binary; each command is turned
//! into the library's plain option structs.

// Doc comments here are --help text for people, not rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use oneonone::cadence::{Cadence, Kind};
use oneonone::frontmatter::parse_date;
use oneonone::scaffold::NewOptions;

const EXAMPLES: &str = "\
Examples:
  oneonone new alice                 start today's note with alice and open it
  oneonone topic alice \"Q1 goals\"    queue a talking point for the next meeting
  oneonone status                    who is due, who is overdue
  oneonone actions --owner me        what you promised to do
";

/// Plain-file notes for 1:1 meetings: scaffold the next note, carry open
/// action items forward, see who is due.
#[derive(Debug, Parser)]
#[command(name = "oneonone", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// Notes repository (default: nearest folder with .oneonone.yaml, else
    /// the git work tree, else the current folder).
    #[arg(long, global = true, env = "ONEONONE_DIR", value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Pretend today is this date (for tests and scripts).
    #[arg(long, global = true, env = "ONEONONE_TODAY", hide = true, value_parser = date_arg)]
    pub today: Option<NaiveDate>,

    /// When to use colour (also off when NO_COLOR is set).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only what scripts need (paths, tables); no progress or hints.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write .oneonone.yaml and editable copies of the built-in templates.
    #[command(
        after_help = "Example:\n  oneonone init        then edit .oneonone.yaml and .oneonone/templates/"
    )]
    Init,

    /// Start the next meeting note for PERSON and open it in your editor.
    #[command(
        after_help = "Examples:\n  oneonone new alice\n  oneonone new \"Alice Smith\" --kind peer --cadence biweekly\n  oneonone new bob --date 2026-11-20 --no-edit"
    )]
    New(NewArgs),

    /// Queue a talking point for PERSON's next meeting.
    #[command(after_help = "Example:\n  oneonone topic alice Conference budget for Q1")]
    Topic {
        /// Person id (folder name) or display name.
        person: String,
        /// The talking point.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },

    /// Build or refresh the index cache and say what was done.
    #[command(
        after_help = "The cache lives in .git/oneonone/ (else $XDG_CACHE_HOME/oneonone/); it only\nmakes reports faster and is rebuilt by itself when stale.\n\nExample:\n  oneonone index --rebuild"
    )]
    Index {
        /// Ignore the existing cache and parse every note again.
        #[arg(long)]
        rebuild: bool,
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
    },

    /// List and show note templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Person id (folder name), or a display name such as "Alice Smith".
    pub person: String,
    /// Date of the meeting (default: today).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Kind of 1:1: direct-report, peer, mentee, mentor, skip-level, cross-functional.
    #[arg(long, value_parser = str::parse::<Kind>)]
    pub kind: Option<Kind>,
    /// How often you meet: weekly, biweekly, monthly, quarterly, semiannual, or Nd/Nw/Nm.
    #[arg(long, value_parser = str::parse::<Cadence>)]
    pub cadence: Option<Cadence>,
    /// Template name (default: the kind's).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// Make a second note for a date that already has one.
    #[arg(long)]
    pub another: bool,
    /// Do not open the editor.
    #[arg(long)]
    pub no_edit: bool,
    /// Do not carry open action items over from the previous note.
    #[arg(long)]
    pub no_carry: bool,
}

impl NewArgs {
    pub fn options(&self) -> NewOptions {
        NewOptions {
            person: self.person.clone(),
            date: self.date,
            kind: self.kind,
            cadence: self.cadence,
            template: self.template.clone(),
            another: self.another,
            no_carry: self.no_carry,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Every template, marking the ones your repository overrides.
    List,
    /// Print a template's source.
    Show {
        /// Template name, e.g. direct-report.
        name: String,
    },
}

fn date_arg(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).ok_or_else(|| format!("`{s}` is not a date (expected YYYY-MM-DD)"))
}
