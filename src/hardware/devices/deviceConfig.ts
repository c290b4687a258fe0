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
