// The fleet page's cost in headless Chromium, for `numbat bench console`:
//   node console-bench.mjs CONSOLE_URL [SECONDS]
// Prints one JSON line: first_paint_ms (the browser's first-contentful-paint, or first-paint),
// fleet_render_ms (navigation start to the first fleet row drawn from live data), and the SSE
// messages (and bytes) per second the page received over SECONDS (default 30).
import { chromium } from 'playwright-core';

const [url, secondsArg] = process.argv.slice(2);
if (!url) {
  console.error('usage: node console-bench.mjs CONSOLE_URL [SECONDS]');
  process.exit(2);
}
const seconds = Number(secondsArg || 30);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(180_000);
  // count every SSE message the page's EventSource receives, whatever its event type
  await page.addInitScript(() => {
    window.__sse = { messages: 0, bytes: 0 };
    const Real = window.EventSource;
    window.EventSource = function (u, o) {
      const es = new Real(u, o);
      for (const type of ['snapshot', 'fleet', 'alarm', 'message']) {
        es.addEventListener(type, (m) => { window.__sse.messages++; window.__sse.bytes += m.data.length; });
      }
      return es;
    };
  });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#fleet tbody tr').length > 0);
  const fleetRender = await page.evaluate(() => performance.now());
  const paints = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('paint').map((p) => [p.name, p.startTime])));
  const firstPaint = paints['first-contentful-paint'] ?? paints['first-paint'];
  const before = await page.evaluate(() => ({ ...window.__sse, t: performance.now() }));
  await page.waitForFunction((until) => performance.now() >= until, before.t + seconds * 1000, { polling: 1000, timeout: seconds * 1000 + 60_000 });
  const after = await page.evaluate(() => ({ ...window.__sse, t: performance.now() }));
  const span = (after.t - before.t) / 1000;
  const nodes = await page.textContent('#fleet-totals');
  console.log(JSON.stringify({
    first_paint_ms: Math.round(firstPaint),
    fleet_render_ms: Math.round(fleetRender),
    sse_msgs_per_s: +((after.messages - before.messages) / span).toFixed(2),
    sse_bytes_per_s: Math.round((after.bytes - before.bytes) / span),
    seconds: +span.toFixed(1),
    fleet_totals: nodes,
  }));
} finally {
  await browser.close();
}
