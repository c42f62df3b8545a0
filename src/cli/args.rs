//! Command-line flags. Clap stays here, in the binary; each command is turned
//! into the library's plain option structs.

// Doc comments here are --help text for people, not rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use oneonone::model::cadence::{Cadence, Kind};
use oneonone::model::date::parse_date;
use oneonone::model::note::NoteName;
use oneonone::ops::new::NewOptions;
use oneonone::ops::pause::PauseOptions;
use oneonone::report::share;
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
    /// the git work tree, else the current folder). `status`, `actions` and
    /// `gaps` take several, for one table over them all.
    #[arg(long, global = true, env = "ONEONONE_DIR", value_name = "DIR", action = clap::ArgAction::Append)]
    pub dir: Vec<PathBuf>,

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

    /// The command's name as typed, for messages.
    #[arg(skip)]
    pub command_name: String,

    /// Whether `dir` came from ONEONONE_DIR rather than the command line.
    #[arg(skip)]
    pub dir_from_env: bool,
}

impl Cli {
    /// Parses the command line, exiting with clap's message on a mistake.
    pub fn read() -> Cli {
        use clap::{CommandFactory as _, FromArgMatches as _};
        let matches = Cli::command().get_matches();
        let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        Cli {
            command_name: matches.subcommand_name().unwrap_or_default().to_owned(),
            dir_from_env: matches.value_source("dir")
                == Some(clap::parser::ValueSource::EnvVariable),
            ..cli
        }
    }
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
        after_help = "PERSON is anyone you have notes with, by id, former id, handle or name; a new\nname starts a new person (--create when it is near someone's, to catch typos).\n\nExamples:\n  oneonone new alice\n  oneonone new \"Alice Smith\" --kind peer --cadence biweekly\n  oneonone new bob --date 2026-11-20 --no-edit"
    )]
    New(NewArgs),

    /// Queue a talking point for PERSON's next meeting; list or remove queued ones.
    #[command(
        after_help = "Examples:\n  oneonone topic alice Conference budget for Q1\n  oneonone topic alice --by alice Team offsite     alice raised it: `- Team offsite (by alice)`\n  oneonone topic alice --list                      the queue, numbered\n  oneonone topic alice --remove 2                  take the second one off"
    )]
    Topic(TopicArgs),

    /// Who is due, who is overdue: one row per person, most urgent first.
    #[command(
        after_help = "Examples:\n  oneonone status\n  oneonone status --json\n  oneonone status --fail-on overdue     exit 1 if anyone is overdue (for CI or cron)\n  oneonone --dir team-a --dir team-b status     one table over two repositories\n  oneonone status --all-repos           the repositories under `repos:` in your config file"
    )]
    Status(StatusArgs),

    /// Past cadence gaps and adherence per person.
    #[command(
        after_help = "Examples:\n  oneonone gaps\n  oneonone gaps alice --since 2026-01-01\n  oneonone gaps --json"
    )]
    Gaps(GapsArgs),

    /// PERSON's meeting history, oldest first.
    #[command(
        after_help = "Examples:\n  oneonone log alice\n  oneonone log alice --git     add the date git last saw each note change"
    )]
    Log {
        /// Person id (folder name), former id, handle or display name.
        person: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Add the date each note was last changed in git (last_changed).
        #[arg(long)]
        git: bool,
        #[command(flatten)]
        server: ServerArgs,
    },

    /// Every person id, one per line (for scripts and shell completion).
    #[command(
        after_help = "Examples:\n  oneonone people | xargs -n1 oneonone log\n  oneonone people --json       names, handles, former ids, kind, cadence, pauses"
    )]
    People {
        /// Print everyone with their names, handles, kind, cadence and pauses as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        server: ServerArgs,
    },

    /// Record a pause for PERSON (leave, a sabbatical): no 1:1s are due until it ends.
    #[command(
        after_help = "Examples:\n  oneonone pause erin --until 2027-01-31 --reason \"parental leave\"\n  oneonone pause dave --from 2026-12-20 --until 2027-01-04"
    )]
    Pause(PauseArgs),

    /// End PERSON's pause going on today: they are due again from today.
    #[command(after_help = "Example:\n  oneonone resume erin")]
    Resume {
        /// Person id (folder name), former id, handle or display name.
        person: String,
    },

    /// Give a person a new id: move the folder and remember the old id.
    #[command(
        after_help = "Moves OLD/ to NEW/ (with git mv in a git work tree) and records OLD under\npeople.NEW.former_ids in .oneonone.yaml. Notes are not changed: `person: OLD`\nstays valid, and @OLD in items still names the person.\n\nExample:\n  oneonone rename alice alice-smith"
    )]
    Rename {
        /// The person's current id (or any name they answer to).
        #[arg(value_name = "OLD")]
        person: String,
        /// The new id: lowercase letters, digits, `.`, `_` and `-`.
        new: String,
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
    #[command(
        subcommand,
        after_help = "Examples:\n  oneonone templates list\n  oneonone templates show peer"
    )]
    Templates(TemplatesCommand),

    /// Open action items, each once however often it was carried forward.
    #[command(
        after_help = "Examples:\n  oneonone actions\n  oneonone actions alice --all\n  oneonone actions --owner me --json"
    )]
    Actions(ActionsArgs),

    /// Tick off PERSON's open item whose text contains PATTERN.
    #[command(
        after_help = "Example:\n  oneonone done alice promotion packet    changes `- [ ]` to `- [x]` in the latest note listing it"
    )]
    Done(MarkArgs),

    /// Drop PERSON's open item matching PATTERN: it no longer matters.
    #[command(
        after_help = "Example:\n  oneonone drop alice vendor trial    changes `- [ ]` to `- [-]` in the latest note listing it"
    )]
    Drop(MarkArgs),

    /// Reopen PERSON's done or dropped item matching PATTERN.
    #[command(
        after_help = "Example:\n  oneonone reopen alice vendor trial    changes `- [x]` or `- [-]` back to `- [ ]`"
    )]
    Reopen(MarkArgs),

    /// Everything to read before meeting PERSON, on one screen.
    #[command(after_help = "Example:\n  oneonone prep carol")]
    Prep {
        /// Person id (folder name), former id, handle or display name.
        person: String,
        #[command(flatten)]
        server: ServerArgs,
    },

    /// Lint every note; exit 1 when anything is found.
    #[command(after_help = "Examples:\n  oneonone check\n  oneonone check --json")]
    Check {
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },

    /// Print a completion script for SHELL (person names complete in bash, zsh, fish).
    #[command(
        after_help = "Examples:\n  oneonone completions bash > ~/.local/share/bash-completion/completions/oneonone\n  oneonone completions zsh > ~/.zfunc/_oneonone\n  oneonone completions fish > ~/.config/fish/completions/oneonone.fish"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff).
    #[command(
        after_help = "Examples:\n  oneonone man | man -l -\n  oneonone man > ~/.local/share/man/man1/oneonone.1"
    )]
    Man,

    /// Write upcoming 1:1s as an iCalendar file, timed where a slot is set.
    #[command(
        after_help = "Examples:\n  oneonone calendar > one-on-ones.ics\n  oneonone calendar --weeks 8 --out ~/one-on-ones.ics     the next 8 weeks, by cadence"
    )]
    Calendar(CalendarArgs),

    /// A date range of notes with PERSON gathered for a performance review.
    #[command(
        after_help = "Examples:\n  oneonone review alice --since 2026-04-01\n  oneonone review alice --since 2026-04-01 --until 2026-09-30 --json\n  oneonone review alice --since 2026-04-01 --html alice-review.html"
    )]
    Review(ReviewArgs),
    /// What of PERSON's notes you can send them: every private part left out.
    #[command(
        after_help = "Private parts: a section under a heading starting with \"Private\" or ending\nwith \"(private)\", a block between <!-- private --> and <!-- /private -->, a note\nwith `private: true` (left out whole), and the front-matter keys in\n`private_keys` (default: energy, rating).\n\nExamples:\n  oneonone share alice                              the latest note held, as Markdown\n  oneonone share alice 2026-11-24 | pbcopy\n  oneonone share alice --since 2026-10-01 --html alice.html"
    )]
    Share(ShareArgs),

    /// Write a self-contained HTML report: status, timelines, open items.
    #[command(after_help = "Example:\n  oneonone report --html report.html")]
    Report(ReportArgs),
    /// Watch the notes: print a line per change and keep a Markdown dashboard current.
    #[command(
        after_help = "Examples:\n  oneonone watch --dashboard dashboard.md\n  oneonone watch --dashboard dashboard.md --poll      for network drives and containers\n  oneonone watch --dashboard dashboard.md --once      write it once and exit (cron)"
    )]
    Watch(WatchArgs),

    /// A Language Server on stdin/stdout, for editors: checks, completion, hover.
    #[command(
        after_help = "Started by an editor, in the notes repository (or with --dir). See the README for
Neovim, Helix and VS Code.

Example:
  oneonone lsp"
    )]
    Lsp,
}

#[derive(Debug, Args)]
pub struct TopicArgs {
    /// Person id (folder name), former id, handle or display name.
    pub person: String,
    /// The talking point.
    #[arg(num_args = 1.., required_unless_present_any = ["list", "remove"])]
    pub text: Vec<String>,
    /// Who raised it: a handle, or `me` (written as `(by HANDLE)` after the text).
    #[arg(long, value_name = "HANDLE", conflicts_with_all = ["list", "remove"])]
    pub by: Option<String>,
    /// Print the queue, numbered, with who raised each topic.
    #[arg(long, conflicts_with_all = ["text", "remove"])]
    pub list: bool,
    /// Take topic N (as `--list` numbers them) off the queue.
    #[arg(long, value_name = "N", conflicts_with = "text",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub remove: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only this person's items (id, former id, handle or display name).
    pub person: Option<String>,
    /// Only items owned by O: a person by any of their names, or `me` (@me and the `me` setting).
    #[arg(long, value_name = "O")]
    pub owner: Option<String>,
    /// Include done and cancelled items.
    #[arg(long)]
    pub all: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub repos: ReposArgs,
    #[command(flatten)]
    pub server: ServerArgs,
}

// Each flag is one independent switch on the command line.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct NewArgs {
    /// Person id (folder name), former id, handle or display name; a new name starts a new person.
    pub person: String,
    /// Date of the meeting (default: today).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Kind of 1:1.
    #[arg(long, value_parser = kind_arg())]
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
    /// Commit the new note, and only it, with git (also: commit_on_new: true).
    #[arg(long)]
    pub commit: bool,
    /// Start notes with a new person even though the name is near someone's.
    #[arg(long)]
    pub create: bool,
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
            commit: self.commit,
            create: self.create,
        }
    }
}

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// Person id (folder name), former id, handle or display name.
    pub person: String,
    /// The last day of the pause.
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub until: NaiveDate,
    /// The first day of the pause (default: today).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Why, kept with the pause (one line).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

impl PauseArgs {
    pub fn options(&self) -> PauseOptions {
        PauseOptions {
            person: self.person.clone(),
            from: self.from,
            until: self.until,
            reason: self.reason.clone(),
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
    #[command(flatten)]
    pub repos: ReposArgs,
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Overdue,
}

/// Which repositories to read together (`status`, `actions`, `gaps`).
#[derive(Debug, Args)]
pub struct ReposArgs {
    /// Read every repository listed under `repos:` in your config file
    /// ($XDG_CONFIG_HOME/oneonone/config.yaml, else
    /// ~/.config/oneonone/config.yaml), even from inside one of them.
    /// Outside any notes repository the list is read without it.
    #[arg(long)]
    pub all_repos: bool,
}

/// Whether to ask a running `watch` (`status`, `actions`, `gaps`, `log`,
/// `prep`, `people`).
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Read the files even when a running `watch` could answer.
    #[arg(long)]
    pub no_server: bool,
    /// Fail when no running `watch` answers, waiting as long as a busy one
    /// may need (to check that one does).
    #[arg(long, hide = true, conflicts_with = "no_server")]
    pub require_server: bool,
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
    #[command(flatten)]
    pub repos: ReposArgs,
    #[command(flatten)]
    pub server: ServerArgs,
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also list later meetings, by cadence, for this many weeks after the next one.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=520))]
    pub weeks: u32,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Person id (folder name), former id, handle or display name.
    pub person: String,
    /// First day of the range, included (default: the first note).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub since: Option<NaiveDate>,
    /// Last day of the range, included (default: today).
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD")]
    pub until: Option<NaiveDate>,
    /// Print JSON instead of text.
    #[arg(long, conflicts_with = "html")]
    pub json: bool,
    /// Write a self-contained HTML page to FILE (replaced atomically) instead.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// Person id (folder name) or display name.
    pub person: String,
    /// The note: its date, or DATE-N for a later one that day (default: the latest held).
    #[arg(value_parser = note_arg, value_name = "DATE")]
    pub date: Option<NoteName>,
    /// Every note from this day on, planned ones included.
    #[arg(long, value_parser = date_arg, value_name = "YYYY-MM-DD", conflicts_with = "date")]
    pub since: Option<NaiveDate>,
    /// Write one self-contained HTML page to FILE (replaced atomically).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Print JSON instead of Markdown.
    #[arg(long, conflicts_with = "html")]
    pub json: bool,
}

impl ShareArgs {
    pub fn which(&self) -> share::Which {
        match (self.date, self.since) {
            (Some(name), _) => share::Which::Note(name),
            (None, Some(since)) => share::Which::Since(since),
            (None, None) => share::Which::Latest,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The HTML file to write (replaced atomically).
    #[arg(long, value_name = "FILE", required = true)]
    pub html: PathBuf,
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
    pub fn options(&self, cwd: &Path) -> watch::Options {
        watch::Options {
            dashboard: self.dashboard.clone(),
            cwd: cwd.to_path_buf(),
            poll: self.poll.then(|| Duration::from_millis(self.interval)),
            debounce: Duration::from_millis(self.debounce),
            once: self.once,
        }
    }
}

/// The item to mark: whose, and part of its text.
#[derive(Debug, Args)]
pub struct MarkArgs {
    /// Person id (folder name), former id, handle or display name.
    pub person: String,
    /// Part of the item's text as it reads now (case and spacing ignored).
    #[arg(required = true, num_args = 1..)]
    pub pattern: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Every template, marking the ones your repository overrides.
    #[command(after_help = "Example:\n  oneonone templates list")]
    List,
    /// Print a template's source.
    #[command(after_help = "Example:\n  oneonone templates show direct-report > my-template.md")]
    Show {
        /// Template name, e.g. direct-report.
        name: String,
    },
}

/// The kinds as possible values, so `--help` and shell completion list them.
fn kind_arg() -> impl clap::builder::TypedValueParser<Value = Kind> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Kind::ALL.map(Kind::as_str))
        .try_map(|s| s.parse::<Kind>())
}

/// `YYYY-MM-DD`, or `YYYY-MM-DD-N` for the Nth note of a day.
fn note_arg(s: &str) -> Result<NoteName, String> {
    match NoteName::parse(&format!("{s}.md")) {
        Some(Ok(name)) => Ok(name),
        _ => Err(format!(
            "`{s}` is not a note date (expected YYYY-MM-DD, or YYYY-MM-DD-2 for a second note that day)"
        )),
    }
}

fn date_arg(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).ok_or_else(|| format!("`{s}` is not a date (expected YYYY-MM-DD)"))
}
