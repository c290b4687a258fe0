import { z } from 'zod';

/**
 * Validates one device's config against its schema; throws an Error that names the device class
 * and every bad field, so a broken station.json says what to fix.
 */
export function parseDeviceConfig<S extends z.ZodType>(schema: S, deviceClass: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`invalid ${deviceClass} config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Line settings of a serial device; the defaults are what the device class ships with, so each passes its own. */
export const serialDataBits = z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]);
export const serialParity = z.enum(['none', 'even', 'odd', 'mark', 'space']);
export const serialStopBits = z.union([z.literal(1), z.literal(1.5), z.literal(2)]);

// Caps on the free text of a device config. station.json is the site's file and the admin screen
// writes it, so each value is bounded before it reaches a record, an audit event, a log line or the
// device bar; messages say the limit, never quote the value.
export const DEVICE_ID_MAX = 64;
export const DEVICE_NAME_MAX = 80;
/** PATH_MAX on Linux. */
export const DEVICE_PATH_MAX = 4096;
/** A DNS name is at most 253 characters. */
export const DEVICE_HOST_MAX = 253;

/** Device ids name the device in records and events: short, and safe in a file name, a URL or a log. */
export const deviceId = z
  .string()
  .min(1, 'a device id is required')
  .max(DEVICE_ID_MAX, `a device id is at most ${DEVICE_ID_MAX} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a device id is letters, digits, ".", "_" and "-", starting with a letter or digit');

/** What the operator sees: any printable text, one line. */
export const deviceName = z
  .string()
  .min(1, 'a device name is required')
  .max(DEVICE_NAME_MAX, `a device name is at most ${DEVICE_NAME_MAX} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'a device name is one line of text: no control characters');

/** A device node or folder path: /dev/ttyUSB0, /dev/serial/by-id/…, /dev/hidraw3. */
export const devicePath = z
  .string()
  .min(1, 'a path is required')
  .max(DEVICE_PATH_MAX, `a path is at most ${DEVICE_PATH_MAX} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'a path has no control characters');

/** A network host: a DNS name or an IP address, no spaces or control characters. */
export const deviceHost = z
  .string()
  .min(1, 'a host is required')
  .max(DEVICE_HOST_MAX, `a host is at most ${DEVICE_HOST_MAX} characters`)
  .regex(/^[^\s\p{Cc}]+$/u, 'a host is a name or an address, without spaces');

/**
 * What a scale is assumed to carry when its config names no capacity: the largest postal scale in
 * docs/protocols/hid-pos-scale.md ("Known devices") is the DYMO S180 (180 kg); letter scales stop at 5–35 lb and parcel scales at
 * 15–75 kg, so 200 kg lets every one of them through and still stops a decoding accident.
 */
export const DEFAULT_SCALE_CAPACITY_KG = 200;
/** The most any scale config may claim (a 2 t pallet scale); also main's own bound on a reading. */
export const MAX_SCALE_CAPACITY_KG = 2000;

/**
 * What the scale can carry, in kg (its data plate says). A reading beyond it is shown as over
 * capacity and never recorded, whatever the scale's own flags say.
 */
export const scaleCapacityKg = z
  .number()
  .positive('a scale capacity is more than 0 kg')
  .max(MAX_SCALE_CAPACITY_KG, `a scale capacity is at most ${MAX_SCALE_CAPACITY_KG} kg`)
  .default(DEFAULT_SCALE_CAPACITY_KG);

// HID devices are found by enumeration. On Linux a hidraw path changes when the device is
// replugged, so vendorId/productId (or nothing: the first one found) are the stable choice; path
// pins one device when two identical ones are attached.
export const hidDeviceSelection = {
  /** e.g. /dev/hidraw3, as discovery reports it. */
  path: devicePath.optional(),
  vendorId: z.number().int().min(0).max(0xffff).optional(),
  productId: z.number().int().min(0).max(0xffff).optional(),
};
