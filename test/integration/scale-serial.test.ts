// SerialScale against the serial scale simulator over a real socat pty pair, for both protocols:
// the same serialport path as a USB-serial scale on /dev/ttyUSB0, unplug included.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScaleReading } from '../../src/shared/contract/scale.ts';
import { SerialScale } from '../../src/hardware/devices/serialScale.ts';
import type { ScaleStatus } from '../../src/hardware/devices/scaleEvents.ts';
import type { SerialScaleConfigInput } from '../../src/shared/devices/serialScale.ts';
import { SerialScaleSimulator } from '../../src/hardware/simulators/serialScaleSimulator.ts';
import type { SerialScaleSimulatorOptions } from '../../src/hardware/simulators/serialScaleSimulator.ts';
import { createSocatPair } from '../../src/hardware/simulators/socatPair.ts';
import type { PtyPair } from '../../src/hardware/simulators/socatPair.ts';
import { UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  // Newest first: driver and simulator close their ports before socat goes away.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailscreen-scale-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function pair(dir?: string): Promise<PtyPair> {
  const made = await createSocatPair(dir === undefined ? {} : { dir });
  cleanups.push(() => made.close());
  return made;
}

async function simulator(options: SerialScaleSimulatorOptions): Promise<SerialScaleSimulator> {
  const sim = new SerialScaleSimulator(options);
  cleanups.push(() => sim.close());
  await sim.open();
  return sim;
}

interface Recorded {
  scale: SerialScale;
  readings: ScaleReading[];
  statuses: ScaleStatus[];
}

function scale(config: SerialScaleConfigInput): Recorded {
  const device = new SerialScale(config, { reconnect: { initialMs: 50, maxMs: 400 } });
  const readings: ScaleReading[] = [];
  const statuses: ScaleStatus[] = [];
  device.on('reading', (r) => readings.push(r));
  device.on('status', (s) => statuses.push(s));
  cleanups.push(() => device.stop());
  return { scale: device, readings, statuses };
}

const online = (rec: Recorded, timeoutMs = 5000) => waitFor(`${rec.scale.id} online`, () => rec.scale.status.health === 'online', timeoutMs);
const latest = (rec: Recorded) => rec.readings.at(-1);

type Variant = { name: string; protocol: 'mt-sics' | 'nci'; stream?: boolean; sim: Partial<SerialScaleSimulatorOptions>; unit: string; value: string };
const VARIANTS: Variant[] = [
  { name: 'MT-SICS polling SI', protocol: 'mt-sics', sim: {}, unit: 'g', value: '1234.00' },
  { name: 'MT-SICS streaming SIR', protocol: 'mt-sics', stream: true, sim: {}, unit: 'g', value: '1234.00' },
  { name: 'NCI SCP-01', protocol: 'nci', sim: { nciVariant: 'scp-01' }, unit: 'lb', value: '2.72' },
  { name: 'NCI SCP-12', protocol: 'nci', sim: { nciVariant: 'scp-12' }, unit: 'lb', value: '2.72' },
  { name: 'NCI SCP-02 in kg', protocol: 'nci', sim: { nciVariant: 'scp-02', nciUnit: 'kg' }, unit: 'kg', value: '1.234' },
  { name: 'NCI lb-oz', protocol: 'nci', sim: { nciUnit: 'lb-oz' }, unit: 'lb-oz', value: '2lb 11.5oz' },
];

function config(variant: Variant, path: string): SerialScaleConfigInput {
  return variant.protocol === 'mt-sics'
    ? { id: 'scale-1', name: 'Parcel scale', path, protocol: 'mt-sics', stream: variant.stream ?? false, pollMs: 50 }
    : { id: 'scale-1', name: 'Parcel scale', path, protocol: 'nci', pollMs: 50 };
}

describe('SerialScale over a socat pty pair', () => {
  it.each(VARIANTS)('$name: streams readings, motion then stable, zero, overload', async (variant) => {
    const ptys = await pair();
    const sim = await simulator({ path: ptys.devicePath, protocol: variant.protocol, settleSamples: 3, ...variant.sim });
    const rec = scale(config(variant, ptys.stationPath));
    rec.scale.start();
    await online(rec);
    await waitFor('readings at zero', () => latest(rec)?.condition === 'stableAtZero');

    const from = rec.readings.length;
    sim.place(1234);
    await waitFor('a stable reading', () => rec.readings.slice(from).find((r) => r.condition === 'stable'));
    const after = rec.readings.slice(from);
    const firstStable = after.findIndex((r) => r.condition === 'stable');
    expect(after.slice(0, firstStable).some((r) => r.condition === 'inMotion')).toBe(true);
    expect(after[firstStable]).toMatchObject({ deviceId: 'scale-1', value: variant.value, unit: variant.unit });
    for (const reading of rec.readings) expect(ScaleReading.parse(reading)).toEqual(reading);
    // Only settled readings are stable, and they carry the weight.
    expect(after.filter((r) => r.condition === 'stable').every((r) => r.value === variant.value)).toBe(true);

    sim.remove();
    await waitFor('back at zero', () => latest(rec)?.condition === 'stableAtZero');
    sim.place(100); // within the zeroing range (2 % of 15 kg)
    await waitFor('stable small load', () => latest(rec)?.condition === 'stable');
    expect(await rec.scale.zero()).toEqual({ ok: true });
    await waitFor('zeroed', () => latest(rec)?.condition === 'stableAtZero');
    expect(sim.commands).toContain('Z');

    sim.place(20_000);
    await waitFor('over capacity', () => latest(rec)?.condition === 'overCapacity');
    sim.remove();
    await waitFor('negative after removing the zeroed load', () => latest(rec)?.condition === 'underZero' && latest(rec)?.grams !== null);
    expect(rec.scale.parseErrors).toBe(0);
  });

  it('bounds readings by the configured capacity: 6 kg on a scale configured for 5 kg is over capacity, never stable', async () => {
    const ptys = await pair();
    // The simulated scale itself carries 15 kg, so it reports the 6 kg as a stable weight.
    const sim = await simulator({ path: ptys.devicePath, protocol: 'mt-sics' });
    const rec = scale({ id: 's', name: 'S', path: ptys.stationPath, protocol: 'mt-sics', pollMs: 50, capacityKg: 5 });
    rec.scale.start();
    await online(rec);
    sim.place(4000);
    await waitFor('4 kg stable', () => latest(rec)?.condition === 'stable' && latest(rec)?.grams === 4000);
    const from = rec.readings.length;
    sim.place(6000);
    await waitFor('6 kg settled', () => rec.readings.slice(from).filter((r) => r.condition === 'overCapacity').length >= 3);
    // (A reply already on the wire when the load changed may still say 4 kg; nothing above 5 kg is stable.)
    expect(rec.readings.slice(from).filter((r) => r.condition === 'stable' && (r.grams ?? 0) > 4000)).toEqual([]);
    expect(latest(rec)).toMatchObject({ condition: 'overCapacity', value: null, grams: null });
  });

  it('refuses to zero a load outside the zeroing range', async () => {
    const ptys = await pair();
    const sim = await simulator({ path: ptys.devicePath, protocol: 'mt-sics' });
    const rec = scale({ id: 's', name: 'S', path: ptys.stationPath, protocol: 'mt-sics', pollMs: 50 });
    rec.scale.start();
    await online(rec);
    sim.place(5000);
    await waitFor('stable', () => latest(rec)?.condition === 'stable');
    expect(await rec.scale.zero()).toEqual({ ok: false, reason: expect.stringMatching(/above the zeroing range/) });
  });

  it('counts garbage as parse errors and keeps reading', async () => {
    const ptys = await pair();
    const sim = await simulator({ path: ptys.devicePath, protocol: 'nci' });
    const rec = scale({ id: 's', name: 'S', path: ptys.stationPath, protocol: 'nci', pollMs: 50 });
    rec.scale.start();
    await online(rec);
    await sim.sendRaw('\nGARBAGE\r\n!!\r\x03');
    await sim.sendRaw(Buffer.alloc(600, 0x41));
    await sim.sendRaw('\x03');
    await waitFor('two parse errors', () => rec.scale.parseErrors >= 2);
    sim.place(500);
    await waitFor('stable', () => latest(rec)?.condition === 'stable');
    expect(rec.scale.parseErrors).toBe(2);
  });

  it('marks a silent scale offline and one speaking another protocol as a fault', async () => {
    const ptys = await pair();
    const sim = await simulator({ path: ptys.devicePath, protocol: 'mt-sics' });
    const rec = scale({ id: 's', name: 'S', path: ptys.stationPath, protocol: 'mt-sics', pollMs: 50, replyTimeoutMs: 300 });
    rec.scale.start();
    await online(rec);
    sim.setSilent(true);
    await waitFor('offline', () => rec.scale.status.health === 'offline');
    expect(rec.scale.status.detail).toMatch(/no answer from the scale/);
    expect(await rec.scale.zero()).toEqual({ ok: false, reason: 'the scale is offline' });
    sim.setSilent(false);
    await online(rec);

    // An NCI scale answers our SI with `?` frames the MT-SICS framer cannot decode.
    const ptys2 = await pair();
    await simulator({ path: ptys2.devicePath, protocol: 'nci' });
    const wrong = scale({ id: 'w', name: 'W', path: ptys2.stationPath, protocol: 'mt-sics', pollMs: 50 });
    wrong.scale.start();
    await waitFor('fault', () => wrong.scale.status.health === 'fault');
    expect(wrong.scale.status.detail).toMatch(/cannot be decoded|answered/);
  });

  it.each(['mt-sics', 'nci'] as const)('%s: survives 20 unplug/replug cycles without leaking handles', async (protocol) => {
    const dir = await tempDir();
    const resources = () => process.getActiveResourcesInfo().length;
    const baseline = resources();
    const rec = scale({ id: 'scale-1', name: 'S', path: join(dir, 'station'), protocol, pollMs: 50, replyTimeoutMs: 500 });
    rec.scale.start();

    for (let cycle = 0; cycle < 20; cycle += 1) {
      const ptys = await createSocatPair({ dir });
      const sim = new SerialScaleSimulator({ path: ptys.devicePath, protocol });
      // Both closes are idempotent: registered only so that a failing cycle leaves no socat behind.
      cleanups.push(() => ptys.close(), () => sim.close());
      await sim.open();
      await online(rec, 10_000);
      sim.place(100 + cycle);
      await waitFor(`stable reading in cycle ${cycle}`, () => latest(rec)?.condition === 'stable');

      await ptys.close(); // unplug: socat hangs up both ends
      await waitFor(`offline after unplug ${cycle}`, () => rec.scale.status.health === 'offline', UNPLUG_NOTICED_MS);
      await sim.close();
    }
    await rec.scale.stop();
    expect(rec.statuses.filter((s) => s.health === 'online')).toHaveLength(20);
    await waitFor('resources released', () => resources() <= baseline, 5000).catch(() => {
      throw new Error(`leaked handles: before ${baseline}, after ${JSON.stringify(process.getActiveResourcesInfo())}`);
    });
  }, 120_000);
});

describe('SerialScale config', () => {
  it('fills in per-protocol line defaults and rejects bad fields with their names', () => {
    const mt = new SerialScale({ id: 's', name: 'S', path: '/dev/ttyUSB0', protocol: 'mt-sics' });
    expect(mt.config).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, pollMs: 200, stream: false });
    const nci = new SerialScale({ id: 's', name: 'S', path: '/dev/ttyUSB0', protocol: 'nci' });
    expect(nci.config).toMatchObject({ baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1, pollMs: 200 });
    expect(() => new SerialScale({ id: 's', name: 'S', path: '/dev/x', protocol: 'sma' as 'nci' })).toThrow(/protocol/);
    expect(() => new SerialScale({ id: 's', name: 'S', path: '/dev/x', protocol: 'nci', pollMs: 0 })).toThrow(/pollMs/);
  });
});
