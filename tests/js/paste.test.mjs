// The back-office editor's HTML cleaner (crates/lantoa-web/static/admin/paste.js), on
// clipboard HTML as Word, Google Docs and LibreOffice put it there (fixtures written for
// lantoa), on hostile input and on the editor's own markup. Run: node --test tests/js/
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { clean, fromText, isHtml, safeHref } = require('../../crates/lantoa-web/static/admin/paste.js');
const fixture = name => fs.readFileSync(path.join(here, 'fixtures', name), 'utf8');

describe('paste from Word', () => {
  const out = clean(fixture('word.html'));

  it('keeps headings, paragraphs, bold, italic and links, one level below the page title', () => {
    const lines = out.split('\n');
    assert.equal(lines[0], '<h2>Kế hoạch tuyển sinh năm 2026</h2>');
    assert.equal(
      lines[1],
      '<p>Trường Cao đẳng Kiên Giang thông báo <strong>tuyển sinh</strong> các ngành ' +
        '<em>trình độ cao đẳng</em> và <a href="https://kgc.edu.vn/tuyen-sinh">trung cấp</a>.</p>',
    );
    assert.equal(lines[2], '<h3>Các ngành đào tạo</h3>');
  });

  it('turns mso-list paragraphs into real, nested lists without their typed bullets', () => {
    assert.ok(
      out.includes(
        '<ul><li>Công nghệ ô tô<ul><li>Bảo dưỡng, sửa chữa <strong>động cơ</strong></li></ul></li>' +
          '<li>Điện công nghiệp</li></ul>',
      ),
      out,
    );
    assert.ok(out.includes('<p>Hồ sơ gồm:</p>\n<ol><li>Phiếu đăng ký</li><li>Bản sao học bạ <em>(có công chứng)</em></li></ol>'), out);
    assert.doesNotMatch(out, /·|&nbsp;|1\.\s*Phiếu/);
  });

  it('keeps the table and drops cell paragraphs, widths and borders', () => {
    assert.ok(
      out.includes(
        '<table><tbody><tr><td><strong>Ngành</strong></td><td><strong>Chỉ tiêu</strong></td></tr>' +
          '<tr><td>Công nghệ ô tô</td><td>120</td></tr></tbody></table>',
      ),
      out,
    );
  });

  it('drops styles, classes, fonts, <o:p>, comments, Office XML, VML and local images', () => {
    for (const gone of ['style', 'class=', 'Mso', 'o:p', '<!--', 'mso-', 'xml', 'v:', 'file:', '<img', '<span', 'Cambria', 'name=']) {
      assert.ok(!out.includes(gone), `${gone} in ${out}`);
    }
    assert.ok(out.endsWith('<p>Ảnh: Phòng Đào tạo.</p>'), out);
    assert.equal(out.match(/<p>/g).length, 3, 'empty Word paragraphs are gone');
  });

  it('starts a new list when Word does, and keeps the first number', () => {
    const item = (list, n, text) =>
      `<p class=MsoListParagraph style='text-indent:-.25in;mso-list:${list} level1 lfo${list.slice(1)}'>` +
      `<![if !supportLists]><span style='mso-list:Ignore'>${n}<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>${text}<o:p></o:p></p>`;
    const html = item('l0', '·', 'Một') + '\n' + item('l0', '·', 'Hai') + '\n' + item('l3', '3.', 'Ba') + item('l3', '4.', 'Bốn');
    assert.equal(clean(html), '<ul><li>Một</li><li>Hai</li></ul>\n<ol start="3"><li>Ba</li><li>Bốn</li></ol>');
  });

  it('keeps the number of a numbered heading as text', () => {
    const html = "<h2 style='mso-list:l2 level1 lfo3'><![if !supportLists]><span style='mso-list:Ignore'>II.<span>&nbsp; </span></span><![endif]>Kết quả</h2>";
    assert.equal(clean(html), '<h2>II. Kết quả</h2>');
  });
});

describe('paste from Google Docs', () => {
  const out = clean(fixture('google-docs.html'));

  it('reads bold and italic from the inline styles, not from the wrapper <b>', () => {
    assert.ok(out.startsWith('<h2>Ngày hội tư vấn tuyển sinh</h2>\n<p>Sáng <strong>26/11</strong>, hơn <em>500 học sinh</em> đã đến. Xem '), out);
  });

  it('keeps the link (its address escaped once) without underlining it', () => {
    assert.ok(out.includes('<a href="https://gdnn.kiengiang.gov.vn/tin-tuc?nguon=docs&amp;trang=2">chi tiết</a>.</p>'), out);
    assert.ok(!out.includes('<u>'), out);
  });

  it('keeps lists (a nested one under its item) and the table', () => {
    assert.ok(out.includes('<ul><li>Tư vấn chọn nghề</li><li>Trải nghiệm xưởng thực hành<ul><li>Hàn, điện, ô tô</li></ul></li></ul>'), out);
    assert.ok(out.endsWith('<table><tbody><tr><td><strong>Trường</strong></td><td><strong>Gian hàng</strong></td></tr><tr><td>Cao đẳng Kiên Giang</td><td>4</td></tr></tbody></table>'), out);
    assert.ok(!/style|dir=|<br>|<div|<col|docs-internal/.test(out), out);
  });
});

describe('paste from LibreOffice', () => {
  it('keeps the structure and drops fonts, sizes and the page style', () => {
    assert.equal(
      clean(fixture('libreoffice.html')),
      [
        '<h2>Báo cáo sơ kết 6 tháng</h2>',
        '<p>Đơn vị đã thực hiện <strong>12 bản tin</strong>, <em>3 phóng sự</em> và <u>1 ấn phẩm</u>.</p>',
        '<ol><li>Phát thanh trên loa truyền thanh xã</li><li>Đăng trên <a href="https://gdnn.kiengiang.gov.vn/">cổng thông tin</a></li></ol>',
        '<blockquote><p>“Học nghề để lập nghiệp.”</p></blockquote>',
        '<table><tbody><tr><th>Hình thức</th><th>Số lượng</th></tr><tr><td>Bản tin</td><td>12</td></tr></tbody></table>',
      ].join('\n'),
    );
  });
});

describe('hostile input', () => {
  it('drops scripts, frames, event handlers and dangerous links', () => {
    const html =
      '<p onclick="steal()">A<script>alert(1)</script><iframe src="//evil"></iframe>' +
      '<a href="javascript:alert(2)">x</a> <a href=" JaVa&#x09;Script:alert(3)">y</a> ' +
      '<a href="java&#115;cript:alert(4)">z</a> <a href="javascript&colon;alert(5)">w</a> ' +
      '<a href="data:text/html,hi">d</a> <a href="vbscript:msgbox">v</a></p>' +
      '<style>p{color:red}</style><img src=https://evil.example/x.png onerror="alert(6)"><svg><script>alert(7)</script></svg>';
    assert.equal(clean(html), '<p>Ax y z w d v</p>');
  });

  it('keeps allowed links and only local images', () => {
    const html =
      '<p><a href="/tin-tuc/ngay-hoi" title="t" target="_blank">trong cổng</a> ' +
      '<a href="mailto:tuyensinh@kgc.edu.vn">thư</a> <a href="#muc-2">mục 2</a>' +
      '<img src="https://cdn.example/a.jpg" alt="ngoài"><img src="//cdn.example/b.jpg"><img src="data:image/png;base64,AAA">' +
      '<img src="/media/2026/anh.jpg" alt="Sinh viên &quot;thực hành&quot;" width="640" height="abc"></p>';
    assert.equal(
      clean(html),
      '<p><a href="/tin-tuc/ngay-hoi">trong cổng</a> <a href="mailto:tuyensinh@kgc.edu.vn">thư</a> ' +
        '<a href="#muc-2">mục 2</a><img src="/media/2026/anh.jpg" alt="Sinh viên &quot;thực hành&quot;" width="640"></p>',
    );
  });

  it('escapes text and survives broken markup', () => {
    assert.equal(clean('Điểm < 5 & > 3 <b>đậm'), 'Điểm &lt; 5 &amp; &gt; 3 <strong>đậm</strong>');
    assert.equal(clean('<p title="a>b">x</p></div></p><p>y'), '<p>x</p>\n<p>y</p>');
    assert.equal(clean('<a href="/a"><a href="/b">lồng</a></a>'), '<a href="/a">lồng</a>');
    assert.equal(clean('<p>&eacute;&#7871; &amp;amp; &unknown</p>'), '<p>&eacute;&#7871; &amp;amp; &amp;unknown</p>');
    assert.equal(clean(''), '');
    assert.equal(clean('<p>   </p><p>&nbsp;</p><div><br></div>'), '');
  });

  it('is idempotent', () => {
    for (const name of ['word.html', 'google-docs.html', 'libreoffice.html']) {
      const once = clean(fixture(name));
      assert.equal(clean(once), once, name);
      assert.equal(clean(once, { styles: false }), once, name);
    }
  });
});

describe("the editor's own markup", () => {
  it('becomes what the server keeps: <b>/<i> to <strong>/<em>, <div> to <p>, styled spans dropped', () => {
    const html =
      '<div>Một</div><div><b>Hai</b> <i>ba</i></div><p><br></p>' +
      '<p>Bốn <span style="font-weight: 700; font-size: 1rem;">năm</span></p>' +
      '<h2>Mục <b>một</b></h2><blockquote>Trích</blockquote><ul><li><p>x</p><p>y</p></li></ul>';
    assert.equal(
      clean(html, { styles: false }),
      '<p>Một</p>\n<p><strong>Hai</strong> <em>ba</em></p>\n<p>Bốn năm</p>\n<h2>Mục một</h2>\n' +
        '<blockquote><p>Trích</p></blockquote>\n<ul><li>x<br>y</li></ul>',
    );
  });

  it('keeps everything the server allows as it is', () => {
    const html = [
      '<h2>Hai</h2>',
      '<h3>Ba</h3>',
      '<h4>Bốn</h4>',
      '<p>Chữ <strong>đậm</strong>, <em>nghiêng</em>, <u>gạch</u><br>dòng mới</p>',
      '<ol start="2"><li>Hai</li></ol>',
      '<table><thead><tr><th colspan="2" scope="col">Tiêu đề</th></tr></thead><tbody><tr><td rowspan="2">a</td><td></td></tr></tbody></table>',
      '<figure><img src="/media/a.jpg" alt="Ảnh" width="300" height="200"><figcaption>Chú thích</figcaption></figure>',
      '<blockquote><p>Trích dẫn</p></blockquote>',
    ].join('\n');
    assert.equal(clean(html, { styles: false }), html);
  });
});

describe('plain text and links', () => {
  it('turns text into escaped paragraphs', () => {
    assert.equal(fromText('Đoạn một\ndòng hai\r\n\r\n  Đoạn <b>hai</b> & ba  \n\n\n'), '<p>Đoạn một<br>dòng hai</p>\n<p>Đoạn &lt;b&gt;hai&lt;/b&gt; &amp; ba</p>');
    assert.equal(isHtml('Điểm < 5'), false);
    assert.equal(isHtml('<p>x</p>'), true);
  });

  it('accepts http, https, mailto and addresses in the portal only', () => {
    for (const ok of ['https://a.vn/x', 'http://a.vn', 'mailto:a@b.vn', '/tin-tuc/x', 'trang/x', '#muc', '?trang=2']) {
      assert.equal(safeHref(ok), ok);
    }
    for (const bad of ['javascript:alert(1)', ' javascript:x', 'data:text/html,x', 'ftp://a.vn', 'java\tscript:x', 'vbscript:x', 'file:///C:/a']) {
      assert.equal(safeHref(bad), '', bad);
    }
  });
});
