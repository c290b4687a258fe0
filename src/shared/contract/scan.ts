import { z } from 'zod';

// Scans at the station: what a screen waits for, and what ends a keyboard-wedge scan.

/**
 * What a screen may wait for from a scanner: an item is taken in; a badge, a seal number or a
 * responder ID is that screen's to fill in; `nothing` (incident mode) takes no scan at all.
 */
export const ScanClaimKind = z.enum(['item', 'badge', 'seal', 'responder', 'nothing']);
export type ScanClaimKind = z.infer<typeof ScanClaimKind>;

/**
 * How the station's keyboard-wedge scanners end each scan (station.json `wedge.terminator`): their
 * Enter, their Tab, or a suffix they append (printable ASCII, up to 8 characters). A scan ends only
 * there; a burst that ends any other way is discarded.
 */
export const ScanTerminatorSetting = z.union([
  z.enum(['Enter', 'Tab']),
  z
    .object({
      suffix: z
        .string()
        .min(1, 'A suffix has at least one character')
        .max(8, 'A suffix has at most 8 characters')
        .regex(/^[\x21-\x7e]+$/, 'A suffix is printable ASCII without spaces'),
    })
    .strict(),
]);
