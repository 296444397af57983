// The back office as the system administrator: creating a user end to end, the audit log,
// searching organisations without diacritics, an organisation's history.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prerequisites, startServer, launchBrowser, newContext, signedInContext, signIn, submitAndWait, mainText } from './support.mjs';

const skip = prerequisites('admin.test.mjs');
const ADMIN = 'quantri@lantoa.test';
const COLLEGE = 'Trường Cao đẳng Kiên Giang';
const LABOUR = 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang';
const NEW_EMAIL = 'nguyen.van.moi@lantoa.test';
const NEW_NAME = 'Nguyễn Văn Mới';
const NEW_PASSWORD = 'hoc nghe lap nghiep 2025';
const CREATE_BUTTON = 'main form[action="/quan-tri/nguoi-dung"] button[type="submit"]';

const pathOf = page => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};
const focused = page => page.evaluate(() => {
  const e = document.activeElement;
  return e ? { id: e.id, tag: e.tagName.toLowerCase(), summary: e.hasAttribute('data-error-summary') } : null;
});

describe('back office as the system administrator', { skip, timeout: 270_000 }, () => {
  let server;
  let browser;
  let admin;
  let temporaryPassword;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await signedInContext(browser, server, ADMIN);
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  it('an invalid e-mail is explained next to the field, keeping what was typed', { timeout: 30_000 }, async () => {
    const { page } = admin;
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await submitAndWait(page, 'main a[href="/quan-tri/nguoi-dung/moi"]');
    await page.fill('#email', 'nguyen.van.moi@');
    await page.fill('#display_name', NEW_NAME);
    await page.selectOption('#organisation_id', { label: COLLEGE });
    await page.selectOption('#role', 'editor');
    const response = await submitAndWait(page, CREATE_BUTTON);
    assert.equal(response.status(), 422);

    // The message sits next to the field and is tied to it for screen readers.
    const fieldError = await page.textContent('#email-error');
    assert.match(fieldError, /thư điện tử/i);
    const field = await page.$('.field:has(#email)');
    assert.ok(await field.$('#email-error'), 'the message is inside the e-mail field’s block');
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#email', 'aria-describedby'), /\bemail-error\b/);

    // Nothing typed is lost.
    assert.equal(await page.inputValue('#email'), 'nguyen.van.moi@');
    assert.equal(await page.inputValue('#display_name'), NEW_NAME);
    assert.equal(await page.$eval('#organisation_id', s => s.selectedOptions[0].textContent.trim()), COLLEGE);
    assert.equal(await page.inputValue('#role'), 'editor');

    // The error summary takes the focus; its link takes the user to the field.
    assert.deepEqual(await focused(page), { id: '', tag: 'div', summary: true }, 'focus on the error summary');
    const summaryLink = await page.$('[data-error-summary] a[href="#email"]');
    assert.ok(summaryLink, 'the summary links to the e-mail field');
    assert.equal((await summaryLink.textContent()).trim(), fieldError.trim());
    await summaryLink.click();
    assert.equal((await focused(page)).id, 'email', 'following the summary link focuses the field');
  });

  it('a valid submission creates the user and shows the temporary password once', { timeout: 30_000 }, async () => {
    const { page } = admin;
    await page.fill('#email', NEW_EMAIL);
    const response = await submitAndWait(page, CREATE_BUTTON);
    assert.equal(response.status(), 200);
    assert.match(await mainText(page), /Đã tạo tài khoản/);
    assert.match(await mainText(page), new RegExp(NEW_EMAIL.replace(/\./g, '\\.')));
    temporaryPassword = (await page.textContent('main .secret'))?.trim();
    assert.match(temporaryPassword ?? '', /\S{8,}/, 'a temporary password is shown');
    // Once: the user's own page does not show it again.
    await submitAndWait(page, 'main a:has-text("Xem người dùng")');
    assert.match(await mainText(page), new RegExp(NEW_NAME));
    assert.doesNotMatch(await page.content(), new RegExp(temporaryPassword));
  });

  it('with the temporary password, the rest of the back office is closed too', { timeout: 30_000 }, async () => {
    assert.ok(temporaryPassword, 'needs the user created above');
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, server.url, NEW_EMAIL, temporaryPassword);
      assert.equal(pathOf(page), '/tai-khoan/mat-khau', 'sent to the password page');
      const open = [];
      for (const path of ['/quan-tri/don-vi', '/quan-tri/don-vi?q=truong']) {
        await page.goto(server.url + path);
        if (pathOf(page) !== '/tai-khoan/mat-khau') open.push(`${path} -> ${pathOf(page)}`);
      }
      assert.deepEqual(open, [], 'pages reachable before the temporary password is changed');
    } finally {
      await context.close();
    }
  });

  it('the new user must change the temporary password first', { timeout: 45_000 }, async () => {
    assert.ok(temporaryPassword, 'needs the user created above');
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await signIn(page, server.url, NEW_EMAIL, temporaryPassword);
      assert.equal(pathOf(page), '/tai-khoan/mat-khau', 'sent to the password page');
      assert.match(await mainText(page), /mật khẩu tạm thời/);
      await page.fill('#current', temporaryPassword);
      await page.fill('#new', NEW_PASSWORD);
      await page.fill('#confirm', NEW_PASSWORD);
      await submitAndWait(page, 'main form[action="/tai-khoan/mat-khau"] button[type="submit"]');
      assert.equal(pathOf(page), '/quan-tri');
      assert.match(await page.textContent('body'), /Đã đổi mật khẩu/);
      assert.match(await mainText(page), new RegExp(`Xin chào, ${NEW_NAME}`));
      assert.match(await mainText(page), new RegExp(COLLEGE));
    } finally {
      await context.close();
    }
    // The new password works, the temporary one no longer does.
    const again = await newContext(browser);
    try {
      const page = await again.newPage();
      await signIn(page, server.url, NEW_EMAIL, temporaryPassword);
      assert.equal(pathOf(page), '/dang-nhap', 'the temporary password is no longer valid');
      await signIn(page, server.url, NEW_EMAIL, NEW_PASSWORD);
      assert.equal(pathOf(page), '/quan-tri');
    } finally {
      await again.close();
    }
  });

  it('the audit log lists the user creation and the password change', { timeout: 30_000 }, async () => {
    const { page } = admin;
    await page.goto(`${server.url}/quan-tri/nhat-ky`);
    const rows = await page.$$eval('main table tbody tr', trs => trs.map(tr => tr.innerText.replace(/\s+/g, ' ')));
    const created = rows.find(r => r.includes('Tạo người dùng'));
    const changed = rows.find(r => r.includes('Đổi mật khẩu'));
    assert.ok(created, `no "Tạo người dùng" entry in:\n${rows.join('\n')}`);
    assert.match(created, /quantri@lantoa\.test/, 'done by the administrator');
    assert.ok(changed, `no "Đổi mật khẩu" entry in:\n${rows.join('\n')}`);
    assert.match(changed, new RegExp(NEW_EMAIL.replace(/\./g, '\\.')), 'done by the new user');
  });

  it('searching "so lao dong" (no diacritics) finds the labour department', { timeout: 30_000 }, async () => {
    const { page } = admin;
    await page.goto(`${server.url}/quan-tri/don-vi`);
    await page.fill('#q', 'so lao dong');
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'so lao dong');
    const names = await page.$$eval('main table tbody tr td:first-child a', as => as.map(a => a.textContent.trim()));
    assert.ok(names.includes(LABOUR), `"${LABOUR}" not among: ${JSON.stringify(names)}`);
    assert.ok(!names.includes('Báo Kiên Giang'), `the search filters: ${JSON.stringify(names)}`);
    assert.equal(await page.inputValue('#q'), 'so lao dong', 'the query stays in the box');
  });

  it('the labour department shows its 2025 successions', { timeout: 30_000 }, async () => {
    const { page } = admin;
    // Continues from the search results above.
    await submitAndWait(page, `main table a:text-is("${LABOUR}")`);
    assert.match(pathOf(page), /^\/quan-tri\/don-vi\/\d+$/);
    assert.equal(await page.textContent('main h1'), LABOUR);
    const history = await page.$$eval('main .timeline li', lis => lis.map(li => li.innerText.replace(/\s+/g, ' ')));
    const toEducation = history.find(t => t.includes('Sở Giáo dục và Đào tạo tỉnh Kiên Giang'));
    assert.ok(toEducation, `no succession to the education department in: ${JSON.stringify(history)}`);
    assert.match(toEducation, /01\/03\/2025/);
  });
});
