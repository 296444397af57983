// Issue 5, "How it will be checked", in a real browser as the lead department and as a unit
// would do it: the school logs communication products, opens its report for a period it has
// not reported yet (the figures pre-filled from those products), changes one figure with a
// reason, writes the narrative and submits; the lead department returns it with a comment;
// the school sees the comment (in-app notification and history), edits and resubmits; the lead
// accepts it, and the report is locked (a second submission from a stale tab is refused with a
// message); the lead consolidates the period. The report's and the consolidation's DOCX and
// XLSX are downloaded from the pages, opened by LibreOffice (converted to PDF, text read with
// pdftotext) and by exceljs, and their figures compared with the products entered.
// Only clicks and the keyboard; axe-core (WCAG 2.1 A/AA) on each new kind of page.
//
// The steps share one report and run in order (node:test runs a describe's tests one after the
// other); a later step fails plainly when an earlier one did not get that far.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  prerequisites,
  depsRequire,
  findProgram,
  startServer,
  launchBrowser,
  signedInContext,
  submitAndWait,
  mainText,
  runAxe,
  formatViolations,
} from './support.mjs';

const skip = prerequisites('reports.test.mjs', { packages: ['exceljs'], programs: ['soffice', 'pdftotext'] });

// The unit: a school that owes reports, and its editor. The lead department: the plan owner.
const SCHOOL = 'Trường Cao đẳng Kiên Giang';
const SCHOOL_SHORT = 'CĐ Kiên Giang';
const UNIT = 'truong.cdkg@lantoa.test';
const LEAD = 'chutri@lantoa.test';
const QUOC_HIEU = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';

// The activities the products are logged under (codes of the seed plan's activities the school
// answers for): 9, exchanges between vocational schools and lower secondary schools; 6, the
// internet. Each product: [activity, kind, title, quantity, reach, reach kind, evidence].
const X = '9';
const Y = '6';
const PRODUCTS = [
  {
    activity: X,
    kind: 'Buổi tư vấn, giao lưu tại trường',
    title: 'Buổi tư vấn hướng nghiệp tại Trường THCS Vĩnh Thanh Vân',
    quantity: 3,
    reach: 240,
    reachKind: 'Người tham dự',
    reachText: '240 người tham dự',
    place: 'Trường THCS Vĩnh Thanh Vân, thành phố Rạch Giá',
    evidence: 'https://cdkg.edu.vn/tin-tuc/tu-van-huong-nghiep-vinh-thanh-van',
  },
  {
    activity: X,
    kind: 'Sự kiện, hội nghị, hội thảo',
    title: 'Ngày hội “Một ngày làm sinh viên cao đẳng” cho học sinh lớp 9',
    quantity: 5,
    reach: 410,
    reachKind: 'Người tham dự',
    reachText: '410 người tham dự',
    place: 'Cơ sở Hòn Đất',
    evidence: 'https://cdkg.edu.vn/tin-tuc/mot-ngay-lam-sinh-vien',
  },
  {
    activity: Y,
    kind: 'Video clip',
    title: 'Video “Học nghề ở Kiên Giang – chọn nghề, chọn tương lai”',
    quantity: 7,
    reach: 12500,
    reachKind: 'Lượt xem',
    reachText: '12.500 lượt xem',
    channel: 'Fanpage Trường Cao đẳng Kiên Giang',
    evidence: 'https://www.facebook.com/cdkg/videos/hoc-nghe-o-kien-giang',
  },
];

// The report: activity X reported 2 more than its products, with the reason.
const EXTRA = 2;
const REASON = 'Bổ sung 2 buổi giao lưu tại Trường THCS Phi Thông chưa kịp ghi nhận sản phẩm';
const NARRATIVE = {
  results: 'Trong năm, nhà trường tổ chức các buổi tư vấn hướng nghiệp, ngày hội trải nghiệm cho học sinh lớp 9 và sản xuất video giới thiệu nghề trên mạng xã hội.',
  shortcomings: 'Số lượt tiếp cận trên mạng xã hội chưa đồng đều giữa các ngành nghề.',
  difficulties: 'Kinh phí in ấn tài liệu tuyên truyền còn hạn chế; một số trường THCS ở xa chưa sắp xếp được lịch giao lưu.',
  proposals: 'Đề nghị Sở hỗ trợ kết nối với Phòng Giáo dục và Đào tạo các huyện để tổ chức giao lưu.',
  next_steps: 'Mở rộng tư vấn tuyển sinh tại các xã đảo và tăng cường video ngắn về học nghề.',
};
const COMMENT = 'Đề nghị bổ sung số học sinh tham dự các buổi tư vấn vào phần kết quả thực hiện.';
const ADDED = ' Tổng cộng 650 học sinh lớp 9 tham dự các buổi tư vấn và ngày hội.';
const STALE = 'Nội dung sửa trong một thẻ cũ sau khi báo cáo đã được tiếp nhận.';
const LEAD_INTRO = 'Các đơn vị đã triển khai đồng bộ hoạt động truyền thông về giáo dục nghề nghiệp trong kỳ.';

/** Today's date in Vietnam (UTC+7) as YYYY-MM-DD. */
const vnToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** "dd/mm/yyyy" → "yyyy-mm-dd". */
function iso(vn) {
  const m = vn.match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
  assert.ok(m, `a date dd/mm/yyyy: ${vn}`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** "yyyy-mm-dd" → "dd/mm/yyyy". */
const vn = isoDate => isoDate.split('-').reverse().join('/');

/** `isoDate` moved by `days`. */
function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A whole number as the pages write it ("12.500"). */
const int = s => Number.parseInt(String(s).replace(/\./g, '').trim(), 10);

/** axe-core on the current page, once per kind of page. */
const checked = new Set();
async function assertAccessible(page, kind) {
  if (checked.has(kind)) return;
  checked.add(kind);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, `axe on ${kind} (${page.url()}):\n${formatViolations(violations)}`);
}

/** Clicks `selector`, waits for the next page, checks its status, and runs axe on a new kind. */
async function go(page, selector, kind, status = 200) {
  const response = await submitAndWait(page, selector);
  assert.equal(response.status(), status, `${kind}: HTTP status of ${page.url()}`);
  await assertAccessible(page, kind);
  return response;
}

/** Clicks a button asking for confirmation (data-confirm), accepts the dialog, waits for the page. */
async function confirmAndWait(page, selector, kind, status = 200) {
  let asked = null;
  page.once('dialog', dialog => {
    asked = dialog.message();
    dialog.accept();
  });
  const response = await go(page, selector, kind, status);
  assert.ok(asked, `${selector} asks for confirmation first`);
  return { response, asked };
}

/** Clicks `selector`, which must start a download; returns its file name and bytes. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  assert.equal(await file.failure(), null, `the download from ${selector} failed`);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** The text of a `<dd>` after the `<dt>` called `term`. */
async function detail(page, term) {
  const dd = page.locator(`main dl.details dt:text-is("${term}") + dd`);
  return ((await dd.textContent()) || '').replace(/\s+/g, ' ').trim();
}

/** The state badge of the report page (the first badge under the heading). */
async function reportState(page) {
  return (await page.textContent('main h1 + p .badge')).trim();
}

/** The report page's timeline, one string per event. */
async function history(page) {
  return page.$$eval('main ul.timeline li', lis => lis.map(li => li.textContent.replace(/\s+/g, ' ').trim()));
}

/**
 * The figures of the report page by activity code: { id, from, value, reason } (the form's
 * inputs while editable, the read-only table otherwise).
 */
async function figures(page) {
  const rows = await page.$$eval('main table tbody tr', trs =>
    trs.map(tr => {
      const input = tr.querySelector('input[name^="so_lieu_"]');
      const reason = tr.querySelector('input[name^="ly_do_"]');
      const nums = [...tr.querySelectorAll('td.num')].map(td => td.textContent.trim());
      const cells = [...tr.querySelectorAll('td')];
      return {
        code: tr.querySelector('th')?.textContent.trim(),
        id: input ? input.name.slice('so_lieu_'.length) : null,
        from: nums[0],
        value: input ? input.value : nums[1],
        reason: reason ? reason.value : cells[cells.length - 1]?.textContent.trim(),
      };
    }),
  );
  const out = new Map();
  for (const r of rows) {
    if (!r.code) continue;
    out.set(r.code, { id: r.id, from: int(r.from), value: int(r.value), reason: r.reason });
  }
  return out;
}

/** Runs a program, killing its whole process group after `ms`; resolves with its output. */
function run(program, args, { ms = 120_000, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', d => (out += d));
    child.stderr.setEncoding('utf8').on('data', d => (err += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL'); // soffice starts soffice.bin: the whole group
      } catch {}
      reject(new Error(`${program} gave no answer within ${ms} ms\n${out}\n${err}`));
    }, ms);
    child.on('error', e => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', code => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${program} ${args.join(' ')} exited with ${code}\n${out}\n${err}`));
    });
  });
}

/**
 * Opens `files` (name → bytes; the names differ before the extension, since each becomes
 * NAME.pdf) with LibreOffice headless in one run (a private profile), converting each to PDF,
 * and returns name → the PDF's text (pdftotext -layout).
 */
async function libreOfficeText(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-reports-'));
  const paths = Object.entries(files).map(([name, bytes]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  });
  const env = { ...process.env, HOME: dir };
  await run(
    findProgram('soffice'),
    [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...paths],
    { env },
  );
  const texts = {};
  for (const name of Object.keys(files)) {
    const pdf = path.join(dir, name.replace(/\.[a-z]+$/, '.pdf'));
    assert.ok(fs.existsSync(pdf), `LibreOffice converted ${name} to PDF (in ${dir})`);
    assert.ok(fs.readFileSync(pdf).subarray(0, 4).toString() === '%PDF', `${pdf} is a PDF`);
    texts[name] = await run(findProgram('pdftotext'), ['-layout', pdf, '-'], { ms: 30_000 });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return texts;
}

/** A workbook's sheet as rows of cells, from the header row holding `first` on. */
async function sheetRows(book, sheetName, first) {
  const sheet = book.getWorksheet(sheetName);
  assert.ok(sheet, `a sheet called “${sheetName}” (sheets: ${book.worksheets.map(w => w.name).join(', ')})`);
  let header = null;
  const rows = [];
  sheet.eachRow((r, n) => {
    if (!header && r.getCell(1).value === first) header = n;
    else if (header) rows.push(r);
  });
  assert.ok(header, `a header row starting with “${first}” in “${sheetName}”`);
  return { headers: sheet.getRow(header).values, rows };
}

describe('reports: products → report → return → resubmit → accept → consolidation → DOCX/XLSX', { skip, timeout: 420_000 }, () => {
  let server;
  let browser;
  let unit = null; // the school's signed-in { context, page }
  let lead = null; // the lead department's
  // Shared by the steps, in order.
  let period = null; // { label, href, window: [start, end], due }
  let reportUrl = null;
  let base = null; // the report form's figures before the products
  let expected = null; // code → the figure from products after them
  let reported = null; // code → the figure reported
  let lateness = null; // 'Gửi muộn' or 'Gửi đúng hạn'
  let consolidatedBefore = null; // code → the consolidation's figure before acceptance
  let stale = null; // a second tab of the school's, with the returned report's form

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, { timeout: 180_000 });

  after(async () => {
    await unit?.context.close();
    await lead?.context.close();
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  it('the school finds a period it has not reported, and logs three products that show in the list', { timeout: 90_000 }, async t => {
    unit = await signedInContext(browser, server, UNIT);
    const page = unit.page;
    await assertAccessible(page, 'the back office home');
    await go(page, '.admin-nav a[href="/quan-tri/ke-hoach"]', 'the plans');
    await go(page, 'main .card a:text-is("Kỳ báo cáo")', 'the reporting periods');

    // The latest period whose list still shows the school's report as not started.
    const periods = await page.$$eval('main table tbody th a', as => as.map(a => ({ label: a.textContent.trim(), href: a.getAttribute('href') })));
    assert.ok(periods.length > 0, 'the plan has reporting periods');
    for (const p of periods.reverse()) {
      await go(page, `main table a[href="${p.href}"]`, 'a period');
      const row = page.locator('main table tbody tr').filter({ has: page.locator(`td:first-child a:text-is("${SCHOOL}")`) });
      if ((await row.count()) === 1 && (await row.locator('.badge').first().textContent()).trim() === 'Chưa lập') {
        const [start, end] = (await detail(page, 'Thời gian chốt số liệu')).split(' – ').map(iso);
        period = { ...p, window: [start, end], due: iso(await detail(page, 'Đơn vị gửi báo cáo trước')) };
        break;
      }
      await Promise.all([page.waitForNavigation(), page.goBack()]);
    }
    assert.ok(period, `a period where ${SCHOOL} has not started its report`);
    t.diagnostic(`${period.label}: window ${period.window.join(' – ')}, due ${period.due}`);

    // The report's form before any product: the figures already counted from the demo's.
    const row = page.locator('main table tbody tr').filter({ has: page.locator(`td:first-child a:text-is("${SCHOOL}")`) });
    await go(page, `main table a[href="${await row.locator('td:nth-child(2) a').getAttribute('href')}"]`, 'the report form');
    reportUrl = page.url();
    assert.equal((await page.textContent('main h1')).trim(), `${period.label} – ${SCHOOL}`);
    assert.equal(await reportState(page), 'Nháp');
    base = await figures(page);
    for (const code of [X, Y]) assert.ok(base.has(code), `the form has a row for activity ${code}: ${[...base.keys()].join(', ')}`);

    // The products, dated at the end of the period's window (and not after today).
    const last = period.window[1] < vnToday() ? period.window[1] : vnToday();
    const dates = [addDays(last, -2), addDays(last, -1), last];
    await go(page, '.admin-nav a[href="/quan-tri/ke-hoach"]', 'the plans');
    await go(page, 'main .card a:text-is("Sản phẩm truyền thông")', 'the products');
    const countBefore = int((await page.textContent('main p[role="status"]')).replace(/ sản phẩm.*/, ''));
    for (const [i, p] of PRODUCTS.entries()) {
      await go(page, 'main .page-head a:text-is("Thêm sản phẩm")', 'the product form');
      assert.equal(await page.$eval('#organisation_id', s => s.options[s.selectedIndex].text), SCHOOL, 'the school is chosen already');
      const activity = await page.$$eval('#activity_id option', (os, code) => os.find(o => o.text.startsWith(`${code}. `))?.value, p.activity);
      assert.ok(activity, `activity ${p.activity} is offered`);
      await page.selectOption('#activity_id', activity);
      await page.selectOption('#kind', { label: p.kind });
      if (i < PRODUCTS.length - 1) {
        await page.fill('#title', p.title);
        await page.fill('#quantity', String(p.quantity));
        await page.fill('#produced_on', dates[i]);
        if (p.channel) await page.fill('#channel', p.channel);
        if (p.place) await page.fill('#place', p.place);
        await page.fill('#reach', String(p.reach));
        await page.selectOption('#reach_kind', { label: p.reachKind });
        await page.fill('#reach_source', 'Danh sách điểm danh');
        await page.fill('#evidence_url', p.evidence);
        await go(page, 'main form button[type="submit"]:text-is("Lưu sản phẩm")', 'the products');
      } else {
        // The last one typed with the keyboard, field after field, and sent with Enter.
        await page.focus('#title');
        await page.keyboard.type(p.title);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'quantity');
        await page.keyboard.press('Control+A');
        await page.keyboard.type(String(p.quantity));
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'produced_on');
        // The order of the date field's parts follows the browser's language, not the page's.
        await page.fill('#produced_on', dates[i]);
        await page.focus('#channel');
        await page.keyboard.type(p.channel);
        await page.focus('#reach');
        await page.keyboard.type(String(p.reach));
        await page.keyboard.press('Tab');
        await page.keyboard.press('ArrowDown'); // “—” → Lượt xem
        assert.equal(await page.$eval('#reach_kind', s => s.options[s.selectedIndex].text), p.reachKind);
        await page.focus('#evidence_url');
        await page.keyboard.type(p.evidence);
        const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        assert.equal(response.status(), 200);
      }
      assert.equal(new URL(page.url()).pathname, new URL(period.href, server.url).pathname.replace(/ky-bao-cao\/.*$/, 'san-pham'));
      assert.match(await mainText(page), /Đã ghi nhận sản phẩm truyền thông\./);
    }

    // The list, newest first: the three products, with what was typed.
    const countAfter = int((await page.textContent('main p[role="status"]')).replace(/ sản phẩm.*/, ''));
    assert.equal(countAfter, countBefore + 3, 'three more products');
    for (const [i, p] of PRODUCTS.entries()) {
      const tr = page.locator('main table tbody tr').filter({ hasText: p.title });
      assert.equal(await tr.count(), 1, `“${p.title}” is listed once on the first page`);
      const cells = (await tr.locator('td').allTextContents()).map(c => c.replace(/\s+/g, ' ').trim());
      assert.equal(cells[0], vn(dates[i]));
      assert.equal(cells[1], SCHOOL_SHORT);
      assert.equal(cells[2], p.activity);
      assert.ok(cells[3].startsWith(p.title) && cells[3].includes(p.kind), cells[3]);
      assert.equal(int(cells[4]), p.quantity);
      assert.equal(cells[5], p.reachText);
      assert.equal(await tr.locator('a:text-is("Minh chứng")').getAttribute('href'), p.evidence);
    }
  });

  it('the school’s report is pre-filled with the products, one figure changed with a reason, the narrative written and submitted', { timeout: 60_000 }, async () => {
    assert.ok(reportUrl && base, 'needs the products logged in the previous step');
    const page = unit.page;
    await go(page, '.admin-nav a[href="/quan-tri/ke-hoach"]', 'the plans');
    await go(page, 'main .card a:text-is("Kỳ báo cáo")', 'the reporting periods');
    await go(page, `main table a[href="${period.href}"]`, 'a period');
    await go(page, `main table a[href="${new URL(reportUrl).pathname}"]`, 'the report form');

    // Each activity's figure is what was counted before plus the products just logged.
    const added = new Map();
    for (const p of PRODUCTS) added.set(p.activity, (added.get(p.activity) || 0) + p.quantity);
    const now = await figures(page);
    assert.deepEqual([...now.keys()], [...base.keys()], 'the same activities');
    expected = new Map();
    for (const [code, f] of now) {
      const want = base.get(code).from + (added.get(code) || 0);
      assert.equal(f.from, want, `activity ${code}: from products ${f.from}, expected ${base.get(code).from} + ${added.get(code) || 0}`);
      assert.equal(f.value, want, `activity ${code}: the figure starts as the products' total`);
      expected.set(code, want);
    }

    // Activity X two more than its products, first without a reason: refused, all kept.
    const x = now.get(X);
    await page.fill(`#so_lieu_${x.id}`, String(expected.get(X) + EXTRA));
    for (const [field, text] of Object.entries(NARRATIVE)) await page.fill(`#${field}`, text);
    const { asked } = await confirmAndWait(page, 'main form button[value="submit"]', 'the report form with errors', 422);
    assert.match(asked, /Gửi báo cáo đến đơn vị chủ trì\?/);
    const summary = (await page.textContent('main .error-summary')).replace(/\s+/g, ' ');
    assert.ok(
      summary.includes(`Hoạt động ${X}: số liệu khác với tổng sản phẩm đã ghi nhận (${expected.get(X)}); vui lòng nêu lý do.`),
      summary,
    );
    assert.equal(await page.getAttribute(`#ly_do_${x.id}`, 'aria-invalid'), 'true');
    // The message also sits beside the reason field, tied to it for screen readers.
    assert.match(await page.textContent(`#ly_do_${x.id}-error`), /số liệu khác với tổng sản phẩm đã ghi nhận/);
    assert.equal(await page.getAttribute(`#ly_do_${x.id}`, 'aria-describedby'), `ly_do_${x.id}-error`);
    assert.equal(await page.inputValue(`#so_lieu_${x.id}`), String(expected.get(X) + EXTRA), 'the figure typed is kept');
    for (const [field, text] of Object.entries(NARRATIVE)) assert.equal(await page.inputValue(`#${field}`), text, `${field} is kept`);
    assert.equal(await reportState(page), 'Nháp', 'nothing was submitted');

    // With the reason (from the summary's link, typed), submitted.
    await page.click(`main .error-summary a[href="#ly_do_${x.id}"]`);
    assert.equal(await page.evaluate(() => document.activeElement.id), `ly_do_${x.id}`, 'the summary link leads to the reason');
    await page.keyboard.type(REASON);
    await confirmAndWait(page, 'main form button[value="submit"]', 'the submitted report');
    assert.match(await mainText(page), /Đã gửi báo cáo đến đơn vị chủ trì\./);
    assert.equal(await reportState(page), 'Đã gửi');
    lateness = vnToday() <= period.due ? 'Gửi đúng hạn' : 'Gửi muộn';
    assert.equal((await page.textContent('main h1 + p .badge:nth-child(2)')).trim(), lateness);
    assert.equal(await page.locator('main textarea#results').count(), 0, 'a submitted report is no longer a form');
    reported = new Map([...expected].map(([code, n]) => [code, code === X ? n + EXTRA : n]));
    const shown = await figures(page);
    for (const [code, n] of reported) {
      assert.equal(shown.get(code).from, expected.get(code), `activity ${code}: from products`);
      assert.equal(shown.get(code).value, n, `activity ${code}: reported`);
    }
    assert.equal(shown.get(X).reason, REASON);
    const text = await mainText(page);
    for (const t of Object.values(NARRATIVE)) assert.ok(text.includes(t), `the narrative shows: ${t}`);
    const events = await history(page);
    assert.ok(events.some(e => e.includes('Gửi báo cáo') && e.includes(UNIT)), events.join('\n'));
  });

  it('the lead department sees it in the period’s list and returns it with a comment', { timeout: 60_000 }, async () => {
    assert.ok(reported, 'needs the report submitted in the previous step');
    lead = await signedInContext(browser, server, LEAD);
    const page = lead.page;
    await go(page, '.admin-nav a[href="/quan-tri/ke-hoach"]', 'the plans');
    await go(page, 'main .card a:text-is("Kỳ báo cáo")', 'the reporting periods');
    await go(page, `main table a[href="${period.href}"]`, 'a period');
    const row = page.locator('main table tbody tr').filter({ has: page.locator(`td:first-child a:text-is("${SCHOOL}")`) });
    const cell = (await row.locator('td:nth-child(2)').textContent()).replace(/\s+/g, ' ');
    assert.ok(cell.includes('Đã gửi') && cell.includes(lateness === 'Gửi muộn' ? 'Muộn' : 'Đúng hạn'), cell);

    // The consolidation as it stands before this report is accepted.
    const file = await download(page, 'main a:text-is("Bảng tính Excel (.xlsx)")');
    consolidatedBefore = await consolidatedByActivity(file.bytes);

    await go(page, `main table a[href="${new URL(reportUrl).pathname}"]`, 'the report under review');
    assert.equal(await reportState(page), 'Đã gửi');
    const text = await mainText(page);
    assert.ok(text.includes(NARRATIVE.results) && text.includes(REASON), 'the lead reads the narrative and the reason');

    // Returning without saying what to fix is refused beside the field.
    await go(page, 'main form[action$="/tra-lai"] button[type="submit"]', 'the review with errors', 422);
    assert.match(await page.textContent('#comment-error'), /Vui lòng ghi rõ nội dung cần sửa khi trả lại báo cáo\./);
    assert.equal(await reportState(page), 'Đã gửi');

    // The comment typed, Tab to the button, Enter.
    await page.focus('#comment');
    await page.keyboard.type(COMMENT);
    await page.keyboard.press('Tab');
    assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), 'Trả lại báo cáo');
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(response.status(), 200);
    assert.match(await mainText(page), /Đã trả lại báo cáo cho đơn vị\./);
    assert.equal(await reportState(page), 'Trả lại');
    const events = await history(page);
    assert.ok(events.some(e => e.includes('Trả lại') && e.includes(LEAD) && e.includes(COMMENT)), events.join('\n'));
  });

  it('the school sees the comment in its notifications and the history, edits and resubmits', { timeout: 60_000 }, async () => {
    assert.ok(consolidatedBefore, 'needs the report returned in the previous step');
    const page = unit.page;
    await go(page, '.admin-nav a[href="/quan-tri"]', 'the back office home');
    const note = page.locator('main section[aria-labelledby="thong-bao"] a').filter({ hasText: COMMENT });
    assert.equal(await note.count(), 1, `a notification with the comment: ${await mainText(page)}`);
    assert.equal((await note.textContent()).trim(), `${period.label} bị trả lại: ${COMMENT}`);
    await Promise.all([page.waitForNavigation(), note.click()]);
    assert.equal(page.url(), reportUrl, 'the notification leads to the report');
    await assertAccessible(page, 'the returned report');
    assert.equal(await reportState(page), 'Trả lại');
    assert.ok((await history(page)).some(e => e.includes(COMMENT)), 'the comment is in the history');

    // What was sent is there to edit: the changed figure, its reason, the narrative.
    const now = await figures(page);
    assert.equal(now.get(X).value, reported.get(X));
    assert.equal(now.get(X).reason, REASON);
    assert.equal(await page.inputValue('#results'), NARRATIVE.results);

    // A second tab, left open on the returned form (used once the report is accepted).
    stale = await unit.context.newPage();
    await stale.goto(reportUrl);

    await page.focus('#results');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(ADDED);
    await confirmAndWait(page, 'main form button[value="submit"]', 'the submitted report');
    assert.match(await mainText(page), /Đã gửi báo cáo đến đơn vị chủ trì\./);
    assert.equal(await reportState(page), 'Đã gửi');
    assert.equal((await page.textContent('main h1 + p .badge:nth-child(2)')).trim(), lateness, 'on time or late: by the first submission');
    assert.ok((await mainText(page)).includes(NARRATIVE.results + ADDED));
    const events = await history(page);
    assert.equal(events.filter(e => e.includes('Gửi báo cáo')).length, 2, events.join('\n'));
  });

  it('the lead accepts it; the report is locked and a second submission is refused', { timeout: 60_000 }, async () => {
    assert.ok(stale, 'needs the report resubmitted in the previous step');
    const page = lead.page;
    await go(page, 'nav.breadcrumb a:text-is("' + period.label + '")', 'a period');
    const row = page.locator('main table tbody tr').filter({ has: page.locator(`td:first-child a:text-is("${SCHOOL}")`) });
    assert.match(await row.locator('td:nth-child(2)').textContent(), /Đã gửi/);
    await go(page, `main table a[href="${new URL(reportUrl).pathname}"]`, 'the report under review');
    assert.ok((await mainText(page)).includes(ADDED.trim()), 'the lead sees the addition');
    await go(page, 'main form[action$="/tiep-nhan"] button[type="submit"]', 'the accepted report');
    assert.match(await mainText(page), /Đã tiếp nhận báo cáo\./);
    assert.equal(await reportState(page), 'Đã tiếp nhận');
    assert.equal(await page.locator('main form[action$="/tiep-nhan"]').count(), 0, 'nothing left to accept');

    // The school: read-only now.
    const mine = unit.page;
    await mine.reload();
    assert.equal(await reportState(mine), 'Đã tiếp nhận');
    assert.equal(await mine.locator('main textarea, main input[name^="so_lieu_"]').count(), 0, 'no field to edit');
    assert.equal(await mine.locator('main button[value="submit"]').count(), 0, 'no submit button');

    // The stale tab still shows the returned form: a change sent from it is refused.
    await stale.fill('#results', STALE);
    await confirmAndWait(stale, 'main form button[value="submit"]', 'the refused submission', 409);
    assert.match(await stale.textContent('main .alert--error[role="alert"]'), /đã được tiếp nhận và khóa/);
    assert.equal(await reportState(stale), 'Đã tiếp nhận');
    assert.ok(!(await mainText(stale)).includes(STALE), 'the refusal does not show the refused text as the report’s');
    await stale.reload();
    const text = await mainText(stale);
    assert.ok(!text.includes(STALE), 'the refused text was not saved');
    assert.ok(text.includes(NARRATIVE.results + ADDED), 'the accepted text stays');
    await stale.close();
  });

  it('the lead consolidates the period, and the DOCX and XLSX exports hold the figures entered', { timeout: 120_000 }, async t => {
    assert.ok(reported && consolidatedBefore, 'needs the report accepted in the previous step');
    const page = lead.page;
    await go(page, 'nav.breadcrumb a:text-is("' + period.label + '")', 'a period');
    const row = page.locator('main table tbody tr').filter({ has: page.locator(`td:first-child a:text-is("${SCHOOL}")`) });
    assert.match(await row.locator('td:nth-child(2)').textContent(), /Đã tiếp nhận/);
    await go(page, 'main a:text-is("Soạn nội dung tổng hợp")', 'the consolidated report');
    assert.doesNotMatch(await detail(page, 'Đơn vị chưa gửi báo cáo'), new RegExp(SCHOOL));
    const gathered = await page.inputValue('#results');
    assert.ok(gathered.includes(`${SCHOOL}: ${NARRATIVE.results}${ADDED}`), `the school's results are gathered: ${gathered.slice(0, 400)}`);
    await page.fill('#results', `${LEAD_INTRO}\n\n${gathered}`);
    await go(page, 'main form button[type="submit"]:text-is("Lưu nội dung tổng hợp")', 'the consolidated report');
    assert.match(await mainText(page), /Đã lưu nội dung báo cáo tổng hợp/);
    assert.match(await detail(page, 'Nội dung'), /^Đã lưu lúc/);
    const consolidatedDocx = await download(page, 'main a:text-is("Văn bản Word (.docx)")');
    const consolidatedXlsx = await download(page, 'main a:text-is("Bảng tính Excel (.xlsx)")');
    const leadName = await detail(page, 'Đơn vị tổng hợp');
    // The page itself shows the totals: by activity, by kind, by organisation.
    const pageTable = async caption => {
      const rows = await page.locator(`main table:has(caption:text-is("${caption}")) tbody tr`).all();
      const out = new Map();
      for (const r of rows) {
        const cells = (await r.locator('th, td').allTextContents()).map(c => c.trim());
        out.set(cells[0], cells.slice(1));
      }
      return out;
    };
    const num = s => Number(String(s).replaceAll('.', ''));
    const onPage = await pageTable('Theo hoạt động (từ các báo cáo đã tiếp nhận)');
    for (const [c] of reported) {
      assert.ok(onPage.has(c), `activity ${c} on the consolidated page`);
    }
    const byOrg = await pageTable('Theo đơn vị');
    assert.equal(byOrg.get(SCHOOL)?.[0], 'Đã tiếp nhận', `${SCHOOL} on the consolidated page`);
    const byKind = await pageTable('Theo loại sản phẩm (sản phẩm đã ghi nhận của các đơn vị có báo cáo được tiếp nhận)');
    for (const p of PRODUCTS) {
      assert.ok(num(byKind.get(p.kind)?.[0]) >= p.quantity, `${p.kind}: at least the ${p.quantity} logged (${byKind.get(p.kind)})`);
    }

    // The school downloads its report from its page.
    const mine = unit.page;
    const unitDocx = await download(mine, 'main a:text-is("Văn bản Word (.docx)")');
    const unitXlsx = await download(mine, 'main a:text-is("Bảng tính Excel (.xlsx)")');
    const code = period.href.split('/').pop();
    const orgId = new URL(reportUrl).pathname.split('/').pop();
    assert.equal(unitDocx.name, `bao-cao-${code}-don-vi-${orgId}.docx`);
    assert.equal(unitXlsx.name, `bao-cao-${code}-don-vi-${orgId}.xlsx`);
    assert.equal(consolidatedDocx.name, `bao-cao-tong-hop-${code}.docx`);
    assert.equal(consolidatedXlsx.name, `bao-cao-tong-hop-${code}.xlsx`);
    const total = [...reported.values()].reduce((a, b) => a + b, 0);

    // exceljs: the school's figures as numbers.
    const ExcelJS = depsRequire('exceljs');
    const unitBook = new ExcelJS.Workbook();
    await unitBook.xlsx.load(unitXlsx.bytes);
    const { rows: unitRows } = await sheetRows(unitBook, 'Số liệu', 'Mã');
    const byCode = new Map();
    let totalRow = null;
    for (const r of unitRows) {
      if (r.getCell(2).value === 'Tổng cộng') totalRow = r;
      else if (typeof r.getCell(1).value === 'string') byCode.set(r.getCell(1).value, r);
    }
    assert.deepEqual([...byCode.keys()], [...reported.keys()], 'one row per activity of the report');
    for (const [c, n] of reported) {
      const cell = byCode.get(c).getCell(3);
      assert.equal(cell.type, ExcelJS.ValueType.Number, `activity ${c}: a number cell (${JSON.stringify(cell.value)})`);
      assert.equal(cell.value, n, `activity ${c} in the school's XLSX`);
    }
    assert.equal(byCode.get(X).getCell(4).value, REASON, 'the reason in Ghi chú');
    assert.ok(totalRow, 'a Tổng cộng row');
    // A formula a spreadsheet recomputes, with its result stored for readers that do not.
    assert.match(totalRow.getCell(3).formula || '', /^SUM\(C\d+:C\d+\)$/, 'Tổng cộng is a SUM formula');
    assert.equal(totalRow.getCell(3).result, total);

    // exceljs: the consolidation adds exactly this report to what was accepted before.
    const after = await consolidatedByActivity(consolidatedXlsx.bytes);
    for (const [c, n] of reported) {
      assert.equal(after.get(c), (consolidatedBefore.get(c) || 0) + n, `activity ${c}: consolidated ${after.get(c)} = ${consolidatedBefore.get(c) || 0} before + ${n} from ${SCHOOL}`);
    }
    const consBook = new ExcelJS.Workbook();
    await consBook.xlsx.load(consolidatedXlsx.bytes);
    const { rows: orgRows } = await sheetRows(consBook, 'Theo đơn vị', 'Đơn vị');
    const school = orgRows.find(r => r.getCell(1).value === SCHOOL);
    assert.ok(school, `${SCHOOL} in “Theo đơn vị”`);
    assert.equal(school.getCell(2).value, 'Đã tiếp nhận');
    assert.equal(school.getCell(3).value, lateness === 'Gửi muộn' ? 'Muộn' : 'Đúng hạn');
    assert.equal(school.getCell(4).type, ExcelJS.ValueType.Number);
    assert.equal(school.getCell(4).value, total, `${SCHOOL}'s total in the consolidation`);
    const { rows: narrativeRows } = await sheetRows(consBook, 'Nội dung', 'Phần');
    const results = narrativeRows.find(r => r.getCell(1).value === 'Kết quả thực hiện');
    assert.ok(String(results?.getCell(2).value).startsWith(LEAD_INTRO), 'the lead’s saved text is exported');

    // LibreOffice opens all four; their text (as PDF) carries the heading and the figures.
    const texts = await libreOfficeText({
      'bao-cao-don-vi-word.docx': unitDocx.bytes,
      'bao-cao-don-vi-excel.xlsx': unitXlsx.bytes,
      'bao-cao-tong-hop-word.docx': consolidatedDocx.bytes,
      'bao-cao-tong-hop-excel.xlsx': consolidatedXlsx.bytes,
    });
    const flat = s => s.replace(/\s+/g, ' ');
    const unitText = flat(texts['bao-cao-don-vi-word.docx']);
    assert.ok(unitText.includes(QUOC_HIEU), `the Quốc hiệu in the school's report:\n${unitText.slice(0, 600)}`);
    assert.ok(unitText.includes(SCHOOL.toUpperCase()), 'the school as issuer');
    assert.ok(unitText.includes(`${SCHOOL} báo cáo kết quả thực hiện`), 'the school in the opening');
    assert.ok(unitText.includes(flat(NARRATIVE.results + ADDED)), 'the results section');
    for (const [c, n] of reported) assert.match(tableLine(texts['bao-cao-don-vi-word.docx'], c), new RegExp(` ${n}(\\s|$)`), `activity ${c}: ${n} in the school's DOCX`);
    assert.match(unitText, new RegExp(`Tổng cộng ${total}\\b`));
    const unitSheet = flat(texts['bao-cao-don-vi-excel.xlsx']);
    assert.ok(unitSheet.includes(SCHOOL) && unitSheet.includes(REASON.slice(0, 20)), 'LibreOffice Calc opens the school’s XLSX');
    assert.match(unitSheet, new RegExp(`Tổng cộng ${total}\\b`));

    const consText = flat(texts['bao-cao-tong-hop-word.docx']);
    assert.ok(consText.includes(QUOC_HIEU), 'the Quốc hiệu in the consolidation');
    assert.ok(consText.includes(leadName.toUpperCase()), `the lead department (${leadName}) as issuer`);
    assert.ok(consText.includes(LEAD_INTRO), 'the lead’s saved text');
    assert.match(consText, new RegExp(`${SCHOOL} Đã tiếp nhận (Muộn|Đúng hạn) ${total}\\b`), `${SCHOOL}'s line in the consolidation`);
    for (const [c] of reported) {
      assert.match(tableLine(texts['bao-cao-tong-hop-word.docx'], c), new RegExp(` ${after.get(c)}(\\s|$)`), `activity ${c}: ${after.get(c)} in the consolidated DOCX`);
      assert.equal(num(onPage.get(c)[1]), after.get(c), `activity ${c}: the page and the XLSX agree`);
    }
    assert.equal(num(byOrg.get(SCHOOL)[2]), total, `${SCHOOL}'s total on the page`);
    // Letterheads follow the 2025 reorganisation to the day they are signed (today): the
    // school is managed by the education department of the merged province, and both
    // documents are dated in An Giang.
    // (The letterhead's two columns share lines in the PDF's text: the managing body's name
    // wraps around the Quốc hiệu.)
    assert.match(unitText.slice(0, 400), /SỞ GIÁO DỤC VÀ (ĐÀO )?[\s\S]*?(ĐÀO )?TẠO TỈNH AN GIANG[\s\S]*TRƯỜNG CAO ĐẲNG KIÊN GIANG/, `the school's managing body today:\n${unitText.slice(0, 600)}`);
    assert.ok(!unitText.includes('THƯƠNG BINH VÀ XÃ HỘI'), 'not the department merged away in 2025');
    assert.match(unitText, /An Giang, ngày \d{2} tháng \d{2} năm \d{4}/);
    assert.match(consText, /An Giang, ngày \d{2} tháng \d{2} năm \d{4}/);
    assert.ok(!/Kiên Giang, ngày/.test(consText), 'not dated in the province merged away');
    const consSheet = flat(texts['bao-cao-tong-hop-excel.xlsx']);
    assert.ok(consSheet.includes(SCHOOL) && consSheet.includes(LEAD_INTRO.slice(0, 30)), 'LibreOffice Calc opens the consolidated XLSX');
    t.diagnostic(`${SCHOOL}: ${[...reported].map(([c, n]) => `${c}=${n}`).join(', ')}; total ${total}`);
  });
});

/** The consolidated XLSX's "Theo hoạt động" sheet: activity code → figure (numbers). */
async function consolidatedByActivity(bytes) {
  const ExcelJS = depsRequire('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  const { rows } = await sheetRows(book, 'Theo hoạt động', 'Mã');
  const out = new Map();
  for (const r of rows) {
    const code = r.getCell(1).value;
    if (typeof code !== 'string' || !code) continue;
    assert.equal(r.getCell(3).type, ExcelJS.ValueType.Number, `activity ${code}: a number cell`);
    out.set(code, r.getCell(3).value);
  }
  assert.ok(out.size > 0, 'the consolidation lists activities');
  return out;
}

/** The line of a pdftotext -layout table that starts with the activity `code`. */
function tableLine(text, code) {
  const line = text.split('\n').find(l => new RegExp(`^\\s*${code.replace('.', '\\.')}\\s{2,}`).test(l));
  assert.ok(line, `a table line for activity ${code} in:\n${text.slice(0, 3000)}`);
  return line.replace(/\s+$/, '');
}
