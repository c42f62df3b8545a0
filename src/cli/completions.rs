//! Shell completion scripts and the man page, generated from the command
//! line definition. Bash, zsh and fish also complete person names, asking
//! `oneonone people` when the completion happens.

use std::io::{self, Write};

use clap::{Command, CommandFactory};
use clap_complete::Shell;
use clap_mangen::Man;

use crate::cli::args::Cli;

const BIN: &str = "oneonone";
const BASH_PEOPLE: &str = include_str!("completions/people.bash");
const ZSH_PEOPLE: &str = include_str!("completions/people.zsh");
const FISH_PEOPLE: &str = include_str!("completions/people.fish");

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut buf);
    let generated = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => generated + BASH_PEOPLE,
        Shell::Zsh => zsh_with_people(&generated),
        Shell::Fish => generated + FISH_PEOPLE,
        _ => generated,
    }
}

/// Points every `person` positional at `_oneonone_people`, defined right
/// after the `#compdef` line so it exists whether the file is sourced or
/// autoloaded from `$fpath`.
fn zsh_with_people(generated: &str) -> String {
    let mut out = String::with_capacity(generated.len() + ZSH_PEOPLE.len());
    for (i, line) in generated.lines().enumerate() {
        let spec = line.trim_start();
        let is_person = spec.starts_with("':person") || spec.starts_with("'::person");
        match line.rfind(":_default' \\") {
            Some(at) if is_person => {
                out.push_str(&line[..at]);
                out.push_str(":_oneonone_people' \\");
            }
            _ => out.push_str(line),
        }
        out.push('\n');
        if i == 0 {
            out.push('\n');
            out.push_str(ZSH_PEOPLE);
        }
    }
    out
}

/// One man page (roff) for the whole tool: the global options, then every
/// command with its synopsis, options and examples, so nothing refers to
/// per-command pages that are not installed.
pub fn man() -> io::Result<String> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let top = Man::new(cli.clone());
    let mut out = Vec::new();
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    out.extend_from_slice(b".SH COMMANDS\n");
    for sub in cli.get_subcommands() {
        command_section(sub, &mut out)?;
    }
    out.extend_from_slice(b".SH EXAMPLES\n");
    examples(&top, &mut out)?;
    top.render_version_section(&mut out)?;
    // Every rendering starts by defining the same strings; once is enough.
    let text = String::from_utf8_lossy(&out);
    let mut seen = std::collections::HashSet::new();
    Ok(text
        .lines()
        .filter(|line| !line.contains(".ds Aq") || seen.insert(*line))
        .flat_map(|line| [line, "\n"])
        .collect())
}

/// A command as a `.SS` subsection; its own subcommands follow it.
fn command_section(cmd: &Command, out: &mut Vec<u8>) -> io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    writeln!(out, ".SS \"{name}\"")?;
    let man = Man::new(without_global_options(cmd));
    out.extend(body(|w| man.render_synopsis_section(w))?);
    out.extend_from_slice(b".PP\n");
    out.extend(body(|w| man.render_description_section(w))?);
    if cmd
        .get_arguments()
        .any(|a| !a.is_global_set() && a.get_id() != "help")
    {
        out.extend(body(|w| man.render_options_section(w))?);
    }
    if cmd.get_after_help().is_some() {
        examples(&man, out)?;
    }
    for sub in cmd.get_subcommands() {
        command_section(sub, out)?;
    }
    Ok(())
}

/// The global options are described once, at the top; each command's
/// own `--help` flag needs no entry either.
fn without_global_options(cmd: &Command) -> Command {
    let hidden: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set() || a.get_id() == "help")
        .map(|a| a.get_id().to_string())
        .collect();
    hidden
        .iter()
        .fold(cmd.clone(), |c, id| c.mut_arg(id, |a| a.hide(true)))
}

/// The `after_help` examples, unfilled so each stays on its own line.
fn examples(man: &Man, out: &mut Vec<u8>) -> io::Result<()> {
    out.extend_from_slice(b".PP\n.nf\n");
    out.extend(body(|w| man.render_extra_section(w))?);
    out.extend_from_slice(b".fi\n");
    Ok(())
}

/// A rendered section without its `.SH` heading line.
fn body(render: impl Fn(&mut dyn Write) -> io::Result<()>) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    render(&mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    Ok(text
        .lines()
        .filter(|line| !line.starts_with(".SH "))
        .flat_map(|line| [line, "\n"])
        .collect::<String>()
        .into_bytes())
}
