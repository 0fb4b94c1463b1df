// The demo page: plain JS, no build step and no CDN (the service serves it offline). Photo mode posts the photo
// to /api/v1/analyze; webcam mode streams camera frames to the live WebSocket (/api/v1/live) and draws each
// result over the video. window.demo holds the latest state (the browser tests read it).
'use strict';
const $ = (id) => document.getElementById(id);
const api = (path) => new URL('../' + path, location.href);
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324'];
const demo = window.demo = { photo: null, live: { results: 0, primaryTracks: [], trackIds: [] } };

// ---- modes ----
document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => showMode(tab.dataset.mode)));
function showMode(mode) {
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.mode === mode));
  $('photo').hidden = mode !== 'photo';
  $('webcam').hidden = mode !== 'webcam';
  if (mode !== 'webcam') stopLive();
}
if (location.hash === '#webcam') showMode('webcam');

// ---- drawing shared by both modes ----
function drawFaces(ctx, faces, scale, withLandmarks68) {
  faces.forEach((f, i) => {
    const color = COLORS[(f.track_id ?? i) % COLORS.length];
    const b = f.box;
    ctx.lineWidth = Math.max(2, 2 / scale);
    ctx.strokeStyle = color;
    ctx.strokeRect(b.x * scale, b.y * scale, b.width * scale, b.height * scale);
    const label = (f.track_id !== undefined ? '#' + f.track_id + ' ' : '') + f.emotion.emotion + ' '
      + Math.round(f.emotion.confidence * 100) + '%';
    ctx.font = '16px system-ui';
    ctx.fillStyle = color;
    ctx.fillRect(b.x * scale, b.y * scale - 20, ctx.measureText(label).width + 8, 20);
    ctx.fillStyle = '#fff';
    ctx.fillText(label, b.x * scale + 4, b.y * scale - 5);
    dots(ctx, f.keypoints, scale, 3, '#ff0');
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
