//! The portal's audience pages ("Dành cho học sinh và phụ huynh", …): a reader-facing section
//! for each kind of visitor the plan addresses (section III), built on the plan's target groups.
//! docs/adr/0021-audience-pages.md.
//!
//! A page gathers the published items tagged with any of its [`AudiencePage::audiences`] and
//! leads to the parts of the portal that group needs first. The plan's groups and the pages do
//! not map one to one: group III.1 ("học sinh THCS, THPT và gia đình; lao động") is read by
//! pupils and by workers, so both pages include it.

/// A link a page puts first: where the group usually wants to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartLink {
    pub label: &'static str,
    pub href: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudiencePage {
    /// The last segment of `/danh-cho/{slug}`.
    pub slug: &'static str,
    /// The page's heading and the label of links to it.
    pub title: &'static str,
    /// The short name in navigation ("Học sinh và phụ huynh").
    pub short: &'static str,
    pub lead: &'static str,
    /// The plan's target groups (codes of `content::AUDIENCES`) whose items the page lists.
    pub audiences: &'static [&'static str],
    pub links: &'static [StartLink],
}

pub const AUDIENCE_PAGES: &[AudiencePage] = &[
    AudiencePage {
        slug: "hoc-sinh",
        title: "Dành cho học sinh và phụ huynh",
        short: "Học sinh và phụ huynh",
        lead: "Sau trung học cơ sở hay trung học phổ thông, học nghề là một con đường vững chắc để có việc làm sớm. Tìm hiểu nghề hợp với mình, nơi học gần nhà, các chính sách miễn, giảm học phí và cách đăng ký tuyển sinh trực tuyến.",
        audiences: &["iii-1", "iii-2"],
        links: &[
            StartLink {
                label: "Trắc nghiệm sở thích nghề nghiệp",
                href: "/trac-nghiem-nghe",
                description: "Khoảng 10 phút, không cần tài khoản; gợi ý các nghề hợp với sở thích của em.",
            },
            StartLink {
                label: "Chương trình đang tuyển sinh",
                href: "/chuong-trinh?dang_tuyen=1",
                description: "Các chương trình đang nhận hồ sơ; đăng ký trực tuyến ngay trên cổng.",
            },
            StartLink {
                label: "Sổ tay Chọn nghề – chọn trường",
                href: "/so-tay",
                description: "Toàn bộ ngành nghề và cơ sở đào tạo trong tỉnh, có bản in kèm mã QR.",
            },
            StartLink {
                label: "Tra cứu hồ sơ đăng ký",
                href: "/tra-cuu-ho-so",
                description: "Xem tình trạng hồ sơ bằng mã hồ sơ và số điện thoại đã đăng ký.",
            },
        ],
    },
    AudiencePage {
        slug: "nguoi-lao-dong",
        title: "Dành cho người lao động",
        short: "Người lao động",
        lead: "Lao động nông thôn, bộ đội xuất ngũ, người mất việc làm, người khuyết tật có thể học các khóa sơ cấp ngắn hạn gần nơi ở, nhiều khóa được Nhà nước hỗ trợ chi phí học và tiền ăn, đi lại.",
        audiences: &["iii-1", "iii-5"],
        links: &[
            StartLink {
                label: "Khóa học sơ cấp",
                href: "/chuong-trinh?trinh_do=so-cap",
                description: "Các khóa ngắn hạn dưới 12 tháng, học xong có chứng chỉ sơ cấp.",
            },
            StartLink {
                label: "Ngành nghề",
                href: "/nganh-nghe",
                description: "Công việc, kỹ năng cần có, mức thu nhập và nhu cầu tuyển dụng của từng nghề.",
            },
            StartLink {
                label: "Cơ sở đào tạo",
                href: "/co-so-dao-tao",
                description: "Trường cao đẳng, trung cấp và trung tâm giáo dục nghề nghiệp ở từng huyện, thành phố.",
            },
        ],
    },
    AudiencePage {
        slug: "doanh-nghiep",
        title: "Dành cho doanh nghiệp",
        short: "Doanh nghiệp",
        lead: "Doanh nghiệp đặt hàng đào tạo, nhận người học thực tập, tuyển dụng người học sau tốt nghiệp và cùng nhà trường xây dựng chương trình sát với nhu cầu sản xuất.",
        audiences: &["iii-3"],
        links: &[
            StartLink {
                label: "Cơ sở đào tạo",
                href: "/co-so-dao-tao",
                description: "Liên hệ trực tiếp các trường để đặt hàng đào tạo hoặc tuyển dụng.",
            },
            StartLink {
                label: "Chương trình đào tạo",
                href: "/chuong-trinh",
                description: "Ngành nghề, trình độ, thời gian và chỉ tiêu đào tạo của từng trường.",
            },
            StartLink {
                label: "Kế hoạch truyền thông",
                href: "/ke-hoach",
                description: "Các hoạt động của tỉnh về giáo dục nghề nghiệp mà doanh nghiệp có thể tham gia.",
            },
        ],
    },
    AudiencePage {
        slug: "co-quan-don-vi",
        title: "Dành cho cơ quan, đơn vị",
        short: "Cơ quan, đơn vị",
        lead: "Cấp ủy, chính quyền các cấp, các sở, ngành, đoàn thể và cơ sở giáo dục nghề nghiệp theo dõi kế hoạch truyền thông, đăng tin và báo cáo kết quả thực hiện trên cùng một hệ thống.",
        audiences: &["iii-4"],
        links: &[
            StartLink {
                label: "Kế hoạch truyền thông",
                href: "/ke-hoach",
                description: "Nội dung, hoạt động, đơn vị chủ trì và phối hợp theo từng năm.",
            },
            StartLink {
                label: "Giới thiệu",
                href: "/gioi-thieu",
                description: "Mục đích, yêu cầu và đối tượng của Kế hoạch.",
            },
            StartLink {
                label: "Đăng nhập quản trị",
                href: "/dang-nhap",
                description: "Dành cho cán bộ đơn vị: đăng tin, ghi nhận sản phẩm truyền thông, gửi báo cáo.",
            },
        ],
    },
];

pub fn audience_page(slug: &str) -> Option<&'static AudiencePage> {
    AUDIENCE_PAGES.iter().find(|p| p.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{AUDIENCES, audience};

    #[test]
    fn every_target_group_of_the_plan_has_a_page() {
        for a in AUDIENCES {
            assert!(
                AUDIENCE_PAGES.iter().any(|p| p.audiences.contains(&a.code)),
                "{} ({}) has no audience page",
                a.section,
                a.label
            );
        }
    }

    #[test]
    fn pages_name_only_known_groups_and_have_unique_slugs() {
        for p in AUDIENCE_PAGES {
            assert!(!p.audiences.is_empty());
            for code in p.audiences {
                assert!(audience(code).is_some(), "{}: unknown group {code}", p.slug);
            }
            assert_eq!(audience_page(p.slug), Some(p));
            assert!(p.links.iter().all(|l| l.href.starts_with('/')));
        }
        assert_eq!(audience_page("khong-co"), None);
    }
}
