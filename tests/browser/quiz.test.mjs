// The interest quiz as a visitor takes it: with the keyboard only (Tab into each group, arrow
// keys to choose, Enter to send), without JavaScript on a phone-sized screen (a missing answer
// brings the form back with the choices kept), axe-core (WCAG 2.1 A/AA) on every quiz page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  prerequisites,
  startServer,
  launchBrowser,
  newContext,
  submitAndWait,
  runAxe,
  formatViolations,
  mainText,
} from './support.mjs';

const skip = prerequisites('quiz.test.mjs');

// The letter of each item c01…c48, in the order the form shows them (lantoa_domain::quiz::ITEMS).
const LETTERS = 'RIASECSCREIAEAICRSISCRAECREASIAESICRRCISEASIEACR';
// Arrow presses from "Không thích": 0 → Không thích, 1 → Bình thường, 2 → Rất thích.
const RIC = { R: 2, I: 1, C: 1, A: 0, S: 0, E: 0 };

async function assertNoViolations(page, label) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${label} (${page.url()}):\n${formatViolations(violations)}`);
}

async function assertNoSideScroll(page, label) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, `${label} scrolls sideways`);
}

describe('interest quiz', { skip, timeout: 300_000 }, () => {
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

  it('can be taken with the keyboard only and leads to occupations and applying', async () => {
    assert.equal(LETTERS.length, 48);
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await Promise.all([page.waitForNavigation(), page.click('main a[href="/trac-nghiem-nghe"]')]);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    let presses = 0;
    while ((await focused()) !== 'c01-1') {
      await page.keyboard.press('Tab');
      presses += 1;
      assert.ok(presses < 80, `Tab never reached the first answer (at ${await focused()})`);
    }
    for (let n = 1; n <= 48; n++) {
      const id = `c${String(n).padStart(2, '0')}`;
      assert.equal(await focused(), `${id}-1`, `Tab leads to the first choice of ${id}`);
      const steps = RIC[LETTERS[n - 1]];
      if (steps === 0) await page.keyboard.press('Space');
      for (let s = 0; s < steps; s++) await page.keyboard.press('ArrowRight');
      assert.equal(await page.isChecked(`#${id}-${steps + 1}`), true, `${id} answered from the keyboard`);
      await page.keyboard.press('Tab');
    }
    assert.match(await page.evaluate(() => document.activeElement.textContent), /Xem kết quả/);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/trac-nghiem-nghe/ket-qua');
    const text = await mainText(page);
    assert.match(text, /Mã sở thích nghề nghiệp của bạn: RIC/);
    assert.match(text, /Phù hợp vì bạn thích làm việc với máy móc, dụng cụ \(R\)/);
    assert.ok(await page.$('main a[href^="/nganh-nghe/"]'), 'occupations link to their pages');
    assert.ok(await page.$('main a[href="/chuong-trinh"]'), 'the way to apply is offered');
    await assertNoViolations(page, 'the results');
    // The address holds the answers: reloading (or a bookmark) shows the same result.
    await page.reload();
    assert.match(await mainText(page), /Mã sở thích nghề nghiệp của bạn: RIC/);
    await context.close();
  });

  it('works without JavaScript on a phone: a missing answer comes back with the choices kept', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/trac-nghiem-nghe`);
    assert.equal(response.status(), 200);
    for (let n = 1; n <= 48; n++) {
      if (n === 30) continue;
      await page.check(`#c${String(n).padStart(2, '0')}-${(n % 3) + 1}`);
    }
    const back = await submitAndWait(page, 'form.quiz button[type="submit"]');
    assert.equal(back.status(), 422);
    assert.match(await mainText(page), /Bạn còn 1 câu chưa trả lời/);
    assert.equal(await page.isChecked('#c29-3'), true, 'answers given are kept');
    await page.click('.error-summary a');
    assert.equal(new URL(page.url()).hash, '#c30-1', 'the summary leads to the unanswered item');
    await page.check('#c30-1');
    const done = await submitAndWait(page, 'form.quiz button[type="submit"]');
    assert.equal(done.status(), 200);
    assert.match(await mainText(page), /Mã sở thích nghề nghiệp của bạn: [RIASEC]{3}/);
    await context.close();
  });

  for (const [path, status, label] of [
    ['/trac-nghiem-nghe', 200, 'the quiz'],
    [`/trac-nghiem-nghe/ket-qua?${Array.from({ length: 47 }, (_, i) => `c${String(i + 1).padStart(2, '0')}=2`).join('&')}&c01=9`, 422, 'the quiz with a missing and a forged answer'],
    [`/trac-nghiem-nghe/ket-qua?${Array.from({ length: 48 }, (_, i) => `c${String(i + 1).padStart(2, '0')}=${'RIASEC'.indexOf(LETTERS[i]) < 2 ? 3 : 1}`).join('&')}`, 200, 'the results'],
    ['/trac-nghiem-nghe/ket-qua?ma=SEA', 200, 'the suggestions for a shared code'],
  ]) {
    it(`${label} has no violations, wide and at 360 px`, async () => {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
        const context = await newContext(browser, { viewport });
        const page = await context.newPage();
        const response = await page.goto(`${server.url}${path}`);
        assert.equal(response.status(), status, path);
        await assertNoViolations(page, `${label} at ${viewport.width} px`);
        await assertNoSideScroll(page, `${label} at ${viewport.width} px`);
        await context.close();
      }
    });
  }
});
