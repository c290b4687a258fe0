import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeCommand, parseHex, unescapeText } from '../../src/main/cli/decodeCommand.ts';
import { UsageError } from '../../src/main/cli/output.ts';

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: decodeCommand(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('decode command', () => {
  it('decodes a HID scale report to one JSON line', () => {
    const { code, stdout } = run(['hid-scale', '03 04 0B FF 7B 00']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({
      protocol: 'hid-scale',
      frame: { condition: 'stable', unit: 'oz', value: '12.3', resolution: '0.1' },
      measurement: { condition: 'stable', value: '12.3', unit: 'oz' },
      grams: 348.6991344375,
    });
    expect(JSON.parse(run(['hid-scale', '03', '05', '02', '00', '0A', '00']).stdout)).toMatchObject({ frame: { value: '-10' } });
  });

  it('decodes MT-SICS lines and NCI frames given as escapes or hex', () => {
    expect(JSON.parse(run(['mt-sics', 'S S     100.00 g\\r\\n']).stdout)).toMatchObject({ frame: { kind: 'weight', value: '100.00' }, grams: 100 });
    expect(JSON.parse(run(['mt-sics', 'Z A']).stdout)).toMatchObject({ frame: { kind: 'zero', outcome: 'done' }, measurement: null, grams: null });
    const nci = JSON.parse(run(['nci', '\\n0001.25LB\\r\\n00\\r\\x03']).stdout);
    expect(nci).toMatchObject({ frame: { kind: 'weight', value: '1.25', unit: 'lb', condition: 'stable' }, grams: 566.9904625 });
    expect(JSON.parse(run(['nci', '--hex', '0a 30 30 30 31 2e 32 35 4c 42 0d 0a 30 30 0d 03']).stdout)).toEqual(nci);
  });

  // Issue 12, point 17: the admin reads what an MT-SICS error or refusal means, not a bare code.
  it.each([
    ['ES', /^ES — syntax error: the scale did not recognise the command/],
    ['ET', /^ET — transmission error: .*parity error/],
    ['EL', /^EL — logical error: the scale cannot execute the command/],
    ['S I', /^S I — command understood but not executable now: the scale is busy/],
    ['S L', /^S L — command understood but not executable: a parameter is wrong/],
    ['S +', /^S \+ — overload/],
    ['S -', /^S - — underload/],
    ['SI +', /^SI \+ — overload/],
    ['Z +', /^Z \+ — the upper limit of the zero setting range is exceeded/],
  ])('decode mt-sics %j says what it means', (line, meaning) => {
    const { code, stdout } = run(['mt-sics', line]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ protocol: 'mt-sics', meaning: expect.stringMatching(meaning) });
  });

  it('gives a meaning of null where the protocol has no words for its frames', () => {
    expect(JSON.parse(run(['hid-scale', '03 04 0B FF 7B 00']).stdout)).toMatchObject({ meaning: null });
  });

  it('reports an undecodable frame on stderr with exit code 2', () => {
    const { code, stdout, stderr } = run(['hid-scale', '01 04 02 00 01 00']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/not a valid hid-scale frame \(reportId\)/);
  });

  it('throws UsageError for usage mistakes', () => {
    expect(() => run([])).toThrow(UsageError);
    expect(() => run(['hid-scale'])).toThrow(/decode needs a protocol/);
    expect(() => run(['sma', 'x'])).toThrow(/unknown protocol "sma"/);
    expect(() => run(['hid-scale', '03 0'])).toThrow(/not hex bytes/);
    expect(() => run(['nci', '\\q'])).toThrow(/unknown escape/);
  });

  it('parses hex and escapes', () => {
    expect([...parseHex('0a0B 0c')]).toEqual([10, 11, 12]);
    expect(unescapeText('a\\r\\n\\x03\\\\')).toBe('a\r\n\x03\\');
  });
});
