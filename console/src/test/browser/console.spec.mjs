// The console's pages in headless Chromium against a running console and simulated fleet:
//   node console.spec.mjs CONSOLE_URL FLEET_URL
// 1. the fleet page shows the demo's families and nodes;
// 2. a fault injected through the fleet's control endpoint makes an alarm appear on the open page, without reload;
// 3. acknowledging it with a comment works and shows as acknowledged;
// 4. Manage: a web node's Top table fills from its ticks; an injected runaway_process comes first by reductions;
//    the bottleneck view names it; its process page shows the agent's process_info; killing it from the page
//    (confirmed, with a reason) is carried out by the fleet and lands in the node's audit trail;
// 5. the scale form (deployments page) goes through the console to the deployer and the new node shows up running.
// Every wait is on a DOM condition with a generous timeout (a loaded 2-core machine); no sleeps as assertions.
// Exit code 0 when every step passed; 1 with the reason (and a screenshot under target/) otherwise.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';

const [consoleUrl, fleetUrl] = process.argv.slice(2);
if (!consoleUrl || !fleetUrl) {
  console.error('usage: node console.spec.mjs CONSOLE_URL FLEET_URL');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = Number(process.env.NUMBAT_BROWSER_WAIT_MS || 180_000);
const step = (name) => console.log(`ok - ${name}`);

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(WAIT);
page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') console.log(`# console error: ${m.text()}`); });
let failed = false;
try {
  await page.goto(consoleUrl);
  // a marker on the window: it survives in-page navigation and SSE updates, and is gone after a reload
  await page.evaluate(() => { window.__numbatNoReload = 'still the same page'; });
  await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'live');
  step('the page connected to /api/events');

  for (const family of ['web', 'db']) {
    await page.waitForFunction((f) => {
      const cell = document.querySelector(`#fleet tr[data-family="${f}"] td.nodes`);
      return cell && Number(cell.textContent) > 0;
    }, family);
  }
  const families = await page.$$eval('#fleet tbody tr', (rows) => rows.map((r) => `${r.dataset.family}=${r.querySelector('td.nodes').textContent}`));
  step(`the fleet page shows the families and their nodes: ${families.join(' ')}`);
  await page.waitForFunction(() => [...document.querySelectorAll('#nodes tbody a')].some((a) => a.textContent.startsWith('db-')));
  const node = await page.$$eval('#nodes tbody a', (as) => as.map((a) => a.textContent).find((n) => n.startsWith('db-')));
  if (!node) throw new Error('the node list shows no db node');
  step(`the node list shows the nodes (e.g. ${node})`);

  await page.click('header nav a[data-view="alarms"]');
  await page.waitForSelector('#view-alarms.shown');
  // message_queue_buildup with a 2 s time to limit: the longest mailbox passes the critical 100,000
  // messages at the node's next sample, so long_message_queue is raised within a collection interval
  const res = await fetch(`${fleetUrl}/faults?fault=message_queue_buildup&node=${encodeURIComponent(node)}&time-to-limit=2s`,
    { method: 'POST' });
  if (!res.ok) throw new Error(`fault injection answered ${res.status}: ${await res.text()}`);
  step(`injected message_queue_buildup into ${node}`);

  const row = `#alarms tr[data-alarm-id="${node}/long_message_queue"]`;
  // wait for the worst severity, so the acknowledgement is not undone by a re-raise with another severity
  await page.waitForSelector(`${row}[data-severity="CRITICAL"]`);
  step('the alarm appeared on the open page (CRITICAL long_message_queue)');

  const comment = `looking into ${node}'s mailbox`;
  await page.fill(`${row} input.comment`, comment);
  await page.click(`${row} button[data-action="ack"]`);
  await page.waitForFunction(([sel, c]) => {
    const tr = document.querySelector(sel);
    return tr && tr.classList.contains('acked') && tr.querySelector('.ack-state')?.textContent === 'acknowledged'
      && tr.querySelector('.ack-comment')?.textContent === c;
  }, [row, comment]);
  step('acknowledging it with a comment shows it as acknowledged');

  const api = await page.evaluate(async (id) => (await fetch(`/api/alarms?node=${encodeURIComponent(id)}`)).json(), node);
  const acked = api.alarms.find((a) => a.type === 'long_message_queue');
  if (!acked?.acknowledged || acked.ack?.comment !== comment) throw new Error(`the API does not show the acknowledgement: ${JSON.stringify(acked)}`);
  step('the REST API agrees (acknowledged, with the comment)');

  // Manage, against the fleet's real command service over Kafka
  const web = await page.evaluate(async () => (await (await fetch('/api/nodes?family=web&size=50')).json()).nodes
    .map((n) => n.node).sort()[0]);
  await page.evaluate((n) => { location.hash = `#/node/${encodeURIComponent(n)}`; }, web);
  await page.waitForFunction(() => document.querySelectorAll('#node-top tbody tr[data-pid]').length > 0);
  step(`the Top table of ${web} fills from its ticks`);
  const runaway = await fetch(`${fleetUrl}/faults?fault=runaway_process&node=${encodeURIComponent(web)}`, { method: 'POST' });
  if (!runaway.ok) throw new Error(`fault injection answered ${runaway.status}: ${await runaway.text()}`);
  await page.waitForFunction(() => document.querySelector('#node-top tbody tr[data-pid]')?.dataset.pid === '<0.4711.0>');
  step(`the injected runaway process is first in the Top table (${await page.textContent('#node-top tbody tr td:nth-child(2)')})`);
  await page.click('header nav a[data-view="bottlenecks"]');
  const bottleneck = `#bottlenecks tr[data-alarm-id="${web}/bottleneck/reductions"] td.culprit a`;
  await page.waitForSelector(bottleneck);
  step(`the bottleneck view names it: ${await page.textContent(`#bottlenecks tr[data-alarm-id="${web}/bottleneck/reductions"] td.culprit`)}`);
  await page.click(bottleneck);
  for (let attempt = 1; ; attempt++) { // the first query may reach the fleet's command service before its assignment
    await page.waitForFunction(() => !/^asking/.test(document.querySelector('#process-status').textContent));
    if (/^answered by /.test(await page.textContent('#process-status'))) break;
    if (attempt === 3) throw new Error(`the process page says: ${await page.textContent('#process-status')}`);
    await page.click('#process-refresh');
  }
  step(`its process page shows process_info, ${await page.textContent('#process-status')}`);
  await page.click('#process button[data-act="kill"]');
  await page.waitForSelector('#action-dialog[open]');
  await page.fill('#action-reason', 'runaway report, from the browser test');
  await page.click('#action-confirm');
  await page.waitForFunction(() => /^(DONE|FAILED|REFUSED|INTERRUPTED|refused|no agent)/i.test(document.querySelector('#action-result').textContent));
  const outcome = await page.textContent('#action-result');
  if (!outcome.startsWith('DONE: ')) throw new Error(`the kill was not carried out: ${outcome}`);
  await page.evaluate((n) => { location.hash = `#/node/${encodeURIComponent(n)}`; }, web);
  await page.waitForFunction(() => [...document.querySelectorAll('#node-actions tbody tr[data-request] td.status')]
    .some((td) => td.textContent === 'DONE'));
  step(`killing it from the page was carried out (${outcome}) and is in the node's audit trail`);

  await page.click('header nav a[data-view="deployments"]');
  await page.waitForSelector('#view-deployments.shown #scale-form');
  await page.waitForFunction(() => [...document.querySelector('#scale-family').options].some((o) => o.value === 'db'));
  await page.selectOption('#scale-family', 'db');
  await page.fill('#scale-nodes', '1');
  await page.click('#scale-form button[type="submit"]');
  await page.waitForFunction(() => /^scale out 1 \(operator-/.test(document.querySelector('#scale-result').textContent));
  const decision = (await page.textContent('#scale-result')).match(/\((operator-[^)]+)\)/)[1];
  // The deployer names the decision's node db-<12 hex of SHA-256(decision id)>-1. The stream processor
  // may scale the idle db family back in at any moment, which moves that node to its own request on
  // the deployments page, so the proof is the node's own history: it reached RUNNING.
  const launched = `db-${createHash('sha256').update(decision).digest('hex').slice(0, 12)}-1`;
  await page.waitForFunction(async (n) => {
    const res = await fetch(`/api/nodes/${encodeURIComponent(n)}`);
    if (!res.ok) return false;
    const detail = await res.json();
    return detail.events.some((e) => e.source === 'deployment' && e.kind === 'RUNNING');
  }, launched, { polling: 500 });
  step(`the scale form went through the console to the deployer: ${decision} launched ${launched}, which reached RUNNING`);

  const marker = await page.evaluate(() => window.__numbatNoReload);
  if (marker !== 'still the same page') throw new Error('the page was reloaded');
  step('no page reload happened');
} catch (e) {
  failed = true;
  console.log(`not ok - ${e.message}`);
  try {
    mkdirSync('target', { recursive: true });
    await page.screenshot({ path: 'target/console-spec-failure.png' });
    console.log('# screenshot: target/console-spec-failure.png');
  } catch { /* the browser may be gone */ }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
