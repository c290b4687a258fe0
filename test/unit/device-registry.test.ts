// The driver registry is the one list of device kinds: station.json's `devices` lists, the
// manager's drivers, discovery's HID roles and the `devices` CLI's addresses all come from it.
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_DRIVERS, DeviceManager, DevicesConfig, locateDevice } from '../../src/hardware/manager/index.ts';
import type { DeviceHealthChange } from '../../src/hardware/manager/index.ts';
import { MemoryHidTransport } from '../../src/hardware/transports/memoryHidTransport.ts';
import { DEVICE_LIST_KEYS, DEVICE_LISTS } from '../../src/shared/devices/index.ts';

const managers: DeviceManager[] = [];
afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.stop();
});

describe('the driver registry', () => {
  it('has one driver per list of station.json, validating with the list’s own schema, in the same order', () => {
    expect(Object.keys(DEVICE_DRIVERS)).toEqual(DEVICE_LIST_KEYS);
    expect(Object.keys(DevicesConfig.parse({}))).toEqual(DEVICE_LIST_KEYS);
    for (const key of DEVICE_LIST_KEYS) expect(DEVICE_DRIVERS[key].configSchema).toBe(DEVICE_LISTS[key].schema);
  });

  it('says where each kind of device is found, for the devices CLI', () => {
    const config = DevicesConfig.parse({
      serialScanners: [{ id: 's1', name: 'Scanner', path: '/dev/ttyACM0' }],
      hidScales: [{ id: 'h1', name: 'Scale', vendorId: 0x0922 }],
      labelPrinters: [
        { id: 'p1', name: 'Zebra', transport: { kind: 'tcp', host: '10.0.0.5' } },
        { id: 'p2', name: 'Zebra USB', transport: { kind: 'usb', path: '/dev/usb/lp0' } },
      ],
      xrayCabinets: [{ id: 'x1', name: 'Cabinet', transport: { kind: 'serial', path: '/dev/ttyS1' } }],
    });
    expect(locateDevice('serialScanners', config.serialScanners[0]!)).toEqual({ link: 'serial', path: '/dev/ttyACM0' });
    expect(locateDevice('hidScales', config.hidScales[0]!)).toMatchObject({ link: 'hid', role: 'scale', selection: { vendorId: 0x0922 } });
    expect(locateDevice('labelPrinters', config.labelPrinters[0]!)).toEqual({ link: 'network', host: '10.0.0.5', port: 9100 });
    expect(locateDevice('labelPrinters', config.labelPrinters[1]!)).toEqual({ link: 'node', path: '/dev/usb/lp0' });
    expect(locateDevice('xrayCabinets', config.xrayCabinets[0]!)).toEqual({ link: 'serial', path: '/dev/ttyS1' });
  });

  it('recognizes HID scales and scanners by usage page', () => {
    const roles = Object.values(DEVICE_DRIVERS).flatMap((driver) => (driver.hid ? [[driver.hid.usagePage, driver.hid.role]] : []));
    expect(roles).toEqual([
      [0x8c, 'scanner'],
      [0x8d, 'scale'],
    ]);
  });

  it('lets the manager build, wire and look up every configured device by its class', async () => {
    const transport = new MemoryHidTransport({ plugged: false });
    const config = DevicesConfig.parse({
      hidScales: [{ id: 'scale-a', name: 'Scale A' }],
      serialScales: [{ id: 'scale-b', name: 'Scale B', protocol: 'nci', path: '/nonexistent/mailscale-test' }],
      serialScanners: [{ id: 'scan-a', name: 'Scanner', path: '/nonexistent/mailscanner-test' }],
    });
    const manager = new DeviceManager(config, {
      imageStore: '/nonexistent/images',
      hidScaleOptions: { 'scale-a': { transport, discover: async () => [] } },
      reconnect: { initialMs: 60_000, maxMs: 60_000 },
    });
    managers.push(manager);
    expect(manager.devices).toEqual([
      { id: 'scan-a', deviceClass: 'scanner', name: 'Scanner' },
      { id: 'scale-a', deviceClass: 'scale', name: 'Scale A' },
      { id: 'scale-b', deviceClass: 'scale', name: 'Scale B' },
    ]);
    expect(manager.scale()?.id).toBe('scale-a');
    expect(manager.scale('scale-b')?.id).toBe('scale-b');
    expect(manager.printer()).toBeNull();
    expect(manager.cabinet()).toBeNull();

    const health: DeviceHealthChange[] = [];
    manager.on('health', (change) => health.push(change));
    manager.start();
    await expect.poll(() => health.map((h) => h.id).sort(), { timeout: 10_000 }).toEqual(['scale-a', 'scale-b', 'scan-a']);
    expect(health.find((h) => h.id === 'scale-b')).toMatchObject({ deviceClass: 'scale', name: 'Scale B', health: 'offline', detail: expect.stringContaining('not found') });
  });
});
