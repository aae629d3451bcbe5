// The silences page (issue 17, item 4) in headless Chromium:
//   node silences.spec.mjs CONSOLE_URL
// The console (with an operator token) knows family web and a silenced node_down alarm of web-1@sim. Run by
// SilencesPageBrowserIT (console module).
// 1. the navigation leads to #/silences: no silences yet, family web's autoscaling is auto;
// 2. a silence with an unknown alarm type is refused with the reason, and nothing is listed;
// 3. a good one (family web, type node_down, 2h) is listed as active;
// 4. expire turns it expired, and the changes table shows both changes, newest first;
// 5. the alarm list marks the silenced alarm.
// Every wait is on a DOM condition; exit 0 when every step passed.
import { chromium } from 'playwright-core';

const [consoleUrl] = process.argv.slice(2);
if (!consoleUrl) {
  console.error('usage: node silences.spec.mjs CONSOLE_URL');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = Number(process.env.NUMBAT_BROWSER_WAIT_MS || 60_000);
const step = (name) => console.log(`ok - ${name}`);
const rows = '#silences tbody tr[data-silence-id]';

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(WAIT);
page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') console.log(`# console error: ${m.text()}`); });
page.on('dialog', (d) => d.dismiss());
let failed = false;
try {
  // 1. the page
  await page.goto(`${consoleUrl}/#/`);
  await page.click('header nav a[data-view="silences"]');
  await page.waitForFunction(() => document.querySelector('#silences tbody')?.textContent.includes('no silences'));
  await page.waitForFunction(() => document.querySelector('#autoscaling tbody tr[data-family="web"]')?.dataset.mode === 'AUTO');
  step('the navigation leads to the silences page: none yet, web autoscaling auto');

  // 2. refused with the reason
  await page.fill('#s-family', 'web');
  await page.fill('#s-type', 'disk_full');
  await page.fill('#s-comment', 'rolling restart');
  await page.fill('#s-user', 'ann');
  await page.click('#silence-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#silence-result').textContent.includes("'disk_full' is unknown"));
  if (await page.$(rows)) throw new Error('a refused silence is listed');
  step('a silence with an unknown alarm type is refused with the reason');

  // 3. added
  await page.fill('#s-type', 'node_down');
  await page.click('#silence-form button[type="submit"]');
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.status === 'ACTIVE', rows);
  const row = await page.$eval(rows, (tr) => tr.textContent);
  for (const want of ['family=web type=node_down', 'ann', 'rolling restart']) {
    if (!row.includes(want)) throw new Error(`the silence row lacks '${want}': ${row}`);
  }
  step('a good silence is listed as active');

  // 4. expired, and audited
  await page.click(`${rows} button.expire`);
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.status === 'EXPIRED', rows);
  await page.waitForFunction(() => [...document.querySelectorAll('#changes tbody tr[data-kind]')].map((tr) => tr.dataset.kind)
    .join() === 'SILENCE_EXPIRED,SILENCE_ADDED');
  step('expire ends it, and the changes list both changes, newest first');

  // 5. the alarm list
  await page.click('header nav a[data-view="alarms"]');
  await page.waitForFunction(() => document.querySelector('#alarms tbody tr[data-type="node_down"] .silenced'));
  step('the alarm list marks the silenced alarm');
} catch (e) {
  failed = true;
  console.log(`not ok - ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
