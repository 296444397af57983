// The media library in a real browser: the upload form and the library page pass axe-core
// (WCAG 2.1 A/AA); an image uploaded through the file input is listed with its thumbnail; a
// disguised file and a file over the 10 MB limit come back as the form with a Vietnamese
// message and the typed text kept — the oversized one as a 413 page, not a connection reset.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { prerequisites, startServer, launchBrowser, signedInContext, runAxe, formatViolations, submitAndWait, mainText } from './support.mjs';

const skip = prerequisites('media.test.mjs');
const EDITOR = 'truong.cdkg@lantoa.test';
const SUBMIT = 'main form[enctype="multipart/form-data"] button[type="submit"]';

function crc32(buf) {
  let crc = 0xffffffff;
  for (const b of buf) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A width × height RGB PNG of a sunset-like gradient, made here. */
function gradientPng(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = 200 + Math.round((55 * y) / height);
      row[2 + x * 3] = Math.round((160 * x) / width);
      row[3 + x * 3] = 90;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function expectNoViolations(page, label) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${label} (${page.url()}):\n${formatViolations(violations)}`);
}

describe('media library', { skip, timeout: 270_000 }, () => {
  let server;
  let browser;
  let editor;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    editor = await signedInContext(browser, server, EDITOR);
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  it('the upload form has no WCAG 2.1 A/AA violations', { timeout: 30_000 }, async () => {
    const { page } = editor;
    await page.goto(`${server.url}/quan-tri/thu-vien/tai-len`);
    await expectNoViolations(page, 'the upload form');
  });

  it('a disguised file is refused with the typed text kept', { timeout: 30_000 }, async () => {
    const { page } = editor;
    await page.goto(`${server.url}/quan-tri/thu-vien/tai-len`);
    await page.setInputFiles('#file', { name: 'anh-dep.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await page.fill('#alt', 'Ảnh giả');
    await page.fill('#credit', 'Nguồn đã gõ');
    const response = await submitAndWait(page, SUBMIT);
    assert.equal(response.status(), 422);
    assert.match(await page.textContent('#file-error'), /không phải ảnh JPEG, PNG, WebP, GIF hay tài liệu PDF/);
    assert.equal(await page.inputValue('#alt'), 'Ảnh giả');
    assert.equal(await page.inputValue('#credit'), 'Nguồn đã gõ');
    await expectNoViolations(page, 'the upload form with errors');
  });

  it('a file over the limit gets a 413 page with the message, not a reset', { timeout: 60_000 }, async () => {
    const { page } = editor;
    await page.goto(`${server.url}/quan-tri/thu-vien/tai-len`);
    const big = Buffer.concat([gradientPng(32, 32), Buffer.alloc(10_500_000)]);
    await page.setInputFiles('#file', { name: 'rat-lon.png', mimeType: 'image/png', buffer: big });
    await page.fill('#alt', 'Ảnh quá lớn');
    const response = await submitAndWait(page, SUBMIT);
    assert.equal(response.status(), 413);
    assert.match(await page.textContent('#file-error'), /Tệp quá lớn \(10,5 MB\): tối đa 10 MB/);
    assert.equal(await page.inputValue('#alt'), 'Ảnh quá lớn');
  });

  it('an image uploaded is listed with its thumbnail, and the library passes axe', { timeout: 30_000 }, async () => {
    const { page } = editor;
    await page.goto(`${server.url}/quan-tri/thu-vien/tai-len`);
    await page.setInputFiles('#file', { name: 'hoang-hon.png', mimeType: 'image/png', buffer: gradientPng(900, 500) });
    await page.fill('#alt', 'Hoàng hôn trên biển Rạch Giá');
    await page.fill('#credit', 'Ảnh: Phòng Truyền thông');
    const response = await submitAndWait(page, SUBMIT);
    assert.equal(response.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/quan-tri\/thu-vien\/\d+$/);
    assert.match(await mainText(page), /900 × 500/);
    await expectNoViolations(page, 'an item of the library');
    await page.goto(`${server.url}/quan-tri/thu-vien`);
    assert.ok(await page.$('main img.card__image'), 'the list shows a thumbnail');
    const width = await page.waitForFunction(() => {
      const img = document.querySelector('main img.card__image');
      return img && img.complete && img.naturalWidth > 0 && img.naturalWidth;
    });
    assert.equal(await width.jsonValue(), 320, 'the thumbnail is the 320 px variant, served');
    assert.match(await mainText(page), /Hoàng hôn trên biển Rạch Giá/);
    await expectNoViolations(page, 'the media library');
  });
});
