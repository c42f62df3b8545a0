//! Command-line flags. Clap stays here, in the binary; each command is turned
//! into the library's plain option structs.

// Doc comments here are --help text for people, not rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use oneonone::cadence::{Cadence, Kind};
use oneonone::frontmatter::parse_date;
use oneonone::scaffold::NewOptions;
use oneonone::watch;

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

    /// Who is due, who is overdue: one row per person, most urgent first.
    #[command(
        after_help = "Examples:\n  oneonone status\n  oneonone status --json\n  oneonone status --fail-on overdue     exit 1 if anyone is overdue (for CI or cron)"
    )]
    Status(StatusArgs),

    /// Past cadence gaps and adherence per person.
    #[command(
        after_help = "Examples:\n  oneonone gaps\n  oneonone gaps alice --since 2026-01-01\n  oneonone gaps --json"
    )]
    Gaps(GapsArgs),

    /// PERSON's meeting history, oldest first.
    #[command(after_help = "Example:\n  oneonone log alice")]
    Log {
        /// Person id (folder name) or display name.
        person: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },

    /// Every person id, one per line (for scripts and shell completion).
    People,

    /// List and show note templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),

    /// Watch the notes: print a line per change and keep a Markdown dashboard current.
    #[command(
        after_help = "Examples:\n  oneonone watch --dashboard dashboard.md\n  oneonone watch --dashboard dashboard.md --poll      for network drives and containers\n  oneonone watch --dashboard dashboard.md --once      write it once and exit (cron)"
    )]
    Watch(WatchArgs),
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

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Exit with code 1 when anyone is in this state.
    #[arg(long, value_enum, value_name = "STATE")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Overdue,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    /// Only this person (id or display name).
    pub person: Option<String>,
    /// Start of the adherence window (default: each person's first held meeting).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub since: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Keep this Markdown file current: status table, open items, gaps.
    #[arg(long, value_name = "FILE")]
    pub dashboard: Option<PathBuf>,
    /// Look for changes by polling instead of OS events (network drives, containers).
    #[arg(long)]
    pub poll: bool,
    /// How often to poll, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 500, requires = "poll",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: u64,
    /// How long a burst of changes must settle before it is read, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 100,
          value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub debounce: u64,
    /// Write the dashboard (or print it, without --dashboard) and exit.
    #[arg(long)]
    pub once: bool,
}

impl WatchArgs {
    pub fn options(&self, cwd: &Path, quiet: bool) -> watch::Options {
        watch::Options {
            dashboard: self.dashboard.clone(),
            cwd: cwd.to_path_buf(),
            poll: self.poll.then(|| Duration::from_millis(self.interval)),
            debounce: Duration::from_millis(self.debounce),
            once: self.once,
            quiet,
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
