// The MSXR/1 cabinet adapter against the simulator over real TCP on 127.0.0.1, with a real hot
// folder and image store on disk. Every wait polls with a timeout; no duration is asserted.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineProtocolCabinet } from '../../src/hardware/devices/xrayLineProtocolCabinet.ts';
import type { LineProtocolCabinetOptions } from '../../src/hardware/devices/xrayLineProtocolCabinet.ts';
import type { XrayHealth, XrayImage, XrayWarning } from '../../src/hardware/devices/xrayCabinet.ts';
import type { XrayCabinetConfigInput } from '../../src/shared/devices/xrayCabinet.ts';
import { XrayCabinetSimulator } from '../../src/hardware/simulators/xrayCabinetSimulator.ts';
import type { XrayCabinetSimulatorOptions } from '../../src/hardware/simulators/xrayCabinetSimulator.ts';
import type { CabinetStatus } from '../../src/shared/contract/xray.ts';
import { UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

interface Rig {
  sim: XrayCabinetSimulator;
  cabinet: LineProtocolCabinet;
  statuses: CabinetStatus[];
  images: XrayImage[];
  warnings: XrayWarning[];
  healths: XrayHealth[];
  hotFolder: string;
  store: string;
}

async function rig(config: Partial<XrayCabinetConfigInput> = {}, simOptions: XrayCabinetSimulatorOptions = {}, options: Partial<LineProtocolCabinetOptions> = {}): Promise<Rig> {
  const hotFolder = await tempDir('mailscreen-hot-');
  const store = join(await tempDir('mailscreen-store-'), 'images');
  const sim = new XrayCabinetSimulator({ hotFolder, ...simOptions });
  await sim.start();
  cleanups.push(() => sim.stop());
  const cabinet = new LineProtocolCabinet(
    { id: 'xray-1', name: 'Cabinet', transport: { kind: 'tcp', host: '127.0.0.1', port: sim.port }, hotFolder, heartbeatMs: 100, offlineAfterMs: 600, ...config },
    { imageStore: store, reconnect: { initialMs: 20, maxMs: 200 }, hotFolderStableMs: 60, hotFolderRescanMs: 100, claimGraceMs: 300, ...options },
  );
  const r: Rig = { sim, cabinet, statuses: [], images: [], warnings: [], healths: [], hotFolder, store };
  cabinet.on('status', (s) => r.statuses.push(s));
  cabinet.on('image', (i) => r.images.push(i));
  cabinet.on('warning', (w) => r.warnings.push(w));
  cabinet.on('health', (h) => r.healths.push(h));
  cleanups.push(() => cabinet.stop());
  return r;
}

const ready = (r: Rig): Promise<true> => waitFor('cabinet ready', () => r.cabinet.status.ready || undefined);
const scansSent = (r: Rig): string[] => r.sim.received.filter((line) => line.startsWith('SCAN'));

describe('LineProtocolCabinet against the simulator', () => {
  it('shows unknown until the cabinet reports, then exactly what it reports', async () => {
    const r = await rig();
    expect(r.cabinet.status).toMatchObject({ online: false, door: 'unknown', interlock: 'unknown', keySwitch: 'unknown', beam: 'unknown', ready: false });
    r.cabinet.start();
    await ready(r);
    expect(r.cabinet.status).toMatchObject({ deviceId: 'xray-1', online: true, door: 'closed', interlock: 'ok', keySwitch: 'on', beam: 'off', fault: null, ready: true });
    expect(r.cabinet.identity).toEqual({ model: 'SIM-XR1', serial: 'SIM0001' });
    r.sim.setDoor('open');
    await waitFor('door open shown', () => r.cabinet.status.door === 'open' || undefined);
    expect(r.cabinet.status).toMatchObject({ interlock: 'open', ready: false });
    r.sim.setFault('Tube overtemperature');
    await waitFor('fault shown', () => r.cabinet.status.fault === 'Tube overtemperature' || undefined);
    expect(r.cabinet.health).toMatchObject({ health: 'fault' });
  });

  it('never sends SCAN while the door is open, the key is off, a fault is reported or the state is unknown', async () => {
    const r = await rig();
    // Not started: nothing known.
    expect(await r.cabinet.requestScan('ITEM-0')).toMatchObject({ accepted: false, by: 'station' });
    r.cabinet.start();
    await ready(r);
    r.sim.setDoor('open');
    await waitFor('door open', () => r.cabinet.status.door === 'open' || undefined);
    expect(await r.cabinet.requestScan('ITEM-1')).toMatchObject({ accepted: false, reason: 'door-open', by: 'station' });
    r.sim.setDoor('closed');
    r.sim.setKey('off');
    await waitFor('key off', () => (r.cabinet.status.keySwitch === 'off' && r.cabinet.status.door === 'closed') || undefined);
    expect(await r.cabinet.requestScan('ITEM-2')).toMatchObject({ accepted: false, reason: 'key-off', by: 'station' });
    r.sim.setKey('on');
    r.sim.setFault('HV generator fault');
    await waitFor('fault', () => (r.cabinet.status.fault !== null && r.cabinet.status.keySwitch === 'on') || undefined);
    expect(await r.cabinet.requestScan('ITEM-3')).toMatchObject({ accepted: false, reason: 'fault', by: 'station' });
    // A status line that omits the door leaves it unknown, which blocks like open.
    r.sim.setFault(null);
    await ready(r);
    r.sim.sendRaw('STATUS interlock=ok key=on beam=off fault=-');
    await waitFor('door unknown', () => r.cabinet.status.door === 'unknown' || undefined);
    expect(await r.cabinet.requestScan('ITEM-4')).toMatchObject({ accepted: false, reason: 'door-unknown', by: 'station' });
    expect(await r.cabinet.requestScan('bad ref')).toMatchObject({ accepted: false, reason: 'invalid-ref' });
    expect(scansSent(r)).toEqual([]);
  });

  it('passes a refusal by the cabinet through', async () => {
    const r = await rig();
    r.cabinet.start();
    await ready(r);
    r.sim.setDoor('open', { report: false }); // the report is still in flight when the request goes out
    const pending = r.cabinet.requestScan('ITEM-10');
    expect(await pending).toEqual({ accepted: false, reason: 'door-open', by: 'cabinet', detail: 'Door is open' });
    expect(scansSent(r)).toEqual(['SCAN ITEM-10']);
    expect(r.cabinet.pendingScanRef).toBeNull();
  });

  it('ties the image to the pending scan, with its SHA-256, copied into the store owner-only', async () => {
    const r = await rig();
    r.cabinet.start();
    await ready(r);
    expect(await r.cabinet.requestScan('MS-2024-000123')).toEqual({ accepted: true });
    const image = await waitFor('the image', () => r.images[0]);
    expect(image).toMatchObject({ deviceId: 'xray-1', scanRef: 'MS-2024-000123' });
    const source = join(r.hotFolder, 'MS-2024-000123-1.png');
    const original = await readFile(source);
    const stored = await readFile(image.path);
    expect(stored.equals(original)).toBe(true);
    expect(image.sha256).toBe(createHash('sha256').update(original).digest('hex'));
    expect(image.bytes).toBe(original.length);
    expect(image.path).toBe(join(r.store, `${image.sha256}.png`));
    expect((await stat(image.path)).mode & 0o777).toBe(0o600);
    expect(stored.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(scansSent(r)).toEqual(['SCAN MS-2024-000123']);
    await waitFor('scan finished', () => r.cabinet.pendingScanRef === null || undefined);
    // No temporary files left behind in the store.
    expect((await readdir(r.store)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('reports an image nobody asked for as unclaimed and attaches it to nothing', async () => {
    const r = await rig();
    r.cabinet.start();
    await ready(r);
    await new Promise((resolve) => setTimeout(resolve, 150)); // let the watcher arm before the drop
    const name = await r.sim.dropImage('front-panel-1.png', true);
    const warning = await waitFor('unclaimed warning', () => r.warnings.find((w) => w.kind === 'unclaimed-image'));
    expect(warning.detail).toContain(name);
    expect(warning.scanRef).toBeNull();
    expect(warning.sha256).toBe(createHash('sha256').update(await readFile(join(r.hotFolder, name))).digest('hex'));
    expect(r.images).toEqual([]);

    // A SCAN DONE for a reference that is not pending is not attached either.
    r.sim.sendRaw(`SCAN DONE OTHER-1 ${name}`);
    await waitFor('second unclaimed', () => r.warnings.filter((w) => w.kind === 'unclaimed-image').length >= 2 || undefined);
    expect(r.images).toEqual([]);
  });

  it('shows a silent cabinet offline with everything unknown, once the configured window has passed', async () => {
    const r = await rig({ heartbeatMs: 100, offlineAfterMs: 500 });
    r.cabinet.start();
    await ready(r);
    await waitFor('a PING', () => r.sim.received.includes('PING') || undefined);
    r.sim.goSilent();
    await waitFor('offline', () => !r.cabinet.status.online || undefined, UNPLUG_NOTICED_MS);
    expect(r.cabinet.status).toMatchObject({ door: 'unknown', interlock: 'unknown', keySwitch: 'unknown', beam: 'unknown', fault: null, ready: false });
    expect(r.cabinet.health.health).toBe('offline');
    expect(await r.cabinet.requestScan('ITEM-20')).toMatchObject({ accepted: false, reason: 'offline' });
    r.sim.speakAgain();
    await ready(r);
  });

  it('rejects a cabinet that speaks another protocol version', async () => {
    const r = await rig({}, { version: 2 });
    r.cabinet.start();
    await waitFor('version fault', () => r.healths.find((h) => h.health === 'fault' && /MSXR\/2/.test(h.detail ?? '')));
    expect(r.cabinet.status.online).toBe(false);
  });

  it('goes offline and comes back across 20 simulator restarts without leaking handles', async () => {
    const r = await rig();
    r.cabinet.start();
    await ready(r);
    const counts = (): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const kind of process.getActiveResourcesInfo()) out[kind] = (out[kind] ?? 0) + 1;
      return out;
    };
    let baseline: Record<string, number> | null = null;
    for (let i = 0; i < 20; i += 1) {
      await r.sim.stop();
      await waitFor(`offline #${i}`, () => !r.cabinet.status.online || undefined);
      expect(r.cabinet.status.door).toBe('unknown');
      await r.sim.start();
      await ready(r);
      if (i === 1) baseline = counts();
    }
    const after = counts();
    for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'FSReqCallback']) {
      expect(after[kind] ?? 0, kind).toBeLessThanOrEqual((baseline?.[kind] ?? 0) + 1);
    }
    expect(after.Timeout ?? 0).toBeLessThanOrEqual((baseline?.Timeout ?? 0) + 3);
    expect(r.sim.connections).toBe(1);
  });

  it('stop() closes the connection and shows the cabinet offline', async () => {
    const r = await rig();
    r.cabinet.start();
    await ready(r);
    await r.cabinet.stop();
    expect(r.cabinet.status.online).toBe(false);
    expect(r.cabinet.health).toEqual({ deviceId: 'xray-1', health: 'offline', detail: 'stopped' });
    await waitFor('simulator sees the close', () => r.sim.connections === 0 || undefined);
  });
});
