import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceManager, NO_DEVICES } from '../../src/hardware/manager/index.ts';
import { wireDevices, type DeviceWiringPorts } from '../../src/main/core/deviceWiring.ts';
import type { Station } from '../../src/main/core/station.ts';
import { memoryLog } from '../../src/main/log.ts';
import { WebhookEndpoint } from '../../src/main/notify/index.ts';
import { makeStation, tempDir } from '../helpers/station.ts';

const DEVICE_EVENTS = ['health', 'scan', 'reading', 'cabinet', 'image', 'cabinetWarning', 'printer'] as const;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function stationWithDevices(more: { webhooks?: WebhookEndpoint[] } = {}): Station {
  const dir = tempDir();
  const station = makeStation({ devices: { config: NO_DEVICES, configFile: path.join(dir, 'station.json'), simulated: false, manager: { imageStore: dir } }, ...more });
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

  it('stops its job queues together at close: two slow queues are both asked to stop before either has, the devices and the store after both', async () => {
    const station = stationWithDevices({ webhooks: [WebhookEndpoint.parse({ name: 'mailroom', url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-at-least-thirty-two-characters' })] });
    station.start();
    const events: string[] = [];
    // A slow queue: its stop is under way until the test lets it end (an attempt in progress being recorded).
    const releases: Array<() => void> = [];
    const slow = (name: string, queue: { stop(): Promise<void> }) => {
      const stop = queue.stop.bind(queue);
      queue.stop = async () => {
        events.push(`${name} stopping`);
        await new Promise<void>((resolve) => releases.push(resolve));
        await stop();
        events.push(`${name} stopped`);
      };
    };
    slow('print queue', station.printQueue!);
    slow('webhooks', station.webhooks!);
    const supervisor = station.deviceSupervisor!;
    const stopDevices = supervisor.stop.bind(supervisor);
    supervisor.stop = async () => {
      events.push('devices stopping');
      await stopDevices();
    };
    const closeStore = station.store.close.bind(station.store);
    station.store.close = () => {
      events.push('store closed');
      closeStore();
    };
    const closing = station.shutdown();
    try {
      // Nothing here ends a stop: whatever the close asks for while both are held is asked for together.
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(events.toSorted()).toEqual(['print queue stopping', 'webhooks stopping']);
    } finally {
      // Let every stop end (one asked later, after this, too): the close finishes either way.
      for (let turn = 0; turn < 3; turn += 1) {
        for (const release of releases.splice(0)) release();
        for (let tick = 0; tick < 20; tick += 1) await new Promise((resolve) => setImmediate(resolve));
      }
      await closing;
    }
    expect(events.slice(0, 2).toSorted()).toEqual(['print queue stopping', 'webhooks stopping']);
    expect(events.slice(2, 4).toSorted()).toEqual(['print queue stopped', 'webhooks stopped']);
    expect(events.slice(4)).toEqual(['devices stopping', 'store closed']);
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
