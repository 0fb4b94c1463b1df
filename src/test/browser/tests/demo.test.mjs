// The demo page (/demo/) in a real browser against the packaged service: photo mode and webcam mode (a fake
// camera fed from a .y4m video made from a photo). Screenshots are kept under target/browser-tests/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, PHOTOS, launch, missing, startService } from './service.mjs';
import { writeY4m } from './y4m.mjs';

const skip = missing() ?? false; // node:test reads any non-false value as skip
if (skip) console.log('# skipped: ' + skip);
const MIN_LIVE_FRAMES = 30;
let service;

before(async () => { if (!skip) service = await startService(); });
after(async () => { if (service) await service.stop(); });

const photo = (i) => path.join(PHOTOS, readdirSync(PHOTOS).filter((f) => f.endsWith('.jpg')).sort()[i]);

test('photo mode draws as many boxes as /api/v1/analyze returns and shows its top expression', { skip }, async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(service.url + '/demo/');
    for (const i of [0, 1, 2]) {
      const file = photo(i);
      const res = await fetch(service.url + '/api/v1/analyze', { method: 'POST',
        headers: { 'Content-Type': 'image/jpeg' }, body: readFileSync(file) });
      const answer = await res.json();
      await page.setInputFiles('#photo-input', file);
      await page.waitForFunction((name) => document.querySelector('#photo-canvas').dataset.file === name,
        path.basename(file), { timeout: 15_000 });
      assert.equal(Number(await page.getAttribute('#photo-canvas', 'data-boxes')), answer.faces.length, file);
      const top = await page.textContent('#photo-top');
      assert.equal(top, answer.faces.length ? answer.faces[0].emotion.emotion : 'no face', file);
      assert.equal(await page.locator('#photo-faces .face').count(), answer.faces.length);
      assert.match(await page.textContent('#photo-info'), /emotion\/\d+, keypoints\/\d+ .* server [\d.]+ ms/);
    }
    await page.check('#landmarks68');
    await page.screenshot({ path: path.join(ARTIFACTS, 'photo-mode.png'), fullPage: true });
    // an error is shown as the API words it
    await page.setInputFiles('#photo-input', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
    await page.waitForFunction(() => document.querySelector('#photo-error').textContent.length > 0);
    assert.match(await page.textContent('#photo-error'), /\(UNSUPPORTED_MEDIA_TYPE\)$/);
  } finally {
    await browser.close();
  }
});

test('webcam mode: a fake camera streams over the WebSocket, one track id per face, fps shown', { skip }, async () => {
  const video = path.join(ARTIFACTS, 'fake-camera.y4m');
  const maker = await launch();
  try {
    await writeY4m(maker, photo(0), video);
  } finally {
    await maker.close();
  }
  const browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--use-file-for-fake-video-capture=' + video]);
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.log('# page: ' + m.text()));
    await page.goto(service.url + '/demo/#webcam');
    await page.click('#live-start');
    await page.waitForFunction((n) => window.demo.live.results >= n, MIN_LIVE_FRAMES, { timeout: 60_000 });
    const live = await page.evaluate(() => window.demo.live);
    assert.ok(live.primaryTracks.length >= MIN_LIVE_FRAMES * 0.9, 'a face in nearly every frame: ' + live.primaryTracks.length);
    assert.equal(new Set(live.primaryTracks).size, 1, 'the same track id for the same face: ' + live.primaryTracks);
    const fps = Number(await page.textContent('#live-fps'));
    assert.ok(fps > 0, 'frames per second shown: ' + fps);
    assert.match(await page.textContent('#live-latency'), /^\d+$/);
    assert.equal(await page.textContent('#live-error'), '');
    await page.screenshot({ path: path.join(ARTIFACTS, 'webcam-mode.png'), fullPage: true });
    console.log('# webcam mode: ' + live.results + ' frames answered, ' + fps + ' fps, latency p50 '
      + await page.textContent('#live-latency') + ' ms');
  } finally {
    await browser.close();
  }
});
