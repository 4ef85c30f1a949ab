// GroundStation operator console: a single page over the core's HTTP API (docs/API.md).
// No framework and no build step: the core embeds these files, and every call presents the operator's key.

const keyStorage = 'gs.console.key';
const refreshMilliseconds = 5000;
const timelinePastHours = 1;
const timelineFutureHours = 11;
const pendingStages = ['Received', 'AwaitingApproval', 'Queued', 'Released', 'Sent'];
const cancellableStages = ['Received', 'AwaitingApproval', 'Queued'];
const activeContactStates = ['Pass', 'PrePass', 'PostPass'];

const state = {
  key: sessionStorage.getItem(keyStorage) ?? '',
  clock: { sim: 0, wall: 0, speed: 1 },
  satellites: [],
  dictionary: new Map(),
  // Live station views (presence and device status) from the event stream, by station id.
  stationViews: new Map(),
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

const statusMeaning = {
  400: 'Bad request',
  401: 'Not authenticated: the key is missing, invalid, expired or revoked',
  403: 'Forbidden: this key is not allowed to do that',
  404: 'Not found',
  409: 'Conflict with the current state',
};

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers ?? {}) };
  if (state.key) headers.Authorization = `Bearer ${state.key}`;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(options.json);
  }
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    // Problem details (RFC 7807) name the field for a 400; a 401/403 from IAM has no body.
    let detail = '';
    const text = await response.text();
    if (text) {
      try {
        const problem = JSON.parse(text);
        const fields = problem.errors ? Object.entries(problem.errors).map(([f, m]) => `${f}: ${[].concat(m).join(', ')}`).join('; ') : '';
        detail = [problem.title, problem.detail, fields].filter(Boolean).join(' - ');
      } catch {
        detail = text.slice(0, 200);
      }
    }
    const meaning = statusMeaning[response.status] ?? response.statusText;
    throw new ApiError(response.status, `${response.status} ${meaning} (${options.method ?? 'GET'} ${path.split('?')[0]})${detail ? `: ${detail}` : ''}`);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
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
const clockTime = (value) => value ? new Date(value).toISOString().slice(11, 19) : '';
const satelliteName = (norad) => state.satellites.find((s) => s.norad === norad)?.name ?? String(norad);

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
  renderStations(stations);
  return stations;
}

// The registry answers each station's status word; the event stream adds presence and the devices' health.
function renderStations(stations) {
  state.stations = stations;
  fillTable('#stations', stations.map((s) => {
    const view = state.stationViews.get(s.id);
    const devices = view?.status;
    const presence = view?.presence ?? s.status;
    return element('tr', { 'data-station': s.id },
      element('td', { title: `${s.latitudeDeg.toFixed(2)}, ${s.longitudeDeg.toFixed(2)}; owner ${s.owner}` }, `${s.name} (${s.id})`),
      element('td', { class: presence, title: view?.presenceSince ? `since ${time(view.presenceSince)}` : '' }, presence),
      element('td', { class: devices?.rotator ?? '' }, devices?.rotator ?? ''),
      element('td', { class: devices?.radio ?? '' }, devices?.radio ?? ''),
      element('td', { class: devices?.tnc ?? '' }, devices?.tnc ?? ''),
      element('td', {}, devices ? String(devices.spoolDepth) : ''),
      element('td', {}, devices?.activePassId ?? ''),
      element('td', { class: view?.alarms?.length ? 'Red' : '', title: (view?.alarms ?? []).map((a) => `since ${time(a.since)}`).join('; ') },
        (view?.alarms ?? []).map((a) => a.detail).join('; ')));
  }));
}

async function loadTimeline(stations) {
  const at = now();
  const from = new Date(at.getTime() - timelinePastHours * 3600_000);
  const to = new Date(at.getTime() + timelineFutureHours * 3600_000);
  const query = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&limit=1000`;
  const [passes, contacts] = await Promise.all([api(`/api/v1/passes?${query}`), api(`/api/v1/contacts?${query}`)]);
  const contactOf = new Map(contacts.map((c) => [c.passId, c]));
  const lanes = [...new Set([...stations.map((s) => s.id), ...passes.map((p) => p.station)])];
  const width = 1000, laneHeight = 24, left = 110, top = 18;
  const x = (t) => left + (new Date(t) - from) / (to - from) * (width - left);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${top + Math.max(lanes.length, 1) * laneHeight + 4}`, role: 'img', 'aria-label': 'Pass timeline' });
  for (let h = 0; h <= timelinePastHours + timelineFutureHours; h += 1) {
    const t = new Date(Math.ceil(from.getTime() / 3600_000) * 3600_000 + h * 3600_000);
    if (t > to) break;
    chart.append(svg('line', { x1: x(t), x2: x(t), y1: top - 4, y2: top + lanes.length * laneHeight, class: 'hour' }));
    chart.append(svg('text', { x: x(t), y: 11, class: 'tick', 'text-anchor': 'middle' }, `${String(t.getUTCHours()).padStart(2, '0')}:00`));
  }
  lanes.forEach((lane, i) => {
    chart.append(svg('text', { x: 2, y: top + i * laneHeight + 15, class: 'lane-label' }, lane));
    for (const p of passes.filter((q) => q.station === lane)) {
      const start = Math.max(x(p.aos), left), end = Math.min(x(p.los), width);
      if (end <= left || start >= width) continue;
      const contactState = contactOf.get(p.passId)?.state ?? 'Scheduled';
      const rect = svg('rect', {
        x: start, y: top + i * laneHeight + 3, width: Math.max(end - start, 3), height: laneHeight - 6, rx: 2,
        class: `pass ${contactState}`, 'data-pass': p.passId,
      });
      rect.append(svg('title', {}, `${p.satelliteName} (${p.norad}) over ${p.station}\n${time(p.aos)} - ${clockTime(p.los)}, max ${p.maxElevationDeg.toFixed(1)} deg\n${contactState}`));
      chart.append(rect);
    }
  });
  chart.append(svg('line', { x1: x(at), x2: x(at), y1: top - 4, y2: top + lanes.length * laneHeight, class: 'now' }));
  $('#timeline').replaceChildren(chart);
  $('#timeline').dataset.passes = String(passes.length);
  $('#timeline-range').textContent = `${time(from)} - ${clockTime(to)}, ${passes.length} scheduled`;
  return { passes, contacts };
}

function polar(azimuthDeg, elevationDeg) {
  const r = 100 * (90 - Math.max(elevationDeg, 0)) / 90;
  const a = azimuthDeg * Math.PI / 180;
  return [r * Math.sin(a), -r * Math.cos(a)];
}

// The pass in progress (by its contact's state), else the next one scheduled: its sky track on a polar plot.
async function loadTrack({ passes, contacts }) {
  const plot = $('#polar');
  plot.replaceChildren();
  for (const [r, label] of [[100, '0'], [66.7, '30'], [33.3, '60']]) {
    plot.append(svg('circle', { r, class: 'ring' }), svg('text', { x: 2, y: -r + 7, class: 'label' }, label));
  }
  plot.append(svg('line', { x1: -100, x2: 100, y1: 0, y2: 0, class: 'axis' }), svg('line', { y1: -100, y2: 100, x1: 0, x2: 0, class: 'axis' }));
  for (const [label, xPos, yPos] of [['N', 0, -104], ['E', 108, 3], ['S', 0, 112], ['W', -108, 3]]) {
    plot.append(svg('text', { x: xPos, y: yPos, class: 'label', 'text-anchor': 'middle' }, label));
  }
  const t = now().getTime();
  const current = contacts.find((c) => activeContactStates.includes(c.state));
  const next = passes.filter((p) => Date.parse(p.los) > t).sort((a, b) => Date.parse(a.aos) - Date.parse(b.aos))[0];
  const shown = current ?? next;
  if (!shown) {
    $('#track-title').textContent = 'No pass in progress or scheduled.';
    return;
  }
  $('#track-title').textContent = current
    ? `${current.satelliteName} over ${current.station}: ${current.state}, max ${current.maxElevationDeg.toFixed(1)} deg, LOS ${clockTime(current.los)}`
    : `No pass in progress. Next: ${next.satelliteName} over ${next.station}, AOS ${time(next.aos)}, max ${next.maxElevationDeg.toFixed(1)} deg`;
  $('#track-panel').dataset.pass = shown.passId;
  const track = await api(`/api/v1/passes/${encodeURIComponent(shown.passId)}/track?stepSeconds=10`);
  if (track.points.length === 0) return;
  plot.append(svg('polyline', { class: current ? 'track' : 'track upcoming', points: track.points.map((p) => polar(p.azimuthDeg, p.elevationDeg).join(',')).join(' ') }));
  if (!current) return;
  const nearest = track.points.reduce((best, p) => Math.abs(Date.parse(p.at) - t) < Math.abs(Date.parse(best.at) - t) ? p : best, track.points[0]);
  const [cx, cy] = polar(nearest.azimuthDeg, nearest.elevationDeg);
  const dot = svg('circle', { cx, cy, r: 4, class: 'satellite' });
  dot.append(svg('title', {}, `az ${nearest.azimuthDeg.toFixed(1)} el ${nearest.elevationDeg.toFixed(1)} range ${nearest.rangeKm.toFixed(0)} km`));
  plot.append(dot);
}

async function loadSatellites() {
  state.satellites = await api('/api/v1/satellites');
  for (const selector of ['#telemetry-satellite', '#command-satellite']) {
    const select = $(selector);
    const previous = select.value;
    select.replaceChildren(...state.satellites.map((s) => element('option', { value: String(s.norad) }, `${s.name} (${s.norad})`)));
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
  select.replaceChildren(...state.dictionary.get(norad).map((c) =>
    element('option', { value: c.name, 'data-argument': c.argument }, `${c.name} (0x${c.opcode.toString(16).padStart(2, '0')})${c.critical ? ' - critical' : ''}`)));
  if (previous) select.value = previous;
  describeArgument();
}

function describeArgument() {
  const option = $('#command-name').selectedOptions[0];
  $('#command-argument').placeholder = option ? `argument (hex): ${option.dataset.argument}` : 'argument (hex)';
}

async function loadTelemetry() {
  const norad = $('#telemetry-satellite').value;
  if (!norad) return fillTable('#telemetry', []);
  const samples = await api(`/api/v1/telemetry/latest?norad=${norad}`);
  fillTable('#telemetry', samples.map((s) => element('tr', { class: `limit-${s.limit}`, 'data-parameter': s.parameter },
    element('td', {}, s.parameter),
    element('td', { class: 'value' }, String(Math.round(s.value * 1000) / 1000)),
    element('td', {}, s.unit),
    element('td', { class: s.limit }, s.limit),
    element('td', {}, time(s.at)))));
}

function commandRow(c, last) {
  const actions = element('td', {});
  if (c.stage === 'AwaitingApproval') actions.append(element('button', { onclick: () => act(`/api/v1/commands/${c.commandId}/approve`, `Command ${c.commandId} approved.`) }, 'Approve'));
  if (cancellableStages.includes(c.stage)) {
    actions.append(element('button', { class: 'secondary', onclick: () => act(`/api/v1/commands/${c.commandId}/cancel`, `Command ${c.commandId} cancelled.`, { reason: 'cancelled from the console' }) }, 'Cancel'));
  }
  actions.append(element('button', { class: 'secondary', onclick: () => showCommand(c.commandId) }, 'History'));
  return element('tr', { 'data-command': c.commandId, 'data-stage': c.stage },
    element('td', { class: 'mono' }, c.commandId),
    element('td', {}, satelliteName(c.norad)),
    element('td', {}, c.argumentHex ? `${c.command} ${c.argumentHex}` : c.command),
    element('td', { class: `stage ${c.stage}`, title: c.reason ?? '' }, c.stage),
    element('td', {}, c.approvedBy ? `${c.sentBy} (approved by ${c.approvedBy})` : c.sentBy),
    element('td', {}, time(c.receivedAt)),
    element('td', {}, last),
    actions);
}

async function loadCommands() {
  const commands = await api('/api/v1/commands?limit=100');
  fillTable('#command-queue', commands.filter((c) => pendingStages.includes(c.stage)).map((c) => commandRow(c, c.passId ?? '')));
  fillTable('#command-history', commands.filter((c) => !pendingStages.includes(c.stage)).map((c) => commandRow(c, c.reason ?? '')));
}

async function showCommand(commandId) {
  try {
    const c = await api(`/api/v1/commands/${encodeURIComponent(commandId)}`);
    const detail = $('#command-detail');
    detail.replaceChildren(
      element('h3', {}, `${c.commandId}: ${c.command} to ${satelliteName(c.norad)} (on-board id ${c.onboardId})`),
      element('table', {},
        element('thead', {}, element('tr', {}, element('th', {}, 'At'), element('th', {}, 'Stage'), element('th', {}, 'By'), element('th', {}, 'What'))),
        element('tbody', {}, ...c.history.map((e) => element('tr', {},
          element('td', {}, time(e.at)), element('td', { class: e.stage }, e.stage), element('td', {}, e.by), element('td', {}, e.detail))))),
      element('button', { class: 'secondary', onclick: () => { detail.hidden = true; } }, 'Close'));
    detail.hidden = false;
  } catch (error) {
    showBanner(error.message);
  }
}

async function loadAlarms() {
  const alarms = await api('/api/v1/alarms?state=active');
  fillTable('#alarms', alarms.map((a) => {
    const actions = element('td', {});
    if (!a.acknowledgedAt) actions.append(element('button', { onclick: () => act(`/api/v1/alarms/${a.alarmId}/acknowledge`, `Alarm on ${a.parameter} acknowledged.`) }, 'Acknowledge'));
    const status = [a.clearedAt ? `cleared ${clockTime(a.clearedAt)}` : 'raised', a.acknowledgedBy ? `acknowledged by ${a.acknowledgedBy}` : 'unacknowledged'].join(', ');
    return element('tr', { 'data-alarm': String(a.alarmId) },
      element('td', {}, satelliteName(a.norad)), element('td', {}, a.parameter), element('td', { class: a.severity }, a.severity),
      element('td', {}, String(Math.round(a.value * 1000) / 1000)), element('td', {}, time(a.raisedAt)), element('td', {}, status), actions);
  }));
}

async function act(path, done, body) {
  try {
    await api(path, { method: 'POST', json: body ?? {} });
    showBanner(done, 'info');
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
    showBanner(`Command ${command.commandId} (${command.command}) accepted: ${command.stage}.`, 'info');
    $('#command-argument').value = '';
    await loadCommands();
  } catch (error) {
    showBanner(`Command not sent: ${error.message}`);
  }
}

async function refresh() {
  if (!state.key) return;
  try {
    await syncClock();
    const stations = await loadStations();
    const schedule = await loadTimeline(stations);
    await Promise.all([loadTrack(schedule), loadTelemetry(), loadCommands(), loadAlarms()]);
    if ($('#banner').className !== 'info') showBanner('');
  } catch (error) {
    showBanner(error.message);
  }
}

function openStreams() {
  for (const stream of state.streams) stream.close();
  state.streams = [];
  if (!state.key) return;
  // EventSource cannot send headers: the core accepts the key as access_token on its stream routes only.
  const token = encodeURIComponent(state.key);
  const events = new EventSource(`/api/v1/events?access_token=${token}`);
  events.addEventListener('station', (event) => {
    const view = JSON.parse(event.data);
    state.stationViews.set(view.station, view);
    if (state.stations) renderStations(state.stations);
  });
  events.addEventListener('contact', () => scheduleRefresh(true));
  state.streams.push(events);
  const norad = $('#telemetry-satellite').value;
  if (norad) {
    const live = new EventSource(`/api/v1/telemetry/live?norad=${norad}&access_token=${token}`);
    for (const kind of ['sample', 'alarm']) live.addEventListener(kind, () => scheduleRefresh(false));
    state.streams.push(live);
  }
}

// Live events arrive in bursts (one per parameter); coalesce them into one refresh.
let pending = null;
let pendingFull = false;
function scheduleRefresh(full) {
  pendingFull ||= full;
  if (pending) return;
  pending = setTimeout(async () => {
    const everything = pendingFull;
    pending = null;
    pendingFull = false;
    if (everything) await refresh();
    else await Promise.all([loadTelemetry(), loadCommands(), loadAlarms()]).catch((e) => showBanner(e.message));
  }, 300);
}

async function start() {
  $('#api-key').value = state.key;
  $('#key-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    state.key = $('#api-key').value.trim();
    sessionStorage.setItem(keyStorage, state.key);
    showBanner('');
    await begin();
  });
  $('#command-form').addEventListener('submit', sendCommand);
  $('#command-satellite').addEventListener('change', () => loadDictionary().catch((e) => showBanner(e.message)));
  $('#command-name').addEventListener('change', describeArgument);
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
