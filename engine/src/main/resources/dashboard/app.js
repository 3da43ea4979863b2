// minetwin dashboard: plain JavaScript, no build step and nothing fetched from outside the engine.
'use strict';

const TOKEN_KEY = 'minetwin.token';
const view = document.getElementById('view');
const liveBadge = document.getElementById('live');
const signOut = document.getElementById('signout');
let source = null;              // the EventSource of the live feed
const listeners = new Set();    // functions called with each batch of channel changes
const healthListeners = new Set(); // functions called with each batch of forecast changes

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

async function api(path, method = 'GET', payload = undefined) {
  const init = { method, headers: { 'Authorization': 'Bearer ' + token() } };
  if (payload !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(payload); }
  const r = await fetch(path, init);
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
  source.addEventListener('health', (e) => {
    const changes = JSON.parse(e.data);
    for (const l of healthListeners) l(changes);
  });
  source.onerror = () => { liveBadge.className = 'live off'; };
}

function stopLive() {
  if (source) { source.close(); source = null; }
  liveBadge.className = 'live off';
}

// ---- shared pieces ---------------------------------------------------------------------------

const LEVELS = ['ok', 'watch', 'warning', 'critical'];
function badge(level) { return el('span', { class: 'badge ' + (level || 'none') }, level || 'no forecast'); }
function pct(p) { return p === null || p === undefined ? '—' : (p * 100 < 1 && p > 0 ? '<1' : Math.round(p * 100)) + ' %'; }
function hours(h) { return h >= 72 ? (h / 24).toFixed(h >= 240 ? 0 : 1) + ' d' : Math.round(h) + ' h'; }
function rulText(rul) { return rul ? `${hours(rul.hours)} (${hours(rul.lowerHours)}–${hours(rul.upperHours)})` : '—'; }
function money(v, currency) { return v === null || v === undefined ? '—' : Math.round(v).toLocaleString('en') + (currency ? ' ' + currency : ''); }
function healthBar(score) {
  if (score === null || score === undefined) return el('span', { class: 'muted' }, '—');
  const cls = score < 40 ? 'bad' : score < 70 ? 'low' : '';
  return el('span', {}, el('span', { class: 'health-bar' }, el('span', { class: cls, style: `width:${Math.max(2, score)}%` })), score.toFixed(0));
}
function setNav(name) { document.querySelectorAll('header nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === name)); }
function clearListeners() { listeners.clear(); healthListeners.clear(); }

// Downloads an authenticated API answer as a file (the token is a header, so a plain link cannot).
async function download(path, accept, name) {
  const r = await fetch(path, { headers: { 'Authorization': 'Bearer ' + token(), 'Accept': accept } });
  if (!r.ok) { const b = await r.json().catch(() => ({})); throw new ApiError(r.status, b); }
  const url = URL.createObjectURL(await r.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- fleet view ------------------------------------------------------------------------------

// Machines ranked by their riskiest component (the API ranks forecasts by expected cost of failure where
// costs are configured, else by probability); machines without a forecast follow in id order.
async function showFleet() {
  setNav('fleet');
  const [data, fc] = await Promise.all([api('/api/twins?limit=1000'), api('/api/forecasts?limit=1000')]);
  const twins = data.items;
  const horizons = fc.horizons || [];
  const byTwin = new Map(twins.map(t => [t.thingId, t]));
  const types = [...new Set(twins.map(t => t.type))].sort();
  const sites = [...new Set(twins.map(t => t.site).filter(Boolean))].sort();
  const typeSel = el('select', { id: 'filter-type' }, el('option', { value: '' }, 'all types'), types.map(t => el('option', { value: t }, t)));
  const siteSel = el('select', { id: 'filter-site' }, el('option', { value: '' }, 'all sites'), sites.map(s => el('option', { value: s }, s)));
  const levelSel = el('select', { id: 'filter-alert' }, el('option', { value: '' }, 'any alert level'),
    el('option', { value: 'watch' }, 'watch or worse'), el('option', { value: 'warning' }, 'warning or worse'), el('option', { value: 'critical' }, 'critical'));
  const search = el('input', { id: 'filter-text', placeholder: 'search id or model' });
  const groupSel = el('select', { id: 'fleet-group' }, el('option', { value: '' }, 'ranked by risk'),
    el('option', { value: 'area' }, 'grouped by site and area'));
  const tbody = el('tbody');
  const summary = el('p', { class: 'muted', id: 'fleet-summary' });
  const rows = new Map();
  let ranking = fc;

  function worst(t) {
    let w = null;
    for (const [component, h] of Object.entries(t.health || {})) {
      if (!w || LEVELS.indexOf(h.alertLevel) > LEVELS.indexOf(w.h.alertLevel) || (h.alertLevel === w.h.alertLevel && h.score < w.h.score)) w = { component, h };
    }
    return w;
  }
  function render() {
    renderRows();
    renderSummary();
  }
  // Machines are the twins installed in no other twin; what is installed in them (a truck's traction
  // inverters, a shovel's drives) is listed beneath its machine, not beside it as a machine of its own.
  const childrenOf = new Map();
  for (const t of twins) {
    if (t.parent && byTwin.has(t.parent)) {
      if (!childrenOf.has(t.parent)) childrenOf.set(t.parent, []);
      childrenOf.get(t.parent).push(t);
    }
  }
  const machines = twins.filter(t => !(t.parent && byTwin.has(t.parent)));
  const collapsed = new Set();
  function family(t) { return [t, ...(childrenOf.get(t.thingId) || []).flatMap(family)]; }
  function passes(t, q, min) {
    return (!typeSel.value || t.type === typeSel.value) && (!siteSel.value || t.site === siteSel.value)
      && (min < 0 || LEVELS.indexOf(t.alertLevel) >= min)
      && (!q || t.thingId.toLowerCase().includes(q) || (t.model || '').toLowerCase().includes(q));
  }
  function row(t, f, rank, depth) {
    const w = worst(t);
    const comp = f ? f.component : w?.component;
    const h = comp ? t.health[comp] : null;
    const kids = childrenOf.get(t.thingId) || [];
    const last = el('td', { class: 'small' }, formatTime(t.lastSourceTime));
    const toggle = kids.length === 0 ? '' : el('button', { class: 'toggle', title: 'show or hide what is installed in it',
      onclick: (e) => { e.stopPropagation(); collapsed.has(t.thingId) ? collapsed.delete(t.thingId) : collapsed.add(t.thingId); renderRows(); } },
      (collapsed.has(t.thingId) ? '▸ ' : '▾ ') + kids.length);
    const name = depth === 0 ? el('td', {}, t.thingId, ' ', toggle)
      : el('td', { class: 'nested', style: `padding-left:${depth * 1.4}rem` }, '↳ ', t.thingId,
        t.position ? el('span', { class: 'muted small' }, ' ' + t.position) : '', ' ', toggle);
    const tr = el('tr', { class: 'clickable' + (depth > 0 ? ' child' : ''), 'data-twin': t.thingId, 'data-alert': t.alertLevel || '',
      'data-parent': depth > 0 ? t.parent : undefined, onclick: () => location.hash = '#/twin/' + encodeURIComponent(t.thingId) },
      el('td', { class: 'num' }, depth === 0 ? String(rank) : ''), name, el('td', {}, t.type), el('td', {}, t.site || ''),
      el('td', {}, badge(t.alertLevel)), el('td', {}, healthBar(h?.score)),
      el('td', {}, comp || '', h?.basis === 'prior' ? el('span', { class: 'basis-prior', title: 'forecast from the type\'s life prior: no trained model yet' }, 'prior') : ''),
      horizons.map(hz => el('td', { class: 'num' }, pct(h?.failureProbability?.[hz]))),
      el('td', { class: 'num' }, rulText(h?.rul)),
      el('td', { class: 'num' }, f && f.expectedCost !== undefined ? money(f.expectedCost, f.currency) : '—'),
      last);
    rows.set(t.thingId, { twin: t, last });
    return tr;
  }
  function renderRows() {
    const q = search.value.toLowerCase();
    const min = LEVELS.indexOf(levelSel.value);
    const order = new Map();
    const top = new Map();
    ranking.items.forEach((f, i) => { if (!order.has(f.thingId)) { order.set(f.thingId, i); top.set(f.thingId, f); } });
    // A machine ranks by the riskiest of itself and what is installed in it.
    const rankOf = (m) => Math.min(...family(m).map(t => order.get(t.thingId) ?? 1e9));
    const shown = machines.filter(m => family(m).some(t => passes(t, q, min)))
      .sort((a, b) => rankOf(a) - rankOf(b) || a.thingId.localeCompare(b.thingId));
    const out = [];
    const grouped = groupSel.value === 'area';
    const groups = new Map();
    shown.forEach((m, i) => {
      const key = grouped ? (m.site || 'no site') + (m.area ? ' · ' + m.area : '') : '';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push([m, i + 1]);
    });
    const keys = [...groups.keys()];
    if (grouped) keys.sort();
    for (const key of keys) {
      if (grouped) {
        const members = groups.get(key);
        out.push(el('tr', { class: 'group' }, el('td', { colspan: String(10 + horizons.length) },
          `${key} — ${members.length} machine${members.length === 1 ? '' : 's'}`)));
      }
      for (const [m, rank] of groups.get(key)) {
        const walk = (t, depth) => {
          out.push(row(t, top.get(t.thingId), rank, depth));
          if (!collapsed.has(t.thingId)) (childrenOf.get(t.thingId) || []).forEach(c => walk(c, depth + 1));
        };
        walk(m, 0);
      }
    }
    tbody.replaceChildren(...out);
  }
  [typeSel, siteSel, levelSel, groupSel].forEach(s => s.addEventListener('change', render));
  search.addEventListener('input', render);
  render();
  clearListeners();
  listeners.add((changes) => {
    for (const c of changes) {
      const row = rows.get(c.thingId);
      if (row && (!row.twin.lastSourceTime || c.sourceTime > row.twin.lastSourceTime)) {
        row.twin.lastSourceTime = c.sourceTime;
        row.last.textContent = formatTime(c.sourceTime);
      }
    }
  });
  let pending = null;
  healthListeners.add((changes) => {
    for (const c of changes) {
      const t = byTwin.get(c.thingId);
      if (!t) continue;
      t.health = { ...(t.health || {}), [c.component]: c.health };
      t.alertLevel = Object.values(t.health).reduce((a, h) => LEVELS.indexOf(h.alertLevel) > LEVELS.indexOf(a) ? h.alertLevel : a, 'ok');
    }
    render();
    clearTimeout(pending); // re-rank from the server once the burst is over
    pending = setTimeout(async () => {
      try { ranking = await api('/api/forecasts?limit=1000'); } catch (e) { return; /* keep the last ranking */ }
      // The first forecasts bring the horizons' columns: draw the page anew while it is still shown.
      if (horizons.length === 0 && (ranking.horizons || []).length > 0 && document.body.contains(tbody)) { showFleet(); return; }
      render();
    }, 300);
  });
  function machinesText() {
    const installed = twins.length - machines.length;
    return `${machines.length} machines` + (installed > 0 ? ` (and ${installed} drives and other twins installed in them)` : '');
  }
  function renderSummary() {
    const flagged = twins.filter(t => t.alertLevel === 'warning' || t.alertLevel === 'critical').length;
    const forecast = twins.filter(t => Object.keys(t.health || {}).length > 0).length;
    if (!ranking.horizon || !ranking.items || ranking.items.length === 0) {
      summary.textContent = `${machinesText()}; no forecasts yet (the engine forecasts every component once its`
        + ' first forecast run is done): machines are listed by id until then.';
      return;
    }
    const by = ranking.rankedBy === 'expectedCost' ? 'expected cost of failure' : 'failure probability';
    summary.textContent = `${machinesText()}; ${forecast} of ${twins.length} twins with forecasts, ${flagged} at warning or critical;`
      + ` ranked by ${by} within ${ranking.horizon}`;
  }
  view.replaceChildren(
    el('h1', {}, 'Fleet by risk'),
    summary,
    el('div', { class: 'filters' }, typeSel, siteSel, levelSel, search, groupSel),
    el('div', { class: 'table-wrap' }, el('table', { id: 'fleet' },
      el('thead', {}, el('tr', {}, ['#', 'Machine', 'Type', 'Site', 'Alert', 'Health', 'Component at risk', ...horizons.map(h => 'P(fail ' + h + ')'), 'RUL (interval)', 'Expected cost', 'Last data'].map(h => el('th', {}, h)))),
      tbody)));
}

// ---- machine view ----------------------------------------------------------------------------

async function showTwin(id) {
  setNav('fleet');
  const thing = await api('/api/twins/' + encodeURIComponent(id));
  const type = await api('/api/asset-types/' + encodeURIComponent(thing.attributes.assetType));
  const cells = new Map(); // component.channel -> {value, quality, limit, time}
  const chartBox = el('div', { class: 'card chart-box', id: 'chart' }, el('p', { class: 'muted' }, 'Choose a channel to see its trend.'));
  const attrs = el('div', { class: 'attrs' });
  for (const [k, v] of Object.entries(thing.attributes)) {
    const text = typeof v === 'object' ? (v.thingId ? `${v.thingId} (${v.component}${v.position ? ', ' + v.position : ''})` : Object.entries(v).map(([a, b]) => `${a}: ${b}`).join(', ')) : String(v);
    attrs.append(el('span', { class: 'muted' }, k), el('span', {}, text));
  }
  const forecasts = el('div', { class: 'cards', id: 'forecasts' });
  const healthOf = (comp) => thing.features[comp]?.properties?.health;
  function renderForecasts() {
    const comps = type.components.filter(c => healthOf(c.name));
    forecasts.replaceChildren(...comps.sort((a, b) => LEVELS.indexOf(healthOf(b.name).alertLevel) - LEVELS.indexOf(healthOf(a.name).alertLevel))
      .map(c => forecastCard(c.name, healthOf(c.name))));
    if (comps.length === 0) forecasts.replaceChildren(el('p', { class: 'muted' }, 'No forecasts for this machine yet.'));
  }
  renderForecasts();
  const components = type.components.map(comp => {
    const props = thing.features[comp.name]?.properties || {};
    const tbody = el('tbody', {}, comp.channels.map(ch => {
      const p = props[ch.name];
      const key = comp.name + '.' + ch.name;
      const value = el('td', { class: 'num' }, formatValue(p?.value));
      const quality = el('td', { class: p ? 'quality-' + qualityLevel(p.quality) : '' }, p ? qualityText(p.quality) : '');
      const limit = el('td', { class: p ? 'state-' + (p.limitState || '').toLowerCase() : '' }, p ? (p.limitState || '').toLowerCase().replace('_', ' ') : '');
      const time = el('td', {}, formatTime(p?.sourceTime));
      cells.set(key, { value, quality, limit, time, sourceTime: p?.sourceTime });
      const tr = el('tr', { class: 'clickable', 'data-channel': key, onclick: () => {
        document.querySelectorAll('tr.selected').forEach(r => r.classList.remove('selected'));
        tr.classList.add('selected');
        drawChart(chartBox, id, comp.name, ch, cells.get(key).sourceTime, healthOf(comp.name));
      } },
        el('td', {}, ch.name), value, el('td', {}, ch.unit), quality, limit,
        el('td', { class: 'muted' }, rangeText(ch.normal)), el('td', { class: 'muted' }, limitsText(ch.limits)), time);
      return tr;
    }));
    return el('div', { class: 'card' }, el('h2', {}, comp.name, ' ', healthOf(comp.name) ? badge(healthOf(comp.name).alertLevel) : ''),
      comp.description ? el('p', { class: 'muted' }, comp.description) : '',
      el('table', {}, el('thead', {}, el('tr', {}, ['Channel', 'Value', 'Unit', 'Quality', 'Limits', 'Normal', 'Warning / alarm', 'Source time'].map(h => el('th', {}, h)))), tbody));
  });
  clearListeners();
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
      cell.sourceTime = c.sourceTime;
    }
  });
  healthListeners.add((changes) => {
    let any = false;
    for (const c of changes) {
      if (c.thingId !== id || !thing.features[c.component]) continue;
      thing.features[c.component].properties = { ...(thing.features[c.component].properties || {}), health: c.health };
      any = true;
    }
    if (any) { renderForecasts(); alerts.reload(); }
  });
  const alerts = alertHistory(id);
  const maintenance = maintenanceRecords(id, type);
  const commands = commandPanel(id, type);
  view.replaceChildren(
    el('h1', { id: 'twin-title' }, thing.thingId, ' ', el('span', { class: 'muted small' }, thing.attributes.assetType)),
    forecasts,
    el('div', { class: 'grid' }, el('div', { class: 'card' }, attrs), chartBox),
    alerts.element, ...(commands ? [commands.element] : []), ...components, maintenance.element);
  await Promise.all([alerts.reload(), maintenance.reload(), commands ? commands.reload() : null]);
  // Open the trend of the component most at risk, so the forecast is seen against its data.
  const risky = type.components.filter(c => healthOf(c.name)).sort((a, b) => healthOf(a.name).score - healthOf(b.name).score)[0];
  const first = risky && risky.channels.find(ch => ch.limits && Object.keys(ch.limits).length && cells.get(risky.name + '.' + ch.name)?.sourceTime);
  if (first) document.querySelector(`tr[data-channel='${risky.name}.${first.name}']`)?.click();
}

function forecastCard(component, h) {
  const figures = el('div', { class: 'figures' },
    el('span', { class: 'muted' }, 'health'), el('span', {}, healthBar(h.score)),
    ...Object.entries(h.failureProbability || {}).flatMap(([hz, p]) => [el('span', { class: 'muted' }, `P(failure within ${hz})`), el('span', {}, pct(p))]),
    el('span', { class: 'muted' }, 'remaining life'), el('span', {}, rulText(h.rul)),
    el('span', { class: 'muted' }, 'forecast at'), el('span', {}, formatTime(h.time)),
    el('span', { class: 'muted' }, 'basis'), el('span', { class: 'small', 'data-basis': h.basis || 'model' }, h.basis === 'prior'
      ? 'life prior: age against the type\'s typical life (no trained model yet)' : 'trained model'),
    el('span', { class: 'muted' }, h.basis === 'prior' ? 'life' : 'model'), el('span', { class: 'small' }, h.modelVersion));
  const signals = el('ul', { class: 'signals' }, (h.topSignals || []).map(s => el('li', { title: s.feature },
    el('span', {}, s.label), el('span', {}, el('div', { class: 'weight', style: `width:${Math.round(s.weight * 100)}%` })))));
  return el('div', { class: 'card forecast', 'data-component': component },
    el('h2', {}, component, badge(h.alertLevel)), figures,
    (h.topSignals || []).length ? el('div', {}, el('span', { class: 'muted small' }, 'signals behind the forecast'), signals) : '');
}

function alertHistory(id, opts = {}) {
  const body = el('div');
  const element = el('div', { class: 'card', id: 'alerts' }, el('h2', {}, opts.title || 'Alerts'), body);
  async function reload() {
    const q = opts.all ? '/api/alerts?state=open&limit=500' : '/api/alerts?state=all&history=true&twin=' + encodeURIComponent(id);
    let data;
    try { data = await api(q); } catch (e) { body.replaceChildren(el('p', { class: 'error' }, e.message)); return; }
    if (data.items.length === 0) { body.replaceChildren(el('p', { class: 'muted' }, opts.all ? 'No open alerts.' : 'No alerts for this machine.')); return; }
    body.replaceChildren(el('table', { class: 'alerts-table' },
      el('thead', {}, el('tr', {}, [...(opts.all ? ['Machine'] : []), 'Component', 'Level', 'Raised', 'Last change', 'Forecast', 'Acknowledged', ''].map(h => el('th', {}, h)))),
      el('tbody', {}, data.items.map(a => alertRow(a, reload, opts.all)))));
  }
  return { element, reload };
}

function alertRow(a, reload, withMachine) {
  const ackCell = el('td', { class: 'wrap ack' }, a.acknowledged ? `${a.acknowledged.user}: “${a.acknowledged.comment}” (${formatTime(a.acknowledged.time)})` : '');
  const action = el('td', {});
  if (a.open) {
    const input = el('input', { placeholder: 'comment, e.g. inspection booked for Tuesday', class: 'ack-comment' });
    const msg = el('span', { class: 'error' });
    const form = el('form', { class: 'ack-form', onsubmit: async (e) => {
      e.preventDefault();
      try { await api('/api/alerts/' + encodeURIComponent(a.id) + '/ack', 'POST', { comment: input.value }); await reload(); }
      catch (err) { msg.textContent = err.status === 403 ? 'Your role may not acknowledge alerts (planners can).' : err.message; }
    } }, input, el('button', { type: 'submit', class: 'primary' }, 'Acknowledge'), msg);
    action.append(form);
  } else {
    action.append(el('span', { class: 'muted' }, 'cleared'));
  }
  const f = a.forecast || {};
  const forecast = [f.health ? 'health ' + Number(f.health).toFixed(0) : '', ...Object.entries(f).filter(([k]) => k.startsWith('p.')).map(([k, v]) => `P(${k.slice(2)}) ${pct(Number(v))}`),
    f.rulHours ? 'RUL ' + hours(Number(f.rulHours)) : '', f.signals || ''].filter(Boolean).join(' · ');
  return el('tr', { 'data-alert': a.id },
    withMachine ? el('td', {}, el('a', { href: '#/twin/' + encodeURIComponent(a.thingId) }, a.thingId)) : '',
    el('td', {}, a.component), el('td', {}, badge(a.level)), el('td', {}, formatTime(a.raised)),
    el('td', {}, `${a.lastAction} ${formatTime(a.lastChange)}`), el('td', { class: 'wrap small' }, forecast), ackCell, action);
}

// ---- commands: guarded write-back of the set points the asset type declares writable -------------------

function commandPanel(id, type) {
  const writable = type.components.flatMap(c => c.channels.filter(ch => ch.writable).map(ch => ({ key: c.name + '.' + ch.name, ch })));
  if (writable.length === 0) return null;
  const body = el('div');
  const msg = el('div', { id: 'command-message' });
  const channel = el('select', { name: 'channel' }, writable.map(w => el('option', { value: w.key }, w.key)));
  const value = el('input', { name: 'value', type: 'number', step: 'any', size: 8 });
  const hint = el('span', { class: 'muted' });
  function describe() {
    const w = writable.find(x => x.key === channel.value).ch.writable;
    const unit = writable.find(x => x.key === channel.value).ch.unit;
    hint.textContent = `${w.min}–${w.max} ${unit}${w.step ? ', step ' + w.step : ''}`
      + (w.requiresState.length ? `; only while ${w.requiresState.join(' or ')}` : '')
      + (w.confirm === 'two-person' ? '; a second person confirms' : '');
  }
  channel.addEventListener('change', describe);
  describe();
  function show(c, text) {
    msg.replaceChildren(el('p', { class: c.state === 'verified' || c.state === 'awaiting-confirmation' ? 'notice' : 'error' }, text));
  }
  const form = el('form', { class: 'inline', id: 'command-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const c = await api('/api/twins/' + encodeURIComponent(id) + '/commands', 'POST', { channel: channel.value, value: Number(value.value) });
      show(c, c.state === 'verified' ? `Written and verified: ${c.channel} = ${formatValue(c.readBack)} (was ${formatValue(c.oldValue)}).`
        : `Requested; waiting for a second person to confirm ${c.id}.`);
    } catch (err) {
      msg.replaceChildren(el('p', { class: 'error' }, err.status === 403 ? 'Your role may not command the equipment (operators can).' : err.message));
    }
    await reload();
  } },
    el('label', {}, 'set point', channel), el('label', {}, 'value', value), hint, el('button', { type: 'submit', class: 'primary' }, 'Request'));
  const element = el('div', { class: 'card', id: 'commands' }, el('h2', {}, 'Commands'), form, msg, body);
  async function reload() {
    let data;
    try { data = await api('/api/commands?limit=20&twin=' + encodeURIComponent(id)); } catch (e) { body.replaceChildren(el('p', { class: 'muted' }, e.message)); return; }
    body.replaceChildren(data.items.length === 0 ? el('p', { class: 'muted' }, 'No commands for this machine.') :
      el('table', {}, el('thead', {}, el('tr', {}, ['Requested', 'By', 'Set point', 'From', 'To', 'State', 'Reason', ''].map(h => el('th', {}, h)))),
        el('tbody', {}, data.items.map(c => el('tr', { 'data-command': c.id }, el('td', {}, formatTime(c.requestedAt)), el('td', {}, c.requestedBy + (c.confirmedBy ? ' + ' + c.confirmedBy : '')),
          el('td', {}, c.channel), el('td', { class: 'num' }, formatValue(c.oldValue)), el('td', { class: 'num' }, formatValue(c.value) + ' ' + c.unit),
          el('td', {}, c.state), el('td', { class: 'wrap' }, c.reason),
          el('td', {}, c.state === 'awaiting-confirmation' ? el('button', { class: 'confirm', onclick: async () => {
            try {
              const done = await api('/api/commands/' + encodeURIComponent(c.id) + '/confirm', 'POST', {});
              show(done, `Confirmed, written and verified: ${done.channel} = ${formatValue(done.readBack)}.`);
            } catch (err) { msg.replaceChildren(el('p', { class: 'error' }, err.message)); }
            await reload();
          } }, 'Confirm') : ''))))));
  }
  return { element, reload };
}

function maintenanceRecords(id, type) {
  const body = el('div');
  const msg = el('div');
  const comp = el('select', { name: 'component' }, type.components.map(c => el('option', { value: c.name }, c.name)));
  const action = el('select', { name: 'action' }, ['inspection', 'preventive', 'replacement', 'failure-repair'].map(a => el('option', { value: a }, a)));
  const time = el('input', { name: 'time', type: 'datetime-local' });
  const mode = el('input', { name: 'mode', placeholder: 'e.g. bearing-wear' });
  const notes = el('input', { name: 'notes', placeholder: 'what was done', size: 40 });
  const form = el('form', { class: 'inline', id: 'maintenance-form', onsubmit: async (e) => {
    e.preventDefault();
    const record = { twin: id, component: comp.value, action: action.value, mode: mode.value, notes: notes.value };
    if (time.value) record.time = new Date(time.value).toISOString();
    try { await api('/api/maintenance', 'POST', record); msg.replaceChildren(el('p', { class: 'notice' }, 'Recorded.')); notes.value = ''; await reload(); }
    catch (err) { msg.replaceChildren(el('p', { class: 'error' }, err.status === 403 ? 'Your role may not record maintenance (planners can).' : err.message)); }
  } },
    el('label', {}, 'component', comp), el('label', {}, 'action', action), el('label', {}, 'done at (local time, default now)', time),
    el('label', {}, 'failure mode', mode), el('label', {}, 'notes', notes), el('button', { type: 'submit', class: 'primary' }, 'Record'));
  const element = el('div', { class: 'card', id: 'maintenance' }, el('h2', {}, 'Maintenance records'), body, el('h2', {}, 'Record maintenance'), form, msg);
  async function reload() {
    let data;
    try { data = await api('/api/maintenance?limit=50&twin=' + encodeURIComponent(id)); } catch (e) { body.replaceChildren(el('p', { class: 'error' }, e.message)); return; }
    body.replaceChildren(data.items.length === 0 ? el('p', { class: 'muted' }, 'No maintenance records for this machine.') :
      el('table', {}, el('thead', {}, el('tr', {}, ['Time', 'Component', 'Kind', 'Action', 'Mode', 'Notes'].map(h => el('th', {}, h)))),
        el('tbody', {}, data.items.map(r => el('tr', {}, el('td', {}, formatTime(r.time)), el('td', {}, r.component), el('td', {}, r.kind),
          el('td', {}, r.action), el('td', {}, r.mode || ''), el('td', { class: 'wrap' }, r.notes || ''))))));
  }
  return { element, reload };
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
// from minute rollups, drawn with uPlot: mean with min and max, warning and alarm limits as dashed lines,
// and the component's latest forecast marked at its time with its probability and remaining life.
async function drawChart(box, id, component, ch, lastTime, health) {
  box.replaceChildren(el('p', { class: 'muted' }, 'loading ' + component + '.' + ch.name + '…'));
  const to = lastTime ? new Date(Date.parse(lastTime) + 60000) : new Date();
  const from = new Date(to.getTime() - 24 * 3600 * 1000);
  const q = `/api/twins/${encodeURIComponent(id)}/history?channel=${component}.${ch.name}&step=1m&from=${from.toISOString()}&to=${to.toISOString()}`;
  let data;
  try { data = await api(q); } catch (e) { box.replaceChildren(el('p', { class: 'error' }, e.message)); return; }
  const pts = data.points.filter(p => p.mean !== null);
  const title = el('h2', {}, `${component}.${ch.name} (${ch.unit || 'no unit'}), last day, per minute`);
  if (pts.length === 0) { box.replaceChildren(title, el('p', { class: 'muted' }, 'No history in the last day.')); return; }
  const xs = pts.map(p => Date.parse(p.time) / 1000);
  const limits = [['high alarm', ch.limits.highAlarm, '#c62828'], ['high warning', ch.limits.highWarning, '#c98a00'],
                  ['low warning', ch.limits.lowWarning, '#c98a00'], ['low alarm', ch.limits.lowAlarm, '#c62828']].filter(l => l[1] !== undefined);
  const forecastAt = health ? Date.parse(health.time) / 1000 : null;
  const series = [{}, { label: 'mean', stroke: '#1f6feb', width: 2 },
    { label: 'min', stroke: '#9bb8ef', width: 1 }, { label: 'max', stroke: '#9bb8ef', width: 1 },
    ...limits.map(([name, , color]) => ({ label: name, stroke: color, width: 1.5, dash: [6, 4], points: { show: false } }))];
  const columns = [xs, pts.map(p => p.mean), pts.map(p => p.min), pts.map(p => p.max), ...limits.map(l => xs.map(() => l[1]))];
  const chart = el('div', { id: 'trend', 'data-forecast': forecastAt ? 'marked' : 'none' });
  box.replaceChildren(title, chart);
  const width = Math.max(320, box.clientWidth - 32);
  const markForecast = (u) => {
    if (!forecastAt) return;
    const x = Math.round(u.valToPos(Math.min(Math.max(forecastAt, u.scales.x.min), u.scales.x.max), 'x', true));
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#6a1b9a'; ctx.lineWidth = 2; ctx.setLineDash([3, 3]);
    ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
    ctx.setLineDash([]); ctx.fillStyle = '#6a1b9a';
    ctx.font = `${Math.round(12 * devicePixelRatio)}px system-ui, sans-serif`;
    const last = Object.entries(health.failureProbability || {}).pop();
    const text = `forecast ${health.alertLevel}` + (last ? `: P(${last[0]}) ${pct(last[1])}` : '') + (health.rul ? `, RUL ${hours(health.rul.hours)}` : '');
    const w = ctx.measureText(text).width;
    ctx.fillText(text, Math.max(u.bbox.left + 4, x - w - 6), u.bbox.top + 14 * devicePixelRatio);
    ctx.restore();
  };
  const plot = new uPlot({
    width, height: 300,
    series,
    scales: { x: { time: true, range: (u, min, max) => [min, forecastAt ? Math.max(max, forecastAt) : max] } },
    axes: [{}, { label: ch.unit || '' }],
    hooks: { draw: [markForecast] },
  }, columns, chart);
  box._plot = plot;
}

// ---- alerts view -----------------------------------------------------------------------------

async function showAlerts() {
  setNav('alerts');
  clearListeners();
  const alerts = alertHistory(null, { all: true, title: 'Open alerts' });
  view.replaceChildren(el('h1', {}, 'Alerts'), alerts.element);
  healthListeners.add(() => alerts.reload());
  await alerts.reload();
}

// ---- work orders -----------------------------------------------------------------------------

async function showWorkOrders() {
  setNav('work-orders');
  clearListeners();
  const levelSel = el('select', { id: 'wo-level' }, el('option', { value: 'warning' }, 'warning and critical'),
    el('option', { value: 'critical' }, 'critical only'), el('option', { value: 'watch' }, 'watch and worse'));
  const msg = el('div');
  const table = el('div');
  const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '');
  async function load() {
    let data;
    try { data = await api('/api/work-orders?minLevel=' + levelSel.value); }
    catch (e) { table.replaceChildren(el('p', { class: 'error' }, e.status === 403 ? 'Your role may not export work orders (planners can).' : e.message)); return; }
    table.replaceChildren(data.count === 0 ? el('p', { class: 'muted' }, 'Nothing flagged at this level.') :
      el('table', { id: 'work-orders' },
        el('thead', {}, el('tr', {}, ['Priority', 'Machine', 'Component', 'Level', 'Required by', `P(fail ${data.horizon || ''})`, 'Health', 'RUL', 'Expected cost', 'Evidence'].map(h => el('th', {}, h)))),
        el('tbody', {}, data.workOrders.map(o => el('tr', { 'data-order': o.externalId },
          el('td', { class: 'num' }, String(o.priority)), el('td', {}, el('a', { href: '#/twin/' + encodeURIComponent(o.assetId) }, o.assetId)),
          el('td', {}, o.component), el('td', {}, badge(o.alertLevel)), el('td', {}, formatTime(o.requiredBy)),
          el('td', { class: 'num' }, pct(o.failureProbability)), el('td', {}, healthBar(o.health)),
          el('td', { class: 'num' }, o.rulHours === null ? '—' : `${hours(o.rulHours)} (${hours(o.rulLowerHours)}–${hours(o.rulUpperHours)})`),
          el('td', { class: 'num' }, money(o.expectedCost, o.currency)),
          el('td', { class: 'wrap small' }, (o.evidence || []).join('; ')))))));
  }
  const dl = (fmt) => async () => {
    try { await download('/api/work-orders?format=' + fmt + '&minLevel=' + levelSel.value, fmt === 'csv' ? 'text/csv' : 'application/json', `work-orders-${stamp()}.${fmt}`); msg.replaceChildren(); }
    catch (e) { msg.replaceChildren(el('p', { class: 'error' }, e.message)); }
  };
  levelSel.addEventListener('change', load);
  view.replaceChildren(el('h1', {}, 'Work orders'),
    el('p', { class: 'muted' }, 'Flagged components with the evidence behind them, in the shape a CMMS import takes.'),
    el('div', { class: 'toolbar' }, levelSel, el('button', { id: 'export-csv', onclick: dl('csv') }, 'Export CSV'), el('button', { id: 'export-json', onclick: dl('json') }, 'Export JSON')),
    msg, table);
  await load();
}

// ---- models view -----------------------------------------------------------------------------

async function showModels() {
  setNav('models');
  clearListeners();
  let data;
  try { data = await api('/api/models'); }
  catch (e) { view.replaceChildren(el('h1', {}, 'Models'), el('p', { class: 'error' }, e.message)); return; }
  const msg = el('div', { id: 'models-message' });
  const act = async (path, payload) => {
    try { await api(path, 'POST', payload); await showModels(); }
    catch (e) { msg.replaceChildren(el('p', { class: 'error' }, e.status === 403 ? 'Your role may not change models (engineers can).' : e.message)); }
  };
  const cards = data.items.map(m => {
    // Evaluations are rendered generically: nested figures (e.g. metrics.recall) become rows of their own.
    const flat = (o) => { const out = {}; for (const [k, x] of Object.entries(o || {})) { if (x && typeof x === 'object' && !Array.isArray(x)) Object.assign(out, flat(x)); else out[k] = x; } return out; };
    const evals = new Map(m.versions.map(v => [v.id, flat(v.evaluation)]));
    const evalKeys = [...new Set([...evals.values()].flatMap(e => Object.keys(e)))];
    const provKeys = [...new Set(m.versions.flatMap(v => Object.keys(v.provenance || {})))].filter(k => /trainer|class|seed|epochs|depth|version/i.test(k)).slice(0, 8);
    const row = (label, f) => el('tr', {}, el('th', {}, label), m.versions.map(v => el('td', { class: 'wrap' }, f(v))));
    // Unset trainer parameters come as NaN in a model's provenance: shown as not set.
    const unset = (x) => x === null || x === undefined || x === 'NaN' || (typeof x === 'number' && !Number.isFinite(x));
    const fmt = (x) => unset(x) ? '—' : typeof x === 'number' ? Number(x.toPrecision(5)).toString() : typeof x === 'object' ? JSON.stringify(x) : String(x);
    const monitor = el('div', { class: 'model-monitor', 'data-monitor': m.key });
    if (m.active) loadMonitor(m.key, monitor, fmt);
    return el('div', { class: 'card', 'data-model': m.key },
      el('h2', {}, m.key, ' ', el('span', { class: 'muted small' }, 'active: ' + (m.active || 'none'))),
      monitor,
      el('table', { class: 'models-table' }, el('tbody', {},
        el('tr', {}, el('th', {}, 'version'), m.versions.map(v => el('th', {}, 'v' + v.version))),
        el('tr', {}, el('th', {}, 'state'), m.versions.map(v => el('td', { class: 'state-' + v.state }, v.state))),
        row('created', v => formatTime(v.created)),
        row('trained on', v => `${formatTime(v.trainedFrom)} – ${formatTime(v.trainedTo)}`),
        row('assets', v => String(v.assets.length)),
        row('labels', v => Object.entries(v.labels).map(([k, n]) => `${k} ${n}`).join(', ')),
        row('features', v => String(v.features.length)),
        ...evalKeys.map(k => row('evaluation: ' + k, v => fmt(evals.get(v.id)[k]))),
        ...provKeys.map(k => row(k, v => fmt(v.provenance[k]))),
        el('tr', {}, el('th', {}, ''), m.versions.map(v => el('td', {},
          v.state === 'active' ? el('button', { onclick: () => act('/api/models/' + encodeURIComponent(m.key) + '/rollback') }, 'Roll back')
            : el('span', {}, el('button', { onclick: () => act('/api/models/' + encodeURIComponent(v.id) + '/promote', {}) }, 'Promote'), ' ',
                el('button', { title: 'promote even if it evaluates worse', onclick: () => act('/api/models/' + encodeURIComponent(v.id) + '/promote', { force: true }) }, 'Force'))))))));
  });
  view.replaceChildren(el('h1', {}, 'Models'),
    el('p', { class: 'muted' }, 'Versions per asset type and component, evaluation figures side by side. Promotion refuses a version that evaluates worse unless forced.'),
    msg, ...(cards.length ? cards : [el('p', { class: 'muted' }, 'No models yet: train with minetwin or POST /api/train.')]));
}

// How the active model is doing in the field: live figures against the backtest's, input drift, retrain advice.
async function loadMonitor(key, box, fmt) {
  let r;
  try { r = await api('/api/models/' + encodeURIComponent(key) + '/monitor'); }
  catch (e) { box.replaceChildren(el('p', { class: 'muted small' }, 'Monitor: ' + e.message)); return; }
  const live = r.live || {};
  const back = r.backtest || {};
  const drift = r.drift || {};
  const advice = r.retrainRecommended
    ? el('p', { class: 'error', 'data-retrain': 'yes' }, 'Retrain recommended: ' + r.reasons.join('; '))
    : el('p', { class: 'muted', 'data-retrain': 'no' }, 'No retrain recommended.');
  box.replaceChildren(
    el('h3', {}, 'Monitor of ' + r.model + ' (active since ' + formatTime(r.activeSince) + ')'),
    advice,
    el('table', { class: 'models-table' }, el('tbody', {},
      el('tr', {}, el('th', {}, ''), el('th', {}, 'live'), el('th', {}, 'backtest')),
      el('tr', {}, el('th', {}, 'recall at 72 h'), el('td', {}, fmt(live.recall_72h)), el('td', {}, fmt(back.recall_72h))),
      el('tr', {}, el('th', {}, 'false alarms / asset-year'), el('td', {}, fmt(live.false_alarms_per_asset_year)), el('td', {}, fmt(back.false_alarms_per_asset_year))),
      el('tr', {}, el('th', {}, 'failures (flagged 72 h ahead)'), el('td', {}, `${fmt(live.failures)} (${fmt(live.flagged_72h)})`), el('td', {}, fmt(back.failures))),
      el('tr', {}, el('th', {}, 'median lead, h'), el('td', {}, fmt(live.median_lead_hours)), el('td', {}, fmt(back.median_lead_hours))),
      el('tr', {}, el('th', {}, 'alerts (false, open)'), el('td', {}, `${fmt(live.alerts)} (${fmt(live.false_alarms)}, ${fmt(live.open_alerts)})`), el('td', {}, '')))),
    el('p', { class: 'muted small' }, `Input drift over the last ${fmt(drift.window_days)} days: ${fmt(drift.rows)} scored rows, importance-weighted PSI ${fmt(drift.weighted_psi)}; drifted features carry ${fmt(drift.drifted_importance_share)} of the importance.`),
    (drift.top || []).length ? el('table', { class: 'models-table' }, el('tbody', {},
      el('tr', {}, el('th', {}, 'feature'), el('th', {}, 'PSI'), el('th', {}, 'importance')),
      drift.top.map(f => el('tr', { class: f.psi > 0.25 ? 'state-drifted' : '' }, el('td', {}, f.feature), el('td', {}, fmt(f.psi)), el('td', {}, fmt(f.importance)))))) : el('span', {}));
}

// ---- KPI view --------------------------------------------------------------------------------

// Reliability and energy KPIs for a period (GET /api/kpi): the fleet's figures, the trend per week, the machines
// (or types) compared, and the suppliers of components that have more than one (domestic substitutes beside the
// originals), drawn with uPlot like the machine view's trend.
const KPI_COLORS = ['#1f6feb', '#2d8a4e', '#c98a00', '#6a1b9a', '#c62828'];
function ratio(v) { return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + ' %'; }
function num(v, digits = 1) { return v === null || v === undefined ? '—' : Number(v).toLocaleString('en', { maximumFractionDigits: digits }); }
function kpiPeriod(weeks) {
  const now = new Date();
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const from = new Date(to.getTime() - weeks * 7 * 86400000);
  from.setUTCDate(from.getUTCDate() - ((from.getUTCDay() + 6) % 7)); // back to Monday: whole weeks
  return { from: from.toISOString(), to: to.toISOString() };
}

async function showKpi() {
  setNav('kpi');
  clearListeners();
  const types = (await api('/api/asset-types')).map(t => t.name).sort();
  const weeksSel = el('select', { id: 'kpi-weeks' }, [4, 12, 26, 52].map(w => el('option', { value: w }, `last ${w} weeks`)));
  weeksSel.value = '12';
  const typeSel = el('select', { id: 'kpi-type' }, el('option', { value: '' }, 'all types'), types.map(t => el('option', { value: t }, t)));
  const body = el('div', { id: 'kpi' });
  view.replaceChildren(el('h1', {}, 'KPIs'),
    el('p', { class: 'muted' }, 'Availability and utilisation from machine.state, MTBF and MTTR from failure records, the planned share of maintenance, energy to dig and haul a tonne, and the downtime that alerts avoided by leading to planned work.'),
    el('div', { class: 'filters' }, weeksSel, typeSel), body);
  async function load() {
    body.replaceChildren(el('p', { class: 'muted' }, 'loading…'));
    const p = kpiPeriod(Number(weeksSel.value));
    const filter = typeSel.value ? '&type=' + encodeURIComponent(typeSel.value) : '';
    const q = (group) => api(`/api/kpi?group=${group}&from=${p.from}&to=${p.to}${filter}`);
    let weeks, machines, suppliers;
    try { [weeks, machines, suppliers] = await Promise.all([q('week'), q(typeSel.value ? 'asset' : 'type'), q('supplier')]); }
    catch (e) { body.replaceChildren(el('p', { class: 'error' }, e.message)); return; }
    const f = weeks.fleet;
    body.dataset.from = p.from;
    body.dataset.to = p.to;
    // suppliers compared where the component failed with at least one of them
    const failed = new Set(suppliers.items.filter(i => i.failures > 0).map(i => i.name.split(': ')[0]));
    const compared = suppliers.items.filter(i => failed.has(i.name.split(': ')[0]));
    const figure = (label, value, title) => el('div', { class: 'kpi-figure', title: title || '' }, el('div', { class: 'kpi-value' }, value), el('div', { class: 'muted small' }, label));
    const cost = f.downtime_cost_avoided === null ? `${num(f.downtime_hours_avoided, 0)} h` : money(f.downtime_cost_avoided, weeks.currency);
    body.replaceChildren(
      el('div', { class: 'kpi-figures', id: 'kpi-fleet' },
        figure('availability', ratio(f.availability), weeks.definitions.availability),
        figure('utilisation', ratio(f.utilisation), weeks.definitions.utilisation),
        figure('MTBF', f.mtbf_hours === null ? '—' : num(f.mtbf_hours) + ' h', weeks.definitions.mtbf_hours),
        figure('MTTR', f.mttr_hours === null ? '—' : num(f.mttr_hours) + ' h', weeks.definitions.mttr_hours),
        figure('planned maintenance', ratio(f.planned_share), weeks.definitions.planned_share),
        figure('energy per tonne', f.energy_kwh_per_tonne === null ? '—' : f.energy_kwh_per_tonne.toFixed(3) + ' kWh/t', weeks.definitions.energy_kwh_per_tonne),
        figure(`downtime avoided (${f.alerts_to_planned_work} alerts)`, cost, weeks.definitions.downtime_cost_avoided)),
      el('div', { class: 'card chart-box', id: 'kpi-trend-box' }, el('h2', {}, 'Trend per week'), el('div', { id: 'kpi-trend' })),
      el('div', { class: 'grid' },
        el('div', { class: 'card chart-box' }, el('h2', {}, typeSel.value ? `${typeSel.value}: machines compared` : 'Fleet compared by asset type'), el('div', { id: 'kpi-compare' })),
        el('div', { class: 'card chart-box' }, el('h2', {}, 'Suppliers compared (MTBF of their component)'), el('div', { id: 'kpi-suppliers' }))),
      el('div', { class: 'card' }, el('h2', {}, 'Suppliers of components that failed'), supplierTable(compared)));
    const width = (id) => Math.max(320, document.getElementById(id).parentElement.clientWidth - 32);
    drawKpiTrend(document.getElementById('kpi-trend'), weeks.items, width('kpi-trend'));
    drawKpiBars(document.getElementById('kpi-compare'), machines.items.map(i => i.name.replace(/^[^:]+:/, '')),
      [['availability %', machines.items.map(i => pctOrNull(i.availability))], ['utilisation %', machines.items.map(i => pctOrNull(i.utilisation))]], '%', width('kpi-compare'));
    drawKpiBars(document.getElementById('kpi-suppliers'), compared.map(i => shortSupplier(i.name)),
      [['MTBF h', compared.map(i => i.mtbf_hours)]], 'h', width('kpi-suppliers'));
  }
  weeksSel.addEventListener('change', load);
  typeSel.addEventListener('change', load);
  await load();
}

function pctOrNull(v) { return v === null || v === undefined ? null : v * 100; }
function shortSupplier(name) { return name.replace(/^[^/]+\//, '').replace(' (domestic substitute)', ' (domestic)'); }

function supplierTable(items) {
  if (items.length === 0) return el('p', { class: 'muted' }, 'No component with more than one supplier among these machines failed in this period.');
  return el('table', { id: 'kpi-supplier-table' },
    el('thead', {}, el('tr', {}, ['Type / component: supplier', 'Failures', 'MTBF', 'MTTR', 'Availability'].map(h => el('th', {}, h)))),
    el('tbody', {}, items.map(i => el('tr', { 'data-supplier': i.name }, el('td', {}, i.name), el('td', { class: 'num' }, String(i.failures)),
      el('td', { class: 'num' }, i.mtbf_hours === null ? 'no failures' : num(i.mtbf_hours) + ' h'),
      el('td', { class: 'num' }, i.mttr_hours === null ? '—' : num(i.mttr_hours) + ' h'), el('td', { class: 'num' }, ratio(i.availability))))));
}

function drawKpiTrend(box, items, width) {
  if (items.length === 0) { box.replaceChildren(el('p', { class: 'muted' }, 'No machine.state history or records in this period.')); return; }
  const xs = items.map(i => Date.parse(i.name + 'T00:00:00Z') / 1000);
  const plot = new uPlot({
    width, height: 240,
    series: [{}, { label: 'availability %', stroke: KPI_COLORS[0], width: 2, scale: '%' },
      { label: 'utilisation %', stroke: KPI_COLORS[1], width: 2, scale: '%' },
      { label: 'kWh per tonne', stroke: KPI_COLORS[2], width: 2, dash: [6, 4], scale: 'kwh' }],
    scales: { x: { time: true }, '%': { range: [0, 100] }, kwh: { range: (u, min, max) => [0, Math.max(max || 0, 0.1) * 1.25] } },
    axes: [{}, { scale: '%', label: '%' }, { scale: 'kwh', side: 1, label: 'kWh/t', grid: { show: false } }],
  }, [xs, items.map(i => pctOrNull(i.availability)), items.map(i => pctOrNull(i.utilisation)),
      items.map(i => i.energy_kwh_per_tonne)], box);
  box._plot = plot;
}

function drawKpiBars(box, labels, series, unit, width) {
  if (labels.length === 0) { box.replaceChildren(el('p', { class: 'muted' }, 'Nothing to compare in this period.')); return; }
  const n = series.length;
  // one series: a bar on each label; two: side by side, the first ending and the second starting at the label
  const bars = (k) => uPlot.paths.bars({ size: [n === 1 ? 0.6 : 0.4, 80], align: n === 1 ? 0 : (k === 0 ? -1 : 1) });
  const plot = new uPlot({
    width, height: 280,
    series: [{}, ...series.map(([label], k) => ({ label, stroke: KPI_COLORS[k], fill: KPI_COLORS[k] + 'cc', width: 1, paths: bars(k), points: { show: false } }))],
    // bars stand on zero, or their lengths would not compare
    scales: { x: { time: false, range: [-0.6, labels.length - 0.4] }, y: { range: (u, min, max) => [0, Math.max(max || 0, 1) * 1.1] } },
    axes: [{ values: (u, splits) => splits.map(v => Number.isInteger(v) ? labels[v] ?? '' : ''), incrs: [1], size: 40, font: '11px system-ui, sans-serif' },
      { label: unit }],
    legend: { show: true },
  }, [labels.map((_, i) => i), ...series.map(([, values]) => values)], box);
  box._plot = plot;
}

// ---- routing ---------------------------------------------------------------------------------

async function route() {
  if (!token()) { showSignIn(); return; }
  signOut.hidden = false;
  startLive();
  const m = location.hash.match(/^#\/twin\/(.+)$/);
  try {
    if (m) await showTwin(decodeURIComponent(m[1]));
    else if (location.hash === '#/alerts') await showAlerts();
    else if (location.hash === '#/work-orders') await showWorkOrders();
    else if (location.hash === '#/models') await showModels();
    else if (location.hash === '#/kpi') await showKpi();
    else await showFleet();
  } catch (e) {
    if (e.status === 401) showSignIn('Your token was refused: it is unknown or has been revoked.');
    else view.replaceChildren(el('p', { class: 'error' }, e.message));
  }
}

signOut.addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); location.hash = '#/'; showSignIn(); });
window.addEventListener('hashchange', route);
route();
