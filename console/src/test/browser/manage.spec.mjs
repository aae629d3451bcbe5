// The Manage pages (issue 14) in headless Chromium:
//   node manage.spec.mjs CONSOLE_URL READ_ONLY_CONSOLE_URL NODE
// CONSOLE_URL has an operator token, READ_ONLY_CONSOLE_URL none; both know NODE, its top processes (a runaway
// <0.4711.0> first by reductions, a memory hog <0.4713.0>, a mailbox flood <0.4712.0>), a bottleneck alarm naming
// the flood (and its family's), and a process_count history with its limit and forecast. Run by ManagePagesBrowserIT
// (console module), which stands in for Kafka and the agent.
// 1. the Top table sorts by reductions, memory and queue, and follows the node's ticks;
// 2. the process_count chart draws its limit, a forecast and a tooltip; the time range changes the chart;
// 3. kill asks for confirmation and a reason: no reason, no action; Cancel sends nothing; a dry run and a kill show
//    the agent's result, and both are in the node's audit trail;
// 4. the bottleneck view lists the node's and the family's alarms and links the culprit to its process page, which
//    shows process_info and the agent that answered;
// 5. without an operator token the buttons are disabled and the page says why;
// 6. the node's error log events (a LOG node event) are listed, escaped, and its alarm refers to them;
// 7. the anomaly chart draws the node's highest score per minute with the alarm's threshold as a line, its table
//    lists the metrics by their highest score, and hovering names the minute's metric.
// Every wait is on a DOM condition (a loaded 2-core machine); exit 0 when every step passed.
// With SCREENSHOTS_DIR set it also writes manage-*.png there (docs/console.md's Manage screenshots, 1280 wide).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [consoleUrl, readOnlyUrl, node] = process.argv.slice(2);
if (!consoleUrl || !readOnlyUrl || !node) {
  console.error('usage: node manage.spec.mjs CONSOLE_URL READ_ONLY_CONSOLE_URL NODE');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT = Number(process.env.NUMBAT_BROWSER_WAIT_MS || 60_000);
const step = (name) => console.log(`ok - ${name}`);
const shots = process.env.SCREENSHOTS_DIR;
const shot = async (name, options = {}) => { if (shots) await page.screenshot({ path: `${shots}/${name}.png`, ...options }); };
const nodePage = (base) => `${base}/#/node/${encodeURIComponent(node)}`;

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(WAIT);
page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') console.log(`# console error: ${m.text()}`); });
const firstPid = () => page.$eval('#node-top tbody tr[data-pid]', (tr) => tr.dataset.pid);
const waitFirst = (pid) => page.waitForFunction((p) => document.querySelector('#node-top tbody tr[data-pid]')?.dataset.pid === p, pid);
let failed = false;
try {
  // 1. Top
  await page.goto(nodePage(consoleUrl));
  await page.waitForFunction(() => document.querySelectorAll('#node-top tbody tr[data-pid]').length >= 4);
  await waitFirst('<0.4711.0>');
  step(`the Top table shows the node's processes, by reductions first: ${await firstPid()}`);
  await page.click('#node-top th[data-sort="memory"]');
  await waitFirst('<0.4713.0>');
  await page.click('#node-top th[data-sort="queue"]');
  await waitFirst('<0.4712.0>');
  await page.click('#node-top th[data-sort="reductions"]');
  await waitFirst('<0.4711.0>');
  step('sorting by memory, queue and reductions puts the hog, the flood and the runaway first');
  const when = await page.textContent('#top-when');
  await page.waitForFunction((w) => document.querySelector('#top-when').textContent !== w && /^tick of/.test(document.querySelector('#top-when').textContent), when);
  step(`the table follows the node's ticks (${when} -> ${await page.textContent('#top-when')})`);

  // 6. the node's error log events, and its alarm's reference to them
  await page.waitForSelector('#node-logs tbody tr.log');
  const logRow = await page.textContent('#node-logs tbody tr.log');
  if (!logRow.includes('<b>payment</b> 42 failed: timeout') || !logRow.includes('shop:pay/2')) {
    throw new Error(`the error log event is not listed as sent: ${logRow}`);
  }
  await page.waitForSelector('#node-alarms a.alarm-logs');
  const ref = (await page.textContent('#node-alarms a.alarm-logs')).trim();
  if (ref !== '1 error log event') throw new Error(`the alarm does not refer to the log event: ${ref}`);
  step(`the node's error log events are listed and its alarm refers to them (${ref})`);

  // 7. the anomaly chart: the highest score per minute with the alarm's threshold, and the metrics table beside it
  const ac = '#anomaly-chart .chart[data-metric="anomaly"]';
  await page.waitForSelector(`${ac} canvas`);
  await page.waitForFunction((c) => Number(document.querySelector(c).dataset.points) >= 20, ac);
  const threshold = await page.$eval(ac, (c) => c.dataset.threshold);
  if (threshold !== '0.95') throw new Error(`the anomaly chart's threshold: ${threshold}`);
  const aLabels = await page.$$eval(`${ac} .u-legend .u-label`, (ls) => ls.map((l) => l.textContent));
  if (!aLabels.includes('highest score') || !aLabels.includes('threshold')) throw new Error(`the anomaly chart's series: ${aLabels}`);
  const topRow = await page.$eval('#anomaly-metrics tbody tr', (tr) =>
    [tr.dataset.metric, tr.querySelector('td.num').textContent, !!tr.querySelector('td.above')]);
  if (topRow[0] !== 'scheduler_utilisation' || topRow[1] !== '0.97' || !topRow[2]) {
    throw new Error(`the anomaly table's first row: ${topRow}`);
  }
  const aOver = await page.$(`${ac} .u-over`);
  await aOver.scrollIntoViewIfNeeded();
  const aBox = await aOver.boundingBox();
  await page.mouse.move(aBox.x + aBox.width * 0.9, aBox.y + aBox.height / 2);
  await page.waitForFunction((c) => {
    const tip = document.querySelector(`${c} .tip`);
    return tip && tip.style.display === 'block' && /threshold 0.95/.test(tip.textContent) && /_/.test(tip.textContent);
  }, ac);
  step(`the anomaly chart draws ${await page.$eval(ac, (c) => c.dataset.points)} minutes with the alarm's threshold ` +
    `(${threshold}), its table puts ${topRow[0]} first at ${topRow[1]}, and hovering names the metric: ` +
    `${await page.textContent(`${ac} .tip`)}`);
  if (shots) await (await page.$('#node-anomaly')).screenshot({ path: `${shots}/manage-anomaly.png` });
  await page.mouse.move(0, 0);

  // 2. a chart with its limit, forecast and tooltip
  const chart = '#node-charts .chart[data-metric="process_count"]';
  await page.waitForSelector(`${chart} canvas`);
  const limit = await page.$eval(chart, (c) => c.dataset.limit);
  if (limit !== '262144') throw new Error(`the process_count chart has no limit: ${limit}`);
  const labels = await page.$$eval(`${chart} .u-legend .u-label`, (ls) => ls.map((l) => l.textContent));
  if (!labels.includes('limit') || !labels.includes('forecast')) throw new Error(`the chart's series: ${labels}`);
  step(`the process_count chart draws its limit (${limit}) and its forecast (series: ${labels.join(', ')})`);
  const over = await page.$(`${chart} .u-over`);
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.waitForFunction((c) => {
    const tip = document.querySelector(`${c} .tip`);
    return tip && tip.style.display === 'block' && /: /.test(tip.textContent);
  }, chart);
  step(`hovering shows a tooltip: ${await page.textContent(`${chart} .tip`)}`);
  await page.waitForSelector('#node-charts .chart[data-metric="port_count"] canvas');
  await page.waitForSelector('#node-charts .chart[data-metric="max_message_queue"] canvas');
  await page.selectOption('#node-range', '600');
  await page.waitForSelector(`${chart} canvas`);
  step('queues and ports are charted too, and the time range can be changed');

  // 3. actions: confirmation and a reason
  const kill = '#node-top tr[data-pid="<0.4711.0>"] button[data-act="kill"]';
  await page.waitForSelector(`${kill}:not([disabled])`);
  await page.click(kill);
  await page.waitForSelector('#action-dialog[open]');
  const title = await page.textContent('#action-title');
  if (!title.includes('Kill <0.4711.0>')) throw new Error(`the dialog asks: ${title}`);
  await page.click('#action-confirm');
  await page.waitForFunction(() => /say why/.test(document.querySelector('#action-error').textContent));
  if (!(await page.$('#action-dialog[open]'))) throw new Error('the dialog closed without a reason');
  await page.click('#action-cancel');
  await page.waitForFunction(() => !document.querySelector('#action-dialog').open);
  step(`kill asks for confirmation ("${title}"), refuses to go without a reason, and Cancel closes it`);

  await page.click(kill);
  await page.fill('#action-reason', 'runaway report, checked in the browser');
  await page.fill('#action-user', 'ann');
  await page.check('#action-dry');
  await shot('manage-action-dialog');
  await page.click('#action-confirm');
  await page.waitForFunction(() => /^WOULD_DO: would kill <0.4711.0>/.test(document.querySelector('#action-result').textContent));
  step(`a dry run shows the agent's answer: ${await page.textContent('#action-result')}`);
  await page.click(kill);
  if ((await page.inputValue('#action-user')) !== 'ann') throw new Error('the dialog forgot the user');
  await page.fill('#action-reason', 'runaway report, checked in the browser');
  await page.click('#action-confirm');
  await page.waitForFunction(() => /^DONE: killed <0.4711.0>/.test(document.querySelector('#action-result').textContent));
  step(`the kill shows the agent's result: ${await page.textContent('#action-result')}`);
  await page.waitForFunction(() => {
    const statuses = [...document.querySelectorAll('#node-actions tbody tr[data-request] td.status')].map((td) => td.textContent);
    return statuses.length === 2 && statuses.includes('DONE') && statuses.includes('WOULD_DO');
  });
  step('both are in the node\'s audit trail, with their results');
  await page.selectOption('#node-range', '3600');
  await page.waitForTimeout(300); // let the charts redraw before the picture (not an assertion)
  await shot('manage-node', { fullPage: true });

  // 4. bottlenecks, linked to the process page
  await page.click('header nav a[data-view="bottlenecks"]');
  await page.waitForSelector(`#bottlenecks tr[data-alarm-id="${node}/bottleneck/max_message_queue"] td.culprit a`);
  await page.waitForSelector('#bottlenecks tr[data-alarm-id="family:web/bottleneck/max_message_queue"]');
  const familyRow = await page.textContent('#bottlenecks tr[data-alarm-id="family:web/bottleneck/max_message_queue"]');
  if (!familyRow.includes(node)) throw new Error(`the family's alarm does not link its node: ${familyRow}`);
  step('the bottleneck view lists the node\'s alarm with its culprit and the family\'s, linked to the node');
  await shot('manage-bottlenecks');
  await page.click(`#bottlenecks tr[data-alarm-id="${node}/bottleneck/max_message_queue"] td.culprit a`);
  await page.waitForFunction(() => /^answered by fleet@test/.test(document.querySelector('#process-status').textContent));
  const status = await page.textContent('#process-info td.status');
  const queue = await page.textContent('#process-info td.message-queue');
  if (status !== 'waiting' || queue !== '8000') throw new Error(`process_info shows status ${status}, queue ${queue}`);
  step(`the culprit's process page shows its process_info (${status}, ${queue} messages) and the agent that answered`);
  await shot('manage-process');

  // 5. no operator token
  await page.goto(nodePage(readOnlyUrl));
  await page.waitForFunction(() => /operator token/.test(document.querySelector('#node-actions .actions-note').textContent));
  await page.waitForSelector('#node-top tbody tr[data-pid]');
  const enabled = await page.$$eval('button.act', (bs) => bs.filter((b) => !b.disabled).length);
  if (enabled !== 0) throw new Error(`${enabled} action buttons are enabled without an operator token`);
  step('without an operator token the buttons are disabled and the page says why');
} catch (e) {
  failed = true;
  console.log(`not ok - ${e.message}`);
  try {
    mkdirSync('target', { recursive: true });
    await page.screenshot({ path: 'target/manage-spec-failure.png', fullPage: true });
    console.log('# screenshot: target/manage-spec-failure.png');
  } catch { /* the browser may be gone */ }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
