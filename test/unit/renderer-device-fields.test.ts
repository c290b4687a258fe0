import { describe, expect, it } from 'vitest';
import { describeAddress, fromFormValues, NEW_DEVICE, toFormValues } from '../../src/renderer/admin/deviceFields.ts';
import { splitAim } from '../../src/renderer/scan/wedgeKeys.ts';

describe('the admin’s device forms (main validates again; these only shape what is typed)', () => {
  it('round-trips a serial scale, numbers as numbers, empty optional fields left to main’s defaults', () => {
    const scale = { id: 'scale-1', name: 'Bench scale', protocol: 'nci', path: '/dev/mailscale0', baudRate: 9600, dataBits: 7, parity: 'even' };
    const values = toFormValues('serialScales', scale);
    expect(values['dataBits']).toBe('7');
    const result = fromFormValues('serialScales', { ...values, baudRate: '19200', pollMs: '' }, scale);
    expect(result).toEqual({ ok: true, config: { ...scale, baudRate: 19200 } });
  });

  it('drops the settings of a printer transport that changed kind, and keeps fields it does not edit', () => {
    const printer = { id: 'p1', name: 'Zebra', transport: { kind: 'tcp', host: '10.0.0.5', port: 9100 }, confirmTimeoutMs: 60_000 };
    const values = { ...toFormValues('labelPrinters', printer), 'transport.kind': 'usb', 'transport.path': '/dev/usb/lp0' };
    expect(fromFormValues('labelPrinters', values, printer)).toEqual({ ok: true, config: { id: 'p1', name: 'Zebra', confirmTimeoutMs: 60_000, transport: { kind: 'usb', path: '/dev/usb/lp0' } } });
  });

  it('names every field it cannot read, and HID IDs are hex', () => {
    const values = { ...toFormValues('hidScales', NEW_DEVICE.hidScales), id: 'hid-1', vendorId: '0eb8', productId: 'xyz' };
    expect(fromFormValues('hidScales', values, NEW_DEVICE.hidScales)).toEqual({ ok: false, problems: ['Product ID (hex): four hex digits, for example 0c2e.'] });
    const cabinet = fromFormValues('xrayCabinets', { ...toFormValues('xrayCabinets', NEW_DEVICE.xrayCabinets), id: 'x1', 'transport.host': '', 'transport.port': 'ten' }, NEW_DEVICE.xrayCabinets);
    expect(cabinet).toEqual({ ok: false, problems: ['Network host: required.', 'Network port: a whole number.'] });
    expect(describeAddress('hidScales', { id: 'h', name: 'h', vendorId: 0x0eb8, productId: 0xf000 })).toBe('HID vendor 0eb8 product f000');
  });
});

describe('wedge scans', () => {
  it('splits off an AIM symbology identifier, and only a well-formed one', () => {
    expect(splitAim(']C1RB123456785GB')).toEqual({ code: 'RB123456785GB', symbology: ']C1' });
    expect(splitAim('ADMIN-0001')).toEqual({ code: 'ADMIN-0001', symbology: null });
    expect(splitAim(']')).toEqual({ code: ']', symbology: null });
  });
});
