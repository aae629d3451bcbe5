// Manage (issue 14): the node's live Top table, the fleet's bottlenecks, a process's process_info asked of its
// agent over Kafka, and the gc / kill buttons, which ask for confirmation and a reason, then show the agent's result.
const manage = {top: null, topBy: 'reductions', actionsEnabled: false, disabledReason: '', pending: null};
const bytes = v => v == null ? '–' : v >= 1 << 30 ? (v / (1 << 30)).toFixed(1) + ' GiB' : v >= 1 << 20 ? (v / (1 << 20)).toFixed(1) + ' MiB'
  : v >= 1024 ? (v / 1024).toFixed(1) + ' KiB' : v + ' B';
const count = v => v == null ? '–' : Number.isInteger(v) && Math.abs(v) < 1e4 ? String(v) : fmt(v); // no "3.00" processes
const processLink = (node, pid, text) => pid
  ? `<a href="#/process/${encodeURIComponent(node)}/${encodeURIComponent(pid)}">${esc(text ?? pid)}</a>` : esc(text ?? '');

/* ---------- Top: the node's top processes of its latest tick, sortable ---------- */
async function loadTop() {
  const name = state.node;
  const r = await api(`/api/nodes/${encodeURIComponent(name)}/top?by=${manage.topBy}`);
  if (state.view !== 'node' || state.node !== name) return;
  manage.top = r.ok ? await r.json() : {processes: [], error: (await r.json()).error};
  renderTop();
}
function renderTop() {
  const t = manage.top; if (!t) return;
  const by = manage.topBy;
  document.querySelectorAll('#node-top th[data-sort]').forEach(th => th.classList.toggle('sorted', th.dataset.sort === by));
  $('#top-when').textContent = t.error ? t.error : t.timestamp
    ? `tick of ${time(t.timestamp)}, reductions over ${(t.windowMillis / 1000).toFixed(1)} s`
    : 'waiting for the node\'s next tick (a node\'s top lists are kept while its page is open)';
  const rows = (t.processes || []).slice().sort((a, b) => b[by] - a[by] || a.pid.localeCompare(b.pid));
  $('#node-top tbody').innerHTML = rows.map(p => `<tr data-pid="${esc(p.pid)}"><td>${processLink(state.node, p.pid)}</td>` +
    `<td>${esc(p.process)}</td><td class="muted">${esc(p.currentFunction)}</td><td class="num reductions">${count(p.reductions)}</td>` +
    `<td class="num memory">${bytes(p.memory)}</td><td class="num queue">${count(p.queue)}</td><td>` +
    `<button class="act" data-act="gc" data-pid="${esc(p.pid)}">gc</button> ` +
    `<button class="act" data-act="kill" data-pid="${esc(p.pid)}">kill</button></td></tr>`).join('')
    || `<tr><td colspan="7" class="muted">no top processes${t.timestamp ? ' in this tick' : ' yet'}</td></tr>`;
  enableActions();
}
document.querySelector('#node-top thead').addEventListener('click', e => {
  const th = e.target.closest('th[data-sort]'); if (!th) return;
  manage.topBy = th.dataset.sort; renderTop();
});

/* ---------- the node's audit trail, and whether this console may act ---------- */
async function loadAudit() {
  const name = state.node;
  const r = await api(`/api/nodes/${encodeURIComponent(name)}/actions`);
  if (state.node !== name) return;
  const a = r.ok ? await r.json() : {actions: [], actionsEnabled: false, disabledReason: (await r.json()).error};
  manage.actionsEnabled = a.actionsEnabled; manage.disabledReason = a.disabledReason || '';
  enableActions();
  $('#node-actions tbody').innerHTML = (a.actions || []).map(x => `<tr data-request="${esc(x.requestId)}"><td>${time(x.requestedAt)}</td>` +
    `<td>${esc(x.who)}</td><td>${esc(x.action)} ${processLink(name, x.pid)}${x.dryRun ? ' <span class="muted">(dry run)</span>' : ''}</td>` +
    `<td>${esc(x.reason)}</td><td class="status">${esc(x.status)}</td><td>${esc(x.message)}</td><td class="muted">${esc(x.agent)}</td></tr>`)
    .join('') || '<tr><td colspan="7" class="muted">no actions on this node</td></tr>';
}
function enableActions() {
  document.querySelectorAll('button.act').forEach(b => {
    b.disabled = !manage.actionsEnabled;
    b.title = manage.actionsEnabled ? '' : manage.disabledReason;
  });
  document.querySelectorAll('.actions-note').forEach(n => n.textContent = manage.actionsEnabled ? '' : manage.disabledReason);
}

/* ---------- one process: process_info asked of the agent that watches the node ---------- */
async function loadProcess() {
  const node = state.node, pid = state.pid;
  $('#process-title').textContent = `${pid} on ${node}`;
  $('#process-back').href = `#/node/${encodeURIComponent(node)}`;
  document.querySelectorAll('#process button.act').forEach(b => b.dataset.pid = pid);
  $('#process-status').textContent = 'asking the agent that watches the node…';
  $('#process-info').innerHTML = '';
  const r = await api(`/api/nodes/${encodeURIComponent(node)}/processes/${encodeURIComponent(pid)}`);
  if (state.view !== 'process' || state.pid !== pid) return;
  const d = await r.json().catch(() => ({error: `answered ${r.status}`}));
  if (!r.ok) { $('#process-status').innerHTML = `<span class="RED">${esc(d.error)}</span>`; return; }
  $('#process-status').textContent = `answered by ${d.agent} at ${time(d.answeredAt)}`;
  const p = d.process;
  const rows = [['status', esc(p.status)], ['registered name', esc(p.registeredName ?? '–')], ['initial call', esc(p.initialCall)],
    ['current function', esc(p.currentFunction)], ['message queue', count(p.messageQueueLength)], ['memory', bytes(p.memory)],
    ['heap size (words)', count(p.heapSize)], ['total heap size (words)', count(p.totalHeapSize)], ['reductions', count(p.reductions)],
    ['links', esc((p.links || []).join(' ')) || '–'], ['monitors', esc((p.monitors || []).join(' ')) || '–'],
    ['dictionary entries', count(p.dictionarySize)],
    ['current stacktrace', `<pre class="stack">${esc((p.currentStacktrace || []).join('\n'))}</pre>`]];
  $('#process-info').innerHTML = rows.map(([k, v]) => `<tr><th>${k}</th><td class="${k.replaceAll(' ', '-')}">${v}</td></tr>`).join('');
}
document.getElementById('process-refresh').addEventListener('click', () => loadProcess());

/* ---------- the fleet's bottlenecks ---------- */
async function loadBottlenecks() {
  const r = await api('/api/bottlenecks');
  if (state.view !== 'bottlenecks') return;
  const b = r.ok ? await r.json() : {alarms: []};
  $('#bottleneck-count').textContent = `${b.total ?? 0} live`;
  $('#bottlenecks tbody').innerHTML = (b.alarms || []).map(a => {
    const c = a.culprit || {};
    const where = a.node ? nodeLink(a.node)
      : `family ${esc(a.family)}${(a.nodes || []).length ? ': ' + a.nodes.map(nodeLink).join(', ') : ''}`;
    const culprit = a.node && c.pid ? `${processLink(a.node, c.pid)} ${esc(c.process)} <span class="muted">${esc(c.currentFunction)}</span>`
      : esc(c.process);
    return `<tr data-alarm-id="${esc(a.id)}"><td class="${a.severity}">${a.severity.toLowerCase()}</td><td>${where}</td>` +
      `<td>${esc(a.metric)}</td><td class="culprit">${culprit}</td><td>${esc(a.cause)}</td><td>${time(a.timestamp)}</td></tr>`;
  }).join('') || '<tr><td colspan="6">no bottlenecks</td></tr>';
}

/* ---------- actions: confirm with a reason, publish, show the agent's result ---------- */
document.addEventListener('click', e => {
  const b = e.target.closest('button.act'); if (!b || b.disabled) return;
  const act = b.dataset.act, pid = b.dataset.pid || null, node = state.node;
  manage.pending = {act, pid, node};
  $('#action-title').textContent = `${act === 'gc' ? 'Garbage-collect' : 'Kill'} ${pid ?? 'every process'} on ${node}?`;
  $('#action-what').textContent = act === 'kill' ? `exit(${pid}, kill): the process ends at once, whatever it was doing.`
    : pid ? `erlang:garbage_collect(${pid})` : 'erlang:garbage_collect/1 of every process of the node, at low priority.';
  $('#action-reason').value = ''; $('#action-error').textContent = ''; $('#action-dry').checked = false;
  $('#action-user').value = localStorage.getItem('numbat.user') || '';
  $('#action-dialog').showModal();
  $('#action-reason').focus();
});
document.getElementById('action-form').addEventListener('submit', async e => {
  if (e.submitter?.value !== 'confirm') return; // Cancel closes the dialog, nothing is sent
  e.preventDefault();
  const reason = $('#action-reason').value.trim();
  if (!reason) { $('#action-error').textContent = 'say why: the reason is kept with the audit record'; return; }
  const user = $('#action-user').value.trim();
  if (user) localStorage.setItem('numbat.user', user);
  const {act, pid, node} = manage.pending;
  $('#action-dialog').close();
  showResult(`${act} ${pid ?? node}: sent, waiting for the agent…`, false);
  const r = await api(`/api/nodes/${encodeURIComponent(node)}/actions`, {method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({action: act, pid, reason, dryRun: $('#action-dry').checked, user: user || undefined})});
  const body = await r.json().catch(() => ({}));
  if (r.status === 200) {
    const res = body.result;
    showResult(`${res.status}: ${res.message} (${res.agent})`, !['DONE', 'WOULD_DO'].includes(res.status));
  } else if (r.status === 202) {
    showResult(body.message, true);
  } else {
    showResult(`refused (${r.status}): ${body.error}`, true);
  }
  if (state.node === node) { loadAudit(); if (state.view === 'node') loadTop(); }
});
function showResult(text, bad) {
  const el = $('#action-result');
  el.textContent = text; el.classList.toggle('bad', bad); el.style.display = 'block';
  clearTimeout(manage.resultTimer);
  manage.resultTimer = setTimeout(() => { el.style.display = 'none'; }, 20000);
}
