import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement } from '../../src/hardware/protocols/mtSics.ts';
import { mtSicsReplyAdvice, mtSicsReplyCode, mtSicsReplyMeaning } from '../../src/hardware/protocols/mtSicsMeanings.ts';
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
          // Issue 12, point 17: any command's own refusal (`SI +`, `ZI -`, `I4 I`, `S L`) decodes too,
          // so the oracle takes `<command> <I|L|+|->`, and ZI/ZC's `S`/`D`.
          expect(line.replace(/\r\n$/, '')).toMatch(/^ *(?:(?:S|T) +[SD] +-?[\d.]+ +\S+|[A-Z][A-Z0-9]{0,7} +[IL+-]|Z +A|Z[IC] +[SD]|E[STL]) *$/);
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

// Issue 12, point 17: every error and refusal the scale can send is said in words (the MT-SICS
// reference manual's, docs/protocols/mt-sics.md "Errors and refusals"), wherever it is read.
describe('MT-SICS errors and refusals, in words', () => {
  it.each<[string, object, RegExp]>([
    ['ES', { kind: 'error', code: 'ES' }, /^ES — syntax error: the scale did not recognise the command/],
    ['ET', { kind: 'error', code: 'ET' }, /^ET — transmission error: the scale received a faulty command, for example a parity error/],
    ['EL', { kind: 'error', code: 'EL' }, /^EL — logical error: the scale cannot execute the command/],
    ['S I', { kind: 'weightRefused', reason: 'busy' }, /^S I — command understood but not executable now: the scale is busy/],
    ['S L', { kind: 'weightRefused', reason: 'notExecutable' }, /^S L — command understood but not executable: a parameter is wrong/],
    ['S +', { kind: 'weightRefused', reason: 'overload' }, /^S \+ — overload: the load is beyond the scale’s weighing range/],
    ['S -', { kind: 'weightRefused', reason: 'underload' }, /^S - — underload: .*weighing pan/],
    ['SI +', { kind: 'weightRefused', reason: 'overload', command: 'SI' }, /^SI \+ — overload/],
    ['SIR I', { kind: 'weightRefused', reason: 'busy', command: 'SIR' }, /^SIR I — command understood but not executable now/],
    ['Z I', { kind: 'zero', outcome: 'busy' }, /^Z I — command understood but not executable now/],
    ['Z +', { kind: 'zero', outcome: 'aboveRange' }, /^Z \+ — the upper limit of the zero setting range is exceeded/],
    ['Z -', { kind: 'zero', outcome: 'belowRange' }, /^Z - — the lower limit of the zero setting range is exceeded/],
    ['ZI S', { kind: 'zero', outcome: 'done', command: 'ZI' }, /^ZI A — zero set/],
    ['ZI -', { kind: 'zero', outcome: 'belowRange', command: 'ZI' }, /^ZI - — the lower limit of the zero setting range/],
    ['T I', { kind: 'tareRefused', reason: 'busy' }, /^T I — command understood but not executable now/],
    ['T +', { kind: 'tareRefused', reason: 'overload' }, /^T \+ — the upper limit of the taring range is exceeded/],
    ['TI -', { kind: 'tareRefused', reason: 'underload', command: 'TI' }, /^TI - — the lower limit of the taring range is exceeded/],
    ['I4 I', { kind: 'commandRefused', command: 'I4', reason: 'busy' }, /^I4 I — command understood but not executable now/],
    ['UPD L', { kind: 'commandRefused', command: 'UPD', reason: 'notExecutable' }, /^UPD L — command understood but not executable: a parameter is wrong/],
  ])('%s decodes and says what it means', (line, frame, words) => {
    const decoded = reply(line);
    expect(decoded).toEqual(frame);
    expect(mtSicsReplyMeaning(decoded)).toMatch(words);
    // Every refusal says what to do about it, too.
    expect(mtSicsReplyAdvice(decoded) ?? '').toMatch(line === 'ZI S' ? /^$/ : /\w{4,}/);
  });

  it('names the code as the scale sent it', () => {
    expect(mtSicsReplyCode(reply('S +'))).toBe('S +');
    expect(mtSicsReplyCode(reply('SIC1 I'))).toBe('SIC1 I');
    expect(mtSicsReplyCode(reply('EL'))).toBe('EL');
  });

  it('says what a weight is, too', () => {
    expect(mtSicsReplyMeaning(reply('S D    123.45 g'))).toBe('S D — a weight still moving (dynamic): 123.45 g');
  });

  it.each(['ZI A', 'Z S', 'S A', 'I4 X', 'S I extra', 's i', 'TOOLONGNAME I'])('still rejects %j', (line) => {
    expect(decodeMtSicsReply(line).ok).toBe(false);
  });

  it('the weight replies that refuse say nothing about the load, except overload and underload', () => {
    expect(mtSicsMeasurement(reply('S L'))).toBeNull();
    expect(mtSicsMeasurement(reply('SI +'))?.condition).toBe('overCapacity');
  });
});
