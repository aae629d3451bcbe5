// Silences and pauses (issue 17, item 4): operators' silences (numbat.silences), each family's autoscaling mode
// (numbat.family-policies, changed through the deployer) and the audit of every change (numbat.operator-changes).
// Changes need the console's operator token; without it the forms are disabled and say why.
const SILENCE_STATUS = {ACTIVE: 'MAJOR', PENDING: 'MINOR', EXPIRED: 'GREY'};
const when = t => t ? new Date(t).toLocaleString() : '';

function matcherText(s) {
  return [s.node && `node=${s.node}`, s.family && `family=${s.family}`, s.alarmType && `type=${s.alarmType}`]
    .filter(Boolean).join(' ');
}
function silenceRow(s) {
  const expire = s.status === 'EXPIRED' ? '' : '<button class="expire">expire</button>';
  return `<tr data-silence-id="${esc(s.id)}" data-status="${s.status}"><td class="${SILENCE_STATUS[s.status] || ''}">` +
    `${esc(s.status.toLowerCase())}</td><td class="matchers">${esc(matcherText(s))}</td><td>${when(s.startsAt)}</td>` +
    `<td>${when(s.expiredAt && s.expiredAt < s.endsAt ? s.expiredAt : s.endsAt)}</td><td>${esc(s.createdBy)}</td>` +
    `<td>${esc(s.comment)}</td><td>${expire}</td></tr>`;
}
function changeRow(c) {
  const what = c.silence ? matcherText(c.silence) : c.policy ? `${c.policy.family}: ${c.policy.mode.toLowerCase()}` : '';
  return `<tr data-kind="${c.kind}"><td>${when(c.timestamp)}</td><td>${esc(c.who)}</td>` +
    `<td>${esc(c.kind.toLowerCase().replace('_', ' '))}</td><td>${esc(what)}</td><td>${esc(c.reason)}</td>` +
    `<td class="muted">${esc(c.via)}</td></tr>`;
}
function familyRow(f, enabled) {
  const paused = f.mode === 'PAUSED';
  const b = enabled ? `<input class="reason" placeholder="reason"> <button class="autoscaling" data-verb="${paused ? 'resume' : 'pause'}">` +
    `${paused ? 'resume' : 'pause'}</button>` : '';
  return `<tr data-family="${esc(f.family)}" data-mode="${f.mode}"><td>${esc(f.family)}</td>` +
    `<td class="${paused ? 'MAJOR' : f.mode === 'PINNED' ? 'MINOR' : 'GREEN'}">${esc(f.mode.toLowerCase())}` +
    `${f.mode === 'PINNED' ? ' at ' + f.pinnedNodes : ''}</td><td>${esc(f.reason)}${f.user ? ` <span class="muted">(${esc(f.user)})</span>` : ''}` +
    `</td><td>${b}</td></tr>`;
}

async function loadSilences() {
  const [s, a, c] = await Promise.all(['/api/silences', '/api/autoscaling', '/api/changes?limit=100']
    .map(p => api(p).then(r => r.json()).catch(() => ({}))));
  if (state.view !== 'silences') return;
  const enabled = !!s.changesEnabled;
  document.querySelectorAll('#silence-form input, #silence-form button').forEach(e => e.disabled = !enabled);
  $('#silence-note').textContent = enabled ? '' : (s.disabledReason || '');
  $('#silences tbody').innerHTML = (s.silences || []).map(silenceRow).join('')
    || '<tr><td colspan="7" class="muted">no silences</td></tr>';
  $('#autoscaling-note').textContent = a.changesEnabled ? '' : (a.disabledReason || '');
  const scaling = $('#autoscaling tbody');
  if (!scaling.contains(document.activeElement)) { // not while the operator types a reason
    scaling.innerHTML = (a.families || []).map(f => familyRow(f, a.changesEnabled)).join('')
      || '<tr><td colspan="4" class="muted">no families</td></tr>';
  }
  $('#changes tbody').innerHTML = (c.changes || []).map(changeRow).join('')
    || '<tr><td colspan="6" class="muted">no changes yet</td></tr>';
}

document.querySelector('#silence-form').addEventListener('submit', async e => {
  e.preventDefault();
  const v = id => document.querySelector(id).value.trim() || null;
  const body = {node: v('#s-node'), family: v('#s-family'), alarmType: v('#s-type'), duration: v('#s-duration'),
    comment: v('#s-comment'), user: v('#s-user')};
  const r = await api('/api/silences', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
  const d = await r.json().catch(() => ({}));
  $('#silence-result').className = r.ok ? 'muted' : 'RED';
  $('#silence-result').textContent = r.ok ? `silence ${d.silence.id} added` : `refused (${r.status}): ${d.error}`;
  loadSilences();
});
document.addEventListener('click', async e => {
  const b = e.target.closest('#silences button.expire, #autoscaling button.autoscaling'); if (!b) return;
  const tr = b.closest('tr');
  b.disabled = true;
  let r;
  if (b.classList.contains('expire')) {
    r = await api(`/api/silences/${encodeURIComponent(tr.dataset.silenceId)}/expire`,
      {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({reason: 'expired in the console'})});
  } else {
    r = await api(`/api/families/${encodeURIComponent(tr.dataset.family)}/autoscaling/${b.dataset.verb}`,
      {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({reason: tr.querySelector('input.reason').value})});
  }
  document.activeElement?.blur();
  if (!r.ok) alert((await r.json().catch(() => ({}))).error || `refused (${r.status})`);
  loadSilences();
});
