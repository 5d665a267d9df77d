// tkp's dashboard: the quarter at a glance. Everything it shows comes from
// the server's JSON API (/v1/, the same snapshot as gRPC) and the region
// maps compiled into the server (/geo/); nothing from elsewhere, so it works
// where there is no internet. Drawn as SVG, so it prints and can be read by
// a test. Where the server asks for a token, the page asks for one and keeps
// it in sessionStorage: for this tab only, never in a URL.
//
// The view lives in the URL's fragment (#period=2023Q4&region=AM18&
// municipality=GM0358), so a view can be bookmarked, shared and reloaded.
'use strict';

const NUMBER = new Intl.NumberFormat('nl-NL');
const PERCENT = new Intl.NumberFormat('nl-NL', {
  style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1});
const SVG = 'http://www.w3.org/2000/svg';
// The years the compiled-in maps cover; a quarter outside them is drawn on
// the nearest.
const MAP_YEARS = {first: 2015, last: 2025};
// The maps name a few regions by codes they had before the ones tkp knows
// them by (same areas; geo/SOURCES.md).
const EARLIER_CODES = {AM04: 'AM36', AM16: 'AM37', AM31: 'AM38'};
// Coverage classes, viridis from dark to light (readable with every common
// colour-vision deficiency); a region without figures is hatched grey.
const CLASSES = [
  {below: 0.5, colour: '#440154', label: 'onder 50 %'},
  {below: 0.6, colour: '#3b528b', label: '50 – 60 %'},
  {below: 0.7, colour: '#21918c', label: '60 – 70 %'},
  {below: 0.8, colour: '#5ec962', label: '70 – 80 %'},
  {below: Infinity, colour: '#fde725', label: '80 % en meer'},
];
const TOKEN_KEY = 'tkp-token';

const state = {
  publications: [],  // /v1/publications
  periods: [],       // newest first
  period: null,
  coverage: new Map(),  // CBS code -> /v1/coverage record, for `period`
  region: null,         // CBS code
  municipality: null,   // GM code
  lastEventId: null,
};

const $ = (id) => document.getElementById(id);

// ---- Numbers and words ----------------------------------------------------

function count(n) { return n === null || n === undefined ? '–' : NUMBER.format(n); }
function share(x) { return x === null || x === undefined ? '–' : PERCENT.format(x); }
function quarterName(period) {
  const [year, quarter] = period.split('Q');
  return `${quarter}e kwartaal ${year}`;
}
function classOf(coverage) { return CLASSES.find((c) => coverage < c.below); }

function element(tag, attributes = {}, text = null) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (text !== null) e.textContent = text;
  return e;
}
function svgElement(tag, attributes = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  return e;
}
function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = element('td', cell.cls ? {class: cell.cls} : {});
    if (cell.node) td.append(cell.node); else td.textContent = cell.text;
    tr.append(td);
  }
  return tr;
}
function linkButton(text, onClick) {
  const b = element('button', {type: 'button', class: 'link'}, text);
  b.addEventListener('click', onClick);
  return b;
}

// ---- The API ----------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function authorization() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? {Authorization: `Bearer ${token}`} : {};
}

async function api(path) {
  const response = await fetch(path, {headers: authorization()});
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).message; } catch (e) { /* not JSON */ }
    throw new ApiError(response.status, message);
  }
  return response.json();
}

// ---- The view in the URL ------------------------------------------------------

function readFragment() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {period: p.get('period'), region: p.get('region'),
          municipality: p.get('municipality')};
}
function writeFragment() {
  const p = new URLSearchParams();
  if (state.period) p.set('period', state.period);
  if (state.region) p.set('region', state.region);
  if (state.municipality) p.set('municipality', state.municipality);
  history.replaceState(null, '', `#${p}`);
}

// ---- The map ------------------------------------------------------------------

const maps = new Map();  // year -> regions with their outlines

// A TopoJSON topology's regions: {code, name, rings} with rings of
// [longitude, latitude] (arcs delta-encoded and quantised; an arc index
// below zero is that arc reversed).
function decodeTopology(topology) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => [(x += dx) * sx + tx, (y += dy) * sy + ty]);
  });
  const ring = (indices) => {
    const points = [];
    for (const i of indices) {
      const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  const collection = Object.values(topology.objects)[0];
  return collection.geometries.map((g) => {
    const polygons = g.type === 'Polygon' ? [g.arcs] : g.arcs;
    const code = g.properties.statcode;
    return {code: EARLIER_CODES[code] || code, name: g.properties.statnaam,
            rings: polygons.flatMap((polygon) => polygon.map(ring))};
  });
}

async function mapOf(year) {
  const clamped = Math.min(Math.max(year, MAP_YEARS.first), MAP_YEARS.last);
  if (!maps.has(clamped)) {
    const response = await fetch(`/geo/arbeidsmarktregio_${clamped}.topojson`);
    if (!response.ok) throw new ApiError(response.status, `no map for ${clamped}`);
    maps.set(clamped, {year: clamped, regions: decodeTopology(await response.json())});
  }
  return maps.get(clamped);
}

// Longitude shrunk by the cosine of the Netherlands' middle latitude: the
// country's shape as on a map, without a projection library.
const SHRINK = Math.cos((52.2 * Math.PI) / 180);
function drawMap(map) {
  const svg = $('map');
  svg.replaceChildren();
  const defs = svgElement('defs');
  const hatch = svgElement('pattern', {id: 'no-figures', width: 5, height: 5,
    patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)'});
  hatch.append(svgElement('rect', {width: 5, height: 5, fill: '#d9d9d9'}),
               svgElement('line', {x1: 0, y1: 0, x2: 0, y2: 5, stroke: '#fff', 'stroke-width': 2}));
  defs.append(hatch);
  svg.append(defs);
  const scale = 100;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const paths = map.regions.map((region) => {
    const d = region.rings.map((ring) => 'M' + ring.map(([lon, lat]) => {
      const x = lon * SHRINK * scale, y = -lat * scale;
      minX = Math.min(minX, x); maxX = Math.max(maxX, x);
      minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    }).join('L') + 'Z').join('');
    return {region, d};
  });
  svg.setAttribute('viewBox', `${minX.toFixed(0)} ${minY.toFixed(0)} ` +
                   `${(maxX - minX).toFixed(0)} ${(maxY - minY).toFixed(0)}`);
  for (const {region, d} of paths) {
    const figures = state.coverage.get(region.code);
    const name = figures ? figures.regionName : region.name;
    const label = figures
      ? `${name} (${region.code}): dekking ${share(figures.coverage)}`
      : `${name} (${region.code}): geen cijfers voor dit kwartaal`;
    const path = svgElement('path', {d, 'data-code': region.code,
      tabindex: 0, role: 'button', 'aria-label': label});
    if (figures) path.setAttribute('fill', classOf(figures.coverage).colour);
    else path.setAttribute('class', 'none');
    if (region.code === state.region) path.classList.add('selected');
    const title = svgElement('title');
    title.textContent = label;
    path.append(title);
    path.addEventListener('mouseenter', () => showHover(region));
    path.addEventListener('focus', () => showHover(region));
    path.addEventListener('click', () => selectRegion(region.code));
    path.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        selectRegion(region.code);
      }
    });
    svg.append(path);
  }
  $('map-year').textContent = `grenzen van ${map.year},`;
}

function drawLegend() {
  const legend = $('legend');
  legend.replaceChildren();
  for (const c of CLASSES) {
    const li = element('li');
    const swatch = element('span', {'aria-hidden': 'true'});
    swatch.style.background = c.colour;
    li.append(swatch, c.label);
    legend.append(li);
  }
  const none = element('li');
  none.append(element('span', {class: 'none', 'aria-hidden': 'true'}), 'geen cijfers');
  legend.append(none);
}

function showHover(region) {
  const figures = state.coverage.get(region.code);
  const box = $('hover');
  box.replaceChildren();
  box.dataset.code = region.code;
  const name = element('strong', {}, figures ? figures.regionName : region.name);
  box.append(name, ` (${region.code})`, element('br'));
  box.append(figures
    ? `Bekend in Sonar ${count(figures.total)} van ${count(figures.registerSize)}` +
      ` in het register: dekking ${share(figures.coverage)},` +
      ` met profiel ${share(figures.profileShare)}`
    : `Geen cijfers voor ${quarterName(state.period)}`);
}

// ---- The ranking ----------------------------------------------------------------

function drawRanking() {
  $('ranking-period').textContent = quarterName(state.period);
  const body = $('ranking').tBodies[0];
  body.replaceChildren();
  const ranked = [...state.coverage.values()].sort((a, b) => a.rank - b.rank);
  for (const r of ranked) {
    const tr = row([
      {text: String(r.rank)},
      {node: linkButton(r.regionName, () => selectRegion(r.regionCbsCode)), cls: 'name'},
      {text: r.regionCbsCode, cls: 'code'},
      {text: count(r.total)}, {text: count(r.registerSize)},
      {text: share(r.coverage)}, {text: share(r.profileShare)},
    ]);
    tr.dataset.code = r.regionCbsCode;
    if (r.regionCbsCode === state.region) tr.classList.add('selected');
    body.append(tr);
  }
}

// ---- A region -------------------------------------------------------------------

function figureList(pairs) {
  const dl = $('region-figures');
  dl.replaceChildren();
  for (const [term, value] of pairs) {
    const div = element('div');
    div.append(element('dt', {}, term), element('dd', {}, value));
    dl.append(div);
  }
}

// Coverage and profile share over the quarters: two lines told apart by
// colour, dash and marker, so neither colour vision nor print is needed.
function drawHistoryChart(entries) {
  const svg = $('region-chart');
  svg.replaceChildren();
  const width = 640, height = 240, left = 48, right = 16, top = 16, bottom = 40;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const n = entries.length;
  const x = (i) => left + (n === 1 ? (width - left - right) / 2
                                   : (i * (width - left - right)) / (n - 1));
  const y = (v) => top + (1 - v) * (height - top - bottom);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(svgElement('line', {class: 'grid', x1: left, x2: width - right, y1: y(v), y2: y(v)}));
    const label = svgElement('text', {x: left - 6, y: y(v) + 4, 'text-anchor': 'end'});
    label.textContent = PERCENT.format(v);
    svg.append(label);
  }
  svg.append(svgElement('line', {class: 'axis', x1: left, x2: width - right,
                                 y1: y(0), y2: y(0)}));
  const step = Math.max(1, Math.ceil(n / 8));
  entries.forEach((e, i) => {
    if (i % step !== 0 && i !== n - 1) return;
    const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
    const label = svgElement('text', {x: x(i), y: height - bottom + 16, 'text-anchor': anchor});
    label.textContent = e.period;
    svg.append(label);
  });
  const series = [
    {key: 'coverage', cls: 'coverage', name: 'dekking'},
    {key: 'profileShare', cls: 'profile', name: 'met profiel'},
  ];
  for (const s of series) {
    const points = entries.map((e, i) => [x(i), y(e[s.key] ?? 0), e]);
    if (n > 1) {
      svg.append(svgElement('polyline', {class: s.cls,
        points: points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}));
    }
    for (const [px, py, e] of points) {
      const mark = s.cls === 'coverage'
        ? svgElement('circle', {class: s.cls, cx: px, cy: py, r: 4})
        : svgElement('rect', {class: s.cls, x: px - 4, y: py - 4, width: 8, height: 8});
      const title = svgElement('title');
      title.textContent = `${e.period}: ${s.name} ${share(e[s.key])}`;
      mark.append(title);
      svg.append(mark);
    }
  }
  const latest = entries[n - 1];
  svg.setAttribute('aria-label', `Dekking en deel met profiel per kwartaal, ` +
    `${entries[0].period} tot ${latest.period}`);
  $('region-chart-caption').textContent =
    'Dekking (doorgetrokken, rondjes) en deel met profiel (gestreept, ' +
    'vierkantjes) per kwartaal.';
}

async function showRegion() {
  const section = $('region');
  if (!state.region) { section.hidden = true; return; }
  const figures = state.coverage.get(state.region);
  const entries = await api(`/v1/regions/${encodeURIComponent(state.region)}/history`);
  section.hidden = false;
  section.dataset.code = state.region;
  const name = figures ? figures.regionName
    : entries.length ? entries[entries.length - 1].regionName : state.region;
  $('region-title').textContent = `${name} (${state.region})`;
  figureList(figures ? [
    ['Kwartaal', quarterName(state.period)],
    ['Bekend in Sonar', count(figures.total)],
    ['Register', count(figures.registerSize)],
    ['Dekking', share(figures.coverage)],
    ['Met profiel', share(figures.profileShare)],
  ] : [['Kwartaal', `${quarterName(state.period)}: geen cijfers`]]);
  if (entries.length) drawHistoryChart(entries);
  const municipalities = $('region-municipalities');
  const changes = $('region-changes');
  municipalities.tBodies[0].replaceChildren();
  changes.tBodies[0].replaceChildren();
  municipalities.hidden = changes.hidden = true;
  if (!figures) return;
  const rows = await api(`/v1/regions/${encodeURIComponent(state.region)}/municipalities` +
                         `?period=${state.period}`);
  municipalities.caption.textContent = `Gemeenten, ${quarterName(state.period)}`;
  for (const m of rows) {
    const tr = row([
      {node: linkButton(m.municipalityName, () => selectMunicipality(m.municipalityCode)),
       cls: 'name'},
      {text: m.municipalityCode ?? '–', cls: 'code'},
      {text: count(m.municipalityWithProfile)}, {text: count(m.municipalityWithoutProfile)},
      {text: count(m.uwvWithProfile)}, {text: count(m.uwvWithoutProfile)},
      {text: count(m.total)},
    ]);
    tr.dataset.code = m.municipalityCode ?? '';
    municipalities.tBodies[0].append(tr);
  }
  municipalities.hidden = false;
  const index = entries.findIndex((e) => e.period === state.period);
  if (index <= 0) return;
  const before = entries[index - 1].period;
  const lines = await api(
    `/v1/regions/${encodeURIComponent(state.region)}/changes` +
    `?from=${before}&to=${state.period}`);
  changes.caption.textContent =
    `Veranderd sinds het vorige kwartaal met cijfers (${quarterName(before)})`;
  for (const c of lines) {
    const change = c.totalChange;
    const tr = row([
      {text: c.level === 'region' ? 'Hele regio' : c.municipalityName, cls: 'name'},
      {text: count(c.totalBefore)}, {text: count(c.totalAfter)},
      {text: change === null ? '–' : (change > 0 ? '+' : '') + count(change),
       cls: change > 0 ? 'up' : change < 0 ? 'down' : ''},
    ]);
    changes.tBodies[0].append(tr);
  }
  changes.hidden = false;
}

// ---- A municipality ---------------------------------------------------------------

async function showMunicipality() {
  const section = $('municipality');
  if (!state.municipality) { section.hidden = true; return; }
  const entries = await api(`/v1/municipalities/${encodeURIComponent(state.municipality)}/history`);
  section.hidden = false;
  section.dataset.code = state.municipality;
  const name = entries.length ? entries[entries.length - 1].municipalityName
                              : state.municipality;
  $('municipality-title').textContent = `${name} (${state.municipality})`;
  const body = $('municipality-history').tBodies[0];
  body.replaceChildren();
  for (const e of entries) {
    body.append(row([
      {text: e.period}, {text: e.regionName, cls: 'name'},
      {text: count(e.municipalityWithProfile)}, {text: count(e.municipalityWithoutProfile)},
      {text: count(e.uwvWithProfile)}, {text: count(e.uwvWithoutProfile)},
      {text: count(e.total)}, {text: e.sourceFile, cls: 'name'},
    ]));
  }
}

// ---- Putting it together ------------------------------------------------------------

function showMessage(text) {
  $('message').textContent = text;
  $('message').hidden = !text;
}

async function run(step) {
  try {
    await step();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return askToken(error.message);
    showMessage(`De server gaf een fout: ${error.message}`);
  }
}

function selectRegion(code) {
  state.region = code;
  state.municipality = null;
  writeFragment();
  for (const p of $('map').querySelectorAll('path')) {
    p.classList.toggle('selected', p.dataset.code === code);
  }
  for (const tr of $('ranking').tBodies[0].rows) {
    tr.classList.toggle('selected', tr.dataset.code === code);
  }
  run(async () => {
    await showRegion();
    await showMunicipality();
    $('region').scrollIntoView({behavior: 'smooth', block: 'start'});
  });
}

function selectMunicipality(code) {
  state.municipality = code;
  writeFragment();
  run(async () => {
    await showMunicipality();
    $('municipality').scrollIntoView({behavior: 'smooth', block: 'start'});
  });
}

async function showPeriod() {
  const select = $('period');
  select.replaceChildren(...state.periods.map((p) =>
    element('option', p === state.period ? {value: p, selected: ''} : {value: p},
            quarterName(p))));
  select.disabled = state.periods.length === 0;
  $('main').hidden = false;
  if (!state.period) {
    showMessage('Deze server heeft nog geen publicaties. Lees een document in ' +
                'met "tkp import"; het verschijnt hier vanzelf.');
    return;
  }
  const year = Number(state.period.slice(0, 4));
  const [coverage, map] = await Promise.all([
    api(`/v1/coverage?period=${state.period}`), mapOf(year)]);
  state.coverage = new Map(coverage.map((r) => [r.regionCbsCode, r]));
  drawMap(map);
  drawRanking();
  if (state.region) await showRegion();
  await showMunicipality();
  showMessage('');
  document.body.dataset.shown = state.period;  // for tests and screen readers alike
}

// Everything again from the API: on load, on a new period, after an import.
async function refresh(wanted) {
  state.publications = await api('/v1/publications');
  state.periods = [...new Set(state.publications.map((p) => p.period))]
    .sort().reverse();
  state.period = state.periods.includes(wanted) ? wanted : (state.periods[0] ?? null);
  writeFragment();
  await showPeriod();
}

// The watch (Server-Sent Events over fetch, so it can carry the token): a
// new import or removal refreshes the page; after a dropped connection it
// resumes from the last event it saw.
async function watch() {
  for (;;) {
    try {
      const headers = authorization();
      if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
      const response = await fetch('/v1/watch', {headers});
      if (response.status === 401) return;  // the page asks for a token
      if (!response.ok) throw new Error(String(response.status));
      setLive(true, null);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          onEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (error) { /* dropped: try again */ }
    setLive(false, null);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

function onEvent(block) {
  let data = null;
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) state.lastEventId = line.slice(3).trim();
    if (line.startsWith('data:')) data = JSON.parse(line.slice(5));
  }
  if (!data) return;  // a keep-alive comment
  const what = data.kind === 'removed' ? 'verwijderd' : 'ingelezen';
  setLive(true, `${data.regionName} ${data.period} ${what}`);
  run(() => refresh(state.period));
}

function setLive(on, news) {
  const live = $('live');
  live.classList.toggle('on', on);
  const time = new Date().toLocaleTimeString('nl-NL', {hour: '2-digit', minute: '2-digit'});
  live.textContent = !on ? 'Live: niet verbonden'
    : news ? `Live · ${time}: ${news}` : 'Live: verbonden';
  if (news) live.dataset.events = String(Number(live.dataset.events || 0) + 1);
}

function askToken(reason) {
  $('main').hidden = true;
  const form = $('token-form');
  form.hidden = false;
  $('token-reason').textContent = sessionStorage.getItem(TOKEN_KEY)
    ? `Dit token wordt niet aanvaard (${reason}). Probeer een ander.`
    : 'Deze server vraagt om een token (lezen is genoeg).';
  $('token').focus();
}

async function download(event) {
  if (!sessionStorage.getItem(TOKEN_KEY)) return;  // the plain link works
  event.preventDefault();
  run(async () => {
    const response = await fetch($('download').getAttribute('href'),
                                 {headers: authorization()});
    if (!response.ok) throw new ApiError(response.status, response.statusText);
    const url = URL.createObjectURL(await response.blob());
    const a = element('a', {href: url, download: 'tkp-export.csv'});
    a.click();
    URL.revokeObjectURL(url);
  });
}

let watching = false;

// Loads the page's figures and follows the watch (again once a token is
// given, where the server asked for one).
async function begin() {
  if (!watching) {
    watching = true;
    watch().finally(() => { watching = false; });
  }
  await run(() => refresh(readFragment().period));
}

function start() {
  drawLegend();
  const wanted = readFragment();
  state.region = wanted.region;
  state.municipality = wanted.municipality;
  $('period').addEventListener('change', (event) => {
    state.period = event.target.value;
    writeFragment();
    run(showPeriod);
  });
  $('download').addEventListener('click', download);
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value);
    $('token-form').hidden = true;
    begin();
  });
  begin();
}

document.addEventListener('DOMContentLoaded', start);
