// A YouTube video on the portal, in a real browser (docs/adr/0023-videos.md): an editor writes
// a video item with a YouTube link in the content form, an approver publishes it; a reader
// opens its page and no request leaves 127.0.0.1 — not the poster, not a script, not a font —
// until "Phát video" is pressed; then the YouTube (no-cookie) player's iframe appears. The
// player's own request would fail offline and is aborted here on purpose. Without JavaScript
// the page links to the video on YouTube. axe-core finds no WCAG 2.1 A/AA violation on the
// page, the list of videos or the content form showing a refused link.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prerequisites, startServer, launchBrowser, signedInContext, newContext, runAxe, formatViolations, submitAndWait } from './support.mjs';

const skip = prerequisites('video.test.mjs');
const EDITOR = 'truong.cdkg@lantoa.test';
const APPROVER = 'duyet.cdkg@lantoa.test';
const TITLE = 'Một ngày học nghề hàn';
const SLUG = 'mot-ngay-hoc-nghe-han';

async function expectNoViolations(page, label) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${label} (${page.url()}):\n${formatViolations(violations)}`);
}

describe('videos', { skip, timeout: 300_000 }, () => {
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

  it('an editor writes a YouTube video item; a refused link comes back with everything typed', { timeout: 60_000 }, async () => {
    const { context, page } = await signedInContext(browser, server, EDITOR);
    try {
      await page.goto(`${server.url}/quan-tri/noi-dung/moi`);
      await page.selectOption('#kind', 'video');
      await page.fill('#title', TITLE);
      await page.fill('#summary', 'Học viên Trường Cao đẳng Kiên Giang thực hành hàn ống.');
      await page.check('#topic-iv-2-b');
      await page.fill('#video_url', 'https://vimeo.com/76979871');
      const refused = await submitAndWait(page, 'main form button[type="submit"]:not([formaction]):not([name])');
      assert.equal(refused.status(), 422);
      assert.match(await page.textContent('#video_url-error'), /Cổng chỉ nhận video trên YouTube hoặc Facebook \(đường dẫn này thuộc vimeo\.com\)/);
      assert.equal(await page.inputValue('#video_url'), 'https://vimeo.com/76979871');
      assert.equal(await page.inputValue('#title'), TITLE);
      await expectNoViolations(page, 'the content form with a refused video link');

      await page.fill('#video_url', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s');
      const saved = await submitAndWait(page, 'main form button[type="submit"]:not([formaction]):not([name])');
      assert.equal(saved.status(), 200);
      const item = new URL(page.url()).pathname;
      assert.match(item, /^\/quan-tri\/noi-dung\/\d+$/);
      assert.equal(await page.inputValue('#video_url'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s', 'saved normalised, the start time kept');
      await page.goto(`${server.url}${item}/gui-duyet`);
      await submitAndWait(page, 'main form button[type="submit"]');
      const approver = await signedInContext(browser, server, APPROVER);
      await approver.page.goto(`${server.url}${item}/xuat-ban`);
      await submitAndWait(approver.page, 'main form button[type="submit"]');
      assert.equal(await approver.page.getAttribute(`main a[href="/video/${SLUG}"]`, 'href'), `/video/${SLUG}`);
      await approver.context.close();
    } finally {
      await context.close();
    }
  });

  it('the video page makes no request off the site until "Phát video" is pressed', { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const requests = [];
    page.on('request', r => requests.push(r.url()));
    // Offline anyway; abort whatever leaves the site so the test never waits on a network.
    await context.route(url => url.hostname !== '127.0.0.1', route => route.abort());
    try {
      await page.goto(`${server.url}/video/${SLUG}`);
      await page.waitForLoadState('networkidle');
      const offSite = requests.filter(u => new URL(u).hostname !== '127.0.0.1');
      assert.deepEqual(offSite, [], 'nothing leaves 127.0.0.1 on load');
      assert.ok(requests.some(u => /\/static\/js\/video\.[0-9a-f]+\.js$/.test(u)), `the site's own script: ${requests.join(', ')}`);
      assert.equal(await page.$('iframe'), null);
      assert.equal(await page.getAttribute('main a[href^="https://www.youtube.com/"]', 'href'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s');
      await expectNoViolations(page, 'a YouTube video page');

      const play = page.getByRole('button', { name: 'Phát video' });
      assert.ok(await play.isVisible());
      const player = page.waitForRequest(r => new URL(r.url()).hostname === 'www.youtube-nocookie.com');
      await play.click();
      const frame = await page.waitForSelector('main iframe');
      assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30&autoplay=1');
      assert.equal(await frame.getAttribute('title'), `Video: ${TITLE}`);
      assert.equal((await player).url(), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30&autoplay=1');
      const after = requests.filter(u => /^https?:/.test(u) && new URL(u).hostname !== '127.0.0.1');
      assert.ok(after.every(u => new URL(u).hostname === 'www.youtube-nocookie.com'), `only the player's host, after the click: ${after.join(', ')}`);

      await page.goto(`${server.url}/video`);
      assert.equal(await page.getAttribute(`main a[href="/video/${SLUG}"]`, 'href'), `/video/${SLUG}`);
      await expectNoViolations(page, 'the list of videos');
    } finally {
      await context.close();
    }
  });

  it('without JavaScript the page links to the video on YouTube and shows no button', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/video/${SLUG}`);
      assert.equal(await page.isVisible('text=Phát video'), false);
      assert.equal(await page.getAttribute('main a:has-text("Xem video trên YouTube")', 'href'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s');
      await page.goto(`${server.url}/video`);
      assert.equal(await page.getAttribute(`main a[href="/video/${SLUG}"]`, 'href'), `/video/${SLUG}`);
    } finally {
      await context.close();
    }
  });
});
