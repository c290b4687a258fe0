// Unplug and replug, 20 times, for the device classes the other suites do not cycle: the serial
// scanner over real socat pty pairs, and the HID scanner and HID scale over MemoryHidTransport (no
// virtual HID device exists on a test machine, so the "unplug" is the read error node-hid reports).
// Every cycle must go offline (UNPLUG_NOTICED_MS says why not "within 2 s"), come back by the driver's own reconnect loop, and carry
// real device bytes again; handles must not pile up; and no device I/O may ever surface as an
// unhandled rejection or an uncaught exception.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScaleReading } from '../../src/shared/contract/scale.ts';
import { HidScale } from '../../src/hardware/devices/hidScale.ts';
import { HidScanner } from '../../src/hardware/devices/hidScanner.ts';
import type { ScaleStatus } from '../../src/hardware/devices/scaleEvents.ts';
import { SerialScanner } from '../../src/hardware/devices/serialScanner.ts';
import type { ScannerScan, ScannerStatus } from '../../src/hardware/devices/serialScanner.ts';
import { hidScannerReportsFor } from '../../src/hardware/protocols/hidScanner.ts';
import { HidScaleSimulator } from '../../src/hardware/simulators/hidScaleSimulator.ts';
import { ScannerSimulator } from '../../src/hardware/simulators/scannerSimulator.ts';
import { createSocatPair } from '../../src/hardware/simulators/socatPair.ts';
import type { HidDeviceInfo } from '../../src/hardware/transports/hidDiscovery.ts';
import { MemoryHidTransport } from '../../src/hardware/transports/memoryHidTransport.ts';
import { UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

const CYCLES = 20;
const RECONNECT = { initialMs: 20, maxMs: 200 };

// ---- no unhandled rejections, no uncaught exceptions ------------------------------------------

const escaped: string[] = [];
const onRejection = (reason: unknown): void => {
  escaped.push(`unhandledRejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
};
const onException = (err: Error): void => {
  escaped.push(`uncaughtException: ${err.stack ?? err.message}`);
};

beforeAll(() => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
});

afterAll(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
});

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  // Newest first: drivers and simulators let go of their ports before socat goes away.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // Node reports an unhandled rejection only after the microtask queue drains, and TypedEmitter
  // rethrows a listener's error on a later tick: give both a few turns of the event loop.
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(escaped.splice(0)).toEqual([]);
});

// ---- handle counts ------------------------------------------------------------------------------

type Counts = Record<string, number>;

/**
 * libuv handles and timers by kind, plus open file descriptors. The descriptors matter: a serial
 * port is polled by serialport's native code, which getActiveResourcesInfo() does not list, so a
 * tty left open on every replug shows up only in /proc/self/fd (Linux, where these tests run).
 */
function resourceCounts(): Counts {
  const counts: Counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  if (existsSync('/proc/self/fd')) counts['open file descriptors'] = readdirSync('/proc/self/fd').length;
  return counts;
}

/** Every kind of handle at most as many as in `baseline`; the message lists both on failure. */
function noMoreThan(baseline: Counts): () => true | undefined {
  return () => {
    const now = resourceCounts();
    return Object.entries(now).every(([kind, count]) => count <= (baseline[kind] ?? 0)) || undefined;
  };
}

async function expectSteady(what: string, baseline: Counts): Promise<void> {
  // Polled, not sampled once: a socket or a timer being torn down at this instant is not a leak.
  await waitFor(what, noMoreThan(baseline), 10_000).catch(() => {
    throw new Error(`${what}: handles before ${JSON.stringify(baseline)}, now ${JSON.stringify(resourceCounts())}`);
  });
}

// ---- serial scanner over socat ------------------------------------------------------------------

describe('SerialScanner unplugged and replugged', () => {
  it(`goes offline on each of ${CYCLES} unplugs, scans again after each replug, and leaks no handles`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailscreen-replug-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const beforeStart = resourceCounts();

    const scanner = new SerialScanner({ id: 'scanner-1', name: 'Intake scanner', path: join(dir, 'station') }, { reconnect: RECONNECT });
    const scans: ScannerScan[] = [];
    const statuses: ScannerStatus[] = [];
    scanner.on('scan', (scan) => scans.push(scan));
    scanner.on('status', (status) => statuses.push(status));
    cleanups.push(() => scanner.stop());
    scanner.start();

    let online: Counts | null = null;
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      // A new pair at the same link: the same /dev path coming back, as a udev symlink does on replug.
      const ptys = await createSocatPair({ dir });
      const sim = new ScannerSimulator({ path: ptys.devicePath });
      // Both closes are idempotent: registered so that a failing cycle leaves no socat behind.
      cleanups.push(() => ptys.close(), () => sim.close());
      await sim.open();
      await waitFor(`online in cycle ${cycle}`, () => scanner.status.health === 'online', 10_000);

      const code = `9400111206206406${String(cycle).padStart(6, '0')}`;
      await sim.scan(code, { aim: ']C0' });
      await waitFor(`scan in cycle ${cycle}`, () => scans.at(-1)?.data === code);
      expect(scans.at(-1)).toMatchObject({ deviceId: 'scanner-1', data: code, aim: ']C0', symbology: 'Code 128' });

      // Same moment of every cycle (port, simulator and socat open, driver idle): the first cycle
      // is the baseline, every later one must not hold more.
      if (online === null) online = resourceCounts();
      else await expectSteady(`handles in cycle ${cycle}`, online);

      const seen = statuses.length;
      await ptys.close(); // unplug: socat hangs up both ends
      await waitFor(`offline after unplug ${cycle}`, () => scanner.status.health === 'offline', UNPLUG_NOTICED_MS);
      // Noticed by the port's hangup (the event path that makes it quick), not by a later retry.
      expect(statuses.slice(seen).find((s) => s.health === 'offline')?.detail).toBe(`${join(dir, 'station')} disconnected`);
      await sim.close();
    }

    expect(scans).toHaveLength(CYCLES);
    expect(scanner.parseErrors).toBe(0);
    const healths = statuses.map((s) => s.health);
    expect(healths.filter((h) => h === 'online')).toHaveLength(CYCLES);
    expect(healths).not.toContain('fault');

    await scanner.stop();
    expect(scanner.status).toEqual({ deviceId: 'scanner-1', health: 'offline', detail: 'stopped' });
    await expectSteady('handles after stop', beforeStart);
  }, 120_000);
});

// ---- HID devices over MemoryHidTransport ---------------------------------------------------------

/**
 * Discovery as node-hid would answer it: the device is listed only while it is plugged in.
 * Even cycles fail the read with the device still listed (a scale that switched itself off and
 * on again, a USB glitch); odd cycles unplug it, so reconnect attempts find nothing until plug().
 */
function listedWhilePlugged(transport: MemoryHidTransport, info: HidDeviceInfo): () => Promise<HidDeviceInfo[]> {
  return async () => (transport.plugged ? [info] : []);
}

function pull(transport: MemoryHidTransport, cycle: number): void {
  if (cycle % 2 === 0) transport.failRead(`read error in cycle ${cycle}`);
  else transport.unplug();
}

describe('HidScanner unplugged and replugged', () => {
  it(`goes offline on each of ${CYCLES} read errors or unplugs, and scans again each time`, async () => {
    const transport = new MemoryHidTransport();
    const scanner = new HidScanner(
      { id: 'hid-scanner-1', name: 'Intake' },
      {
        transport,
        discover: listedWhilePlugged(transport, { path: '/dev/hidraw4', vendorId: 0x0c2e, productId: 0x0b61, product: 'Voyager', manufacturer: null }),
        reconnect: RECONNECT,
      },
    );
    const scans: ScannerScan[] = [];
    const statuses: ScannerStatus[] = [];
    scanner.on('scan', (scan) => scans.push(scan));
    scanner.on('status', (status) => statuses.push(status));
    cleanups.push(() => scanner.stop());

    const beforeStart = resourceCounts();
    scanner.start();
    await waitFor('online', () => scanner.status.health === 'online');
    const online = resourceCounts();

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const seen = statuses.length;
      pull(transport, cycle);
      // Read from the recorded events: after a read error the driver may be back before a poll looks.
      await waitFor(`offline after cycle ${cycle}`, () => statuses.slice(seen).some((s) => s.health === 'offline'), UNPLUG_NOTICED_MS);
      transport.plug();
      await waitFor(`online again in cycle ${cycle}`, () => scanner.status.health === 'online' && transport.isOpen);

      // Real HID POS reports: a GS1-128 read long enough to need two of them.
      const code = `\u001d0109501101530003${'7'.repeat(50)}${String(cycle).padStart(4, '0')}`;
      for (const report of hidScannerReportsFor(new Uint8Array(Buffer.from(`${code}\r`, 'latin1')), ']C1', 0x7c)) {
        expect(transport.deliver(report)).toBe(true);
      }
      expect(scans.at(-1)).toMatchObject({ deviceId: 'hid-scanner-1', data: code, aim: ']C1', symbology: 'GS1-128' });
      await expectSteady(`handles in cycle ${cycle}`, online);
    }

    expect(scans).toHaveLength(CYCLES);
    expect(scanner.parseErrors).toBe(0);
    expect(transport.opens).toBe(CYCLES + 1);
    expect(statuses.filter((s) => s.health === 'online')).toHaveLength(CYCLES + 1);
    expect(statuses.map((s) => s.health)).not.toContain('fault');

    await scanner.stop();
    expect(transport.isOpen).toBe(false);
    await expectSteady('handles after stop', beforeStart);
  });
});

describe('HidScale unplugged and replugged', () => {
  it(`goes offline on each of ${CYCLES} read errors or unplugs, and weighs again each time`, async () => {
    const transport = new MemoryHidTransport();
    const simulator = new HidScaleSimulator({ transport, unit: 'g', settleSamples: 2 });
    const scale = new HidScale(
      { id: 'scale-1', name: 'Postal scale', vendorId: 0x0922 },
      {
        transport,
        discover: listedWhilePlugged(transport, { path: 'mem:scale-0', vendorId: 0x0922, productId: 0x8003, product: 'M10', manufacturer: 'DYMO' }),
        reconnect: RECONNECT,
      },
    );
    const readings: ScaleReading[] = [];
    const statuses: ScaleStatus[] = [];
    scale.on('reading', (reading) => readings.push(reading));
    scale.on('status', (status) => statuses.push(status));
    cleanups.push(() => scale.stop(), () => simulator.dispose());

    const beforeStart = resourceCounts();
    scale.start();
    await waitFor('online', () => scale.status.health === 'online');
    const online = resourceCounts();

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const seen = statuses.length;
      pull(transport, cycle);
      await waitFor(`offline after cycle ${cycle}`, () => statuses.slice(seen).some((s) => s.health === 'offline'), UNPLUG_NOTICED_MS);
      expect(simulator.sendReport()).toBe(false); // nobody is listening while it is away
      transport.plug();
      await waitFor(`online again in cycle ${cycle}`, () => scale.status.health === 'online' && transport.isOpen);

      // Real 6-byte Scale Data Reports, one per poll, until the new load has settled.
      const grams = 100 + cycle * 37;
      simulator.place(grams);
      const stable = await waitFor(`a stable ${grams} g reading in cycle ${cycle}`, () => {
        simulator.sendReport();
        const last = readings.at(-1);
        return last?.condition === 'stable' && last.grams === grams ? last : undefined;
      });
      expect(stable).toMatchObject({ deviceId: 'scale-1', value: String(grams), unit: 'g' });
      await expectSteady(`handles in cycle ${cycle}`, online);
    }

    expect(scale.parseErrors).toBe(0);
    expect(transport.opens).toBe(CYCLES + 1);
    expect(statuses.filter((s) => s.health === 'online')).toHaveLength(CYCLES + 1);
    expect(statuses.map((s) => s.health)).not.toContain('fault');

    await scale.stop();
    expect(transport.isOpen).toBe(false);
    await expectSteady('handles after stop', beforeStart);
  });
});
