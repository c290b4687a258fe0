import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { Station } from '../src/main/core/station.ts';
import { Store } from '../src/main/store/index.ts';
import { SopLibrary } from '../src/main/core/sopLibrary.ts';
import { startWebHost } from '../src/main/hosts/web/index.ts';
import { StationSocket } from '../test/helpers/stationSocket.ts';

const MiB = 1 << 20;

async function until(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`web-load bench: gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * The web host under the two attacks of issue 10: a screen that stops reading while it asks for
 * big lists (the server's memory must stay bounded and the screen be closed), and a screen that
 * floods intake.scan (another operator's station.info must still be answered promptly; the ratio
 * is to the same call on an idle station, measured in this run).
 */
export async function webLoadBench(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-bench-web-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  const station = new Station({ store: Store.open(path.join(dir, 'station.sqlite')), mode: 'live', version: 'bench', simulatedDevices: false, validateContract: false, protocols: new SopLibrary({ dataDir: dir }), idleCheckMs: 0 });
  station.store.transaction(() => {
    for (let i = 0; i < 500; i += 1) station.intake.scan({ code: `BENCH-LIST-${i}`, symbology: null, actor: 'bench', source: 'bench' });
  });
  const closedLines: string[] = [];
  const host = await startWebHost({ endpoint: station, rendererDir: dir, port: 0, log: (line) => closedLines.push(line) });
  const sockets: StationSocket[] = [];
  try {
    const admin = await StationSocket.open(host.url);
    sockets.push(admin);
    await admin.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '739154' });
    for (const badge of ['SCR-A', 'SCR-B']) await admin.call('operator.create', { badge, name: badge, role: 'screener', pin: '582917' });
    const login = async (badge: string) => {
      const screen = await StationSocket.open(host.url);
      sockets.push(screen);
      await screen.call('session.login', { badge, pin: '582917' });
      return screen;
    };

    // Slow reader.
    const slow = await login('SCR-A');
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    (slow.ws as unknown as { _socket: Socket })._socket.pause();
    let asked = 0;
    const slowStarted = performance.now();
    while (closedLines.length === 0 && asked < 200_000) {
      for (let i = 0; i < 32; i += 1) slow.send('intake.list', { limit: 500 });
      asked += 32;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 5));
    }
    const slowMs = performance.now() - slowStarted;
    await until('the slow screen released', () => host.load().screens === 1);
    const unsentAfter = host.load().unsentBytes;

    // Flood.
    const idle = await login('SCR-B');
    const idleMs = await timed(() => idle.call('station.info'));
    const flooder = await login('SCR-A');
    const flood = Array.from({ length: 5_000 }, (_, i) => flooder.call('intake.scan', { code: `BENCH-FLOOD-${i}` }));
    await new Promise((r) => setImmediate(r));
    const duringFloodMs = await timed(() => idle.call('station.info'));
    const results = await Promise.all(flood);

    return {
      bench: 'web-load',
      slowReader: {
        closed: closedLines.length > 0,
        callsAskedBeforeClose: asked,
        secondsToClose: Math.round(slowMs) / 1000,
        rssGrowthMiB: Math.round(((rssPeak - rssBefore) / MiB) * 10) / 10,
        unsentBytesAfterClose: unsentAfter,
      },
      flood: {
        calls: flood.length,
        acknowledged: results.filter((r) => r.ok).length,
        busy: results.filter((r) => !r.ok && r.error.code === 'BUSY').length,
        otherOperatorMs: Math.round(duringFloodMs * 10) / 10,
        idleStationMs: Math.round(idleMs * 10) / 10,
        ratioToIdle: Math.round((duringFloodMs / idleMs) * 10) / 10,
      },
    };
  } finally {
    for (const socket of sockets) socket.close();
    await host.close();
    station.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
