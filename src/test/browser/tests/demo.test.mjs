// The demo page (/demo/) in a real browser against the packaged service: photo mode, webcam mode (a fake
// camera fed from a .y4m video made from a photo) and video mode (the clip VideoResourceTest leaves behind).
// Screenshots are kept under target/browser-tests/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

test('video mode: one lane per track, segments cover each track, clicking a point shows that frame\'s faces',
  { skip }, async (t) => {
    const clip = path.join(ARTIFACTS, 'person-clip.mp4');
    if (!existsSync(clip)) {
      t.skip(clip + ' is absent: the Maven tests make it (./mvnw -B test -Dtest=VideoResourceTest)');
      return;
    }
    const browser = await launch();
    try {
      const page = await browser.newPage();
      page.on('console', (m) => m.type() === 'error' && console.log('# page: ' + m.text()));
      await page.goto(service.url + '/demo/#video');
      assert.equal(await page.isVisible('#video-drop'), true, 'the video tab is shown');
      assert.equal(await page.inputValue('#video-fps'), '5');
      await page.setInputFiles('#video-input', clip);
      await page.waitForFunction(() => window.demo.video.answer !== null || document.querySelector('#video-error')
        .textContent.length > 0, null, { timeout: 60_000 });
      assert.equal(await page.textContent('#video-error'), '');
      const { answer, lanes } = await page.evaluate(() => window.demo.video);
      assert.equal(answer.analysis.fps, 5);
      assert.equal(lanes, answer.tracks.length, 'one lane per track');
      assert.equal(answer.tracks.length, 1, 'one person in the clip, one track');
      assert.equal(await page.locator('#video-chart rect.lane').count(), answer.tracks.length);
      const segments = answer.tracks.reduce((n, track) => n + track.segments.length, 0);
      assert.ok(segments > 0, 'the track has segments');
      assert.equal(await page.locator('#video-chart rect.segment').count(), segments, 'a rectangle per segment');
      assert.equal(await page.locator('#video-legend span').count(), answer.labels.length, 'a legend entry per label');
      // the segments drawn cover each track: every analysed face with a smoothed expression lies in a rectangle
      // of its track's lane with that expression
      const drawn = await page.$$eval('#video-chart rect.segment', (rects) => rects.map((r) => ({
        track: Number(r.dataset.track), emotion: r.dataset.emotion, start: Number(r.dataset.start),
        end: Number(r.dataset.end) })));
      let faces = 0;
      for (const frame of answer.frames) {
        for (const face of frame.faces) {
          if (!face.track_emotion) continue;
          faces++;
          assert.ok(drawn.some((r) => r.track === face.track && r.emotion === face.track_emotion
            && r.start <= frame.time + 1e-6 && frame.time < r.end), 'frame ' + frame.index + ' track ' + face.track);
        }
      }
      assert.ok(faces >= answer.frames.length * 0.9, 'a face in nearly every frame: ' + faces);
      const points = page.locator('#video-chart circle.point');
      assert.equal(await points.count(), answer.frames.reduce((n, f) => n + f.faces.length, 0), 'a point per face');
      // clicking a point selects its frame and shows that frame's faces
      const point = points.nth(Math.floor((await points.count()) / 2));
      const clicked = Number(await point.getAttribute('data-frame'));
      await point.click();
      await page.waitForFunction((i) => window.demo.video.selected === i, clicked);
      const frame = answer.frames.find((f) => f.index === clicked);
      assert.equal(await page.locator('#video-faces .face').count(), frame.faces.length, 'a card per face');
      assert.match(await page.textContent('#video-frame'), new RegExp('at ' + frame.time.toFixed(2) + ' s'));
      assert.equal(Number(await page.getAttribute('#video-overlay', 'data-boxes')), frame.faces.length);
      // clicking the lane elsewhere selects the analysed frame nearest to that time
      const last = answer.frames.at(-1);
      const box = await page.locator('#video-chart rect.lane').first().boundingBox();
      await page.mouse.click(box.x + box.width - 1, box.y + 2);
      await page.waitForFunction((i) => window.demo.video.selected === i, last.index);
      await page.locator('#video-chart circle.point').nth(Math.floor((await points.count()) / 2)).click();
      await page.waitForFunction(() => { // the video has seeked there (when Chromium plays H.264)
        const v = document.querySelector('#video-player');
        return v.error || (v.readyState >= 2 && !v.seeking);
      }, null, { timeout: 10_000 }).catch(() => {});
      await page.screenshot({ path: path.join(ARTIFACTS, 'video-mode.png'), fullPage: true });
      console.log('# video mode: ' + answer.tracks.length + ' track(s), ' + segments + ' segment(s), '
        + answer.frames.length + ' frames analysed in ' + answer.analysis.seconds.total + ' s');
      // an error is shown as the API words it, and the previous timeline is gone
      await page.setInputFiles('#video-input', { name: 'notes.txt', mimeType: 'text/plain',
        buffer: Buffer.from('hi') });
      await page.waitForFunction(() => document.querySelector('#video-error').textContent.length > 0);
      assert.match(await page.textContent('#video-error'), /\(UNSUPPORTED_MEDIA_TYPE\)$/);
      assert.deepEqual(await page.evaluate(() => window.demo.video), { answer: null, lanes: 0, selected: null });
      assert.equal(await page.locator('#video-chart rect.segment').count(), 0);
      // a photo posing as an MP4 reaches the decoder, which refuses it
      await page.setInputFiles('#video-input', { name: 'photo.mp4', mimeType: 'video/mp4',
        buffer: readFileSync(photo(0)) });
      await page.waitForFunction(() => /UNDECODABLE_VIDEO/.test(document.querySelector('#video-error').textContent));
      assert.match(await page.textContent('#video-error'), /\(UNDECODABLE_VIDEO\)$/);
      assert.equal(await page.textContent('#video-status'), '');
    } finally {
      await browser.close();
    }
  });
