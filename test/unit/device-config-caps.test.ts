// station.json is the site's file (and the admin screen writes it): every free-text field of a
// device is bounded before it reaches a record, an audit event, the device bar or a log line, and a
// value over the cap is refused with its field named and the cap said, never quoted back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DevicesConfig } from '../../src/hardware/manager/index.ts';
import { loadStationConfig } from '../../src/main/core/stationConfig.ts';

function stationJson(devices: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mailscreen-caps-')), 'station.json');
  writeFileSync(file, JSON.stringify({ devices }));
  return file;
}

function refusal(devices: unknown): string {
  try {
    loadStationConfig(stationJson(devices));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the station.json was accepted');
}

const scanner = { id: 'scanner-1', name: 'Intake scanner', path: '/dev/ttyACM0' };
const cabinet = { id: 'xray-1', name: 'Cabinet', transport: { kind: 'tcp', host: '192.168.10.50', port: 7070 } };
const LONG = 'A'.repeat(10_000);

describe('device config text caps', () => {
  it('refuses a 10,000-character device name in station.json, naming the field and the cap, not quoting the name', () => {
    const message = refusal({ serialScanners: [{ ...scanner, name: LONG }] });
    expect(message).toContain('station.json');
    expect(message).toMatch(/devices\.serialScanners\[0\]\.name/);
    expect(message).toMatch(/at most 80 characters/);
    expect(message.length).toBeLessThan(1000);
  });

  it('caps the names of every device class, the X-ray cabinet included', () => {
    const lists: Record<string, unknown> = {
      hidScanners: { id: 'h', name: LONG },
      hidScales: { id: 's', name: LONG },
      serialScales: { id: 's', name: LONG, path: '/dev/ttyUSB0', protocol: 'nci' },
      labelPrinters: { id: 'p', name: LONG, transport: { kind: 'tcp', host: 'zebra' } },
      xrayCabinets: { ...cabinet, name: LONG },
    };
    for (const [list, device] of Object.entries(lists)) {
      const message = refusal({ [list]: [device] });
      expect(message, list).toMatch(new RegExp(`devices\\.${list}\\[0\\]\\.name`));
      expect(message, list).toMatch(/at most 80 characters/);
      expect(message.length, list).toBeLessThan(1000);
    }
  });

  it('takes device ids of up to 64 letters, digits, ".", "_" and "-" only', () => {
    const tooLong = refusal({ serialScanners: [{ ...scanner, id: 'x'.repeat(65) }] });
    expect(tooLong).toMatch(/devices\.serialScanners\[0\]\.id/);
    expect(tooLong).toMatch(/at most 64 characters/);
    for (const id of ['scanner 1', '../etc', 'a/b', '-x', 'naïve', 'a\nb', '<script>']) {
      expect(refusal({ serialScanners: [{ ...scanner, id }] }), id).toMatch(/letters, digits/);
    }
    expect(refusal({ xrayCabinets: [{ ...cabinet, id: 'x ray' }] })).toMatch(/devices\.xrayCabinets\[0\]\.id/);
    expect(DevicesConfig.safeParse({ serialScanners: [{ ...scanner, id: 'x'.repeat(64) }] }).success).toBe(true);
  });

  it('caps paths at 4096 characters and hosts at 253, and refuses control characters in them', () => {
    const longPath = refusal({ serialScanners: [{ ...scanner, path: `/dev/${'d'.repeat(5000)}` }] });
    expect(longPath).toMatch(/devices\.serialScanners\[0\]\.path/);
    expect(longPath).toMatch(/at most 4096 characters/);
    expect(refusal({ serialScanners: [{ ...scanner, path: '/dev/tty\u0007' }] })).toMatch(/control characters/);
    expect(refusal({ labelPrinters: [{ id: 'p', name: 'P', transport: { kind: 'tcp', host: 'h'.repeat(254) } }] })).toMatch(/at most 253 characters/);
    expect(refusal({ labelPrinters: [{ id: 'p', name: 'P', transport: { kind: 'tcp', host: 'zebra; rm -rf /' } }] })).toMatch(/without spaces/);
    expect(refusal({ xrayCabinets: [{ ...cabinet, hotFolder: `/srv/${'x'.repeat(5000)}` }] })).toMatch(/xrayCabinets\[0\]\.hotFolder/);
    expect(refusal({ hidScales: [{ id: 's', name: 'S', path: 'p'.repeat(5000) }] })).toMatch(/at most 4096 characters/);
  });

  it('refuses a name with a control character: a name is one line', () => {
    expect(refusal({ serialScanners: [{ ...scanner, name: 'Intake\nscanner' }] })).toMatch(/one line/);
    expect(refusal({ xrayCabinets: [{ ...cabinet, name: 'Cab\u001b[31minet' }] })).toMatch(/xrayCabinets\[0\]\.name/);
  });

  it('accepts any one-line name of up to 80 characters (fuzz)', () => {
    const printable = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).filter((s) => s.length <= 80 && !/\p{Cc}/u.test(s));
    fc.assert(
      fc.property(printable, (name) => {
        expect(DevicesConfig.safeParse({ serialScanners: [{ ...scanner, name }], xrayCabinets: [{ ...cabinet, name }] }).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
