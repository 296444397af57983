//! The `lantoa` command: serve the portal, migrate, manage users, back up, check the
//! configuration. Exit codes: 0 success, 1 failure, 2 invalid configuration or usage.

mod bench_apply;
mod config;
mod mail;

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use lantoa_app::users::{NewUserForm, Operator};
use lantoa_app::{App, SystemClock};
use lantoa_store::{DatabaseUrl, Db, DbOptions, SqliteSync};

use crate::config::{Config, ConfigError, Overrides};

/// lantoa – nền tảng truyền thông giáo dục nghề nghiệp.
#[derive(Debug, Parser)]
#[command(name = "lantoa", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct GlobalArgs {
    /// Tệp cấu hình TOML (mặc định: ./lantoa.toml nếu có).
    #[arg(long, global = true, env = "LANTOA_CONFIG")]
    config: Option<PathBuf>,
    /// Thư mục dữ liệu: CSDL SQLite, tệp tải lên, chỉ mục tìm kiếm.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// sqlite://ĐƯỜNG_DẪN hoặc postgres://NGƯỜI_DÙNG@MÁY/CSDL.
    #[arg(long, global = true)]
    database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Chạy cổng thông tin.
    Serve {
        /// Nạp dữ liệu mẫu (kế hoạch 2023–2025 của tỉnh Kiên Giang) nếu chưa có.
        #[arg(long)]
        demo: bool,
        /// Địa chỉ lắng nghe, ví dụ 127.0.0.1:8080.
        #[arg(long)]
        addr: Option<String>,
    },
    /// Cập nhật cấu trúc cơ sở dữ liệu.
    Migrate,
    /// Quản lý tài khoản.
    #[command(subcommand)]
    User(UserCommand),
    /// Nhập dữ liệu từ tệp.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Báo cáo.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Hồ sơ đăng ký tuyển sinh.
    #[command(subcommand)]
    Applications(ApplicationsCommand),
    /// Thư điện tử (mục [smtp] của cấu hình).
    #[command(subcommand)]
    Mail(MailCommand),
    /// Gửi một loạt hồ sơ đăng ký tới máy chủ đang chạy trên máy này để đo hiệu năng
    /// (xem BENCHMARKS.md); chỉ địa chỉ 127.0.0.1 / ::1.
    BenchApply {
        /// Địa chỉ máy chủ, ví dụ http://127.0.0.1:8080 (máy chủ chạy với
        /// server.trust_forwarded_for = true để mỗi khách có địa chỉ riêng).
        #[arg(long)]
        url: String,
        /// Tổng số hồ sơ (tối đa 10.000).
        #[arg(long, default_value_t = 2000)]
        applications: usize,
        /// Số khách gửi đồng thời (tối đa 500).
        #[arg(long, default_value_t = 200)]
        clients: usize,
        /// Thời gian phát hết các hồ sơ, giây.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Sao lưu trực tuyến CSDL SQLite ra một tệp mới.
    Backup {
        /// Tệp sao lưu (chưa tồn tại).
        #[arg(long)]
        to: PathBuf,
    },
    /// Kiểm tra cấu hình và kết nối CSDL, in cấu hình đang dùng.
    CheckConfig,
    /// Dựng lại chỉ mục tìm kiếm (trong <thư mục dữ liệu>/search) từ cơ sở dữ liệu.
    /// Chạy được khi máy chủ đang chạy: máy chủ dùng chỉ mục mới ngay khi dựng xong.
    Reindex,
    /// Tạo dữ liệu giả lập để đo hiệu năng (xem BENCHMARKS.md); chỉ dùng với CSDL riêng.
    BenchData {
        #[arg(long, default_value_t = 500)]
        orgs: usize,
        #[arg(long, default_value_t = 30)]
        activities: usize,
        #[arg(long, default_value_t = 50_000)]
        products: usize,
    },
    /// Tạo danh bạ giả lập để đo hiệu năng trang chương trình đào tạo và cơ sở đào tạo (xem
    /// BENCHMARKS.md): cơ sở ở các huyện, chương trình theo danh mục ngành nghề, đợt tuyển
    /// sinh quanh ngày hôm nay, chính sách hỗ trợ; chỉ dùng với CSDL riêng.
    BenchDirectoryData {
        #[arg(long, default_value_t = 500)]
        institutions: usize,
        #[arg(long, default_value_t = 5000)]
        programmes: usize,
    },
    /// Đo thời gian dựng danh sách chương trình đào tạo (không qua bộ nhớ đệm) với các bộ
    /// lọc thường dùng, trên dữ liệu của `lantoa bench-directory-data` (xem BENCHMARKS.md).
    BenchDirectory {
        #[arg(long, default_value_t = 30)]
        iterations: usize,
    },
    /// Đăng các bài viết giả lập để đo hiệu năng cổng thông tin (xem BENCHMARKS.md); sau đó
    /// chạy `lantoa reindex`. Chỉ dùng với CSDL riêng.
    BenchContentData {
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
    },
    /// Đo thời gian tổng hợp báo cáo một kỳ của kế hoạch giả lập (xem BENCHMARKS.md).
    BenchConsolidate {
        #[arg(long, default_value = "2024")]
        period: String,
        #[arg(long, default_value_t = 20)]
        iterations: usize,
    },
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// Xuất báo cáo của một đơn vị, hoặc báo cáo tổng hợp, ra tệp DOCX hoặc XLSX.
    Export {
        /// Kế hoạch (đường dẫn); bỏ trống nếu chỉ có một kế hoạch.
        #[arg(long)]
        plan: Option<String>,
        /// Kỳ báo cáo: 2024-h1 (6 tháng) hoặc 2024 (năm).
        #[arg(long)]
        period: String,
        /// Đơn vị: đường dẫn hoặc tên viết tắt.
        #[arg(
            long,
            conflicts_with = "consolidated",
            required_unless_present = "consolidated"
        )]
        org: Option<String>,
        /// Báo cáo tổng hợp của đơn vị chủ trì.
        #[arg(long)]
        consolidated: bool,
        /// docx hoặc xlsx.
        #[arg(long, value_parser = ["docx", "xlsx"])]
        format: String,
        /// Tệp kết quả.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum MailCommand {
    /// Gửi ngay một thư thử để kiểm tra cấu hình [smtp]; in lỗi rõ ràng nếu máy chủ từ chối.
    Test {
        /// Địa chỉ nhận thư thử.
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
enum ApplicationsCommand {
    /// Ẩn danh các hồ sơ đã quá thời hạn lưu trữ (applications.retention_days); `serve`
    /// cũng làm việc này mỗi giờ.
    Anonymise,
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Nhập (hoặc cập nhật) một kế hoạch từ tệp TOML theo docs/plan-format.md.
    Plan {
        /// Tệp kế hoạch (.toml).
        file: PathBuf,
    },
    /// Nhập (hoặc cập nhật) danh mục ngành, nghề từ tệp CSV (xem README: các cột).
    /// Dòng hợp lệ được ghi; dòng lỗi được liệt kê. Mã thoát 1 nếu có dòng bị từ chối.
    Occupations {
        /// Tệp CSV (UTF-8) có dòng tiêu đề.
        file: PathBuf,
    },
    /// Nhập (hoặc cập nhật) chương trình đào tạo từ tệp CSV (xem README: các cột). Dòng hợp
    /// lệ được ghi; dòng lỗi được liệt kê. Nhập lại an toàn: chương trình được nhận ra theo cơ
    /// sở, ngành nghề và hình thức đào tạo. Mã thoát 1 nếu có dòng bị từ chối.
    Programmes {
        /// Tệp CSV (UTF-8) có dòng tiêu đề.
        file: PathBuf,
    },
    /// Nhập (hoặc cập nhật) tin, bài, trang, video, ấn phẩm từ tệp JSON Lines: mỗi dòng một
    /// đối tượng JSON (xem README: các trường). Dòng hợp lệ được ghi và xuất bản; dòng lỗi được liệt kê.
    /// Nhập lại an toàn: nội dung được nhận ra theo external_id. Mã thoát 1 nếu có dòng bị từ chối.
    Content {
        /// Tệp .jsonl (UTF-8).
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Tạo tài khoản. Mật khẩu được hỏi khi chạy, hoặc đọc từ stdin với --password-stdin.
    Create {
        #[arg(long)]
        email: String,
        /// Họ và tên (mặc định: phần trước @ của email).
        #[arg(long)]
        name: Option<String>,
        /// Đơn vị: đường dẫn (slug) hoặc tên viết tắt.
        #[arg(long)]
        org: Option<String>,
        /// Vai trò trong đơn vị: viewer, editor, approver, org_admin.
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        system_admin: bool,
        #[arg(long)]
        plan_owner: bool,
        /// Đọc mật khẩu từ dòng đầu tiên của stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Đặt lại mật khẩu một tài khoản.
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let addr = match &cli.command {
        Command::Serve { addr, .. } => addr.clone(),
        _ => None,
    };
    let overrides = Overrides {
        data_dir: cli.global.data_dir.clone(),
        database_url: cli.global.database_url.clone(),
        addr,
    };
    let config_file = cli.global.config.clone().or_else(|| {
        Path::new("lantoa.toml")
            .exists()
            .then(|| PathBuf::from("lantoa.toml"))
    });
    let env: BTreeMap<String, String> = std::env::vars()
        .filter(|(k, _)| k.starts_with("LANTOA_"))
        .collect();
    let config = match config::load(config_file.as_deref(), &env, &overrides) {
        Ok(c) => c,
        Err(ConfigError(message)) => {
            eprintln!("lantoa: {message}");
            return ExitCode::from(2);
        }
    };
    init_logging(&config);
    match run(cli.command, config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lantoa: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&config.log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    } else {
        builder.init();
    }
}

fn open_db(config: &Config) -> anyhow::Result<Db> {
    let url = DatabaseUrl::parse(&config.database_url())?;
    let options = DbOptions {
        max_connections: config.storage.max_connections,
        sqlite_sync: if config.storage.sqlite_synchronous == "normal" {
            SqliteSync::Normal
        } else {
            SqliteSync::Full
        },
        ..DbOptions::default()
    };
    Db::open(&url, &options).map_err(|e| anyhow::anyhow!("Không kết nối được cơ sở dữ liệu: {e}"))
}

pub(crate) fn open_app(config: &Config) -> anyhow::Result<App> {
    let db = open_db(config)?;
    let applied = db.migrate().context("Cập nhật cấu trúc CSDL thất bại")?;
    for m in &applied {
        tracing::info!(migration = %m, "applied migration");
    }
    let mut app = App::new(db, Arc::new(SystemClock), config.auth_config())?;
    app.applications = config.applications_config();
    app.media = config.media_config();
    app.mail = config.mail_config();
    app.attachments = config.attachments_config();
    Ok(app)
}

fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve { demo, .. } => serve(config, demo),
        Command::Migrate => {
            let db = open_db(&config)?;
            let applied = db.migrate()?;
            if applied.is_empty() {
                println!(
                    "Cơ sở dữ liệu ({}) đã ở phiên bản mới nhất.",
                    db.engine().as_str()
                );
            } else {
                println!("Đã áp dụng {} bản cập nhật cấu trúc:", applied.len());
                for m in applied {
                    println!("  {m}");
                }
            }
            Ok(())
        }
        Command::User(cmd) => user(cmd, &config),
        Command::Import(ImportCommand::Plan { file }) => import_plan(&file, &config),
        Command::Report(ReportCommand::Export {
            plan,
            period,
            org,
            consolidated,
            format,
            out,
        }) => export_report(&config, plan, &period, org, consolidated, &format, &out),
        Command::Import(ImportCommand::Occupations { file }) => import_occupations(&file, &config),
        Command::Import(ImportCommand::Programmes { file }) => import_programmes(&file, &config),
        Command::Import(ImportCommand::Content { file }) => import_content(&file, &config),
        Command::Mail(MailCommand::Test { to }) => mail::send_test(&config, &to),
        Command::Applications(ApplicationsCommand::Anonymise) => {
            let app = open_app(&config)?;
            let mut conn = app.db.conn()?;
            let n = lantoa_app::applications::anonymise_due(&app, &mut conn).map_err(describe)?;
            println!(
                "Đã ẩn danh {n} hồ sơ quá {} ngày không thay đổi.",
                app.applications.retention_days
            );
            Ok(())
        }
        Command::BenchApply {
            url,
            applications,
            clients,
            seconds,
        } => bench_apply::run(&config, &url, applications, clients, seconds),
        Command::Backup { to } => {
            let db = open_db(&config)?;
            db.backup_sqlite(&to)?;
            let size = std::fs::metadata(&to).map(|m| m.len()).unwrap_or(0);
            println!("Đã sao lưu vào {} ({} KB).", to.display(), size / 1024);
            Ok(())
        }
        Command::BenchData {
            orgs,
            activities,
            products,
        } => {
            let app = open_app(&config)?;
            let mut conn = app.db.conn()?;
            let size = lantoa_app::bench::BenchSize {
                organisations: orgs,
                activities,
                products,
            };
            let started = std::time::Instant::now();
            lantoa_app::bench::generate(&app, &mut conn, size, &mut |n| {
                eprint!("\rĐã tạo {n}/{products} sản phẩm")
            })
            .map_err(describe)?;
            eprintln!();
            println!(
                "Đã tạo dữ liệu đo hiệu năng trong {:.1} giây.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::BenchDirectoryData {
            institutions,
            programmes,
        } => {
            anyhow::ensure!(
                (1..=20_000).contains(&institutions) && programmes <= 200_000,
                "Số cơ sở từ 1 đến 20.000, số chương trình tối đa 200.000."
            );
            let app = open_app(&config)?;
            let mut conn = app.db.conn()?;
            let started = std::time::Instant::now();
            let size = lantoa_app::bench::DirectorySize {
                institutions,
                programmes,
            };
            let r = lantoa_app::bench::generate_directory(&app, &mut conn, size, &mut |n| {
                eprint!("\rĐã tạo {n}/{programmes} chương trình")
            })
            .map_err(describe)?;
            eprintln!();
            println!(
                "Đã tạo {} cơ sở ở {} huyện, {} chương trình ({} công bố, {} đang tuyển sinh hôm nay) trên {} ngành nghề, {} đợt tuyển sinh, {} chính sách trong {:.1} giây.",
                r.institutions,
                r.districts,
                r.programmes,
                r.published,
                r.open_today,
                r.occupations,
                r.intakes,
                r.policies,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::BenchDirectory { iterations } => {
            use lantoa_app::programmes::{self as prog, ProgrammeQuery};
            let app = open_app(&config)?;
            let mut conn = app.db.conn()?;
            let today = app.clock.today();
            let group = "Máy tính và công nghệ thông tin";
            let cases = [
                ("/chuong-trinh", ProgrammeQuery::default(), 1),
                (
                    "trung cấp, đang tuyển sinh",
                    ProgrammeQuery::new("", "trung-cap", "", "", "", "1"),
                    1,
                ),
                (
                    "khu vực 899, nhóm ngành",
                    ProgrammeQuery::new("", "", group, "899", "", ""),
                    1,
                ),
                ("trang 120", ProgrammeQuery::default(), 120),
                (
                    "từ khóa “dien”",
                    ProgrammeQuery::new("dien", "", "", "", "", ""),
                    1,
                ),
            ];
            for (label, query, page) in cases {
                let mut times = Vec::with_capacity(iterations);
                let mut total = 0;
                for _ in 0..iterations.max(1) {
                    let t = std::time::Instant::now();
                    let list = prog::public_list(
                        &mut conn,
                        today,
                        &query,
                        lantoa_store::PageRequest::new(page, 20),
                    )
                    .map_err(describe)?;
                    prog::filter_choices(&mut conn, today).map_err(describe)?;
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    total = list.total;
                }
                times.sort_by(f64::total_cmp);
                let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
                println!(
                    "{label}: {total} chương trình; dựng không qua bộ nhớ đệm: trung vị {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} lần)",
                    pick(0.5),
                    pick(0.95),
                    pick(1.0),
                    times.len()
                );
            }
            Ok(())
        }
        Command::BenchContentData { articles } => {
            anyhow::ensure!(articles <= 200_000, "Tối đa 200.000 bài viết.");
            let app = open_app(&config)?;
            let mut conn = app.db.conn()?;
            let started = std::time::Instant::now();
            let n = lantoa_app::bench::generate_articles(&app, &mut conn, articles, &mut |d, t| {
                eprint!("\rĐã đăng {d}/{t} bài viết")
            })
            .map_err(describe)?;
            eprintln!();
            println!(
                "Đã đăng {n} bài viết trong {:.1} giây; chạy `lantoa reindex` để dựng chỉ mục tìm kiếm.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::BenchConsolidate { period, iterations } => {
            let app = open_app(&config)?;
            let mut conn = app.db.conn()?;
            let plan = lantoa_store::plans::by_slug(&mut conn, lantoa_app::bench::PLAN)?
                .context("Chưa có dữ liệu đo hiệu năng: chạy `lantoa bench-data` trước")?;
            let p = lantoa_app::periods::find(&mut conn, &plan, &period).map_err(describe)?;
            let mut times = Vec::with_capacity(iterations);
            let mut last = None;
            for _ in 0..iterations.max(1) {
                let t = std::time::Instant::now();
                last = Some(
                    lantoa_app::report_export::consolidate(&mut conn, &plan, &p)
                        .map_err(describe)?,
                );
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            if let Some(c) = last {
                println!(
                    "{} đơn vị phải báo cáo, {} đã gửi, {} hoạt động.",
                    c.expected,
                    c.submitted,
                    c.by_activity.len()
                );
            }
            println!(
                "tổng hợp {period}: min {:.1} ms, trung vị {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} lần)",
                pick(0.0),
                pick(0.5),
                pick(0.95),
                pick(1.0),
                times.len()
            );
            let mut times = Vec::with_capacity(iterations);
            for _ in 0..iterations.max(1) {
                let t = std::time::Instant::now();
                lantoa_app::dashboard::build(&mut conn, &plan, app.clock.today())
                    .map_err(describe)?;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            println!(
                "số liệu trang tổng quan: min {:.1} ms, trung vị {:.1} ms, max {:.1} ms",
                pick(0.0),
                pick(0.5),
                pick(1.0)
            );
            let mut times = Vec::with_capacity(iterations);
            for _ in 0..iterations.max(1) {
                let t = std::time::Instant::now();
                lantoa_app::dashboard::cached(&app, &mut conn, &plan, app.clock.today())
                    .map_err(describe)?;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            println!(
                "trang tổng quan khi số liệu không đổi (kiểm tra dấu vết dữ liệu): trung vị {:.2} ms, max {:.2} ms",
                pick(0.5),
                pick(1.0)
            );
            Ok(())
        }
        Command::Reindex => reindex(&config),
        Command::CheckConfig => {
            let url = DatabaseUrl::parse(&config.database_url())?;
            let mut shown = config.clone();
            shown.storage.database_url = url.redacted();
            if !shown.smtp.password.is_empty() {
                shown.smtp.password = "(đã ẩn)".into();
            }
            println!(
                "# Cấu hình đang dùng (hợp lệ)\n{}",
                toml::to_string_pretty(&shown)?
            );
            let db = open_db(&config)?;
            db.ping()?;
            let pending = db.pending_migrations()?;
            println!(
                "# CSDL {}: kết nối được; {} bản cập nhật cấu trúc đang chờ.",
                db.engine().as_str(),
                pending.len()
            );
            Ok(())
        }
    }
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Mật khẩu: ")?;
    let second = rpassword::prompt_password("Nhập lại mật khẩu: ")?;
    anyhow::ensure!(first == second, "Hai lần nhập mật khẩu không khớp.");
    Ok(first)
}

fn describe(e: lantoa_app::Error) -> anyhow::Error {
    match e {
        lantoa_app::Error::Invalid(fields) => anyhow::anyhow!(
            "{}",
            fields
                .0
                .iter()
                .map(|(f, m)| format!("{f}: {m}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        lantoa_app::Error::InvalidFile(lines) => anyhow::anyhow!(
            "Tệp không hợp lệ, chưa có gì được ghi:\n{}",
            lines
                .iter()
                .map(|l| format!("  - {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        lantoa_app::Error::NotFound => anyhow::anyhow!("Không tìm thấy."),
        lantoa_app::Error::Conflict(m) => anyhow::anyhow!("{m}"),
        other => anyhow::anyhow!("{other}"),
    }
}

fn user(cmd: UserCommand, config: &Config) -> anyhow::Result<()> {
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let op = Operator::command_line("lantoa user");
    match cmd {
        UserCommand::Create {
            email,
            name,
            org,
            role,
            system_admin,
            plan_owner,
            password_stdin,
        } => {
            let org_id = match &org {
                Some(key) => Some(
                    lantoa_app::orgs::find(&mut conn, key)
                        .map_err(|e| match e {
                            lantoa_app::Error::NotFound => anyhow::anyhow!(
                                "Không có đơn vị “{key}” (dùng đường dẫn hoặc tên viết tắt)."
                            ),
                            other => describe(other),
                        })?
                        .id,
                ),
                None => None,
            };
            let password = read_password(password_stdin)?;
            let form = NewUserForm {
                display_name: name
                    .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned()),
                email: email.clone(),
                organisation_id: org_id.map(|i| i.to_string()).unwrap_or_default(),
                role: role.unwrap_or_default(),
                is_system_admin: if system_admin {
                    "on".into()
                } else {
                    String::new()
                },
                is_plan_owner: if plan_owner {
                    "on".into()
                } else {
                    String::new()
                },
            };
            let id = lantoa_app::users::create_by_operator(&app, &mut conn, &op, &form, &password)
                .map_err(describe)?;
            println!(
                "Đã tạo tài khoản {} (mã {id}).",
                email.trim().to_lowercase()
            );
            Ok(())
        }
        UserCommand::SetPassword {
            email,
            password_stdin,
        } => {
            let password = read_password(password_stdin)?;
            lantoa_app::users::set_password_by_operator(&app, &mut conn, &op, &email, &password)
                .map_err(describe)?;
            println!("Đã đặt lại mật khẩu cho {email}; các phiên đăng nhập cũ đã kết thúc.");
            Ok(())
        }
    }
}

fn export_report(
    config: &Config,
    plan: Option<String>,
    period: &str,
    org: Option<String>,
    consolidated: bool,
    format: &str,
    out: &Path,
) -> anyhow::Result<()> {
    use lantoa_app::report_export::{self, ExportFormat, ExportTarget};
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let plan = match plan {
        Some(p) => p,
        None => {
            let plans = lantoa_app::plans::list(&mut conn).map_err(describe)?;
            match plans.as_slice() {
                [only] => only.slug.clone(),
                [] => {
                    anyhow::bail!("Chưa có kế hoạch nào; nhập kế hoạch bằng `lantoa import plan`.")
                }
                many => anyhow::bail!(
                    "Có {} kế hoạch; chọn một bằng --plan: {}",
                    many.len(),
                    many.iter()
                        .map(|p| p.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    let target = if consolidated {
        ExportTarget::Consolidated
    } else {
        let key = org.unwrap_or_default();
        let row = lantoa_app::orgs::find(&mut conn, &key).map_err(|e| match e {
            lantoa_app::Error::NotFound => {
                anyhow::anyhow!("Không có đơn vị “{key}” (dùng đường dẫn hoặc tên viết tắt).")
            }
            other => describe(other),
        })?;
        ExportTarget::Org(row.org_id())
    };
    let format = ExportFormat::parse(format).context("định dạng phải là docx hoặc xlsx")?;
    let today = app.clock.today();
    let bytes = report_export::export(&mut conn, &plan, period, target, format, today).map_err(|e| match e {
        lantoa_app::Error::NotFound => anyhow::anyhow!(
            "Không tìm thấy: kiểm tra kỳ báo cáo “{period}” (dạng 2024-h1 hoặc 2024) và đơn vị có phải báo cáo kỳ này không."
        ),
        other => describe(other),
    })?;
    std::fs::write(out, &bytes).with_context(|| format!("Không ghi được tệp {}", out.display()))?;
    println!(
        "Đã xuất {} ({} KB).",
        out.display(),
        bytes.len().div_ceil(1024)
    );
    Ok(())
}

fn import_plan(file: &Path, config: &Config) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("Không đọc được tệp {}", file.display()))?;
    let parsed = lantoa_app::plans::parse(&text)
        .map_err(|e| describe(lantoa_app::Error::InvalidFile(e.0)))?;
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let actor = lantoa_app::audit::Actor::system("lantoa import plan");
    let report = lantoa_app::plans::import(&app, &mut conn, &actor, &parsed).map_err(describe)?;
    println!(
        "Đã {} kế hoạch “{}”: {} hoạt động{}.",
        if report.created {
            "nhập"
        } else {
            "cập nhật"
        },
        parsed.slug,
        report.activities,
        if report.removed_activities > 0 {
            format!(
                ", bỏ {} hoạt động không còn trong tệp",
                report.removed_activities
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Rows between two progress lines on stderr.
const PROGRESS_EVERY: usize = 500;

fn import_occupations(file: &Path, config: &Config) -> anyhow::Result<()> {
    let reader = std::fs::File::open(file)
        .with_context(|| format!("Không đọc được tệp {}", file.display()))?;
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let actor = lantoa_app::audit::Actor::system("lantoa import occupations");
    // A counter on stderr: rewritten in place on a terminal, one line per step otherwise.
    let terminal = std::io::stderr().is_terminal();
    let mut last = 0;
    let mut progress = |rows: usize| {
        if rows >= last + PROGRESS_EVERY {
            last = rows;
            if terminal {
                eprint!("\rĐã đọc {rows} dòng…");
            } else {
                eprintln!("Đã đọc {rows} dòng…");
            }
        }
    };
    let report = lantoa_app::occupations::import_csv(
        &app,
        &mut conn,
        &actor,
        std::io::BufReader::new(reader),
        &mut progress,
    )
    .map_err(describe)?;
    if terminal && last > 0 {
        eprintln!();
    }
    let rejected = lantoa_app::occupations::rejected_line_count(&report);
    println!(
        "Đã đọc {} dòng: {} ngành, nghề mới, {} cập nhật, {} không đổi, {} dòng bị từ chối.",
        report.rows, report.created, report.updated, report.unchanged, rejected
    );
    if rejected == 0 {
        return Ok(());
    }
    eprintln!("Các dòng bị từ chối (các dòng khác đã được ghi):");
    for r in &report.rejected {
        if r.field.is_empty() {
            eprintln!("  dòng {}: {}", r.line, r.reason);
        } else {
            eprintln!("  dòng {}, cột {}: {}", r.line, r.field, r.reason);
        }
    }
    anyhow::bail!(
        "{rejected} dòng bị từ chối; sửa các dòng trên rồi nhập lại tệp (các dòng đã ghi không bị nhập trùng)."
    )
}

/// Width of the progress bar, in characters.
const BAR: usize = 30;

/// `[#########.....] 120/300 dòng` on a terminal (rewritten in place), else one line a step.
fn progress_line(done: usize, total: usize, terminal: bool) -> String {
    let total = total.max(1);
    if terminal {
        let filled = done.min(total) * BAR / total;
        format!(
            "\r[{}{}] {done}/{total} dòng",
            "#".repeat(filled),
            ".".repeat(BAR - filled)
        )
    } else {
        format!("Đã xử lý {done}/{total} dòng…\n")
    }
}

fn import_programmes(file: &Path, config: &Config) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(file).with_context(|| format!("Không đọc được tệp {}", file.display()))?;
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let actor = lantoa_app::audit::Actor::system("lantoa import programmes");
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        eprint!("{}", progress_line(done, total, terminal));
    };
    let report =
        lantoa_app::programme_import::import_csv(&app, &mut conn, &actor, &bytes, &mut progress)
            .map_err(describe)?;
    if terminal {
        eprintln!();
    }
    let rejected = report.rejected_lines();
    println!(
        "Đã đọc {} dòng: {} chương trình mới, {} cập nhật, {} không đổi, {} dòng bị từ chối.",
        report.rows, report.created, report.updated, report.unchanged, rejected
    );
    if rejected == 0 {
        return Ok(());
    }
    eprintln!("Các dòng bị từ chối (các dòng khác đã được ghi):");
    for r in &report.rejected {
        if r.field.is_empty() {
            eprintln!("  dòng {}: {}", r.line, r.reason);
        } else {
            eprintln!("  dòng {}, cột {}: {}", r.line, r.field, r.reason);
        }
    }
    anyhow::bail!(
        "{rejected} dòng bị từ chối; sửa các dòng trên rồi nhập lại tệp (chương trình đã ghi được nhận ra theo cơ sở, ngành nghề và hình thức đào tạo, không bị nhập trùng)."
    )
}

fn import_content(file: &Path, config: &Config) -> anyhow::Result<()> {
    let bytes =
        std::fs::read(file).with_context(|| format!("Không đọc được tệp {}", file.display()))?;
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let actor = lantoa_app::audit::Actor::system("lantoa import content");
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        eprint!("{}", progress_line(done, total, terminal));
    };
    // Cover images are read relative to the file's folder.
    let folder = file.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    let report = lantoa_app::content_import::import_jsonl_from(
        &app,
        &mut conn,
        &actor,
        &bytes,
        folder,
        &mut progress,
    )
    .map_err(describe)?;
    if terminal {
        eprintln!();
    }
    let rejected = report.rejected_lines();
    println!(
        "Đã đọc {} dòng: {} nội dung mới, {} cập nhật, {} không đổi, {} bỏ qua, {} dòng bị từ chối.",
        report.lines, report.created, report.updated, report.unchanged, report.skipped, rejected
    );
    let line = |r: &lantoa_app::occupations::RejectedLine| {
        if r.field.is_empty() {
            format!("  dòng {}: {}", r.line, r.reason)
        } else {
            format!("  dòng {}, trường {}: {}", r.line, r.field, r.reason)
        }
    };
    if !report.warnings.is_empty() {
        eprintln!("Lưu ý (các dòng này đã được ghi hoặc bỏ qua như trên):");
        for w in &report.warnings {
            eprintln!("{}", line(w));
        }
    }
    if rejected == 0 {
        return Ok(());
    }
    eprintln!("Các dòng bị từ chối (các dòng khác đã được ghi):");
    for r in &report.rejected {
        eprintln!("{}", line(r));
    }
    anyhow::bail!(
        "{rejected} dòng bị từ chối; sửa các dòng trên rồi nhập lại tệp (nội dung đã ghi được nhận ra theo external_id, không bị nhập trùng)."
    )
}

/// Opens (or creates) the search index under the data directory.
fn open_search_index(
    config: &Config,
) -> anyhow::Result<(lantoa_search::SearchIndex, lantoa_search::OpenState)> {
    let dir = config.search_dir();
    lantoa_search::SearchIndex::open(&dir)
        .with_context(|| format!("Không mở được chỉ mục tìm kiếm {}", dir.display()))
}

/// Documents between two progress lines of `lantoa reindex`.
const REINDEX_PROGRESS_EVERY: u64 = 500;

fn reindex(config: &Config) -> anyhow::Result<()> {
    let app = open_app(config)?;
    let mut conn = app.db.conn()?;
    let (index, _) = open_search_index(config)?;
    let count = |n: u64| lantoa_app::format::int(i64::try_from(n).unwrap_or(i64::MAX));
    let terminal = std::io::stderr().is_terminal();
    let mut last = 0;
    let mut progress = |done: u64, total: u64| {
        if done >= last + REINDEX_PROGRESS_EVERY || (done == total && done > last) {
            last = done;
            let line = format!("Đã đọc {}/{} mục…", count(done), count(total));
            if terminal {
                eprint!("\r{line}");
            } else {
                eprintln!("{line}");
            }
        }
    };
    let started = std::time::Instant::now();
    let report = lantoa_app::search::rebuild(&index, &mut conn, app.clock.today(), &mut progress)
        .map_err(describe)?;
    if terminal && last > 0 {
        eprintln!();
    }
    println!(
        "Đã dựng lại chỉ mục tìm kiếm tại {} trong {:.1} giây: {} tin, bài và trang, {} ngành, nghề, {} cơ sở đào tạo.",
        config.search_dir().display(),
        started.elapsed().as_secs_f64(),
        count(report.contents),
        count(report.occupations),
        count(report.institutions)
    );
    Ok(())
}

/// Seconds between two catch-ups of the search index with the database.
const SEARCH_CATCH_UP_SECS: u64 = 60;

/// Keeps the search index in step with the database: first a rebuild (a new or outdated
/// index) or a catch-up (changes made while the server was down), then a catch-up every
/// minute (changes made by other instances or by the command line).
fn spawn_search_sync(
    app: Arc<App>,
    index: Arc<lantoa_search::SearchIndex>,
    state: lantoa_search::OpenState,
) {
    tokio::spawn(async move {
        if let lantoa_search::OpenState::NeedsRebuild(reason) = state {
            tracing::info!(reason, "building the search index from the database");
            let i = Arc::clone(&index);
            let started = std::time::Instant::now();
            match app
                .run(move |app, conn| {
                    lantoa_app::search::rebuild(&i, conn, app.clock.today(), &mut |_, _| {})
                })
                .await
            {
                Ok(r) => tracing::info!(
                    documents = r.total(),
                    seconds = started.elapsed().as_secs_f64(),
                    "search index built"
                ),
                Err(e) => {
                    tracing::error!(error = %e, "building the search index failed; run `lantoa reindex`")
                }
            }
        }
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(SEARCH_CATCH_UP_SECS));
        loop {
            tick.tick().await;
            let i = Arc::clone(&index);
            match app
                .run(move |app, conn| lantoa_app::search::catch_up(&i, conn, app.clock.today()))
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(documents = n, "search index caught up"),
                Err(e) => tracing::warn!(error = %e, "search index catch-up failed"),
            }
        }
    });
}

fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    if demo {
        std::fs::create_dir_all(&config.storage.data_dir).with_context(|| {
            format!(
                "Không tạo được thư mục dữ liệu {}",
                config.storage.data_dir.display()
            )
        })?;
    }
    // E-mail: built (and its password file read) before anything starts.
    let smtp = mail::SmtpSender::from_config(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (index, index_state) = open_search_index(&config)?;
    let index = Arc::new(index);
    let app = open_app(&config)?.with_search(Arc::clone(&index));
    if demo {
        let mut conn = app.db.conn()?;
        let mut report = lantoa_app::demo::seed(&app, &mut conn).map_err(describe)?;
        (report.products, report.reports) =
            lantoa_app::demo::seed_figures(&mut conn).map_err(describe)?;
        lantoa_app::demo::seed_media(&app, &mut conn).map_err(describe)?;
        if report.organisations > 0
            || report.plans > 0
            || report.occupations > 0
            || report.programmes > 0
            || report.products > 0
        {
            println!(
                "Đã nạp dữ liệu mẫu: {} đơn vị hành chính, {} đơn vị, {} quan hệ kế thừa, {} kế hoạch, {} ngành nghề, {} chương trình đào tạo, {} sản phẩm truyền thông, {} báo cáo, {} hồ sơ tuyển sinh.",
                report.admin_units,
                report.organisations,
                report.successions,
                report.plans,
                report.occupations,
                report.programmes,
                report.products,
                report.reports,
                report.applications
            );
        }
        if !report.new_users.is_empty() {
            println!("\nTài khoản mẫu (mật khẩu chỉ hiện một lần, hãy ghi lại):");
            for (email, password, role) in &report.new_users {
                println!("  {email:<28} {password}   {role}");
            }
            println!();
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("Không khởi động được bộ chạy bất đồng bộ")?;
    runtime.block_on(async move {
        let addr: std::net::SocketAddr = config.server.addr.parse()?;
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!("Không mở được cổng {addr} (cổng đang bận hoặc không có quyền)")
        })?;
        let settings = lantoa_web::Settings {
            identity: lantoa_web::chrome::Identity {
                site_name: config.site.name.clone(),
                slogan: config.site.slogan.clone(),
                second_slogan: config.site.second_slogan.clone(),
                agency_name: config.site.agency_name.clone(),
                agency_address: config.site.agency_address.clone(),
                agency_phone: config.site.agency_phone.clone(),
                agency_email: config.site.agency_email.clone(),
                public_url: config.public_url(),
            },
            behind_tls: config.server.behind_tls,
            trust_forwarded_for: config.server.trust_forwarded_for,
            body_limit_bytes: usize::try_from(config.server.body_limit_kib * 1024)
                .unwrap_or(usize::MAX),
        };
        let app = Arc::new(app);
        spawn_search_sync(Arc::clone(&app), index, index_state);
        // The publishing job: scheduled content goes out each minute; the first tick is at
        // start, so what came due while the server was down is published at once.
        let publish_app = Arc::clone(&app);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                match publish_app.run(lantoa_app::content::publish_due).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(items = n, "scheduled content published"),
                    Err(e) => tracing::warn!(error = %e, "publishing scheduled content failed"),
                }
            }
        });
        let purge_app = Arc::clone(&app);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                let result = purge_app.run(lantoa_app::auth::purge).await;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "purging expired sessions failed");
                }
                match purge_app.run(lantoa_app::notifications::remind_due).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(reminders = n, "report reminders sent"),
                    Err(e) => tracing::warn!(error = %e, "sending report reminders failed"),
                }
                match purge_app.run(lantoa_app::applications::anonymise_due).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(applications = n, "expired applications anonymised"),
                    Err(e) => tracing::warn!(error = %e, "anonymising expired applications failed"),
                }
                match purge_app.run(lantoa_app::mail::purge_sent).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(messages = n, "sent e-mails older than 90 days removed")
                    }
                    Err(e) => tracing::warn!(error = %e, "removing old sent e-mails failed"),
                }
                // Upload spools a crash left in the media folder (an hour untouched); the
                // first tick is at start.
                match purge_app
                    .run(|app, _| lantoa_app::video::sweep_spools(app))
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(files = n, "stale upload spools removed"),
                    Err(e) => tracing::warn!(error = %e, "removing stale upload spools failed"),
                }
            }
        });
        if let Some(sender) = smtp {
            spawn_mail_delivery(Arc::clone(&app), Arc::new(sender));
        }
        let engine = app.db.engine().as_str();
        println!("lantoa đang chạy tại http://{addr} (CSDL: {engine}). Nhấn Ctrl+C để dừng.");
        lantoa_web::serve(listener, app, settings, shutdown_signal()).await?;
        println!("lantoa đã dừng.");
        anyhow::Ok(())
    })
}

/// The e-mail delivery job: every 30 seconds (and at start) sends what the outbox holds.
fn spawn_mail_delivery(app: Arc<App>, sender: Arc<mail::SmtpSender>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            tick.tick().await;
            let sender = Arc::clone(&sender);
            match app
                .run(move |app, conn| lantoa_app::mail::deliver_due(app, conn, &*sender, 100))
                .await
            {
                Ok(d) if d == lantoa_app::mail::Delivery::default() => {}
                Ok(d) => tracing::info!(
                    sent = d.sent,
                    retrying = d.retrying,
                    given_up = d.given_up,
                    "e-mail delivery"
                ),
                Err(e) => tracing::warn!(error = %e, "e-mail delivery failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::progress_line;

    #[test]
    fn the_progress_bar_fills_with_the_lines_done() {
        assert_eq!(
            progress_line(0, 300, true),
            format!("\r[{}] 0/300 dòng", ".".repeat(30))
        );
        assert_eq!(
            progress_line(150, 300, true),
            format!("\r[{}{}] 150/300 dòng", "#".repeat(15), ".".repeat(15))
        );
        assert_eq!(
            progress_line(300, 300, true),
            format!("\r[{}] 300/300 dòng", "#".repeat(30))
        );
        // An empty file does not divide by zero; off a terminal, one line a step.
        assert_eq!(progress_line(0, 0, false), "Đã xử lý 0/1 dòng…\n");
    }
}
