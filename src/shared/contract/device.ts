import { z } from 'zod';

export const DeviceClass = z.enum(['scanner', 'scale', 'printer', 'xray']);
export type DeviceClass = z.infer<typeof DeviceClass>;

export const DeviceHealth = z.enum(['online', 'offline', 'fault']);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

/** What the device bar shows: the device's reported state, never an assumed one. */
export const DeviceStatus = z.object({
  deviceId: z.string(),
  deviceClass: DeviceClass,
  name: z.string(),
  health: DeviceHealth,
  detail: z.string().nullable(),
  lastReading: z.string().nullable(),
  simulated: z.boolean(),
  at: z.iso.datetime(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;
