// face-api's expression net (vladmandic/face-api, MIT; weights ship in its npm package) as a teacher:
// reads N gray 48x48 faces (raw uint8, N*2304 bytes), writes N x 7 float32 probabilities in FER2013 order
// (Angry, Disgust, Fear, Happy, Sad, Surprise, Neutral). Runs on tfjs' WebAssembly backend from local files.
// Usage: node predict.js <faces.u8> <out.f32>
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const SIDE = 48;
// face-api's class order -> FER2013 ids
const FACE_API_TO_FER = { angry: 0, disgusted: 1, fearful: 2, happy: 3, sad: 4, surprised: 5, neutral: 6 };
const BATCH = 64;

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) throw new Error('usage: node predict.js <faces.u8> <out.f32>');
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.faceExpressionNet.loadFromDisk(modelDir);
  const pixels = fs.readFileSync(input);
  if (pixels.length % (SIDE * SIDE) !== 0) throw new Error(`${input}: not a whole number of ${SIDE}x${SIDE} faces`);
  const count = pixels.length / (SIDE * SIDE);
  const out = new Float32Array(count * 7);
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const faces = [];
    for (let i = 0; i < n; i++) {
      const offset = (start + i) * SIDE * SIDE;
      const gray = tf.tensor3d(new Float32Array(pixels.subarray(offset, offset + SIDE * SIDE)), [SIDE, SIDE, 1]);
      faces.push(tf.tile(gray, [1, 1, 3]));
      gray.dispose();
    }
    const results = await faceapi.nets.faceExpressionNet.predictExpressions(faces);
    (Array.isArray(results) ? results : [results]).forEach((expressions, i) => {
      for (const [name, fer] of Object.entries(FACE_API_TO_FER)) out[(start + i) * 7 + fer] = expressions[name];
    });
    faces.forEach((t) => t.dispose());
    if (start % (BATCH * 50) === 0) process.stderr.write(`${start + n}/${count}\n`);
  }
  fs.writeFileSync(output, Buffer.from(out.buffer));
}

main().catch((e) => { console.error(e.message); process.exit(1); });
