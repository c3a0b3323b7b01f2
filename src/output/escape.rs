//! The one place that makes user text safe where it lands. Stored text is kept exactly as it was
//! typed or imported; only what is written out is changed, and each destination has its own rule:
//! a terminal must not obey control characters hidden in a claim, a spreadsheet must not run a
//! cell as a formula, a page or a Markdown dossier must not run a script or follow a
//! `javascript:` link. JSON for programs stays exact.

// ---------------------------------------------------------------------------------------------
// Terminal: human output (tables, notes, warnings, prompts).
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Files meant for other programs: sheets (CSV), Markdown dossiers, JSON embedded in pages.
// ---------------------------------------------------------------------------------------------
