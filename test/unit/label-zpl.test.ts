// The label templates and their ZPL: every template at every size and resolution is a job the
// print queue accepts, carries the custody ID as bars and text, escapes what ZPL would execute,
// and keeps UTF-8 names intact; the shared geometry agrees with bwip-js, which draws the preview.
import bwipjs from 'bwip-js/node';
import { describe, expect, it } from 'vitest';
import { checkZplJob } from '../../src/hardware/protocols/zpl.ts';
import { zplFromLayout } from '../../src/main/labels/zplFromLayout.ts';
import { zplEscape } from '../../src/main/labels/zplField.ts';
import {
  clearanceLabel,
  code128Modules,
  custodyLabel,
  fitText,
  LabelLayout,
  qrModules,
  qrSizeMm,
  textWidthMm,
  toMm,
  placeCode128,
} from '../../src/shared/labels/index.ts';
import type { ClearanceLabelRecord, CustodyLabelRecord, LabelSizeName, PrinterDpi } from '../../src/shared/labels/index.ts';

const UTF8_NAME = 'Zoë Ångström-Łukasiewicz';

const CLEARANCE: ClearanceLabelRecord = {
  siteName: 'Mail Center 4',
  custodyId: '7KQ-M3X-9TZ',
  carrier: 'UPS',
  trackingNumber: '1Z999AA10123456784',
  scannedCode: '1Z999AA10123456784',
  recipient: 'Research ^XZ Dept ~HS Room_12 \\&',
  screenedAt: '2025-06-14T09:23:00.000Z',
  screenedBy: UTF8_NAME,
  method: 'visual+xray',
  mode: 'live',
  timeZone: 'UTC',
};

const CUSTODY: CustodyLabelRecord = {
  siteName: 'Mail Center 4',
  custodyId: '7KQ-M3X-9TZ',
  incidentNumber: 'INC-2025-0007',
  hazard: 'SUSPICIOUS SUBSTANCE (POWDER / CBR)',
  sealNumbers: ['S-0012345', 'S^0012346'],
  foundAt: '2025-06-14T09:23:00.000Z',
  foundPlace: 'Screening room 1',
  collector: `${UTF8_NAME} ~JA`,
  description: 'Parcel, UPS 1Z999AA10123456784',
  mode: 'live',
  timeZone: 'UTC',
};

const SIZES: LabelSizeName[] = ['4x6', '2x1'];
const DPIS: PrinterDpi[] = [203, 300];
const layouts = {
  clearance: (size: LabelSizeName) => clearanceLabel(CLEARANCE, size),
  custody: (size: LabelSizeName) => custodyLabel(CUSTODY, size),
};
const CASES = (['clearance', 'custody'] as const).flatMap((template) => SIZES.flatMap((size) => DPIS.map((dpi) => [template, size, dpi] as const)));

/** The field data of every ^FD, with ^FH escapes undone: what the printer will print. */
function printedFields(zpl: string): string[] {
  return [...zpl.matchAll(/\^FD(.*?)\^FS/gs)].map((m) => m[1]!.replace(/_([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

describe('label ZPL', () => {
  it.each(CASES)('%s %s at %i dpi is one whole format the queue accepts, UTF-8, with the custody ID as Code 128', (template, size, dpi) => {
    const zpl = zplFromLayout(layouts[template](size), dpi);
    expect(checkZplJob(zpl)).toEqual({ ok: true, formats: 1 });
    expect(zpl).toMatch(/^\^XA\n\^CI28\n/);
    expect(zpl).toMatch(/\^BCN,\d+,N,N,N,N\^FH_\^FD7KQ-M3X-9TZ\^FS/);
    // Only the ^XA and ^XZ of the one format: no field data can open or close another.
    expect(zpl.match(/\^X[AZ]/g)).toEqual(['^XA', '^XZ']);
    expect(printedFields(zpl)).toContain('7KQ-M3X-9TZ');
    if (template === 'custody' && size === '4x6') expect(zpl).toMatch(/\^BQN,2,\d+\^FH_\^FDQA,7KQ-M3X-9TZ\^FS/);
    if (template === 'custody' && size === '2x1') expect(printedFields(zpl)).toEqual(expect.arrayContaining(['SUSPECT - DO NOT OPEN', 'INC-2025-0007']));
    if (template === 'clearance') expect(printedFields(zpl)).toContain('SCREENED');
  });

  it('sizes the label in dots from its inches and the printer resolution', () => {
    const at = (size: LabelSizeName, dpi: PrinterDpi) => zplFromLayout(clearanceLabel(CLEARANCE, size), dpi).match(/\^PW(\d+)\n\^LL(\d+)/)!.slice(1);
    expect(at('4x6', 203)).toEqual(['812', '1218']);
    expect(at('4x6', 300)).toEqual(['1200', '1800']);
    expect(at('2x1', 203)).toEqual(['406', '203']);
    expect(at('2x1', 300)).toEqual(['600', '300']);
  });

  it('scales every position with the resolution', () => {
    // Barcodes aside: their width is whole dots per bar, so a centred one moves by more than rounding.
    const origins = (dpi: PrinterDpi) =>
      zplFromLayout(custodyLabel(CUSTODY, '4x6'), dpi)
        .split('\n')
        .filter((line) => line.startsWith('^FO') && !/\^B[CQ]/.test(line))
        .map((line) => /\^FO(\d+),(\d+)/.exec(line)!.slice(1).map(Number));
    const low = origins(203);
    const high = origins(300);
    expect(high).toHaveLength(low.length);
    // Rounding to whole dots (and the heavy strike's offset) aside, 300 dpi is 300/203 of 203 dpi.
    low.forEach(([x, y], i) => {
      expect(Math.abs(high[i]![0]! - (x! * 300) / 203)).toBeLessThanOrEqual(3);
      expect(Math.abs(high[i]![1]! - (y! * 300) / 203)).toBeLessThanOrEqual(2);
    });
  });

  it('escapes ^ ~ _ and \\ in field data, and the printer reads back the text as written', () => {
    expect(zplEscape('a^b~c_d\\e')).toBe('a_5Eb_7Ec_5Fd_5Ce');
    for (const size of SIZES) {
      const zpl = [zplFromLayout(clearanceLabel(CLEARANCE, '4x6'), 203), zplFromLayout(custodyLabel(CUSTODY, size), 300)].join('\n');
      expect(zpl).not.toContain('^XZ Dept');
      expect(zpl).not.toContain('~HS');
      expect(zpl).not.toContain('~JA');
      expect(zpl).not.toContain('Room_12');
    }
    const fields = printedFields(zplFromLayout(clearanceLabel(CLEARANCE, '4x6'), 203)).join(' ');
    expect(fields).toContain('Research ^XZ Dept ~HS Room_12 \\&');
    expect(printedFields(zplFromLayout(custodyLabel(CUSTODY, '4x6'), 203)).join(' ')).toContain('S-0012345, S^0012346');
  });

  it('keeps a UTF-8 name as written, under ^CI28', () => {
    const zpl = zplFromLayout(clearanceLabel(CLEARANCE, '4x6'), 203);
    expect(zpl).toContain(`^FDOperator: ${UTF8_NAME}^FS`);
    expect(printedFields(zplFromLayout(custodyLabel(CUSTODY, '4x6'), 300)).join(' ')).toContain(UTF8_NAME);
  });

  it('marks demo and drill labels in full words, and not live ones', () => {
    for (const mode of ['demo', 'drill'] as const) {
      for (const layout of [clearanceLabel({ ...CLEARANCE, mode }, '4x6'), clearanceLabel({ ...CLEARANCE, mode }, '2x1'), custodyLabel({ ...CUSTODY, mode }, '4x6')]) {
        const words = layout.elements.flatMap((el) => (el.kind === 'text' ? [el.text] : []));
        expect(words.some((w) => w.startsWith(mode.toUpperCase()) && !w.endsWith('...'))).toBe(true);
      }
    }
    expect(printedFields(zplFromLayout(clearanceLabel({ ...CLEARANCE, mode: 'drill' }, '4x6'), 203)).join(' ')).toMatch(/DRILL/);
    expect(printedFields(zplFromLayout(clearanceLabel({ ...CLEARANCE, mode: 'demo' }, '2x1'), 203)).join(' ')).toMatch(/DEMO/);
    expect(printedFields(zplFromLayout(custodyLabel({ ...CUSTODY, mode: 'drill' }, '2x1'), 203)).join(' ')).toMatch(/DRILL/);
    expect(printedFields(zplFromLayout(custodyLabel(CUSTODY, '4x6'), 203)).join(' ')).not.toMatch(/DRILL|DEMO/);
  });

  it('is the same bytes for the same record (the audit chain hashes them)', () => {
    expect(zplFromLayout(custodyLabel(CUSTODY, '4x6'), 300)).toBe(zplFromLayout(custodyLabel(structuredClone(CUSTODY), '4x6'), 300));
  });
});

describe('label layouts', () => {
  const all = [...SIZES.map((s) => clearanceLabel(CLEARANCE, s)), ...SIZES.map((s) => custodyLabel(CUSTODY, s)), custodyLabel({ ...CUSTODY, mode: 'drill', sealNumbers: [], foundPlace: null }, '4x6')];

  it.each(all.map((l) => [l.title, l]))('%s matches the contract schema and stays on the label', (_title, layout) => {
    expect(LabelLayout.parse(layout)).toEqual(layout);
    for (const el of layout.elements) {
      expect(el.x).toBeGreaterThanOrEqual(0);
      expect(el.y).toBeGreaterThanOrEqual(0);
      if (el.kind === 'qr') {
        expect(el.x + qrSizeMm(el)).toBeLessThanOrEqual(layout.widthMm);
        expect(el.y + qrSizeMm(el)).toBeLessThanOrEqual(layout.heightMm);
      } else {
        expect(el.x + el.width).toBeLessThanOrEqual(layout.widthMm + 1e-9);
        const bottom = el.kind === 'text' ? el.y + el.fontHeight : el.y + el.height;
        expect(bottom).toBeLessThanOrEqual(layout.heightMm + 1e-9);
      }
      if (el.kind === 'text') expect(textWidthMm(el.text, el.fontHeight)).toBeLessThanOrEqual(el.width + 1e-9);
      if (el.kind === 'code128') {
        for (const dpi of DPIS) {
          const p = placeCode128(el, dpi);
          // Code 128's 10-module quiet zone fits inside the label either side.
          expect(toMm(p.xDots - 10 * p.moduleDots, dpi)).toBeGreaterThanOrEqual(-1e-9);
          expect(toMm(p.xDots + p.widthDots + 10 * p.moduleDots, dpi)).toBeLessThanOrEqual(layout.widthMm);
        }
      }
    }
  });

  it('shrinks, wraps and finally shortens text to fit its width', () => {
    expect(fitText('SHORT', 50, 6, 3, 1)).toEqual({ fontHeight: 6, lines: ['SHORT'] });
    const wrapped = fitText('Dr. Zoë Ångström-Łukasiewicz, Research Department, Room 12', 40, 5, 4, 2);
    expect(wrapped.lines).toHaveLength(2);
    const cut = fitText('x'.repeat(400), 40, 5, 4, 2);
    expect(cut.lines[1]).toMatch(/\.\.\.$/);
    for (const line of [...wrapped.lines, ...cut.lines]) expect(textWidthMm(line, 4)).toBeLessThanOrEqual(40);
  });
});

describe('the preview draws the symbols the printer prints', () => {
  /** Modules across a bwip-js symbol: its SVG width at scale 1, divided by bwip's units per module. */
  function bwipWidth(options: Record<string, unknown>): number {
    const svg = bwipjs.toSVG({ scale: 1, ...options } as Parameters<typeof bwipjs.toSVG>[0]);
    return Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
  }

  it.each(['7KQ-M3X-9TZ', '123-456-789', 'ZZZ-ZZZ-ZZZ'])('Code 128 subset B of %s is as wide in bwip-js as in the shared geometry', (id) => {
    expect(bwipWidth({ bcid: 'code128', text: id, newencoder: true, suppressc: true, height: 5 })).toBe(code128Modules(id));
  });

  it.each(['7KQ-M3X-9TZ', 'INC-2025-0007 7KQ-M3X-9TZ', 'https://example.invalid/c/7KQM3X9TZ?x=ë'])('QR (ECC Q) of %s has as many modules in bwip-js as in the shared geometry', (data) => {
    // bwip-js draws a QR module as 2 units at scale 1.
    expect(bwipWidth({ bcid: 'qrcode', text: data, eclevel: 'Q' }) / 2).toBe(qrModules(data));
  });
});
