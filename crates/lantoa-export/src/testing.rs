//! Test support (feature `testing`): opening exported files with LibreOffice headless and
//! reading the PDF's text with poppler, as the export tests of this crate and the report
//! pipeline tests of `lantoa-app` do. A missing LibreOffice skips loudly, and fails when CI
//! or `LANTOA_REQUIRE_TEST_DEPS` is set (`scripts/test-deps.sh` installs it).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A hung soffice fails the test instead of hanging CI.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// A program on the `PATH`.
pub fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// soffice, or `None` with a loud warning; a panic when the test dependencies are required.
pub fn soffice() -> Option<PathBuf> {
    if let Some(found) = find("soffice").or_else(|| find("libreoffice")) {
        return Some(found);
    }
    let required =
        std::env::var_os("CI").is_some() || std::env::var_os("LANTOA_REQUIRE_TEST_DEPS").is_some();
    assert!(
        !required,
        "LibreOffice (soffice) is not installed, and CI or LANTOA_REQUIRE_TEST_DEPS requires it: \
         run scripts/test-deps.sh"
    );
    // Written to the stderr handle, not with eprintln!, so the test harness does not capture
    // it: a skipped check must be seen.
    let _ = std::io::stderr().write_all(
        "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
         SKIPPED: LibreOffice (soffice) not found; the exports were NOT opened by LibreOffice.\n\
         Install it with scripts/test-deps.sh (libreoffice-writer-nogui, libreoffice-calc-nogui).\n\
         !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            .as_bytes(),
    );
    None
}

/// Prints to the stderr handle, past the test harness's capture, so that a human running
/// `cargo test` sees it.
pub fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// A fresh directory under the system's temporary directory; kept after the test so that a
/// human can look at the PDF and PNG.
pub fn temp_dir(label: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "lantoa-export-{label}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("a temporary directory {}: {e}", dir.display()));
    dir
}

/// Runs `cmd` in its own process group, killing the whole group after [`TIMEOUT`].
pub fn run(mut cmd: Command, what: &str) -> Output {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => {
                return child
                    .wait_with_output()
                    .unwrap_or_else(|e| panic!("{what}: its output: {e}"));
            }
            Ok(None) => {}
            Err(e) => panic!("{what}: waiting for it: {e}"),
        }
        if started.elapsed() > TIMEOUT {
            // soffice starts soffice.bin: kill the group, not only the wrapper.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let out = child.wait_with_output();
            let (stdout, stderr) = out
                .map(|o| {
                    (
                        String::from_utf8_lossy(&o.stdout).into_owned(),
                        String::from_utf8_lossy(&o.stderr).into_owned(),
                    )
                })
                .unwrap_or_default();
            panic!("{what}: no answer after {TIMEOUT:?}\nstdout: {stdout}\nstderr: {stderr}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Converts `file` to PDF with its own LibreOffice profile (parallel runs do not clash) and
/// returns the PDF's path. Panics unless LibreOffice succeeds and the PDF is not empty.
pub fn convert_to_pdf(soffice: &Path, dir: &Path, file: &Path) -> PathBuf {
    let profile = dir.join("profile");
    let mut cmd = Command::new(soffice);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
    ])
    .arg(dir)
    .arg(file)
    .env("HOME", dir);
    let out = run(cmd, "soffice --convert-to pdf");
    let pdf = file.with_extension("pdf");
    let report = format!(
        "status {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "soffice failed on {}: {report}",
        file.display()
    );
    let bytes = std::fs::read(&pdf)
        .unwrap_or_else(|e| panic!("no PDF from {}: {e}\n{report}", file.display()));
    assert!(bytes.starts_with(b"%PDF"), "not a PDF: {}", pdf.display());
    assert!(bytes.len() > 1000, "an empty PDF: {}", pdf.display());
    pdf
}

/// The PDF's text (`pdftotext -layout`), when poppler's pdftotext exists.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    let tool = find("pdftotext")?;
    let mut cmd = Command::new(tool);
    cmd.arg("-layout").arg(pdf).arg("-");
    let out = run(cmd, "pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Writes `bytes` as `name` in a fresh directory, converts it with LibreOffice and returns
/// the PDF's text; `None` (after the loud warning) without LibreOffice. Panics when
/// LibreOffice is there but poppler's `pdftotext` is not: the text is what is checked.
pub fn libreoffice_text(label: &str, name: &str, bytes: &[u8]) -> Option<String> {
    let soffice = soffice()?;
    let dir = temp_dir(label);
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let pdf = convert_to_pdf(&soffice, &dir, &file);
    say(&format!("Converted by LibreOffice: {}", pdf.display()));
    let text = pdf_text(&pdf);
    assert!(
        text.is_some(),
        "pdftotext (poppler-utils) is needed to read the PDF: run scripts/test-deps.sh"
    );
    text
}
