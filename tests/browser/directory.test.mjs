// The directory as a visitor uses it: search without diacritics through the form (no
// JavaScript needed), open an occupation and an institution; axe-core (WCAG 2.1 A/AA) on every
// directory page, on a phone-sized screen too; the institution administrator's profile form.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  prerequisites,
  startServer,
  launchBrowser,
  newContext,
  signedInContext,
  submitAndWait,
  runAxe,
  formatViolations,
  mainText,
} from './support.mjs';

const skip = prerequisites('directory.test.mjs');

async function assertNoViolations(page, label) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${label} (${page.url()}):\n${formatViolations(violations)}`);
}

describe('directory', { skip, timeout: 270_000 }, () => {
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

  it('finds an occupation typed without diacritics and opens it', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/nganh-nghe`);
    await page.fill('#q', 'nuoi tom');
    await submitAndWait(page, 'main form[role="search"] button[type="submit"]');
    assert.match(await mainText(page), /1 ngành, nghề phù hợp/);
    await Promise.all([page.waitForNavigation(), page.click('text=Kỹ thuật nuôi tôm nước lợ')]);
    assert.equal(new URL(page.url()).pathname, '/nganh-nghe/ky-thuat-nuoi-tom-nuoc-lo-so-cap');
    assert.match(await mainText(page), /Khóa đào tạo sơ cấp/);
    await context.close();
  });

  for (const [path, label] of [
    ['/nganh-nghe', 'the occupations list'],
    ['/nganh-nghe?q=khong+co+nghe+nay', 'the empty occupations list'],
    ['/nganh-nghe/dien-cong-nghiep-cao-dang', 'an occupation'],
    ['/co-so-dao-tao', 'the institutions list'],
    ['/co-so-dao-tao/truong-cao-dang-kien-giang', 'an institution'],
    ['/co-so-dao-tao/trung-tam-gdnn-gdtx-hon-dat', 'an institution that ended'],
  ]) {
    it(`${label} has no violations, wide and at 360 px`, async () => {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
        const context = await newContext(browser, { viewport });
        const page = await context.newPage();
        const response = await page.goto(`${server.url}${path}`);
        assert.equal(response.status(), 200, path);
        await assertNoViolations(page, `${label} at ${viewport.width} px`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, `${path} scrolls sideways at ${viewport.width} px`);
        await context.close();
      }
    });
  }

  it('lets the college administrator save its coordinates, with messages beside the fields', async () => {
    const { context, page } = await signedInContext(browser, server, 'quantri.cdkg@lantoa.test');
    await page.goto(`${server.url}/quan-tri/co-so-dao-tao`);
    await assertNoViolations(page, 'the back-office institutions list');
    await Promise.all([page.waitForNavigation(), page.click('text=Sửa hồ sơ')]);
    await page.fill('#lat', '48.85');
    await submitAndWait(page, 'main form button[type="submit"]');
    assert.match(await mainText(page), /Vĩ độ nằm ngoài lãnh thổ Việt Nam/);
    await assertNoViolations(page, 'the profile form with errors');
    await page.fill('#lat', '10.02');
    await submitAndWait(page, 'main form button[type="submit"]');
    assert.match(await mainText(page), /Đã lưu hồ sơ cơ sở đào tạo/);
    await context.close();
  });
});
