//! The command line, as clap types and nothing else: their doc comments are the help text.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::model::{ClaimOrder, Rating, Reliability, SourceKind, Stance, Status};

mod examples;

/// Track claims in a moving story, who said what about each, through whom, and what it adds up
/// to: confirmed, denied, contested or still unverified.
#[derive(Debug, Parser)]
#[command(name = "claims", version, max_term_width = 100)]
pub struct Cli {
    /// The database file [env: CLAIMS_DB] [default: $XDG_DATA_HOME/claims/claims.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who is making the change, as recorded in the history [default: $USER]
    #[arg(long, global = true, env = "CLAIMS_ACTOR", value_name = "NAME")]
    #[arg(hide_env_values = true)]
    pub actor: Option<String>,

    /// How to print results: table (for people) or json (exactly one JSON document); export
    /// writes jsonl [default], csv, markdown, claimreview or html; import reads jsonl or csv
    /// [default: table; for export and import, from the file's extension]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// Show times in UTC rather than in the local time zone (TZ, else the system's)
    #[arg(long, global = true)]
    pub utc: bool,

    /// Never send output through a pager (an empty CLAIMS_PAGER does the same)
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// `--format` as typed: the two result formats, and the interchange formats of `export` and
/// `import`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
    Claimreview,
    Html,
}

impl FormatArg {
    pub fn name(self) -> &'static str {
        match self {
            FormatArg::Table => "table",
            FormatArg::Json => "json",
            FormatArg::Jsonl => "jsonl",
            FormatArg::Csv => "csv",
            FormatArg::Markdown => "markdown",
            FormatArg::Claimreview => "claimreview",
            FormatArg::Html => "html",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log a claim; with --by (or --anonymous, or --stance) also record the first statement
    #[command(after_help = examples::ADD)]
    Add(AddArgs),
    /// Record that a source states or reports a claim as fact
    #[command(after_help = examples::ASSERT)]
    Assert(StatementArgs),
    /// Record that a source confirms a claim
    #[command(after_help = examples::CONFIRM)]
    Confirm(StatementArgs),
    /// Record that a source says a claim is false
    #[command(after_help = examples::DENY)]
    Deny(StatementArgs),
    /// Record that a source can neither confirm nor deny a claim
    #[command(visible_alias = "neither")]
    #[command(after_help = examples::NCND)]
    Ncnd(StatementArgs),
    /// Record that a source declined to comment on a claim
    #[command(visible_alias = "no-comment")]
    #[command(after_help = examples::DECLINE)]
    Decline(StatementArgs),
    /// List claims, most recent activity first
    #[command(after_help = examples::LIST)]
    List(ListArgs),
    /// Show a claim, its status and summary, and every statement on it
    #[command(after_help = examples::SHOW)]
    Show(ShowArgs),
    /// Change a claim's text, tags or date; the old values stay in the history
    #[command(after_help = examples::EDIT)]
    Edit(EditArgs),
    /// List sources with their reliability and track record
    #[command(after_help = examples::SOURCES)]
    Sources,
    /// Show, add or edit a source
    #[command(subcommand)]
    #[command(after_help = examples::SOURCE)]
    Source(SourceCommand),
    /// Retract a statement: it stays visible and stops counting
    #[command(after_help = examples::RETRACT)]
    Retract(RetractArgs),
    /// Reverse your last command's changes (repeat to step further back); never another's
    #[command(after_help = examples::UNDO)]
    Undo(UndoArgs),
    /// Apply again the last command you undid
    #[command(after_help = examples::REDO)]
    Redo,
    /// Show the history of changes, newest first
    #[command(after_help = examples::LOG)]
    Log(LogArgs),
    /// Rebuild every table from the events alone and compare with the stored tables
    #[command(after_help = examples::REBUILD)]
    Rebuild(RebuildArgs),
    /// Set the desk's published rating of a claim (for ClaimReview); its status stays derived
    #[command(after_help = examples::VERDICT)]
    Verdict(VerdictArgs),
    /// Show or change a setting kept in the database
    #[command(subcommand)]
    #[command(after_help = examples::CONFIG)]
    Config(ConfigCommand),
    /// Show or change the desk's PostgreSQL that 'claims sync' shares the history through
    #[command(subcommand)]
    #[command(after_help = examples::REMOTE)]
    Remote(RemoteCommand),
    /// Push your changes to the desk's PostgreSQL and pull your colleagues' (see 'claims
    /// remote')
    #[command(after_help = examples::SYNC)]
    Sync,
    /// Find claims by the words of their text, quotes, notes and sources, best match first
    #[command(after_help = examples::SEARCH)]
    Search(SearchArgs),
    /// List the claims that read most like a claim
    #[command(after_help = examples::SIMILAR)]
    Similar(SimilarArgs),
    /// Write claims out: JSON Lines (lossless), CSV, a Markdown dossier, ClaimReview or a story
    /// page (HTML)
    #[command(after_help = examples::EXPORT)]
    Export(ExportArgs),
    /// Read claims in from JSON Lines (an export) or CSV (a sheet), all or nothing
    #[command(after_help = examples::IMPORT)]
    Import(ImportArgs),
    /// Show which database is in use and why, its schema version, size and what it holds
    #[command(after_help = examples::INFO)]
    Info,
    /// Print the completion script for a shell
    #[command(after_help = examples::COMPLETIONS, display_order = 100)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff)
    #[command(after_help = examples::MAN, display_order = 101)]
    Man,
    /// Find the attributed statements in a news report (plain text or HTML); with --apply, log
    /// them
    #[command(after_help = examples::INGEST)]
    Ingest(IngestArgs),
    /// Build the Ankara talks story in a fresh database and show it
    #[command(after_help = examples::DEMO)]
    Demo,
    /// Write a consistent copy of the database to a new FILE, even while others write to it
    #[command(after_help = examples::BACKUP)]
    Backup(BackupArgs),
    /// Bring a removed claim back into the lists (a claim number: 7 or #7), or put a backup
    /// FILE in place of the database (the database it replaces is kept beside it)
    #[command(after_help = examples::RESTORE)]
    Restore(RestoreArgs),
    /// Show, edit or move one statement; the old values stay in the history
    #[command(subcommand)]
    #[command(after_help = examples::STATEMENT)]
    Statement(StatementCommand),
    /// Merge a claim into another: its statements, tags and note move; its number still
    /// answers (`show` follows it)
    #[command(after_help = examples::MERGE)]
    Merge(MergeArgs),
    /// Remove a claim from lists, searches and the exports people read; `show` still reads it
    /// and 'claims restore' brings it back
    #[command(after_help = examples::REMOVE)]
    Remove(RemoveArgs),
}

impl Command {
    /// The stance a statement verb records.
    pub fn stance(&self) -> Option<(Stance, &StatementArgs)> {
        match self {
            Command::Assert(args) => Some((Stance::Asserts, args)),
            Command::Confirm(args) => Some((Stance::Confirms, args)),
            Command::Deny(args) => Some((Stance::Denies, args)),
            Command::Ncnd(args) => Some((Stance::Ncnd, args)),
            Command::Decline(args) => Some((Stance::Declines, args)),
            _ => None,
        }
    }
}

/// Who said it, through whom, relying on whom, and when.
#[derive(Debug, Args, Clone, Default)]
pub struct Attribution {
    /// The source: a name, an alias, the start of a word of a name ("Altun"), or #N;
    /// default: the desk, named after the actor
    #[arg(long, value_name = "SOURCE")]
    pub by: Option<String>,

    /// The outlet or channel the words reached the public through ("Associated Press")
    #[arg(long, value_name = "OUTLET")]
    pub via: Option<String>,

    /// Whom the source relies on ("Reuters, citing Kommersant": --by Reuters --citing Kommersant)
    #[arg(long, value_name = "SOURCE")]
    pub citing: Option<String>,

    /// The source is unnamed: always a new source, described by --by ("unnamed source")
    #[arg(long, conflicts_with = "kind")]
    pub anonymous: bool,

    /// The kind of a source created here for --by [default: person]
    #[arg(long, value_name = "KIND", requires = "by")]
    pub kind: Option<SourceKind>,

    /// The words, as said
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,

    /// Where it was said or reported
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// When it was said: YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (local time), RFC 3339, today,
    /// yesterday, a weekday or a time ago (2h ago, 3d) [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// This statement's grade, A (completely reliable) to F (cannot be judged), overriding
    /// its source's
    #[arg(long, value_name = "A-F")]
    pub reliability: Option<Reliability>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct AddArgs {
    /// The claim, in one sentence
    pub text: String,

    /// A tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// The date of the claimed event: YYYY-MM-DD, today, yesterday, a weekday or 3d (days ago)
    #[arg(long, value_name = "DATE")]
    pub happened: Option<String>,

    /// A note on the claim
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The stance of the first statement [default: asserts]
    #[arg(long, value_name = "STANCE")]
    pub stance: Option<Stance>,

    #[command(flatten)]
    pub attribution: Attribution,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct StatementArgs {
    /// The claim: its number (7 or #7), or its uuid or 8+ hex digits of it
    pub claim: String,

    #[command(flatten)]
    pub attribution: Attribution,

    /// A note on the statement
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only claims with this status (repeatable)
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<Status>,

    /// Only unverified claims (same as --status unverified)
    #[arg(long)]
    pub unverified: bool,

    /// Only claims with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only claims this source made a statement on
    #[arg(long, value_name = "SOURCE")]
    pub by: Option<String>,

    /// Only claims with a statement that came through this outlet (named as for --by)
    #[arg(long, value_name = "OUTLET")]
    pub via: Option<String>,

    /// Only claims with activity at or after this date or time (local time; also today,
    /// yesterday, a weekday, 2h ago, 3d): a claim logged, edited or given a statement,
    /// retraction or verdict then, whatever date its statements carry
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only claims with a statement said (its --at) at or after this date or time
    #[arg(long, value_name = "WHEN")]
    pub stated_since: Option<String>,

    /// Only claims whose credibility is in this range: 1-2, 3, 4-6
    #[arg(long, value_name = "RANGE", value_parser = parse_grades)]
    pub credibility: Option<(u8, u8)>,

    /// Only claims with circular reporting (several reports, one origin)
    #[arg(long)]
    pub circular: bool,

    /// The claims as they stood at this date or time (a day: its end, local time)
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,

    /// The order: activity (most recent first, the default), created (newest first),
    /// happened (latest date first, undated last), status (contested, denied, confirmed,
    /// unverified) or grade (1 first); ties go to the most recent activity
    #[arg(long, value_name = "ORDER", default_value_t = ClaimOrder::Activity)]
    pub sort: ClaimOrder,

    /// At most this many claims
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// The claims removed from lists ('claims remove') too, marked removed
    #[arg(long)]
    pub include_removed: bool,
}

/// "1-2" or "3": an inclusive range of credibility grades.
fn parse_grades(text: &str) -> Result<(u8, u8), String> {
    let grade = |t: &str| {
        t.trim()
            .parse::<u8>()
            .ok()
            .filter(|g| (1..=6).contains(g))
            .ok_or_else(|| format!("'{text}' is not a credibility range: use 1-2, 3 or 4-6"))
    };
    let (low, high) = match text.split_once('-') {
        Some((low, high)) => (grade(low)?, grade(high)?),
        None => (grade(text)?, grade(text)?),
    };
    if low > high {
        return Err(format!(
            "'{text}' is not a credibility range: the low grade comes first"
        ));
    }
    Ok((low, high))
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct ShowArgs {
    /// The claim: its number (7 or #7), or its uuid or 8+ hex digits of it
    pub claim: String,

    /// The claim as it stood at this date or time (a day: its end, local time)
    #[arg(long, value_name = "WHEN")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct RetractArgs {
    /// The statement: its number as `show` prints it, or its uuid or 8+ hex digits of it
    pub statement: String,

    /// Why it is retracted
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct RebuildArgs {
    /// Compare the rebuild with the stored tables and print the differences (exit 1 if any)
    #[arg(long, required = true)]
    pub check: bool,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
#[command(group(ArgGroup::new("change").required(true).multiple(true)
    .args(["text", "tag", "untag", "happened"])))]
pub struct EditArgs {
    /// The claim: its number (7 or #7), or its uuid or 8+ hex digits of it
    pub claim: String,

    /// The new text
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// Add a tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Remove a tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub untag: Vec<String>,

    /// The date of the claimed event: YYYY-MM-DD, today, yesterday, a weekday or 3d (days ago)
    #[arg(long, value_name = "DATE")]
    pub happened: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Show a source, its statements, and how the claims it spoke on stand now
    #[command(after_help = examples::SOURCE_SHOW)]
    Show(SourceShowArgs),
    /// Add a named source
    #[command(after_help = examples::SOURCE_ADD)]
    Add(SourceAddArgs),
    /// Change a source's name, kind, role, affiliation, aliases or reliability
    #[command(after_help = examples::SOURCE_EDIT)]
    Edit(SourceEditArgs),
    /// Merge a source into another: its statements become the other's, its names the other's
    /// aliases; undo takes the merge back
    #[command(after_help = examples::SOURCE_MERGE)]
    Merge(SourceMergeArgs),
}

#[derive(Debug, Args)]
pub struct SourceMergeArgs {
    /// The source to merge: a name, an alias, the start of a word of a name, or #N (an
    /// anonymous source only as #N)
    pub source: String,

    /// The source it is merged into, named the same way
    pub into: String,
}

#[derive(Debug, Subcommand)]
pub enum StatementCommand {
    /// Show one statement whole: its claim, stance, sources, quote, URL, times, note, grade
    #[command(after_help = examples::STATEMENT_SHOW)]
    Show(StatementShowArgs),
    /// Mend a statement in place (an empty value clears a field that may be empty); its claim
    /// is regraded
    #[command(after_help = examples::STATEMENT_EDIT)]
    Edit(StatementEditArgs),
    /// Move a statement to another claim; both claims are regraded
    #[command(after_help = examples::STATEMENT_MOVE)]
    Move(StatementMoveArgs),
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct StatementShowArgs {
    /// The statement: its number as `show` prints it, or its uuid or 8+ hex digits of it
    pub statement: String,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct StatementEditArgs {
    /// The statement: its number as `show` prints it, or its uuid or 8+ hex digits of it
    pub statement: String,

    /// The stance: asserts, confirms, denies, ncnd or declines
    #[arg(long, value_name = "STANCE")]
    pub stance: Option<String>,

    /// The source, named as for the statement verbs' --by (a new name makes a source)
    #[arg(long, value_name = "SOURCE")]
    pub by: Option<String>,

    /// The outlet it came through ("" clears it)
    #[arg(long, value_name = "OUTLET")]
    pub via: Option<String>,

    /// Whom the source relies on ("" clears it)
    #[arg(long, value_name = "SOURCE")]
    pub citing: Option<String>,

    /// The words, as said ("" clears them)
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,

    /// Where it was said or reported ("" clears it)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// When it was said, in the forms of the statement verbs' --at
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// A note on the statement ("" clears it)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The statement's own grade, A to F ("" clears it: its source's grade counts)
    #[arg(long, value_name = "A-F")]
    pub reliability: Option<String>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct StatementMoveArgs {
    /// The statement: its number as `show` prints it, or its uuid or 8+ hex digits of it
    pub statement: String,

    /// The claim to move it to
    pub claim: String,
}

#[derive(Debug, Args)]
pub struct SourceShowArgs {
    /// The source: a name, an alias, the start of a word of a name, or #N
    pub name: String,
}

#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// The source's name
    pub name: String,

    /// What the source is
    #[arg(long, value_name = "KIND", default_value = "person")]
    pub kind: SourceKind,

    /// Its role ("Presidential Communications Director")
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// Whom it belongs to or speaks for
    #[arg(long, value_name = "WHO")]
    pub affiliation: Option<String>,

    /// Another name it answers to (repeatable)
    #[arg(long, value_name = "NAME")]
    pub alias: Vec<String>,

    /// Admiralty reliability: A completely reliable … E unreliable, F cannot be judged
    #[arg(long, value_name = "A-F", default_value = "F")]
    pub reliability: Reliability,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").required(true).multiple(true)
    .args(["rename", "kind", "role", "affiliation", "alias", "reliability"])))]
pub struct SourceEditArgs {
    /// The source: a name, an alias, the start of a word of a name, or #N
    pub name: String,

    /// Its new name
    #[arg(long = "name", value_name = "NAME")]
    pub rename: Option<String>,

    /// What the source is
    #[arg(long, value_name = "KIND")]
    pub kind: Option<SourceKind>,

    /// Its role
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// Whom it belongs to or speaks for
    #[arg(long, value_name = "WHO")]
    pub affiliation: Option<String>,

    /// Another name it answers to (repeatable)
    #[arg(long, value_name = "NAME")]
    pub alias: Vec<String>,

    /// Admiralty reliability: A completely reliable … E unreliable, F cannot be judged
    #[arg(long, value_name = "A-F")]
    pub reliability: Option<Reliability>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The report: a text or HTML file, or - for standard input
    pub file: PathBuf,

    /// Log what was found, each statement on the claim the preview shows for it (a new claim
    /// for what answers no known one); all in one command, undoable
    #[arg(long)]
    pub apply: bool,

    /// Ask for each statement found: accept, edit, move to another claim or skip (reads
    /// answers from standard input)
    #[arg(long)]
    pub interactive: bool,

    /// The claim the report answers, instead of a new one from its lead
    #[arg(long, value_name = "CLAIM")]
    pub claim: Option<String>,

    /// A tag for the claims logged (repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// The report's address, kept on every statement logged
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// When the statements were made, for all of them (the forms of --at of 'claims assert')
    /// [default: the dateline's date, or the weekday a sentence names counted from it; else
    /// now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct LogArgs {
    /// Only the history of this claim
    pub claim: Option<String>,

    /// At most this many events
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The command to reverse: its id, as `undo --list` and `log --format json` show it (the
    /// first 8 or more characters do); without it, your newest command
    #[arg(value_name = "COMMAND", conflicts_with = "list")]
    pub command: Option<String>,

    /// List the commands of yours that undo can reverse, newest first
    #[arg(long)]
    pub list: bool,

    /// With --list: at most this many
    #[arg(long, value_name = "N", requires = "list")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct VerdictArgs {
    /// The claim: its number (7 or #7), or its uuid or 8+ hex digits of it
    pub claim: String,

    /// The rating published
    pub rating: Rating,

    /// Why, in a sentence or two
    #[arg(long, value_name = "TEXT")]
    pub explanation: Option<String>,

    /// Where the fact-check is published
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a setting
    #[command(after_help = examples::CONFIG_GET)]
    Get {
        /// The setting: org, the organisation that publishes verdicts (ClaimReview's author);
        /// sync.auto, how old this file's last sync may be before a write syncs it
        key: ConfigKey,
    },
    /// Change a setting
    #[command(after_help = examples::CONFIG_SET)]
    Set {
        /// The setting: org, the organisation that publishes verdicts (ClaimReview's author);
        /// sync.auto, how old this file's last sync may be before a write syncs it (30s, 5m,
        /// 1h, or off)
        key: ConfigKey,
        /// Its new value
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// Sync with the PostgreSQL database at URL (a postgres:// or postgresql:// URL without a
    /// password: the password comes from PGPASSWORD or a password file, ~/.pgpass)
    #[command(after_help = examples::REMOTE_SET)]
    Set {
        /// postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=verify-full]
        url: String,
    },
    /// Print the remote in use (CLAIMS_REMOTE overrides the database's)
    #[command(after_help = examples::REMOTE_SHOW)]
    Show,
    /// Forget the remote; the history stays
    #[command(after_help = examples::REMOTE_UNSET)]
    Unset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigKey {
    Org,
    /// This file's automatic sync: after a write, when the last sync is older than this
    #[value(name = "sync.auto")]
    SyncAuto,
}

impl ConfigKey {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigKey::Org => "org",
            ConfigKey::SyncAuto => "sync.auto",
        }
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, all of them; `word*` finds words starting so
    #[arg(required = true, num_args = 1.., value_name = "WORDS")]
    pub query: Vec<String>,

    /// At most this many claims
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct SimilarArgs {
    /// The claim: its number (7 or #7), or its uuid or 8+ hex digits of it
    pub claim: String,

    /// At most this many claims
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// CSV: one row per statement instead of one per claim
    #[arg(long)]
    pub statements: bool,

    /// Only claims with this tag (and the story page's title)
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only claims with this status (repeatable)
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<Status>,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// ClaimReview: the organisation publishing the verdicts [default: 'claims config get org']
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,

    /// CSV, Markdown, ClaimReview, HTML: the claims removed from lists ('claims remove') too,
    /// and in CSV the claims merged into others, with the claim each joined (JSON Lines always
    /// holds them all)
    #[arg(long)]
    pub include_removed: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file: .jsonl (an export) or .csv (a sheet), or - for standard input
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The copy to write: a new file (an existing file is never overwritten)
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A removed claim's number (7 or #7), or the backup to put in place (a file `claims
    /// backup` wrote, or any claims database; it is copied, never changed). A backup whose
    /// name is a number is given with its folder: ./7
    #[arg(value_name = "CLAIM|FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct MergeArgs {
    /// The claim to merge (it is kept, marked merged into INTO)
    pub claim: String,

    /// The claim it joins
    pub into: String,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct RemoveArgs {
    /// The claim: its number (7 or #7), or its uuid or 8+ hex digits of it
    pub claim: String,

    /// Why it is removed
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}
