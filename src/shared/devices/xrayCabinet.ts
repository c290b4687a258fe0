import { z } from 'zod';
import { parseDeviceConfig } from './deviceSettings.ts';

// Heartbeat defaults: a PING a second, offline after three silent seconds, so a dead cabinet is
// shown as such before the operator has finished loading the next item.
export const XrayCabinetConfig = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    transport: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535) }),
      z.object({ kind: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().default(9600) }),
    ]),
    /** Folder the cabinet writes its images into (a local path or a mounted share). */
    hotFolder: z.string().min(1).optional(),
    heartbeatMs: z.number().int().min(50).default(1000),
    offlineAfterMs: z.number().int().min(100).default(3000),
    /** How long the cabinet has to answer SCAN with ACCEPTED or REFUSED. */
    scanAnswerTimeoutMs: z.number().int().positive().default(5000),
    /** How long an accepted scan may take to deliver its image before it is given up. */
    scanDoneTimeoutMs: z.number().int().positive().default(120_000),
  })
  .refine((c) => c.offlineAfterMs > c.heartbeatMs, {
    message: 'offlineAfterMs must be longer than heartbeatMs, or every cabinet would flap offline between PINGs',
    path: ['offlineAfterMs'],
  });
export type XrayCabinetConfig = z.infer<typeof XrayCabinetConfig>;
export type XrayCabinetConfigInput = z.input<typeof XrayCabinetConfig>;

/** Validates a cabinet config; throws an Error that names every bad field. */
export function parseXrayCabinetConfig(input: unknown): XrayCabinetConfig {
  return parseDeviceConfig(XrayCabinetConfig, 'X-ray cabinet', input);
}
