// Applying online and looking the application up, as a person at a keyboard would (no mouse):
// issue 4, points 6 and 8.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prerequisites, startServer, launchBrowser, newContext, mainText, runAxe, formatViolations } from './support.mjs';

const skip = prerequisites('applications.test.mjs');

/** Presses Tab until `selector` has the focus (at most `max` times). */
async function tabTo(page, selector, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(sel => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${selector} never got the focus after ${max} Tab presses (focus is on ${at})`);
}

describe('applying online with the keyboard', { skip, timeout: 270_000 }, () => {
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

  it('fills the form, fixes a mistake, gets a code and looks the status up', { timeout: 90_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      // From the list of programmes open now, to a programme page, to its form.
      await page.goto(`${server.url}/chuong-trinh?dang_tuyen=1`);
      const href = await page.getAttribute('main a[href^="/chuong-trinh/"]', 'href');
      await page.goto(server.url + href);
      await tabTo(page, 'main a[href^="/dang-ky?chuong-trinh="]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.match(page.url(), /\/dang-ky\?chuong-trinh=/);
      const chosen = await page.$eval('#choice_1', s => s.options[s.selectedIndex].text);
      assert.notEqual(chosen, '— Chọn chương trình —', 'the programme is already the first choice');

      // Fields in order; the phone typed wrongly the first time.
      await tabTo(page, '#full_name');
      await page.keyboard.type('Nguyễn Thị Ánh Tuyết');
      await page.keyboard.press('Tab');
      await page.keyboard.type('09/03/2002');
      await tabTo(page, '#phone');
      await page.keyboard.type('0912 34a 678');
      await tabTo(page, '#commune');
      await page.keyboard.type('Phường Vĩnh Thanh Vân');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'schooling');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#schooling'), 'thpt');
      await tabTo(page, '#consent_processing');
      await page.keyboard.press('Space');
      assert.ok(await page.isChecked('#consent_processing'));
      assert.ok(!(await page.isChecked('#consent_counselling')), 'optional consent starts unticked');
      // The honeypot is not reachable with Tab.
      await tabTo(page, 'main form button[type="submit"]');
      let [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(response.status(), 422);
      assert.equal(await page.evaluate(() => document.activeElement?.matches('[data-error-summary]')), true, 'the error summary takes the focus');
      assert.match(await page.textContent('#phone-error'), /chỉ gồm chữ số/);
      assert.equal(await page.inputValue('#full_name'), 'Nguyễn Thị Ánh Tuyết', 'what was typed stays');
      assert.ok(await page.isChecked('#consent_processing'), 'the ticked box stays ticked');
      // Follow the summary's link to the field and correct it.
      await page.keyboard.press('Tab');
      await Promise.all([page.waitForFunction(() => location.hash === '#phone'), page.keyboard.press('Enter')]);
      await page.focus('#phone');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('0912 345 678');
      await tabTo(page, 'main form button[type="submit"]');
      [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(response.status(), 200);
      assert.match(page.url(), /\/dang-ky\/xac-nhan\/[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      const code = page.url().split('/').pop();
      const text = await mainText(page);
      assert.match(text, /Đã nhận hồ sơ/);
      assert.match(text, /Nguyễn Thị Ánh Tuyết/);
      assert.ok(await page.isVisible('button[data-print]'), 'the print button shows with JavaScript');
      const violations = await runAxe(page);
      assert.equal(violations.length, 0, formatViolations(violations));

      // Later, in a new browser: the status with the code and the phone.
      const later = await (await newContext(browser)).newPage();
      await later.goto(`${server.url}/tra-cuu-ho-so`);
      await tabTo(later, '#code');
      await later.keyboard.type(code.toLowerCase().replace('-', ''));
      await later.keyboard.press('Tab');
      await later.keyboard.type('+84 912 345 678');
      await Promise.all([later.waitForNavigation(), later.keyboard.press('Enter')]);
      const status = await mainText(later);
      assert.match(status, new RegExp(`Hồ sơ ${code}`));
      assert.match(status, /Mới/);
      assert.match(status, /Nộp hồ sơ trực tuyến/);
      assert.ok(await later.isVisible('button:has-text("Tải dữ liệu của tôi")'));
      const v2 = await runAxe(later);
      assert.equal(v2.length, 0, formatViolations(v2));
      await later.context().close();
    } finally {
      await context.close();
    }
  });
});
