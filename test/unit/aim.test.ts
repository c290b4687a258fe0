import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitAimIdentifier } from '../../src/hardware/protocols/aim.ts';

describe('splitAimIdentifier', () => {
  // Identifiers and names from docs/protocols/aim.md.
  it.each([
    [']C0ABC-123', ']C0', 'Code 128', 'ABC-123'],
    [']C1\u001d00123456789012345675', ']C1', 'GS1-128', '\u001d00123456789012345675'],
    [']E04006381333931', ']E0', 'EAN-13', '4006381333931'],
    [']E004210000', ']E0', 'UPC-E', '04210000'],
    [']E496385074', ']E4', 'EAN-8', '96385074'],
    [']A0CODE39', ']A0', 'Code 39', 'CODE39'],
    [']A4CODE39', ']A4', 'Code 39', 'CODE39'],
    [']F0A1234B', ']F0', 'Codabar', 'A1234B'],
    [']G0X', ']G0', 'Code 93', 'X'],
    [']H1123', ']H1', 'Code 11', '123'],
    [']I01234567890', ']I0', 'Interleaved 2 of 5', '1234567890'],
    [']L2pdf', ']L2', 'PDF417', 'pdf'],
    [']Q0hello', ']Q0', 'QR Code Model 1', 'hello'],
    [']Q1https://example.org', ']Q1', 'QR Code', 'https://example.org'],
    [']Q3010950110153000317', ']Q3', 'GS1 QR Code', '010950110153000317'],
    [']d1dm', ']d1', 'Data Matrix', 'dm'],
    [']d20109501101530003', ']d2', 'GS1 DataMatrix', '0109501101530003'],
    [']d5x', ']d5', 'GS1 DataMatrix', 'x'],
    [']e00109501101530003', ']e0', 'GS1 DataBar', '0109501101530003'],
    [']U0maxi', ']U0', 'MaxiCode', 'maxi'],
    [']z0aztec', ']z0', 'Aztec', 'aztec'],
    [']z1gs1', ']z1', 'GS1 Aztec', 'gs1'],
    [']zAgs1', ']zA', 'GS1 Aztec', 'gs1'],
  ])('%s -> %s %s', (input, aim, symbology, data) => {
    expect(splitAimIdentifier(input)).toEqual({ aim, symbology, data });
  });

  it('names a 12-digit ]E0 read UPC-A', () => {
    expect(splitAimIdentifier(']E0036000291452')).toEqual({ aim: ']E0', symbology: 'UPC-A', data: '036000291452' });
  });

  it('keeps an identifier it cannot name, with symbology null', () => {
    expect(splitAimIdentifier(']X9123')).toEqual({ aim: ']X9', symbology: null, data: '123' });
    expect(splitAimIdentifier(']C9abc')).toEqual({ aim: ']C9', symbology: null, data: 'abc' });
    expect(splitAimIdentifier(']zZabc')).toEqual({ aim: ']zZ', symbology: null, data: 'abc' });
  });

  it('returns data without a leading ] unchanged', () => {
    expect(splitAimIdentifier('1Z5R89390357567127')).toEqual({ aim: null, symbology: null, data: '1Z5R89390357567127' });
    expect(splitAimIdentifier('')).toEqual({ aim: null, symbology: null, data: '' });
  });

  it('treats a ] not followed by letter + letter/digit as data', () => {
    expect(splitAimIdentifier(']')).toEqual({ aim: null, symbology: null, data: ']' });
    expect(splitAimIdentifier(']C')).toEqual({ aim: null, symbology: null, data: ']C' });
    expect(splitAimIdentifier(']0C123')).toEqual({ aim: null, symbology: null, data: ']0C123' });
    expect(splitAimIdentifier(']C-12')).toEqual({ aim: null, symbology: null, data: ']C-12' });
  });

  it('accepts an identifier with no data after it', () => {
    expect(splitAimIdentifier(']C0')).toEqual({ aim: ']C0', symbology: 'Code 128', data: '' });
  });

  const aimLike = fc
    .tuple(
      fc.constantFrom(...'ACEFGHILQUXdezABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0-]'),
      fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-]\r'),
      fc.string({ unit: 'binary', maxLength: 40 }),
    )
    .map(([code, modifier, rest]) => `]${code}${modifier}${rest}`);

  it('never throws and always returns a well-formed split (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), aimLike), (input) => {
        const out = splitAimIdentifier(input);
        if (out.aim === null) {
          expect(out.data).toBe(input);
          expect(out.symbology).toBeNull();
        } else {
          expect(out.aim).toMatch(/^\][A-Za-z][0-9A-Za-z]$/);
          expect(out.aim + out.data).toBe(input);
          if (out.symbology !== null) expect(out.symbology.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 10000 },
    );
  });
});
