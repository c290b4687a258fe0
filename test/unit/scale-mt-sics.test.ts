import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement } from '../../src/hardware/protocols/mtSics.ts';
import type { MtSicsReply } from '../../src/hardware/protocols/mtSics.ts';

function reply(line: string): MtSicsReply {
  const result = decodeMtSicsReply(line);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(line)} to decode: ${result.error.message}`);
  return result.frame;
}

describe('MT-SICS', () => {
  it('encodes commands with CR LF', () => {
    for (const command of ['S', 'SI', 'SIR', 'Z', 'T', '@'] as const) {
      expect(Buffer.from(encodeMtSicsCommand(command)).toString('latin1')).toBe(`${command}\r\n`);
    }
  });

  // docs/protocols/mt-sics.md examples.
  it('decodes stable and dynamic weights', () => {
    expect(reply('S S     100.00 g')).toEqual({ kind: 'weight', stable: true, value: '100.00', resolution: '0.01', unitText: 'g', unit: 'g' });
    expect(reply('S D    123.45 g\r\n')).toEqual({ kind: 'weight', stable: false, value: '123.45', resolution: '0.01', unitText: 'g', unit: 'g' });
    expect(reply('S S    123.40 g')).toMatchObject({ value: '123.40' });
    expect(reply('S S     -12.5 kg')).toMatchObject({ value: '-12.5', unit: 'kg', resolution: '0.1' });
    expect(reply('S S          7 lb')).toMatchObject({ value: '7', unit: 'lb', resolution: '1' });
    expect(reply('S S      0.001 ozt')).toMatchObject({ unit: 'ozt', resolution: '0.001' });
    expect(reply('S S      1.000 GN')).toMatchObject({ unit: 'gr' });
    expect(reply('S S      1.000 PCS')).toMatchObject({ unit: 'unknown', unitText: 'PCS' });
  });

  it('maps weights to conditions; only a stable positive weight is stable', () => {
    const measure = (line: string) => mtSicsMeasurement(reply(line));
    expect(measure('S S     100.00 g')).toEqual({ condition: 'stable', value: '100.00', unit: 'g', resolution: '0.01' });
    expect(measure('S D     100.00 g')?.condition).toBe('inMotion');
    expect(measure('S S       0.00 g')?.condition).toBe('stableAtZero');
    expect(measure('S S      -0.50 g')?.condition).toBe('underZero');
    expect(measure('S D      -0.50 g')?.condition).toBe('inMotion');
    expect(measure('S +')).toEqual({ condition: 'overCapacity', value: null, unit: 'unknown', resolution: null });
    expect(measure('S -')).toEqual({ condition: 'underZero', value: null, unit: 'unknown', resolution: null });
    expect(measure('S I')).toBeNull();
    expect(measure('Z A')).toBeNull();
  });

  it('decodes refusals, zero, tare and general errors', () => {
    expect(reply('S I')).toEqual({ kind: 'weightRefused', reason: 'busy' });
    expect(reply('S +')).toEqual({ kind: 'weightRefused', reason: 'overload' });
    expect(reply('S -')).toEqual({ kind: 'weightRefused', reason: 'underload' });
    expect(reply('Z A')).toEqual({ kind: 'zero', outcome: 'done' });
    expect(reply('Z I')).toEqual({ kind: 'zero', outcome: 'busy' });
    expect(reply('Z +')).toEqual({ kind: 'zero', outcome: 'aboveRange' });
    expect(reply('Z -\r\n')).toEqual({ kind: 'zero', outcome: 'belowRange' });
    expect(reply('T S     12.00 g')).toEqual({ kind: 'tare', value: '12.00', resolution: '0.01', unitText: 'g', unit: 'g' });
    expect(reply('T I')).toEqual({ kind: 'tareRefused', reason: 'busy' });
    expect(reply('T +')).toEqual({ kind: 'tareRefused', reason: 'overload' });
    expect(reply('ES')).toEqual({ kind: 'error', code: 'ES' });
    expect(reply('ET')).toEqual({ kind: 'error', code: 'ET' });
    expect(reply('EL')).toEqual({ kind: 'error', code: 'EL' });
  });

  it.each([
    ['', 'syntax'],
    ['S', 'syntax'],
    ['S X 1.0 g', 'syntax'],
    ['S S 1.0', 'syntax'],
    ['S S abc g', 'value'],
    ['S S 1.2.3 g', 'value'],
    ['S S 1.0 g extra', 'syntax'],
    ['T D 1.0 g', 'syntax'],
    ['Z B', 'syntax'],
    ['ES ES', 'syntax'],
    ['S S  1.0\u0000 g', 'syntax'],
    ['S S  1.0 g\u00b0', 'syntax'],
  ])('rejects %j with %s', (line, code) => {
    expect(decodeMtSicsReply(line)).toMatchObject({ ok: false, error: { code } });
  });

  it('round-trips any weight line it could be sent (fuzz)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 5 }), (stable, n, decimals) => {
        const sign = n < 0 ? '-' : '';
        const digits = String(Math.abs(n)).padStart(decimals + 1, '0');
        const text = decimals ? `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : `${sign}${digits}`;
        const result = decodeMtSicsReply(`S ${stable ? 'S' : 'D'} ${text.padStart(10)} g`);
        expect(result).toMatchObject({ ok: true, frame: { kind: 'weight', stable, value: n === 0 ? text.replace('-', '') : text } });
      }),
      { numRuns: 10_000 },
    );
  });

  it('never throws on arbitrary input and rejects random garbage (fuzz)', () => {
    const nearMiss = fc.array(fc.constantFrom('S', 'D', 'I', 'Z', 'T', 'A', '+', '-', ' ', '1', '.', 'g', 'E', '\r', '\n', '\u0000'), { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), nearMiss, fc.string({ unit: 'binary', maxLength: 40 })), (line) => {
        const result = decodeMtSicsReply(line);
        if (result.ok) {
          // Whatever decodes must be a well-formed reply line. The decoder takes any run of spaces
          // between fields (it splits on / +/), so the oracle does too: `S  I` is `S I`.
          expect(line.replace(/\r\n$/, '')).toMatch(/^ *(?:(?:S|T) +[SD] +-?[\d.]+ +\S+|(?:S|T) +[I+-]|Z +[AI+-]|E[STL]) *$/);
        }
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((b) => b.some((x) => x > 0x7e || (x < 0x20 && x !== 0x0d && x !== 0x0a))), (bytes) => {
        expect(decodeMtSicsReply(Buffer.from(bytes).toString('latin1')).ok).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });
});
