//! Photo stories (phóng sự ảnh; issue 3, point 1; docs/adr/0018-content-kinds.md): an ordered
//! gallery of images from the author organisation's media library, each with a caption (chú
//! thích) and a credit (tác giả ảnh; left empty, the library item's credit is shown).
//!
//! The content form edits the gallery without JavaScript: one row per image (image, caption,
//! credit, order, "Bỏ ảnh này"), named `g{n}_media`, `g{n}_caption`, `g{n}_credit`,
//! `g{n}_order`, `g{n}_remove`, plus blank rows to add images. A refused row comes back as
//! typed, its message beside its field.

use std::collections::HashMap;

use lantoa_domain::content::ContentKind;
use lantoa_store::Conn;
use lantoa_store::gallery::{self as store, NewGalleryItem};

use crate::media::{Cover, KIND_IMAGE};
use crate::{FieldErrors, Result};

/// The most images one photo story shows.
pub const MAX_ITEMS: usize = 60;
/// The longest caption, in characters.
pub const MAX_CAPTION: usize = 500;
/// The longest credit, in characters.
pub const MAX_CREDIT: usize = 200;
/// Blank rows the form offers after the filled ones ("Thêm ảnh" adds as many again).
pub const BLANK_ROWS: usize = 3;
/// Row numbers past this are ignored when reading a form (a tampered form cannot make the
/// server allocate millions of rows).
const MAX_ROW_NUMBER: usize = 200;

/// One row of the gallery as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GalleryRowForm {
    /// The chosen image's media id, or empty.
    pub media: String,
    pub caption: String,
    pub credit: String,
    /// The place typed by the editor ("1", "2"…), or empty to keep the row's place.
    pub order: String,
    /// "Bỏ ảnh này" ticked: the row is left out on save.
    pub remove: bool,
}

impl GalleryRowForm {
    /// Nothing chosen or typed (a row offered to add an image).
    pub fn is_blank(&self) -> bool {
        self.media.trim().is_empty()
            && self.caption.trim().is_empty()
            && self.credit.trim().is_empty()
    }
}

/// Reads a `g{n}_{field}` pair into `rows` (row `n` is `rows[n - 1]`); false when the name is
/// not a gallery field.
pub fn read_pair(rows: &mut Vec<GalleryRowForm>, key: &str, value: &str) -> bool {
    let Some(rest) = key.strip_prefix('g') else {
        return false;
    };
    let Some((n, field)) = rest.split_once('_') else {
        return false;
    };
    let Ok(n) = n.parse::<usize>() else {
        return false;
    };
    if n == 0 || n > MAX_ROW_NUMBER {
        return true;
    }
    if rows.len() < n {
        rows.resize(n, GalleryRowForm::default());
    }
    let row = &mut rows[n - 1];
    match field {
        "media" => row.media = value.to_owned(),
        "caption" => row.caption = value.to_owned(),
        "credit" => row.credit = value.to_owned(),
        "order" => row.order = value.to_owned(),
        "remove" => row.remove = !value.is_empty(),
        _ => return false,
    }
    true
}

/// The rows of a saved gallery, for the form.
pub fn form_rows(conn: &mut Conn, content: i64) -> Result<Vec<GalleryRowForm>> {
    Ok(store::of(conn, content)?
        .into_iter()
        .map(|g| GalleryRowForm {
            media: g.media_id.to_string(),
            caption: g.caption,
            credit: g.credit,
            order: g.position.to_string(),
            remove: false,
        })
        .collect())
}

fn line(s: &str) -> String {
    lantoa_viet::normalize(s.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks the typed rows of an item of `kind` for organisation `org`: every problem goes to
/// `errors` beside its field (`g{n}_media`, `g{n}_caption`, `g{n}_credit`, `g{n}_order`, or
/// `gallery` for the whole), and the gallery to save comes back in its order.
pub fn check(
    conn: &mut Conn,
    rows: &[GalleryRowForm],
    org: Option<i64>,
    kind: Option<ContentKind>,
    errors: &mut FieldErrors,
) -> Result<Vec<NewGalleryItem>> {
    let used: Vec<(usize, &GalleryRowForm)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 1, r))
        .filter(|(_, r)| !r.remove && !r.is_blank())
        .collect();
    if kind != Some(ContentKind::PhotoStory) {
        if !used.is_empty() && kind.is_some() {
            errors.add(
                "gallery",
                "Chỉ phóng sự ảnh có bộ ảnh: hãy chọn loại “Phóng sự ảnh”, hoặc đánh dấu “Bỏ ảnh này” cho các ảnh đã chọn.",
            );
        }
        return Ok(Vec::new());
    }
    if used.is_empty() {
        errors.add(
            "gallery",
            "Phóng sự ảnh cần ít nhất một ảnh: chọn ảnh trong thư viện ở mục “Ảnh của phóng sự”.",
        );
        return Ok(Vec::new());
    }
    if used.len() > MAX_ITEMS {
        errors.add(
            "gallery",
            format!(
                "Một phóng sự ảnh có tối đa {MAX_ITEMS} ảnh (đang có {}).",
                used.len()
            ),
        );
    }
    let mut out: Vec<(i64, usize, NewGalleryItem)> = Vec::new();
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (n, row) in used {
        let caption = line(&row.caption);
        let credit = line(&row.credit);
        let chars = caption.chars().count();
        if chars > MAX_CAPTION {
            errors.add(
                format!("g{n}_caption"),
                format!("Chú thích ảnh {n} không quá {MAX_CAPTION} ký tự (đang có {chars})."),
            );
        }
        if credit.chars().count() > MAX_CREDIT {
            errors.add(
                format!("g{n}_credit"),
                format!("Tác giả ảnh {n} không quá {MAX_CREDIT} ký tự."),
            );
        }
        let order = match row.order.trim() {
            "" => i64::try_from(n).unwrap_or(i64::MAX),
            typed => match typed.parse::<i64>() {
                Ok(o) if (1..=999).contains(&o) => o,
                _ => {
                    errors.add(
                        format!("g{n}_order"),
                        format!("Thứ tự của ảnh {n} là một số từ 1 đến 999, ví dụ 1, 2, 3."),
                    );
                    0
                }
            },
        };
        let media_key = format!("g{n}_media");
        let typed = row.media.trim();
        if typed.is_empty() {
            errors.add(
                &media_key,
                format!(
                    "Ảnh {n}: vui lòng chọn ảnh trong thư viện, hoặc đánh dấu “Bỏ ảnh này” nếu không dùng dòng này."
                ),
            );
            continue;
        }
        let Some(m) = typed
            .parse::<i64>()
            .ok()
            .map(|id| lantoa_store::media::get(conn, id))
            .transpose()?
            .flatten()
        else {
            errors.add(
                &media_key,
                format!("Ảnh {n}: ảnh đã chọn không còn trong thư viện; vui lòng chọn ảnh khác."),
            );
            continue;
        };
        if m.kind != KIND_IMAGE {
            errors.add(
                &media_key,
                format!("Ảnh {n}: “{}” là tài liệu, không phải ảnh.", m.alt),
            );
            continue;
        }
        if org.is_some_and(|o| o != m.organisation_id) {
            errors.add(
                &media_key,
                format!("Ảnh {n}: phải là ảnh trong thư viện của đơn vị tác giả."),
            );
            continue;
        }
        if m.alt.trim().is_empty() {
            errors.add(
                &media_key,
                format!(
                    "Ảnh {n} (tệp “{}”) chưa có mô tả ảnh (văn bản thay thế) trong thư viện: hãy bổ sung ở Thư viện rồi lưu lại.",
                    m.original_name
                ),
            );
            continue;
        }
        if let Some(first) = seen.insert(m.id, n) {
            errors.add(
                &media_key,
                format!("Ảnh {n} trùng với ảnh {first}; mỗi ảnh chỉ dùng một lần trong phóng sự."),
            );
            continue;
        }
        out.push((
            order,
            n,
            NewGalleryItem {
                media_id: m.id,
                caption,
                credit,
            },
        ));
    }
    out.sort_by_key(|(order, n, _)| (*order, *n));
    Ok(out.into_iter().map(|(_, _, g)| g).collect())
}

/// A gallery as a revision stores it: JSON, or empty when there is none.
pub fn to_revision(gallery: &[NewGalleryItem]) -> String {
    if gallery.is_empty() {
        String::new()
    } else {
        serde_json::to_string(gallery).unwrap_or_default()
    }
}

/// A revision's gallery (nothing when it has none or cannot be read).
pub fn from_revision(json: &str) -> Vec<NewGalleryItem> {
    if json.trim().is_empty() {
        return Vec::new();
    }
    serde_json::from_str(json).unwrap_or_default()
}

/// A revision's gallery as lines to compare: "Ảnh 1 (#12): chú thích — tác giả".
pub fn revision_text(json: &str) -> String {
    from_revision(json)
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut s = format!("Ảnh {} (#{}): {}", i + 1, g.media_id, g.caption);
            if !g.credit.is_empty() {
                s.push_str(&format!(" — {}", g.credit));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One image of a public photo story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub image: Cover,
    pub caption: String,
    /// The row's credit, else the library item's, as shown ("Ảnh: …"), or empty.
    pub credit: String,
}

/// A credit as shown under a picture: "Ảnh: Minh Anh". A credit that names its kind already
/// ("Ảnh …", "Tranh minh họa: …", "Đồ họa: …") stays as is.
pub fn credit_line(credit: &str) -> String {
    let c = credit.trim();
    let labelled = c.to_lowercase().starts_with("ảnh")
        || c.split_once(':')
            .is_some_and(|(label, _)| label.split_whitespace().count() <= 3);
    if c.is_empty() || labelled {
        c.to_owned()
    } else {
        format!("Ảnh: {c}")
    }
}

/// The figures of a gallery (images since deleted from the library are left out).
pub fn figures(conn: &mut Conn, gallery: &[NewGalleryItem]) -> Result<Vec<Figure>> {
    let ids: Vec<i64> = gallery.iter().map(|g| g.media_id).collect();
    let covers = crate::media::covers(conn, &ids)?;
    Ok(gallery
        .iter()
        .filter_map(|g| {
            let image = covers.get(&g.media_id)?.clone();
            let credit = credit_line(if g.credit.is_empty() {
                &image.credit
            } else {
                &g.credit
            });
            Some(Figure {
                image,
                caption: g.caption.clone(),
                credit,
            })
        })
        .collect())
}

/// A saved item's gallery, in order.
pub fn saved(conn: &mut Conn, content: i64) -> Result<Vec<NewGalleryItem>> {
    Ok(store::of(conn, content)?
        .into_iter()
        .map(|g| NewGalleryItem {
            media_id: g.media_id,
            caption: g.caption,
            credit: g.credit,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_by_their_number_and_gaps_stay_blank() {
        let mut rows = Vec::new();
        for (k, v) in [
            ("g2_media", "7"),
            ("g2_caption", "Học viên thực hành"),
            ("g1_order", "3"),
            ("g2_remove", "1"),
            ("g9999_media", "1"),
        ] {
            assert!(read_pair(&mut rows, k, v), "{k}");
        }
        assert!(!read_pair(&mut rows, "title", "x"));
        assert!(!read_pair(&mut rows, "gallery_add", "1"));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].order, "3");
        assert!(rows[0].is_blank());
        assert_eq!(rows[1].media, "7");
        assert!(rows[1].remove);
    }

    #[test]
    fn a_credit_is_labelled_once() {
        assert_eq!(credit_line(" Minh Anh "), "Ảnh: Minh Anh");
        assert_eq!(credit_line("Ảnh: Khoa Cơ khí"), "Ảnh: Khoa Cơ khí");
        assert_eq!(
            credit_line("ảnh của Phòng Đào tạo"),
            "ảnh của Phòng Đào tạo"
        );
        assert_eq!(
            credit_line("Tranh minh họa: lantoa"),
            "Tranh minh họa: lantoa"
        );
        // A colon further into a sentence is not a label.
        assert_eq!(
            credit_line("Phòng Đào tạo trường cao đẳng: tư liệu"),
            "Ảnh: Phòng Đào tạo trường cao đẳng: tư liệu"
        );
        assert_eq!(credit_line(""), "");
    }

    #[test]
    fn a_revision_keeps_the_gallery_and_reads_it_back() {
        let g = vec![NewGalleryItem {
            media_id: 4,
            caption: "Lễ khai giảng".into(),
            credit: "Ảnh: Minh Anh".into(),
        }];
        let json = to_revision(&g);
        assert_eq!(from_revision(&json), g);
        assert_eq!(to_revision(&[]), "");
        assert!(from_revision("").is_empty() && from_revision("không phải JSON").is_empty());
        assert_eq!(
            revision_text(&json),
            "Ảnh 1 (#4): Lễ khai giảng — Ảnh: Minh Anh"
        );
    }
}
