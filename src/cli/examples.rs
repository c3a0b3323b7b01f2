//! The examples that end each subcommand's `--help` (and its part of the man page), in one
//! story: a ferry aground off the north pier, the harbour master, the coast radio and the
//! Evening Post. A test parses every example line, so none of them can drift from the options.

pub const ADD: &str = "\
Examples:
  # A claim with the statement that brought it in
  claims add \"A ferry ran aground off the north pier\" --tag harbour --by \"Coast radio\" \\
      --at 2024-05-02
  # A claim nobody has spoken on yet, with the day it is said to have happened
  claims add \"The harbour crane collapsed in the night\" --happened 2024-05-01
  # An unnamed crew member, reported by the Evening Post
  claims add \"The captain was not on the bridge\" --anonymous --by \"crew member\" \\
      --via \"Evening Post\"";

pub const ASSERT: &str = "\
Examples:
  # The Evening Post reports claim 1 as fact
  claims assert 1 --by \"Evening Post\" --url https://example.org/ferry-aground
  # A paper passing on the coast radio's words: one origin, not two
  claims assert 1 --by \"Harbour Gazette\" --citing \"Coast radio\"";

pub const CONFIRM: &str = "\
Examples:
  # The harbour master confirms claim 1 to the Evening Post
  claims confirm 1 --by \"Harbour master\" --via \"Evening Post\" \\
      --quote \"Yes, she is stuck on the bank\" --at \"2024-05-02 10:30\"
  # Our own reporter saw it from the quay (no --by: the desk confirms)
  claims confirm 1 --note \"seen from the north quay at 11:00\"";

pub const DENY: &str = "\
Examples:
  # The ferry company says claim 1 is false
  claims deny 1 --by \"Northern Ferries\" --kind organization \\
      --quote \"The vessel is afloat and on her way\"
  # A denial passed on second hand, graded below its source's usual grade
  claims deny 1 --by \"Port authority\" --reliability D";

pub const NCND: &str = "\
Examples:
  # The coastguard can neither confirm nor deny claim 1
  claims ncnd 1 --by Coastguard --kind organization
  # The same verb under its other name, with the time it was said
  claims neither 1 --by Coastguard --at 2024-05-02T12:00";

pub const DECLINE: &str = "\
Examples:
  # The ferry's owners declined to comment on claim 1
  claims decline 1 --by \"Northern Ferries\"
  # The same verb under its other name, through a paper
  claims no-comment 1 --by \"Harbour master\" --via \"Evening Post\"";

pub const LIST: &str = "\
Examples:
  # Claims the harbour master spoke on, with activity since 1 May
  claims list --by \"Harbour master\" --since 2024-05-01
  # What came through Reuters, the contested claims first
  claims list --via Reuters --sort status
  # The well-supported claims as they stood on 3 May, for a script
  claims list --credibility 1-2 --as-of 2024-05-03 --format json";

pub const SHOW: &str = "\
Examples:
  claims show 1
  # Claim 1 as we knew it at the end of 2 May
  claims show 1 --as-of 2024-05-02
  claims show 1 --format json";

pub const EDIT: &str = "\
Examples:
  claims edit 1 --text \"A ferry ran aground off the north pier at low tide\"
  # Move claim 1 from one tag to another
  claims edit 1 --tag ferries --untag harbour
  claims edit 2 --happened 2024-04-30";

pub const SOURCES: &str = "\
Examples:
  claims sources
  # Every source with its grade and track record, for a script
  claims sources --format json";

pub const SOURCE: &str = "\
Examples:
  claims source add \"Harbour master\" --alias Reyes --reliability B
  claims source show Reyes
  claims source edit \"Harbour master\" --role \"Harbour master of the Port of Saltmarsh\"";

pub const SOURCE_SHOW: &str = "\
Examples:
  # By a word of the name, or by an alias
  claims source show Reyes
  # By number, quoted so that the shell does not read # as a comment
  claims source show '#4' --format json";

pub const SOURCE_ADD: &str = "\
Examples:
  claims source add \"Harbour master\" --alias Reyes --reliability B
  claims source add \"Evening Post\" --kind outlet --reliability C
  claims source add \"Coast radio\" --kind outlet --alias \"VHF 16\"";

pub const SOURCE_EDIT: &str = "\
Examples:
  # The harbour master proved right twice: regrade every claim it spoke on
  claims source edit \"Harbour master\" --reliability A
  claims source edit \"Evening Post\" --name \"The Evening Post\" --alias Post";

pub const RETRACT: &str = "\
Examples:
  # Statement 4 was misattributed: it stops counting and stays visible
  claims retract 4 --note \"the quote was the deputy's, not the harbour master's\"
  # The statement numbers are in the table of show
  claims show 1";

pub const UNDO: &str = "\
Examples:
  # Take back your last command, a mistyped confirm or a whole import alike
  claims undo
  # The commands of yours it can take back, with their ids
  claims undo --list
  # Take back one of them (an id from the list)
  claims undo 019b2f4e-8c1d";

pub const REDO: &str = "\
Examples:
  # Changed your mind about the last undo
  claims undo
  claims redo";

pub const LOG: &str = "\
Examples:
  claims log --limit 20
  # Everything that happened to claim 1
  claims log 1
  claims log 1 --format json";

pub const REBUILD: &str = "\
Examples:
  claims rebuild --check
  claims rebuild --check --format json";

pub const VERDICT: &str = "\
Examples:
  claims verdict 1 mostly-true --explanation \"Aground on a sandbank, not on the pier\" \\
      --url https://example.org/checks/ferry
  claims verdict 2 false";

pub const CONFIG: &str = "\
Examples:
  # The organisation named as the author of published verdicts
  claims config set org \"Saltmarsh Evening Post\"
  claims config get org
  # Sync after a write when the last sync is over 5 minutes old (this file only)
  claims config set sync.auto 5m";

pub const CONFIG_GET: &str = "\
Examples:
  claims config get org
  claims config get org --format json";

pub const CONFIG_SET: &str = "\
Examples:
  claims config set org \"Saltmarsh Evening Post\"
  # The same, for a script: the key and its new value as JSON
  claims config set org \"Saltmarsh Evening Post\" --format json
  # Sync after a write when the last sync is over 5 minutes old (off: never)
  claims config set sync.auto 5m";

pub const SEARCH: &str = "\
Examples:
  claims search ferry pier
  # Words starting so, quoted so that the shell leaves the * alone
  claims search 'harbour*' --limit 5
  claims search ferry --format json";

pub const SIMILAR: &str = "\
Examples:
  claims similar 1
  claims similar 1 --limit 3 --format json";

pub const EXPORT: &str = "\
Examples:
  # Everything, losslessly: the file import reads back
  claims export -o harbour.jsonl
  # The story page an editor opens in a browser
  claims export --tag harbour -o story.html
  # One row per statement of the contested claims, as a sheet
  claims export --format csv --statements --status contested";

pub const IMPORT: &str = "\
Examples:
  claims import harbour.jsonl
  claims import statements.csv
  # A sheet on standard input
  claims import - --format csv";

pub const INGEST: &str = "\
Examples:
  # What a report says, and who said it; nothing is logged
  claims ingest report.txt
  # Log it all in one command (one undo takes it back)
  claims ingest report.html --apply --tag harbour --url https://example.org/ferry-aground
  # The report answers claim 1: go through each statement before it is logged
  claims ingest report.txt --claim 1 --interactive";

pub const DEMO: &str = "\
Examples:
  claims demo
  # Keep the story somewhere to explore it afterwards
  claims demo --db /tmp/ankara.db";

pub const INFO: &str = "\
Examples:
  claims info
  # Which file a --db with a typo would have meant
  claims --db ~/stories/harbour.db info
  claims info --format json";

pub const COMPLETIONS: &str = "\
Examples:
  claims completions bash > ~/.local/share/bash-completion/completions/claims
  claims completions zsh > ~/.zfunc/_claims
  claims completions fish > ~/.config/fish/completions/claims.fish";

pub const MAN: &str = "\
Examples:
  # Read it now
  claims man | man -l -
  # Install it where man finds it
  claims man > ~/.local/share/man/man1/claims.1";

pub const BACKUP: &str = "\
Examples:
  # A copy to take home, made while the desk goes on logging
  claims backup ~/backups/harbour-2024-05-02.db
  claims --db ~/stories/harbour.db backup /media/usb/harbour.db";

pub const MERGE: &str = "\
Examples:
  # Claim 7 is the same story as claim 3: its statements, tags and note join #3
  claims merge 7 3
  # 'show 7' now shows #3; 'claims undo' takes the merge back exactly
  claims show 7";

pub const REMOVE: &str = "\
Examples:
  claims remove 9 --note \"duplicate of a wire rewrite\"
  # Still readable, and back in the lists with restore
  claims show 9
  claims restore 9";

pub const RESTORE: &str = "\
Examples:
  # Bring removed claim 9 back into the lists
  claims restore 9
  # Put last night's copy in place; the database it replaces is kept beside it
  claims restore ~/backups/harbour-2024-05-02.db
  claims --db ~/stories/harbour.db restore /media/usb/harbour.db";

pub const STATEMENT: &str = "\
Examples:
  claims statement show 4
  claims statement edit 4 --stance denies --at \"2024-05-02 14:30\"
  claims statement move 4 2";

pub const STATEMENT_SHOW: &str = "\
Examples:
  claims statement show 4
  claims statement show 4 --format json";

pub const STATEMENT_EDIT: &str = "\
Examples:
  # The harbour master denied it, and said so at half past two
  claims statement edit 4 --stance denies --at \"2024-05-02 14:30\"
  # It came through the Evening Post, not the coast radio; the note no longer holds
  claims statement edit 4 --via \"Evening Post\" --note \"\"";

pub const STATEMENT_MOVE: &str = "\
Examples:
  # Statement 4 is about the ferry, claim 2, not the tanker
  claims statement move 4 2
  # The same, answered as 'claims show 2 --format json' prints the claim
  claims statement move 4 2 --format json";

pub const SOURCE_MERGE: &str = "\
Examples:
  # \"Reyes\" and \"Harbour master\" are one person
  claims source merge Reyes \"Harbour master\"
  # The unnamed official of #7 is the harbour master (anonymous sources by number only)
  claims source merge \"#7\" \"Harbour master\"";

pub const REMOTE: &str = "\
Examples:
  # The desk's database; the password comes from ~/.pgpass or PGPASSWORD
  claims remote set 'postgresql://ann@db.desk.example/claims?sslmode=verify-full'
  claims remote show";

pub const REMOTE_SET: &str = "\
Examples:
  claims remote set 'postgresql://ann@db.desk.example/claims?sslmode=verify-full'
  # A server on this machine, no TLS needed
  claims remote set postgresql://ann@localhost:5432/claims";

pub const REMOTE_SHOW: &str = "\
Examples:
  claims remote show
  claims remote show --format json";

pub const REMOTE_UNSET: &str = "\
Examples:
  claims remote unset
  # Gone: CLAIMS_REMOTE, if set, is the remote now
  claims remote show";

pub const SYNC: &str = "\
Examples:
  claims sync
  # The figures for a script: pushed, pulled, colleagues, claims_changed, concurrent_edits
  claims sync --format json";

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use crate::cli::Cli;

    /// The command lines of an example text: comments left out, continued lines joined, and
    /// what the shell does around `claims` (redirections, pipes) cut off.
    fn command_lines(examples: &str) -> Vec<Vec<String>> {
        let mut lines = Vec::new();
        let mut pending = String::new();
        for line in examples.lines().skip(1) {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            if let Some(start) = line.strip_suffix('\\') {
                pending.push_str(start);
                continue;
            }
            pending.push_str(line);
            let words = shlex::split(&pending).expect("an example is one shell command");
            pending.clear();
            let words: Vec<String> = words
                .into_iter()
                .take_while(|w| !matches!(w.as_str(), ">" | "<" | "|" | "&&"))
                .collect();
            lines.push(words);
        }
        assert!(pending.is_empty(), "an example ends with a continuation");
        lines
    }

    /// Every example on every command's help parses as the command line it shows.
    #[test]
    fn every_example_parses() {
        fn walk(command: &clap::Command, checked: &mut usize) {
            if let Some(examples) = command.get_after_help() {
                let text = examples.to_string();
                assert!(text.starts_with("Examples:\n"), "{text}");
                for words in command_lines(&text) {
                    assert_eq!(words[0], "claims", "{words:?}");
                    let home = std::env::var("HOME").unwrap_or_default();
                    let words: Vec<String> = words.iter().map(|w| w.replace('~', &home)).collect();
                    if let Err(e) = Cli::try_parse_from(&words) {
                        panic!("example {words:?} does not parse: {e}");
                    }
                    *checked += 1;
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, checked);
            }
        }
        let mut checked = 0;
        walk(&Cli::command(), &mut checked);
        assert!(checked > 60, "only {checked} examples found");
    }

    #[test]
    fn continued_lines_are_joined_and_redirections_cut() {
        let lines = command_lines(
            "Examples:\n  # a comment\n  claims add \"a b\" \\\n      --tag c\n  claims man > x.1",
        );
        assert_eq!(
            lines,
            vec![
                vec!["claims", "add", "a b", "--tag", "c"],
                vec!["claims", "man"]
            ]
        );
    }
}
