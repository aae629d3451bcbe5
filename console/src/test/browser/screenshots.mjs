// Screenshots of the console's pages (fleet, node, alarms, deployments) at 1280x800, for the README:
//   node screenshots.mjs CONSOLE_URL [FLEET_URL] [OUT_DIR]
// Run it against `./numbat demo` (console= and the logged fleet control URL). With FLEET_URL it first
// injects a process_leak into web-2@sim (10 min to the limit) and waits for its forecast, so the node
// page shows a forecast. OUT_DIR defaults to docs/screenshots of the repository.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [consoleUrl, fleetUrl, outArg] = process.argv.slice(2);
if (!consoleUrl) {
  console.error('usage: node screenshots.mjs CONSOLE_URL [FLEET_URL] [OUT_DIR]');
  process.exit(2);
}
const out = resolve(outArg || join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/screenshots'));
mkdirSync(out, { recursive: true });
const node = process.env.NUMBAT_SCREENSHOT_NODE || 'web-2@sim';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(240_000);
  if (fleetUrl) {
    const r = await fetch(`${fleetUrl}/faults?fault=process_leak&node=${encodeURIComponent(node)}&time-to-limit=10m`, { method: 'POST' });
    console.log(`process_leak into ${node}: ${r.status}`);
    await page.goto(consoleUrl);
    await page.waitForFunction(async (n) => {
      const d = await (await fetch(`/api/nodes/${encodeURIComponent(n)}`)).json();
      return (d.forecasts || []).some((f) => f.metric === 'process_count');
    }, node, { polling: 3000 });
  }
  await page.goto(consoleUrl);
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'live'
    && document.querySelectorAll('#fleet tbody tr').length > 0 && document.querySelectorAll('#nodes tbody tr').length > 0);
  await page.screenshot({ path: join(out, 'fleet.png') });
  await page.goto(`${consoleUrl}/#/node/${encodeURIComponent(node)}`);
  await page.waitForSelector('#node-charts .chart canvas');
  await page.screenshot({ path: join(out, 'node.png') });
  await page.click('header nav a[data-view="alarms"]');
  await page.waitForSelector('#view-alarms.shown #alarms tbody tr');
  await page.screenshot({ path: join(out, 'alarms.png') });
  await page.click('header nav a[data-view="deployments"]');
  await page.waitForSelector('#deployments tbody tr');
  await page.screenshot({ path: join(out, 'deployments.png') });
  console.log(`screenshots in ${out}: fleet.png node.png alarms.png deployments.png`);
} finally {
  await browser.close();
}
