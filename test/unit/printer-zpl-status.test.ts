import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkZplJob, zplExtendedStatusRequest, zplHostStatusRequest } from '../../src/hardware/protocols/zpl.ts';
import { formatExtendedStatus, parseExtendedStatus } from '../../src/hardware/protocols/zplExtendedStatus.ts';
import { formatHostStatus, HostStatusFramer, parseHostStatus } from '../../src/hardware/protocols/zplStatus.ts';
import type { HostStatus, HostStatusResult } from '../../src/hardware/protocols/zplStatus.ts';
import { conditionOf, faultsOf } from '../../src/hardware/devices/printerCondition.ts';

// docs/protocols/zpl.md ("~HS"), from Ladder99 zebra-test.js: paper out, paused and ribbon out set.
const EXAMPLE = '\x02030,1,1,1225,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n\x021234,0\x03\r\n';

const ALL_CLEAR = '\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,0,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n';

function statusOf(result: HostStatusResult): HostStatus {
  if (!result.ok) throw new Error(`expected a status, got ${result.error.code}: ${result.error.message}`);
  return result.status;
}

/** Sets field `index` (0-based) of string `line` (0-based) of a reply to `value`. */
function withField(reply: string, line: number, index: number, value: string): string {
  const strings = reply.split('\x03\r\n').slice(0, 3).map((s) => s.slice(1));
  const fields = strings[line]!.split(',');
  fields[index] = value;
  strings[line] = fields.join(',');
  return strings.map((s) => `\x02${s}\x03\r\n`).join('');
}

describe('~HS host status: known answers', () => {
  it('decodes the reference example byte for byte', () => {
    expect(statusOf(parseHostStatus(Buffer.from(EXAMPLE, 'latin1')))).toEqual({
      communicationSettings: 30,
      paperOut: true,
      paused: true,
      labelLengthDots: 1225,
      formatsInBuffer: 0,
      bufferFull: false,
      communicationsDiagnosticMode: false,
      partialFormatInProgress: false,
      corruptRam: false,
      underTemperature: false,
      overTemperature: false,
      functionSettings: 1,
      headOpen: false,
      ribbonOut: true,
      thermalTransferMode: true,
      printMode: 2,
      printWidthMode: 6,
      labelWaiting: false,
      labelsRemaining: 100,
      formatWhilePrinting: true,
      graphicsStored: 0,
      password: '1234',
      staticRamInstalled: false,
    } satisfies HostStatus);
  });

  it('formats the example back to the same bytes', () => {
    const status = statusOf(parseHostStatus(EXAMPLE));
    expect(Buffer.from(formatHostStatus(status)).toString('latin1')).toBe(EXAMPLE);
  });

  it('accepts the last string without its CR LF', () => {
    expect(parseHostStatus(EXAMPLE.slice(0, -2)).ok).toBe(true);
  });

  const flags: Array<[string, number, number, keyof HostStatus]> = [
    ['paper out', 0, 1, 'paperOut'],
    ['pause', 0, 2, 'paused'],
    ['buffer full', 0, 5, 'bufferFull'],
    ['comms diagnostic mode', 0, 6, 'communicationsDiagnosticMode'],
    ['partial format', 0, 7, 'partialFormatInProgress'],
    ['corrupt RAM', 0, 9, 'corruptRam'],
    ['under temperature', 0, 10, 'underTemperature'],
    ['over temperature', 0, 11, 'overTemperature'],
    ['head up', 1, 2, 'headOpen'],
    ['ribbon out', 1, 3, 'ribbonOut'],
    ['thermal transfer', 1, 4, 'thermalTransferMode'],
    ['label waiting', 1, 7, 'labelWaiting'],
    ['format while printing', 1, 9, 'formatWhilePrinting'],
    ['static RAM', 2, 1, 'staticRamInstalled'],
  ];

  it.each(flags)('reads the %s flag on its own', (_name, line, index, key) => {
    const on = statusOf(parseHostStatus(withField(ALL_CLEAR, line, index, '1')));
    const off = statusOf(parseHostStatus(withField(ALL_CLEAR, line, index, '0')));
    expect(on[key]).toBe(true);
    expect(off[key]).toBe(false);
    // Exactly one field differs between the two.
    const changed = (Object.keys(on) as Array<keyof HostStatus>).filter((k) => on[k] !== off[k]);
    expect(changed).toEqual([key]);
  });

  it('reads the numeric fields', () => {
    let reply = withField(ALL_CLEAR, 0, 4, '007');
    reply = withField(reply, 0, 3, '0406');
    reply = withField(reply, 1, 8, '00001234');
    reply = withField(reply, 1, 5, '3');
    reply = withField(reply, 1, 10, '012');
    const status = statusOf(parseHostStatus(reply));
    expect(status).toMatchObject({ formatsInBuffer: 7, labelLengthDots: 406, labelsRemaining: 1234, printMode: 3, graphicsStored: 12 });
  });

  it('maps to the contract condition and names faults in operator words', () => {
    const condition = conditionOf(statusOf(parseHostStatus(EXAMPLE)));
    expect(condition).toEqual({
      paperOut: true,
      paused: true,
      headOpen: false,
      ribbonOut: true,
      headTooHot: false,
      underTemperature: false,
      bufferFull: false,
      corruptRam: false,
      formatsInBuffer: 0,
      labelsRemaining: 100,
    });
    expect(faultsOf(condition)).toEqual(['Paper out — load labels', 'Ribbon out — load a new ribbon', 'Paused — press PAUSE on the printer to resume']);
    expect(faultsOf(conditionOf(statusOf(parseHostStatus(ALL_CLEAR))))).toEqual([]);
  });
});

describe('~HS host status: refusals are values', () => {
  it.each([
    ['empty input', '', 'framing'],
    ['two strings', EXAMPLE.split('\r\n').slice(0, 2).join('\r\n') + '\r\n', 'framing'],
    ['text outside the strings', `x${EXAMPLE}`, 'framing'],
    ['missing ETX', EXAMPLE.replace('\x03', ''), 'framing'],
    ['a field too few', withField(EXAMPLE, 0, 11, '0').replace(',0,0,0\x03', ',0,0\x03'), 'field-count'],
    ['a flag of 2', withField(EXAMPLE, 0, 1, '2'), 'bad-field'],
    ['a letter in a number', withField(EXAMPLE, 0, 4, '0a0'), 'bad-field'],
    ['an empty number', withField(EXAMPLE, 1, 8, ''), 'bad-field'],
  ])('%s', (_name, input, code) => {
    const result = parseHostStatus(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message.length).toBeGreaterThan(0);
    }
  });
});

describe('HostStatusFramer', () => {
  it('assembles a reply split at every possible byte', () => {
    const bytes = Buffer.from(EXAMPLE, 'latin1');
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const framer = new HostStatusFramer();
      const results = [...framer.push(bytes.subarray(0, cut)), ...framer.push(bytes.subarray(cut))];
      expect(results).toHaveLength(1);
      expect(statusOf(results[0]!).paperOut).toBe(true);
    }
  });

  it('assembles a reply fed one byte at a time, then the next one', () => {
    const framer = new HostStatusFramer();
    const results: HostStatusResult[] = [];
    for (const byte of Buffer.from(EXAMPLE + ALL_CLEAR, 'latin1')) results.push(...framer.push(Uint8Array.of(byte)));
    expect(results.map((r) => statusOf(r).paperOut)).toEqual([true, false]);
  });

  it('resynchronises on the next reply after a lost string', () => {
    const framer = new HostStatusFramer();
    const lost = EXAMPLE.split('\r\n').slice(1).join('\r\n'); // strings 2 and 3 only
    const results = framer.push(Buffer.from(lost + ALL_CLEAR, 'latin1'));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'out-of-sequence')).toBe(true);
    expect(statusOf(results.find((r) => r.ok)!).paperOut).toBe(false);
  });

  it('reports a reply cut off by the next one, then parses the next', () => {
    const framer = new HostStatusFramer();
    const first = EXAMPLE.split('\r\n')[0]! + '\r\n';
    const results = framer.push(Buffer.from(first + ALL_CLEAR, 'latin1'));
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['out-of-sequence', 'ok']);
  });

  it('drops an overlong string and recovers', () => {
    const framer = new HostStatusFramer();
    const results = framer.push(Buffer.concat([Buffer.from('\x02'), Buffer.alloc(10_000, 0x31), Buffer.from('\x03'), Buffer.from(EXAMPLE, 'latin1')]));
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['framing', 'ok']);
  });

  it('forgets a partial reply on reset()', () => {
    const framer = new HostStatusFramer();
    framer.push(Buffer.from(EXAMPLE.slice(0, 40), 'latin1'));
    framer.reset();
    expect(framer.push(Buffer.from(EXAMPLE, 'latin1')).map((r) => r.ok)).toEqual([true]);
  });
});

describe('~HS fuzzing: never throws', () => {
  const anyStatus = fc.record({
    communicationSettings: fc.integer({ min: 0, max: 999 }),
    paperOut: fc.boolean(),
    paused: fc.boolean(),
    labelLengthDots: fc.integer({ min: 0, max: 9999 }),
    formatsInBuffer: fc.integer({ min: 0, max: 999 }),
    bufferFull: fc.boolean(),
    communicationsDiagnosticMode: fc.boolean(),
    partialFormatInProgress: fc.boolean(),
    corruptRam: fc.boolean(),
    underTemperature: fc.boolean(),
    overTemperature: fc.boolean(),
    functionSettings: fc.integer({ min: 0, max: 255 }),
    headOpen: fc.boolean(),
    ribbonOut: fc.boolean(),
    thermalTransferMode: fc.boolean(),
    printMode: fc.integer({ min: 0, max: 9 }),
    printWidthMode: fc.integer({ min: 0, max: 9 }),
    labelWaiting: fc.boolean(),
    labelsRemaining: fc.integer({ min: 0, max: 99_999_999 }),
    formatWhilePrinting: fc.boolean(),
    graphicsStored: fc.integer({ min: 0, max: 999 }),
    password: fc.stringMatching(/^[0-9]{4}$/),
    staticRamInstalled: fc.boolean(),
  });

  it('round-trips every valid status through format, parse and the framer', () => {
    fc.assert(
      fc.property(anyStatus, fc.array(fc.nat(), { maxLength: 6 }), (status, cuts) => {
        const bytes = formatHostStatus(status);
        expect(statusOf(parseHostStatus(bytes))).toEqual(status);
        const framer = new HostStatusFramer();
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const results: HostStatusResult[] = [];
        let from = 0;
        for (const point of [...points, bytes.length]) {
          results.push(...framer.push(bytes.subarray(from, point)));
          from = point;
        }
        expect(results.map(statusOf)).toEqual([status]);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse and framer return a result for 10,000 arbitrary byte strings', () => {
    const framer = new HostStatusFramer();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = parseHostStatus(bytes);
        expect(typeof result.ok).toBe('boolean');
        for (const r of framer.push(bytes)) expect(typeof r.ok).toBe('boolean');
        expect(parseExtendedStatus(bytes).ok === true || parseExtendedStatus(bytes).ok === false).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('parse and framer return a result for 10,000 mutations of a real reply', () => {
    const base = Buffer.from(EXAMPLE, 'latin1');
    const alphabet = fc.constantFrom(0x02, 0x03, 0x0d, 0x0a, 0x2c, 0x30, 0x31, 0x39, 0x41, 0xff, 0x00);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), alphabet, fc.boolean())), (edits) => {
        const bytes = Array.from(base);
        for (const [at, byte, insert] of edits) {
          if (insert) bytes.splice(at % (bytes.length + 1), 0, byte);
          else bytes[at % bytes.length] = byte;
        }
        const input = Uint8Array.from(bytes);
        const result = parseHostStatus(input);
        if (result.ok) {
          expect(Number.isInteger(result.status.formatsInBuffer)).toBe(true);
        }
        const framer = new HostStatusFramer();
        for (const r of framer.push(input)) expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('~HQES extended status', () => {
  it('decodes the reference reply', () => {
    const reply = '\x02PRINTER STATUS\r\n   ERRORS:   1 00000000 00010004\r\n   WARNINGS: 1 00000000 00000100\x03';
    const result = parseExtendedStatus(reply);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status.errors).toEqual({ flagged: true, group1: 0x10004, group2: 0, names: ['head open', 'paused'] });
    expect(result.status.warnings.names).toEqual(['sensor 5']);
  });

  it('round-trips the simulator format and refuses other text', () => {
    const result = parseExtendedStatus(formatExtendedStatus(0x1 | 0x2, 0));
    expect(result.ok && result.status.errors.names).toEqual(['media out', 'ribbon out']);
    expect(result.ok && result.status.warnings.flagged).toBe(false);
    expect(parseExtendedStatus('hello').ok).toBe(false);
    expect(parseExtendedStatus('PRINTER STATUS\r\nERRORS: 1 zz').ok).toBe(false);
  });
});

describe('ZPL helpers', () => {
  it('asks for host status with ~HS', () => {
    expect(zplHostStatusRequest()).toBe('~HS');
    expect(zplExtendedStatusRequest()).toBe('~HQES');
  });

  it('accepts whole formats and counts them', () => {
    expect(checkZplJob('^XA^FO10,10^FDHi^FS^XZ')).toEqual({ ok: true, formats: 1 });
    expect(checkZplJob('\n^XA\n^CI28\n^FDZoë^FS\n^XZ\n^XA^XZ\r\n')).toEqual({ ok: true, formats: 2 });
  });

  it.each([
    ['', /empty/],
    ['   ', /no \^XA/],
    ['^FDHi^FS', /outside/],
    ['^XA^FDHi^FS', /without its closing/],
    ['^XA^XA^XZ', /inside another/],
    ['^XA^XZ trailing', /outside/],
  ])('refuses %j', (zpl, message) => {
    const result = checkZplJob(zpl);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
