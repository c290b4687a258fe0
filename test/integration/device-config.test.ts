import { readFileSync, existsSync, writeFileSync, mkdirSync, symlinkSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import { createSocatPair, type PtyPair } from '../../src/hardware/simulators/socatPair.ts';
import { SerialScaleSimulator } from '../../src/hardware/simulators/serialScaleSimulator.ts';
import type { CommandResult, DeviceStatus } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';

let running: RunningStation | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const c of cleanups.splice(0)) await c();
});

const ok = <T>(r: CommandResult<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describe('device configuration from the admin screen', () => {
  it('validates, saves station.json (keeping the previous), audits, and restarts the devices with it', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    const scannerPair: PtyPair = await createSocatPair();
    cleanups.push(() => scannerPair.close());
    writeFileSync(path.join(dataDir, 'station.json'), JSON.stringify({ devices: { serialScanners: [{ id: 'scanner-1', name: 'Intake scanner', path: scannerPair.stationPath }] } }));
    running = await startStation({ dataDir, demo: false });
    const admin = running.endpoint.connect();
    ok(await admin.call('session.setup', { badge: 'ADMIN-1', name: 'Ada', pin: '739154' }));
    const list = async () => ok<{ devices: DeviceStatus[] }>(await admin.call('device.list', {})).devices;
    await waitFor('the configured scanner online', async () => (await list()).find((d) => d.deviceId === 'scanner-1' && d.health === 'online'));

    const bad = await admin.call('device.configure', { devices: { serialScales: [{ id: 'scale-1', name: 'Scale', path: '/dev/ttyUSB9', protocol: 'smoke-signals' }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/serialScales\[0\]|protocol/) } });
    const duplicate = await admin.call('device.configure', { devices: { serialScanners: [{ id: 'x', name: 'A', path: '/dev/a' }], serialScales: [{ id: 'x', name: 'B', path: '/dev/b', protocol: 'nci' }] } });
    expect(duplicate).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/already used/) } });

    const scalePair = await createSocatPair();
    cleanups.push(() => scalePair.close());
    const scale = new SerialScaleSimulator({ path: scalePair.devicePath, protocol: 'mt-sics' });
    await scale.open();
    cleanups.push(() => scale.close());
    const config = ok<{ devices: Record<string, unknown[]> }>(await admin.call('device.config', {})).devices;
    const next = { ...config, serialScales: [{ id: 'scale-1', name: 'Bench scale', path: scalePair.stationPath, protocol: 'mt-sics' }] };
    ok(await admin.call('device.configure', { devices: next }));

    await waitFor('the new scale online', async () => (await list()).find((d) => d.deviceId === 'scale-1' && d.health === 'online'), 10_000);
    expect((await list()).find((d) => d.deviceId === 'scanner-1')).toBeDefined();
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'station.json'), 'utf8')) as { devices: { serialScales: Array<{ id: string }> } };
    expect(saved.devices.serialScales.map((s) => s.id)).toEqual(['scale-1']);
    expect(existsSync(path.join(dataDir, 'station.json.bak'))).toBe(true);
    expect(running.station.store.audit.eventsFor('station', running.station.store.stationId).map((e) => e.kind)).toContain('devices.reconfigured');

    // Taking a device out of the configuration takes it off the device bar.
    ok(await admin.call('device.configure', { devices: { ...next, serialScanners: [] } }));
    await waitFor('the scanner gone from the device bar', async () => !(await list()).some((d) => d.deviceId === 'scanner-1'));
  });

  it('saves station.json and its .bak owner-only and atomically: a symlink planted at either name, or at the old temporary name, is replaced, never written through', async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    const outside = tempDir();
    mkdirSync(outside, { recursive: true });
    const victims = ['bak', 'tmp'].map((name) => path.join(outside, name));
    for (const victim of victims) writeFileSync(victim, 'untouched');
    const config = path.join(dataDir, 'station.json');
    writeFileSync(config, JSON.stringify({ devices: {} }), { mode: 0o600 });
    symlinkSync(victims[0]!, `${config}.bak`);
    symlinkSync(victims[1]!, `${config}.tmp`);
    running = await startStation({ dataDir, demo: false });
    const admin = running.endpoint.connect();
    ok(await admin.call('session.setup', { badge: 'ADMIN-1', name: 'Ada', pin: '739154' }));

    ok(await admin.call('device.configure', { devices: { serialScanners: [] } }));
    for (const victim of victims) expect(readFileSync(victim, 'utf8')).toBe('untouched');
    for (const file of [config, `${config}.bak`]) {
      expect(lstatSync(file).isFile()).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(`${config}.bak`, 'utf8'))).toEqual({ devices: {} });
    expect(JSON.parse(readFileSync(config, 'utf8'))).toMatchObject({ devices: { serialScanners: [] } });
  });

  it('refuses to reconfigure the simulated devices of demo mode', async () => {
    running = await startStation({ dataDir: tempDir(), demo: true });
    const admin = running.endpoint.connect();
    ok(await admin.call('session.setup', { badge: 'ADMIN-1', name: 'Ada', pin: '739154' }));
    expect(await admin.call('device.configure', { devices: {} })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(ok<{ simulated: boolean }>(await admin.call('device.config', {})).simulated).toBe(true);
  });
});
