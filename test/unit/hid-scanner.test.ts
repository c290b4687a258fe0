import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HidScanner } from '../../src/hardware/devices/hidScanner.ts';
import type { ScannerScan } from '../../src/hardware/devices/serialScanner.ts';
import { decodeHidScannerReport, encodeHidScannerReport, HidScanAssembler, hidScannerReportsFor } from '../../src/hardware/protocols/hidScanner.ts';
import { selectHidScanners } from '../../src/hardware/transports/hidScannerDiscovery.ts';
import { MemoryHidTransport } from '../../src/hardware/transports/memoryHidTransport.ts';
import { waitFor } from '../helpers/wait.ts';

/** A report laid out by hand from docs/protocols/barcode-scanners.md (WebHID offsets + 1 for node-hid's report ID). */
function report(bytes: Record<number, number | string>): Uint8Array {
  const out = new Uint8Array(64);
  out[0] = 0x02;
  for (const [at, value] of Object.entries(bytes)) {
    if (typeof value === 'number') out[Number(at)] = value;
    else for (let i = 0; i < value.length; i += 1) out[Number(at) + i] = value.charCodeAt(i);
  }
  return out;
}

describe('HID POS scanner report', () => {
  it('decodes length, AIM identifier, data, Honeywell code ID and the more flag', () => {
    const bytes = report({ 1: 13, 2: ']E0', 5: '4006381333931', 61: 0x64, 63: 0 });
    expect(decodeHidScannerReport(bytes)).toEqual({
      ok: true,
      report: { aim: ']E0', data: new Uint8Array(Buffer.from('4006381333931')), codeId: 0x64, more: false },
    });
  });

  it('finds the identifier one byte later on devices with an extra byte first', () => {
    const decoded = decodeHidScannerReport(report({ 1: 4, 2: 0x00, 3: ']C0', 6: 'AB12' }));
    expect(decoded.ok && decoded.report.aim).toBe(']C0');
    expect(decoded.ok && Buffer.from(decoded.report.data).toString('latin1')).toBe('AB12');
  });

  it('rejects short reports, other report IDs and impossible lengths', () => {
    expect(decodeHidScannerReport(new Uint8Array(10)).ok).toBe(false);
    expect(decodeHidScannerReport(Object.assign(report({}), { 0: 0x01 })).ok).toBe(false);
    expect(decodeHidScannerReport(report({ 1: 200 })).ok).toBe(false);
  });

  it('concatenates reports until the more flag clears, and strips a trailing CR', () => {
    const payload = `\u001d0109501101530003${'X'.repeat(90)}\r`;
    const reports = hidScannerReportsFor(new Uint8Array(Buffer.from(payload, 'latin1')), ']d2', 0x77);
    expect(reports.length).toBe(2);
    expect(reports[0]?.[63]).toBe(1);
    expect(reports[1]?.[63]).toBe(0);
    const assembler = new HidScanAssembler();
    const first = decodeHidScannerReport(reports[0] ?? new Uint8Array());
    const second = decodeHidScannerReport(reports[1] ?? new Uint8Array());
    if (!first.ok || !second.ok) throw new Error('decode failed');
    expect(assembler.push(first.report)).toBeNull();
    expect(assembler.push(second.report)).toEqual({ data: payload.slice(0, -1), aim: ']d2', symbology: 'GS1 DataMatrix', codeId: 0x77 });
  });

  it('names the symbology from the Honeywell code ID when there is no identifier', () => {
    const decoded = decodeHidScannerReport(encodeHidScannerReport({ data: new Uint8Array(Buffer.from('123')), codeId: 0x6a }));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(new HidScanAssembler().push(decoded.report)).toMatchObject({ aim: null, symbology: 'Code 128', data: '123' });
  });

  it('never throws on arbitrary reports, and round-trips what it encodes (fuzz, 10,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 70 }), fc.uint8Array({ maxLength: 200 }), (raw, data) => {
        const assembler = new HidScanAssembler();
        const decoded = decodeHidScannerReport(raw);
        if (decoded.ok) assembler.push(decoded.report);
        const fresh = new HidScanAssembler();
        let out = null;
        for (const r of hidScannerReportsFor(data, ']C0')) {
          const d = decodeHidScannerReport(r);
          expect(d.ok).toBe(true);
          if (d.ok) out = fresh.push(d.report);
        }
        const expected = data.at(-1) === 0x0d ? data.subarray(0, -1) : data;
        expect(out).toMatchObject({ data: String.fromCharCode(...expected), aim: ']C0' });
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('HID scanner discovery', () => {
  it('selects usage page 0x8C usage 0x02 only', () => {
    expect(
      selectHidScanners([
        { path: '/dev/hidraw1', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 0x02, product: 'Voyager' },
        { path: '/dev/hidraw2', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x01, usage: 0x06 },
        { path: '/dev/hidraw3', vendorId: 0x0922, productId: 0x8003, usagePage: 0x8d, usage: 0x20 },
      ]),
    ).toEqual([{ path: '/dev/hidraw1', vendorId: 0x0c2e, productId: 0x0b61, product: 'Voyager', manufacturer: null }]);
  });
});

describe('HidScanner over a memory transport', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('emits scans from real report bytes and reconnects after an unplug', async () => {
    const transport = new MemoryHidTransport();
    const scanner = new HidScanner(
      { id: 'hid-scanner-1', name: 'Intake' },
      { transport, discover: async () => [{ path: '/dev/hidraw1', vendorId: 0x0c2e, productId: 1, product: null, manufacturer: null }], reconnect: { initialMs: 10, maxMs: 50 } },
    );
    stops.push(() => scanner.stop());
    const scans: ScannerScan[] = [];
    scanner.on('scan', (s) => scans.push(s));
    scanner.start();
    await waitFor('online', () => scanner.status.health === 'online' || undefined);
    transport.deliver(report({ 1: 18, 2: ']C0', 5: '1Z5R89390357567127', 61: 0x6a }));
    for (const r of hidScannerReportsFor(new Uint8Array(Buffer.from('\u001d00123456789012345675\r', 'latin1')), ']C1', 0x7c)) transport.deliver(r);
    transport.deliver(new Uint8Array(5)); // garbage
    expect(scans.map(({ data, aim, symbology }) => ({ data, aim, symbology }))).toEqual([
      { data: '1Z5R89390357567127', aim: ']C0', symbology: 'Code 128' },
      { data: '\u001d00123456789012345675', aim: ']C1', symbology: 'GS1-128' },
    ]);
    expect(scanner.parseErrors).toBe(1);
    transport.unplug();
    await waitFor('offline', () => scanner.status.health === 'offline' || undefined);
    transport.plug();
    await waitFor('online again', () => scanner.status.health === 'online' || undefined);
  });
});
