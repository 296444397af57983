//! A realistic 6-month report: Trường Cao đẳng Kiên Giang, first half of 2024.

use lantoa_export::{AdminDocument, Block, Cell, Column, NaiveDate, Sheet, Table, Workbook};

fn date(y: i32, m: u32, d: u32) -> Cell {
    NaiveDate::from_ymd_opt(y, m, d).map_or(Cell::Empty, Cell::Date)
}

/// The figures table: five activities and a total row.
pub fn figures() -> Table {
    let row = |stt: &str, activity: &str, products: i64, reach: i64, rate: f64, last: Cell| {
        vec![
            Cell::from(stt),
            Cell::from(activity),
            Cell::Int(products),
            Cell::Int(reach),
            Cell::Decimal(rate),
            last,
        ]
    };
    Table {
        caption: Some("Bảng 1. Sản phẩm truyền thông 6 tháng đầu năm 2024".into()),
        columns: vec![
            Column::text("STT", 12),
            Column::text("Hoạt động", 62),
            Column::number("Số sản phẩm", 20),
            Column::number("Lượt tiếp cận", 24),
            Column::number("Tỷ lệ so với kế hoạch (%)", 22),
            Column::text("Sản phẩm gần nhất", 24),
        ],
        rows: vec![
            row(
                "1",
                "Tin, bài trên cổng thông tin điện tử của Trường",
                24,
                18_560,
                120.0,
                date(2024, 6, 12),
            ),
            row(
                "2",
                "Phóng sự, video clip trên Đài Phát thanh - Truyền hình tỉnh",
                3,
                45_000,
                100.0,
                date(2024, 5, 24),
            ),
            row(
                "3",
                "Buổi tư vấn tuyển sinh, hướng nghiệp tại các trường THCS, THPT",
                18,
                6_240,
                90.0,
                date(2024, 6, 7),
            ),
            row(
                "4",
                "Tờ rơi, ấn phẩm giới thiệu ngành, nghề đào tạo",
                5,
                12_000,
                100.0,
                date(2024, 3, 15),
            ),
            row(
                "5",
                "Bài đăng trên trang mạng xã hội của Trường",
                86,
                153_200,
                143.33,
                date(2024, 6, 14),
            ),
        ],
        total_row: Some(vec![
            Cell::Empty,
            Cell::from("Tổng cộng"),
            Cell::Int(136),
            Cell::Int(235_000),
            Cell::Empty,
            Cell::Empty,
        ]),
    }
}

pub fn report() -> AdminDocument {
    let h = |level: u8, text: &str| Block::Heading {
        level,
        text: text.into(),
    };
    let p = |text: &str| Block::Paragraph(text.into());
    AdminDocument {
        issuer_parent: "UBND TỈNH KIÊN GIANG".into(),
        issuer: "TRƯỜNG CAO ĐẲNG KIÊN GIANG".into(),
        number: "Số:       /BC-CĐKG".into(),
        place_date: "Kiên Giang, ngày 18 tháng 6 năm 2024".into(),
        doc_type: "BÁO CÁO".into(),
        summary: "Kết quả thực hiện Kế hoạch truyền thông về giáo dục nghề nghiệp \
                  6 tháng đầu năm 2024"
            .into(),
        body: vec![
            p(
                "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về công tác truyền thông giáo dục \
               nghề nghiệp, Trường Cao đẳng Kiên Giang báo cáo kết quả thực hiện 6 tháng đầu \
               năm 2024 như sau:",
            ),
            h(1, "I. KẾT QUẢ THỰC HIỆN"),
            h(
                2,
                "1. Công tác tuyên truyền trên các phương tiện thông tin đại chúng",
            ),
            p(
                "Trường đã đăng tải 24 tin, bài trên cổng thông tin điện tử, phối hợp với Đài \
               Phát thanh - Truyền hình tỉnh thực hiện 03 phóng sự về các ngành, nghề đào tạo \
               và duy trì trang mạng xã hội của Trường với 86 bài đăng, thu hút 153.200 lượt \
               tiếp cận.",
            ),
            Block::Table(figures()),
            h(2, "2. Công tác tư vấn tuyển sinh, hướng nghiệp"),
            p(
                "Tổ chức 18 buổi tư vấn tuyển sinh, hướng nghiệp tại các trường THCS, THPT trên \
               địa bàn tỉnh với 6.240 học sinh tham gia; phát hành 12.000 tờ rơi giới thiệu \
               ngành, nghề đào tạo.",
            ),
            h(1, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
            p(
                "Nội dung truyền thông chưa phong phú; kinh phí cho hoạt động truyền thông còn \
               hạn chế.",
            ),
            h(1, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024"),
            p(
                "Tiếp tục đẩy mạnh truyền thông trên mạng xã hội và cổng thông tin điện tử.\n\
               Phối hợp với các trường THCS, THPT tổ chức tư vấn tuyển sinh đợt 2.",
            ),
            h(1, "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
            p(
                "Đề nghị Sở Lao động - Thương binh và Xã hội hỗ trợ kinh phí sản xuất phóng sự \
               giới thiệu các ngành, nghề đào tạo trọng điểm.",
            ),
            p(
                "Trên đây là báo cáo kết quả thực hiện Kế hoạch truyền thông về giáo dục nghề \
               nghiệp 6 tháng đầu năm 2024 của Trường Cao đẳng Kiên Giang./.",
            ),
        ],
        recipients: vec![
            "Sở Lao động - Thương binh và Xã hội (để b/c)".into(),
            "Ban Giám hiệu".into(),
            "Lưu: VT, P.ĐT.".into(),
        ],
        signer_authority: "KT. HIỆU TRƯỞNG".into(),
        signer_title: "PHÓ HIỆU TRƯỞNG".into(),
        signer_name: "Nguyễn Văn An".into(),
    }
}

/// The same figures as a workbook, plus a per-month sheet whose name Excel would refuse.
pub fn workbook() -> Workbook {
    let monthly = Table {
        caption: None,
        columns: vec![
            Column::text("Tháng", 20),
            Column::number("Số sản phẩm", 25),
            Column::number("Lượt tiếp cận", 30),
        ],
        rows: vec![
            vec![date(2024, 1, 31), Cell::Int(14), Cell::Int(21_300)],
            vec![date(2024, 2, 29), Cell::Int(9), Cell::Int(12_450)],
            vec![date(2024, 3, 31), Cell::Int(26), Cell::Int(40_100)],
        ],
        total_row: Some(vec![Cell::from("Cộng"), Cell::Int(49), Cell::Int(73_850)]),
    };
    Workbook {
        sheets: vec![
            Sheet {
                name: "Số liệu 6 tháng đầu năm 2024".into(),
                title: Some(
                    "Trường Cao đẳng Kiên Giang - kết quả truyền thông giáo dục nghề nghiệp \
                     6 tháng đầu năm 2024"
                        .into(),
                ),
                table: figures(),
            },
            Sheet {
                name: "Theo tháng: quý I/2024 [Trường Cao đẳng Kiên Giang]".into(),
                title: None,
                table: monthly,
            },
        ],
    }
}
