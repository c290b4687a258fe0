// The admin's device form offers what the shared schemas accept, and nothing else: its choices,
// its headings and when a protocol's own setting shows are read from src/shared/devices, so a new
// protocol or link kind reaches the form without a hand-kept copy.
import { describe, expect, it } from 'vitest';
import { DEVICE_CLASSES, FIELDS, type FieldSpec } from '../../src/renderer/admin/deviceFields.ts';
import { DEVICE_LIST_KEYS, SerialScaleConfig } from '../../src/shared/devices/index.ts';

const field = (list: keyof typeof FIELDS, path: string): FieldSpec => {
  const found = FIELDS[list].find((f) => f.path === path);
  if (!found) throw new Error(`${list} has no field ${path}`);
  return found;
};

describe('the device form, derived from the shared schemas', () => {
  it('offers the same choices as before, each one the schema accepts', () => {
    expect(DEVICE_CLASSES.map((c) => c.key)).toEqual(DEVICE_LIST_KEYS);
    expect(DEVICE_CLASSES.find((c) => c.key === 'serialScales')).toEqual({ key: 'serialScales', label: 'Serial scales (MT-SICS, NCI)', one: 'serial scale' });
    expect(field('serialScales', 'protocol').options).toEqual(['mt-sics', 'nci']);
    expect(field('serialScales', 'dataBits').options).toEqual(['', '5', '6', '7', '8']);
    expect(field('serialScales', 'parity').options).toEqual(['', 'none', 'even', 'odd', 'mark', 'space']);
    expect(field('serialScales', 'stopBits').options).toEqual(['', '1', '1.5', '2']);
    expect(field('serialScanners', 'terminator').options).toEqual(['', 'CR', 'LF', 'CRLF']);
    expect(field('labelPrinters', 'transport.kind').options).toEqual(['tcp', 'usb', 'serial']);
    expect(field('labelPrinters', 'dpi').options).toEqual(['', '203', '300']);
    expect(field('xrayCabinets', 'transport.kind').options).toEqual(['tcp', 'serial']);
  });

  it('shows a protocol’s own setting only for the protocol whose schema has it', () => {
    const stream = field('serialScales', 'stream');
    expect(stream.when?.({ protocol: 'mt-sics' })).toBe(true);
    expect(stream.when?.({ protocol: 'nci' })).toBe(false);
    expect(stream.when?.({})).toBe(false);
    // Every protocol the form offers is one the schema takes.
    for (const protocol of field('serialScales', 'protocol').options ?? []) {
      expect(SerialScaleConfig.safeParse({ id: 's', name: 's', path: '/dev/ttyUSB0', protocol }).success).toBe(true);
    }
  });
});
