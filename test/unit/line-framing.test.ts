import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineFramer } from '../../src/hardware/protocols/lineFraming.ts';
import type { Terminator } from '../../src/hardware/protocols/lineFraming.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

function feed(framer: LineFramer, ...chunks: string[]): string[] {
  return chunks.flatMap((chunk) => framer.push(bytes(chunk)));
}

describe('LineFramer', () => {
  it('splits CR-terminated frames', () => {
    const framer = new LineFramer({ terminator: 'CR' });
    expect(feed(framer, 'ABC\rDEF\r')).toEqual(['ABC', 'DEF']);
    expect(framer.pendingBytes).toBe(0);
  });

  it('in CR mode drops the LF of a CRLF, even when it arrives in the next chunk', () => {
    const framer = new LineFramer({ terminator: 'CR' });
    expect(feed(framer, 'ABC\r\nDEF\r\n')).toEqual(['ABC', 'DEF']);
    expect(feed(framer, 'GHI\r', '\nJKL\r')).toEqual(['GHI', 'JKL']);
  });

  it('in CR mode keeps an LF that does not follow a CR as data', () => {
    const framer = new LineFramer({ terminator: 'CR' });
    expect(feed(framer, 'A\nB\r\n\nC\r')).toEqual(['A\nB', '\nC']);
  });

  it('splits LF-terminated frames and drops a CR right before the LF', () => {
    const framer = new LineFramer({ terminator: 'LF' });
    expect(feed(framer, 'ABC\nDEF\r\n')).toEqual(['ABC', 'DEF']);
    expect(feed(framer, 'G\rH\n')).toEqual(['G\rH']);
    expect(feed(framer, 'IJ\r', '\n')).toEqual(['IJ']);
  });

  it('splits CRLF-terminated frames, keeping a lone CR or LF as data', () => {
    const framer = new LineFramer({ terminator: 'CRLF' });
    expect(feed(framer, 'ABC\r\nA\rB\nC\r\n')).toEqual(['ABC', 'A\rB\nC']);
    expect(feed(framer, 'X\r\r\n')).toEqual(['X\r']);
  });

  it('handles a CRLF split across chunks', () => {
    const framer = new LineFramer({ terminator: 'CRLF' });
    expect(feed(framer, 'ABC\r')).toEqual([]);
    expect(feed(framer, '\nDEF')).toEqual(['ABC']);
    expect(feed(framer, '\r', '\n')).toEqual(['DEF']);
  });

  it('assembles a frame delivered one byte at a time', () => {
    for (const terminator of ['CR', 'LF', 'CRLF'] as const) {
      const framer = new LineFramer({ terminator });
      const wire = { CR: '1Z5R89390357567127\r', LF: '1Z5R89390357567127\n', CRLF: '1Z5R89390357567127\r\n' }[terminator];
      expect(feed(framer, ...wire.split(''))).toEqual(['1Z5R89390357567127']);
    }
  });

  it('returns empty frames for bare terminators', () => {
    expect(feed(new LineFramer({ terminator: 'CR' }), '\r\r')).toEqual(['', '']);
    expect(feed(new LineFramer({ terminator: 'CRLF' }), '\r\n')).toEqual(['']);
  });

  it('decodes bytes as latin1, one code point per byte', () => {
    const framer = new LineFramer({ terminator: 'CR' });
    const [frame] = framer.push(Uint8Array.of(0x1d, 0xc3, 0xa9, 0xff, 0x0d));
    expect(frame).toBe('\u001d\u00c3\u00a9\u00ff');
    expect(Buffer.from(frame ?? '', 'latin1')).toEqual(Buffer.from([0x1d, 0xc3, 0xa9, 0xff]));
  });

  it('drops an oversize frame as one parse error and resynchronises at the next terminator', () => {
    const framer = new LineFramer({ terminator: 'CR', maxFrameBytes: 4096 });
    expect(feed(framer, 'x'.repeat(4096), '\r')).toEqual(['x'.repeat(4096)]);
    expect(framer.parseErrors).toBe(0);
    expect(feed(framer, 'y'.repeat(3000), 'y'.repeat(3000))).toEqual([]);
    expect(framer.parseErrors).toBe(1);
    expect(framer.pendingBytes).toBe(0); // bounded: the oversize bytes are not kept
    expect(feed(framer, 'y'.repeat(10_000), 'tail\rNEXT\r')).toEqual(['NEXT']);
    expect(framer.parseErrors).toBe(1);
  });

  it('keeps a CRLF frame of exactly maxFrameBytes', () => {
    const framer = new LineFramer({ terminator: 'CRLF', maxFrameBytes: 4 });
    expect(feed(framer, 'abcd\r\nabcde\r\nok\r\n')).toEqual(['abcd', 'ok']);
    expect(framer.parseErrors).toBe(1);
  });

  it('reset() forgets the frame in progress', () => {
    const framer = new LineFramer({ terminator: 'CRLF' });
    feed(framer, 'partial\r');
    framer.reset();
    expect(feed(framer, '\nnext\r\n')).toEqual(['\nnext']);
  });

  it('rejects a nonsensical maxFrameBytes', () => {
    expect(() => new LineFramer({ terminator: 'CR', maxFrameBytes: 0 })).toThrow(RangeError);
  });

  // The reference model works on the whole input at once; the framer must agree with it however
  // the bytes are chunked.
  function model(input: string, terminator: Terminator, max: number): { frames: string[]; errors: number } {
    let tokens: string[];
    if (terminator === 'CR') tokens = input.split('\r').map((t, i) => (i > 0 && t.startsWith('\n') ? t.slice(1) : t));
    else if (terminator === 'LF') tokens = input.split('\n').map((t, i, all) => (i < all.length - 1 && t.endsWith('\r') ? t.slice(0, -1) : t));
    else tokens = input.split('\r\n');
    const complete = tokens.slice(0, -1);
    let pending = tokens.at(-1) ?? '';
    // A trailing CR is held back until the next byte says whether it is data.
    if (terminator !== 'CR' && pending.endsWith('\r')) pending = pending.slice(0, -1);
    const errors = [...complete, pending].filter((t) => t.length > max).length;
    return { frames: complete.filter((t) => t.length <= max), errors };
  }

  const wireBytes = fc.array(fc.oneof(fc.constantFrom(0x0d, 0x0a), fc.integer({ min: 0, max: 255 })), { maxLength: 120 });

  it('never throws, agrees with the model and emits well-formed frames under any chunking (fuzz)', () => {
    fc.assert(
      fc.property(
        wireBytes,
        fc.constantFrom<Terminator>('CR', 'LF', 'CRLF'),
        fc.integer({ min: 1, max: 24 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (data, terminator, max, cuts) => {
          const input = Uint8Array.from(data);
          const framer = new LineFramer({ terminator, maxFrameBytes: max });
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
          const frames: string[] = [];
          let from = 0;
          for (const to of [...points, input.length]) {
            frames.push(...framer.push(input.subarray(from, to)));
            from = to;
          }
          const expected = model(Buffer.from(input).toString('latin1'), terminator, max);
          expect(frames).toEqual(expected.frames);
          expect(framer.parseErrors).toBe(expected.errors);
          for (const frame of frames) {
            expect(frame.length).toBeLessThanOrEqual(max);
            if (terminator === 'CR') expect(frame).not.toContain('\r');
            if (terminator === 'LF') expect(frame).not.toContain('\n');
            if (terminator === 'CRLF') expect(frame).not.toContain('\r\n');
          }
          expect(framer.pendingBytes).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 10000 },
    );
  });
});
