import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanGate } from '../../src/hardware/devices/xrayScanGate.ts';
import { decodeCabinetLine, decodeStationLine, encodeCabinetMessage, encodeStationCommand } from '../../src/hardware/protocols/xrayLine.ts';
import type { CabinetMessage, CabinetReport } from '../../src/hardware/protocols/xrayLine.ts';
import { encodeGrayscalePng, xrayLikePng } from '../../src/hardware/simulators/xrayPng.ts';

const SAFE: CabinetReport = { door: 'closed', interlock: 'ok', keySwitch: 'on', beam: 'off', fault: null, faultReported: true, ready: true };

describe('MSXR/1 codec: known answers', () => {
  it.each<[string, CabinetMessage]>([
    ['HELLO MSXR/1 XR-5000 SN12345', { kind: 'hello', protocol: 'MSXR', version: 1, model: 'XR-5000', serial: 'SN12345' }],
    ['STATUS door=closed interlock=ok key=on beam=off fault=- ready=yes', { kind: 'status', report: SAFE }],
    [
      'STATUS door=open interlock=open key=off beam=off fault=Tube%20overtemp',
      { kind: 'status', report: { door: 'open', interlock: 'open', keySwitch: 'off', beam: 'off', fault: 'Tube overtemp', faultReported: true, ready: null } },
    ],
    ['SCAN ACCEPTED MS-1', { kind: 'scanAccepted', ref: 'MS-1' }],
    ['SCAN REFUSED MS-1 door-open Door is open', { kind: 'scanRefused', ref: 'MS-1', code: 'door-open', text: 'Door is open' }],
    ['SCAN REFUSED MS-1 warming-up Tube warming', { kind: 'scanRefused', ref: 'MS-1', code: 'other', text: 'warming-up Tube warming' }],
    ['SCAN DONE MS-1 MS-1-0001.png', { kind: 'scanDone', ref: 'MS-1', file: 'MS-1-0001.png' }],
    ['SCAN FAILED MS-1 Exposure aborted', { kind: 'scanFailed', ref: 'MS-1', text: 'Exposure aborted' }],
    ['PONG', { kind: 'pong' }],
    ['ERR unknown command', { kind: 'error', text: 'unknown command' }],
  ])('%s', (line, message) => {
    expect(decodeCabinetLine(line)).toEqual({ ok: true, message });
  });

  it('reads missing or garbled telemetry as unknown, and an unreadable fault as a fault', () => {
    const decoded = decodeCabinetLine('STATUS door=ajar key=on future=1 fault=%ZZ');
    expect(decoded).toEqual({
      ok: true,
      message: { kind: 'status', report: { door: 'unknown', interlock: 'unknown', keySwitch: 'on', beam: 'unknown', fault: 'unreadable fault report', faultReported: true, ready: null } },
    });
    const noFault = decodeCabinetLine('STATUS door=closed interlock=ok key=on beam=off');
    expect(noFault.ok && noFault.message.kind === 'status' && noFault.message.report.faultReported).toBe(false);
  });

  it.each([
    'SCAN DONE MS-1 ../../etc/passwd',
    'SCAN DONE MS-1 /tmp/x.png',
    'SCAN DONE MS-1',
    'SCAN ACCEPTED bad/ref',
    'SCAN ACCEPTED MS-1 extra',
    'HELLO MSXR 1 a b',
    'PONG now',
    'HELLO MSXR/1 model serial\u00e9',
    'X'.repeat(600),
    '',
  ])('rejects %j', (line) => {
    expect(decodeCabinetLine(line).ok).toBe(false);
  });

  it('encodes station commands and refuses a reference that would break the line', () => {
    expect(encodeStationCommand({ kind: 'scan', ref: 'MS-2024-000001' })).toEqual({ ok: true, line: 'SCAN MS-2024-000001' });
    expect(encodeStationCommand({ kind: 'ping' })).toEqual({ ok: true, line: 'PING' });
    expect(encodeStationCommand({ kind: 'status?' })).toEqual({ ok: true, line: 'STATUS?' });
    expect(encodeStationCommand({ kind: 'scan', ref: 'A\r\nSCAN B' }).ok).toBe(false);
    expect(decodeStationLine('SCAN MS-1')).toEqual({ ok: true, message: { kind: 'scan', ref: 'MS-1' } });
    expect(decodeStationLine('SCAN').ok).toBe(false);
  });

  it('round-trips every cabinet message through encode and decode', () => {
    const messages: CabinetMessage[] = [
      { kind: 'status', report: { ...SAFE, fault: 'HV fault: 50% = bad', ready: false } },
      { kind: 'scanRefused', ref: 'R1', code: 'key-off', text: 'Key is off' },
      { kind: 'scanDone', ref: 'R1', file: 'R1.png' },
      { kind: 'hello', protocol: 'MSXR', version: 1, model: 'M', serial: 'S' },
    ];
    for (const message of messages) {
      const encoded = encodeCabinetMessage(message);
      expect(encoded.ok).toBe(true);
      if (encoded.ok) expect(decodeCabinetLine(encoded.line)).toEqual({ ok: true, message });
    }
  });
});

describe('MSXR/1 codec: fuzz', () => {
  const tokens = ['HELLO', 'STATUS', 'SCAN', 'ACCEPTED', 'REFUSED', 'DONE', 'FAILED', 'PONG', 'ERR', 'door=', 'fault=', '%', '%4', 'MSXR/1', '=', ' ', '-'];
  const lineLike = fc.array(fc.oneof(fc.constantFrom(...tokens), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 12 }).map((parts) => parts.join(''));

  it('never throws on any line, and a decoded line re-encodes to something decodable (10,000 inputs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 700 }), lineLike), (line) => {
        const cabinet = decodeCabinetLine(line);
        const station = decodeStationLine(line);
        expect(typeof cabinet.ok).toBe('boolean');
        expect(typeof station.ok).toBe('boolean');
        if (cabinet.ok) {
          const again = encodeCabinetMessage(cabinet.message);
          if (again.ok) expect(decodeCabinetLine(again.line).ok).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('scan gate', () => {
  it('lets a request out only when every field positively says safe', () => {
    expect(scanGate(SAFE, true)).toBeNull();
    expect(scanGate(SAFE, false)?.reason).toBe('offline');
    expect(scanGate(null, true)?.reason).toBe('offline');
    expect(scanGate({ ...SAFE, door: 'open' }, true)?.reason).toBe('door-open');
    expect(scanGate({ ...SAFE, door: 'unknown' }, true)?.reason).toBe('door-unknown');
    expect(scanGate({ ...SAFE, interlock: 'unknown' }, true)?.reason).toBe('interlock-unknown');
    expect(scanGate({ ...SAFE, keySwitch: 'off' }, true)?.reason).toBe('key-off');
    expect(scanGate({ ...SAFE, fault: 'x' }, true)?.reason).toBe('fault');
    expect(scanGate({ ...SAFE, faultReported: false }, true)?.reason).toBe('fault-unknown');
    expect(scanGate({ ...SAFE, beam: 'on' }, true)?.reason).toBe('beam-on');
    expect(scanGate({ ...SAFE, ready: false }, true)?.reason).toBe('not-ready');
    expect(scanGate({ ...SAFE, ready: null }, true)).toBeNull();
  });
});

describe('simulator PNG encoder', () => {
  it('writes a valid PNG signature, IHDR and IEND, deterministically', () => {
    const png = encodeGrayscalePng(2, 1, Uint8Array.of(0, 255));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(2);
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
    expect(xrayLikePng('a').equals(xrayLikePng('a'))).toBe(true);
    expect(xrayLikePng('a').equals(xrayLikePng('a', { threat: true }))).toBe(false);
  });
});
