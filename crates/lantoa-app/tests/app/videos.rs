//! Videos (docs/adr/0023-videos.md): YouTube and Facebook links parsed and normalised (and
//! everything else refused with a reason), MP4 and WebM told by their first bytes, uploads
//! streamed to a temporary file that never outlives a refusal, the "Video" fieldset's
//! refusals, the public video, revisions keeping the choice, and a video in use kept in the
//! library; WebVTT captions for uploads (told by their first bytes, chosen in the fieldset,
//! kept by revisions, kept in the library while in use).

use std::path::Path;

use chrono::NaiveDate;
use lantoa_app::content::{self, ContentForm};
use lantoa_app::media::{self, FileType, MediaConfig, MediaForm, Upload};
use lantoa_app::video::{self, LinkError, Provider, PublicVideo, Spool};
use lantoa_app::{App, Error, RequestMeta};
use lantoa_domain::OrgId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::{ContentAction, ContentKind};
use lantoa_store::{both_engines, orgs};

use super::media::{jpeg, png};
use super::support::{app, member};

/// A small but real MP4 start: an `ftyp` box (major brand `brand`, compatible `isom`,
/// `mp41`), a `free` box, then an `mdat` box of `len` bytes of pattern.
pub fn mp4_with(brand: &[u8; 4], len: usize) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&24u32.to_be_bytes());
    b.extend_from_slice(b"ftyp");
    b.extend_from_slice(brand);
    b.extend_from_slice(&0x200u32.to_be_bytes());
    b.extend_from_slice(b"isommp41");
    b.extend_from_slice(&8u32.to_be_bytes());
    b.extend_from_slice(b"free");
    b.extend_from_slice(&u32::try_from(len + 8).unwrap().to_be_bytes());
    b.extend_from_slice(b"mdat");
    b.extend((0..len).map(|i| (i % 251) as u8));
    b
}

pub fn mp4(len: usize) -> Vec<u8> {
    mp4_with(b"isom", len)
}

/// A WebM start: the EBML header with DocType `doctype`, then a Segment of unknown size
/// holding `len` bytes.
pub fn ebml(doctype: &[u8], len: usize) -> Vec<u8> {
    let mut header = vec![
        0x42,
        0x86,
        0x81,
        0x01, // EBMLVersion 1
        0x42,
        0xF7,
        0x81,
        0x01, // EBMLReadVersion 1
        0x42,
        0xF2,
        0x81,
        0x04, // EBMLMaxIDLength 4
        0x42,
        0xF3,
        0x81,
        0x08, // EBMLMaxSizeLength 8
        0x42,
        0x82,
        0x80 | u8::try_from(doctype.len()).unwrap(),
    ];
    header.extend_from_slice(doctype);
    header.extend_from_slice(&[0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]);
    let mut b = vec![
        0x1A,
        0x45,
        0xDF,
        0xA3,
        0x80 | u8::try_from(header.len()).unwrap(),
    ];
    b.extend_from_slice(&header);
    b.extend_from_slice(&[
        0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ]);
    b.extend((0..len).map(|i| (i % 241) as u8));
    b
}

pub fn webm(len: usize) -> Vec<u8> {
    ebml(b"webm", len)
}

fn yt(input: &str) -> Result<String, LinkError> {
    video::parse_link(input).map(|l| {
        assert_eq!(l.provider, Provider::YouTube, "{input}");
        l.reference
    })
}

fn fb(input: &str) -> Result<String, LinkError> {
    video::parse_link(input).map(|l| {
        assert_eq!(l.provider, Provider::Facebook, "{input}");
        l.reference
    })
}

#[test]
fn every_youtube_form_gives_the_same_id() {
    for input in [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&t=30s",
        "http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs&index=2",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=Xyz123&t=42",
        "youtu.be/dQw4w9WgXcQ",
        "  www.youtube.com/watch?v=dQw4w9WgXcQ  ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://youtube.com/shorts/dQw4w9WgXcQ?feature=share",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?start=10",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
        "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ",
    ] {
        assert_eq!(yt(input).as_deref(), Ok("dQw4w9WgXcQ"), "{input}");
    }
    let link = video::parse_link("https://youtu.be/a-_9Bc8dE7f").unwrap();
    assert_eq!(
        link.watch_url(),
        "https://www.youtube.com/watch?v=a-_9Bc8dE7f"
    );
    assert_eq!(
        link.embed_url(),
        "https://www.youtube-nocookie.com/embed/a-_9Bc8dE7f?autoplay=1"
    );
}

#[test]
fn facebook_videos_are_normalised() {
    assert_eq!(
        fb("https://www.facebook.com/truongcdkg/videos/1234567890123456/").as_deref(),
        Ok("https://www.facebook.com/truongcdkg/videos/1234567890123456/")
    );
    assert_eq!(
        fb("https://m.facebook.com/truong.cd.kg/videos/le-khai-giang/987654321/?mibextid=abc")
            .as_deref(),
        Ok("https://www.facebook.com/truong.cd.kg/videos/987654321/")
    );
    assert_eq!(
        fb("facebook.com/watch/?v=1122334455").as_deref(),
        Ok("https://www.facebook.com/watch/?v=1122334455")
    );
    assert_eq!(
        fb("https://www.facebook.com/watch?v=1122334455&ref=sharing").as_deref(),
        Ok("https://www.facebook.com/watch/?v=1122334455")
    );
    assert_eq!(
        fb("https://fb.watch/aBc-12_X/").as_deref(),
        Ok("https://fb.watch/aBc-12_X/")
    );
    let link = video::parse_link("https://fb.watch/aBc-12_X").unwrap();
    assert_eq!(link.watch_url(), "https://fb.watch/aBc-12_X/");
    assert_eq!(
        link.embed_url(),
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Ffb.watch%2FaBc-12_X%2F&show_text=false&autoplay=true"
    );
}

#[test]
fn a_youtube_start_time_is_kept_in_seconds_and_rebuilt_into_both_addresses() {
    let start = |input: &str| video::parse_link(input).unwrap().start;
    // Every form YouTube writes, on every kind of address it shares.
    for (input, seconds) in [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90", 90),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s", 90),
        ("https://www.youtube.com/watch?t=1m30s&v=dQw4w9WgXcQ", 90),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1h2m3s", 3723),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=2m", 120),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1h", 3600),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ#t=45", 45),
        ("https://youtu.be/dQw4w9WgXcQ?t=90", 90),
        ("https://youtu.be/dQw4w9WgXcQ?si=Xyz123&t=42", 42),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ?t=15", 15),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=90", 90),
        (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90&autoplay=1",
            90,
        ),
        ("https://www.youtube.com/live/dQw4w9WgXcQ?t=600", 600),
        // An unreadable t= does not hide a good start=.
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=abc&start=75",
            75,
        ),
    ] {
        assert_eq!(start(input), Some(seconds), "{input}");
    }
    let link = video::parse_link("https://youtu.be/dQw4w9WgXcQ?t=1m30s").unwrap();
    assert_eq!(link.reference, "dQw4w9WgXcQ");
    assert_eq!(
        link.watch_url(),
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"
    );
    assert_eq!(
        link.embed_url(),
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90&autoplay=1"
    );
    // The watch address reads back to the same link (the form shows it, a save parses it).
    assert_eq!(video::parse_link(&link.watch_url()).unwrap(), link);
    // Facebook has no start time: nothing is kept, the addresses stay as they were.
    let fb = video::parse_link("https://www.facebook.com/watch/?v=1122334455&t=90").unwrap();
    assert_eq!(fb.start, None);
    assert_eq!(
        fb.watch_url(),
        "https://www.facebook.com/watch/?v=1122334455"
    );
}

#[test]
fn an_unreadable_start_time_is_dropped_never_echoed() {
    for input in [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=0s",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=-5",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1.5",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=abc",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s%22onmouseover%3Dalert(1)",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=%3Cscript%3E",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1s2m",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m1m",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=m30s",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1x",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=٣٠",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=99999999999999999999",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=25h",
        "https://youtu.be/dQw4w9WgXcQ?start=1e3",
    ] {
        let link = video::parse_link(input).unwrap_or_else(|e| panic!("{input}: {e:?}"));
        assert_eq!(link.start, None, "{input}");
        assert_eq!(
            link.watch_url(),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "{input}"
        );
        assert_eq!(
            link.embed_url(),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
            "{input}"
        );
    }
    assert_eq!(video::parse_start("86400"), Some(video::MAX_START_SECONDS));
    assert_eq!(video::parse_start("86401"), None);
    assert_eq!(video::parse_start("1H2M3S"), Some(3723));
}

#[test]
fn anything_else_is_refused_with_a_reason() {
    let refused = |input: &str| video::parse_link(input).unwrap_err();
    // Other hosts, named in the message.
    let e = refused("https://vimeo.com/76979871");
    assert_eq!(e, LinkError::OtherHost("vimeo.com".into()));
    assert!(
        e.message().contains("đường dẫn này thuộc vimeo.com"),
        "{}",
        e.message()
    );
    assert!(matches!(
        refused("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"),
        LinkError::OtherHost(_)
    ));
    assert!(matches!(
        refused("https://tiktok.com/@truong/video/123"),
        LinkError::OtherHost(_)
    ));
    assert!(matches!(
        refused("https://127.0.0.1/watch?v=dQw4w9WgXcQ"),
        LinkError::OtherHost(_)
    ));
    // Schemes that are not http(s).
    assert_eq!(refused("javascript:alert(1)"), LinkError::Scheme);
    assert_eq!(
        refused("JavaScript:alert('https://youtu.be/dQw4w9WgXcQ')"),
        LinkError::Scheme
    );
    assert_eq!(
        refused("data:text/html,<script>alert(1)</script>"),
        LinkError::Scheme
    );
    assert_eq!(
        refused("ftp://youtube.com/watch?v=dQw4w9WgXcQ"),
        LinkError::Scheme
    );
    assert!(
        refused("javascript:alert(1)")
            .message()
            .contains("https://")
    );
    // A playlist without a video.
    let e = refused("https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs");
    assert_eq!(e, LinkError::Playlist);
    assert!(e.message().contains("danh sách phát"), "{}", e.message());
    assert_eq!(
        refused("https://www.youtube.com/watch?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs"),
        LinkError::Playlist
    );
    // YouTube without a (well-formed) id.
    for bad in [
        "https://www.youtube.com/",
        "https://www.youtube.com/@truongcdkg",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
        "https://youtu.be/dQw4w9W%3CXcQ",
        "https://youtu.be/dQw4w9WgXcQ/extra",
        "https://www.youtube.com/shorts/dQw4\"9WgXcQ",
    ] {
        assert_eq!(refused(bad), LinkError::NoYouTubeId, "{bad}");
    }
    // Facebook, but not a video.
    for bad in [
        "https://www.facebook.com/truongcdkg",
        "https://www.facebook.com/truongcdkg/posts/123456",
        "https://www.facebook.com/watch/?v=abc",
        "https://www.facebook.com/truong<cdkg>/videos/123/",
        "https://fb.watch/",
    ] {
        assert_eq!(refused(bad), LinkError::NotFacebookVideo, "{bad}");
    }
    // Garbage.
    for bad in [
        "",
        "   ",
        "xem video ở đây",
        "https://",
        "https://user:pass@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com:8443/watch?v=dQw4w9WgXcQ",
    ] {
        assert_eq!(refused(bad), LinkError::Garbage, "{bad:?}");
    }
    assert!(
        LinkError::Garbage
            .message()
            .starts_with("Đường dẫn video không hợp lệ")
    );
}

#[test]
fn mp4_and_webm_are_told_by_their_first_bytes() {
    assert_eq!(video::sniff_video(&mp4(100)), Some(FileType::Mp4));
    for brand in [b"mp42", b"avc1", b"M4V ", b"dash", b"iso2"] {
        assert_eq!(
            video::sniff_video(&mp4_with(brand, 100)),
            Some(FileType::Mp4),
            "{brand:?}"
        );
    }
    // An unknown major brand with a known compatible one is still an MP4.
    assert_eq!(
        video::sniff_video(&mp4_with(b"XYZW", 100)),
        Some(FileType::Mp4)
    );
    assert_eq!(video::sniff_video(&webm(100)), Some(FileType::Webm));
    // The media library's own sniffing sees them too.
    assert_eq!(media::sniff(&webm(10)), Some(FileType::Webm));
    assert_eq!(FileType::Mp4.content_type(), "video/mp4");
    // A Matroska file (not played everywhere), a QuickTime-only MP4 box, a renamed PNG or
    // JPEG, a text file named .mp4, a truncated header: not videos.
    assert_eq!(video::sniff_video(&ebml(b"matroska", 100)), None);
    let mut quicktime = mp4(100);
    quicktime[8..12].copy_from_slice(b"qt  ");
    quicktime[16..24].copy_from_slice(b"qt  qt  ");
    assert_eq!(video::sniff_video(&quicktime), None);
    assert_eq!(video::sniff_video(&png(20, 20)), None);
    assert_eq!(video::sniff_video(&jpeg(20, 20)), None);
    assert_eq!(
        video::sniff_video(b"Day khong phai video, chi la chu.\n"),
        None
    );
    assert_eq!(video::sniff_video(&mp4(100)[..10]), None);
    assert_eq!(video::sniff_video(&webm(100)[..20]), None);
    assert_eq!(video::sniff_video(b"\0\0\0\x18ftypisom"), None);
}

#[test]
fn a_spool_over_its_limit_and_a_dropped_spool_leave_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("media");
    let mut s = Spool::create(&dir, 1_000).unwrap();
    let path = s.temp_path().to_owned();
    s.write(&mp4(500)).unwrap();
    assert!(path.exists() && !s.too_large());
    s.write(&[0u8; 700]).unwrap();
    assert!(
        s.too_large() && !path.exists(),
        "the file goes as soon as the limit is passed"
    );
    s.write(&[0u8; 700]).unwrap();
    assert_eq!(s.size(), 540 + 700 + 700, "everything sent is counted");
    drop(s);
    let mut s = Spool::create(&dir, 1_000_000).unwrap();
    s.write(&webm(100)).unwrap();
    let path = s.temp_path().to_owned();
    assert!(path.exists());
    drop(s);
    assert!(
        !path.exists(),
        "an upload abandoned or refused leaves nothing"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn stale_upload_spools_are_swept_and_nothing_else() {
    use std::time::{Duration, SystemTime};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("media");
    // A missing folder is nothing to sweep.
    assert_eq!(
        video::sweep_stale_spools(&dir, video::STALE_SPOOL_AGE, SystemTime::now()).unwrap(),
        0
    );
    std::fs::create_dir_all(dir.join("ab")).unwrap();
    let now = SystemTime::now();
    let two_hours_ago = now - Duration::from_secs(2 * 3600);
    let write = |name: &str, when: SystemTime| {
        let path = dir.join(name);
        std::fs::write(&path, b"partial upload").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(when)
            .unwrap();
        path
    };
    // Left by a crash two hours ago: removed.
    let crashed = write(".upload-4242-0-000000001.part", two_hours_ago);
    let crashed_too = write(".upload-4242-1-000000002.part", two_hours_ago);
    // Being written now (by this server or another sharing the folder): kept.
    let live = write(
        ".upload-4243-0-000000003.part",
        now - Duration::from_secs(60),
    );
    // Old, but not spools: a stored file, look-alikes, a spool name in a sub-folder.
    let stored = write("ab/ab12cd34ef56ab12cd34ef56ab12cd34.mp4", two_hours_ago);
    let keep: Vec<_> = [
        "ab12cd34ef56ab12cd34ef56ab12cd34.webm",
        "upload-4242-0-1.part",
        ".upload-4242-0-1.tmp",
        ".upload-.part",
        "notes.part",
        "ab/.upload-4242-9-1.part",
    ]
    .iter()
    .map(|n| write(n, two_hours_ago))
    .collect();
    // A folder with a spool's name is left alone.
    std::fs::create_dir(dir.join(".upload-4242-2-000000004.part")).unwrap();
    let removed = video::sweep_stale_spools(&dir, video::STALE_SPOOL_AGE, now).unwrap();
    assert_eq!(removed, 2);
    assert!(!crashed.exists() && !crashed_too.exists());
    assert!(live.exists() && stored.exists());
    for path in &keep {
        assert!(path.exists(), "{} was removed", path.display());
    }
    assert!(dir.join(".upload-4242-2-000000004.part").is_dir());
    // Once more: nothing left to remove.
    assert_eq!(
        video::sweep_stale_spools(&dir, video::STALE_SPOOL_AGE, now).unwrap(),
        0
    );
}

/// An upload as the web layer hands it over when the first bytes said "video": streamed
/// into a spool in the media folder.
fn spooled(app: &App, name: &str, bytes: &[u8]) -> Upload {
    let dir = app.media.dir.clone().unwrap();
    let mut s = Spool::create(&dir, app.media.max_video_bytes as u64).unwrap();
    for part in bytes.chunks(1000) {
        s.write(part).unwrap();
    }
    Upload {
        original_name: name.into(),
        video: Some(s),
        ..Upload::default()
    }
}

fn upload_video(
    app: &App,
    c: &mut lantoa_store::Conn,
    who: &Principal,
    org: OrgId,
    alt: &str,
    bytes: &[u8],
) -> Result<i64, Error> {
    let form = MediaForm {
        organisation_id: org.0.to_string(),
        alt: alt.into(),
        credit: String::new(),
    };
    media::upload(
        app,
        c,
        who,
        &form,
        spooled(app, &format!("{alt}.mp4"), bytes),
        &RequestMeta::default(),
    )
}

/// Every file under the media folder, temporary ones included.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    fn walk(p: &Path, out: &mut Vec<std::path::PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                if e.path().is_dir() {
                    walk(&e.path(), out);
                } else {
                    out.push(e.path());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

fn errors(e: Error) -> lantoa_app::FieldErrors {
    match e {
        Error::Invalid(f) => f,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

both_engines!(fn a_video_upload_is_stored_as_sent_under_its_hash_and_refusals_leave_nothing(db) {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = app(db.clone(), tmp.path());
    app.media.max_video_bytes = 50_000;
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let media_dir = tmp.path().join("media");

    let sent = mp4(20_000);
    let id = upload_video(&app, &mut c, &editor, college, "Lễ tốt nghiệp khóa 2026", &sent).unwrap();
    let item = media::view(&mut c, &editor, id).unwrap();
    assert_eq!(item.row.kind, "video");
    assert_eq!(item.row.bytes, i64::try_from(sent.len()).unwrap());
    assert_eq!(item.files.len(), 1);
    let f = &item.files[0];
    assert!(f.name.ends_with(".mp4") && f.content_type == "video/mp4", "{f:?}");
    let stored = media::path_in(&media_dir, &f.name).unwrap();
    assert_eq!(std::fs::read(&stored).unwrap(), sent, "stored as sent");
    assert_eq!(files_under(&media_dir), vec![stored.clone()], "no temporary file left");
    // The same bytes again: one file on disk.
    let again = upload_video(&app, &mut c, &editor, college, "Lễ tốt nghiệp (lần hai)", &sent).unwrap();
    assert_ne!(again, id);
    assert_eq!(files_under(&media_dir), vec![stored.clone()]);
    // A WebM.
    let w = upload_video(&app, &mut c, &editor, college, "Hội thi tay nghề", &webm(5_000)).unwrap();
    assert!(media::view(&mut c, &editor, w).unwrap().files[0].name.ends_with(".webm"));
    let before = files_under(&media_dir);

    // Over the video limit: refused with the limit in MB, the file gone already.
    let f = errors(upload_video(&app, &mut c, &editor, college, "Quá dài", &mp4(60_000)).unwrap_err());
    assert!(f.get("file").unwrap().contains("Video quá lớn (61 KB): tối đa 50 KB"), "{f:?}");
    // A PNG renamed .mp4 or a text file that reached the spool: not a video.
    let f = errors(upload_video(&app, &mut c, &editor, college, "Ảnh đổi tên", &png(30, 30)).unwrap_err());
    assert!(f.get("file").unwrap().contains("cũng không phải video MP4 hay WebM"), "{f:?}");
    let f = errors(upload_video(&app, &mut c, &editor, college, "Chữ", b"khong phai video").unwrap_err());
    assert!(f.get("file").is_some(), "{f:?}");
    // A good video with the alt text missing: the message is about the text; nothing stored.
    let f = errors(upload_video(&app, &mut c, &editor, college, "  ", &mp4(3_000)).unwrap_err());
    assert!(f.get("alt").is_some() && f.get("file").is_none(), "{f:?}");
    // Another organisation's editor is refused.
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    assert!(matches!(upload_video(&app, &mut c, &member(paper, OrgRole::Editor), college, "x", &mp4(3_000)), Err(Error::Denied)));
    assert_eq!(files_under(&media_dir), before, "refusals leave no file, temporary or stored");
    // The default limit is 200 MB, said so.
    assert_eq!(
        media::Refusal::VideoTooLarge { size: 250_000_000, max: MediaConfig::default().max_video_bytes }.message(),
        "Video quá lớn (250 MB): tối đa 200 MB. Hãy cắt ngắn video hoặc xuất lại với độ phân giải thấp hơn (ví dụ 720p) rồi tải lên lại."
    );
});

fn video_form(org: OrgId, title: &str, url: &str, media: &str) -> ContentForm {
    ContentForm {
        organisation_id: org.0.to_string(),
        kind: "video".into(),
        title: title.into(),
        topics: vec!["iv-2-b".into()],
        video_url: url.into(),
        video_media_id: media.into(),
        ..ContentForm::default()
    }
}

both_engines!(fn a_video_item_shows_its_link_or_its_file(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let meta = RequestMeta::default();

    // A YouTube link, typed loosely: normalised, its start time kept, and the text is optional.
    let form = video_form(college, "Hướng nghiệp cho học sinh lớp 9", " youtu.be/dQw4w9WgXcQ?t=30 ", "");
    let id = content::create(&app, &mut c, &editor, &form, &meta).unwrap().id;
    let saved = video::saved(&mut c, id).unwrap().unwrap();
    assert_eq!((saved.provider.as_str(), saved.video_ref.as_str(), saved.media_id, saved.start_seconds), ("youtube", "dQw4w9WgXcQ", None, Some(30)));
    assert_eq!(video::form_fields(Some(&saved)), ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s".to_owned(), String::new()));
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    let item = content::public_item(&mut c, ContentKind::Video, "huong-nghiep-cho-hoc-sinh-lop-9").unwrap();
    assert_eq!(item.video, Some(PublicVideo::Link {
        provider: "YouTube",
        watch_url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s".into(),
        embed_url: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30&autoplay=1".into(),
    }));
    // Only at its own address; search and feeds link there.
    assert!(matches!(content::public_item(&mut c, ContentKind::Article, "huong-nghiep-cho-hoc-sinh-lop-9"), Err(Error::NotFound)));
    assert_eq!(lantoa_app::search::content_path("video", "huong-nghiep-cho-hoc-sinh-lop-9"), "/video/huong-nghiep-cho-hoc-sinh-lop-9");

    // An uploaded file.
    let file = upload_video(&app, &mut c, &editor, college, "Lễ khai giảng", &mp4(3_960)).unwrap();
    let form = video_form(college, "Lễ khai giảng năm học mới", "", &file.to_string());
    let id2 = content::create(&app, &mut c, &editor, &form, &meta).unwrap().id;
    content::act(&app, &mut c, &editor, id2, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id2, ContentAction::Publish, "", &meta).unwrap();
    let item = content::public_item(&mut c, ContentKind::Video, "le-khai-giang-nam-hoc-moi").unwrap();
    match item.video {
        Some(PublicVideo::File { src, content_type, description, captions }) => {
            assert!(src.starts_with("/media/") && src.ends_with(".mp4"), "{src}");
            assert_eq!(content_type, "video/mp4");
            assert_eq!(description, "MP4, 4 KB");
            assert_eq!(captions, None, "no captions chosen");
        }
        other => panic!("{other:?}"),
    }
    // The file is kept in the library while the item shows it.
    match media::delete(&app, &mut c, &editor, file, &meta).unwrap_err() {
        Error::Conflict(m) => assert!(m.contains("tệp video đang được dùng trong “Lễ khai giảng năm học mới”"), "{m}"),
        other => panic!("{other:?}"),
    }
    // The sitemap lists /video now that a video is published.
    let site = lantoa_app::feeds::SiteInfo { base_url: "https://gdnn.example.vn", site_name: "Cổng" };
    let xml = lantoa_app::feeds::sitemap(&mut c, site, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).unwrap();
    assert!(xml.contains("<loc>https://gdnn.example.vn/video</loc>"), "{xml}");
    assert!(xml.contains("<loc>https://gdnn.example.vn/video/le-khai-giang-nam-hoc-moi</loc>"));
});

both_engines!(fn the_video_fieldset_refuses_beside_its_fields(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let reporter = member(paper, OrgRole::Editor);
    let meta = RequestMeta::default();
    let mine = upload_video(&app, &mut c, &editor, college, "Video của trường", &mp4(2_000)).unwrap();
    let theirs = upload_video(&app, &mut c, &reporter, paper, "Video của báo", &mp4(2_500)).unwrap();
    let picture = {
        let form = MediaForm { organisation_id: college.0.to_string(), alt: "Một tấm ảnh".into(), credit: String::new() };
        let file = Upload { original_name: "anh.jpg".into(), bytes: jpeg(300, 200), ..Upload::default() };
        media::upload(&app, &mut c, &editor, &form, file, &meta).unwrap()
    };
    let create = |c: &mut lantoa_store::Conn, f: &ContentForm| errors(content::create(&app, c, &editor, f, &meta).unwrap_err());

    let f = create(&mut c, &video_form(college, "Không có video", "", ""));
    assert!(f.get("video").unwrap().contains("cần một đường dẫn YouTube hoặc Facebook, hoặc một tệp video"), "{f:?}");
    assert!(f.get("body").is_none(), "the text is optional for a video");
    let f = create(&mut c, &video_form(college, "Cả hai", "https://youtu.be/dQw4w9WgXcQ", &mine.to_string()));
    assert!(f.get("video").unwrap().contains("Chỉ chọn một trong hai"), "{f:?}");
    let f = create(&mut c, &video_form(college, "Vimeo", "https://vimeo.com/76979871", ""));
    assert!(f.get("video_url").unwrap().contains("thuộc vimeo.com"), "{f:?}");
    let f = create(&mut c, &video_form(college, "Mã độc", "javascript:alert(document.cookie)", ""));
    assert!(f.get("video_url").unwrap().contains("https://"), "{f:?}");
    let f = create(&mut c, &video_form(college, "Danh sách", "https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs", ""));
    assert!(f.get("video_url").unwrap().contains("danh sách phát"), "{f:?}");
    let f = create(&mut c, &video_form(college, "Của đơn vị khác", "", &theirs.to_string()));
    assert!(f.get("video_media_id").unwrap().contains("thư viện của đơn vị tác giả"), "{f:?}");
    let f = create(&mut c, &video_form(college, "Một ảnh", "", &picture.to_string()));
    assert!(f.get("video_media_id").unwrap().contains("không phải tệp video"), "{f:?}");
    let f = create(&mut c, &video_form(college, "Đã xóa", "", "999999"));
    assert!(f.get("video_media_id").unwrap().contains("không còn trong thư viện"), "{f:?}");
    // An article with a video chosen is refused rather than silently losing it.
    let article = ContentForm { kind: "article".into(), body: "Bài viết.".into(), ..video_form(college, "Bài có video", "https://youtu.be/dQw4w9WgXcQ", "") };
    let f = create(&mut c, &article);
    assert!(f.get("video").unwrap().contains("Chỉ nội dung loại “Video” có video"), "{f:?}");
    // Nothing was stored by the refusals.
    let items = content::list(&mut c, &editor, None, lantoa_store::PageRequest::new(1, 100)).unwrap().items;
    assert!(items.iter().all(|i| i.content.kind != "video"), "no video item was created");
});

both_engines!(fn revisions_keep_the_video_and_a_restore_brings_it_back(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    let v1 = video_form(college, "Ngày hội tư vấn", "https://www.facebook.com/truongcdkg/videos/1234567890/", "");
    let id = content::create(&app, &mut c, &editor, &v1, &meta).unwrap().id;
    // Only the video changes: still a new version.
    let file = upload_video(&app, &mut c, &editor, college, "Ngày hội (bản đầy đủ)", &webm(3_000)).unwrap();
    let v2 = ContentForm { video_url: String::new(), video_media_id: file.to_string(), ..v1.clone() };
    content::update(&app, &mut c, &editor, id, &v2, &meta).unwrap();
    assert_eq!(lantoa_app::revisions::list(&mut c, &editor, id).unwrap().revisions.len(), 2);
    let cmp = lantoa_app::revisions::compare(&mut c, &editor, id, 2).unwrap();
    let field = cmp.fields.iter().find(|f| f.label == "Video").unwrap();
    assert!(field.changed(), "{field:?}");
    assert!(lantoa_app::revisions::compare(&mut c, &editor, id, 1).unwrap().can_restore);
    lantoa_app::revisions::restore(&app, &mut c, &editor, id, 1, &meta).unwrap();
    let back = video::saved(&mut c, id).unwrap().unwrap();
    assert_eq!((back.provider.as_str(), back.video_ref.as_str(), back.media_id), ("facebook", "https://www.facebook.com/truongcdkg/videos/1234567890/", None));
    assert_eq!(lantoa_app::revisions::list(&mut c, &editor, id).unwrap().revisions.len(), 3);
    // Restoring version 2 brings the file back.
    lantoa_app::revisions::restore(&app, &mut c, &editor, id, 2, &meta).unwrap();
    assert_eq!(video::saved(&mut c, id).unwrap().unwrap().media_id, Some(file));
});

// ---------------------------------------------------------------------------------------
// Captions (WebVTT) for uploaded videos.

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:04.000\nChào mừng các em đến với ngày hội tuyển sinh.\n\n00:04.000 --> 00:08.500\nTrường Cao đẳng Kiên Giang tuyển sinh 2026.\n";

#[test]
fn webvtt_is_told_by_its_first_bytes_and_checked_as_utf8_text() {
    for ok in [
        VTT.as_bytes().to_vec(),
        b"\xEF\xBB\xBFWEBVTT\n\n00:01.000 --> 00:02.000\nC\xC3\xB3 BOM\n".to_vec(),
        b"WEBVTT - Ph\xE1\xBB\xA5 \xC4\x91\xE1\xBB\x81\n\n".to_vec(),
        b"WEBVTT\tx\n".to_vec(),
        b"WEBVTT\r\n\r\n".to_vec(),
        b"WEBVTT".to_vec(),
    ] {
        assert_eq!(
            media::sniff(&ok),
            Some(FileType::Vtt),
            "{:?}",
            String::from_utf8_lossy(&ok)
        );
    }
    for not in [
        &b"WEBVTTX\n"[..],
        b"webvtt\n",
        b" WEBVTT\n",
        b"\xEF\xBB\xBF\xEF\xBB\xBFWEBVTT\n",
        b"1\n00:00:00,000 --> 00:00:04,000\nSRT\n",
        b"",
    ] {
        assert_eq!(
            media::sniff(not),
            None,
            "{:?}",
            String::from_utf8_lossy(not)
        );
    }
    let cfg = MediaConfig::default();
    let p = media::prepare(VTT.as_bytes(), &cfg).unwrap();
    assert_eq!(p.kind, media::KIND_CAPTIONS);
    assert_eq!(p.files.len(), 1);
    assert!(p.files[0].name.ends_with(".vtt"), "{}", p.files[0].name);
    assert_eq!(p.files[0].content_type, "text/vtt; charset=utf-8");
    assert_eq!(p.files[0].bytes, VTT.as_bytes(), "stored as sent");
    assert_eq!(media::parse_name(&p.files[0].name), Some(FileType::Vtt));
    // Starts like WebVTT but is not UTF-8 (a Windows-1258 or TCVN3 export).
    let latin = b"WEBVTT\n\n00:00.000 --> 00:02.000\nCh\xE0o m\xF5ng\n";
    let r = media::prepare(latin, &cfg).unwrap_err();
    assert_eq!(r, media::Refusal::CaptionsNotUtf8);
    assert!(
        r.message().contains("không phải văn bản UTF-8"),
        "{}",
        r.message()
    );
    // Over 512 KB.
    let mut big = VTT.as_bytes().to_vec();
    big.resize(media::MAX_CAPTIONS_BYTES + 1, b'a');
    let r = media::prepare(&big, &cfg).unwrap_err();
    assert!(
        matches!(r, media::Refusal::CaptionsTooLarge { .. }),
        "{r:?}"
    );
    assert!(
        r.message()
            .starts_with("Tệp phụ đề quá lớn (513 KB): tối đa 512 KB."),
        "{}",
        r.message()
    );
    // A SubRip file: refused with a hint to convert it.
    let r = media::prepare(
        "1\n00:00:00,000 --> 00:00:04,000\nXin chào\n".as_bytes(),
        &cfg,
    )
    .unwrap_err();
    assert_eq!(r, media::Refusal::Srt);
    assert!(r.message().contains("WebVTT (.vtt)"), "{}", r.message());
    // Plain text: the general refusal names WebVTT too.
    let r = media::prepare(b"Phu de khong co tieu de", &cfg).unwrap_err();
    assert_eq!(r, media::Refusal::UnknownType);
    assert!(r.message().contains("phụ đề WebVTT"), "{}", r.message());
}

#[test]
fn revisions_saved_before_captions_still_load() {
    let old = r#"{"provider":"upload","video_ref":"","media_id":12}"#;
    let v = video::from_revision(old).unwrap();
    assert_eq!((v.media_id, v.captions_media_id), (Some(12), None));
    // Without captions the JSON is as before, so older versions compare equal.
    assert_eq!(video::to_revision(Some(&v)), old);
    let with = lantoa_store::video::VideoRow {
        captions_media_id: Some(14),
        ..v
    };
    let json = video::to_revision(Some(&with));
    assert_eq!(
        video::from_revision(&json).unwrap().captions_media_id,
        Some(14)
    );
    assert_eq!(
        video::revision_text(&json),
        "Tệp video #12 trong thư viện, phụ đề #14"
    );
}

fn upload_captions(
    app: &App,
    c: &mut lantoa_store::Conn,
    who: &Principal,
    org: OrgId,
    alt: &str,
    bytes: &[u8],
) -> Result<i64, Error> {
    let form = MediaForm {
        organisation_id: org.0.to_string(),
        alt: alt.into(),
        credit: String::new(),
    };
    let file = Upload {
        original_name: "phu-de.vtt".into(),
        bytes: bytes.to_vec(),
        ..Upload::default()
    };
    media::upload(app, c, who, &form, file, &RequestMeta::default())
}

fn captioned_form(org: OrgId, title: &str, url: &str, media: &str, captions: &str) -> ContentForm {
    ContentForm {
        video_captions_id: captions.into(),
        ..video_form(org, title, url, media)
    }
}

both_engines!(fn captions_are_uploaded_chosen_shown_and_refused_beside_their_field(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let reporter = member(paper, OrgRole::Editor);
    let meta = RequestMeta::default();
    let media_dir = tmp.path().join("media");

    // The library stores a WebVTT file as sent, under its hash, kind "captions".
    let vtt = upload_captions(&app, &mut c, &editor, college, "Phụ đề ngày hội tuyển sinh", VTT.as_bytes()).unwrap();
    let item = media::view(&mut c, &editor, vtt).unwrap();
    assert_eq!(item.row.kind, "captions");
    let f = &item.files[0];
    assert!(f.name.ends_with(".vtt") && f.content_type == "text/vtt; charset=utf-8", "{f:?}");
    assert_eq!(std::fs::read(media::path_in(&media_dir, &f.name).unwrap()).unwrap(), VTT.as_bytes());
    let vtt_url = media::url(&f.name);
    let before = files_under(&media_dir);
    // Refusals beside the file field, nothing stored.
    let f = errors(upload_captions(&app, &mut c, &editor, college, "Sai bảng mã", b"WEBVTT\n\n00:00.000 --> 00:01.000\nCh\xE0o\n").unwrap_err());
    assert!(f.get("file").unwrap().contains("không phải văn bản UTF-8"), "{f:?}");
    let f = errors(upload_captions(&app, &mut c, &editor, college, "Tệp SRT", b"1\n00:00:00,000 --> 00:00:01,000\nA\n").unwrap_err());
    assert!(f.get("file").unwrap().contains("phụ đề SRT"), "{f:?}");
    let mut big = VTT.as_bytes().to_vec();
    big.resize(600_000, b'a');
    let f = errors(upload_captions(&app, &mut c, &editor, college, "Quá lớn", &big).unwrap_err());
    assert!(f.get("file").unwrap().contains("Tệp phụ đề quá lớn"), "{f:?}");
    assert_eq!(files_under(&media_dir), before, "refusals store nothing");
    // Listed under its own kind; offered in the fieldset with the organisation's files only.
    let listed = media::list(&mut c, &editor, Some("captions"), lantoa_store::PageRequest::new(1, 10)).unwrap();
    assert_eq!(listed.items.iter().map(|m| m.row.id).collect::<Vec<_>>(), vec![vtt]);
    let theirs = upload_captions(&app, &mut c, &reporter, paper, "Phụ đề của báo", b"WEBVTT\n\n00:00.000 --> 00:01.000\nB\xC3\xA1o\n").unwrap();
    let choices = media::captions_choices(&mut c, &[college.0], None).unwrap();
    assert_eq!(choices.iter().map(|d| d.id).collect::<Vec<_>>(), vec![vtt]);
    assert!(choices[0].label.starts_with("Phụ đề ngày hội tuyển sinh ("), "{}", choices[0].label);

    // An uploaded video with captions: saved, shown as the player's track.
    let file = upload_video(&app, &mut c, &editor, college, "Ngày hội tuyển sinh", &mp4(3_000)).unwrap();
    let form = captioned_form(college, "Ngày hội tuyển sinh 2026", "", &file.to_string(), &vtt.to_string());
    let id = content::create(&app, &mut c, &editor, &form, &meta).unwrap().id;
    let saved = video::saved(&mut c, id).unwrap().unwrap();
    assert_eq!((saved.media_id, saved.captions_media_id), (Some(file), Some(vtt)));
    assert_eq!(video::form_captions(Some(&saved)), vtt.to_string());
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    let item = content::public_item(&mut c, ContentKind::Video, "ngay-hoi-tuyen-sinh-2026").unwrap();
    match item.video {
        Some(PublicVideo::File { captions, .. }) => assert_eq!(captions, Some(vtt_url.clone())),
        other => panic!("{other:?}"),
    }

    // Refusals beside the captions field.
    let create = |c: &mut lantoa_store::Conn, f: &ContentForm| errors(content::create(&app, c, &editor, f, &meta).unwrap_err());
    let f = create(&mut c, &captioned_form(college, "Phụ đề của đơn vị khác", "", &file.to_string(), &theirs.to_string()));
    assert!(f.get("video_captions_id").unwrap().contains("thư viện của đơn vị tác giả"), "{f:?}");
    let f = create(&mut c, &captioned_form(college, "Video làm phụ đề", "", &file.to_string(), &file.to_string()));
    assert!(f.get("video_captions_id").unwrap().contains("không phải tệp phụ đề WebVTT"), "{f:?}");
    let f = create(&mut c, &captioned_form(college, "Phụ đề đã xóa", "", &file.to_string(), "999999"));
    assert!(f.get("video_captions_id").unwrap().contains("không còn trong thư viện"), "{f:?}");
    let f = create(&mut c, &captioned_form(college, "YouTube có phụ đề", "https://youtu.be/dQw4w9WgXcQ", "", &vtt.to_string()));
    assert!(f.get("video_captions_id").unwrap().contains("Phụ đề chỉ dùng được với tệp video tải lên thư viện; video YouTube"), "{f:?}");
    let f = create(&mut c, &captioned_form(college, "Facebook có phụ đề", "https://www.facebook.com/truongcdkg/videos/1234567890/", "", &vtt.to_string()));
    assert!(f.get("video_captions_id").unwrap().contains("video Facebook"), "{f:?}");
    assert_eq!(
        content::list(&mut c, &editor, None, lantoa_store::PageRequest::new(1, 100)).unwrap().items.iter().filter(|i| i.content.kind == "video").count(),
        1,
        "no refused item was stored"
    );

    // The caption file stays in the library while the video uses it.
    match media::delete(&app, &mut c, &editor, vtt, &meta).unwrap_err() {
        Error::Conflict(m) => assert!(m.contains("tệp phụ đề đang được dùng cho video “Ngày hội tuyển sinh 2026”"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(media::view(&mut c, &editor, vtt).is_ok());
    // Another organisation's unused caption file can be deleted by its editor.
    media::delete(&app, &mut c, &reporter, theirs, &meta).unwrap();
});

both_engines!(fn revisions_keep_the_captions_and_an_unused_caption_file_can_go(db) {
    let tmp = tempfile::tempdir().unwrap();
    let app = app(db.clone(), tmp.path());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    let file = upload_video(&app, &mut c, &editor, college, "Lễ tốt nghiệp", &webm(2_000)).unwrap();
    let vtt = upload_captions(&app, &mut c, &editor, college, "Phụ đề lễ tốt nghiệp", VTT.as_bytes()).unwrap();
    // Version 1 without captions: the page says so (no track).
    let v1 = captioned_form(college, "Lễ tốt nghiệp 2026", "", &file.to_string(), "");
    let id = content::create(&app, &mut c, &editor, &v1, &meta).unwrap().id;
    assert_eq!(video::saved(&mut c, id).unwrap().unwrap().captions_media_id, None);
    // Only the captions change: a new version whose "Video" field differs.
    let v2 = ContentForm { video_captions_id: vtt.to_string(), ..v1.clone() };
    content::update(&app, &mut c, &editor, id, &v2, &meta).unwrap();
    assert_eq!(lantoa_app::revisions::list(&mut c, &editor, id).unwrap().revisions.len(), 2);
    let cmp = lantoa_app::revisions::compare(&mut c, &editor, id, 2).unwrap();
    let field = cmp.fields.iter().find(|f| f.label == "Video").unwrap();
    assert!(field.changed(), "{field:?}");
    // Restoring version 1 removes them, version 2 brings them back.
    lantoa_app::revisions::restore(&app, &mut c, &editor, id, 1, &meta).unwrap();
    assert_eq!(video::saved(&mut c, id).unwrap().unwrap().captions_media_id, None);
    lantoa_app::revisions::restore(&app, &mut c, &editor, id, 2, &meta).unwrap();
    let back = video::saved(&mut c, id).unwrap().unwrap();
    assert_eq!((back.media_id, back.captions_media_id), (Some(file), Some(vtt)));
    assert!(matches!(media::delete(&app, &mut c, &editor, vtt, &meta), Err(Error::Conflict(_))));
    // Once the video drops them, the file can be deleted.
    content::update(&app, &mut c, &editor, id, &v1, &meta).unwrap();
    media::delete(&app, &mut c, &editor, vtt, &meta).unwrap();
    // A version pointing at the deleted file restores the video without captions.
    lantoa_app::revisions::restore(&app, &mut c, &editor, id, 2, &meta).unwrap();
    let back = video::saved(&mut c, id).unwrap().unwrap();
    assert_eq!((back.media_id, back.captions_media_id), (Some(file), None));
});
