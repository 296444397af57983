// Cross-organisation access: an editor of one organisation cannot read or change another's,
// neither through the pages nor by forging a form.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { prerequisites, startServer, launchBrowser, signedInContext, orgIdByName, csrfFromPage, mainText } from './support.mjs';

const skip = prerequisites('access.test.mjs');
const ADMIN = 'quantri@lantoa.test';
const EDITOR = 'truong.cdkg@lantoa.test'; // editor of Trường Cao đẳng Kiên Giang
const OTHER = 'Báo Kiên Giang';
const FORBIDDEN = 'Bạn không có quyền truy cập trang này';
const STALE_FORM = 'Biểu mẫu đã hết hạn hoặc không hợp lệ';

describe('an editor cannot reach another organisation', { skip, timeout: 240_000 }, () => {
  let server;
  let browser;
  let admin;
  let editor;
  let otherId;
  let before_; // the other organisation's edit form values before any attempt

  const editValues = async () => {
    await admin.page.goto(`${server.url}/quan-tri/don-vi/${otherId}/sua`);
    return admin.page.$$eval('main form input:not([type=hidden]), main form select, main form textarea', els =>
      Object.fromEntries(els.map(e => [e.name, e.value])),
    );
  };

  const assertForbiddenPage = async (page, response, what) => {
    assert.equal(response.status(), 403, `${what}: status`);
    const text = await mainText(page);
    assert.match(text, new RegExp(FORBIDDEN), `${what}: the Vietnamese 403 page`);
    assert.doesNotMatch(text, new RegExp(STALE_FORM), `${what}: refused for the right reason, not a CSRF failure`);
  };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The administrator, in a separate browser context, looks up the other organisation's id.
    admin = await signedInContext(browser, server, ADMIN);
    otherId = await orgIdByName(admin.page, server.url, 'bao', OTHER);
    before_ = await editValues();
    assert.equal(before_.name, OTHER);
    editor = await signedInContext(browser, server, EDITOR);
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  it('the editor sees their own organisation (control)', { timeout: 30_000 }, async () => {
    const { page } = editor;
    const link = await page.$('main a[href^="/quan-tri/don-vi/"]:has-text("Trường Cao đẳng Kiên Giang")');
    assert.ok(link, 'the overview links to the editor’s organisation');
    const [response] = await Promise.all([page.waitForNavigation(), link.click()]);
    assert.equal(response.status(), 200);
    assert.equal(await page.textContent('main h1'), 'Trường Cao đẳng Kiên Giang');
  });

  it('the other organisation’s detail page is 403', { timeout: 30_000 }, async () => {
    const response = await editor.page.goto(`${server.url}/quan-tri/don-vi/${otherId}`);
    await assertForbiddenPage(editor.page, response, `GET /quan-tri/don-vi/${otherId}`);
    assert.doesNotMatch(await mainText(editor.page), new RegExp(OTHER), 'nothing about the other organisation shows');
  });

  it('the other organisation’s edit form is 403', { timeout: 30_000 }, async () => {
    const response = await editor.page.goto(`${server.url}/quan-tri/don-vi/${otherId}/sua`);
    await assertForbiddenPage(editor.page, response, `GET /quan-tri/don-vi/${otherId}/sua`);
    assert.equal(await editor.page.$('main input[name="name"]'), null, 'no form');
  });

  it('the user administration is 403 for an editor', { timeout: 30_000 }, async () => {
    const response = await editor.page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await assertForbiddenPage(editor.page, response, 'GET /quan-tri/nguoi-dung');
    const response2 = await editor.page.goto(`${server.url}/quan-tri/nguoi-dung/moi`);
    await assertForbiddenPage(editor.page, response2, 'GET /quan-tri/nguoi-dung/moi');
  });

  it('a forged edit form with a valid CSRF token is 403 and changes nothing', { timeout: 30_000 }, async () => {
    const { page } = editor;
    await page.goto(`${server.url}/quan-tri`);
    const csrf = await csrfFromPage(page);
    assert.ok(csrf, 'the sign-out form carries a CSRF token');
    // Build the other organisation's edit form in the editor's page, with changed fields, and
    // submit it as a browser would.
    const forged = { ...before_, name: 'Báo Kiên Giang (đã bị sửa trái phép)', short_name: 'Bị sửa', phone: '0900000000', email: 'gia-mao@example.com', address: 'Địa chỉ giả' };
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(({ action, fields }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, { action: `/quan-tri/don-vi/${otherId}`, fields: { _csrf: csrf, ...forged } }),
    ]);
    await assertForbiddenPage(page, response, `POST /quan-tri/don-vi/${otherId}`);
    const after = await editValues();
    assert.deepEqual(after, before_, 'the other organisation is unchanged');
  });

  it('a POST without the _csrf field is refused as an invalid form', { timeout: 30_000 }, async () => {
    const { page } = editor;
    const response = await page.request.post(`${server.url}/quan-tri/don-vi/${otherId}`, {
      form: { ...before_, name: 'Không có mã CSRF' },
      maxRedirects: 0,
    });
    assert.equal(response.status(), 403);
    assert.match(await response.text(), /Biểu mẫu đã hết hạn hoặc không hợp lệ…?/);
    // Also for the administrator, who could otherwise edit it: the token is what is missing.
    const response2 = await admin.page.request.post(`${server.url}/quan-tri/don-vi/${otherId}`, {
      form: { ...before_, name: 'Không có mã CSRF' },
      maxRedirects: 0,
    });
    assert.equal(response2.status(), 403);
    assert.match(await response2.text(), new RegExp(STALE_FORM));
    assert.deepEqual(await editValues(), before_, 'the other organisation is unchanged');
  });

  // Last, because it changes the organisation: the same forged form, sent by someone allowed
  // to edit it, goes through. So the refusals above come from the permission check and the
  // "unchanged" checks could have seen a change.
  it('control: the same forged form from the administrator is accepted', { timeout: 30_000 }, async () => {
    const { page } = admin;
    await page.goto(`${server.url}/quan-tri`);
    const csrf = await csrfFromPage(page);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(({ action, fields }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, { action: `/quan-tri/don-vi/${otherId}`, fields: { ...before_, _csrf: csrf, phone: '0297 3862 000' } }),
    ]);
    assert.equal(response.status(), 200, `status after the administrator's edit (at ${page.url()})`);
    assert.equal((await editValues()).phone, '0297 3862 000');
  });
});
