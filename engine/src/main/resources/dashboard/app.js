// minetwin dashboard: plain JavaScript, no build step and nothing fetched from outside the engine.
'use strict';

const TOKEN_KEY = 'minetwin.token';
const view = document.getElementById('view');
const liveBadge = document.getElementById('live');
const signOut = document.getElementById('signout');
let source = null;              // the EventSource of the live feed
const listeners = new Set();    // functions called with each batch of channel changes

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

class ApiError extends Error {
  constructor(status, body) { super(body && body.message ? body.message : 'HTTP ' + status); this.status = status; }
}

async function api(path) {
  const r = await fetch(path, { headers: { 'Authorization': 'Bearer ' + token() } });
  const body = r.headers.get('Content-Type')?.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) {
    if (r.status === 401) { sessionStorage.removeItem(TOKEN_KEY); }
    throw new ApiError(r.status, body);
  }
  return body;
}

function formatValue(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();
  return String(v);
}

function formatTime(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—'; }

// ---- sign in ---------------------------------------------------------------------------------

function showSignIn(message) {
  stopLive();
  signOut.hidden = true;
  const input = el('input', { type: 'password', id: 'token', placeholder: 'access token', autocomplete: 'off' });
  const error = el('div', { class: 'error', id: 'signin-error' }, message || '');
  const form = el('form', { class: 'card signin', onsubmit: async (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    try {
      await api('/api/twins?limit=1');
      route();
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      error.textContent = err.status === 401 ? 'This token is not valid: check it, or ask for a new one.' : err.message;
    }
  } },
    el('h1', {}, 'Sign in to minetwin'),
    el('p', { class: 'muted' }, 'Paste the access token you were given (demo tokens are printed by ./minetwin demo).'),
    input, error, el('button', { class: 'primary', type: 'submit' }, 'Sign in'));
  view.replaceChildren(form);
  input.focus();
}

// ---- live feed -------------------------------------------------------------------------------

function startLive() {
  if (source) return;
  source = new EventSource('/api/stream?access_token=' + encodeURIComponent(token()));
  source.addEventListener('hello', () => liveBadge.className = 'live on');
  source.addEventListener('changes', (e) => {
    const changes = JSON.parse(e.data);
    for (const l of listeners) l(changes);
  });
  source.onerror = () => { liveBadge.className = 'live off'; };
}

function stopLive() {
  if (source) { source.close(); source = null; }
  liveBadge.className = 'live off';
}

// ---- fleet view ------------------------------------------------------------------------------

async function showFleet() {
  const data = await api('/api/twins?limit=1000');
  const twins = data.items;
  const types = [...new Set(twins.map(t => t.type))].sort();
  const sites = [...new Set(twins.map(t => t.site).filter(Boolean))].sort();
  const typeSel = el('select', { id: 'filter-type' }, el('option', { value: '' }, 'all types'), types.map(t => el('option', { value: t }, t)));
  const siteSel = el('select', { id: 'filter-site' }, el('option', { value: '' }, 'all sites'), sites.map(s => el('option', { value: s }, s)));
  const search = el('input', { id: 'filter-text', placeholder: 'search id or model' });
  const tbody = el('tbody');
  const rows = new Map();
  function render() {
    const q = search.value.toLowerCase();
    tbody.replaceChildren(...twins
      .filter(t => !typeSel.value || t.type === typeSel.value)
      .filter(t => !siteSel.value || t.site === siteSel.value)
      .filter(t => !q || t.thingId.toLowerCase().includes(q) || (t.model || '').toLowerCase().includes(q))
      .map(t => {
        const last = el('td', {}, formatTime(t.lastSourceTime));
        const tr = el('tr', { class: 'clickable', 'data-twin': t.thingId, onclick: () => location.hash = '#/twin/' + encodeURIComponent(t.thingId) },
          el('td', {}, t.thingId), el('td', {}, t.type), el('td', {}, t.site || ''), el('td', {}, t.model || ''),
          el('td', {}, t.parent || ''), el('td', { class: 'num' }, String(t.channelsWithData)), last);
        rows.set(t.thingId, { twin: t, last });
        return tr;
      }));
  }
  [typeSel, siteSel].forEach(s => s.addEventListener('change', render));
  search.addEventListener('input', render);
  render();
  const onChanges = (changes) => {
    for (const c of changes) {
      const row = rows.get(c.thingId);
      if (row && (!row.twin.lastSourceTime || c.sourceTime > row.twin.lastSourceTime)) {
        row.twin.lastSourceTime = c.sourceTime;
        row.last.textContent = formatTime(c.sourceTime);
      }
    }
  };
  listeners.clear();
  listeners.add(onChanges);
  view.replaceChildren(
    el('h1', {}, 'Fleet'),
    el('p', { class: 'muted' }, `${data.total} twins`),
    el('div', { class: 'filters' }, typeSel, siteSel, search),
    el('table', { id: 'fleet' },
      el('thead', {}, el('tr', {}, ['Twin', 'Type', 'Site', 'Model', 'Installed in', 'Channels', 'Last data'].map(h => el('th', {}, h)))),
      tbody));
}

// ---- machine view ----------------------------------------------------------------------------

async function showTwin(id) {
  const thing = await api('/api/twins/' + encodeURIComponent(id));
  const type = await api('/api/asset-types/' + encodeURIComponent(thing.attributes.assetType));
  const cells = new Map(); // component.channel -> {value, quality, limit, time}
  const chartBox = el('div', { class: 'card', id: 'chart' }, el('p', { class: 'muted' }, 'Choose a channel to see its trend.'));
  const attrs = el('div', { class: 'attrs' });
  for (const [k, v] of Object.entries(thing.attributes)) {
    const text = typeof v === 'object' ? (v.thingId ? `${v.thingId} (${v.component}${v.position ? ', ' + v.position : ''})` : Object.entries(v).map(([a, b]) => `${a}: ${b}`).join(', ')) : String(v);
    attrs.append(el('span', { class: 'muted' }, k), el('span', {}, text));
  }
  const components = type.components.map(comp => {
    const props = thing.features[comp.name]?.properties || {};
    const tbody = el('tbody', {}, comp.channels.map(ch => {
      const p = props[ch.name];
      const key = comp.name + '.' + ch.name;
      const value = el('td', { class: 'num' }, formatValue(p?.value));
      const quality = el('td', { class: p ? 'quality-' + qualityLevel(p.quality) : '' }, p ? qualityText(p.quality) : '');
      const limit = el('td', { class: p ? 'state-' + (p.limitState || '').toLowerCase() : '' }, p ? (p.limitState || '').toLowerCase().replace('_', ' ') : '');
      const time = el('td', {}, formatTime(p?.sourceTime));
      cells.set(key, { value, quality, limit, time });
      const tr = el('tr', { class: 'clickable', 'data-channel': key, onclick: () => {
        document.querySelectorAll('tr.selected').forEach(r => r.classList.remove('selected'));
        tr.classList.add('selected');
        drawChart(chartBox, id, comp.name, ch, p?.sourceTime);
      } },
        el('td', {}, ch.name), value, el('td', {}, ch.unit), quality, limit,
        el('td', { class: 'muted' }, rangeText(ch.normal)), el('td', { class: 'muted' }, limitsText(ch.limits)), time);
      return tr;
    }));
    return el('div', { class: 'card' }, el('h2', {}, comp.name), comp.description ? el('p', { class: 'muted' }, comp.description) : '',
      el('table', {}, el('thead', {}, el('tr', {}, ['Channel', 'Value', 'Unit', 'Quality', 'Limits', 'Normal', 'Warning / alarm', 'Source time'].map(h => el('th', {}, h)))), tbody));
  });
  listeners.clear();
  listeners.add((changes) => {
    for (const c of changes) {
      if (c.thingId !== id) continue;
      const cell = cells.get(c.component + '.' + c.channel);
      if (!cell) continue;
      cell.value.textContent = formatValue(c.value);
      cell.quality.textContent = c.quality;
      cell.quality.className = 'quality-' + c.quality;
      cell.limit.textContent = c.limitState.replace('_', ' ');
      cell.limit.className = 'state-' + c.limitState;
      cell.time.textContent = formatTime(c.sourceTime);
    }
  });
  view.replaceChildren(
    el('h1', { id: 'twin-title' }, thing.thingId),
    el('div', { class: 'grid' }, el('div', { class: 'card' }, attrs), chartBox),
    ...components);
}

function qualityLevel(q) { return typeof q === 'string' ? q : (q?.level || ''); }
function qualityText(q) { return typeof q === 'string' ? q : `${q.level}: ${q.reason}`; }
function rangeText(r) { return r && (r.min !== null || r.max !== null) ? `${r.min ?? ''} – ${r.max ?? ''}` : ''; }
function limitsText(l) {
  const parts = [];
  if (l.lowAlarm !== undefined || l.lowWarning !== undefined) parts.push(`low ${l.lowWarning ?? ''}/${l.lowAlarm ?? ''}`);
  if (l.highWarning !== undefined || l.highAlarm !== undefined) parts.push(`high ${l.highWarning ?? ''}/${l.highAlarm ?? ''}`);
  return parts.join(', ');
}

// The trend of the last day before the channel's latest sample (simulated fleets run on their own clock),
// from minute rollups: mean line, min-max band, the normal range shaded and warning/alarm limits drawn.
async function drawChart(box, id, component, ch, lastTime) {
  box.replaceChildren(el('p', { class: 'muted' }, 'loading ' + component + '.' + ch.name + '…'));
  const to = lastTime ? new Date(Date.parse(lastTime) + 60000) : new Date();
  const from = new Date(to.getTime() - 24 * 3600 * 1000);
  const q = `/api/twins/${encodeURIComponent(id)}/history?channel=${component}.${ch.name}&step=1m&from=${from.toISOString()}&to=${to.toISOString()}`;
  let data;
  try { data = await api(q); } catch (e) { box.replaceChildren(el('p', { class: 'error' }, e.message)); return; }
  const pts = data.points.filter(p => p.mean !== null);
  if (pts.length === 0) { box.replaceChildren(el('h2', {}, `${component}.${ch.name}`), el('p', { class: 'muted' }, 'No history in the last day.')); return; }
  const W = 640, H = 260, L = 48, R = 10, T = 10, B = 24;
  const xs = pts.map(p => Date.parse(p.time));
  const limits = [ch.limits.lowAlarm, ch.limits.lowWarning, ch.limits.highWarning, ch.limits.highAlarm].filter(v => v !== undefined);
  let lo = Math.min(...pts.map(p => p.min), ...limits), hi = Math.max(...pts.map(p => p.max), ...limits);
  if (ch.normal.min !== null) lo = Math.min(lo, ch.normal.min);
  if (ch.normal.max !== null) hi = Math.max(hi, ch.normal.max);
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = (hi - lo) * 0.05; lo -= pad; hi += pad;
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
  const X = t => L + (t - x0) / (x1 - x0) * (W - L - R);
  const Y = v => T + (hi - v) / (hi - lo) * (H - T - B);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart'); svg.setAttribute('viewBox', `0 0 ${W} ${H}`); svg.setAttribute('id', 'trend');
  const add = (tag, attrs) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); svg.append(e); return e; };
  if (ch.normal.min !== null && ch.normal.max !== null) {
    add('rect', { class: 'normal', x: L, width: W - L - R, y: Y(ch.normal.max), height: Math.max(0, Y(ch.normal.min) - Y(ch.normal.max)) });
  }
  const band = pts.map(p => `${X(Date.parse(p.time))},${Y(p.max)}`).concat(pts.slice().reverse().map(p => `${X(Date.parse(p.time))},${Y(p.min)}`));
  add('polygon', { class: 'band', points: band.join(' ') });
  add('polyline', { class: 'line', points: pts.map(p => `${X(Date.parse(p.time))},${Y(p.mean)}`).join(' ') });
  for (const [v, cls, name] of [[ch.limits.highWarning, 'warn', 'warning'], [ch.limits.lowWarning, 'warn', 'warning'], [ch.limits.highAlarm, 'alarm', 'alarm'], [ch.limits.lowAlarm, 'alarm', 'alarm']]) {
    if (v === undefined) continue;
    add('line', { class: cls, x1: L, x2: W - R, y1: Y(v), y2: Y(v) });
    add('text', { x: W - R - 4, y: Y(v) - 3, 'text-anchor': 'end' }).textContent = `${name} ${v}`;
  }
  add('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B });
  add('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B });
  for (const v of [lo + pad, (lo + hi) / 2, hi - pad]) add('text', { x: L - 4, y: Y(v) + 4, 'text-anchor': 'end' }).textContent = formatValue(v);
  add('text', { x: L, y: H - 6 }).textContent = formatTime(new Date(x0).toISOString());
  add('text', { x: W - R, y: H - 6, 'text-anchor': 'end' }).textContent = formatTime(new Date(x1).toISOString());
  box.replaceChildren(el('h2', {}, `${component}.${ch.name} (${ch.unit || 'no unit'}), last day, per minute`), svg);
}

// ---- routing ---------------------------------------------------------------------------------

async function route() {
  if (!token()) { showSignIn(); return; }
  signOut.hidden = false;
  startLive();
  const m = location.hash.match(/^#\/twin\/(.+)$/);
  try {
    if (m) await showTwin(decodeURIComponent(m[1]));
    else await showFleet();
  } catch (e) {
    if (e.status === 401) showSignIn('Your token was refused: it is unknown or has been revoked.');
    else view.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

signOut.addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); location.hash = '#/'; showSignIn(); });
window.addEventListener('hashchange', route);
route();
