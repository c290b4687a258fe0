import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { CommandResult, DeviceStatus, ItemDetail, PrintJob } from '../../src/shared/contract/index.ts';
import { DEMO_DEVICE_IDS } from '../../src/hardware/simulators/demoRig.ts';
import { tempDir } from '../helpers/station.ts';
import { localToday, UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

let running: RunningStation;
let screen: StationConnection;

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

async function devices(): Promise<DeviceStatus[]> {
  return ok<{ devices: DeviceStatus[] }>(await screen.call('device.list', {}), 'device.list').devices;
}

async function health(id: string): Promise<string | undefined> {
  return (await devices()).find((d) => d.deviceId === id)?.health;
}

beforeAll(async () => {
  running = await startStation({ dataDir: tempDir(), demo: true });
  screen = running.endpoint.connect();
  const setup = ok<{ operator: { id: string } }>(await screen.call('session.setup', { badge: 'ADMIN-1', name: 'Ada Admin', pin: '739154' }), 'setup');
  ok(await screen.call('training.record', { operatorId: setup.operator.id, kind: 'xrayOperator', completedOn: '2026-01-01', expiresOn: '2099-01-01' }), 'training');
});
afterAll(async () => {
  await running?.close();
});

describe('demo mode runs every device class on its real protocol', () => {
  it('brings the simulated scanner, scale, printer and X-ray cabinet online', async () => {
    await waitFor('all four demo devices online', async () => {
      const list = await devices();
      return list.length === 4 && list.every((d) => d.health === 'online' && d.simulated);
    }, 15_000);
    expect((await devices()).map((d) => d.deviceClass).sort()).toEqual(['printer', 'scale', 'scanner', 'xray']);
  });

  it('screens a parcel: weighed on the scale, X-rayed in the cabinet with its image, cleared with a printed label', async () => {
    ok(await screen.call('demo.injectScan', { code: '1Z5R89390357567127' }), 'scan');
    const item = await waitFor('the scanned item', async () => ok<{ items: Array<{ custodyId: string }> }>(await screen.call('intake.list', {}), 'list').items[0]);
    const custodyId = item.custodyId;
    ok(await screen.call('item.setDetails', { custodyId, itemType: 'parcel', recipient: 'Legal dept.' }), 'details');

    ok(await screen.call('demo.scale', { grams: 1234 }), 'place');
    await waitFor('a stable reading', async () => {
      const r = await screen.call('item.captureWeight', { custodyId });
      return r.ok ? r : undefined;
    }, 10_000);
    const weighed = ok<{ detail: ItemDetail }>(await screen.call('item.get', { custodyId }), 'get').detail;
    expect(weighed.weights[0]).toMatchObject({ source: 'scale', grams: 1234, reading: { condition: 'stable', deviceId: DEMO_DEVICE_IDS.scale } });

    ok(await screen.call('item.inspect', { custodyId, indicators: [] }), 'inspect');
    ok(await screen.call('demo.cabinet', { door: 'open' }), 'door open');
    await waitFor('the cabinet to report its door open', async () => (await devices()).find((d) => d.deviceId === DEMO_DEVICE_IDS.cabinet)?.lastReading?.includes('door open'));
    const refused = await screen.call('xray.requestScan', { custodyId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/door/i) } });
    ok(await screen.call('demo.cabinet', { door: 'closed' }), 'door closed');
    await waitFor('the cabinet to accept a scan', async () => {
      const r = await screen.call('xray.requestScan', { custodyId });
      return r.ok ? r : undefined;
    }, 10_000);
    const live = ok<{ cabinets: Array<{ deviceId: string; door: string }>; scales: Array<{ deviceId: string; condition: string }> }>(await screen.call('device.live', {}), 'live');
    expect(live.cabinets).toEqual([expect.objectContaining({ deviceId: DEMO_DEVICE_IDS.cabinet, door: 'closed' })]);
    expect(live.scales).toEqual([expect.objectContaining({ deviceId: DEMO_DEVICE_IDS.scale })]);
    const scanned = await waitFor('the cabinet image', async () => {
      const d = ok<{ detail: ItemDetail }>(await screen.call('item.get', { custodyId }), 'get').detail;
      return d.xrayScans[0]?.imageSha256 ? d : undefined;
    }, 15_000);
    const scan = scanned.xrayScans[0]!;
    const image = ok<{ dataUrl: string; sha256: string }>(await screen.call('xray.image', { custodyId, scanId: scan.id }), 'image');
    expect(image.sha256).toBe(scan.imageSha256);
    expect(image.dataUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);

    ok(await screen.call('xray.recordVerdict', { custodyId, verdict: 'clear', findings: [] }), 'verdict');
    ok(await screen.call('item.clear', { custodyId }), 'clear');
    const job = await waitFor('the clearance label printed', async () => {
      const jobs = ok<{ jobs: PrintJob[] }>(await screen.call('print.list', {}), 'jobs').jobs;
      return jobs.find((j) => j.subject === custodyId && j.state === 'printed');
    }, 15_000);
    expect(job.template).toBe('clearance');
  });

  it('shows an unplugged device offline and brings it back', async () => {
    for (const id of [DEMO_DEVICE_IDS.scale, DEMO_DEVICE_IDS.printer, DEMO_DEVICE_IDS.scanner, DEMO_DEVICE_IDS.cabinet]) {
      ok(await screen.call('demo.plug', { deviceId: id, plugged: false }), `unplug ${id}`);
      await waitFor(`${id} offline`, async () => (await health(id)) === 'offline', UNPLUG_NOTICED_MS);
      ok(await screen.call('demo.plug', { deviceId: id, plugged: true }), `plug ${id}`);
      await waitFor(`${id} online again`, async () => (await health(id)) === 'online', 15_000);
    }
    // The outages are in the devices' health history: the dashboard's uptime shows them.
    const today = localToday();
    const stats = ok<{ deviceUptime: Array<{ deviceId: string; online: number | null; changes: number }> }>(await screen.call('dashboard.stats', { from: today, to: today }), 'dashboard');
    for (const id of Object.values(DEMO_DEVICE_IDS)) {
      const uptime = stats.deviceUptime.find((d) => d.deviceId === id);
      expect(uptime?.changes, id).toBeGreaterThanOrEqual(3);
      expect(uptime?.online, id).toBeGreaterThan(0);
      expect(uptime?.online, id).toBeLessThan(1);
    }
  });
});
