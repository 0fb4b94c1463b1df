// A Y4M video (Chromium's fake camera input) made from a photo, without ffmpeg: the browser decodes the photo
// and draws each 640x480 frame (the face sliding left and right, a head moving in front of a webcam), Node
// converts RGBA to planar 4:2:0 YUV (BT.601 full range, Y4M's C420jpeg) and writes
// "YUV4MPEG2 W640 H480 F25:1 Ip A1:1 C420jpeg\n" then "FRAME\n" + Y + U + V per frame.
import { readFileSync, writeFileSync } from 'node:fs';

export const WIDTH = 640;
export const HEIGHT = 480;

export async function writeY4m(browser, photo, file, frames = 30) {
  const page = await browser.newPage();
  const dataUrl = 'data:image/jpeg;base64,' + readFileSync(photo).toString('base64');
  const rgbaFrames = await page.evaluate(async ({ dataUrl, frames, w, h }) => {
    const img = new Image();
    img.src = dataUrl;
    await img.decode();
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    const fw = 300;
    const fh = Math.min(h - 20, Math.round(fw * img.height / img.width));
    const out = [];
    for (let i = 0; i < frames; i++) {
      // a triangle wave: the last frame leads back to the first, so the looping camera never jumps
      const dx = Math.round(40 * (1 - Math.abs(1 - 2 * i / frames)) - 20);
      ctx.fillStyle = '#787878';
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(img, 170 + dx, (h - fh) / 2, fw, fh);
      const rgba = ctx.getImageData(0, 0, w, h).data;
      let binary = '';
      for (let k = 0; k < rgba.length; k += 0x8000) binary += String.fromCharCode(...rgba.subarray(k, k + 0x8000));
      out.push(btoa(binary));
    }
    return out;
  }, { dataUrl, frames, w: WIDTH, h: HEIGHT });
  await page.close();
  const parts = [Buffer.from('YUV4MPEG2 W' + WIDTH + ' H' + HEIGHT + ' F25:1 Ip A1:1 C420jpeg\n')];
  for (const b64 of rgbaFrames) parts.push(Buffer.from('FRAME\n'), yuv420(Buffer.from(b64, 'base64')));
  writeFileSync(file, Buffer.concat(parts));
}

function yuv420(rgba) {
  const y = Buffer.alloc(WIDTH * HEIGHT);
  const u = Buffer.alloc(WIDTH * HEIGHT / 4);
  const v = Buffer.alloc(WIDTH * HEIGHT / 4);
  const clamp = (x) => Math.max(0, Math.min(255, Math.round(x)));
  for (let row = 0; row < HEIGHT; row++) {
    for (let col = 0; col < WIDTH; col++) {
      const i = 4 * (row * WIDTH + col);
      y[row * WIDTH + col] = clamp(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]);
    }
  }
  for (let row = 0; row < HEIGHT; row += 2) {
    for (let col = 0; col < WIDTH; col += 2) {
      let r = 0, g = 0, b = 0;
      for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
        const i = 4 * ((row + dr) * WIDTH + col + dc);
        r += rgba[i] / 4; g += rgba[i + 1] / 4; b += rgba[i + 2] / 4;
      }
      const k = (row / 2) * (WIDTH / 2) + col / 2;
      u[k] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      v[k] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return Buffer.concat([y, u, v]);
}
