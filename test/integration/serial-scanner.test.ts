// The serial scanner driver against a simulated scanner over a real socat pty pair: the same
// serialport code path as a /dev/ttyACM0 scanner, including what an unplug looks like.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SerialScanner } from '../../src/hardware/devices/serialScanner.ts';
import type { ScannerScan, ScannerStatus } from '../../src/hardware/devices/serialScanner.ts';
import type { Terminator } from '../../src/hardware/protocols/lineFraming.ts';
import { ScannerSimulator } from '../../src/hardware/simulators/scannerSimulator.ts';
import { createSocatPair } from '../../src/hardware/simulators/socatPair.ts';
import type { PtyPair } from '../../src/hardware/simulators/socatPair.ts';
import { useCleanups } from '../helpers/cleanups.ts';
import { UNPLUG_NOTICED_MS, waitFor } from '../helpers/wait.ts';

const cleanups = useCleanups();

async function pair(dir?: string): Promise<PtyPair> {
  const made = await createSocatPair(dir === undefined ? {} : { dir });
  cleanups.push(() => made.close());
  return made;
}

async function simulator(path: string, terminator: Terminator = 'CR'): Promise<ScannerSimulator> {
  const sim = new ScannerSimulator({ path, terminator });
  cleanups.push(() => sim.close());
  await sim.open();
  return sim;
}

interface Recorded {
  scanner: SerialScanner;
  scans: ScannerScan[];
  statuses: ScannerStatus[];
}

function scanner(path: string, terminator: Terminator = 'CR'): Recorded {
  const device = new SerialScanner({ id: 'scanner-1', name: 'Intake scanner', path, terminator });
  const scans: ScannerScan[] = [];
  const statuses: ScannerStatus[] = [];
  device.on('scan', (scan) => scans.push(scan));
  device.on('status', (status) => statuses.push(status));
  cleanups.push(() => device.stop());
  return { scanner: device, scans, statuses };
}

async function online(rec: Recorded, timeoutMs = 5000): Promise<void> {
  await waitFor(`${rec.scanner.id} online`, () => rec.scanner.status.health === 'online', timeoutMs);
}

describe('SerialScanner over a socat pty pair', () => {
  it.each<Terminator>(['CR', 'LF', 'CRLF'])('decodes scans terminated by %s, stripping the AIM identifier', async (terminator) => {
    const ptys = await pair();
    const sim = await simulator(ptys.devicePath, terminator);
    const rec = scanner(ptys.stationPath, terminator);
    rec.scanner.start();
    await online(rec);

    await sim.scan('1Z5R89390357567127', { aim: ']C0' });
    await sim.scan('\u001d00123456789012345675', { aim: ']C1' });
    await sim.scan('4006381333931', { aim: ']E0' });
    await sim.scan('RB123456785GB', { aim: null });
    await waitFor('4 scans', () => rec.scans.length >= 4);

    expect(rec.scans.map(({ data, aim, symbology }) => ({ data, aim, symbology }))).toEqual([
      { data: '1Z5R89390357567127', aim: ']C0', symbology: 'Code 128' },
      { data: '\u001d00123456789012345675', aim: ']C1', symbology: 'GS1-128' },
      { data: '4006381333931', aim: ']E0', symbology: 'EAN-13' },
      { data: 'RB123456785GB', aim: null, symbology: null },
    ]);
    for (const scan of rec.scans) {
      expect(scan.deviceId).toBe('scanner-1');
      expect(scan.at).toBeInstanceOf(Date);
    }
    expect(rec.scanner.parseErrors).toBe(0);
  });

  it('ignores the LF of a scanner that sends CRLF while the station expects CR, and empty frames', async () => {
    const ptys = await pair();
    const sim = await simulator(ptys.devicePath, 'CRLF');
    const rec = scanner(ptys.stationPath, 'CR');
    rec.scanner.start();
    await online(rec);
    await sim.sendRaw(Buffer.from('\r\r\n', 'latin1'));
    await sim.scan('A123', { aim: ']Q1' });
    await sim.scan('B456', { aim: ']d2' });
    await waitFor('2 scans', () => rec.scans.length >= 2);
    expect(rec.scans.map((s) => [s.data, s.symbology])).toEqual([
      ['A123', 'QR Code'],
      ['B456', 'GS1 DataMatrix'],
    ]);
  });

  it('delivers a burst of 200 scans complete and in order', async () => {
    const ptys = await pair();
    const sim = await simulator(ptys.devicePath, 'CR');
    const rec = scanner(ptys.stationPath, 'CR');
    rec.scanner.start();
    await online(rec);

    const codes = Array.from({ length: 200 }, (_, i) => `9400111206206406${String(i).padStart(6, '0')}`);
    // One write, as a scanner in batch (inventory) mode would empty its memory.
    await sim.sendRaw(Buffer.concat(codes.map((code) => sim.frameFor(code, { aim: ']C0' }))));
    await waitFor('200 scans', () => rec.scans.length >= 200, 10_000);
    expect(rec.scans.map((s) => s.data)).toEqual(codes);
    expect(rec.scans.every((s) => s.symbology === 'Code 128')).toBe(true);
  });

  it('drops an oversize frame as a parse error and keeps scanning', async () => {
    const ptys = await pair();
    const sim = await simulator(ptys.devicePath, 'CR');
    const rec = scanner(ptys.stationPath, 'CR');
    rec.scanner.start();
    await online(rec);
    await sim.sendRaw(Buffer.alloc(6000, 0x41));
    await sim.scan('garbage-tail');
    await sim.scan('GOOD');
    await waitFor('the good scan', () => rec.scans.length >= 1);
    expect(rec.scans.map((s) => s.data)).toEqual(['GOOD']);
    expect(rec.scanner.parseErrors).toBe(1);
  });

  it('reports offline when unplugged and comes back when the port returns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailscreen-scanner-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));

    const first = await pair(dir);
    const firstSim = await simulator(first.devicePath);
    const rec = scanner(first.stationPath);
    rec.scanner.start();
    await online(rec);
    await firstSim.scan('BEFORE', { aim: ']C0' });
    await waitFor('the first scan', () => rec.scans.length >= 1);

    await first.close(); // unplug: socat hangs up both ends
    await waitFor('offline after unplug', () => rec.scanner.status.health === 'offline', UNPLUG_NOTICED_MS);
    expect(rec.statuses.at(-1)?.detail).toMatch(/disconnected|not found/);
    await firstSim.close();

    const second = await pair(dir);
    expect(second.stationPath).toBe(first.stationPath);
    const secondSim = await simulator(second.devicePath);
    await online(rec, 10_000); // reopened by the backoff loop, not by the test
    await secondSim.scan('AFTER', { aim: ']C0' });
    await waitFor('the scan after replug', () => rec.scans.length >= 2);
    expect(rec.scans.map((s) => s.data)).toEqual(['BEFORE', 'AFTER']);

    const healths = rec.statuses.map((s) => s.health);
    expect(healths[0]).toBe('online');
    expect(healths.at(-1)).toBe('online');
    expect(healths).toContain('offline');
    expect(healths).not.toContain('fault');
  });

  it('keeps retrying a port that does not exist yet, then opens it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mailscreen-scanner-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const rec = scanner(join(dir, 'station'));
    rec.scanner.start();
    await waitFor('a not-found status', () => rec.scanner.status.detail?.includes('not found') === true);
    expect(rec.scanner.status.health).toBe('offline');

    const ptys = await pair(dir);
    const sim = await simulator(ptys.devicePath);
    await online(rec, 10_000);
    await sim.scan('LATE');
    await waitFor('the scan', () => rec.scans.length >= 1);
    expect(rec.scans[0]?.data).toBe('LATE');
  });

  it('stop() closes the port and cancels retries', async () => {
    const ptys = await pair();
    const rec = scanner(ptys.stationPath);
    rec.scanner.start();
    await online(rec);
    await rec.scanner.stop();
    expect(rec.scanner.status).toEqual({ deviceId: 'scanner-1', health: 'offline', detail: 'stopped' });
    // The port is free again: a second opener (the exclusive lock) succeeds.
    const again = scanner(ptys.stationPath);
    again.scanner.start();
    await online(again);
  });
});

describe('SerialScanner config', () => {
  it('fills in defaults and rejects bad fields with their names', () => {
    const device = new SerialScanner({ id: 's', name: 'S', path: '/dev/ttyACM0' });
    expect(device.config).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, terminator: 'CR' });
    expect(() => new SerialScanner({ id: 's', name: 'S', path: '/dev/x', terminator: 'TAB' as 'CR' })).toThrow(/terminator/);
    expect(() => new SerialScanner({ id: '', name: 'S', path: '/dev/x' })).toThrow(/id/);
  });
});
