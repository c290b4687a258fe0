import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/main/core/startStation.ts';
import type { DeviceStatus, EventName } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';
import { waitFor } from '../helpers/wait.ts';
import { runCli } from '../helpers/cli.ts';

let running: RunningStation | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('scanner simulator over a socat pty -> serial driver -> station -> SQLite', () => {
  it('registers a hardware scan as an item in the database, with its audit event, and tells the screen', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'station.sqlite');
    running = await startStation({ dataDir: dir, dbPath, demo: true });
    const connection = running.endpoint.connect();
    const seen: Array<{ event: EventName; payload: unknown }> = [];
    connection.onEvent((event, payload) => seen.push({ event, payload }));

    expect(await connection.call('session.setup', { badge: 'ADMIN-7', name: 'Ada', pin: '739154' })).toMatchObject({ ok: true });
    await waitFor('the simulated scanner online', async () => {
      const list = await connection.call('device.list', {});
      return list.ok && (list.value as { devices: DeviceStatus[] }).devices.some((d) => d.deviceClass === 'scanner' && d.health === 'online');
    });

    // The simulator writes `]C0` + data + CR onto the pty, exactly as a real serial scanner does.
    expect(await connection.call('demo.injectScan', { code: '1Z5R89390357567127' })).toEqual({ ok: true, value: { ok: true } });
    const changed = await waitFor('item.changed', () => seen.find((e) => e.event === 'item.changed'));
    expect(changed.payload).toMatchObject({ reason: 'received', item: { trackingNumber: '1Z5R89390357567127', carrier: 'ups', symbology: 'Code 128', mode: 'demo' } });
    await running.close();
    running = undefined;

    // What the station acknowledged is on disk, and the chain verifies from another process.
    const db = new Database(dbPath, { readonly: true });
    const rows = db.prepare('SELECT tracking_number, state, mode FROM items').all();
    const kinds = db.prepare('SELECT kind FROM audit_events ORDER BY seq').all().map((r) => (r as { kind: string }).kind);
    const audit = db.prepare("SELECT payload FROM audit_events WHERE kind = 'item.received'").get() as { payload: string };
    db.close();
    expect(rows).toEqual([{ tracking_number: '1Z5R89390357567127', state: 'RECEIVED', mode: 'demo' }]);
    expect(kinds).toEqual(['station.initialized', 'operator.created', 'item.received']);
    expect(JSON.parse(audit.payload)).toMatchObject({ source: 'device:scanner-sim', symbology: 'Code 128' });
    const verify = runCli(['verify', '--db', dbPath]);
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ events: 3, ok: true, firstBadSeq: null, genesis: true, problems: [] });
  });

  it('takes a hardware scan on a locked station as a badge for the lock screen, never as an item', async () => {
    const dir = tempDir();
    running = await startStation({ dataDir: dir, demo: true });
    const connection = running.endpoint.connect();
    const badges: unknown[] = [];
    connection.onEvent((event, payload) => {
      if (event === 'scan.badge') badges.push(payload);
    });
    await waitFor('scanner online', () => running!.station.devices.list().find((d) => d.health === 'online'));
    // The demo drawer's command needs an operator too, so drive the simulator directly.
    expect(await connection.call('demo.injectScan', { code: 'NOBODY-AT-THE-STATION' })).toMatchObject({ ok: false, error: { code: 'NOT_AUTHENTICATED' } });
    await running.station.demo!.scan('NOBODY-AT-THE-STATION');
    const badge = await waitFor('the scan offered to the lock screen as a badge', () => badges[0]);
    expect(badge).toEqual({ deviceId: 'scanner-sim', code: 'NOBODY-AT-THE-STATION' });
    expect(running.station.store.items.open(10)).toEqual([]);
  });
});
