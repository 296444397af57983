use super::support::{TempDir, lantoa, run_with_stdin, text};

#[test]
fn invalid_configuration_names_the_key_and_exits_with_2() {
    let dir = TempDir::new("cfg");
    let o = lantoa(dir.path())
        .env("LANTOA_SERVER_ADDR", "cong-8080")
        .arg("check-config")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("server.addr") && err.contains("127.0.0.1:8080"),
        "{err}"
    );

    std::fs::write(
        dir.path().join("lantoa.toml"),
        "[storage]\nsqlite_synchronous = \"sometimes\"\n",
    )
    .unwrap();
    let o = lantoa(dir.path()).arg("check-config").output().unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("storage.sqlite_synchronous") && err.contains("full hoặc normal"),
        "{err}"
    );

    let o = lantoa(dir.path())
        .args(["--database-url", "mysql://localhost/x", "migrate"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = lantoa(dir.path()).arg("khong-co-lenh").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unreachable_database_is_reported_without_a_panic() {
    let dir = TempDir::new("unreachable");
    let o = lantoa(dir.path())
        .args([
            "--database-url",
            "postgres://postgres@127.0.0.1:1/khongco",
            "migrate",
        ])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("Không kết nối được cơ sở dữ liệu"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn migrate_create_users_and_back_up_on_sqlite() {
    let dir = TempDir::new("users");
    let data = dir.path().join("du-lieu");
    let data_arg = data.to_str().unwrap();
    let o = lantoa(dir.path())
        .args(["--data-dir", data_arg, "migrate"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("Đã áp dụng"));
    let o = lantoa(dir.path())
        .args(["--data-dir", data_arg, "migrate"])
        .output()
        .unwrap();
    assert!(text(&o).0.contains("đã ở phiên bản mới nhất"));

    let mut c = lantoa(dir.path());
    c.args([
        "--data-dir",
        data_arg,
        "user",
        "create",
        "--email",
        "Admin@AnGiang.gov.vn",
        "--name",
        "Quản trị",
        "--system-admin",
        "--password-stdin",
    ]);
    let o = run_with_stdin(c, "Mật khẩu đủ dài 2026\n");
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("admin@angiang.gov.vn"));

    // The same e-mail again, and a short password: clear messages, exit 1.
    let mut c = lantoa(dir.path());
    c.args([
        "--data-dir",
        data_arg,
        "user",
        "create",
        "--email",
        "admin@angiang.gov.vn",
        "--system-admin",
        "--password-stdin",
    ]);
    let o = run_with_stdin(c, "Mật khẩu đủ dài 2026\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("Đã có tài khoản dùng địa chỉ thư điện tử này."),
        "{:?}",
        text(&o)
    );
    let mut c = lantoa(dir.path());
    c.args([
        "--data-dir",
        data_arg,
        "user",
        "create",
        "--email",
        "b@angiang.gov.vn",
        "--system-admin",
        "--password-stdin",
    ]);
    let o = run_with_stdin(c, "ngan\n");
    assert!(
        text(&o).1.contains("Mật khẩu cần ít nhất 10 ký tự."),
        "{:?}",
        text(&o)
    );
    // An organisation that does not exist.
    let mut c = lantoa(dir.path());
    c.args([
        "--data-dir",
        data_arg,
        "user",
        "create",
        "--email",
        "c@angiang.gov.vn",
        "--org",
        "khong-co",
        "--role",
        "editor",
        "--password-stdin",
    ]);
    let o = run_with_stdin(c, "Mật khẩu đủ dài 2026\n");
    assert!(
        text(&o).1.contains("Không có đơn vị “khong-co”"),
        "{:?}",
        text(&o)
    );

    let backup = dir.path().join("sao-luu.db");
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "backup",
            "--to",
            backup.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    // The copy is a complete database with the account in it.
    let copy = lantoa_store::Db::open(
        &lantoa_store::DatabaseUrl::Sqlite(backup.clone()),
        &lantoa_store::DbOptions::default(),
    )
    .unwrap();
    let mut conn = copy.conn().unwrap();
    assert!(
        lantoa_store::users::by_email(&mut conn, "admin@angiang.gov.vn")
            .unwrap()
            .is_some()
    );
    drop(conn);
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "backup",
            "--to",
            backup.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("already exists") || text(&o).1.contains("đã tồn tại"),
        "{:?}",
        text(&o)
    );

    let o = lantoa(dir.path())
        .args(["--data-dir", data_arg, "check-config"])
        .output()
        .unwrap();
    let (out, _) = text(&o);
    assert!(
        o.status.success() && out.contains("kết nối được") && out.contains("sqlite"),
        "{out}"
    );
}

#[test]
fn importing_a_plan_reports_what_it_did_and_refuses_a_bad_file() {
    let dir = TempDir::new("plan");
    let data = dir.path().join("du-lieu");
    let data_arg = data.to_str().unwrap();
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../lantoa-app/plans/kien-giang-2023-2025.toml");
    // Organisations the plan names must exist: an empty database refuses it, listing each.
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "import",
            "plan",
            plan.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("chưa có gì được ghi")
            && err.contains("không có đơn vị “so-ldtbxh-kien-giang”"),
        "{err}"
    );
    let bad = dir.path().join("sai.toml");
    std::fs::write(&bad, "format = 1\ntitle = \"Thiếu slug\"\n").unwrap();
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "import",
            "plan",
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("Tệp kế hoạch sai cấu trúc"),
        "{:?}",
        text(&o)
    );
    let o = lantoa(dir.path())
        .args(["--data-dir", data_arg, "import", "plan", "khong-co.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("Không đọc được tệp khong-co.toml"),
        "{:?}",
        text(&o)
    );
}

#[test]
fn reports_export_from_the_command_line() {
    let dir = TempDir::new("export");
    let data = dir.path().join("du-lieu");
    let data_arg = data.to_str().unwrap();
    // Seed the demo through the library (the same code `serve --demo` runs).
    {
        let db = lantoa_store::Db::open(
            &lantoa_store::DatabaseUrl::Sqlite(data.join("lantoa.db")),
            &lantoa_store::DbOptions::default(),
        )
        .unwrap();
        db.migrate().unwrap();
        let app = lantoa_app::App::new(
            db,
            std::sync::Arc::new(lantoa_app::SystemClock),
            lantoa_app::AuthConfig::for_tests(),
        )
        .unwrap();
        let mut c = app.db.conn().unwrap();
        lantoa_app::demo::seed(&app, &mut c).unwrap();
    }
    let out = dir.path().join("bao-cao.docx");
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "report",
            "export",
            "--period",
            "2024-h1",
            "--org",
            "truong-cao-dang-kien-giang",
            "--format",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let out = dir.path().join("tong-hop.xlsx");
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "report",
            "export",
            "--period",
            "2025",
            "--consolidated",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    // A period outside the plan, and an organisation that owes no report: clear messages.
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "report",
            "export",
            "--period",
            "2030",
            "--consolidated",
            "--format",
            "docx",
            "--out",
            "x.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("kiểm tra kỳ báo cáo “2030”"),
        "{:?}",
        text(&o)
    );
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "report",
            "export",
            "--period",
            "2024",
            "--format",
            "docx",
            "--out",
            "x.docx",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "--org or --consolidated is required"
    );
}

#[test]
fn importing_occupations_takes_good_lines_and_reports_bad_ones() {
    let dir = TempDir::new("occupations");
    let data = dir.path().join("du-lieu");
    let data_arg = data.to_str().unwrap();
    let file = dir.path().join("nganh-nghe.csv");
    // A BOM as Excel writes it, a quoted name with a comma, a wrong level digit, a line
    // with a missing column, a sơ cấp course with a code.
    std::fs::write(
        &file,
        "\u{feff}code,level,name_vi,riasec\n\
6520227,cao_dang,Điện công nghiệp,RIC\n\
5520255,trung_cap,\"Vận hành, sửa chữa thiết bị lạnh\",RC\n\
5480201,cao_dang,Công nghệ thông tin,\n\
5340302,trung_cap\n\
4620101,so_cap,Kỹ thuật nuôi tôm nước lợ,\n",
    )
    .unwrap();
    let run = || {
        lantoa(dir.path())
            .args([
                "--data-dir",
                data_arg,
                "import",
                "occupations",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap()
    };
    let o = run();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(
        out.contains(
            "Đã đọc 5 dòng: 2 ngành, nghề mới, 0 cập nhật, 0 không đổi, 3 dòng bị từ chối."
        ),
        "{out}"
    );
    for line in [
        "dòng 4, cột code: Mã ngành, nghề trình độ cao đẳng phải bắt đầu bằng chữ số 6.",
        "dòng 5: Dòng có 2 cột, dòng tiêu đề có 4 cột",
        "dòng 6, cột code: Khóa đào tạo sơ cấp không có mã ngành, nghề; hãy để trống mã.",
        "3 dòng bị từ chối",
    ] {
        assert!(err.contains(line), "missing {line:?} in\n{err}");
    }
    // Fixed: only the fixed lines are new; the others are recognised, not duplicated.
    std::fs::write(
        &file,
        "code,level,name_vi,riasec\n\
6520227,cao_dang,Điện công nghiệp,RIC\n\
5520255,trung_cap,\"Vận hành, sửa chữa thiết bị lạnh\",RC\n\
6480201,cao_dang,Công nghệ thông tin,\n\
5340302,trung_cap,Kế toán doanh nghiệp,\n\
,so_cap,Kỹ thuật nuôi tôm nước lợ,\n",
    )
    .unwrap();
    let o = run();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(
        out.contains("3 ngành, nghề mới, 0 cập nhật, 2 không đổi, 0 dòng bị từ chối"),
        "{out}"
    );
    // A header the importer does not know: nothing is written, exit 1.
    std::fs::write(&file, "ma_nghe,ten\n1,x\n").unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("Thiếu cột bắt buộc “code”"),
        "{:?}",
        text(&o)
    );
}

#[test]
fn a_long_occupations_file_shows_its_progress_on_stderr() {
    let dir = TempDir::new("occupations-long");
    let data = dir.path().join("du-lieu");
    let file = dir.path().join("dai.csv");
    let mut csv = String::from("code,level,name_vi\n");
    for n in 1..=1100 {
        csv.push_str(&format!(",so_cap,Khóa ngắn hạn số {n}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data.to_str().unwrap(),
            "import",
            "occupations",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(
        err.contains("Đã đọc 500 dòng…") && err.contains("Đã đọc 1000 dòng…"),
        "{err}"
    );
    assert!(out.contains("1100 ngành, nghề mới"), "{out}");
}

#[test]
fn reindex_rebuilds_the_search_index_with_its_progress() {
    let dir = TempDir::new("reindex");
    let data = dir.path().join("du-lieu");
    let data_arg = data.to_str().unwrap();
    let file = dir.path().join("nganh-nghe.csv");
    let mut csv = String::from("code,level,name_vi\n6520123,cao_dang,Hàn\n");
    for n in 1..=1100 {
        csv.push_str(&format!(",so_cap,Khóa ngắn hạn số {n}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let o = lantoa(dir.path())
        .args([
            "--data-dir",
            data_arg,
            "import",
            "occupations",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    let reindex = || {
        lantoa(dir.path())
            .args(["--data-dir", data_arg, "reindex"])
            .output()
            .unwrap()
    };
    let o = reindex();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(
        out.contains("Đã dựng lại chỉ mục tìm kiếm tại")
            && out.contains("0 tin, bài và trang, 1.101 ngành, nghề, 0 cơ sở đào tạo."),
        "{out}"
    );
    assert!(
        err.contains("Đã đọc 500/1.101 mục…") && err.contains("Đã đọc 1.101/1.101 mục…"),
        "{err}"
    );
    // The index is where the README says, and it finds the occupation without diacritics.
    let (index, state) = lantoa_search::SearchIndex::open(&data.join("search")).unwrap();
    assert_eq!(state, lantoa_search::OpenState::Ready);
    let hits = index
        .search(&lantoa_search::SearchQuery {
            text: "han".into(),
            limit: 5,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.hits[0].url, "/nganh-nghe/han-cao-dang");
    drop(index);
    // Again: the same documents, not twice as many.
    let o = reindex();
    assert!(text(&o).0.contains("1.101 ngành, nghề"), "{:?}", text(&o));
    let (index, _) = lantoa_search::SearchIndex::open(&data.join("search")).unwrap();
    assert_eq!(index.num_docs(), 1101);
}
