// Syna Studio's page: plain modern JavaScript, no build step. Every list is paged and searched on the
// server (/api/...); charts use ECharts, served by the Studio itself; the 3D view draws on a 2D canvas.
'use strict';

const params = new URLSearchParams(location.search);
if (params.get('token')) {
  sessionStorage.setItem('syna.token', params.get('token'));
  history.replaceState(null, '', location.pathname + location.hash); // keep the token out of the address bar
}
const TOKEN = sessionStorage.getItem('syna.token') || '';
const main = document.getElementById('main');
const PAGE = 50;
const HPAGE = 20; // history rows per page

// ---- helpers --------------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function showError(err) {
  const box = document.getElementById('error');
  box.textContent = err ? (err.code ? err.code + ': ' : '') + err.message : '';
  box.hidden = !err;
}

async function api(path, options = {}) {
  const init = { method: options.method || 'GET', headers: {} };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (init.method !== 'GET') init.headers['X-Syna-Token'] = TOKEN;
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { code: 'BAD_RESPONSE', message: text.slice(0, 200) }; }
  if (!res.ok) {
    const err = new Error(data && data.message ? data.message : res.statusText);
    err.code = data && data.code;
    err.status = res.status;
    throw err;
  }
  return data;
}

function q(path, obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? path + '?' + s : path;
}

function guard(fn) {
  return async (...args) => {
    try { showError(null); return await fn(...args); } catch (e) { showError(e); }
  };
}

function fmtBytes(n) {
  if (n < 1024) return n + ' B';
  const u = ['KiB', 'MiB', 'GiB', 'TiB'];
  let i = -1;
  do { n /= 1024; i++; } while (n >= 1024 && i < u.length - 1);
  return n.toFixed(1) + ' ' + u[i];
}

function fmtTime(micros) { return new Date(micros / 1000).toISOString().replace('T', ' ').replace('Z', ''); }

function table(headers, rows, onPick, testid) {
  const body = h('tbody');
  rows.forEach((cells, i) => {
    const tr = h('tr', onPick ? { class: 'pick', onclick: () => { body.querySelectorAll('tr').forEach(r => r.classList.remove('selected')); tr.classList.add('selected'); onPick(i); } } : {},
      cells.map(c => h('td', {}, c)));
    body.append(tr);
  });
  return h('table', testid ? { 'data-testid': testid } : {}, h('thead', {}, h('tr', {}, headers.map(x => h('th', {}, x)))), body);
}

// ECharts (about 1 MB) loads on the first chart, so that pages without one paint without parsing it.
let echartsLoading = null;
function loadEcharts() {
  if (window.echarts) return Promise.resolve();
  if (!echartsLoading) {
    echartsLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/lib/echarts.min.js';
      s.onload = resolve;
      s.onerror = () => reject(new Error('charts unavailable: /lib/echarts.min.js did not load'));
      document.head.append(s);
    });
  }
  return echartsLoading;
}

async function chart(el, option) {
  try { await loadEcharts(); } catch (e) { el.textContent = e.message; return null; }
  const c = echarts.init(el, null, { renderer: 'canvas' });
  c.setOption(option);
  new ResizeObserver(() => c.resize()).observe(el);
  return c;
}

function colorOf(s) {
  let x = 0;
  for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) | 0;
  return `hsl(${((x % 360) + 360) % 360} 70% 60%)`;
}

function b64bytes(b64) {
  const s = atob(b64);
  const a = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

function hexView(bytes, base) {
  const lines = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = bytes.subarray(o, o + 16);
    const hex = Array.from(row, b => b.toString(16).padStart(2, '0')).join(' ').padEnd(47, ' ');
    const ascii = Array.from(row, b => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push((base + o).toString(16).padStart(8, '0') + '  ' + hex + '  |' + ascii + '|');
  }
  return h('div', { class: 'hex', 'data-testid': 'hex' }, lines.join('\n'));
}

function sparkline(values) {
  const w = 480, hh = 80;
  let min = Infinity, max = -Infinity;
  for (const v of values) { if (v < min) min = v; if (v > max) max = v; }
  const span = max - min || 1;
  const pts = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * w},${hh - ((v - min) / span) * hh}`).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${hh}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', '90');
  svg.setAttribute('data-testid', 'vector-plot');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', pts);
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#2f6fde');
  svg.append(line);
  return svg;
}

// ---- keys explorer --------------------------------------------------------------------------

async function keysPage() {
  const state = { ns: '', offset: 0 };
  const search = h('input', { placeholder: 'prefix or glob', 'data-testid': 'key-search', size: 24 });
  const mode = h('select', { 'data-testid': 'key-mode' }, h('option', { value: 'prefix' }, 'prefix'), h('option', { value: 'glob' }, 'glob'));
  const type = h('select', { 'data-testid': 'key-type' }, ['', 'float64', 'int64', 'text', 'bytes', 'vector'].map(t => h('option', { value: t }, t || 'any type')));
  const list = h('div');
  const more = h('div', { class: 'row' });
  const nsList = h('div', { 'data-testid': 'namespaces' });
  const space = h('div', { class: 'muted' });
  const detail = h('div', { 'data-testid': 'key-detail' }, h('p', { class: 'muted' }, 'Pick a key.'));
  const go = guard(async (append) => {
    if (!append) state.offset = 0;
    const r = await api(q('/api/keys', { ns: state.ns, q: search.value, mode: mode.value, type: type.value, offset: state.offset, limit: PAGE }));
    const t = table(['key', 'type', 'value'], r.items.map(i => [i.key, i.type, i.summary]), i => openKey(r.items[i].key), 'keys-table');
    if (!append) list.replaceChildren();
    list.append(t);
    more.replaceChildren(h('span', { class: 'muted' }, `${r.matched.toLocaleString()} keys match` + (r.typeFiltered ? `, ${r.scanned.toLocaleString()} scanned for the type` : '')));
    if (r.next !== null) {
      state.offset = r.next;
      more.append(h('button', { onclick: () => go(true), 'data-testid': 'keys-more' }, 'More'));
    }
  });
  const openKey = guard(async (key) => {
    const v = await api(q('/api/key', { ns: state.ns, key }));
    detail.replaceChildren(h('h2', {}, key, ' ', h('span', { class: 'tag' }, v.type)));
    detail.append(valueView(v, state.ns));
    let plotted = null;
    if (v.type === 'float64' || v.type === 'int64') {
      const box = h('div', { class: 'chart', 'data-testid': 'series-chart' });
      const info = h('div', { class: 'muted' });
      detail.append(h('h2', {}, 'Time series'), info, box);
      plotted = seriesChart(box, info, state.ns, key);
    }
    const hist = h('div', { 'data-testid': 'history' });
    detail.append(h('h2', {}, 'History'), hist);
    let hoff = 0;
    const loadHistory = guard(async () => {
      const r = await api(q('/api/history', { ns: state.ns, key, offset: hoff, limit: HPAGE }));
      hist.replaceChildren(h('div', { class: 'muted' }, `${r.total.toLocaleString()} entries, newest first`),
        table(['time', 'type', 'value'], r.items.map(e => [e.time, e.type, e.summary]), null, 'history-table'),
        h('div', { class: 'row' },
          hoff > 0 ? h('button', { onclick: () => { hoff = Math.max(0, hoff - HPAGE); loadHistory(); } }, 'Newer') : null,
          hoff + HPAGE < r.total ? h('button', { onclick: () => { hoff += HPAGE; loadHistory(); } }, 'Older') : null));
    });
    await Promise.all([loadHistory(), plotted]);
  });
  const pickSpace = guard(async (ns) => {
    state.ns = ns;
    space.textContent = ns ? `namespace ${ns}` : 'user keys';
    await go(false);
  });
  const loadNamespaces = guard(async () => {
    const r = await api(q('/api/namespaces', { limit: 200 }));
    nsList.replaceChildren(table(['namespace', 'keys'], [['(user keys)', r.userKeys.toLocaleString()], ...r.items.map(n => [n.name, n.keys.toLocaleString()])],
      i => pickSpace(i === 0 ? '' : r.items[i - 1].name), 'namespaces-table'));
    if (r.total > r.items.length) nsList.append(h('div', { class: 'muted' }, `${r.total - r.items.length} more namespaces`));
  });
  search.addEventListener('keydown', e => { if (e.key === 'Enter') go(false); });
  main.replaceChildren(h('div', { class: 'cols' },
    h('div', {},
      h('div', { class: 'panel' }, h('h2', {}, 'Keys'), space,
        h('div', { class: 'row' }, search, mode, type, h('button', { class: 'primary', onclick: () => go(false), 'data-testid': 'key-search-go' }, 'Search')),
        list, more),
      h('div', { class: 'panel' }, h('h2', {}, 'Namespaces'), h('div', { class: 'muted' }, 'Kept apart from user keys: the keys of vector stores, the model registry, runs, tensors.'), nsList)),
    h('div', { class: 'panel' }, detail)));
  space.textContent = 'user keys';
  await Promise.all([go(false), loadNamespaces()]);
}

function valueView(v, ns) {
  switch (v.type) {
    case 'float64': return h('div', { class: 'big', 'data-testid': 'value' }, String(v.value));
    case 'int64': return h('div', { class: 'big', 'data-testid': 'value' }, v.exact);
    case 'text': return h('div', {}, h('pre', { 'data-testid': 'value' }, v.value), v.truncated ? h('div', { class: 'muted' }, `first ${v.value.length} of ${v.length} characters`) : null);
    case 'vector': return h('div', { 'data-testid': 'value' }, h('div', { class: 'muted' }, `dimension ${v.dimension}` + (v.truncated ? ' (first 4096 shown)' : '')), sparkline(v.value),
      h('pre', {}, '[' + v.value.slice(0, 32).map(x => Number(x).toPrecision(4)).join(', ') + (v.value.length > 32 ? ', …' : '') + ']'));
    case 'bytes': {
      const box = h('div', {});
      let offset = 0;
      const win = 512;
      const show = guard(async () => {
        const r = await api(q('/api/bytes', { ns, key: v.key, offset, length: win }));
        box.replaceChildren(h('div', { class: 'muted' }, `${r.length.toLocaleString()} bytes; offsets ${offset}–${Math.min(r.length, offset + win) - 1}`), hexView(b64bytes(r.base64), offset),
          h('div', { class: 'row' },
            offset > 0 ? h('button', { onclick: () => { offset = Math.max(0, offset - win); show(); } }, 'Previous') : null,
            offset + win < r.length ? h('button', { onclick: () => { offset += win; show(); }, 'data-testid': 'hex-next' }, 'Next') : null));
      });
      show();
      return box;
    }
    default: return h('div', { class: 'muted', 'data-testid': 'value' }, '(deleted)');
  }
}

async function seriesChart(box, info, ns, key) {
  const load = async (from, to) => {
    const r = await api(q('/api/series', { ns, key, from, to, points: 2000 }));
    info.textContent = `${r.total.toLocaleString()} points in range` + (r.downsampled ? `, ${r.t.length} shown (min/max per bucket; zoom in for detail)` : '');
    return r.t.map((t, i) => [t / 1000, r.v[i]]);
  };
  const data = await load();
  const c = await chart(box, {
    animation: false, grid: { left: 60, right: 20, top: 20, bottom: 70 },
    tooltip: { trigger: 'axis' }, xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider' }],
    series: [{ type: 'line', showSymbol: false, data, sampling: 'lttb' }],
  });
  if (!c || data.length < 2) return;
  let timer = null;
  c.on('datazoom', () => {
    clearTimeout(timer);
    timer = setTimeout(guard(async () => {
      const opt = c.getOption();
      const axis = c.getModel().getComponent('xAxis', 0).axis.scale.getExtent();
      const fresh = await load(Math.floor(axis[0] * 1000), Math.ceil(axis[1] * 1000) + 1);
      if (fresh.length) c.setOption({ series: [{ data: fresh }] }, { lazyUpdate: true });
      void opt;
    }), 250);
  });
}

// ---- vector stores --------------------------------------------------------------------------

async function vectorsPage() {
  const search = h('input', { placeholder: 'filter stores' });
  const list = h('div');
  const detail = h('div', { 'data-testid': 'store-detail' }, h('p', { class: 'muted' }, 'Pick a store.'));
  const load = guard(async () => {
    const r = await api(q('/api/vectors', { q: search.value, limit: PAGE }));
    const unopened = s => s.error ? `(open failed: ${s.error})` : s.opening ? '(opening…)' : '(open to count)';
    list.replaceChildren(table(['store', 'dim', 'metric', 'vectors', 'index'], r.items.map(s => [s.name, s.dimension, s.metric, s.opened ? s.size.toLocaleString() : unopened(s), s.opened ? s.status.state : s.index]),
      i => openStore(r.items[i].name), 'stores-table'));
    if (!r.items.length) list.append(h('p', { class: 'muted' }, 'No vector stores.'));
    // stores the server is opening in the background: ask again while this page is shown
    if (r.items.some(s => s.opening)) setTimeout(() => { if (main.dataset.page === 'vectors' && list.isConnected) load(); }, 1000);
  });
  const openStore = guard(async (name) => {
    const s = await api('/api/vectors/' + encodeURIComponent(name));
    const st = s.status;
    const colorField = h('input', { placeholder: 'metadata field to colour by', size: 22 });
    const canvas = h('canvas', { class: 'view3d', 'data-testid': 'view3d' });
    const viewInfo = h('div', { class: 'muted' });
    const queryKey = h('input', { placeholder: 'stored key', 'data-testid': 'knn-key', size: 22 });
    const k = h('input', { type: 'number', value: 10, min: 1, max: 1000, style: 'width:5em' });
    const hits = h('div', { 'data-testid': 'knn-hits' });
    detail.replaceChildren(
      h('h2', {}, name),
      table(['option', 'value'], [['dimension', s.dimension], ['metric', s.metric], ['index option', s.index], ['index threshold', s.indexThreshold],
        ['index parameters', JSON.stringify(s.indexParameters)], ['vectors', s.size.toLocaleString()], ['answering', s.indexName],
        ['index status', `${st.state} ${st.indexed.toLocaleString()}/${st.total.toLocaleString()}` + (st.memoryBytes > 0 ? `, ${fmtBytes(st.memoryBytes)}` : '') + (st.detail ? ` (${st.detail})` : '')]], null, 'store-options'),
      h('h2', { style: 'margin-top:12px' }, '3D view (PCA on the server)'),
      h('div', { class: 'row' }, colorField, h('button', { onclick: () => view.load() }, 'Redraw'), viewInfo), canvas,
      h('h2', { style: 'margin-top:12px' }, 'k-NN from a stored vector'),
      h('div', { class: 'row' }, queryKey, 'k', k, h('button', { class: 'primary', 'data-testid': 'knn-go', onclick: () => runSearch() }, 'Search')), hits);
    const view = new View3d(canvas, viewInfo, name, colorField);
    await view.load();
    if (view.keys.length) queryKey.value = view.keys[0];
    const runSearch = guard(async () => {
      const r = await api(q('/api/vectors/' + encodeURIComponent(name) + '/search', { key: queryKey.value, k: k.value }));
      view.highlight(r);
      hits.replaceChildren(h('div', { class: 'muted' }, `${r.items.length} neighbours in ${(r.micros / 1000).toFixed(1)} ms (${r.index})`),
        table(['#', 'key', 'distance', 'metadata'], r.items.map((m, i) => [i + 1, m.key, m.distance.toPrecision ? m.distance.toPrecision(5) : m.distance, JSON.stringify(m.metadata)]), null, 'knn-table'));
    });
  });
  search.addEventListener('keydown', e => { if (e.key === 'Enter') load(); });
  main.replaceChildren(h('div', { class: 'cols' },
    h('div', { class: 'panel' }, h('h2', {}, 'Vector stores'), h('div', { class: 'row' }, search, h('button', { onclick: load }, 'Filter')), list),
    h('div', { class: 'panel' }, detail)));
  await load();
}

/** Points of a PCA projection on a 2D canvas: drag rotates, wheel zooms, hover shows key and metadata. */
class View3d {
  constructor(canvas, info, store, colorField) {
    Object.assign(this, { canvas, info, store, colorField, yaw: 0.6, pitch: 0.35, zoom: 1, keys: [], xyz: new Float32Array(0), colors: [], hl: null });
    this.tip = h('div', { class: 'tooltip', hidden: true });
    document.body.append(this.tip);
    let drag = null;
    canvas.addEventListener('mousedown', e => { drag = [e.clientX, e.clientY]; });
    window.addEventListener('mouseup', () => { drag = null; });
    canvas.addEventListener('mousemove', e => {
      if (drag) {
        this.yaw += (e.clientX - drag[0]) * 0.01;
        this.pitch = Math.max(-1.5, Math.min(1.5, this.pitch + (e.clientY - drag[1]) * 0.01));
        drag = [e.clientX, e.clientY];
        this.draw();
      } else this.hover(e);
    });
    canvas.addEventListener('mouseleave', () => { this.tip.hidden = true; });
    canvas.addEventListener('wheel', e => { e.preventDefault(); this.zoom *= e.deltaY < 0 ? 1.1 : 0.9; this.draw(); }, { passive: false });
  }

  async load() {
    const r = await api(q('/api/vectors/' + encodeURIComponent(this.store) + '/pca', { color: this.colorField.value }));
    const bytes = b64bytes(r.xyz);
    this.xyz = new Float32Array(bytes.buffer, 0, bytes.length / 4);
    this.keys = r.keys;
    this.colors = r.colors;
    let m = 0;
    for (const v of this.xyz) m = Math.max(m, Math.abs(v));
    this.scale = m || 1;
    this.hl = null;
    const ex = r.explained.map(e => (e * 100).toFixed(1) + '%').join(' / ');
    this.info.textContent = `${r.sampled.toLocaleString()} of ${r.total.toLocaleString()} vectors sampled, fitted in ${r.millis} ms; variance explained ${ex}`;
    this.canvas.dataset.points = String(r.sampled);
    this.draw();
  }

  project(x, y, z) {
    const cy = Math.cos(this.yaw), sy = Math.sin(this.yaw), cp = Math.cos(this.pitch), sp = Math.sin(this.pitch);
    const x1 = x * cy - z * sy, z1 = x * sy + z * cy;
    const y1 = y * cp - z1 * sp;
    const w = this.canvas.width, hh = this.canvas.height, s = Math.min(w, hh) * 0.42 * this.zoom / this.scale;
    return [w / 2 + x1 * s, hh / 2 - y1 * s];
  }

  draw() {
    const c = this.canvas, dpr = window.devicePixelRatio || 1;
    c.width = c.clientWidth * dpr;
    c.height = c.clientHeight * dpr;
    const g = c.getContext('2d');
    g.fillStyle = '#10141c';
    g.fillRect(0, 0, c.width, c.height);
    this.screen = new Float32Array(this.keys.length * 2);
    for (let i = 0; i < this.keys.length; i++) {
      const [px, py] = this.project(this.xyz[3 * i], this.xyz[3 * i + 1], this.xyz[3 * i + 2]);
      this.screen[2 * i] = px;
      this.screen[2 * i + 1] = py;
      g.fillStyle = this.colors.length ? colorOf(this.colors[i]) : '#7aa7ff';
      g.fillRect(px - 1.5 * dpr, py - 1.5 * dpr, 3 * dpr, 3 * dpr);
    }
    if (this.hl) {
      for (const m of this.hl.items) {
        if (!m.xyz) continue;
        const [px, py] = this.project(...m.xyz);
        g.strokeStyle = '#ff5252';
        g.lineWidth = 2 * dpr;
        g.beginPath();
        g.arc(px, py, 5 * dpr, 0, 2 * Math.PI);
        g.stroke();
      }
      if (this.hl.xyz) {
        const [px, py] = this.project(...this.hl.xyz);
        g.fillStyle = '#ffeb3b';
        g.beginPath();
        g.arc(px, py, 6 * dpr, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }

  highlight(r) { this.hl = r; this.draw(); }

  hover(e) {
    if (!this.screen) return;
    const rect = this.canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
    const mx = (e.clientX - rect.left) * dpr, my = (e.clientY - rect.top) * dpr;
    let best = -1, bd = 36 * dpr * dpr;
    for (let i = 0; i < this.keys.length; i++) {
      const dx = this.screen[2 * i] - mx, dy = this.screen[2 * i + 1] - my, d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = i; }
    }
    if (best < 0) { this.tip.hidden = true; return; }
    const key = this.keys[best];
    this.tip.hidden = false;
    this.tip.style.left = e.clientX + 12 + 'px';
    this.tip.style.top = e.clientY + 12 + 'px';
    if (this.tipKey === key) return;
    this.tipKey = key;
    this.tip.textContent = key;
    clearTimeout(this.tipTimer);
    this.tipTimer = setTimeout(async () => {
      try {
        const it = await api(q('/api/vectors/' + encodeURIComponent(this.store) + '/item', { key }));
        if (this.tipKey === key) this.tip.textContent = key + ' ' + JSON.stringify(it.metadata);
      } catch (err) { /* a vector deleted meanwhile: keep the key */ }
    }, 120);
  }
}

// ---- models ---------------------------------------------------------------------------------

async function modelsPage() {
  const search = h('input', { placeholder: 'filter models', 'data-testid': 'model-search' });
  const list = h('div');
  const detail = h('div', { 'data-testid': 'model-detail' }, h('p', { class: 'muted' }, 'Pick a model.'));
  const load = guard(async () => {
    const r = await api(q('/api/models', { q: search.value, limit: PAGE }));
    list.replaceChildren(table(['model', 'versions', 'latest', 'production'], r.items.map(m => [m.name, m.versions, 'v' + m.latest, m.production.map(v => 'v' + v).join(', ') || '—']),
      i => openModel(r.items[i].name), 'models-table'));
    if (!r.items.length) list.append(h('p', { class: 'muted' }, 'No models.'));
  });
  const openModel = guard(async (name) => {
    const m = await api('/api/models/' + encodeURIComponent(name));
    const rows = m.versions.slice().reverse().map(v => {
      const stage = h('select', { 'data-testid': `stage-select-${v.version}` }, ['Development', 'Staging', 'Production', 'Archived'].map(s => h('option', { value: s, selected: s === v.stage }, s)));
      const button = h('button', { 'data-testid': `stage-apply-${v.version}`, onclick: guard(async () => {
        if (stage.value === v.stage) return;
        if (!confirm(`Move ${name} v${v.version} from ${v.stage} to ${stage.value}?` + (stage.value === 'Production' ? ' The current Production version is archived.' : ''))) return;
        await api(`/api/models/${encodeURIComponent(name)}/versions/${v.version}/stage`, { method: 'POST', body: { stage: stage.value } });
        await openModel(name);
        await load();
      }) }, 'Apply');
      return ['v' + v.version, h('span', { class: 'tag stage-' + v.stage, 'data-testid': `stage-${v.version}` }, v.stage), fmtBytes(v.sizeBytes),
        h('code', { title: v.digest }, v.digestAlgorithm + ':' + v.digest.slice(0, 12) + '…'), v.createdAt.replace('T', ' ').slice(0, 19),
        Object.entries(v.tags).map(([k, x]) => h('span', { class: 'tag' }, k + '=' + x)), h('span', {}, stage, ' ', button)];
    });
    detail.replaceChildren(h('h2', {}, name),
      table(['version', 'stage', 'size', 'digest', 'created', 'tags', 'change stage'], rows, null, 'versions-table'),
      h('h2', { style: 'margin-top:12px' }, 'Aliases'), table(['alias', 'version'], Object.entries(m.aliases).map(([a, v]) => [a, 'v' + v])),
      h('h2', { style: 'margin-top:12px' }, 'Tags'), table(['tag', 'value'], Object.entries(m.tags)),
      h('h2', { style: 'margin-top:12px' }, 'Events'), table(['time', 'version', 'event', 'subject', 'from', 'to'], m.events.map(e => [e.time.replace('T', ' ').slice(0, 19), 'v' + e.version, e.kind, e.subject, e.from, e.to]), null, 'events-table'));
  });
  search.addEventListener('keydown', e => { if (e.key === 'Enter') load(); });
  main.replaceChildren(h('div', { class: 'cols' },
    h('div', { class: 'panel' }, h('h2', {}, 'Model registry'), h('div', { class: 'row' }, search, h('button', { onclick: load }, 'Filter')), list),
    h('div', { class: 'panel' }, detail)));
  await load();
}

// ---- experiments ----------------------------------------------------------------------------

async function experimentsPage() {
  const search = h('input', { placeholder: 'filter experiments' });
  const list = h('div');
  const detail = h('div', { 'data-testid': 'experiment-detail' }, h('p', { class: 'muted' }, 'Pick an experiment.'));
  const load = guard(async () => {
    const r = await api(q('/api/experiments', { q: search.value, limit: PAGE }));
    list.replaceChildren(table(['experiment', 'runs'], r.items.map(e => [e.name, e.runs]), i => openExperiment(r.items[i].name), 'experiments-table'));
    if (!r.items.length) list.append(h('p', { class: 'muted' }, 'No experiments.'));
  });
  const openExperiment = guard(async (name) => {
    const r = await api(q('/api/experiments/' + encodeURIComponent(name) + '/runs', { limit: 200 }));
    const checks = r.items.map((run, i) => h('input', { type: 'checkbox', checked: i < 3, 'data-testid': 'run-check' }));
    const metricKeys = [...new Set(r.items.flatMap(run => Object.keys(run.metrics)))].sort();
    const metric = h('select', { 'data-testid': 'metric-select' }, metricKeys.map(k => h('option', { value: k }, k)));
    const box = h('div', { class: 'chart', 'data-testid': 'metric-chart' });
    const cmp = h('div', { 'data-testid': 'compare' });
    const selected = () => r.items.filter((_, i) => checks[i].checked);
    let c = null;
    const plot = guard(async () => {
      if (!metric.value) { box.textContent = 'No metrics.'; return; }
      const series = await Promise.all(selected().map(async run => {
        const m = await api(q(`/api/runs/${encodeURIComponent(run.id)}/metrics/${encodeURIComponent(metric.value)}`, {}));
        return { name: run.name || run.id, type: 'line', showSymbol: false, data: m.steps.map((s, i) => [s, m.values[i]]) };
      }));
      if (c) c.dispose();
      c = await chart(box, { animation: false, legend: {}, tooltip: { trigger: 'axis' }, grid: { left: 60, right: 20, top: 40, bottom: 60 },
        xAxis: { type: 'value', name: 'step' }, yAxis: { type: 'value', scale: true }, dataZoom: [{ type: 'inside' }, { type: 'slider' }], series });
    });
    const compare = guard(async () => {
      const ids = selected().map(x => x.id);
      if (!ids.length) return;
      const k = await api(q('/api/compare', { runs: ids.join(',') }));
      cmp.replaceChildren(table(['', ...k.runs.map(x => x.name || x.id)], k.rows.map(row => [row.name, ...row.cells]), null, 'compare-table'));
    });
    detail.replaceChildren(h('h2', {}, name, ' ', h('span', { class: 'muted' }, `${r.total} runs`)),
      table(['', 'run', 'status', 'started', 'params', 'metrics'], r.items.map((run, i) => [checks[i], run.name || run.id,
        h('span', { class: run.status === 'FAILED' ? 'bad' : run.status === 'COMPLETED' ? 'ok' : '' }, run.status), run.startTime.replace('T', ' ').slice(0, 19),
        Object.entries(run.params).map(([k, v]) => h('span', { class: 'tag' }, k + '=' + v)),
        Object.entries(run.metrics).map(([k, v]) => h('span', { class: 'tag' }, k + '=' + (typeof v === 'number' ? v.toPrecision(4) : v)))]), null, 'runs-table'),
      h('div', { class: 'row', style: 'margin-top:8px' }, 'metric', metric, h('button', { onclick: plot }, 'Plot selected runs'), h('button', { onclick: compare, 'data-testid': 'compare-go' }, 'Compare selected')),
      box, cmp);
    metric.addEventListener('change', plot);
    await plot();
  });
  main.replaceChildren(h('div', { class: 'cols' },
    h('div', { class: 'panel' }, h('h2', {}, 'Experiments'), h('div', { class: 'row' }, search, h('button', { onclick: load }, 'Filter')), list),
    h('div', { class: 'panel' }, detail)));
  await load();
}

// ---- statistics -----------------------------------------------------------------------------

async function statsPage() {
  main.replaceChildren(h('p', { class: 'muted' }, 'Counting…'));
  const s = await api('/api/stats');
  const d = s.database;
  const card = (label, value) => h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'v' }, value));
  const tree = h('div', { class: 'chart', 'data-testid': 'treemap' });
  const pie = h('div', { class: 'chart', 'data-testid': 'types-pie' });
  const depth = h('div', { class: 'chart', 'data-testid': 'depth-bars' });
  main.replaceChildren(
    h('div', { class: 'panel' }, h('h2', {}, d.path), h('div', { class: 'cards', 'data-testid': 'stats-cards' },
      card('live user keys', d.liveKeys.toLocaleString()), card('keys ever written', d.totalKeys.toLocaleString()), card('history entries', d.entries.toLocaleString()),
      card('file size', fmtBytes(d.fileBytes)), card('namespaces', d.namespaces), card('namespace keys', d.namespaceLiveKeys.toLocaleString()),
      card('engine / codec', d.engine + ' / ' + d.codec), card('format', 'v' + d.formatVersion), card('durability', d.durability))),
    h('div', { class: 'cols' },
      h('div', { class: 'panel' }, h('h2', {}, 'Keys by namespace and prefix'), tree),
      h('div', {},
        h('div', { class: 'panel' }, h('h2', {}, `Value types (${s.typeSample.toLocaleString()} user keys sampled)`), pie),
        h('div', { class: 'panel' }, h('h2', {}, `History depth (${s.depthSample.toLocaleString()} user keys sampled)`), depth))));
  const userNode = { name: '(user keys)', value: s.byNamespace[0].keys,
    children: [...s.byPrefix.map(p => ({ name: p.prefix, value: p.keys })), ...(s.otherPrefixKeys > 0 ? [{ name: '(other prefixes)', value: s.otherPrefixKeys }] : [])] };
  await chart(tree, { tooltip: {}, series: [{ type: 'treemap', roam: false, leafDepth: 2, data: [userNode, ...s.byNamespace.slice(1).map(n => ({ name: n.name, value: n.keys }))] }] });
  await chart(pie, { tooltip: {}, series: [{ type: 'pie', radius: '65%', data: Object.entries(s.types).map(([name, value]) => ({ name, value })) }] });
  await chart(depth, { tooltip: {}, grid: { left: 60, right: 20, top: 20, bottom: 40 }, xAxis: { type: 'category', name: 'entries', data: s.historyDepth.map(b => b.range) }, yAxis: { type: 'value', name: 'keys' },
    series: [{ type: 'bar', data: s.historyDepth.map(b => b.keys) }] });
}

// ---- maintenance ----------------------------------------------------------------------------

async function maintenancePage() {
  const keepLast = h('input', { value: 'all', size: 6, 'data-testid': 'keep-last' });
  const withNs = h('input', { type: 'checkbox' });
  const out = h('div', { 'data-testid': 'job-output' });
  const jobs = h('div');
  const loadJobs = guard(async () => {
    const r = await api('/api/jobs');
    jobs.replaceChildren(table(['#', 'job', 'state', 'started', 'message'], r.items.map(j => [j.id, j.kind, j.state, j.started.replace('T', ' ').slice(0, 19), j.message])));
  });
  const start = guard(async (kind, body, question) => {
    if (question && !confirm(question)) return;
    const j = await api('/api/jobs', { method: 'POST', body: { kind, ...body } });
    const bar = h('progress', { 'data-testid': 'job-progress' });
    const msg = h('span', { 'data-testid': 'job-message' }, j.message);
    const result = h('div', { 'data-testid': 'job-result' });
    out.replaceChildren(h('h2', {}, `${kind} (job ${j.id})`), h('div', { class: 'row' }, bar, msg), result);
    const es = new EventSource(`/api/jobs/${j.id}/events`);
    const update = (s) => {
      if (s.total > 0) { bar.max = s.total; bar.value = s.done; } else bar.removeAttribute('value');
      msg.textContent = `${s.message} (${(s.elapsedMillis / 1000).toFixed(1)} s)`;
    };
    es.addEventListener('progress', e => update(JSON.parse(e.data)));
    es.addEventListener('done', e => { es.close(); const s = JSON.parse(e.data); update(s); bar.max = 1; bar.value = 1; result.replaceChildren(renderResult(kind, s.result, s.id)); loadJobs(); });
    es.addEventListener('failed', e => { es.close(); const s = JSON.parse(e.data); update(s); result.replaceChildren(h('div', { class: 'bad' }, `${s.code}: ${s.message}`)); loadJobs(); });
    es.onerror = () => { es.close(); };
  });
  main.replaceChildren(
    h('div', { class: 'panel' }, h('h2', {}, 'Maintenance'),
      h('div', { class: 'row' }, h('button', { class: 'primary', 'data-testid': 'verify-go', onclick: () => start('verify', {}) }, 'Verify integrity'),
        h('span', { class: 'muted' }, 'reads every byte and checks every CRC')),
      h('div', { class: 'row' }, h('button', { 'data-testid': 'compact-go', onclick: () => start('compact', { keepLast: keepLast.value }, `Compact, keeping ${keepLast.value === 'all' ? 'all history' : 'the last ' + keepLast.value + ' values of each key'}?`) }, 'Compact'),
        'keep last', keepLast, h('span', { class: 'muted' }, "values per key ('all' keeps every value)")),
      h('div', { class: 'row' }, h('button', { 'data-testid': 'export-go', onclick: () => start('export', { namespaces: withNs.checked }) }, 'Export'),
        h('label', {}, withNs, ' include namespaces'), h('span', { class: 'muted' }, 'JSON lines that syna import reads'))),
    h('div', { class: 'panel' }, out), h('div', { class: 'panel' }, h('h2', {}, 'Recent jobs'), jobs));
  await loadJobs();
}

function renderResult(kind, r, id) {
  if (kind === 'verify') {
    return h('div', {},
      h('div', { class: r.ok ? 'ok' : 'bad', 'data-testid': 'verify-verdict' }, r.ok ? 'OK: no problems' : `${r.problems.length} problem(s), ${r.tornTails.length} torn tail(s)`),
      h('div', { class: 'muted' }, `${r.entriesChecked.toLocaleString()} entries, ${fmtBytes(r.bytesChecked)} checked in ${r.files.length} file(s)`),
      r.problems.length ? table(['file', 'offset', 'problem'], r.problems.map(p => [p.file, String(p.offset), p.description]), null, 'verify-problems') : null,
      r.tornTails.length ? table(['file', 'offset', 'bytes', 'cut'], r.tornTails.map(t => [t.file, String(t.offset), t.bytes, String(t.cut)])) : null);
  }
  if (kind === 'compact') {
    return h('div', { 'data-testid': 'compact-result' }, `${r.entriesBefore.toLocaleString()} → ${r.entriesAfter.toLocaleString()} entries, ${fmtBytes(r.bytesBefore)} → ${fmtBytes(r.bytesAfter)} (${r.retention})`);
  }
  return h('div', {}, `${r.keys.toLocaleString()} keys, ${fmtBytes(r.bytes)} `, h('a', { href: r.download, 'data-testid': 'export-download' }, 'download'));
}

// ---- routing --------------------------------------------------------------------------------

const pages = { keys: keysPage, vectors: vectorsPage, models: modelsPage, experiments: experimentsPage, stats: statsPage, maintenance: maintenancePage };

async function route() {
  const name = (location.hash.replace(/^#\/?/, '').split('/')[0]) || 'keys';
  const page = pages[name] || keysPage;
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.page === name));
  document.querySelectorAll('.tooltip').forEach(t => t.remove());
  showError(null);
  main.dataset.page = name;
  main.dataset.ready = 'false';
  try { await page(); } catch (e) { showError(e); }
  main.dataset.ready = 'true';
  window.synaFirstPaint = window.synaFirstPaint || {};
  window.synaFirstPaint[name] = performance.now();
}

window.addEventListener('hashchange', route);
api('/api/info').then(i => { document.getElementById('db').textContent = i.database + (i.readOnly ? ' (read-only)' : ''); }).catch(showError);
route();
