// Shared helpers for lantoa's browser tests (node:test + playwright-core + axe-core, headless
// Chromium). Each test file starts its own demo server in a fresh temporary data directory,
// reads the one-time demo passwords from its output like a newcomer would, and stops it with
// SIGTERM at the end, checking that it shuts down gracefully.
//
// Dependencies are never downloaded here: `scripts/test-deps.sh` installs them into the folder
// named by LANTOA_TEST_DEPS (default <repo>/.cache/test-deps). When LANTOA_REQUIRE_TEST_DEPS or
// CI is set, a missing dependency fails the run; otherwise the tests are skipped loudly.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEPS = process.env.LANTOA_TEST_DEPS || path.join(ROOT, '.cache', 'test-deps');
export const BIN = process.env.LANTOA_TEST_BIN || path.join(ROOT, 'target', 'debug', 'lantoa');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SHOTS_DIR = path.join(ROOT, 'target', 'browser-shots');
const REQUIRED = Boolean(process.env.LANTOA_REQUIRE_TEST_DEPS || process.env.CI);

/** Time limits (ms). Debug builds are slow at argon2, so sign-in gets some room. */
// Startup seeds the demo (a debug build draws and re-encodes ~45 images): about 10 s on a quiet
// machine, 50 s measured on a 2-core machine under load 9. The limit only catches a hang.
export const LIMITS = { startup: 120_000, shutdown: 5_000, navigation: 15_000, action: 10_000 };

/** The WCAG 2.1 A/AA rule tags axe runs. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function loadDeps() {
  const missing = [];
  let chromium = null;
  let axeSource = null;
  const req = createRequire(path.join(DEPS, 'package.json'));
  try {
    ({ chromium } = req('playwright-core'));
  } catch {
    missing.push(`npm package playwright-core (in ${DEPS})`);
  }
  try {
    axeSource = fs.readFileSync(req.resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    missing.push(`npm package axe-core (in ${DEPS})`);
  }
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (set CHROMIUM)`);
  if (!fs.existsSync(BIN)) missing.push(`lantoa binary at ${BIN} (cargo build -p lantoa, or set LANTOA_TEST_BIN)`);
  return { chromium, axeSource, missing };
}

export const deps = loadDeps();

/** `require` for the npm packages installed by scripts/test-deps.sh (for example `exceljs`). */
export const depsRequire = createRequire(path.join(DEPS, 'package.json'));

/** The full path of `name` on the PATH, or null. */
export function findProgram(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const full = path.join(dir, name);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      if (fs.statSync(full).isFile()) return full;
    } catch {}
  }
  return null;
}

/**
 * What a test file passes to `describe(name, { skip })`: false when everything is present
 * (Chromium, the binary, playwright-core, axe-core, the extra npm `packages` and the
 * `programs` on the PATH it names, such as `soffice`). When something is missing and the run
 * requires it, registers a failing test instead (and returns a skip reason so the real tests
 * do not run against nothing).
 */
export function prerequisites(file, { packages = [], programs = [] } = {}) {
  const missing = [...deps.missing];
  for (const name of packages) {
    try {
      depsRequire.resolve(name);
    } catch {
      missing.push(`npm package ${name} (in ${DEPS})`);
    }
  }
  for (const name of programs) {
    if (!findProgram(name)) missing.push(`program ${name} on the PATH`);
  }
  if (missing.length === 0) return false;
  const what = `browser tests in ${file}: missing ${missing.join('; ')}. Run scripts/test-deps.sh and cargo build -p lantoa.`;
  if (REQUIRED) {
    test(`prerequisites for ${file}`, () => {
      throw new Error(`${what} (LANTOA_REQUIRE_TEST_DEPS/CI is set, so this is a failure)`);
    });
  } else {
    const bar = '!'.repeat(78);
    console.error(`\n${bar}\n!! SKIPPING ${what}\n${bar}\n`);
  }
  return `skipped: ${missing.join('; ')}`;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Reads "  email   password   role" lines after the demo-accounts heading. */
export function parseAccounts(stdout) {
  const accounts = new Map();
  const start = stdout.indexOf('Tài khoản mẫu');
  if (start < 0) return accounts;
  for (const line of stdout.slice(start).split('\n').slice(1)) {
    const m = line.match(/^\s+(\S+@\S+)\s+(\S+)\s+(.+?)\s*$/);
    if (!m) {
      if (accounts.size > 0) break;
      continue;
    }
    accounts.set(m[1], { password: m[2], role: m[3] });
  }
  return accounts;
}

// Servers still running if the test process dies: kill them on the way out.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {}
  }
});

/**
 * Starts `lantoa serve --demo` on a free port with a fresh data directory. Returns
 * { url, accounts, password(email), stdout(), stderr(), stop() }. `stop()` sends SIGTERM,
 * waits up to LIMITS.shutdown for a graceful exit (status 0), removes the data directory, and
 * throws if the server had to be killed or exited badly.
 */
export async function startServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-browser-'));
  // The server rejects unknown LANTOA_* variables (they would be configuration keys), and the
  // test run sets some of its own (LANTOA_TEST_BIN...): give it a clean environment, and run it in
  // the data directory so no ./lantoa.toml of the developer's is picked up.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LANTOA_')));
  env.RUST_LOG = env.RUST_LOG || 'warn';
  let lastError = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(BIN, ['serve', '--demo', '--data-dir', dataDir, '--addr', `127.0.0.1:${port}`], {
      cwd: dataDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', d => (out += d));
    child.stderr.setEncoding('utf8').on('data', d => (err += d));
    const exited = new Promise(resolve => child.on('exit', (code, signal) => resolve({ code, signal })));
    let exitInfo = null;
    exited.then(info => (exitInfo = info));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + LIMITS.startup;
    let healthy = false;
    while (Date.now() < deadline && !exitInfo) {
      if (out.includes('đang chạy tại')) {
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          const body = await res.json();
          if (res.ok && body.status === 'ok') {
            healthy = true;
            break;
          }
        } catch {}
      }
      await sleep(100);
    }
    if (!healthy) {
      child.kill('SIGKILL');
      running.delete(child);
      lastError = new Error(
        `lantoa did not become healthy on port ${port} within ${LIMITS.startup} ms` +
          ` (exit: ${JSON.stringify(exitInfo)})\n--- stdout\n${out}\n--- stderr\n${err.slice(-4000)}`,
      );
      // A port taken between freePort() and bind: try another one (and a fresh database).
      if (/cổng đang bận|Address already in use/i.test(err)) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.mkdirSync(dataDir);
        continue;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw lastError;
    }
    const accounts = parseAccounts(out);
    if (accounts.size < 6) {
      child.kill('SIGKILL');
      running.delete(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`expected the demo accounts and one-time passwords on stdout, got:\n${out}`);
    }
    return {
      url,
      dataDir,
      accounts,
      password(email) {
        const a = accounts.get(email);
        if (!a) throw new Error(`no demo account ${email} in: ${[...accounts.keys()].join(', ')}`);
        return a.password;
      },
      stdout: () => out,
      stderr: () => err,
      async stop() {
        try {
          if (exitInfo) throw new Error(`lantoa exited before the end of the tests: ${JSON.stringify(exitInfo)}\n${err.slice(-4000)}`);
          const t0 = Date.now();
          child.kill('SIGTERM');
          const result = await Promise.race([exited, sleep(LIMITS.shutdown).then(() => null)]);
          if (!result) {
            child.kill('SIGKILL');
            await exited;
            throw new Error(`lantoa did not stop within ${LIMITS.shutdown} ms of SIGTERM (no graceful shutdown)`);
          }
          if (result.code !== 0) {
            throw new Error(`lantoa exited with ${JSON.stringify(result)} after SIGTERM, expected status 0\n${err.slice(-4000)}`);
          }
          return { ms: Date.now() - t0 };
        } finally {
          running.delete(child);
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  }
  throw lastError;
}

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium from the system; never downloads a browser. */
export async function launchBrowser() {
  return deps.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
    timeout: LIMITS.startup,
  });
}

/** A new context (own cookies) with sane time limits and a Vietnamese locale. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    locale: 'vi-VN',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  context.setDefaultTimeout(LIMITS.action);
  context.setDefaultNavigationTimeout(LIMITS.navigation);
  return context;
}

/**
 * Signs in through the form. Returns the response of the final page. Does not assert where it
 * lands: callers check that (forced password change, `next`...).
 */
export async function signIn(page, baseUrl, email, password, { next } = {}) {
  const url = next ? `${baseUrl}/dang-nhap?next=${encodeURIComponent(next)}` : `${baseUrl}/dang-nhap`;
  await page.goto(url);
  await page.fill('#email', email);
  await page.fill('#password', password);
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click('main form[action="/dang-nhap"] button[type="submit"]'),
  ]);
  return response;
}

/** A fresh context signed in as `email`, landed on /quan-tri (throws otherwise). */
export async function signedInContext(browser, server, email, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await signIn(page, server.url, email, server.password(email));
  const at = new URL(page.url()).pathname;
  if (at !== '/quan-tri') {
    const text = (await page.textContent('main').catch(() => '')) || '';
    await context.close();
    throw new Error(`signing in as ${email} landed on ${at}, not /quan-tri: ${text.trim().slice(0, 300)}`);
  }
  return { context, page };
}

/**
 * Runs axe-core's WCAG 2.1 A/AA rules on the page. The pages' CSP forbids inline scripts,
 * so axe is evaluated through the DevTools protocol (page.evaluate), which CSP does not govern.
 */
export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(`${deps.axeSource}\n;void 0`);
  return page.evaluate(async tags => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return res.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** Violations as readable lines: "rule-id (impact): help -> target1 | target2". */
export function formatViolations(violations) {
  return violations
    .map(v => `  - ${v.id} (${v.impact}): ${v.help}\n      at ${v.nodes.map(n => n.target).join(' | ')}\n      ${(v.nodes[0]?.summary || '').replace(/\n/g, ' ')}`)
    .join('\n');
}

/** Text of <main>, whitespace collapsed. */
export async function mainText(page) {
  const t = await page.textContent('main');
  return (t || '').replace(/\s+/g, ' ').trim();
}

/** The CSRF token of the sign-out form in the header (present on every signed-in page). */
export async function csrfFromPage(page) {
  return page.getAttribute('form[action="/dang-xuat"] input[name="_csrf"]', 'value');
}

/**
 * The id of the organisation called exactly `name`, found through the back-office search
 * (/quan-tri/don-vi?q=...) with a page signed in as someone who may list organisations.
 */
export async function orgIdByName(page, baseUrl, query, name) {
  await page.goto(`${baseUrl}/quan-tri/don-vi?q=${encodeURIComponent(query)}`);
  const links = await page.$$eval('main table a[href^="/quan-tri/don-vi/"]', as =>
    as.map(a => ({ text: a.textContent.trim(), href: a.getAttribute('href') })),
  );
  const hit = links.find(l => l.text === name);
  if (!hit) throw new Error(`no organisation "${name}" in the results for "${query}": ${JSON.stringify(links)}`);
  const m = hit.href.match(/^\/quan-tri\/don-vi\/(\d+)$/);
  if (!m) throw new Error(`unexpected organisation link ${hit.href}`);
  return m[1];
}

/** Submits the form containing `selector` by clicking it and waits for the next page. */
export async function submitAndWait(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}
