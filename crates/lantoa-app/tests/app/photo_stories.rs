//! Photo stories (docs/adr/0018-content-kinds.md): an ordered gallery of library images with
//! captions and credits; refusals beside the row that caused them; revisions keep the
//! gallery; a library image in a gallery cannot be deleted; the public address per kind.

use lantoa_app::content::{self, ContentForm};
use lantoa_app::gallery::GalleryRowForm;
use lantoa_app::media::{self, MediaForm, Upload};
use lantoa_app::{App, Error, RequestMeta};
use lantoa_domain::OrgId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::{ContentAction, ContentKind};
use lantoa_store::{both_engines, orgs};

use super::media::{jpeg, png};
use super::support::{app, member};

fn upload(
    app: &App,
    c: &mut lantoa_store::Conn,
    who: &Principal,
    org: OrgId,
    alt: &str,
    credit: &str,
    bytes: Vec<u8>,
) -> i64 {
    let form = MediaForm {
        organisation_id: org.0.to_string(),
        alt: alt.into(),
        credit: credit.into(),
    };
    let file = Upload {
        original_name: format!("{alt}.jpg"),
        bytes,
        dropped_size: None,
        video: None,
    };
    media::upload(app, c, who, &form, file, &RequestMeta::default()).unwrap()
}

fn row(media: i64, caption: &str, credit: &str, order: &str) -> GalleryRowForm {
    GalleryRowForm {
        media: media.to_string(),
        caption: caption.into(),
        credit: credit.into(),
        order: order.into(),
        remove: false,
    }
}

fn errors(e: Error) -> lantoa_app::FieldErrors {
    match e {
        Error::Invalid(f) => f,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

both_engines!(fn a_photo_story_shows_its_images_in_the_chosen_order_with_captions_and_credits(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let meta = RequestMeta::default();
    let a = upload(&app, &mut c, &editor, college, "Học viên hàn ống", "Phòng Đào tạo", jpeg(1200, 800));
    let b = upload(&app, &mut c, &editor, college, "Giáo viên hướng dẫn", "", jpeg(900, 600));
    let d = upload(&app, &mut c, &editor, college, "Sản phẩm của học viên", "Ảnh: Khoa Cơ khí", png(500, 400));
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "photo_story".into(),
        title: "Một ngày ở xưởng hàn".into(),
        summary: "Phóng sự ảnh về lớp hàn ống.".into(),
        // The text is optional for a photo story.
        body: String::new(),
        topics: vec!["iv-2-a".into()],
        gallery: vec![
            row(a, "Học viên   thực hành hàn ống", "", "2"),
            GalleryRowForm::default(),
            row(b, "Thầy Nguyễn Văn Hùng hướng dẫn", "Minh Anh", "1"),
            GalleryRowForm { remove: true, ..row(d, "Bỏ ảnh này", "", "") },
            row(d, "Sản phẩm hoàn thiện", "", ""),
        ],
        ..ContentForm::default()
    };
    let id = content::create(&app, &mut c, &editor, &form, &meta).unwrap().id;
    // The edit form gets the rows back in their saved order, numbered 1, 2, 3.
    let rows = lantoa_app::gallery::form_rows(&mut c, id).unwrap();
    let got: Vec<(String, String)> = rows.iter().map(|r| (r.media.clone(), r.order.clone())).collect();
    assert_eq!(got, vec![(b.to_string(), "1".to_owned()), (a.to_string(), "2".to_owned()), (d.to_string(), "3".to_owned())]);
    assert_eq!(rows[1].caption, "Học viên thực hành hàn ống", "whitespace collapsed");
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    let item = content::public_item(&mut c, ContentKind::PhotoStory, "mot-ngay-o-xuong-han").unwrap();
    let shown: Vec<(&str, &str, &str)> = item.gallery.iter().map(|f| (f.image.alt.as_str(), f.caption.as_str(), f.credit.as_str())).collect();
    assert_eq!(shown, vec![
        ("Giáo viên hướng dẫn", "Thầy Nguyễn Văn Hùng hướng dẫn", "Ảnh: Minh Anh"),
        // No credit typed: the library's.
        ("Học viên hàn ống", "Học viên thực hành hàn ống", "Ảnh: Phòng Đào tạo"),
        ("Sản phẩm của học viên", "Sản phẩm hoàn thiện", "Ảnh: Khoa Cơ khí"),
    ]);
    assert!(item.gallery[0].image.srcset.contains(" 320w, ") && item.gallery[0].image.srcset.ends_with(" 900w"), "{}", item.gallery[0].image.srcset);
    // Only at its own address.
    assert!(matches!(content::public_item(&mut c, ContentKind::Article, "mot-ngay-o-xuong-han"), Err(Error::NotFound)));
    assert_eq!(lantoa_app::search::content_path("photo_story", "mot-ngay-o-xuong-han"), "/phong-su-anh/mot-ngay-o-xuong-han");
    // A library image in a gallery is not deleted.
    match media::delete(&app, &mut c, &editor, b, &meta).unwrap_err() {
        Error::Conflict(m) => assert!(m.contains("phóng sự ảnh “Một ngày ở xưởng hàn”"), "{m}"),
        other => panic!("{other:?}"),
    }
});

both_engines!(fn gallery_refusals_name_the_image_and_keep_the_rest(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let reporter = member(paper, OrgRole::Editor);
    let meta = RequestMeta::default();
    let mine = upload(&app, &mut c, &editor, college, "Lớp điện dân dụng", "", jpeg(400, 300));
    let theirs = upload(&app, &mut c, &reporter, paper, "Ảnh của báo", "", jpeg(400, 300));
    let no_alt = upload(&app, &mut c, &editor, college, "Sẽ mất mô tả", "", jpeg(300, 200));
    // A library item without alt text (e.g. from before alt text was required).
    lantoa_store::media::set_text(&mut c, no_alt, "", "", chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(2, 0, 0).unwrap()).unwrap();
    let base = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "photo_story".into(),
        title: "Lớp điện".into(),
        body: String::new(),
        ..ContentForm::default()
    };
    // No image at all.
    let f = errors(content::create(&app, &mut c, &editor, &base, &meta).unwrap_err());
    assert!(f.get("gallery").unwrap().contains("cần ít nhất một ảnh"), "{f:?}");
    let long = "Chú thích dài ".repeat(40);
    let form = ContentForm {
        gallery: vec![
            row(mine, &long, "", "một"),
            row(theirs, "Ảnh mượn", "", ""),
            row(no_alt, "Không mô tả", "", ""),
            row(mine, "Lặp lại", "", ""),
            GalleryRowForm { caption: "Chú thích chưa có ảnh".into(), ..GalleryRowForm::default() },
        ],
        ..base.clone()
    };
    let f = errors(content::create(&app, &mut c, &editor, &form, &meta).unwrap_err());
    assert!(f.get("g1_caption").unwrap().contains("Chú thích ảnh 1 không quá 500 ký tự (đang có 559)"), "{f:?}");
    assert!(f.get("g1_order").unwrap().contains("Thứ tự của ảnh 1 là một số"), "{f:?}");
    assert!(f.get("g2_media").unwrap().contains("thư viện của đơn vị tác giả"), "{f:?}");
    assert!(f.get("g3_media").unwrap().contains("chưa có mô tả ảnh (văn bản thay thế)"), "{f:?}");
    assert!(f.get("g4_media").unwrap().contains("Ảnh 4 trùng với ảnh 1"), "{f:?}");
    assert!(f.get("g5_media").unwrap().contains("Ảnh 5: vui lòng chọn ảnh"), "{f:?}");
    // An article does not take a gallery (nothing is silently dropped).
    let article = ContentForm { kind: "article".into(), body: "Bài viết.".into(), gallery: vec![row(mine, "Ảnh", "", "")], ..base.clone() };
    let f = errors(content::create(&app, &mut c, &editor, &article, &meta).unwrap_err());
    assert!(f.get("gallery").unwrap().contains("Chỉ phóng sự ảnh có bộ ảnh"), "{f:?}");
    // Nothing was stored by the refusals.
    assert_eq!(content::list(&mut c, &editor, None, lantoa_store::PageRequest::new(1, 50)).unwrap().items.iter().filter(|i| i.content.title == "Lớp điện").count(), 0);
});

both_engines!(fn revisions_keep_the_gallery_and_a_restore_brings_it_back(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    let a = upload(&app, &mut c, &editor, college, "Ảnh một", "", jpeg(400, 300));
    let b = upload(&app, &mut c, &editor, college, "Ảnh hai", "", jpeg(400, 300));
    let v1 = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "photo_story".into(),
        title: "Hội thi tay nghề".into(),
        gallery: vec![row(a, "Thí sinh thi hàn", "", ""), row(b, "Ban giám khảo", "", "")],
        ..ContentForm::default()
    };
    let id = content::create(&app, &mut c, &editor, &v1, &meta).unwrap().id;
    // Only the captions change: still a new version.
    let v2 = ContentForm { gallery: vec![row(b, "Ban giám khảo chấm bài", "", "")], ..v1.clone() };
    content::update(&app, &mut c, &editor, id, &v2, &meta).unwrap();
    let list = lantoa_app::revisions::list(&mut c, &editor, id).unwrap();
    assert_eq!(list.revisions.len(), 2);
    let cmp = lantoa_app::revisions::compare(&mut c, &editor, id, 2).unwrap();
    let gallery = cmp.fields.iter().find(|f| f.label == "Ảnh của phóng sự").unwrap();
    assert!(gallery.changed());
    // Version 1 differs from today's gallery, so it can be restored.
    assert!(lantoa_app::revisions::compare(&mut c, &editor, id, 1).unwrap().can_restore);
    assert!(!cmp.can_restore, "version 2 is the current text and gallery");
    lantoa_app::revisions::restore(&app, &mut c, &editor, id, 1, &meta).unwrap();
    let rows = lantoa_app::gallery::form_rows(&mut c, id).unwrap();
    assert_eq!(rows.iter().map(|r| (r.media.clone(), r.caption.clone())).collect::<Vec<_>>(), vec![(a.to_string(), "Thí sinh thi hàn".to_owned()), (b.to_string(), "Ban giám khảo".to_owned())]);
    assert_eq!(lantoa_app::revisions::list(&mut c, &editor, id).unwrap().revisions.len(), 3);
});
