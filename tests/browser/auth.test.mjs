// Signing in and out, as a person at a keyboard would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prerequisites, startServer, launchBrowser, newContext, signIn, submitAndWait, mainText } from './support.mjs';

const skip = prerequisites('auth.test.mjs');
const OWNER = 'chutri@lantoa.test'; // plan owner, administrator of the labour department
const VIEWER = 'huyen.hondat@lantoa.test'; // used for the lockout: no other test signs in as them
const LOGIN_BUTTON = 'main form[action="/dang-nhap"] button[type="submit"]';

const pathOf = page => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

/** Presses Tab until `selector` has the focus (at most `max` times); returns the count. */
async function tabTo(page, selector, max = 40) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(sel => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${selector} never got the focus after ${max} Tab presses (focus is on ${at})`);
}

describe('signing in and out', { skip, timeout: 240_000 }, () => {
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

  it('signing in with the keyboard only lands on /quan-tri with the user name', { timeout: 30_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/dang-nhap`);
      await tabTo(page, '#email');
      await page.keyboard.type(OWNER);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'password', 'Tab from the e-mail goes to the password');
      await page.keyboard.type(server.password(OWNER));
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(pathOf(page), '/quan-tri');
      // The demo data names the plan owner's account Nguyễn Thị Thu Hà.
      assert.match(await mainText(page), /Xin chào, Nguyễn Thị Thu Hà/);
      assert.match(await page.textContent('.account'), /Nguyễn Thị Thu Hà/, 'the header shows who is signed in');
    } finally {
      await context.close();
    }
  });

  it('a wrong password is refused with 422, the message, and the e-mail kept', { timeout: 30_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const response = await signIn(page, server.url, OWNER, 'mat-khau-sai-1234');
      assert.equal(response.status(), 422);
      assert.equal(pathOf(page), '/dang-nhap');
      const alert = await page.textContent('main [role="alert"]');
      assert.match(alert, /Địa chỉ thư điện tử hoặc mật khẩu không đúng\./);
      assert.equal(await page.inputValue('#email'), OWNER, 'the typed e-mail is kept');
      assert.equal(await page.inputValue('#password'), '', 'the password is not echoed back');
    } finally {
      await context.close();
    }
  });

  it('signing out via the header returns home, says so, and closes /quan-tri', { timeout: 30_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, server.url, OWNER, server.password(OWNER));
      assert.equal(pathOf(page), '/quan-tri');
      await submitAndWait(page, 'header form[action="/dang-xuat"] button, .account form[action="/dang-xuat"] button');
      assert.equal(pathOf(page), '/');
      assert.match(await page.textContent('body'), /Bạn đã đăng xuất\./);
      assert.equal(await page.$('form[action="/dang-xuat"]'), null, 'no sign-out button any more');
      await page.goto(`${server.url}/quan-tri`);
      assert.equal(pathOf(page), '/dang-nhap?next=/quan-tri');
      // The flash message is shown once only.
      await page.goto(`${server.url}/`);
      assert.doesNotMatch(await page.textContent('body'), /Bạn đã đăng xuất/);
    } finally {
      await context.close();
    }
  });

  it('/quan-tri while signed out shows the sign-in form', { timeout: 30_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/quan-tri`);
      assert.equal(response.status(), 200);
      assert.equal(pathOf(page), '/dang-nhap?next=/quan-tri');
      assert.equal(await page.textContent('main h1'), 'Đăng nhập');
      assert.ok(await page.$('main form[action="/dang-nhap"] #email'), 'the sign-in form is there');
    } finally {
      await context.close();
    }
  });

  it('signing in after being redirected returns to the page asked for', { timeout: 30_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/quan-tri/nhat-ky`);
      assert.equal(pathOf(page), '/dang-nhap?next=/quan-tri/nhat-ky');
      await page.fill('#email', OWNER);
      await page.fill('#password', server.password(OWNER));
      await submitAndWait(page, LOGIN_BUTTON);
      assert.equal(pathOf(page), '/quan-tri/nhat-ky');
      assert.equal(await page.textContent('main h1'), 'Nhật ký hoạt động');
    } finally {
      await context.close();
    }
  });

  it('five wrong passwords lock the account, even against the right one', { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      for (let i = 1; i <= 5; i++) {
        await signIn(page, server.url, VIEWER, `sai-lan-thu-${i}`);
        assert.equal(pathOf(page), '/dang-nhap', `attempt ${i} is refused`);
      }
      const response = await signIn(page, server.url, VIEWER, server.password(VIEWER));
      assert.equal(pathOf(page), '/dang-nhap', 'the right password does not get in while locked');
      assert.ok(response.status() >= 400, `status ${response.status()}`);
      assert.match(await page.textContent('main [role="alert"]'), /tạm khóa/);
      assert.equal(await page.$('form[action="/dang-xuat"]'), null, 'not signed in');
      await page.goto(`${server.url}/quan-tri`);
      assert.equal(pathOf(page), '/dang-nhap?next=/quan-tri');
    } finally {
      await context.close();
    }
  });
});
