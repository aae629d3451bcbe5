// The node page's charts: one uPlot chart per metric with a limit or an alarm, over the chosen time range,
// with the limit (dashed red) and the forecast to exhaustion (dotted orange) drawn in, and a tooltip at the cursor.
// uPlot (MIT licence) is served by the console from its webjar at /vendor/uplot/ (LICENSE beside it); no CDN.
const charts = {node: null, byMetric: new Map()};

function chartData(h, forecast, rangeSeconds) {
  const now = Date.now() / 1000, from = now - rangeSeconds;
  const pts = (h.points || []).filter(([t, v]) => v != null && t / 1000 >= from).map(([t, v]) => [t / 1000, v]);
  const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
  let to = now;
  const fc = [];
  xs.forEach(() => fc.push(null));
  if (forecast && forecast.secondsToExhaustion != null && pts.length && h.limit != null) {
    // from the last point to where the forecast reaches the limit, cut at a quarter of the range past now
    const [t0, v0] = pts[pts.length - 1];
    const tEnd = forecast.timestamp / 1000 + forecast.secondsToExhaustion;
    const horizon = now + rangeSeconds / 4;
    const tCut = Math.min(tEnd, horizon);
    const vCut = tEnd <= t0 ? h.limit : v0 + (h.limit - v0) * (tCut - t0) / (tEnd - t0);
    fc[fc.length - 1] = v0;
    xs.push(tCut); ys.push(null); fc.push(vCut);
    to = Math.max(now, tCut);
  }
  const data = [xs, ys];
  if (h.limit != null) data.push(xs.map(() => h.limit));
  if (forecast && fc.some(v => v != null)) data.push(fc);
  return {data, from, to};
}

function chartOptions(metric, h, withForecast, range, box) {
  const series = [{}, {label: metric, stroke: '#2b6cb0', width: 1.6, value: (u, v) => fmt(v)}];
  if (h.limit != null) series.push({label: 'limit', stroke: '#b3261e', dash: [5, 3], width: 1.2, value: (u, v) => fmt(v)});
  if (withForecast) series.push({label: 'forecast', stroke: '#c25e00', dash: [2, 3], width: 1.4, spanGaps: true, value: (u, v) => fmt(v)});
  return {
    width: 420, height: 160,
    scales: {
      x: {time: true, range: () => [range.from, range.to]},
      y: {range: (u, min, max) => [0, Math.max(max ?? 0, h.limit ?? 0, 1e-9) * 1.05]},
    },
    series,
    axes: [{size: 30, font: '10px system-ui'}, {size: 52, font: '10px system-ui', values: (u, vals) => vals.map(fmt)}],
    legend: {live: true},
    hooks: {setCursor: [u => tooltip(u, box)]},
  };
}

function tooltip(u, box) {
  const tip = box.querySelector('.tip'), i = u.cursor.idx;
  const values = i == null ? [] : u.series.slice(1).map((sr, k) => [sr.label, u.data[k + 1][i]]).filter(([, v]) => v != null);
  if (!values.length || u.cursor.left < 0) { tip.style.display = 'none'; return; }
  tip.textContent = `${new Date(u.data[0][i] * 1000).toLocaleTimeString()}: ` + values.map(([l, v]) => `${l} ${fmt(v)}`).join(', ');
  tip.style.left = (u.over.offsetLeft + u.cursor.left + 10) + 'px';
  tip.style.top = (u.over.offsetTop + u.cursor.top - 10) + 'px';
  tip.style.display = 'block';
}

function trendText(h, last) {
  const s = h.trendPerMinute;
  return s == null ? 'not enough history for a trend' : Math.abs(s) < 1e-9 + Math.abs(last ?? 0) * 1e-4 ? 'flat'
    : `${s > 0 ? 'rising' : 'falling'} ${fmt(Math.abs(s))}/min`;
}

/** Draws (or updates) one chart per metric of `history` that has any points into `el`. */
function drawCharts(el, history, forecasts, rangeSeconds) {
  if (charts.node !== state.node) {
    charts.byMetric.forEach(c => c.u.destroy());
    charts.byMetric.clear();
    el.innerHTML = '';
    charts.node = state.node;
  }
  for (const [metric, h] of Object.entries(history)) {
    if (!(h.points || []).length && !charts.byMetric.has(metric)) continue; // the node does not report it
    const forecast = forecasts[metric];
    const range = chartData(h, forecast, rangeSeconds);
    const withForecast = range.data.length > (h.limit != null ? 3 : 2);
    const key = `${rangeSeconds}|${h.limit != null}|${withForecast}`;
    let c = charts.byMetric.get(metric);
    if (!c) {
      const box = document.createElement('div');
      box.className = 'chart';
      box.dataset.metric = metric;
      box.style.position = 'relative';
      box.innerHTML = `<b>${esc(metric)}</b> <span class="muted now"></span><div class="plot"></div><div class="tip"></div>` +
        `<div class="muted trend"></div>`;
      el.appendChild(box);
      c = {box, u: null, key: null, range};
      charts.byMetric.set(metric, c);
    }
    c.range.from = range.from; c.range.to = range.to;
    if (c.key !== key) {
      if (c.u) c.u.destroy();
      c.u = new uPlot(chartOptions(metric, h, withForecast, c.range, c.box), range.data, c.box.querySelector('.plot'));
      c.key = key;
    } else {
      c.u.setData(range.data);
    }
    const last = range.data[1].filter(v => v != null).pop();
    c.box.dataset.limit = h.limit ?? '';
    c.box.querySelector('.now').textContent = `now ${fmt(last)}${h.limit != null ? ' of ' + fmt(h.limit) : ''}`;
    const fcText = forecast ? ` · <b class="forecast">${esc(limitName[metric] || metric)} in ${minutes(forecast.secondsToExhaustion)}</b>` : '';
    c.box.querySelector('.trend').innerHTML = `trend: ${trendText(h, last)}${fcText}`;
  }
}

document.getElementById('node-range').addEventListener('change', () => loadNode());

// The node page's anomaly chart: the node's highest anomaly score per minute (numbat.anomaly-scores, served by
// GET /api/nodes/{node}/anomaly) with the anomaly alarm's threshold as a dashed red line; the tooltip names the metric
// behind each minute's score, and the table beside the chart lists each metric's highest score of the range.
const anomaly = {node: null, u: null, key: null, range: {from: 0, to: 0}, metrics: []};

async function loadAnomaly(name) {
  const rangeSeconds = +$('#node-range').value;
  const r = await api(`/api/nodes/${encodeURIComponent(name)}/anomaly?minutes=${Math.min(60, Math.ceil(rangeSeconds / 60))}`);
  if (state.view !== 'node' || state.node !== name || !r.ok) return;
  drawAnomaly($('#anomaly-chart'), await r.json(), rangeSeconds);
}

function anomalyTip(u, box) {
  const tip = box.querySelector('.tip'), i = u.cursor.idx;
  if (i == null || u.cursor.left < 0 || u.data[1][i] == null) { tip.style.display = 'none'; return; }
  tip.textContent = `${new Date(u.data[0][i] * 1000).toLocaleTimeString()}: ${fmt(u.data[1][i])} ` +
    `(${anomaly.metrics[i] ?? '?'}), threshold ${fmt(u.data[2][i])}`;
  tip.style.left = (u.over.offsetLeft + u.cursor.left + 10) + 'px';
  tip.style.top = (u.over.offsetTop + u.cursor.top - 10) + 'px';
  tip.style.display = 'block';
}

/** Draws (or updates) the anomaly chart of `a` (the anomaly endpoint's answer) into `el`, and its metrics table. */
function drawAnomaly(el, a, rangeSeconds) {
  if (anomaly.node !== state.node) {
    if (anomaly.u) anomaly.u.destroy();
    anomaly.u = null; anomaly.key = null; el.innerHTML = ''; anomaly.node = state.node;
  }
  const minutes = a.minutes || [];
  const now = Date.now() / 1000;
  anomaly.range.from = now - rangeSeconds; anomaly.range.to = now;
  anomaly.metrics = minutes.map(m => m.metric);
  const xs = minutes.map(m => m.windowStart / 1000);
  const data = [xs, minutes.map(m => m.max), minutes.map(m => m.threshold)];
  const above = minutes.filter(m => m.max >= m.threshold).length;
  $('#anomaly-note').textContent = minutes.length
    ? `${above} of ${minutes.length} minutes at or above the alarm threshold ${fmt(a.threshold)}`
    : `no scores yet (the stream processor publishes one record per node and minute; alarm threshold ${fmt(a.threshold)})`;
  let box = el.querySelector('.chart');
  if (!box) {
    box = document.createElement('div');
    box.className = 'chart';
    box.dataset.metric = 'anomaly';
    box.style.position = 'relative';
    box.innerHTML = '<b>highest score per minute</b> <span class="muted now"></span><div class="plot"></div><div class="tip"></div>';
    el.appendChild(box);
  }
  box.dataset.points = minutes.length;
  box.dataset.threshold = a.threshold;
  const last = minutes[minutes.length - 1];
  box.querySelector('.now').textContent = last ? `last minute ${fmt(last.max)} (${last.metric})` : '';
  if (minutes.length && (!anomaly.u || anomaly.key !== rangeSeconds)) {
    if (anomaly.u) anomaly.u.destroy();
    anomaly.u = new uPlot({
      width: 420, height: 160,
      scales: {x: {time: true, range: () => [anomaly.range.from, anomaly.range.to]}, y: {range: () => [0, 1.05]}},
      series: [{},
        {label: 'highest score', stroke: '#6b46c1', width: 1.6, points: {show: true, size: 4}, value: (u, v) => fmt(v)},
        {label: 'threshold', stroke: '#b3261e', dash: [5, 3], width: 1.2, value: (u, v) => fmt(v)}],
      axes: [{size: 30, font: '10px system-ui'}, {size: 40, font: '10px system-ui', values: (u, vals) => vals.map(fmt)}],
      legend: {live: true},
      hooks: {setCursor: [u => anomalyTip(u, box)]},
    }, data, box.querySelector('.plot'));
    anomaly.key = rangeSeconds;
  } else if (anomaly.u) {
    anomaly.u.setData(data);
  }
  $('#anomaly-metrics tbody').innerHTML = (a.metrics || []).slice(0, 8).map(m => `<tr data-metric="${esc(m.metric)}">` +
    `<td>${esc(m.metric)}</td><td class="num${m.max >= a.threshold ? ' above' : ''}">${fmt(m.max)}</td>` +
    `<td>${time(m.at)}</td><td class="num">${fmt(m.last)}</td></tr>`).join('')
    || '<tr><td colspan="4" class="muted">none</td></tr>';
}
