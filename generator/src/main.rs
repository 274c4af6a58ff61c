//! `cargo instrument-proxy generate <crate::path::Type> [--name Wrapper]
//! [--trait path::Trait]... [--out file.rs] [--check]`.

use std::process::ExitCode;

use cargo_instrument_proxy::{run, Generate, Outcome};

fn main() -> ExitCode {
    let result = Generate::from_args(std::env::args().skip(1)).and_then(|g| Ok((run(&g)?, g)));
    match result {
        Ok((Outcome::Written(text), generate)) => {
            if generate.out.is_none() {
                print!("{text}");
            }
            ExitCode::SUCCESS
        }
        Ok((Outcome::Current, _)) => ExitCode::SUCCESS,
        Ok((Outcome::Stale(diff), _)) => {
            print!("{diff}");
            eprintln!("the generated file is stale: regenerate it without `--check`");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
