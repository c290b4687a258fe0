import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceManager, NO_DEVICES } from '../../src/hardware/manager/index.ts';
import { wireDevices, type DeviceWiringPorts } from '../../src/main/core/deviceWiring.ts';
import type { Station } from '../../src/main/core/station.ts';
import { memoryLog } from '../../src/main/log.ts';
import { makeStation, tempDir } from '../helpers/station.ts';

const DEVICE_EVENTS = ['health', 'scan', 'reading', 'cabinet', 'image', 'cabinetWarning', 'printer'] as const;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function stationWithDevices(): Station {
  const dir = tempDir();
  const station = makeStation({ devices: { config: NO_DEVICES, configFile: path.join(dir, 'station.json'), simulated: false, manager: { imageStore: dir } } });
  cleanups.push(() => station.shutdown());
  return station;
}

describe('device wiring', () => {
  it('gives back every subscription it made on the device manager', () => {
    const ports = { takeScan: () => undefined } as unknown as DeviceWiringPorts;
    const manager = new DeviceManager(NO_DEVICES, { imageStore: tempDir() });
    const unwire = wireDevices(ports, manager, false);
    expect(DEVICE_EVENTS.map((event) => manager.listenerCount(event))).toEqual(DEVICE_EVENTS.map(() => 1));
    unwire();
    expect(DEVICE_EVENTS.map((event) => manager.listenerCount(event))).toEqual(DEVICE_EVENTS.map(() => 0));
  });
});

describe('the composed station', () => {
  it('is built whole by its constructor: print queue, labels and devices exist before anything is set on it', () => {
    const station = stationWithDevices();
    expect(station.printQueue).not.toBeNull();
    expect(station.labels).not.toBeNull();
    expect(station.deviceSupervisor?.manager).toBeInstanceOf(DeviceManager);
    expect(station.demo).toBeNull();
  });

  it('closes on one path: the print queue and the devices it started stop, their wiring is undone, the store closes, once', async () => {
    const station = stationWithDevices();
    station.start();
    const manager = station.deviceSupervisor?.manager;
    expect(station.printQueue?.running).toBe(true);
    expect(manager?.listenerCount('scan')).toBe(1);
    await station.shutdown();
    expect(station.printQueue?.running).toBe(false);
    expect(manager?.listenerCount('scan')).toBe(0);
    expect(() => station.store.db.prepare('SELECT 1').get()).toThrow(/not open/);
    await expect(station.shutdown()).resolves.toBeUndefined();
  });

  it("says what went wrong through the Log it was given, not the console", () => {
    const log = memoryLog();
    const station = makeStation({ log });
    cleanups.push(() => station.close());
    station.bus.subscribe(() => {
      throw new Error('a broken screen');
    });
    station.bus.publish('disk.status', station.disk.status());
    expect(log.lines.join('\n')).toMatch(/^mailscreen: event listener failed for disk\.status: Error: a broken screen/);
  });
});
