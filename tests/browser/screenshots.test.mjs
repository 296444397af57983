// Screenshots of the main pages at 1280 and 360 px into target/browser-shots/, for people to
// look at. Nothing is asserted about pixels; only that each page answered as expected.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { prerequisites, startServer, launchBrowser, newContext, signIn, orgIdByName, SHOTS_DIR } from './support.mjs';

const skip = prerequisites('screenshots.test.mjs');
const ADMIN = 'quantri@lantoa.test';
const WIDTHS = [
  ['1280', { width: 1280, height: 900 }],
  ['360', { width: 360, height: 740 }],
];

describe('screenshots of the main pages', { skip, timeout: 270_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    for (const f of fs.readdirSync(SHOTS_DIR)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS_DIR, f));
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  for (const [tag, viewport] of WIDTHS) {
    it(`at ${tag} px`, { timeout: 60_000 }, async () => {
      const context = await newContext(browser, { viewport, isMobile: tag === '360', hasTouch: tag === '360' });
      const taken = [];
      const shoot = async (name, url, status = 200) => {
        const response = await page.goto(server.url + url);
        assert.equal(response.status(), status, `GET ${url}`);
        const file = path.join(SHOTS_DIR, `${name}-${tag}.png`);
        await page.screenshot({ path: file, fullPage: true });
        taken.push(file);
      };
      const page = await context.newPage();
      try {
        await shoot('01-trang-chu', '/');
        await shoot('02-gioi-thieu', '/gioi-thieu');
        await shoot('03-en', '/en');
        await shoot('04-dang-nhap', '/dang-nhap');
        await shoot('05-404', '/trang-khong-ton-tai', 404);
        await signIn(page, server.url, ADMIN, 'sai-mat-khau');
        await page.screenshot({ path: path.join(SHOTS_DIR, `06-dang-nhap-loi-${tag}.png`), fullPage: true });
        await signIn(page, server.url, ADMIN, server.password(ADMIN));
        assert.equal(new URL(page.url()).pathname, '/quan-tri');
        const labour = await orgIdByName(page, server.url, 'so lao dong', 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang');
        await shoot('10-quan-tri', '/quan-tri');
        await shoot('11-don-vi', '/quan-tri/don-vi');
        await shoot('12-don-vi-chi-tiet', `/quan-tri/don-vi/${labour}`);
        await shoot('13-don-vi-sua', `/quan-tri/don-vi/${labour}/sua`);
        await shoot('14-nguoi-dung', '/quan-tri/nguoi-dung');
        await shoot('15-nguoi-dung-moi', '/quan-tri/nguoi-dung/moi');
        await page.fill('#email', 'sai-dia-chi');
        await page.fill('#display_name', 'Người Thử Nghiệm');
        await Promise.all([page.waitForNavigation(), page.click('main form[action="/quan-tri/nguoi-dung"] button[type="submit"]')]);
        await page.screenshot({ path: path.join(SHOTS_DIR, `16-nguoi-dung-moi-loi-${tag}.png`), fullPage: true });
        await shoot('17-nhat-ky', '/quan-tri/nhat-ky');
        await shoot('18-doi-mat-khau', '/tai-khoan/mat-khau');
      } finally {
        await context.close();
      }
      assert.ok(taken.every(f => fs.statSync(f).size > 0));
    });
  }
});
