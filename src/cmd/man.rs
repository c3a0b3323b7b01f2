//! `man`: the manual as one roff page on stdout, made by clap_mangen from the same clap types
//! as the parser and the help. clap_mangen writes one page per command; people install one
//! file, so the subcommands' parts (description, synopsis, options, examples) are gathered here
//! under COMMANDS. No database is opened.

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::Cli;
use crate::{Context, Result};

pub fn run(ctx: &Context) -> Result<()> {
    ctx.output.emit(&page()?)
}

/// The whole page: the program's own sections, then every subcommand in the order of `--help`.
pub fn page() -> std::io::Result<String> {
    let root = Cli::command();
    let man = Man::new(root.clone())
        .title("CLAIMS")
        .manual("claims manual");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut heading = Roff::new();
    heading.control("SH", ["COMMANDS"]);
    heading.text([roman(
        "Each command below also takes the options above, before or after its name.",
    )]);
    page.extend(without_preamble(&heading.render()).as_bytes());
    for (path, command) in commands(&root, "claims") {
        page.extend(command_part(&path, &command)?.as_bytes());
    }
    man.render_version_section(&mut page)?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}

/// Every subcommand, depth first, in display order, with its full name ("claims source add").
fn commands(parent: &clap::Command, path: &str) -> Vec<(String, clap::Command)> {
    let mut subs: Vec<&clap::Command> = parent
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .collect();
    subs.sort_by_key(|sub| sub.get_display_order());
    let mut all = Vec::new();
    for sub in subs {
        let name = format!("{path} {}", sub.get_name());
        all.push((name.clone(), sub.clone()));
        all.extend(commands(sub, &name));
    }
    all
}

/// One subcommand's part of the page: its sections from clap_mangen under one subheading,
/// then its examples, line by line as they are typed.
fn command_part(path: &str, command: &clap::Command) -> std::io::Result<String> {
    let mut part = Roff::new();
    part.control("SS", [path]);
    let mut text = without_preamble(&part.render());
    let man = Man::new(command.clone().bin_name(path));
    for render in [
        Man::render_description_section,
        Man::render_synopsis_section,
        Man::render_options_section,
    ] {
        let mut section = Vec::new();
        render(&man, &mut section)?;
        let section = String::from_utf8_lossy(&section);
        // Each section opens with its own .SH heading: under one .SS, each is a paragraph.
        for line in without_preamble(&section).lines() {
            text.push_str(if line.starts_with(".SH ") {
                ".PP"
            } else {
                line
            });
            text.push('\n');
        }
    }
    if let Some(examples) = command.get_after_help() {
        let examples = examples.to_string();
        let mut roff = Roff::new();
        roff.control("PP", []).text([bold("Examples:")]);
        roff.control("RS", ["4"]).control("nf", []);
        for line in examples.lines().skip(1) {
            roff.text([roman(line.strip_prefix("  ").unwrap_or(line))]);
        }
        roff.control("fi", []).control("RE", []);
        text.push_str(&without_preamble(&roff.render()));
    }
    Ok(text)
}

/// roff's rendering of a piece starts by defining the apostrophe; the page needs that once.
fn without_preamble(rendered: &str) -> String {
    rendered
        .lines()
        .filter(|line| !line.starts_with(".ie \\n(.g .ds Aq") && !line.starts_with(".el .ds Aq"))
        .map(|line| format!("{line}\n"))
        .collect()
}
