//! `claims`: a local tracker of claims and their sources over SQLite. The binary parses the
//! command line and calls `run`; the tests and benchmarks use the same library.
//!
//! Data flows one way: `cli` → `cmd` → `model` / `store` → plain structs → `output`.

pub mod cli;
pub mod cmd;
pub mod error;
pub mod ingest;
pub mod interchange;
pub mod model;
pub mod output;
pub mod progress;
pub mod store;
pub mod sync;

pub use cmd::{Context, run};
pub use error::{Error, Result};
