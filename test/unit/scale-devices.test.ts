// HidScale over an in-memory HID transport fed by the HID scale simulator: the driver sees the
// same 6-byte reports a Dymo sends, with no USB device in the machine.
import { afterEach, describe, expect, it } from 'vitest';
import { ScaleReading } from '../../src/shared/contract/scale.ts';
import { HidScale } from '../../src/hardware/devices/hidScale.ts';
import type { ScaleStatus } from '../../src/hardware/devices/scaleEvents.ts';
import { HidScaleSimulator } from '../../src/hardware/simulators/hidScaleSimulator.ts';
import type { HidSimulatedUnit } from '../../src/hardware/simulators/hidScaleSimulator.ts';
import { MemoryHidTransport } from '../../src/hardware/transports/memoryHidTransport.ts';
import type { HidScaleInfo } from '../../src/hardware/transports/hidScaleDiscovery.ts';
import { waitFor } from '../helpers/wait.ts';

const INFO: HidScaleInfo = { path: 'mem:scale-0', vendorId: 0x0922, productId: 0x8003, product: 'M10', manufacturer: 'DYMO' };
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function rig(unit: HidSimulatedUnit = 'g', config: { vendorId?: number; path?: string } = {}) {
  const transport = new MemoryHidTransport();
  const simulator = new HidScaleSimulator({ transport, unit, settleSamples: 3 });
  const scale = new HidScale(
    { id: 'scale-1', name: 'Postal scale', ...config },
    { transport, discover: async () => (transport.plugged ? [INFO] : []), reconnect: { initialMs: 10, maxMs: 50 } },
  );
  const readings: ScaleReading[] = [];
  const statuses: ScaleStatus[] = [];
  scale.on('reading', (r) => readings.push(r));
  scale.on('status', (s) => statuses.push(s));
  cleanups.push(() => scale.stop(), () => simulator.dispose());
  return { transport, simulator, scale, readings, statuses };
}

async function online(scale: HidScale): Promise<void> {
  await waitFor('scale online', () => scale.status.health === 'online');
}

describe('HidScale', () => {
  it('discards the first report after open, then emits contract-shaped readings', async () => {
    const { simulator, scale, readings } = rig('oz');
    scale.start();
    await online(scale);
    expect(scale.devicePath).toBe('mem:scale-0');
    simulator.place(348.7); // 12.3 oz
    for (let i = 0; i < 5; i += 1) simulator.sendReport();
    // 5 reports sent, the first was stale and dropped.
    expect(readings).toHaveLength(4);
    for (const reading of readings) expect(ScaleReading.parse(reading)).toEqual(reading);
    expect(readings.at(-1)).toMatchObject({ deviceId: 'scale-1', condition: 'stable', value: '12.3', unit: 'oz', resolution: '0.1', grams: 348.6991344375 });
  });

  it('reports motion while a weight settles; only settled reports are stable', async () => {
    const { simulator, scale, readings } = rig('g');
    scale.start();
    await online(scale);
    simulator.sendReport(); // the stale one
    simulator.sendReport();
    expect(readings.map((r) => r.condition)).toEqual(['stableAtZero']);

    simulator.place(1234);
    for (let i = 0; i < 5; i += 1) simulator.sendReport();
    expect(readings.slice(1).map((r) => r.condition)).toEqual(['inMotion', 'inMotion', 'inMotion', 'stable', 'stable']);
    expect(readings.at(-1)).toMatchObject({ value: '1234', grams: 1234 });

    simulator.place(20_000); // over the 15 kg capacity
    for (let i = 0; i < 4; i += 1) simulator.sendReport();
    expect(readings.at(-1)?.condition).toBe('overCapacity');

    simulator.remove();
    for (let i = 0; i < 4; i += 1) simulator.sendReport();
    expect(readings.at(-1)).toMatchObject({ condition: 'stableAtZero', value: '0' });

    for (const fault of ['fault', 'needsCalibration', 'needsRezero', 'underZero'] as const) {
      simulator.setCondition(fault);
      simulator.sendReport();
      expect(readings.at(-1)?.condition).toBe(fault);
    }
    simulator.setCondition(null);

    const stable = readings.filter((r) => r.condition === 'stable');
    expect(stable.every((r) => r.value === '1234')).toBe(true);
  });

  it('zero() sends the control report and the simulator obeys it', async () => {
    const { simulator, scale, readings, transport } = rig('g');
    const written: number[][] = [];
    transport.onHostWrite((r) => written.push([...r]));
    scale.start();
    await online(scale);
    simulator.place(50);
    for (let i = 0; i < 5; i += 1) simulator.sendReport();
    expect(readings.at(-1)).toMatchObject({ condition: 'stable', value: '50' });
    expect(await scale.zero()).toEqual({ ok: true });
    expect(written).toEqual([[0x02, 0x02]]);
    expect(simulator.zeroCommands).toBe(1);
    simulator.sendReport();
    expect(readings.at(-1)).toMatchObject({ condition: 'stableAtZero', value: '0' });
    simulator.remove();
    for (let i = 0; i < 5; i += 1) simulator.sendReport();
    expect(readings.at(-1)).toMatchObject({ condition: 'underZero', value: '-50', grams: -50 });
  });

  it('goes offline on a read error and comes back online, discarding the stale report again', async () => {
    const { simulator, scale, readings, statuses, transport } = rig('g');
    scale.start();
    await online(scale);
    simulator.place(10);
    for (let i = 0; i < 5; i += 1) simulator.sendReport();
    const before = readings.length;

    transport.failRead(); // a Dymo switching itself off looks like this
    expect(scale.status.health).toBe('offline');
    expect(scale.status.detail).toMatch(/stopped answering/);
    await online(scale); // reopened by the backoff loop
    expect(transport.opens).toBe(2);
    simulator.sendReport(); // stale again: dropped
    expect(readings.length).toBe(before);
    simulator.sendReport();
    expect(readings.length).toBe(before + 1);
    expect(statuses.map((s) => s.health)).toEqual(['online', 'offline', 'online']);
  });

  it('stays offline while unplugged, and reconnects when plugged back', async () => {
    const { scale, transport } = rig('g');
    scale.start();
    await online(scale);
    transport.unplug();
    await waitFor('not-found detail', () => scale.status.detail?.includes('no HID scale') === true);
    expect(scale.status.health).toBe('offline');
    transport.plug();
    await online(scale);
    expect(await scale.zero()).toEqual({ ok: true });
  });

  it('counts garbage reports as parse errors and keeps working', async () => {
    const { simulator, scale, readings, transport } = rig('g');
    scale.start();
    await online(scale);
    simulator.sendReport();
    transport.deliver(Uint8Array.of(0x01, 0x02));
    transport.deliver(Uint8Array.of(0x03, 0x09, 0x02, 0x00, 0x01, 0x00));
    transport.deliver(Uint8Array.of(0x03, 0x04, 0x0d, 0x00, 0x01, 0x00));
    simulator.sendReport();
    expect(scale.parseErrors).toBe(3);
    expect(readings).toHaveLength(1);
  });

  it('matches the configured vendor and says when it finds nothing', async () => {
    const { scale } = rig('g', { vendorId: 0x1446 });
    scale.start();
    await waitFor('not found', () => scale.status.detail?.includes('no HID scale 1446:*') === true);
    expect(await scale.zero()).toEqual({ ok: false, reason: 'the scale is offline' });
  });

  it('reports an open failure as a fault it keeps retrying, and stop() ends it', async () => {
    const transport = new MemoryHidTransport();
    let calls = 0;
    transport.open = async () => {
      calls += 1;
      throw new Error('cannot open device with path mem:scale-0');
    };
    const scale = new HidScale({ id: 's', name: 'S' }, { transport, discover: async () => [INFO], reconnect: { initialMs: 5, maxMs: 10 } });
    scale.start();
    await waitFor('a few retries', () => calls >= 3);
    expect(scale.status.health).toBe('fault');
    expect(scale.status.detail).toMatch(/udev rule/);
    await scale.stop();
    const after = calls;
    expect(scale.status).toEqual({ deviceId: 's', health: 'offline', detail: 'stopped' });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(after);
  });

  it('rejects a bad config naming the field', () => {
    expect(() => new HidScale({ id: '', name: 'S' }, { transport: new MemoryHidTransport() })).toThrow(/id/);
    expect(() => new HidScale({ id: 's', name: 'S', vendorId: 70000 }, { transport: new MemoryHidTransport() })).toThrow(/vendorId/);
  });

  it('streams reports on an interval after start()', async () => {
    const { simulator, scale, readings } = rig('kg');
    scale.start();
    await online(scale);
    simulator.place(2500);
    simulator.start();
    const last = await waitFor('a stable reading', () => readings.find((r) => r.condition === 'stable'));
    expect(last).toMatchObject({ value: '2.500', unit: 'kg', resolution: '0.001', grams: 2500 });
    expect(readings.some((r) => r.condition === 'inMotion')).toBe(true);
  });
});
