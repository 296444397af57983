//! Videos over HTTP (docs/adr/0023-videos.md): an MP4 uploaded to the media library (streamed
//! to disk) served with range requests; a video over its own limit answered with the form
//! (413) and no file left; a YouTube video page whose HTML loads nothing from another host,
//! links to the video and allows only the two players as frames; the "Video" fieldset's
//! refusals with everything typed kept; an uploaded video's page; lists, search and sitemap;
//! WebVTT captions uploaded to the library, served as `text/vtt`, attached to an uploaded
//! video and shown as the player's `<track>`.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use lantoa_store::both_engines;
use tower::ServiceExt;

use super::support::{Browser, Resp, TestSite, site, site_with_video_limit};

/// A small but real MP4 start (`ftyp` isom, `free`, `mdat`) with `len` bytes of pattern.
fn mp4(len: usize) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&24u32.to_be_bytes());
    b.extend_from_slice(b"ftypisom");
    b.extend_from_slice(&0x200u32.to_be_bytes());
    b.extend_from_slice(b"isommp41");
    b.extend_from_slice(&8u32.to_be_bytes());
    b.extend_from_slice(b"free");
    b.extend_from_slice(&u32::try_from(len + 8).unwrap().to_be_bytes());
    b.extend_from_slice(b"mdat");
    b.extend((0..len).map(|i| (i % 251) as u8));
    b
}

async fn upload(s: &TestSite, b: &mut Browser, alt: &str, name: &str, bytes: &[u8]) -> Resp {
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let form = b.get("/quan-tri/thu-vien/tai-len").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let action = format!("/quan-tri/thu-vien?_csrf={}", form.csrf_in_action());
    b.post_multipart(
        &action,
        &[("organisation_id", &college), ("alt", alt), ("credit", "")],
        ("file", name, "video/mp4", bytes),
    )
    .await
}

/// A GET with extra headers, the body as bytes.
async fn fetch(
    s: &TestSite,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut req = Request::get(path).header(header::HOST, "127.0.0.1:8080");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = s
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    let bytes = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

/// Every file under the site's media folder, temporary ones included.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

fn first_media_url(body: &str, ext: &str) -> String {
    let start = body.find("/media/").expect("a /media/ address");
    let end = body[start..].find(ext).expect("the extension") + start + ext.len();
    body[start..end].to_owned()
}

both_engines!(async fn an_uploaded_video_is_streamed_with_range_requests(db) {
    let s = site(db).await;
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    // Larger than one write of the upload's temporary file (1 MiB).
    let sent = mp4(2_500_000);
    let r = upload(&s, &mut editor, "Lễ tốt nghiệp khóa 2026", "le-tot-nghiep.mp4", &sent).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let item = editor.get(r.location()).await;
    assert!(item.body.contains("<dt>Loại</dt><dd>Video</dd>"), "{}", item.body);
    assert!(item.body.contains("Tải video (2,5 MB)"), "{}", item.body);
    let url = first_media_url(&item.body, ".mp4");
    let n = sent.len();
    let files = files_under(&s.media_dir.path().join("media"));
    assert_eq!(files.len(), 1, "the video and nothing else (no temporary file): {files:?}");
    assert_eq!(std::fs::read(&files[0]).unwrap(), sent);

    // Without Range: the whole file, saying ranges are accepted.
    let (status, h, body) = fetch(&s, &url, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::ACCEPT_RANGES], "bytes");
    assert_eq!(h[header::CONTENT_TYPE], "video/mp4");
    assert_eq!(h[header::CONTENT_LENGTH], n.to_string().as_str());
    assert_eq!(h[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.get(header::CONTENT_ENCODING).is_none(), "a video is not compressed");
    assert_eq!(body, sent);
    // bytes=a-b, bytes=a-, bytes=-n.
    for (range, from, to) in [
        ("bytes=0-99", 0, 99),
        ("bytes=1000000-1048575", 1_000_000, 1_048_575),
        ("bytes=2000000-", 2_000_000, n - 1),
        ("bytes=-500", n - 500, n - 1),
    ] {
        let (status, h, body) = fetch(&s, &url, &[("range", range)]).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(h[header::CONTENT_RANGE], format!("bytes {from}-{to}/{n}").as_str(), "{range}");
        assert_eq!(h[header::CONTENT_LENGTH], (to - from + 1).to_string().as_str(), "{range}");
        assert_eq!(h[header::CONTENT_TYPE], "video/mp4");
        assert_eq!(body, sent[from..=to], "{range}");
    }
    // Past the end: 416 with the size.
    let (status, h, _) = fetch(&s, &url, &[("range", &format!("bytes={n}-"))]).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(h[header::CONTENT_RANGE], format!("bytes */{n}").as_str());
    // A missing file still answers 404.
    let (status, _, _) = fetch(&s, "/media/0123456789abcdef0123456789abcdef.mp4", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The library lists it under "Video"; a text file named .mp4 is refused with the text kept.
    let list = editor.get("/quan-tri/thu-vien?loai=video").await;
    assert!(list.body.contains("Lễ tốt nghiệp khóa 2026") && list.body.contains("Video · 2,5 MB"), "{}", list.body);
    let r = upload(&s, &mut editor, "Không phải video", "phim.mp4", b"Day chi la chu, khong phai video.").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("cũng không phải video MP4 hay WebM") && r.body.contains("value=\"Không phải video\""), "{}", r.body);
    assert_eq!(files_under(&s.media_dir.path().join("media")).len(), 1);
});

both_engines!(async fn a_video_over_its_limit_gets_the_form_back_and_leaves_no_file(db) {
    let s = site_with_video_limit(db, 1_500_000).await;
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = upload(&s, &mut editor, "Video dài quá", "dai.mp4", &mp4(2_200_000)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(r.body.contains("Video quá lớn (2,2 MB): tối đa 1,5 MB"), "{}", r.body);
    assert!(r.body.contains("value=\"Video dài quá\""), "the text typed is kept");
    assert!(r.body.contains("video MP4 hoặc WebM, tối đa 1,5 MB"), "the form says the limit");
    assert_eq!(files_under(&s.media_dir.path().join("media")), Vec::<std::path::PathBuf>::new());
});

async fn publish(s: &TestSite, editor: &mut Browser, fields: &[(&str, &str)]) -> String {
    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r.location().rsplit('/').next().unwrap().to_owned();
    let a = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(
        editor.submit(&a, &a, &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let a = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(
        approver.submit(&a, &a, &[]).await.status,
        StatusCode::SEE_OTHER
    );
    id
}

/// The values of an attribute (`src=`, `srcset=`…) anywhere on a page.
fn attribute_values<'a>(body: &'a str, attr: &str) -> Vec<&'a str> {
    let marker = format!(" {attr}=\"");
    body.match_indices(&marker)
        .map(|(i, _)| {
            let start = i + marker.len();
            let end = body[start..].find('"').unwrap() + start;
            &body[start..end]
        })
        .collect()
}

both_engines!(async fn a_youtube_video_page_loads_nothing_from_another_host(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains("<option value=\"video\">Video</option>"), "{}", form.body);
    assert!(form.body.contains("id=\"video_url\"") && form.body.contains("<select id=\"video_media_id\""));
    publish(&s, &mut editor, &[
        ("organisation_id", &college),
        ("kind", "video"),
        ("title", "Học nghề hàn: một ngày ở xưởng"),
        ("summary", "Video giới thiệu nghề hàn."),
        ("body", ""),
        ("topics", "iv-2-b"),
        ("video_url", "https://youtu.be/dQw4w9WgXcQ?t=30"),
        ("video_media_id", ""),
    ]).await;

    let mut public = s.browser();
    let page = public.get("/video/hoc-nghe-han-mot-ngay-o-xuong").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    // The way to the video without JavaScript: a plain link, starting where the link said.
    assert!(html.contains("<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&#38;t=30s\" rel=\"noopener noreferrer\">Xem video trên YouTube</a>"), "{html}");
    // The player only on click: its address waits in a data attribute, the button is hidden
    // until our own script shows it, a note says what clicking loads.
    assert!(html.contains("data-embed=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30&#38;autoplay=1\""), "{html}");
    assert!(html.contains("Phát video") && html.contains("tải trình phát và nội dung từ YouTube"));
    assert!(!html.contains("<iframe"), "no iframe on page load");
    // Captions are YouTube's business: no track, no note about them.
    assert!(!html.contains("<track") && !html.contains("phụ đề"), "{html}");
    // Nothing on the page loads from another host: every src, srcset, poster, stylesheet,
    // icon, script and form target is on this site.
    for attr in ["src", "srcset", "poster", "data", "action", "formaction", "background"] {
        for v in attribute_values(html, attr) {
            assert!(v.starts_with('/') && !v.starts_with("//"), "{attr}=\"{v}\" leaves the site");
        }
    }
    for link in html.match_indices("<link ").map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()]) {
        let href = attribute_values(link, "href");
        assert!(
            href.iter().all(|h| h.starts_with('/')) || link.contains("rel=\"canonical\""),
            "{link}"
        );
        assert!(!link.contains("preconnect") && !link.contains("dns-prefetch") && !link.contains("prefetch"), "{link}");
    }
    let scripts: Vec<&str> = attribute_values(html, "src").into_iter().filter(|v| v.ends_with(".js")).collect();
    assert!(scripts.iter().any(|v| v.starts_with("/static/js/video.")), "{scripts:?}");
    assert!(!html.contains("<script>"), "no inline script");
    // The frames allowed on this page: the two players, nothing else; the rest as strict.
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-src https://www.youtube-nocookie.com https://www.facebook.com;"), "{csp}");
    assert!(csp.contains("script-src 'self';") && csp.contains("frame-ancestors 'none'"), "{csp}");
    // Other pages keep the usual policy.
    let home = public.get("/").await;
    assert!(!home.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("frame-src"));
    // The breadcrumb, the list, the kind's own address, search and the sitemap.
    assert!(html.contains("<a href=\"/video\">Video</a>"), "{html}");
    let list = public.get("/video").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("<a href=\"/video/hoc-nghe-han-mot-ngay-o-xuong\">Học nghề hàn: một ngày ở xưởng</a>"), "{}", list.body);
    assert_eq!(public.get("/tin-tuc/hoc-nghe-han-mot-ngay-o-xuong").await.status, StatusCode::NOT_FOUND);
    let found = public.get("/tim-kiem?q=mot+ngay+o+xuong&loai=video").await;
    assert!(found.body.contains("href=\"/video/hoc-nghe-han-mot-ngay-o-xuong\""), "{}", found.body);
    let sitemap = public.get("/sitemap.xml").await;
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/video</loc>"), "{}", sitemap.body);
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/video/hoc-nghe-han-mot-ngay-o-xuong</loc>"));
    // The edit form shows the link as saved (normalised).
    let list = editor.get("/quan-tri/noi-dung").await;
    assert!(list.body.contains("Học nghề hàn: một ngày ở xưởng"));
});

both_engines!(async fn an_uploaded_video_plays_in_the_page_with_its_download_link(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = upload(&s, &mut editor, "Hội thi tay nghề", "hoi-thi.mp4", &mp4(40_000)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let video_id = r.location().rsplit('/').next().unwrap().to_owned();
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains(&format!("<option value=\"{video_id}\">Hội thi tay nghề (CĐ Kiên Giang, 41 KB)</option>")), "{}", form.body);
    publish(&s, &mut editor, &[
        ("organisation_id", &college),
        ("kind", "video"),
        ("title", "Hội thi tay nghề cấp trường"),
        ("body", "Thí sinh thi nghề điện."),
        ("video_url", ""),
        ("video_media_id", &video_id),
    ]).await;
    let page = s.browser().get("/video/hoi-thi-tay-nghe-cap-truong").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<video class=\"video__frame\" controls preload=\"none\""), "{}", page.body);
    let src = first_media_url(&page.body, ".mp4");
    assert!(page.body.contains(&format!("<source src=\"{src}\" type=\"video/mp4\">")));
    assert!(page.body.contains(&format!("<a href=\"{src}\" download>Tải video về (MP4, 41 KB)</a>")));
    // No captions chosen: no track, and the page says so beside the player.
    assert!(!page.body.contains("<track"), "{}", page.body);
    assert!(page.body.contains("<p class=\"muted\">Video chưa có phụ đề.</p>"), "{}", page.body);
    assert!(page.body.contains("Thí sinh thi nghề điện."));
});

both_engines!(async fn the_video_fieldset_refusals_keep_everything_typed(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let typed = |url: &'static str| -> Vec<(&'static str, String)> {
        vec![
            ("organisation_id", college.clone()),
            ("kind", "video".into()),
            ("title", "Video tuyển sinh 2026".into()),
            ("summary", "Tóm tắt đã gõ".into()),
            ("body", "Lời giới thiệu".into()),
            ("video_url", url.into()),
            ("video_media_id", String::new()),
        ]
    };
    let post = |fields: &Vec<(&'static str, String)>| fields.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    for (url, message) in [
        ("https://vimeo.com/76979871", "đường dẫn này thuộc vimeo.com"),
        ("javascript:alert(document.cookie)", "phải bắt đầu bằng https://"),
        ("https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs", "danh sách phát"),
        ("xem ở trang trường", "Đường dẫn video không hợp lệ"),
    ] {
        let fields = post(&typed(url));
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &refs).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {}", r.body);
        let error_at = r.body.find("<p class=\"field__error\" id=\"video_url-error\">").unwrap_or_else(|| panic!("{url}: {}", r.body));
        let error = &r.body[error_at..error_at + r.body[error_at..].find("</p>").unwrap()];
        assert!(error.contains(message), "{url}: {error}");
        assert!(r.body.contains("href=\"#video_url\""), "the summary links to the field");
        let escaped = url.replace('&', "&#38;").replace('"', "&#34;");
        assert!(r.body.contains(&format!("value=\"{escaped}\"")) || r.body.contains(&format!("value=\"{url}\"")), "{url} kept: {}", r.body);
        assert!(r.body.contains("value=\"Video tuyển sinh 2026\"") && r.body.contains("Tóm tắt đã gõ") && r.body.contains("Lời giới thiệu"));
    }
    // Neither: the fieldset says what it needs.
    let fields = post(&typed(""));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &refs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<p class=\"field__error\" id=\"video-error\">Video cần một đường dẫn YouTube hoặc Facebook"), "{}", r.body);
    assert!(r.body.contains("href=\"#video\""));
    // Nothing was saved.
    let list = editor.get("/quan-tri/noi-dung").await;
    assert!(!list.body.contains("Video tuyển sinh 2026"));
});

both_engines!(async fn the_demo_video_is_listed_and_shown_at_its_address(db) {
    let s = site(db).await;
    let mut public = s.browser();
    let list = public.get("/video").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("<a href=\"/video/hoc-nghe-sua-chua-may-nong-nghiep-co-viec-lam-tai-que\">Học nghề sửa chữa máy nông nghiệp, có việc làm ngay tại quê</a>"), "{}", list.body);
    let page = public.get("/video/hoc-nghe-sua-chua-may-nong-nghiep-co-viec-lam-tai-que").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    assert!(html.contains("<h1>Học nghề sửa chữa máy nông nghiệp, có việc làm ngay tại quê</h1>"), "{html}");
    assert!(html.contains("Báo và Phát thanh, Truyền hình An Giang"), "the author organisation");
    // The demo's made-up YouTube id, from 1:05; the player only after "Phát video".
    assert!(html.contains("<a href=\"https://www.youtube.com/watch?v=lantoa-demo&#38;t=65s\" rel=\"noopener noreferrer\">Xem video trên YouTube</a>"), "{html}");
    assert!(html.contains("data-embed=\"https://www.youtube-nocookie.com/embed/lantoa-demo?start=65&#38;autoplay=1\""), "{html}");
    assert!(!html.contains("<iframe"), "no iframe on page load");
});

async fn upload_captions(s: &TestSite, b: &mut Browser, alt: &str, bytes: &[u8]) -> Resp {
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let form = b.get("/quan-tri/thu-vien/tai-len").await;
    let action = format!("/quan-tri/thu-vien?_csrf={}", form.csrf_in_action());
    b.post_multipart(
        &action,
        &[("organisation_id", &college), ("alt", alt), ("credit", "")],
        ("file", "phu-de.vtt", "text/vtt", bytes),
    )
    .await
}

const VTT: &str =
    "\u{feff}WEBVTT\n\n00:00.000 --> 00:03.000\nThí sinh bước vào phần thi thực hành.\n";

both_engines!(async fn captions_are_uploaded_attached_to_an_uploaded_video_and_played_as_its_track(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let form = editor.get("/quan-tri/thu-vien/tai-len").await;
    assert!(form.body.contains("phụ đề WebVTT (.vtt") && form.body.contains(".vtt\""), "{}", form.body);
    // A caption file in the library: its own kind, served as text/vtt.
    let r = upload_captions(&s, &mut editor, "Phụ đề hội thi tay nghề", VTT.as_bytes()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let captions_id = r.location().rsplit('/').next().unwrap().to_owned();
    let item = editor.get(r.location()).await;
    assert!(item.body.contains("<dt>Loại</dt><dd>Phụ đề WebVTT</dd>"), "{}", item.body);
    let vtt = first_media_url(&item.body, ".vtt");
    let (status, h, body) = fetch(&s, &vtt, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "text/vtt; charset=utf-8");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(body, VTT.as_bytes());
    let list = editor.get("/quan-tri/thu-vien?loai=captions").await;
    assert!(list.body.contains("Phụ đề hội thi tay nghề"), "{}", list.body);
    // Not UTF-8: refused beside the field, the text kept, nothing stored.
    let before = files_under(&s.media_dir.path().join("media"));
    let r = upload_captions(&s, &mut editor, "Phụ đề sai bảng mã", b"WEBVTT\n\n00:00.000 --> 00:01.000\nCh\xE0o\n").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"file-error\">Tệp phụ đề không phải văn bản UTF-8 hợp lệ"), "{}", r.body);
    assert!(r.body.contains("value=\"Phụ đề sai bảng mã\""));
    assert_eq!(files_under(&s.media_dir.path().join("media")), before);

    // The form offers it under "Phụ đề (WebVTT)".
    let r = upload(&s, &mut editor, "Hội thi tay nghề", "hoi-thi.mp4", &mp4(30_000)).await;
    let video_id = r.location().rsplit('/').next().unwrap().to_owned();
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains("<label for=\"video_captions_id\">Phụ đề (WebVTT)</label>"), "{}", form.body);
    assert!(form.body.contains(&format!("<option value=\"{captions_id}\">Phụ đề hội thi tay nghề (CĐ Kiên Giang, 83 byte)</option>")), "{}", form.body);
    // Captions with a YouTube link: refused beside the field, the choice kept.
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[
        ("organisation_id", &college),
        ("kind", "video"),
        ("title", "Video YouTube có phụ đề"),
        ("body", ""),
        ("video_url", "https://youtu.be/dQw4w9WgXcQ"),
        ("video_media_id", ""),
        ("video_captions_id", &captions_id),
    ]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"video_captions_id-error\">Phụ đề chỉ dùng được với tệp video tải lên thư viện"), "{}", r.body);
    assert!(r.body.contains(&format!("<option value=\"{captions_id}\" selected>")), "{}", r.body);

    // An uploaded video with its captions, published: the player has the track.
    publish(&s, &mut editor, &[
        ("organisation_id", &college),
        ("kind", "video"),
        ("title", "Hội thi tay nghề có phụ đề"),
        ("body", ""),
        ("video_url", ""),
        ("video_media_id", &video_id),
        ("video_captions_id", &captions_id),
    ]).await;
    let page = s.browser().get("/video/hoi-thi-tay-nghe-co-phu-de").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("<track kind=\"captions\" src=\"{vtt}\" srclang=\"vi\" label=\"Tiếng Việt\" default>")), "{}", page.body);
    assert!(!page.body.contains("Video chưa có phụ đề"), "{}", page.body);
    // The caption file is kept in the library while the video uses it.
    let del = format!("/quan-tri/thu-vien/{captions_id}/xoa");
    let r = editor.submit(&del, &del, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("tệp phụ đề đang được dùng cho video “Hội thi tay nghề có phụ đề”"), "{}", r.body);
    assert_eq!(fetch(&s, &vtt, &[]).await.0, StatusCode::OK);
});
