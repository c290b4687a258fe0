// `npm run -s cli -- devices`: run as the admin runs it (a child process) against a temporary data
// folder; the pairing of configuration and discovery is also checked directly with fake discovery
// results, since the test machine has no scales or scanners. The udev rules are checked here too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocatPair } from '../../src/hardware/simulators/socatPair.ts';
import type { PtyPair } from '../../src/hardware/simulators/socatPair.ts';
import type { HidCandidate, SerialCandidate } from '../../src/hardware/manager/discovery.ts';
import { listDevices } from '../../src/main/cli/devicesCommand.ts';
import { StationConfig } from '../../src/main/core/stationConfig.ts';
import { runCli } from '../helpers/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let dir: string;
let pty: PtyPair;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-devices-'));
  pty = await createSocatPair();
});

afterAll(async () => {
  await pty.close();
  rmSync(dir, { recursive: true, force: true });
});

function dataDir(name: string, stationJson: string | null): string {
  const target = mkdtempSync(path.join(dir, `${name}-`));
  if (stationJson !== null) writeFileSync(path.join(target, 'station.json'), stationJson);
  return target;
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('npm run -s cli -- devices', () => {
  it('prints one line per configured device, with whether it is plugged in now, then the unconfigured candidates', () => {
    const folder = dataDir('ok', JSON.stringify({
      devices: {
        serialScanners: [{ id: 'scanner-1', name: 'Counter scanner', path: pty.stationPath }],
        serialScales: [{ id: 'scale-1', name: 'Parcel scale', path: path.join(dir, 'no-such-tty'), protocol: 'mt-sics' }],
        hidScales: [{ id: 'scale-2', name: 'Letter scale', vendorId: 0x0922, productId: 0x8003 }],
        labelPrinters: [{ id: 'printer-1', name: 'Zebra', transport: { kind: 'tcp', host: '192.0.2.10' } }],
        xrayCabinets: [{ id: 'xray-1', name: 'Cabinet', transport: { kind: 'tcp', host: '192.0.2.20', port: 7000 } }],
      },
    }));
    const result = runCli(['devices', '--data', folder]);
    expect(result.stderr).not.toMatch(/invalid|Error/);
    expect(result.status).toBe(0);
    const lines = jsonLines(result.stdout);
    const configured = lines.filter((l) => l.configured === true);
    expect(configured).toEqual([
      { configured: true, id: 'scanner-1', class: 'scanner', name: 'Counter scanner', address: pty.stationPath, connected: true },
      { configured: true, id: 'scale-2', class: 'scale', name: 'Letter scale', address: '0922:8003', connected: expect.any(Boolean) },
      { configured: true, id: 'scale-1', class: 'scale', name: 'Parcel scale', address: path.join(dir, 'no-such-tty'), connected: false },
      { configured: true, id: 'printer-1', class: 'printer', name: 'Zebra', address: '192.0.2.10:9100', connected: null },
      { configured: true, id: 'xray-1', class: 'xray', name: 'Cabinet', address: '192.0.2.20:7000', connected: null },
    ]);
    for (const candidate of lines.filter((l) => l.configured === false)) {
      expect(Object.keys(candidate).sort()).toEqual(['configured', 'kind', 'manufacturer', 'path', 'product', 'productId', 'role', 'vendorId']);
      expect(['serial', 'hid']).toContain(candidate.kind);
    }
  });

  it('says nothing is configured when there is no station.json, and still lists what is plugged in', () => {
    const result = runCli(['devices', '--data', dataDir('empty', null)]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/station\.json does not exist: no devices configured yet/);
    expect(jsonLines(result.stdout).every((l) => l.configured === false)).toBe(true);
  });

  it('refuses a station.json with a bad field, naming the file and the field (exit 2)', () => {
    const folder = dataDir('bad-field', JSON.stringify({ devices: { serialScales: [{ id: 's', name: 'S', path: '/dev/ttyUSB0', protocol: 'sma' }] } }));
    const result = runCli(['devices', '--data', folder]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(path.join(folder, 'station.json'));
    expect(result.stderr).toContain('devices.serialScales[0].protocol');
  });

  it('refuses a station.json that is not JSON, or has duplicate device ids (exit 2)', () => {
    const broken = dataDir('not-json', '{"devices": {');
    const notJson = runCli(['devices', '--data', broken]);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain(path.join(broken, 'station.json'));
    expect(notJson.stderr).toMatch(/not valid JSON/);

    const twice = dataDir('duplicate', JSON.stringify({ devices: { serialScanners: [{ id: 'x', name: 'A', path: '/dev/ttyACM0' }], serialScales: [{ id: 'x', name: 'B', path: '/dev/ttyUSB0', protocol: 'nci' }] } }));
    const duplicate = runCli(['devices', '--data', twice]);
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toMatch(/device id "x" is already used/);
  });

  it('refuses an unknown option (exit 2)', () => {
    const result = runCli(['devices', '--dat', dir]);
    expect(result.status).toBe(2);
  });
});

describe('pairing configured devices with discovered ones', () => {
  const serial = (p: string, vendorId: string | null = null, productId: string | null = null): SerialCandidate => ({
    kind: 'serial',
    path: p,
    vendorId,
    productId,
    manufacturer: null,
    serialNumber: null,
  });
  const hid = (p: string, vendorId: string, productId: string, role: HidCandidate['role'], usagePage: number | null = null): HidCandidate => ({
    kind: 'hid',
    path: p,
    vendorId,
    productId,
    manufacturer: 'ACME',
    product: 'Device',
    usagePage,
    usage: null,
    role,
  });

  it('matches HID devices by path, by VID:PID, or as the first of their role, and lists only the unclaimed ones', () => {
    const config = StationConfig.parse({
      devices: {
        hidScales: [
          { id: 'by-ids', name: 'Dymo', vendorId: 0x0922, productId: 0x8003 },
          { id: 'by-path', name: 'Mettler', path: '/dev/hidraw7' },
        ],
        hidScanners: [{ id: 'any-scanner', name: 'Scanner' }],
        serialScales: [{ id: 'mt', name: 'MT', path: '/dev/ttyUSB0', protocol: 'mt-sics' }],
      },
    });
    const lines = listDevices(config, {
      serial: [serial('/dev/ttyUSB0', '1a86', '7523'), serial('/dev/ttyACM3', '0c2e', '0b61')],
      hid: [
        hid('/dev/hidraw1', '0922', '8003', 'scale', 0x8d),
        hid('/dev/hidraw2', '0c2e', '0b87', 'scanner', 0x8c),
        hid('/dev/hidraw3', '046d', 'c31c', null), // a keyboard: not a candidate
        hid('/dev/hidraw4', '05e0', '1200', null), // a Zebra scanner in keyboard mode: worth showing
        hid('/dev/hidraw5', '0eb8', 'f000', 'scale', 0x8d),
      ],
    });
    expect(lines.filter((l) => l.configured)).toEqual([
      { configured: true, id: 'any-scanner', class: 'scanner', name: 'Scanner', address: 'first HID scanner found (usage page 0x8c)', connected: true },
      { configured: true, id: 'by-ids', class: 'scale', name: 'Dymo', address: '0922:8003', connected: true },
      { configured: true, id: 'by-path', class: 'scale', name: 'Mettler', address: '/dev/hidraw7', connected: false },
      { configured: true, id: 'mt', class: 'scale', name: 'MT', address: '/dev/ttyUSB0', connected: true },
    ]);
    expect(lines.flatMap((l) => (l.configured ? [] : [l.path]))).toEqual(['/dev/ttyACM3', '/dev/hidraw4', '/dev/hidraw5']);
    expect(lines.find((l) => !l.configured && l.path === '/dev/hidraw5')).toMatchObject({ configured: false, kind: 'hid', vendorId: '0eb8', productId: 'f000', role: 'scale' });
  });

  it('reports a USB printer by its device node and network devices as unknown', () => {
    const config = StationConfig.parse({
      devices: {
        labelPrinters: [
          { id: 'usb', name: 'Zebra USB', transport: { kind: 'usb', path: '/dev/usb/lp-not-here' } },
          { id: 'serial', name: 'Zebra serial', transport: { kind: 'serial', path: '/dev/ttyS9' } },
        ],
        xrayCabinets: [{ id: 'x', name: 'Cabinet', transport: { kind: 'serial', path: '/dev/ttyS9' } }],
      },
    });
    const lines = listDevices(config, { serial: [serial('/dev/ttyS9')], hid: [] });
    expect(lines.map((l) => (l.configured ? [l.id, l.address, l.connected] : l.path))).toEqual([
      ['usb', '/dev/usb/lp-not-here', false],
      ['serial', '/dev/ttyS9', true],
      ['x', '/dev/ttyS9', true],
    ]);
  });
});

describe('resources/udev/60-mailscreen.rules', () => {
  const RULES = readFileSync(path.join(ROOT, 'resources/udev/60-mailscreen.rules'), 'utf8');
  const rules = RULES.split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line.length > 0 && !line.startsWith('#'));

  // udev(7): match keys compare (== !=), assignment keys assign (= += -= :=).
  const MATCH_KEYS = /^(ACTION|DEVPATH|KERNEL|KERNELS|NAME|SUBSYSTEM|SUBSYSTEMS|DRIVER|DRIVERS|TAG|TAGS|ATTR\{[^}]+\}|ATTRS\{[^}]+\}|ENV\{[^}]+\})$/;
  const ASSIGN_KEYS = /^(MODE|GROUP|OWNER|SYMLINK|TAG|RUN|ENV\{[^}]+\}|OPTIONS)$/;
  const PAIR = /^([A-Z]+(?:\{[^}]+\})?)(==|!=|\+=|-=|:=|=)"([^"]*)"$/;

  function pairsOf(line: string): Array<{ key: string; op: string; value: string }> {
    return line.split(/,\s*/).map((part) => {
      const m = PAIR.exec(part.trim());
      if (!m) throw new Error(`not KEY<op>"value": ${part}`);
      return { key: m[1]!, op: m[2]!, value: m[3]! };
    });
  }

  it('has only well-formed rules: KEY==/KEY!= matches, KEY=/+= assignments, at least one of each', () => {
    expect(rules.length).toBeGreaterThan(10);
    for (const { line, number } of rules) {
      const pairs = pairsOf(line);
      const matches = pairs.filter((p) => p.op === '==' || p.op === '!=');
      const assigns = pairs.filter((p) => !(p.op === '==' || p.op === '!='));
      expect(matches.length, `line ${number}`).toBeGreaterThan(0);
      expect(assigns.length, `line ${number}`).toBeGreaterThan(0);
      for (const p of matches) expect(p.key, `line ${number}`).toMatch(MATCH_KEYS);
      for (const p of assigns) expect(p.key, `line ${number}`).toMatch(ASSIGN_KEYS);
      for (const p of pairs.filter((q) => q.key === 'ATTRS{idVendor}' || q.key === 'ATTRS{idProduct}')) {
        expect(p.value, `line ${number}: udev compares IDs as lower-case hex strings`).toMatch(/^[0-9a-f]{4}$/);
      }
      const assigned = Object.fromEntries(assigns.map((p) => [p.key, p.value]));
      expect(assigned.GROUP, `line ${number}`).toBe('mailscreen');
      expect(assigned.MODE, `line ${number}`).toBe('0660');
    }
  });

  it('covers the supported scale and scanner vendors on hidraw, USB serial and CDC ttys, CH340 and Zebra usblp', () => {
    const hidrawVendors = rules
      .map(({ line }) => pairsOf(line))
      .filter((pairs) => pairs.some((p) => p.key === 'SUBSYSTEM' && p.value === 'hidraw'))
      .map((pairs) => pairs.find((p) => p.key === 'ATTRS{idVendor}')?.value);
    for (const vid of ['0922', '6096', '1446', '2474', '7b7c', '0eb8', '0c2e', '05e0', '05f9', '23d0']) expect(hidrawVendors).toContain(vid);
    expect(RULES).toMatch(/SUBSYSTEM=="tty", KERNEL=="ttyACM\[0-9\]\*"/);
    expect(RULES).toMatch(/SUBSYSTEM=="tty", KERNEL=="ttyUSB\[0-9\]\*"/);
    expect(RULES).toMatch(/ATTRS\{idVendor\}=="1a86", ATTRS\{idProduct\}=="7523"/);
    expect(RULES).toMatch(/SUBSYSTEM=="usbmisc", KERNEL=="lp\[0-9\]\*", ATTRS\{idVendor\}=="0a5f"/);
  });
});
