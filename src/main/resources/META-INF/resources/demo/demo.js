// The demo page: plain JS, no build step and no CDN (the service serves it offline). Photo mode posts the photo
// to /api/v1/analyze; webcam mode streams camera frames to the live WebSocket (/api/v1/live) and draws each
// result over the video; video mode posts a recorded video to /api/v1/video and draws each track's expression
// timeline. window.demo holds the latest state (the browser tests read it).
'use strict';
const $ = (id) => document.getElementById(id);
const api = (path) => new URL('../' + path, location.href);
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324'];
const demo = window.demo = { photo: null, live: { results: 0, primaryTracks: [], trackIds: [] },
  video: { answer: null, lanes: 0, selected: null } };

// ---- modes ----
document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => showMode(tab.dataset.mode)));
function showMode(mode) {
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.mode === mode));
  $('photo').hidden = mode !== 'photo';
  $('webcam').hidden = mode !== 'webcam';
  $('video').hidden = mode !== 'video';
  if (mode !== 'webcam') stopLive();
  if (mode !== 'video') $('video-player').pause();
}

// ---- drawing shared by both modes ----
function drawFaces(ctx, faces, scale, withLandmarks68) {
  faces.forEach((f, i) => {
    const color = COLORS[(f.track_id ?? i) % COLORS.length];
    const b = f.box;
    ctx.lineWidth = Math.max(2, 2 / scale);
    ctx.strokeStyle = color;
    ctx.strokeRect(b.x * scale, b.y * scale, b.width * scale, b.height * scale);
    const label = (f.track_id !== undefined ? '#' + f.track_id + ' ' : '') + f.emotion.emotion
      + (f.emotion.confidence != null ? ' ' + Math.round(f.emotion.confidence * 100) + '%' : '');
    ctx.font = '16px system-ui';
    ctx.fillStyle = color;
    ctx.fillRect(b.x * scale, b.y * scale - 20, ctx.measureText(label).width + 8, 20);
    ctx.fillStyle = '#fff';
    ctx.fillText(label, b.x * scale + 4, b.y * scale - 5);
    if (f.keypoints) dots(ctx, f.keypoints, scale, 3, '#ff0');
    if (withLandmarks68 && f.landmarks68) dots(ctx, f.landmarks68, scale, 1.6, '#0ff');
  });
}
function dots(ctx, points, scale, radius, color) {
  ctx.fillStyle = color;
  for (const p of points) {
    ctx.beginPath();
    ctx.arc(p.x * scale, p.y * scale, radius, 0, 2 * Math.PI);
    ctx.fill();
  }
}
function faceCards(container, faces, title) {
  container.replaceChildren(...faces.map((f, i) => {
    const card = document.createElement('div');
    card.className = 'face';
    const h = document.createElement('h3');
    h.textContent = title(f, i) + ': ' + f.emotion.emotion;
    card.append(h);
    for (const [label, p] of Object.entries(f.emotion.probabilities)) {
      const row = document.createElement('div');
      row.className = 'bar';
      row.innerHTML = '<span></span><div><span></span></div><span></span>';
      row.children[0].textContent = label;
      row.children[1].firstChild.style.width = (p * 100).toFixed(1) + '%';
      row.children[2].textContent = (p * 100).toFixed(0) + '%';
      card.append(row);
    }
    return card;
  }));
}
const versions = (v) => 'emotion/' + v.emotion + ', keypoints/' + v.keypoints;
const apiError = (body, status) => body && body.error ? body.error + ' (' + body.code + ')' : 'HTTP ' + status;

// ---- photo mode ----
const drop = $('drop');
$('photo-input').addEventListener('change', (e) => e.target.files[0] && analyzePhoto(e.target.files[0]));
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files[0]) analyzePhoto(e.dataTransfer.files[0]);
});
document.addEventListener('paste', (e) => {
  const item = [...e.clipboardData.items].find((i) => i.type.startsWith('image/'));
  if (item) { showMode('photo'); analyzePhoto(item.getAsFile()); }
});
$('landmarks68').addEventListener('change', () => {
  if (demo.photo) drawPhoto(demo.photo.bitmap, demo.photo.answer);
  sendOptions();
});

async function analyzePhoto(file) {
  $('photo-error').textContent = '';
  $('photo-info').textContent = 'analysing ' + file.name + ' ...';
  const started = performance.now();
  let res;
  try {
    res = await fetch(api('api/v1/analyze?landmarks68=true'), {
      method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });
  } catch (e) {
    $('photo-error').textContent = 'the service cannot be reached: ' + e.message;
    return;
  }
  const roundTrip = performance.now() - started;
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    $('photo-error').textContent = apiError(body, res.status);
    $('photo-info').textContent = '';
    return;
  }
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const server = /dur=([\d.]+)/.exec(res.headers.get('Server-Timing') || '');
  $('photo-info').textContent = body.faces.length + ' face(s) · ' + body.image.width + 'x' + body.image.height
    + ' · ' + versions(body.model_versions) + ' · detector ' + body.detector + ' · server '
    + (server ? server[1] + ' ms' : '?') + ', round trip ' + roundTrip.toFixed(0) + ' ms';
  demo.photo = { bitmap, answer: body, name: file.name };
  drawPhoto(bitmap, body);
}

function drawPhoto(bitmap, answer) {
  const canvas = $('photo-canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  drawFaces(ctx, answer.faces, bitmap.width / answer.image.width, $('landmarks68').checked);
  canvas.dataset.boxes = answer.faces.length;
  canvas.dataset.file = demo.photo.name;
  $('photo-top').textContent = answer.faces.length ? answer.faces[0].emotion.emotion : 'no face';
  faceCards($('photo-faces'), answer.faces, (f, i) => 'Face ' + (i + 1));
}

// ---- webcam mode: frames over the live WebSocket ----
const FPS = 30;          // capture pace
const IN_FLIGHT = 2;     // frames sent and not yet answered; more would only wait in the service
let live = null;

$('live-start').addEventListener('click', () => (live ? stopLive() : startLive()));

async function startLive() {
  $('live-error').textContent = '';
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (e) {
    $('live-error').textContent = 'no camera: ' + e.message;
    return;
  }
  const video = $('live-video');
  video.srcObject = stream;
  await video.play();
  const socket = new WebSocket(api('api/v1/live').href.replace(/^http/, 'ws'));
  live = { stream, socket, sentAt: new Map(), frame: 0, capturing: false, served: [], latencies: [], timer: null };
  demo.live = { results: 0, primaryTracks: [], trackIds: [] };
  socket.onopen = () => {
    sendOptions();
    live.timer = setInterval(captureFrame, 1000 / FPS);
  };
  socket.onmessage = (e) => onLiveMessage(JSON.parse(e.data));
  socket.onclose = (e) => {
    if (live && live.socket === socket) {
      $('live-error').textContent ||= 'the live connection closed (' + e.code + (e.reason ? ': ' + e.reason : '') + ')';
      stopLive();
    }
  };
  $('live-start').textContent = 'Stop camera';
}

function stopLive() {
  if (!live) return;
  clearInterval(live.timer);
  live.stream.getTracks().forEach((t) => t.stop());
  if (live.socket.readyState <= 1) live.socket.close();
  live = null;
  $('live-start').textContent = 'Start camera';
}

function sendOptions() {
  if (live && live.socket.readyState === 1) {
    live.socket.send(JSON.stringify({ type: 'options', landmarks68: $('landmarks68').checked }));
  }
}

function captureFrame() {
  const video = $('live-video');
  if (!live || live.capturing || !video.videoWidth || live.socket.bufferedAmount > 1e6) return;
  const now = performance.now();
  for (const [n, t] of live.sentAt) if (now - t > 1000) live.sentAt.delete(n); // dropped by the service
  if (live.sentAt.size >= IN_FLIGHT) return;
  const canvas = live.capture ||= document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  live.capturing = true;
  canvas.toBlob((blob) => {
    if (!live) return;
    live.capturing = false;
    live.sentAt.set(++live.frame, performance.now()); // the service numbers frames in the same order
    live.socket.send(blob);
  }, 'image/jpeg', 0.8);
}

function onLiveMessage(m) {
  if (!live) return;
  if (m.type === 'error') {
    $('live-error').textContent = (m.frame ? 'frame ' + m.frame + ': ' : '') + m.error + ' (' + m.code + ')';
    live.sentAt.delete(m.frame);
    return;
  }
  if (m.type !== 'result') return;
  const now = performance.now();
  const sent = live.sentAt.get(m.frame);
  for (const n of live.sentAt.keys()) if (n <= m.frame) live.sentAt.delete(n);
  if (sent !== undefined) live.latencies.push(now - sent);
  live.served.push(now);
  live.served = live.served.filter((t) => now - t <= 1000);
  live.latencies = live.latencies.slice(-30);
  const sorted = [...live.latencies].sort((a, b) => a - b);
  $('live-fps').textContent = live.served.length.toFixed(1);
  $('live-latency').textContent = sorted.length ? sorted[Math.floor(sorted.length / 2)].toFixed(0) : '-';
  $('live-frames').textContent = ++demo.live.results;
  $('live-dropped').textContent = m.dropped.superseded + m.dropped.rate;
  $('live-versions').textContent = versions(m.model_versions);
  const overlay = $('live-overlay');
  overlay.width = m.image.width;
  overlay.height = m.image.height;
  const ctx = overlay.getContext('2d');
  ctx.clearRect(0, 0, overlay.width, overlay.height);
  drawFaces(ctx, m.faces, 1, $('landmarks68').checked);
  faceCards($('live-tracks'), m.faces, (f) => 'Track ' + f.track_id);
  if (m.faces.length) demo.live.primaryTracks.push(m.faces[0].track_id);
  for (const f of m.faces) if (!demo.live.trackIds.includes(f.track_id)) demo.live.trackIds.push(f.track_id);
  $('live-tracks').dataset.trackIds = JSON.stringify(demo.live.trackIds);
}

// ---- video mode: a recorded video to /api/v1/video, one timeline lane per track ----
const SVG = 'http://www.w3.org/2000/svg';
const EMOTION_COLORS = { neutral: '#9e9e9e', happiness: '#f5b700', happy: '#f5b700', surprise: '#42d4f4',
  sadness: '#4363d8', sad: '#4363d8', anger: '#e6194b', angry: '#e6194b', disgust: '#3cb44b', fear: '#911eb4',
  contempt: '#9a6324' };
const SPARE_COLORS = ['#f032e6', '#469990', '#800000', '#808000', '#000075', '#fabed4', '#aaffc3', '#dcbeff'];
// lanes: the track's segments (its smoothed expression) as a band, under it a point per analysed frame (that
// frame's own expression)
const CHART = { width: 960, left: 170, right: 16, top: 6, lane: 44, band: 20, axis: 26 };
let video = { file: null, url: null, run: 0, chart: null, byIndex: new Map(), scale: 1 };

const videoDrop = $('video-drop');
$('video-input').addEventListener('change', (e) => e.target.files[0] && analyzeVideo(e.target.files[0]));
$('video-fps').addEventListener('change', () => video.file && analyzeVideo(video.file));
videoDrop.addEventListener('dragover', (e) => { e.preventDefault(); videoDrop.classList.add('over'); });
videoDrop.addEventListener('dragleave', () => videoDrop.classList.remove('over'));
videoDrop.addEventListener('drop', (e) => {
  e.preventDefault();
  videoDrop.classList.remove('over');
  if (e.dataTransfer.files[0]) analyzeVideo(e.dataTransfer.files[0]);
});
$('video-player').addEventListener('timeupdate', () => { // while it plays, the chart follows
  const player = $('video-player');
  if (!player.paused && demo.video.answer) {
    const f = nearestFrame(player.currentTime);
    if (f && f.index !== demo.video.selected) selectFrame(f.index, false);
  }
});
$('video-player').addEventListener('seeked', () => demo.video.selected !== null && drawVideoOverlay());

function videoType(file) {
  if (file.type) return file.type;
  if (/\.(mp4|m4v)$/i.test(file.name)) return 'video/mp4';
  if (/\.mov$/i.test(file.name)) return 'video/quicktime';
  return 'application/octet-stream';
}

function colorsFor(labels) {
  const colors = {};
  let spare = 0;
  for (const label of labels) {
    colors[label] = EMOTION_COLORS[label.toLowerCase()] || SPARE_COLORS[spare++ % SPARE_COLORS.length];
  }
  return colors;
}

async function analyzeVideo(file) {
  const run = ++video.run;
  const fps = $('video-fps').value;
  video.file = file;
  clearVideo();
  $('video-error').textContent = '';
  const started = performance.now();
  const size = file.size >= 1e6 ? (file.size / 1e6).toFixed(1) + ' MB' : Math.ceil(file.size / 1e3) + ' kB';
  const progress = () => {
    $('video-status').textContent = 'analysing ' + file.name + ' (' + size + ') at ' + fps + ' frames/s ... '
      + ((performance.now() - started) / 1000).toFixed(0) + ' s';
  };
  progress();
  $('video-progress').hidden = false;
  const ticker = setInterval(progress, 500);
  let res;
  let body;
  try {
    res = await fetch(api('api/v1/video?frames=true&fps=' + encodeURIComponent(fps)), {
      method: 'POST', headers: { 'Content-Type': videoType(file), Accept: 'application/json' }, body: file });
    body = await res.json().catch(() => null);
  } catch (e) {
    res = null;
    body = e;
  } finally {
    clearInterval(ticker);
  }
  if (run !== video.run) return; // a newer file or rate was chosen meanwhile
  $('video-progress').hidden = true;
  if (!res || !res.ok || !body || !body.tracks) {
    $('video-status').textContent = '';
    $('video-error').textContent = !res ? 'the service cannot be reached: ' + body.message : apiError(body, res.status);
    return;
  }
  const roundTrip = (performance.now() - started) / 1000;
  const v = body.video;
  const a = body.analysis;
  $('video-status').textContent = body.tracks.length + ' track(s) · ' + a.frames_analyzed + ' of '
    + a.frames_decoded + ' frames analysed at ' + a.fps + ' frames/s · ' + v.width + 'x' + v.height + ' '
    + v.codec + ', ' + v.duration.toFixed(1) + ' s · decode ' + a.seconds.decode.toFixed(2) + ' s, analysis '
    + a.seconds.analysis.toFixed(2) + ' s, round trip ' + roundTrip.toFixed(2) + ' s · '
    + versions(body.model_versions) + ' · detector ' + body.detector;
  showVideo(file, body);
}

function clearVideo() {
  demo.video = { answer: null, lanes: 0, selected: null };
  video.byIndex = new Map();
  video.chart = null;
  $('video-chart').replaceChildren();
  $('video-legend').replaceChildren();
  $('video-faces').replaceChildren();
  $('video-frame').textContent = '';
  $('video-view').hidden = true;
  const player = $('video-player');
  player.pause();
  player.removeAttribute('src');
  player.load();
  if (video.url) URL.revokeObjectURL(video.url);
  video.url = null;
}

function showVideo(file, answer) {
  const frames = answer.frames || [];
  video.byIndex = new Map(frames.map((f) => [f.index, f]));
  demo.video = { answer, lanes: 0, selected: null };
  const colors = colorsFor(answer.labels || []);
  drawTimeline(answer, colors);
  $('video-legend').replaceChildren(...(answer.labels || []).map((label) => {
    const item = document.createElement('span');
    item.textContent = label;
    item.style.setProperty('--color', colors[label]);
    return item;
  }));
  video.url = URL.createObjectURL(file);
  const player = $('video-player');
  player.src = video.url;
  const overlay = $('video-overlay'); // drawn at 640 pixels wide or more, so that small videos show large enough
  video.scale = Math.min(2, Math.max(1, 640 / answer.video.width));
  overlay.width = Math.round(answer.video.width * video.scale);
  overlay.height = Math.round(answer.video.height * video.scale);
  $('video-view').hidden = false;
  const first = frames.find((f) => f.faces.length) || frames[0];
  if (first) selectFrame(first.index, true);
}

function drawTimeline(answer, colors) {
  const tracks = answer.tracks;
  const step = 1 / (answer.analysis.fps || 1);
  const end = Math.max(answer.video.duration, ...tracks.flatMap((t) => t.segments.map((s) => s.end)), step);
  const c = CHART;
  const plot = c.width - c.left - c.right;
  const x = (t) => c.left + (Math.min(Math.max(t, 0), end) / end) * plot;
  const laneOf = new Map(tracks.map((t, i) => [t.id, i]));
  const height = c.top + Math.max(tracks.length, 1) * c.lane + c.axis;
  const svg = el('svg', { viewBox: '0 0 ' + c.width + ' ' + height, tabindex: 0, role: 'img',
    'aria-label': 'expression timeline, one lane per track' });
  if (!tracks.length) {
    svg.append(el('text', { x: c.left, y: c.top + c.lane / 2 + 4, class: 'lane-label' }, 'no face in this video'));
  }
  tracks.forEach((t, i) => {
    const y = c.top + i * c.lane;
    const g = el('g', { class: 'track', 'data-track': t.id });
    g.append(el('rect', { class: 'lane', x: c.left, y: y + 2, width: plot, height: c.lane - 4, 'data-track': t.id }));
    g.append(el('text', { class: 'lane-label', x: 4, y: y + c.lane / 2 + 4 },
      '#' + t.id + ' · ' + (t.emotion ?? 'withheld')));
    for (const s of t.segments) {
      const rect = el('rect', { class: 'segment', x: x(s.start), y: y + 6, width: Math.max(x(s.end) - x(s.start), 1.5),
        height: c.band, fill: colors[s.emotion] || '#777', 'data-track': t.id, 'data-emotion': s.emotion,
        'data-start': s.start, 'data-end': s.end });
      rect.append(el('title', {}, s.emotion + ' ' + s.start.toFixed(2) + '–' + s.end.toFixed(2) + ' s'));
      g.append(rect);
    }
    svg.append(g);
  });
  for (const f of answer.frames || []) {
    for (const face of f.faces) {
      const lane = laneOf.get(face.track);
      if (lane === undefined) continue;
      const point = el('circle', { class: 'point', cx: x(f.time), cy: c.top + lane * c.lane + c.band + 13, r: 4,
        fill: face.emotion ? colors[face.emotion] || '#777' : '#fff', 'data-frame': f.index,
        'data-track': face.track });
      const confidence = face.confidence != null ? ' ' + Math.round(face.confidence * 100) + '%' : '';
      point.append(el('title', {}, 'frame ' + f.index + ' at ' + f.time.toFixed(2) + ' s: '
        + (face.emotion ?? 'withheld') + confidence));
      svg.append(point);
    }
  }
  const axisY = c.top + Math.max(tracks.length, 1) * c.lane;
  const axis = el('g', { class: 'axis' });
  axis.append(el('line', { x1: c.left, x2: c.left + plot, y1: axisY + 2, y2: axisY + 2 }));
  const tick = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600].find((s) => end / s <= 12) || 1200;
  for (let t = 0; t <= end + 1e-9; t += tick) {
    axis.append(el('line', { x1: x(t), x2: x(t), y1: axisY + 2, y2: axisY + 6 }));
    axis.append(el('text', { x: x(t), y: axisY + 18, 'text-anchor': 'middle' }, +t.toFixed(1) + ' s'));
  }
  svg.append(axis);
  svg.append(el('line', { class: 'cursor', x1: -10, x2: -10, y1: c.top, y2: axisY + 2 }));
  svg.addEventListener('click', (e) => onTimelineClick(e, svg));
  svg.addEventListener('keydown', onTimelineKey);
  video.chart = { svg, x, end, plot, laneOf, tracks };
  $('video-chart').replaceChildren(svg);
  demo.video.lanes = svg.querySelectorAll('rect.lane').length;
}

function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function onTimelineClick(e, svg) {
  const point = e.target.closest('.point');
  if (point) {
    selectFrame(Number(point.dataset.frame), true);
    return;
  }
  const c = CHART;
  const chart = video.chart;
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
  if (p.x < c.left || p.x > c.left + chart.plot) return;
  const time = ((p.x - c.left) / chart.plot) * chart.end;
  const lane = Math.floor((p.y - c.top) / c.lane);
  const track = chart.tracks[lane];
  const f = (track && nearestFrame(time, track.id)) || nearestFrame(time);
  if (f) selectFrame(f.index, true);
}

function onTimelineKey(e) {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
  e.preventDefault();
  const frames = demo.video.answer.frames || [];
  const at = frames.findIndex((f) => f.index === demo.video.selected);
  const next = frames[Math.min(Math.max(at + (e.key === 'ArrowRight' ? 1 : -1), 0), frames.length - 1)];
  if (next) selectFrame(next.index, true);
}

/** The analysed frame nearest to {@code time} (among those showing track {@code track} when given). */
function nearestFrame(time, track) {
  let best = null;
  for (const f of demo.video.answer.frames || []) {
    if (track !== undefined && !f.faces.some((face) => face.track === track)) continue;
    if (!best || Math.abs(f.time - time) < Math.abs(best.time - time)) best = f;
  }
  return best;
}

// a face of /api/v1/video's frames as drawFaces and faceCards read faces
const asFace = (f) => ({ box: f.box, track_id: f.track, emotion: { emotion: f.emotion ?? 'withheld',
  confidence: f.confidence, probabilities: f.probabilities || {} }, trackEmotion: f.track_emotion,
  withheld: f.emotion_withheld });

function selectFrame(index, seek) {
  const frame = video.byIndex.get(index);
  if (!frame || !video.chart) return;
  demo.video.selected = index;
  const { svg, x } = video.chart;
  svg.querySelectorAll('.point.selected').forEach((p) => { p.classList.remove('selected'); p.setAttribute('r', 4); });
  svg.querySelectorAll('.point[data-frame="' + index + '"]').forEach((p) => {
    p.classList.add('selected');
    p.setAttribute('r', 6);
  });
  const cursor = svg.querySelector('.cursor');
  cursor.setAttribute('x1', x(frame.time));
  cursor.setAttribute('x2', x(frame.time));
  $('video-frame').textContent = 'Frame ' + index + ' at ' + frame.time.toFixed(2) + ' s · '
    + (frame.faces.length ? frame.faces.length + ' face(s)' : 'no face');
  $('video-frame').dataset.frame = index;
  const faces = frame.faces.map(asFace);
  faceCards($('video-faces'), faces, (f) => 'Track #' + f.track_id
    + (f.trackEmotion && f.trackEmotion !== f.emotion.emotion ? ' (smoothed ' + f.trackEmotion + ')' : '')
    + (f.withheld ? ' (' + f.withheld + ')' : ''));
  const player = $('video-player');
  if (seek && player.src) {
    player.pause();
    if (Math.abs(player.currentTime - frame.time) > 1e-3) player.currentTime = frame.time;
  }
  drawVideoOverlay();
}

function drawVideoOverlay() {
  const frame = video.byIndex.get(demo.video.selected);
  const overlay = $('video-overlay');
  const ctx = overlay.getContext('2d');
  ctx.clearRect(0, 0, overlay.width, overlay.height);
  if (!frame) return;
  drawFaces(ctx, frame.faces.map(asFace), video.scale, false);
  overlay.dataset.boxes = frame.faces.length;
}

// ---- /demo/#webcam and /demo/#video open those modes (last: showMode needs everything above) ----
const modeOfHash = () => ['#photo', '#webcam', '#video'].includes(location.hash) && showMode(location.hash.slice(1));
window.addEventListener('hashchange', modeOfHash);
modeOfHash();
