// GroundStation operator console: a single page over the core's HTTP API (docs/API.md).
// No framework and no build step: the core embeds these files, and every call presents the operator's key.

const keyStorage = 'gs.console.key';
const refreshMilliseconds = 5000;
const timelineHours = 12;

const state = {
  key: sessionStorage.getItem(keyStorage) ?? '',
  clock: { sim: 0, wall: 0, speed: 1 },
  satellites: [],
  dictionary: new Map(),
  streams: [],
  timer: null,
};

const $ = (selector) => document.querySelector(selector);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return node;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function showBanner(message, kind = 'error') {
  const banner = $('#banner');
  banner.textContent = message;
  banner.className = kind;
  banner.hidden = !message;
}

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers ?? {}) };
  if (state.key) headers.Authorization = `Bearer ${state.key}`;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(options.json);
  }
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      const fields = problem.errors ? Object.entries(problem.errors).map(([f, m]) => `${f}: ${[].concat(m).join(', ')}`).join('; ') : '';
      detail = [problem.title, problem.detail, fields].filter(Boolean).join(' - ') || detail;
    } catch { /* not a problem document: keep the status text */ }
    const meaning = { 401: 'the key is missing or invalid', 403: 'this key may not do that', 404: 'not found', 409: 'conflict' }[response.status];
    throw new ApiError(response.status, `${options.method ?? 'GET'} ${path}: ${response.status}${meaning ? ` (${meaning})` : ''}: ${detail}`);
  }
  return response.status === 204 ? null : response.json();
}

// The core's clock, extrapolated between samples; under simulated time it runs faster than the browser's.
function now() {
  return new Date(state.clock.sim + (performance.now() - state.clock.wall) * state.clock.speed);
}

async function syncClock() {
  const before = performance.now();
  const { now: reported } = await api('/api/v1/clock');
  const wall = (before + performance.now()) / 2;
  const sim = Date.parse(reported);
  if (state.clock.wall > 0 && wall - state.clock.wall > 500) {
    const speed = (sim - state.clock.sim) / (wall - state.clock.wall);
    if (Number.isFinite(speed) && speed > 0) state.clock.speed = speed;
  }
  state.clock.sim = sim;
  state.clock.wall = wall;
}

const time = (value) => value ? new Date(value).toISOString().replace('T', ' ').slice(0, 19) + 'Z' : '';
const passIdOf = (p) => p.passId ?? p.id;
const noradOf = (x) => x.norad ?? x.noradId;

function fillTable(selector, rows) {
  const body = $(`${selector} tbody`);
  body.replaceChildren(...rows);
  if (rows.length === 0) {
    const columns = $(`${selector} thead tr`).children.length;
    body.append(element('tr', {}, element('td', { colspan: String(columns), class: 'muted' }, 'none')));
  }
}

async function loadStations() {
  const stations = await api('/api/v1/stations');
  fillTable('#stations', stations.map((s) => {
    const status = s.status ?? {};
    const presence = status.presence ?? status.state ?? (status.online === true ? 'Online' : status.online === false ? 'Offline' : 'unknown');
    return element('tr', { 'data-station': s.id ?? s.station },
      element('td', {}, s.name ? `${s.name} (${s.id ?? s.station})` : (s.id ?? s.station)),
      element('td', { class: presence }, presence),
      element('td', { class: status.rotator ?? '' }, status.rotator ?? ''),
      element('td', { class: status.radio ?? '' }, status.radio ?? ''),
      element('td', { class: status.tnc ?? '' }, status.tnc ?? ''),
      element('td', {}, status.spoolDepth ?? ''),
      element('td', {}, status.activePassId ?? ''));
  }));
  return stations;
}

async function loadTimeline(stations) {
  const from = now();
  const to = new Date(from.getTime() + timelineHours * 3600_000);
  const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
  const [passes, contacts] = await Promise.all([
    api(`/api/v1/passes?${query}`),
    api(`/api/v1/contacts?${query}`).catch(() => []),
  ]);
  const contactState = new Map(contacts.map((c) => [passIdOf(c), c.state]));
  const scheduled = passes.filter((p) => (p.decision ?? 'Scheduled') === 'Scheduled' || p.scheduled === true);
  const lanes = stations.map((s) => s.id ?? s.station);
  const width = 1000, laneHeight = 22, left = 90, top = 18;
  const x = (t) => left + (new Date(t) - from) / (to - from) * (width - left);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${top + lanes.length * laneHeight + 4}`, role: 'img', 'aria-label': 'Pass timeline' });
  for (let h = 0; h <= timelineHours; h += 2) {
    const t = new Date(from.getTime() + h * 3600_000);
    chart.append(svg('text', { x: x(t), y: 11, class: 'tick' }, `${String(t.getUTCHours()).padStart(2, '0')}:${String(t.getUTCMinutes()).padStart(2, '0')}`));
  }
  lanes.forEach((lane, i) => {
    chart.append(svg('text', { x: 2, y: top + i * laneHeight + 14, class: 'lane-label' }, lane));
    for (const p of scheduled.filter((q) => q.station === lane)) {
      const start = Math.max(x(p.aos), left), end = Math.min(x(p.los), width);
      if (end <= left || start >= width) continue;
      const rect = svg('rect', {
        x: start, y: top + i * laneHeight + 3, width: Math.max(end - start, 2), height: laneHeight - 6,
        class: `pass ${contactState.get(passIdOf(p)) ?? ''}`, 'data-pass': passIdOf(p),
      });
      rect.append(svg('title', {}, `${p.satelliteName ?? ''} ${noradOf(p)} ${time(p.aos)} - ${time(p.los)}, max ${Number(p.maxElevationDeg ?? 0).toFixed(1)} deg`));
      chart.append(rect);
    }
  });
  chart.append(svg('line', { x1: left, x2: left, y1: top - 4, y2: top + lanes.length * laneHeight, class: 'now' }));
  $('#timeline').replaceChildren(chart);
  $('#timeline').dataset.passes = String(scheduled.length);
  return contacts;
}

function polar(azimuthDeg, elevationDeg) {
  const r = 100 * (90 - elevationDeg) / 90;
  const a = azimuthDeg * Math.PI / 180;
  return [r * Math.sin(a), -r * Math.cos(a)];
}

async function loadTrack(contacts) {
  const plot = $('#polar');
  plot.replaceChildren();
  for (const r of [100, 66.7, 33.3]) plot.append(svg('circle', { r, class: 'ring' }));
  plot.append(svg('line', { x1: -100, x2: 100, y1: 0, y2: 0, class: 'axis' }), svg('line', { y1: -100, y2: 100, x1: 0, x2: 0, class: 'axis' }));
  for (const [label, xPos, yPos] of [['N', 0, -102], ['E', 102, 3], ['S', 0, 108], ['W', -108, 3]]) {
    plot.append(svg('text', { x: xPos, y: yPos, class: 'label', 'text-anchor': 'middle' }, label));
  }
  const current = contacts.find((c) => c.state === 'PASS') ?? contacts.find((c) => c.state === 'PREPASS');
  if (!current) {
    $('#track-title').textContent = 'No pass in progress.';
    return;
  }
  const passId = passIdOf(current);
  $('#track-title').textContent = `${current.satelliteName ?? noradOf(current)} over ${current.station}: ${current.state}, LOS ${time(current.los)}`;
  const track = await api(`/api/v1/passes/${encodeURIComponent(passId)}/track?stepSeconds=10`);
  const points = track.points ?? [];
  if (points.length === 0) return;
  plot.append(svg('polyline', { class: 'track', points: points.map((p) => polar(p.azimuthDeg, Math.max(p.elevationDeg, 0)).join(',')).join(' ') }));
  const t = now().getTime();
  const nearest = points.reduce((best, p) => Math.abs(Date.parse(p.at) - t) < Math.abs(Date.parse(best.at) - t) ? p : best, points[0]);
  const [cx, cy] = polar(nearest.azimuthDeg, Math.max(nearest.elevationDeg, 0));
  plot.append(svg('circle', { cx, cy, r: 4, class: 'satellite' }, undefined));
}

async function loadSatellites() {
  state.satellites = await api('/api/v1/satellites');
  for (const selector of ['#telemetry-satellite', '#command-satellite']) {
    const select = $(selector);
    const previous = select.value;
    select.replaceChildren(...state.satellites.map((s) => element('option', { value: String(noradOf(s)) }, `${s.name} (${noradOf(s)})`)));
    if (previous) select.value = previous;
  }
  await loadDictionary();
}

async function loadDictionary() {
  const norad = $('#command-satellite').value;
  if (!norad) return;
  if (!state.dictionary.has(norad)) state.dictionary.set(norad, await api(`/api/v1/satellites/${norad}/command-dictionary`));
  const select = $('#command-name');
  const previous = select.value;
  select.replaceChildren(...state.dictionary.get(norad).map((c) => element('option', { value: c.name }, `${c.name}${c.critical ? ' (critical)' : ''}`)));
  if (previous) select.value = previous;
}

async function loadTelemetry() {
  const norad = $('#telemetry-satellite').value;
  if (!norad) return fillTable('#telemetry', []);
  const samples = await api(`/api/v1/telemetry/latest?norad=${norad}`);
  fillTable('#telemetry', samples.map((s) => element('tr', { class: `limit-${s.limit ?? 'Nominal'}`, 'data-parameter': s.parameter },
    element('td', {}, s.parameter),
    element('td', { class: 'value' }, typeof s.value === 'number' ? String(Math.round(s.value * 1000) / 1000) : String(s.value)),
    element('td', {}, s.unit ?? ''),
    element('td', {}, time(s.at)))));
}

async function loadCommands() {
  const commands = await api('/api/v1/commands?limit=50');
  fillTable('#commands', commands.map((c) => {
    const id = c.commandId ?? c.id;
    const actions = element('td', {});
    if (c.stage === 'AwaitingApproval') actions.append(element('button', { onclick: () => act(`/api/v1/commands/${id}/approve`, 'approved') }, 'Approve'));
    if (['Received', 'AwaitingApproval', 'Queued'].includes(c.stage)) {
      actions.append(element('button', { class: 'secondary', onclick: () => act(`/api/v1/commands/${id}/cancel`, 'cancelled', { reason: 'cancelled from the console' }) }, 'Cancel'));
    }
    return element('tr', { 'data-command': id },
      element('td', {}, id), element('td', {}, noradOf(c)), element('td', {}, c.command ?? c.name),
      element('td', { class: c.stage }, c.stage), element('td', {}, c.sentBy ?? c.principal ?? ''),
      element('td', {}, time(c.updatedAt ?? c.at)), actions);
  }));
}

async function loadAlarms() {
  const alarms = await api('/api/v1/alarms?state=active');
  fillTable('#alarms', alarms.map((a) => {
    const id = a.alarmId ?? a.id;
    const actions = element('td', {});
    if (!a.acknowledgedAt && !a.acknowledged) actions.append(element('button', { onclick: () => act(`/api/v1/alarms/${id}/acknowledge`, 'acknowledged') }, 'Acknowledge'));
    return element('tr', { 'data-alarm': id },
      element('td', {}, noradOf(a)), element('td', {}, a.parameter), element('td', { class: a.level ?? a.limit }, a.level ?? a.limit),
      element('td', {}, a.value ?? ''), element('td', {}, time(a.raisedAt ?? a.at)), element('td', {}, a.state ?? ''), actions);
  }));
}

async function act(path, what, body) {
  try {
    await api(path, { method: 'POST', json: body ?? {} });
    showBanner(`Command ${what}.`, 'info');
    await refresh();
  } catch (error) {
    showBanner(error.message);
  }
}

async function sendCommand(event) {
  event.preventDefault();
  const argument = $('#command-argument').value.trim();
  const body = { norad: Number($('#command-satellite').value), command: $('#command-name').value };
  if (argument) body.argumentHex = argument;
  try {
    const command = await api('/api/v1/commands', { method: 'POST', json: body });
    showBanner(`Command ${command.commandId ?? command.id} accepted: ${command.stage}.`, 'info');
    $('#command-argument').value = '';
    await loadCommands();
  } catch (error) {
    showBanner(error.message);
  }
}

async function refresh() {
  if (!state.key) return;
  try {
    await syncClock();
    const stations = await loadStations();
    const contacts = await loadTimeline(stations);
    await Promise.all([loadTrack(contacts), loadTelemetry(), loadCommands(), loadAlarms()]);
    if ($('#banner').className !== 'info') showBanner('');
  } catch (error) {
    showBanner(error.message);
  }
}

function openStreams() {
  for (const stream of state.streams) stream.close();
  state.streams = [];
  if (!state.key) return;
  const token = encodeURIComponent(state.key);
  const events = new EventSource(`/api/v1/events?access_token=${token}`);
  for (const kind of ['contact', 'station', 'alarm']) events.addEventListener(kind, () => scheduleRefresh());
  state.streams.push(events);
  const norad = $('#telemetry-satellite').value;
  if (norad) {
    const live = new EventSource(`/api/v1/telemetry/live?norad=${norad}&access_token=${token}`);
    live.addEventListener('sample', () => scheduleRefresh());
    state.streams.push(live);
  }
}

// Live events arrive in bursts (one per parameter); coalesce them into one refresh.
let pending = null;
function scheduleRefresh() {
  if (pending) return;
  pending = setTimeout(async () => { pending = null; await Promise.all([loadTelemetry(), loadCommands(), loadAlarms()]).catch((e) => showBanner(e.message)); }, 300);
}

async function start() {
  $('#api-key').value = state.key;
  $('#key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    state.key = $('#api-key').value.trim();
    sessionStorage.setItem(keyStorage, state.key);
    await begin();
  });
  $('#command-form').addEventListener('submit', sendCommand);
  $('#command-satellite').addEventListener('change', () => loadDictionary().catch((e) => showBanner(e.message)));
  $('#telemetry-satellite').addEventListener('change', () => { openStreams(); loadTelemetry().catch((e) => showBanner(e.message)); });
  setInterval(() => { if (state.clock.wall > 0) $('#clock').textContent = time(now()); }, 250);
  if (state.key) await begin();
  else showBanner('Enter an API key to start.', 'info');
}

async function begin() {
  clearInterval(state.timer);
  try {
    await syncClock();
    await loadSatellites();
  } catch (error) {
    showBanner(error.message);
    return;
  }
  openStreams();
  await refresh();
  state.timer = setInterval(refresh, refreshMilliseconds);
}

start();
