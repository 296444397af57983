//! lantoa-export's integration tests: the DOCX and XLSX opened as a user's software would
//! (unzipped and parsed, read back by calamine, converted by LibreOffice) and snapshotted.
#![expect(
    clippy::expect_used,
    reason = "helpers of a test binary: a failed expectation is a failed test"
)]

mod docx;
mod libreoffice;
mod sample;
mod support;
mod xlsx;
