// The remediations page (issue 15) in headless Chromium:
//   node remediations.spec.mjs CONSOLE_URL NODE
// The console knows a PROPOSED remediation of NODE (mode APPROVE), a DONE one of web-2@sim (replaced by web-9@sim)
// and an EXPIRED one of db-1@sim; its stand-in stream processor answers an approval with APPROVED. Run by
// RemediationsPageBrowserIT (console module).
// 1. the navigation leads to #/remediations, which lists the three, newest first, with state, node link, forecast
//    and reason; only the PROPOSED one has approve and reject buttons;
// 2. the state filter shows only the DONE one;
// 3. reject asks for a reason and will not send without one; Cancel sends nothing;
// 4. approve with a reason and a user is sent, and the row turns APPROVED (no reload);
// 5. the node link leads to the node's page, which lists its remediation.
// Every wait is on a DOM condition; exit 0 when every step passed.
// With SCREENSHOTS_DIR set it also writes remediations.png there (docs/console.md's screenshot, 1280 wide).
import { chromium } from 'playwright-core';

const [consoleUrl, node] = process.argv.slice(2);
if (!consoleUrl || !node) {
  console.error('usage: node remediations.spec.mjs CONSOLE_URL NODE');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = Number(process.env.NUMBAT_BROWSER_WAIT_MS || 60_000);
const step = (name) => console.log(`ok - ${name}`);
const rows = '#remediations tbody tr[data-remediation-id]';
const shots = process.env.SCREENSHOTS_DIR;

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(WAIT);
page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') console.log(`# console error: ${m.text()}`); });
let failed = false;
try {
  // 1. the list
  await page.goto(`${consoleUrl}/#/`);
  await page.click('header nav a[data-view="remediations"]');
  await page.waitForFunction((s) => document.querySelectorAll(s).length === 3, rows);
  const states = await page.$$eval(rows, (trs) => trs.map((tr) => tr.dataset.state).join(' '));
  if (states !== 'PROPOSED DONE EXPIRED') throw new Error(`rows newest first: ${states}`);
  const first = await page.$eval(rows, (tr) => tr.textContent);
  for (const want of [node, 'replace', 'process_count', '200,000 of 262,144', 'waiting for an operator']) {
    if (!first.includes(want)) throw new Error(`the PROPOSED row lacks '${want}': ${first}`);
  }
  if (!/in \d+ (s|min)/.test(first)) throw new Error(`the PROPOSED row lacks its time to exhaustion: ${first}`);
  const buttons = await page.$$eval(rows, (trs) => trs.map((tr) => tr.querySelectorAll('button.verdict').length).join(' '));
  if (buttons !== '2 0 0') throw new Error(`verdict buttons per row: ${buttons}`);
  const doneRow = await page.$eval(`${rows}[data-state="DONE"]`, (tr) => tr.textContent);
  if (!doneRow.includes('web-9@sim')) throw new Error(`the DONE row lacks its replacement: ${doneRow}`);
  if (shots) await page.screenshot({ path: `${shots}/remediations.png`, fullPage: true });
  step(`the navigation leads to the list, newest first (${states}), with the forecast, reason and replacement`);

  // 2. the state filter
  await page.selectOption('#r-state', 'DONE');
  await page.waitForFunction((s) => [...document.querySelectorAll(s)].map((tr) => tr.dataset.state).join() === 'DONE', rows);
  await page.selectOption('#r-state', '');
  await page.waitForFunction((s) => document.querySelectorAll(s).length === 3, rows);
  step('the state filter shows only the DONE one, then all again');

  // 3. reject without a reason, then Cancel
  await page.click(`${rows}[data-state="PROPOSED"] button[data-verdict="reject"]`);
  await page.waitForSelector('#verdict-dialog[open]');
  await page.click('#verdict-confirm');
  await page.waitForFunction(() => document.querySelector('#verdict-error').textContent.includes('say why'));
  await page.click('#verdict-cancel');
  await page.waitForFunction(() => !document.querySelector('#verdict-dialog').open);
  step('reject will not send without a reason, and Cancel closes the dialog');

  // 4. approve
  await page.click(`${rows}[data-state="PROPOSED"] button[data-verdict="approve"]`);
  await page.waitForSelector('#verdict-dialog[open]');
  await page.fill('#verdict-reason', 'leak confirmed in the browser');
  await page.fill('#verdict-user', 'ann');
  await page.click('#verdict-confirm');
  await page.waitForFunction(() => /APPROVE of .* by ann sent on numbat.remediation-commands/.test(document.querySelector('#action-result').textContent));
  await page.waitForFunction((s) => document.querySelector(`${s}[data-state="APPROVED"]`)?.textContent.includes('approved by ann'), rows);
  step('approve with a reason is sent, and the row turns APPROVED');

  // 5. the node page
  await page.click(`${rows}[data-state="APPROVED"] a[href^="#/node/"]`);
  await page.waitForFunction((n) => document.querySelector('#node-title')?.textContent === n, node);
  await page.waitForFunction(() => document.querySelector('#node-remediations tbody tr[data-state="APPROVED"]'));
  step('the node link leads to the node page, which lists its remediation');
} catch (e) {
  failed = true;
  console.log(`not ok - ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
