// Issue 4, "How it will be checked", in a real browser as a newcomer would: the interest quiz →
// a recommended occupation → a programme of that occupation taking applications → the online
// application → the status look-up with code + phone → downloading one's data; then the school
// processes that application (mới → đã liên hệ → đủ điều kiện → trúng tuyển, with notes and
// history) and exports the XLSX, read back with an independent reader (exceljs); finally the
// applicant sees the decision, asks for the data to be deleted, and the code no longer finds it.
// Only clicks and the keyboard; axe-core (WCAG 2.1 A/AA) on every page visited.
//
// The three steps share one application and run in order (node:test runs a describe's tests
// one after the other); a later step fails plainly when an earlier one did not get that far.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  prerequisites,
  depsRequire,
  startServer,
  launchBrowser,
  newContext,
  signedInContext,
  submitAndWait,
  mainText,
  runAxe,
  formatViolations,
} from './support.mjs';

const skip = prerequisites('chain.test.mjs', { packages: ['exceljs'] });

// The school whose staff process the application, and its demo account (an editor there).
const SCHOOL = 'Trường Cao đẳng Kiên Giang';
const SCHOOL_SHORT = 'CĐ Kiên Giang';
const STAFF = 'truong.cdkg@lantoa.test';
const STAFF_NAME = 'Trần Văn Minh';

// The applicant: an adult (no guardian needed), with a Vietnamese mobile number.
const APPLICANT = {
  name: 'Lâm Thị Bích Ngọc',
  birth: '14/02/1998',
  birthIso: '1998-02-14',
  phone: '0987 654 321',
  phoneDigits: '0987654321',
  commune: 'Xã Bình Sơn, huyện Hòn Đất',
};

// The letter of each quiz item c01…c48 in the form's order (lantoa_domain::quiz::ITEMS), and the
// choice clicked for each letter (1 Không thích, 2 Bình thường, 3 Rất thích): a practical person
// who likes machines and tools most (R), then finding out how things work (I), then order (C).
const LETTERS = 'RIASECSCREIAEAICRSISCRAECREASIAESICRRCISEASIEACR';
const CHOICE = { R: 3, I: 2, C: 2, A: 1, S: 1, E: 1 };

const STEPS = [
  { status: 'contacted', label: 'Đã liên hệ', note: 'Đã gọi điện, hẹn nộp bản sao bằng tốt nghiệp THPT.' },
  { status: 'eligible', label: 'Đủ điều kiện', note: 'Đã nhận đủ bản sao bằng THPT và giấy khai sinh.' },
  { status: 'admitted', label: 'Trúng tuyển', note: 'Xét tuyển đợt 3: trúng tuyển, nhập học ngày khai giảng.' },
];

/** Today's date in Vietnam (UTC+7) as YYYY-MM-DD. */
const vnToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** axe-core on the current page: zero WCAG 2.1 A/AA violations. */
async function assertAccessible(page, label) {
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${label} (${page.url()}):\n${formatViolations(violations)}`);
}

/** Clicks `selector`, waits for the next page, and checks it with axe. */
async function go(page, selector, label, status = 200) {
  const response = await submitAndWait(page, selector);
  assert.equal(response.status(), status, `${label}: HTTP status of ${page.url()}`);
  await assertAccessible(page, label);
  return response;
}

/** Presses Tab until `selector` has the focus (at most `max` times). */
async function tabTo(page, selector, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(sel => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`${selector} never got the focus after ${max} Tab presses (focus is on ${at})`);
}

/** Clicks `selector`, which must start a download; returns its file name and bytes. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const failure = await file.failure();
  assert.equal(failure, null, `the download from ${selector} failed`);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

describe('the whole chain: quiz → occupation → programme → application → school → personal data', { skip, timeout: 420_000 }, () => {
  let server;
  let browser;
  // Shared by the steps, in order.
  let code = null;
  let programme = null; // { occupation, href }
  let staff = null; // the school's signed-in { context, page }
  let applicationUrl = null; // the application's page in the back office
  let sentAfter = null; // the VN date just before sending

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await staff?.context.close();
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  it('a newcomer takes the quiz, follows an occupation to an open programme, applies, looks the status up and downloads the data', { timeout: 150_000 }, async t => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await assertAccessible(page, 'the home page');

      // The quiz, answered with clicks.
      await go(page, 'main a[href="/trac-nghiem-nghe"]', 'the quiz');
      for (let n = 1; n <= 48; n++) {
        const id = `c${String(n).padStart(2, '0')}`;
        await page.check(`#${id}-${CHOICE[LETTERS[n - 1]]}`);
      }
      await go(page, 'form.quiz button[type="submit"]', 'the quiz results');
      assert.equal(new URL(page.url()).pathname, '/trac-nghiem-nghe/ket-qua');
      assert.match(await mainText(page), /Mã sở thích nghề nghiệp của bạn: RIC/);

      // The recommended occupations, in the order shown; open them one by one until one is
      // taught by the school with an intake open now (back to the results otherwise).
      const recommended = await page.$$eval('main ul.cards .card__title a[href^="/nganh-nghe/"]', as =>
        as.map(a => ({ name: a.textContent.trim(), href: a.getAttribute('href') })),
      );
      assert.ok(recommended.length >= 3, `the results recommend occupations: ${JSON.stringify(recommended)}`);
      const tried = [];
      for (const occupation of recommended) {
        await go(page, `main ul.cards .card__title a[href="${occupation.href}"]`, `the occupation ${occupation.name}`);
        assert.equal((await page.textContent('main h1')).trim(), occupation.name);
        const open = page
          .locator('main li')
          .filter({ has: page.locator('a[href^="/chuong-trinh/"]', { hasText: SCHOOL }) })
          .filter({ has: page.locator('.badge', { hasText: 'Đang tuyển sinh đến' }) });
        if ((await open.count()) > 0) {
          const link = open.first().locator('a[href^="/chuong-trinh/"]');
          programme = { occupation: occupation.name, href: await link.getAttribute('href') };
          break;
        }
        tried.push(occupation.name);
        await Promise.all([page.waitForNavigation(), page.goBack()]);
      }
      assert.ok(programme, `none of the recommended occupations is taught at ${SCHOOL} with an open intake (tried ${tried.join(', ')})`);
      t.diagnostic(`recommended ${recommended.length}; applying for ${programme.occupation} at ${SCHOOL} (${programme.href}), after ${tried.length} other(s)`);

      // The programme's page, then its application form.
      await go(page, `main li a[href="${programme.href}"]`, 'the programme page');
      assert.equal((await page.textContent('main h1')).trim(), programme.occupation);
      const lead = await page.textContent('main .lead');
      assert.ok(lead.includes(SCHOOL), `the programme is at ${SCHOOL}: ${lead}`);
      assert.match(await mainText(page), /Đang tuyển sinh đến \d{2}\/\d{2}\/\d{4}/);
      await go(page, 'main a.button:has-text("Đăng ký học")', 'the application form');
      const chosen = await page.$eval('#choice_1', s => s.options[s.selectedIndex].text);
      assert.ok(chosen.startsWith(programme.occupation) && chosen.endsWith(SCHOOL), `the programme is the first choice: ${chosen}`);

      await page.fill('#full_name', APPLICANT.name);
      await page.fill('#birth_date', APPLICANT.birth);
      await page.selectOption('#gender', { label: 'Nữ' });
      await page.fill('#phone', APPLICANT.phone);
      await page.fill('#commune', APPLICANT.commune);
      await page.selectOption('#schooling', 'thpt');
      assert.equal(await page.isChecked('#consent_processing'), false, 'consent boxes start unticked');
      assert.equal(await page.isChecked('#consent_counselling'), false, 'consent boxes start unticked');
      await page.check('#consent_processing');
      await page.check('#consent_counselling');
      const before = vnToday();
      await go(page, 'main form[action="/dang-ky"] button[type="submit"]', 'the confirmation');
      sentAfter = before;

      // The confirmation: the code in the address and on the page, the person, the programme.
      const m = new URL(page.url()).pathname.match(/^\/dang-ky\/xac-nhan\/([2-9A-Z]{4}-[2-9A-Z]{4})$/);
      assert.ok(m, `the confirmation's address carries the code: ${page.url()}`);
      const shown = (await page.textContent('main .receipt__code strong')).trim();
      assert.equal(shown, m[1], 'the code on the page is the one in the address');
      code = shown;
      const receipt = await mainText(page);
      assert.match(receipt, /Đã nhận hồ sơ đăng ký học/);
      assert.ok(receipt.includes(APPLICANT.name), 'the name typed is on the receipt');
      assert.ok(receipt.includes(APPLICANT.phone), 'the phone is on the receipt');
      assert.ok(receipt.includes(`${programme.occupation}`) && receipt.includes(SCHOOL), 'the programme is on the receipt');
      assert.doesNotMatch(receipt, /Cha, mẹ hoặc người giám hộ/, 'an adult has no guardian line');

      // The status look-up, from the receipt's link, with the code and the phone.
      await go(page, 'main a[href="/tra-cuu-ho-so"]', 'the status look-up form');
      await page.fill('#code', code);
      await page.fill('#phone', `+84 ${APPLICANT.phone.slice(1)}`);
      await go(page, 'main form[action="/tra-cuu-ho-so"] button[type="submit"]', 'the status page');
      const status = await mainText(page);
      assert.ok(status.includes(`Hồ sơ ${code}`), status);
      assert.ok(status.includes(APPLICANT.name));
      assert.match(status, new RegExp(`${programme.occupation} \\([^)]*\\) – ${SCHOOL} Mới Hồ sơ đã được tiếp nhận`));
      assert.match(status, /Nộp hồ sơ trực tuyến/);

      // Downloading one's data: a JSON file with what was typed.
      const file = await download(page, 'main form[action="/tra-cuu-ho-so/du-lieu"] button[type="submit"]');
      assert.equal(file.name, `du-lieu-ho-so-${code}.json`);
      const data = JSON.parse(file.bytes.toString('utf8'));
      assert.equal(data.ho_va_ten, APPLICANT.name);
      assert.equal(data.ma_ho_so, code);
      assert.equal(data.ngay_sinh, APPLICANT.birthIso);
      assert.equal(data.dien_thoai, APPLICANT.phoneDigits);
      assert.equal(data.xa_phuong, APPLICANT.commune);
      assert.equal(data.chua_du_18_tuoi, false);
      // Still on the status page, which keeps working.
      assert.ok((await mainText(page)).includes(`Hồ sơ ${code}`));
    } finally {
      await context.close();
    }
  });

  it('the school finds the application, moves it to trúng tuyển with notes, sees the history and exports the XLSX', { timeout: 120_000 }, async () => {
    assert.ok(code, 'needs the application sent in the previous step');
    staff = await signedInContext(browser, server, STAFF);
    const page = staff.page;
    await assertAccessible(page, 'the back office home');

    // The list, filtered to new applications, then the application itself.
    await go(page, '.admin-nav a[href="/quan-tri/ho-so-tuyen-sinh"]', 'the applications list');
    await page.selectOption('#trang-thai', 'new');
    await go(page, 'main form.filters button[type="submit"]', 'the applications list filtered to Mới');
    assert.match(page.url(), /trang-thai=new/);
    const row = page.locator('main table tbody tr').filter({ has: page.locator(`a:text-is("${code}")`) });
    assert.equal(await row.count(), 1, `the new application ${code} is listed once`);
    const rowText = (await row.textContent()).replace(/\s+/g, ' ');
    assert.ok(rowText.includes(APPLICANT.name) && rowText.includes(APPLICANT.phone) && rowText.includes('Mới'), rowText);
    assert.ok(rowText.includes(`${programme.occupation}`) && rowText.includes(SCHOOL_SHORT), rowText);
    await go(page, `main table a:text-is("${code}")`, 'the application');
    assert.equal((await page.textContent('main h1')).trim(), `Hồ sơ ${code}`);
    applicationUrl = page.url();
    const details = await mainText(page);
    assert.ok(details.includes(APPLICANT.name) && details.includes(APPLICANT.phone) && details.includes(APPLICANT.commune), details);

    // mới → đã liên hệ → đủ điều kiện → trúng tuyển, each with a note. The first step with the
    // keyboard only (Tab to the radio group, arrow down, Tab to the note, Tab to Lưu, Enter).
    const form = 'main form[action^="/quan-tri/ho-so-tuyen-sinh/nguyen-vong/"]';
    for (const [i, step] of STEPS.entries()) {
      const options = await page.$$eval(`${form} input[name="status"]`, is => is.map(i => i.value));
      assert.ok(options.includes(step.status), `${step.label} is offered (offered: ${options.join(', ')})`);
      if (i === 0) {
        await tabTo(page, `${form} input[name="status"]`);
        assert.equal(await page.evaluate(() => document.activeElement.value), '', 'the group starts on “Giữ nguyên”');
        await page.keyboard.press('ArrowDown');
        assert.equal(await page.isChecked(`${form} input[value="${step.status}"]`), true, 'arrow down chooses the next status');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.name), 'note');
        await page.keyboard.type(step.note);
        await page.keyboard.press('Tab');
        assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), 'Lưu');
        const response = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]).then(r => r[0]);
        assert.equal(response.status(), 200);
        await assertAccessible(page, `the application after “${step.label}”`);
      } else {
        await page.check(`${form} input[name="status"][value="${step.status}"]`);
        await page.fill(`${form} textarea[name="note"]`, step.note);
        await go(page, `${form} button[type="submit"]`, `the application after “${step.label}”`);
      }
      const text = await mainText(page);
      assert.match(text, /Đã cập nhật trạng thái hồ sơ\./);
      assert.equal((await page.textContent(`main section.panel .badge`)).trim(), step.label);
    }
    // From trúng tuyển only nhập học or rút remain.
    const left = await page.$$eval(`${form} input[name="status"]`, is => is.map(i => i.value));
    assert.deepEqual(left, ['', 'enrolled', 'withdrawn']);

    // The history: who did what, with the notes, after the applicant's own events.
    const history = await page.$$eval('main table tbody tr', trs => trs.map(tr => tr.textContent.replace(/\s+/g, ' ').trim()));
    const find = re => history.find(h => re.test(h));
    assert.ok(find(/Nộp hồ sơ trực tuyến/), history.join('\n'));
    assert.ok(find(/Người đăng ký tải dữ liệu cá nhân/), history.join('\n'));
    const transitions = [['Mới', 'Đã liên hệ'], ['Đã liên hệ', 'Đủ điều kiện'], ['Đủ điều kiện', 'Trúng tuyển']];
    for (const [i, [from, to]] of transitions.entries()) {
      const line = find(new RegExp(`${from} → ${to}`));
      assert.ok(line, `the history shows ${from} → ${to}:\n${history.join('\n')}`);
      assert.ok(line.includes(STAFF_NAME), `the history names who did it: ${line}`);
      assert.ok(line.includes(STEPS[i].note), `the history shows the note: ${line}`);
    }

    // The export, from the list, read back with exceljs.
    await go(page, 'main a:has-text("‹ Danh sách hồ sơ")', 'the applications list');
    const file = await download(page, 'main a:has-text("Tải về XLSX")');
    assert.match(file.name, /^ho-so-tuyen-sinh-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const ExcelJS = depsRequire('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes);
    const sheet = book.getWorksheet('Hồ sơ tuyển sinh');
    assert.ok(sheet, `a sheet called “Hồ sơ tuyển sinh” (sheets: ${book.worksheets.map(w => w.name).join(', ')})`);
    let headerRow = null;
    sheet.eachRow((r, n) => {
      if (!headerRow && r.values.includes('Mã hồ sơ')) headerRow = n;
    });
    assert.ok(headerRow, 'a header row with “Mã hồ sơ”');
    const headers = sheet.getRow(headerRow).values; // 1-based, [0] empty
    for (const h of ['Mã hồ sơ', 'Ngày nộp', 'Họ và tên', 'Ngày sinh', 'Điện thoại', 'Xã, phường', 'Trình độ văn hóa', 'Nguyện vọng', 'Chương trình', 'Cơ sở đào tạo', 'Trạng thái', 'Cập nhật']) {
      assert.ok(headers.includes(h), `the header “${h}” (headers: ${headers.filter(Boolean).join(' | ')})`);
    }
    const col = h => headers.indexOf(h);
    let mine = null;
    let others = 0;
    sheet.eachRow((r, n) => {
      if (n <= headerRow) return;
      if (r.getCell(col('Mã hồ sơ')).value === code) mine = r;
      else others += 1;
    });
    assert.ok(mine, `the application ${code} is in the export`);
    assert.ok(others > 0, 'the demo applications of the school are exported too');
    const cell = h => mine.getCell(col(h));
    assert.equal(cell('Họ và tên').value, APPLICANT.name);
    assert.equal(cell('Điện thoại').value, APPLICANT.phone);
    assert.equal(cell('Xã, phường').value, APPLICANT.commune);
    assert.equal(cell('Trạng thái').value, 'Trúng tuyển');
    assert.equal(cell('Chương trình').value, programme.occupation);
    assert.equal(cell('Cơ sở đào tạo').value, SCHOOL_SHORT);
    assert.equal(cell('Nguyện vọng').value, 1);
    // Real dates: numbers with a date format, which a spreadsheet sorts and computes with.
    for (const h of ['Ngày sinh', 'Ngày nộp', 'Cập nhật']) {
      assert.equal(cell(h).type, ExcelJS.ValueType.Date, `“${h}” is a date cell, not text (${JSON.stringify(cell(h).value)})`);
      assert.ok(cell(h).value instanceof Date, `“${h}” reads as a date`);
      assert.match(cell(h).numFmt || '', /d/i, `“${h}” has a date format: ${cell(h).numFmt}`);
    }
    assert.equal(cell('Ngày sinh').value.toISOString().slice(0, 10), APPLICANT.birthIso);
    const sent = cell('Ngày nộp').value.toISOString().slice(0, 10);
    assert.ok(sent >= sentAfter && sent <= vnToday(), `sent on ${sent}, between ${sentAfter} and today`);
    assert.ok(cell('Cập nhật').value.toISOString().slice(0, 10) >= sent);
  });

  it('the applicant sees the decision, asks for deletion with a confirmation step, and the code no longer finds it', { timeout: 90_000 }, async () => {
    assert.ok(code && staff, 'needs the application processed in the previous step');
    // Later, in a new browser: from the home page, the look-up link in the footer.
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await go(page, 'footer a[href="/tra-cuu-ho-so"]', 'the status look-up form');
      await page.fill('#code', code.toLowerCase().replace('-', ' '));
      await page.fill('#phone', APPLICANT.phoneDigits);
      await go(page, 'main form[action="/tra-cuu-ho-so"] button[type="submit"]', 'the status page');
      const status = await mainText(page);
      assert.match(status, /Trúng tuyển Chúc mừng, bạn đã trúng tuyển/);
      assert.match(status, /Mới → Đã liên hệ/);
      assert.match(status, /Đủ điều kiện → Trúng tuyển/);
      for (const step of STEPS) assert.ok(!status.includes(step.note), `the school's note stays internal: ${step.note}`);
      // The data downloaded now carries the decision, still without the school's notes.
      const file = await download(page, 'main form[action="/tra-cuu-ho-so/du-lieu"] button[type="submit"]');
      const json = file.bytes.toString('utf8');
      const data = JSON.parse(json);
      assert.equal(data.ho_va_ten, APPLICANT.name);
      assert.deepEqual(data.nguyen_vong.map(c => [c.chuong_trinh, c.trang_thai]), [[programme.occupation, 'Trúng tuyển']]);
      for (const step of STEPS) assert.ok(!json.includes(step.note), `the school's note is not in the download: ${step.note}`);

      // Deletion: asked once more, then done.
      await go(page, 'main form[action="/tra-cuu-ho-so/xoa"] button[type="submit"]', 'the deletion confirmation');
      assert.equal((await page.textContent('main h1')).trim(), `Xóa dữ liệu cá nhân của hồ sơ ${code}?`);
      assert.match(await mainText(page), /không khôi phục được/);
      await go(page, 'main form[action="/tra-cuu-ho-so/xoa/xac-nhan"] button[type="submit"]', 'the deletion done');
      assert.equal((await page.textContent('main h1')).trim(), 'Đã xóa dữ liệu cá nhân');

      // A second look-up finds nothing: the message beside the code, what was typed kept.
      await go(page, 'footer a[href="/tra-cuu-ho-so"]', 'the status look-up form');
      await page.fill('#code', code);
      await page.fill('#phone', APPLICANT.phone);
      await go(page, 'main form[action="/tra-cuu-ho-so"] button[type="submit"]', 'the look-up after deletion', 422);
      assert.match(await page.textContent('#code-error'), /Không tìm thấy hồ sơ có mã và số điện thoại này/);
      assert.equal(await page.inputValue('#code'), code);
      assert.equal(await page.inputValue('#phone'), APPLICANT.phone);
      assert.ok(!(await mainText(page)).includes(APPLICANT.name));
    } finally {
      await context.close();
    }

    // The school's list no longer shows the person; the application's page (still open in the
    // school's browser) keeps only what statistics need.
    const page = staff.page;
    await go(page, '.admin-nav a[href="/quan-tri/ho-so-tuyen-sinh"]', 'the applications list');
    await page.selectOption('#trang-thai', 'admitted');
    await go(page, 'main form.filters button[type="submit"]', 'the applications list filtered to Trúng tuyển');
    assert.equal(await page.locator(`main a:text-is("${code}")`).count(), 0, 'the erased application is not listed');
    assert.ok(!(await mainText(page)).includes(APPLICANT.name), 'nor its name');
    await page.goto(applicationUrl);
    await assertAccessible(page, 'the anonymised application');
    const text = await mainText(page);
    assert.match(text, /Hồ sơ đã được ẩn danh/);
    assert.ok(!text.includes(APPLICANT.name) && !text.includes(APPLICANT.phone), 'no personal data left');
    for (const step of STEPS) assert.ok(!text.includes(step.note), `the notes are erased too: ${step.note}`);
    assert.match(text, /Đủ điều kiện → Trúng tuyển/, 'the history of statuses stays');
    assert.match(text, /Dữ liệu cá nhân được xóa theo yêu cầu của người đăng ký/);
  });
});
