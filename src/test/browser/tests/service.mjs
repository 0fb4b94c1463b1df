// Starts the packaged service (target/quarkus-app/quarkus-run.jar) on a free port, waits until it is ready,
// and stops it; launches Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const JAR = path.join(ROOT, 'target/quarkus-app/quarkus-run.jar');
export const ARTIFACTS = path.join(ROOT, 'target/browser-tests');
export const SHARED = path.resolve(ROOT, process.env.SHARED_DIR || '../shared');
export const PHOTOS = path.join(SHARED, 'data/landmarks68/images');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Why the tests cannot run here (a message), or null. */
export function missing() {
  if (!existsSync(JAR)) return JAR + ' is absent: package the service first (./mvnw -B package -DskipTests)';
  if (!existsSync(CHROMIUM)) return CHROMIUM + ' is absent: apt-get install chromium (or set CHROMIUM=...)';
  if (!existsSync(PHOTOS)) return PHOTOS + ' is absent: these tests need the shared photos (SHARED_DIR=...)';
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startService() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const log = openSync(path.join(ARTIFACTS, 'service.log'), 'w');
  const child = spawn('java', ['--enable-native-access=ALL-UNNAMED', '-Dquarkus.http.port=' + port,
    '-Dquarkus.http.host=127.0.0.1', '-jar', JAR], { cwd: ROOT, stdio: ['ignore', log, log] });
  const url = 'http://127.0.0.1:' + port;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the service exited (' + child.exitCode + '); see ' + ARTIFACTS + '/service.log');
    try {
      if ((await fetch(url + '/q/health/ready')).ok) return { url, stop: () => stop(child) };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop(child);
  throw new Error('the service was not ready within 120 s; see ' + ARTIFACTS + '/service.log');
}

function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/**
 * Headless Chromium with a fresh profile (a new temporary user-data dir each time); extra flags (the fake
 * camera) appended. A persistent context is how playwright takes a user-data dir: it has newPage() and close().
 */
export function launch(extraArgs = []) {
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'emotion-ai-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', ...extraArgs],
  });
}
