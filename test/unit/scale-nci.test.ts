import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeNciFrame, encodeNciCommand, nciMeasurement } from '../../src/hardware/protocols/nci.ts';
import type { NciFrame } from '../../src/hardware/protocols/nci.ts';
import { NciFramer } from '../../src/hardware/protocols/nciFraming.ts';
import { toGrams } from '../../src/hardware/protocols/scaleDecimal.ts';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

function frame(text: string): NciFrame {
  const result = decodeNciFrame(bytes(text));
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to decode: ${result.error.message}`);
  return result.frame;
}

describe('NCI / SCP-01 / SCP-12 codec', () => {
  it('encodes W, S and Z with CR', () => {
    expect([...encodeNciCommand('W')]).toEqual([0x57, 0x0d]);
    expect(Buffer.from(encodeNciCommand('S')).toString('latin1')).toBe('S\r');
    expect(Buffer.from(encodeNciCommand('Z')).toString('latin1')).toBe('Z\r');
  });

  // docs/protocols/nci.md known answer (SCP-01, "Variants").
  it('decodes the published SCP-01 frame: 1.25 lb, stable, not at zero', () => {
    const decoded = frame('\n0001.25LB\r\n00\r\x03');
    expect(decoded).toMatchObject({ kind: 'weight', value: '1.25', unit: 'lb', unitText: 'LB', resolution: '0.01', condition: 'stable' });
    expect(decoded.kind === 'weight' && decoded.status).toMatchObject({ inMotion: false, atZero: false, bytes: '30 30', range: null });
    expect(nciMeasurement(decoded)).toEqual({ condition: 'stable', value: '1.25', unit: 'lb', resolution: '0.01' });
  });

  it('accepts the SCP-12 form (no LF before, no CR after the status) and the SCP-02 `S`', () => {
    expect(frame('\n0001.25LB\r00\x03')).toMatchObject({ kind: 'weight', value: '1.25', condition: 'stable' });
    expect(frame('\n 1.250KG\r\nS00\r\x03')).toMatchObject({ kind: 'weight', value: '1.250', unit: 'kg', resolution: '0.001' });
    expect(frame('\n0001.25 LB\r00')).toMatchObject({ value: '1.25' }); // without ETX, as the framer hands it over
    expect(frame('junk\n0001.25LB\r\n00\r\x03')).toMatchObject({ value: '1.25' }); // bytes before LF dropped
  });

  it('decodes lb-oz, negative and gram weights', () => {
    const lbOz = frame('\n 2lb  3.5oz\r\n00\r\x03');
    expect(lbOz).toMatchObject({ kind: 'weight', value: '2lb 3.5oz', unit: 'lb-oz', resolution: '0.1' });
    expect(toGrams('2lb 3.5oz', 'lb-oz')).toBe(1006.4080709375); // 2 × 453.59237 + 3.5 × 28.349523125
    expect(frame('\n-0000.50LB\r\n00\r\x03')).toMatchObject({ value: '-0.50', condition: 'underZero' });
    expect(frame('\n  1250g\r\n00\r\x03')).toMatchObject({ value: '1250', unit: 'g' });
    expect(frame('\n0001.25XY\r\n00\r\x03')).toMatchObject({ unit: 'unknown' });
  });

  it.each([
    ['01', 'inMotion', { inMotion: true }],
    ['02', 'stableAtZero', { atZero: true }],
    ['04', 'fault', { ramError: true }],
    ['08', 'fault', { eepromError: true }],
    ['10', 'underZero', { underCapacity: true }],
    ['20', 'overCapacity', { overCapacity: true }],
    ['40', 'fault', { romError: true }],
    ['80', 'needsCalibration', { faultyCalibration: true }],
  ])('status bits %s -> %s', (bits, condition, flags) => {
    // bits given as two hex digits: high nibble = byte 2 bits 0-3, low nibble = byte 1 bits 0-3
    const n = parseInt(bits, 16);
    const status = String.fromCharCode(0x30 | (n & 0x0f), 0x30 | (n >> 4));
    const decoded = frame(`\n0001.25LB\r\n${status}\r\x03`);
    expect(decoded).toMatchObject({ condition, status: flags });
  });

  it('reads the optional third byte and masks the parity bit', () => {
    expect(frame('\n0001.25LB\r\n0p7\r\x03')).toMatchObject({ status: { range: 3, net: true, initialZeroError: false }, condition: 'stable' });
    expect(frame('\n0001.25LB\r\n0p8\r\x03')).toMatchObject({ status: { initialZeroError: true }, condition: 'needsRezero' });
    // 0xB0 is '0' with even parity in bit 7; 0x83 is ETX with parity.
    expect(decodeNciFrame(Uint8Array.from([0x0a, ...bytes('0001.25LB'), 0x0d, 0x0a, 0xb1, 0xb0, 0x8d, 0x83]))).toMatchObject({
      ok: true,
      frame: { condition: 'inMotion', status: { bytes: '31 30' } },
    });
  });

  it('decodes status-only replies, `?` and non-numeric displays', () => {
    expect(frame('\n00\r\x03')).toMatchObject({ kind: 'status', condition: 'stable' });
    expect(frame('\n20\r\x03')).toMatchObject({ kind: 'status', condition: 'stableAtZero', status: { atZero: true } });
    expect(frame('\n?\r\x03')).toEqual({ kind: 'unrecognized' });
    const display = frame('\n-------LB\r\n02\r\x03');
    expect(display).toMatchObject({ kind: 'display', text: '-------LB', condition: 'overCapacity' });
    expect(nciMeasurement(display)).toEqual({ condition: 'overCapacity', value: null, unit: 'unknown', resolution: null });
    expect(nciMeasurement(frame('\n00\r\x03'))).toBeNull();
  });

  it.each([
    ['', 'syntax'],
    ['0001.25LB\r00\r\x03', 'syntax'], // no LF anywhere
    ['\n0001.25LB\r\n\r\x03', 'status'],
    ['\n0001.25LB\r\nA0\r\x03', 'status'],
    ['\n0001.25LB\r\n0\r\x03', 'status'],
    ['\n0001.25LB\r\n0p\r\x03', 'status'], // byte 2 promises a third byte
    ['\n0001.25LB\r\n000\r\x03', 'status'], // a third byte nobody announced
    ['\n0001.25LB\r\n@0\r\x03', 'status'], // byte 1 bit 6 must be clear
    ['\n\r\n00\r\x03', 'value'],
    ['\n12\u0001LB\r\n00\r\x03', 'value'],
    ['\n00\r\x03\n00\r\x03', 'syntax'],
    ['\nxyz\r\x03', 'status'],
  ])('rejects %j with %s', (text, code) => {
    expect(decodeNciFrame(bytes(text))).toMatchObject({ ok: false, error: { code } });
  });

  it('rejects frames longer than any reply', () => {
    expect(decodeNciFrame(new Uint8Array(300).fill(0x30))).toMatchObject({ ok: false, error: { code: 'length' } });
  });

  it('never throws on arbitrary bytes and rejects random garbage (fuzz)', () => {
    const alphabet = fc.constantFrom(0x0a, 0x0d, 0x03, 0x30, 0x31, 0x32, 0x70, 0x2e, 0x4c, 0x42, 0x53, 0x3f, 0x20, 0x2d, 0xb0);
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.array(alphabet, { maxLength: 30 }).map((a) => Uint8Array.from(a))), (input) => {
        const result = decodeNciFrame(input);
        if (result.ok && result.frame.kind !== 'unrecognized') {
          expect(['weight', 'display', 'status']).toContain(result.frame.kind);
        }
      }),
      { numRuns: 20_000 },
    );
    // Pure noise without a LF can never be a reply.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }).filter((b) => !b.some((x) => (x & 0x7f) === 0x0a)), (input) => {
        expect(decodeNciFrame(input).ok).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('NciFramer', () => {
  const feed = (framer: NciFramer, ...chunks: string[]): string[] =>
    chunks.flatMap((c) => framer.push(bytes(c))).map((f) => Buffer.from(f).toString('latin1'));

  it('frames on ETX across arbitrary chunks', () => {
    const framer = new NciFramer();
    expect(feed(framer, '\n0001.25LB\r', '\n00\r\x03\n?', '\r\x03')).toEqual(['\n0001.25LB\r\n00\r', '\n?\r']);
    expect(framer.pendingBytes).toBe(0);
  });

  it('treats ETX with a parity bit (0x83) as ETX', () => {
    expect(new NciFramer().push(Uint8Array.of(0x0a, 0x3f, 0x0d, 0x83))).toHaveLength(1);
  });

  it('drops an oversize frame as one parse error and resynchronises', () => {
    const framer = new NciFramer(16);
    expect(feed(framer, 'x'.repeat(40), 'y\x03\n00\r\x03')).toEqual(['\n00\r']);
    expect(framer.parseErrors).toBe(1);
    expect(framer.pendingBytes).toBeLessThanOrEqual(16);
  });

  it('is bounded and agrees with a whole-input split under any chunking (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0x03), fc.integer({ min: 0, max: 255 })), { maxLength: 200 }),
        fc.integer({ min: 1, max: 32 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (data, max, cuts) => {
          const input = Uint8Array.from(data);
          const framer = new NciFramer(max);
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
          const frames: string[] = [];
          let from = 0;
          for (const to of [...points, input.length]) {
            frames.push(...framer.push(input.subarray(from, to)).map((f) => Buffer.from(f).toString('latin1')));
            from = to;
          }
          const pieces: string[] = [];
          let current = '';
          for (const b of input) {
            if ((b & 0x7f) === 0x03) {
              pieces.push(current);
              current = '';
            } else current += String.fromCharCode(b);
          }
          expect(frames).toEqual(pieces.filter((p) => p.length <= max));
          expect(framer.parseErrors).toBe([...pieces, current].filter((p) => p.length > max).length);
          expect(framer.pendingBytes).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
