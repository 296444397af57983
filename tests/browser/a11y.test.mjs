// Accessibility (axe-core, WCAG 2.1 A/AA), small screens and page weight: DESIGN.md §6.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  prerequisites,
  startServer,
  launchBrowser,
  newContext,
  signedInContext,
  signIn,
  submitAndWait,
  runAxe,
  formatViolations,
  orgIdByName,
  mainText,
} from './support.mjs';

const skip = prerequisites('a11y.test.mjs');
const ADMIN = 'quantri@lantoa.test';
const LABOUR = 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang';
const PROGRAMME = 'dien-cong-nghiep-trung-cap-cd-kien-giang';
const OTHER_PROGRAMME = 'dien-cong-nghiep-trung-cap-tc-nghe-u-minh-thuong';
const THIRD_PROGRAMME = 'dien-cong-nghiep-trung-cap-tc-nghe-tan-hiep';

async function assertNoViolations(page, label) {
  const violations = await runAxe(page);
  assert.equal(
    violations.length,
    0,
    `axe found ${violations.length} WCAG 2.1 A/AA violation(s) on ${label} (${page.url()}):\n${formatViolations(violations)}`,
  );
}

async function visit(page, url, expectedStatus = 200) {
  const response = await page.goto(url);
  assert.equal(response.status(), expectedStatus, `GET ${url}: status`);
  return response;
}

describe('accessibility and weight', { skip, timeout: 270_000 }, () => {
  let server;
  let browser;
  let anon; // anonymous context and page
  let admin; // signed in as the system administrator

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await newContext(browser);
    anon = { context, page: await context.newPage() };
    admin = await signedInContext(browser, server, ADMIN);
  }, { timeout: 180_000 });

  after(async () => {
    await browser?.close();
    await server?.stop();
  }, { timeout: 20_000 });

  describe('public pages have no WCAG 2.1 A/AA violations', () => {
    for (const [path, label] of [
      ['/', 'the home page'],
      ['/gioi-thieu', 'the about page'],
      ['/en', 'the English page'],
      ['/danh-cho/hoc-sinh', 'the audience page for pupils and parents'],
      ['/danh-cho/co-quan-don-vi', 'the audience page for agencies'],
      ['/ke-hoach', 'the list of plans'],
      ['/tin-tuc', 'the news list'],
      ['/trac-nghiem-nghe', 'the interest quiz'],
      ['/trac-nghiem-nghe/ket-qua?ma=RIC', 'the quiz suggestions for a code'],
      ['/so-tay', 'the handbook'],
      ['/so-tay/2026', 'the print edition of the handbook with its QR codes'],
      ['/chuong-trinh', 'the programme list'],
      ['/chuong-trinh?trinh_do=so-cap&dang_tuyen=1&loai=centre', 'the programme list, filtered'],
      ['/chuong-trinh?q=phi+hanh+gia', 'the programme list with nothing found'],
      [`/chuong-trinh/${PROGRAMME}`, 'a programme page'],
      [`/so-sanh?ma=${PROGRAMME}&ma=${OTHER_PROGRAMME}&ma=${THIRD_PROGRAMME}`, 'three programmes compared'],
      [`/so-sanh?ma=${PROGRAMME}`, 'a comparison waiting for a second programme'],
      ['/tin-tuc/mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi', 'an article with share links and related items'],
      ['/chu-de/iv-2-b', 'a topic page with its feed links'],
      ['/tim-kiem', 'the search page'],
      ['/tim-kiem?q=xyzxyz', 'a search without results'],
      ['/ke-hoach/kh-truyen-thong-gdnn-2023-2025', 'the seed plan in full'],
      ['/dang-nhap', 'the sign-in form'],
      ['/dang-ky', 'the application form'],
      ['/tra-cuu-ho-so', 'the application status look-up'],
    ]) {
      it(label, { timeout: 30_000 }, async () => {
        await visit(anon.page, server.url + path);
        await assertNoViolations(anon.page, label);
      });
    }

    it('search results with highlighted matches', { timeout: 40_000 }, async () => {
      // The index is built in the background when the server starts: wait for it.
      const deadline = Date.now() + 30_000;
      for (;;) {
        await visit(anon.page, `${server.url}/tim-kiem?q=hoc+nghe`);
        if (await anon.page.locator('.results mark').count() > 0) break;
        assert.ok(Date.now() < deadline, 'the search index was never built');
        await anon.page.waitForTimeout(300);
      }
      assert.equal(await anon.page.inputValue('#q'), 'hoc nghe', 'the query stays in the box');
      await assertNoViolations(anon.page, 'the search results');
    });

    it('a search refused with a message beside the field', { timeout: 30_000 }, async () => {
      await visit(anon.page, `${server.url}/tim-kiem?q=`, 400);
      assert.match(await mainText(anon.page), /Vui lòng nhập từ khóa cần tìm/);
      assert.equal(await anon.page.getAttribute('#q', 'aria-invalid'), 'true');
      await assertNoViolations(anon.page, 'the search page with an error');
    });

    it('a 404 page', { timeout: 30_000 }, async () => {
      await visit(anon.page, `${server.url}/trang-khong-ton-tai`, 404);
      assert.match(await mainText(anon.page), /Không tìm thấy trang/);
      await assertNoViolations(anon.page, 'the 404 page');
    });

    it('a comparison of four programmes, refused', { timeout: 30_000 }, async () => {
      const four = `/so-sanh?ma=${PROGRAMME}&ma=${OTHER_PROGRAMME}&ma=${THIRD_PROGRAMME}&ma=han-cao-dang-cd-kien-giang`;
      await visit(anon.page, server.url + four, 400);
      assert.match(await mainText(anon.page), /tối đa 3 chương trình/);
      await assertNoViolations(anon.page, 'the refused comparison');
    });

    it('the sign-in form re-shown after a wrong password', { timeout: 30_000 }, async () => {
      await signIn(anon.page, server.url, ADMIN, 'khong-phai-mat-khau');
      assert.match(await mainText(anon.page), /mật khẩu không đúng/);
      await assertNoViolations(anon.page, 'the sign-in form with a wrong-password message');
    });

    it('the application form re-shown with errors', { timeout: 30_000 }, async () => {
      await anon.page.goto(`${server.url}/dang-ky`);
      await anon.page.fill('#phone', '09ab');
      await anon.page.fill('#birth_date', '31/02/2009');
      const response = await submitAndWait(anon.page, 'main form[action="/dang-ky"] button[type="submit"]');
      assert.equal(response.status(), 422);
      assert.equal(await anon.page.getAttribute('#phone', 'aria-invalid'), 'true');
      await assertNoViolations(anon.page, 'the application form with errors');
    });

    it('the sign-in form re-shown with field errors', { timeout: 30_000 }, async () => {
      await anon.page.goto(`${server.url}/dang-nhap`);
      await anon.page.fill('#email', 'khong-phai-thu-dien-tu');
      const response = await submitAndWait(anon.page, 'main form[action="/dang-nhap"] button[type="submit"]');
      assert.equal(response.status(), 422);
      assert.equal(await anon.page.getAttribute('#email', 'aria-invalid'), 'true', 'the e-mail field is marked invalid');
      await assertNoViolations(anon.page, 'the sign-in form with field errors');
    });
  });

  describe('back-office pages (system administrator) have no WCAG 2.1 A/AA violations', () => {
    let labourId;
    let programmeId;
    let policyId;
    before(async () => {
      labourId = await orgIdByName(admin.page, server.url, 'so lao dong', LABOUR);
      await admin.page.goto(`${server.url}/quan-tri/chuong-trinh`);
      const href = await admin.page.getAttribute('main table tbody tr a[href^="/quan-tri/chuong-trinh/"]', 'href');
      programmeId = href.split('/').pop();
      await admin.page.goto(`${server.url}/quan-tri/chinh-sach-ho-tro`);
      const policy = await admin.page.getAttribute('main table tbody tr a[href^="/quan-tri/chinh-sach-ho-tro/"]', 'href');
      policyId = policy.split('/').pop();
    }, { timeout: 30_000 });

    const pages = [
      ['/quan-tri', 'the overview'],
      ['/quan-tri/don-vi', 'the organisation list'],
      [() => `/quan-tri/don-vi/${labourId}`, 'an organisation detail page'],
      [() => `/quan-tri/don-vi/${labourId}/sua`, 'the organisation edit form'],
      ['/quan-tri/nguoi-dung', 'the user list'],
      ['/quan-tri/nguoi-dung/moi', 'the new-user form'],
      ['/quan-tri/nhat-ky', 'the audit log'],
      ['/quan-tri/don-vi/moi', 'the new-organisation form'],
      ['/tai-khoan/mat-khau', 'the password change form'],
      ['/tai-khoan/thu-dien-tu', 'the e-mail preference form'],
      ['/quan-tri/ke-hoach', 'the list of plans in the back office'],
      ['/quan-tri/noi-dung', 'the content list'],
      ['/quan-tri/noi-dung/moi', 'the new-content form'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025', 'the plan dashboard with its charts'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao', 'the reporting periods'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2024', 'who owes the 2024 report'],
      [() => `/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2024-h1/${labourId}`, 'a unit report'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/san-pham', 'the communication products'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2025', 'who owes the 2025 report'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2024/tong-hop', 'the consolidated report of 2024 (read-only)'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/san-pham?chua_gan=1', 'the products waiting for their activity'],
      ['/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/tai-lieu-kem-theo', 'the plan attachments with the upload form'],
      ['/quan-tri/chuong-trinh', 'the programmes in the back office'],
      [() => `/quan-tri/chuong-trinh/${programmeId}`, 'a programme read-only (not its editor)'],
      ['/quan-tri/chinh-sach-ho-tro', 'the support policies'],
      ['/quan-tri/chinh-sach-ho-tro/moi', 'the new-policy form'],
      [() => `/quan-tri/chinh-sach-ho-tro/${policyId}`, 'a support policy with the programmes offering it'],
      [() => `/quan-tri/chinh-sach-ho-tro/${policyId}/xoa`, 'a support policy whose deletion is refused'],
    ];
    for (const [path, label] of pages) {
      it(label, { timeout: 30_000 }, async () => {
        const p = typeof path === 'function' ? path() : path;
        await visit(admin.page, server.url + p);
        await assertNoViolations(admin.page, label);
      });
    }

    it('the attachment form re-shown with errors', { timeout: 30_000 }, async () => {
      const { page } = admin;
      await visit(page, `${server.url}/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/tai-lieu-kem-theo`);
      const response = await submitAndWait(page, 'main form[action^="/quan-tri/tai-lieu-kem-theo"] button[type="submit"]');
      assert.equal(response.status(), 422);
      assert.equal(await page.getAttribute('#title', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#file', 'aria-invalid'), 'true');
      assert.match(await mainText(page), /Vui lòng chọn tệp để đính kèm/);
      await assertNoViolations(page, 'the attachment form with errors');
    });

    it('the policy form re-shown with errors, and its detach checkbox', { timeout: 30_000 }, async () => {
      const { page } = admin;
      await visit(page, `${server.url}/quan-tri/chinh-sach-ho-tro/moi`);
      await page.fill('#benefit', 'Hỗ trợ thử');
      await page.fill('#source_url', 'khong-phai-duong-dan');
      const response = await submitAndWait(page, 'main form[action="/quan-tri/chinh-sach-ho-tro"] button[type="submit"]');
      assert.equal(response.status(), 422);
      assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
      await assertNoViolations(page, 'the new-policy form with errors');
      await visit(page, `${server.url}/quan-tri/chinh-sach-ho-tro/${policyId}`);
      await page.selectOption('#level', 'college');
      await page.selectOption('#entry_education', 'upper_secondary');
      const refused = await submitAndWait(page, `main form[action="/quan-tri/chinh-sach-ho-tro/${policyId}"] button[type="submit"]`);
      assert.equal(refused.status(), 422);
      assert.equal(await page.getAttribute('#detach_unfit', 'aria-invalid'), 'true');
      await assertNoViolations(page, 'the policy form asking to detach programmes');
    });

    it('the new-user form re-shown with errors', { timeout: 30_000 }, async () => {
      const { page } = admin;
      await visit(page, `${server.url}/quan-tri/nguoi-dung/moi`);
      await page.fill('#email', 'sai-dia-chi');
      await page.fill('#display_name', 'Người Thử Nghiệm');
      const response = await submitAndWait(page, 'main form[action="/quan-tri/nguoi-dung"] button[type="submit"]');
      assert.equal(response.status(), 422);
      await assertNoViolations(page, 'the new-user form with errors');
    });
  });

  it('a school editor\'s programme and intake forms, also re-shown with errors', { timeout: 60_000 }, async () => {
    const { context, page } = await signedInContext(browser, server, 'truong.cdkg@lantoa.test');
    try {
      await visit(page, `${server.url}/quan-tri/chuong-trinh/moi`);
      await assertNoViolations(page, 'the new-programme form');
      await page.fill('#quota', '-3');
      const response = await submitAndWait(page, 'main form[action="/quan-tri/chuong-trinh"] button[type="submit"]');
      assert.equal(response.status(), 422);
      assert.equal(await page.getAttribute('#quota', 'aria-invalid'), 'true', 'the quota field is marked invalid');
      await assertNoViolations(page, 'the new-programme form with errors');
      await visit(page, `${server.url}/quan-tri/chuong-trinh`);
      const href = await page.getAttribute('main table tbody tr a[href^="/quan-tri/chuong-trinh/"]', 'href');
      await visit(page, server.url + href);
      await assertNoViolations(page, 'the programme form with its intakes');
      await visit(page, `${server.url}${href}/dot-tuyen-sinh/moi`);
      await page.fill('#name', 'Đợt thử');
      await page.fill('#opens_on', '2027-03-01');
      await page.fill('#closes_on', '2027-02-01');
      const again = await submitAndWait(page, 'main form button[type="submit"]');
      assert.equal(again.status(), 422);
      assert.match(await mainText(page), /Ngày kết thúc nhận hồ sơ phải bằng hoặc sau ngày bắt đầu/);
      await assertNoViolations(page, 'the intake form with errors');
    } finally {
      await context.close();
    }
  });

  it('the applications of a school, one application and the quota page', { timeout: 60_000 }, async () => {
    const { context, page } = await signedInContext(browser, server, 'truong.cdkg@lantoa.test');
    try {
      await visit(page, `${server.url}/quan-tri/ho-so-tuyen-sinh`);
      await assertNoViolations(page, 'the applications list');
      const href = await page.getAttribute('main table a[href^="/quan-tri/ho-so-tuyen-sinh/"]', 'href');
      await visit(page, server.url + href);
      await assertNoViolations(page, 'an application in the back office');
      await visit(page, `${server.url}/quan-tri/ho-so-tuyen-sinh/chi-tieu`);
      await assertNoViolations(page, 'applications against quota');
    } finally {
      await context.close();
    }
  });

  it('the 403 page (an editor opening the user administration)', { timeout: 30_000 }, async () => {
    const { context, page } = await signedInContext(browser, server, 'truong.cdkg@lantoa.test');
    try {
      await visit(page, `${server.url}/quan-tri/nguoi-dung`, 403);
      assert.match(await mainText(page), /Bạn không có quyền truy cập trang này/);
      await assertNoViolations(page, 'the 403 page');
    } finally {
      await context.close();
    }
  });

  describe('a 360 px wide phone does not scroll sideways', () => {
    async function assertNoSideScroll(page, label) {
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.ok(
        scrollWidth <= innerWidth,
        `${label} at ${innerWidth} px is ${scrollWidth} px wide: the user has to scroll sideways`,
      );
    }

    it('the home page', { timeout: 30_000 }, async () => {
      const context = await newContext(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      try {
        const page = await context.newPage();
        await visit(page, `${server.url}/`);
        await assertNoSideScroll(page, 'the home page');
        // With the largest text size the page offers (A+ twice).
        await page.click('button[data-size="1"]');
        await page.click('button[data-size="1"]');
        assert.equal(await page.getAttribute('html', 'data-text-size'), '2', 'the A+ button enlarges the text');
        await assertNoSideScroll(page, 'the home page with the largest text');
      } finally {
        await context.close();
      }
    });

    it('the programme list and a comparison of three', { timeout: 30_000 }, async () => {
      const context = await newContext(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      try {
        const page = await context.newPage();
        await visit(page, `${server.url}/chuong-trinh`);
        await assertNoSideScroll(page, 'the programme list');
        await visit(page, `${server.url}/so-sanh?ma=${PROGRAMME}&ma=${OTHER_PROGRAMME}&ma=${THIRD_PROGRAMME}`);
        await assertNoSideScroll(page, 'the comparison (its table scrolls inside its own box)');
      } finally {
        await context.close();
      }
    });

    it('the organisation list (signed in)', { timeout: 30_000 }, async () => {
      const { context, page } = await signedInContext(browser, server, ADMIN, {
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
      });
      try {
        await visit(page, `${server.url}/quan-tri/don-vi`);
        assert.ok((await page.$$('main table tbody tr')).length > 0, 'the list shows organisations');
        await assertNoSideScroll(page, 'the organisation list');
      } finally {
        await context.close();
      }
    });
  });

  it('the home page transfers at most 150 KB on a first visit', { timeout: 30_000 }, async () => {
    const context = await newContext(browser); // fresh: empty cache, no cookies
    try {
      const page = await context.newPage();
      const bodies = [];
      page.on('response', response => {
        bodies.push(
          response.body().then(
            b => ({ url: response.url(), bytes: b.length }),
            () => ({ url: response.url(), bytes: 0 }), // redirects have no body
          ),
        );
      });
      await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
      const sizes = await Promise.all(bodies);
      const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
      const detail = sizes.map(s => `  ${s.bytes} B  ${s.url}`).join('\n');
      assert.ok(sizes.length > 1, `expected the page and its assets, got:\n${detail}`);
      assert.ok(total <= 150 * 1024, `the home page's first visit loads ${total} bytes (> 150 KB):\n${detail}`);
    } finally {
      await context.close();
    }
  });
});
