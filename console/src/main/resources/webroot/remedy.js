// Prevent (issue 15): the remediations the stream processor proposes and carries out (numbat.remediations, the
// latest state of each), on their own page and on each node's page; PROPOSED ones have approve and reject buttons,
// which ask for a reason and the user, then publish the verdict (numbat.remediation-commands) for the processor.
const remedy = {pending: null, sent: new Map()};
const STATES = ['PROPOSED', 'APPROVED', 'EXECUTING', 'DONE', 'FAILED', 'SKIPPED', 'REJECTED', 'EXPIRED'];
const stateClass = {PROPOSED: 'MAJOR', APPROVED: 'MINOR', EXECUTING: 'MINOR', DONE: 'GREEN', FAILED: 'CRITICAL',
  SKIPPED: 'CRITICAL', REJECTED: 'GREY', EXPIRED: 'GREY'};
const fromNow = t => { const s = (t - Date.now()) / 1000; return s >= 0 ? `in ${minutes(s)}` : `${minutes(-s)} ago`; };

function remediationRow(r) {
  const sent = remedy.sent.get(r.id);
  const waiting = sent && r.state === 'PROPOSED';
  const buttons = waiting ? `<span class="muted verdict-sent">${esc(sent)} sent, waiting for the processor</span>`
    : (r.canApprove ? `<button class="verdict" data-verdict="approve">approve</button> ` : '')
      + (r.canReject ? `<button class="verdict" data-verdict="reject">reject</button>` : '');
  return `<tr data-remediation-id="${esc(r.id)}" data-state="${r.state}"><td class="state ${stateClass[r.state] || ''}">` +
    `${esc(r.state.toLowerCase())}${r.attempt > 1 ? ` <span class="muted">attempt ${r.attempt}</span>` : ''}</td>` +
    `<td>${nodeLink(r.node)}</td><td>${esc(r.family)}</td><td>${esc(r.playbook.toLowerCase())} ` +
    `<span class="muted">${esc(r.mode.toLowerCase())}</span></td>` +
    `<td>${esc(r.cause)}<br><span class="muted">${esc(r.evidence)}</span></td>` +
    `<td class="exhaustion">${time(r.exhaustionAt)}<br><span class="muted">${fromNow(r.exhaustionAt)}</span></td>` +
    `<td class="reason">${esc(r.reason)}${r.who ? ` <span class="muted">(${esc(r.who)})</span>` : ''}</td>` +
    `<td>${r.replacementNode ? nodeLink(r.replacementNode) : '–'}</td><td>${buttons}</td></tr>`;
}
const REMEDIATION_HEAD = '<tr><th>state</th><th>node</th><th>family</th><th>playbook</th><th>cause</th><th>exhaustion</th>' +
  '<th>reason</th><th>replacement</th><th></th></tr>';

/* ---------- the remediations page: filtered by state and family ---------- */
async function loadRemediations() {
  const st = $('#r-state').value, fam = $('#r-family').value.trim();
  const q = new URLSearchParams();
  if (st) q.set('state', st);
  if (fam) q.set('family', fam);
  const r = await api(`/api/remediations?${q}`);
  if (state.view !== 'remediations') return;
  const d = await r.json().catch(() => ({}));
  if (!r.ok) {
    $('#remediation-count').textContent = '';
    $('#remediations tbody').innerHTML = `<tr><td colspan="9" class="RED">${esc(d.error)}</td></tr>`;
    return;
  }
  $('#remediation-count').textContent = `${d.remediations.length} of ${d.total}`;
  $('#remediations tbody').innerHTML = d.remediations.map(remediationRow).join('')
    || '<tr><td colspan="9" class="muted">no remediations</td></tr>';
}
// (this file loads before the page's own script: at load time, document.querySelector rather than its $)
document.querySelector('#r-state').innerHTML = '<option value="">any state</option>'
  + STATES.map(s => `<option>${s}</option>`).join('');
['#r-state', '#r-family'].forEach(s => document.querySelector(s).addEventListener('input', loadRemediations));

/* ---------- the node page: the node's remediations (and the one that started it, for a replacement) ---------- */
async function loadNodeRemediations() {
  const name = state.node;
  const r = await api(`/api/remediations?node=${encodeURIComponent(name)}`);
  if (state.view !== 'node' || state.node !== name) return;
  const d = r.ok ? await r.json() : {remediations: []};
  $('#node-remediations tbody').innerHTML = d.remediations.map(remediationRow).join('')
    || '<tr><td colspan="9" class="muted">no remediations of this node</td></tr>';
}
document.querySelectorAll('table.remediations thead').forEach(t => t.innerHTML = REMEDIATION_HEAD);

/* ---------- approve / reject: ask for a reason and the user, publish, show what was sent ---------- */
document.addEventListener('click', e => {
  const b = e.target.closest('button.verdict'); if (!b) return;
  const id = b.closest('tr').dataset.remediationId, verdict = b.dataset.verdict;
  remedy.pending = {id, verdict};
  $('#verdict-title').textContent = `${verdict === 'approve' ? 'Approve' : 'Reject'} remediation ${id}?`;
  $('#verdict-what').textContent = verdict === 'approve'
    ? 'The stream processor starts it if the forecast still leaves it time and the family\'s rate limits allow.'
    : 'The node is left as it is; the proposal ends REJECTED with your reason.';
  $('#verdict-reason').value = ''; $('#verdict-error').textContent = '';
  $('#verdict-reason').placeholder = verdict === 'approve' ? 'optional' : 'required';
  $('#verdict-user').value = localStorage.getItem('numbat.user') || '';
  $('#verdict-dialog').showModal();
  $('#verdict-reason').focus();
});
document.getElementById('verdict-form').addEventListener('submit', async e => {
  if (e.submitter?.value !== 'confirm') return; // Cancel closes the dialog, nothing is sent
  e.preventDefault();
  const {id, verdict} = remedy.pending;
  const reason = $('#verdict-reason').value.trim();
  if (verdict === 'reject' && !reason) { $('#verdict-error').textContent = 'say why: the reason becomes the remediation\'s'; return; }
  const user = $('#verdict-user').value.trim();
  if (user) localStorage.setItem('numbat.user', user);
  $('#verdict-dialog').close();
  const r = await api(`/api/remediations/${encodeURIComponent(id)}/${verdict}`, {method: 'POST',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({reason: reason || undefined, user: user || undefined})});
  const body = await r.json().catch(() => ({}));
  if (r.status === 202) {
    remedy.sent.set(id, verdict);
    showResult(body.message, false);
  } else {
    showResult(`refused (${r.status}): ${body.error}`, true);
  }
  if (state.view === 'remediations') loadRemediations();
  if (state.view === 'node') loadNodeRemediations();
});
