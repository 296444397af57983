// The content editor (issue 3, point 2; ADR 0015) as an editor uses it: formatting with the
// keyboard only, a Word document pasted, the autosaved copy offered back after a reload, the
// preview in a new tab, the saved body published and read on the public article; the form
// without JavaScript; axe on the form with the editor and with the restore offer.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { prerequisites, startServer, launchBrowser, newContext, signedInContext, submitAndWait, runAxe, formatViolations, ROOT } from './support.mjs';

const skip = prerequisites('editor.test.mjs');
const EDITOR = 'truong.cdkg@lantoa.test';
const APPROVER = 'duyet.cdkg@lantoa.test';
const TITLE = 'Ngày hội tư vấn tuyển sinh ở Rạch Giá';
const WORD = fs.readFileSync(path.join(ROOT, 'tests', 'js', 'fixtures', 'word.html'), 'utf8');

/** Presses Tab until `selector` has the focus (at most `max` times). */
async function tabTo(page, selector, max = 40) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(sel => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${selector} never got the focus after ${max} Tab presses (focus is on ${at})`);
}
const active = page => page.evaluate(() => {
  const e = document.activeElement;
  return { id: e.id, cmd: e.getAttribute('data-cmd'), text: e.textContent.trim() };
});
/** Alt+F10 to the toolbar, then arrows to the button labelled `label`, then Enter. */
async function toolbar(page, label) {
  await page.keyboard.press('Alt+F10');
  assert.equal(await page.evaluate(() => document.activeElement.closest('[role=toolbar]') !== null), true, 'Alt+F10 reaches the toolbar');
  await page.keyboard.press('Home');
  for (let i = 0; i < 12 && (await active(page)).text !== label; i++) await page.keyboard.press('ArrowRight');
  assert.equal((await active(page)).text, label);
  await page.keyboard.press('Enter');
  assert.equal((await active(page)).id, 'body-editor', 'the focus goes back to the text');
}
/** The body the editor would submit (what it writes into the textarea). */
const sent = page => page.evaluate(() => window.LantoaPaste.clean(document.getElementById('body-editor').innerHTML, { styles: false }));
/** The blocks the editor would submit, as tag names, e.g. "h2 p ul table". */
const shape = page => page.evaluate(() => {
  const t = document.createElement('template');
  t.innerHTML = window.LantoaPaste.clean(document.getElementById('body-editor').innerHTML, { styles: false });
  return [...t.content.children].map(e => e.tagName.toLowerCase()).join(' ');
});

async function expectNoViolations(page, what) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `${what}:\n${formatViolations(violations)}`);
}

describe('the content editor', { skip, timeout: 360_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  it('writes, pastes from Word, restores the autosaved copy, previews, saves and publishes', { timeout: 150_000 }, async () => {
    const { context, page } = await signedInContext(browser, server, EDITOR);
    try {
      await page.goto(`${server.url}/quan-tri/noi-dung/moi`);
      await page.waitForSelector('[data-editor]:not([hidden])');
      assert.equal(await page.isHidden('#body'), true, 'the textarea gives way to the editor');
      await expectNoViolations(page, 'the content form with the editor');

      // Keyboard only: title, summary, then one Tab stop for the toolbar, then the text.
      await tabTo(page, '#title');
      await page.keyboard.type(TITLE);
      await tabTo(page, '#summary');
      await page.keyboard.type('Hơn 500 học sinh lớp 9 và lớp 12 đến tìm hiểu nghề.');
      await page.keyboard.press('Tab');
      assert.equal((await active(page)).cmd, 'bold', 'the toolbar is one Tab stop, at its first button');
      await page.keyboard.press('Tab');
      assert.equal((await active(page)).id, 'body-editor');

      await page.keyboard.type('Chương trình trong ngày');
      await toolbar(page, 'Tiêu đề mục');
      assert.equal(await page.getAttribute('[data-cmd=h2]', 'aria-pressed'), 'true');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Sáng 26/11, ');
      await page.keyboard.press('Control+B');
      await page.keyboard.type('500 học sinh');
      await page.keyboard.press('Control+B');
      await page.keyboard.type(' đến Trường Cao đẳng Kiên Giang. Xem thêm: ');
      page.once('dialog', d => d.accept('/tin-tuc'));
      await page.keyboard.press('Control+K');
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await toolbar(page, 'Danh sách');
      assert.equal(await page.getAttribute('[data-cmd=ul]', 'aria-pressed'), 'true');
      await page.keyboard.type('Tư vấn chọn nghề');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Trải nghiệm xưởng thực hành');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      // A link to somewhere dangerous is refused with a message.
      page.once('dialog', d => d.accept('javascript:alert(1)'));
      await page.keyboard.press('Control+K');
      assert.match(await page.textContent('[data-editor-status]'), /Không chèn được liên kết/);
      assert.equal(await shape(page), 'h2 p ul');
      assert.match(await sent(page),
        /^<h2>Chương trình trong ngày<\/h2>\n<p>Sáng 26\/11, <strong>500 học sinh<\/strong> đến Trường Cao đẳng Kiên Giang\. Xem thêm: <a href="\/tin-tuc">\/tin-tuc<\/a><\/p>\n<ul><li>Tư vấn chọn nghề<\/li><li>Trải nghiệm xưởng thực hành<\/li><\/ul>$/);

      // Paste a Word document: structure kept, styling gone.
      await page.evaluate(html => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', 'Kế hoạch tuyển sinh năm 2026');
        document.getElementById('body-editor').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, WORD);
      assert.equal(await page.$$eval('#body-editor table', t => t.length), 1);
      assert.equal(await page.$$eval('#body-editor ul li ul li', t => t.length), 1, 'the nested Word list');
      assert.equal(await page.$$eval('#body-editor ol li', t => t.length), 2);
      assert.equal(await page.$$eval('#body-editor [style], #body-editor [class], #body-editor span', t => t.length), 0);
      // Undo and redo are the browser's own.
      await toolbar(page, 'Hoàn tác');
      assert.equal(await page.$$eval('#body-editor table', t => t.length), 0, 'undo takes the paste back');
      await toolbar(page, 'Làm lại');
      assert.equal(await page.$$eval('#body-editor table', t => t.length), 1, 'redo brings it again');
      await page.check('#topic-iv-2-b');

      // Autosave while typing, then a reload offers the copy back.
      await page.waitForFunction(() => /Đã lưu tạm trên máy này lúc \d\d:\d\d/.test(document.querySelector('[data-editor-saved]').textContent), null, { timeout: 8000 });
      const typed = await sent(page);
      await page.reload();
      await page.waitForSelector('[data-draft-notice]:not([hidden])');
      assert.match(await page.textContent('[data-draft-notice]'), /Có bản nháp chưa lưu lúc \d\d:\d\d — Khôi phục Bỏ qua/);
      assert.equal(await page.inputValue('#title'), '', 'nothing is restored before the editor asks');
      await expectNoViolations(page, 'the content form offering the unsaved copy');
      await page.focus('[data-draft=restore]');
      await page.keyboard.press('Enter');
      assert.equal(await page.isHidden('[data-draft-notice]'), true);
      assert.equal(await page.inputValue('#title'), TITLE);
      assert.ok(await page.isChecked('#topic-iv-2-b'));
      assert.equal(await sent(page), typed);

      // Preview in a new tab: the public template, the cleaned body, nothing saved.
      const [preview] = await Promise.all([context.waitForEvent('page'), page.click('button[formaction^="/quan-tri/noi-dung/xem-truoc"]')]);
      await preview.waitForLoadState();
      assert.match(await preview.textContent('main'), /Bản xem trước, chưa lưu/);
      assert.equal(await preview.textContent('main h1'), TITLE);
      const prose = await preview.$eval('main .prose', e => e.innerHTML);
      assert.ok(prose.startsWith('<h2>Chương trình trong ngày</h2>\n<p>Sáng 26/11, <strong>500 học sinh</strong> đến'), prose);
      assert.ok(prose.includes('<ul><li>Công nghệ ô tô<ul><li>Bảo dưỡng, sửa chữa <strong>động cơ</strong></li></ul></li><li>Điện công nghiệp</li></ul>'), prose);
      assert.doesNotMatch(prose, /style=|class=|Mso|<span/);
      await expectNoViolations(preview, 'the preview');
      await preview.close();

      // Save: the copy in the browser is cleared.
      const saved = await submitAndWait(page, 'main form button[type="submit"]:not([formaction])');
      assert.equal(saved.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/quan-tri\/noi-dung\/\d+$/);
      assert.match(await page.textContent('main'), /Đã lưu bản nháp/);
      await page.waitForSelector('[data-editor]:not([hidden])');
      assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('lantoa.draft.'))), []);
      const item = new URL(page.url()).pathname;
      await page.goto(`${server.url}/quan-tri/noi-dung/moi`);
      await page.waitForSelector('[data-editor]:not([hidden])');
      assert.equal(await page.isHidden('[data-draft-notice]'), true, 'no offer after a successful save');

      // Submitted by the editor, published by the approver, read by everyone.
      await page.goto(`${server.url}${item}/gui-duyet`);
      await submitAndWait(page, 'main form button[type="submit"]');
      const approver = await signedInContext(browser, server, APPROVER);
      await approver.page.goto(`${server.url}${item}/xuat-ban`);
      await submitAndWait(approver.page, 'main form button[type="submit"]');
      const href = await approver.page.getAttribute('main a[href^="/tin-tuc/"]', 'href');
      await approver.context.close();
      const reader = await newContext(browser);
      const article = await reader.newPage();
      await article.goto(server.url + href);
      const body = await article.$eval('main .prose', e => e.innerHTML);
      assert.equal(
        await article.$$eval('main .prose > *', els => els.map(e => e.tagName.toLowerCase()).join(' ')),
        'h2 p ul h2 p h3 ul p ol table p',
      );
      assert.ok(body.includes('<a href="/tin-tuc" rel="noopener noreferrer">/tin-tuc</a>'), body);
      assert.ok(body.includes('<td><strong>Ngành</strong></td>'), body);
      assert.doesNotMatch(body, /style=|class=|Mso|<span|<b>|<i>/);
      await reader.close();
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the textarea is the field and the preview still works', { timeout: 60_000 }, async () => {
    const { context, page } = await signedInContext(browser, server, EDITOR, { javaScriptEnabled: false });
    try {
      await page.goto(`${server.url}/quan-tri/noi-dung/moi`);
      assert.equal(await page.isVisible('#body'), true);
      assert.equal(await page.isHidden('[role=toolbar]'), true);
      await page.fill('#title', 'Thông báo không cần JavaScript');
      await page.fill('#body', 'Đoạn một.\n\nĐoạn hai có <script>alert(1)</script>mã.');
      const [preview] = await Promise.all([context.waitForEvent('page'), page.click('button[formaction^="/quan-tri/noi-dung/xem-truoc"]')]);
      await preview.waitForLoadState();
      assert.equal(await preview.textContent('main h1'), 'Thông báo không cần JavaScript');
      assert.equal(await preview.$eval('main .prose', e => e.innerHTML), '<p>Đoạn một.</p>\n<p>Đoạn hai có mã.</p>');
      await preview.close();
    } finally {
      await context.close();
    }
  });
});
