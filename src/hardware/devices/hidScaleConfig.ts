import { z } from 'zod';

// A HID scale is found by enumeration (usage page 0x8D). On Linux its hidraw path changes when it
// is replugged, so vendorId/productId (or nothing: the first scale found) are the stable choice;
// path pins one device when two identical scales are attached.
export const HidScaleConfig = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** e.g. /dev/hidraw3, as findHidScales() reports it. */
  path: z.string().min(1).optional(),
  vendorId: z.number().int().min(0).max(0xffff).optional(),
  productId: z.number().int().min(0).max(0xffff).optional(),
});
export type HidScaleConfig = z.infer<typeof HidScaleConfig>;
export type HidScaleConfigInput = z.input<typeof HidScaleConfig>;

/** Validates a HID scale config; throws an Error that names every bad field. */
export function parseHidScaleConfig(input: unknown): HidScaleConfig {
  const result = HidScaleConfig.safeParse(input);
  if (!result.success) throw new Error(`invalid HID scale config:\n${z.prettifyError(result.error)}`);
  return result.data;
}
