// How long a scan takes to reach the operator's eyes: from the simulated scanner's code
// (demo.injectScan, sent over the web host's WebSocket) through the serial line, the station, the
// store and the event bus, to the item on screen in Chromium (a scan opens the item's workspace at
// once). Baseline in the same run: the WebSocket round trip of station.info on the same link.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { percentile, ratio } from './stats.ts';

const N = Number(process.env.BENCH_SCAN_N ?? 50);
const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN = { badge: 'BENCH-ADMIN', name: 'Bench Admin', pin: '246802' };
/** A scan not on screen by then is lost: the bench fails rather than hangs. */
const VISIBLE_TIMEOUT_MS = 10_000;

interface Latency {
  n: number;
  p50Ms: number;
  p95Ms: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const summarise = (times: number[]): Latency => {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
};

/** A contract client on the web host's WebSocket, as a second screen would open it. */
async function connect(url: string): Promise<{ call(command: string, args: unknown): Promise<unknown>; close(): void }> {
  const page = new URL(url);
  const token = new URLSearchParams(page.hash.slice(1)).get('token');
  if (!token) throw new Error(`serve printed a URL without a token: ${url}`);
  const socket = new WebSocket(`ws://${page.host}/station`, { origin: page.origin });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', token })));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
      if (message.type === 'ready') resolve();
      if (message.type !== 'result' || message.id === undefined) return;
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.result?.ok) waiting?.resolve(message.result.value);
      else waiting?.reject(new Error(message.result?.error?.message ?? 'refused'));
    });
  });
  return {
    call: (command, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ type: 'call', id, command, args }));
      }),
    close: () => socket.close(),
  };
}

export async function scanToScreenBench(): Promise<Record<string, unknown>> {
  if (!existsSync(path.join(ROOT, 'out/renderer/index.html'))) throw new Error('scan-to-screen needs the built renderer: npm run -s build:renderer');
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-bench-screen-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'src/main/cli/main.ts'), 'serve', '--demo', '--db', path.join(dir, 'station.sqlite'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
      child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL`)));
    });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(url);
    await page.getByTestId('setup-badge').fill(ADMIN.badge);
    await page.getByTestId('setup-name').fill(ADMIN.name);
    await page.getByTestId('setup-pin').fill(ADMIN.pin);
    await page.getByTestId('setup-pin-again').fill(ADMIN.pin);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('intake-screen').waitFor();
    await page.locator('[data-testid="device-status"][data-device-id="scanner-sim"][data-health="online"]').waitFor({ timeout: VISIBLE_TIMEOUT_MS });

    const link = await connect(url);
    await link.call('session.login', { badge: ADMIN.badge, pin: ADMIN.pin });

    const baseline: number[] = [];
    for (let i = 0; i < N; i += 1) {
      const t0 = performance.now();
      await link.call('station.info', {});
      baseline.push(performance.now() - t0);
    }

    const times: number[] = [];
    for (let i = 0; i < N; i += 1) {
      const code = `BENCH-${Date.now().toString(36)}-${i}`;
      // The page notes (on the same machine clock) when the item's workspace shows this code.
      await page.evaluate(`(() => {
        window.__shownAt = null;
        const seen = () => document.querySelector('[data-testid="item-workspace"]')?.textContent?.includes(${JSON.stringify(code)});
        const observer = new MutationObserver(() => {
          if (!seen()) return;
          window.__shownAt = performance.timeOrigin + performance.now();
          observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      })()`);
      const t0 = performance.timeOrigin + performance.now();
      await link.call('demo.injectScan', { code });
      // A function, not a string: the page's CSP allows no eval.
      await page.waitForFunction(() => (globalThis as unknown as { __shownAt: number | null }).__shownAt !== null, undefined, { timeout: VISIBLE_TIMEOUT_MS, polling: 'raf' });
      times.push(((await page.evaluate('window.__shownAt')) as number) - t0);
      await page.getByTestId('back-to-intake').click();
      await page.getByTestId('intake-screen').waitFor();
    }
    link.close();

    const ours = summarise(times);
    const base = summarise(baseline);
    return {
      bench: 'scan-to-screen',
      what: 'simulated scan (demo.injectScan over the web host) -> serial line -> station -> store -> event -> item on screen in Chromium',
      screen: ours,
      baseline: { what: 'WebSocket round trip of station.info on the same link', ...base },
      ratio: { p50: ratio(ours.p50Ms, base.p50Ms), p95: ratio(ours.p95Ms, base.p95Ms) },
    };
  } finally {
    await browser.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
