import { z } from 'zod';
import { command, Empty, Ack, SUPERVISORS, ADMIN, ALL_ROLES } from './commandSpec.ts';
import { CustodyId } from './item.ts';
import { PrintJob } from './printer.ts';
import { ScaleReading } from './scale.ts';
import { CabinetStatus } from './xray.ts';
import { DiskStatus } from './disk.ts';
import { SiteLinkStatus } from './siteLinkStatus.ts';
import { IncidentType } from '../domain/index.ts';

/** The answers the demo drawer can make the simulated MT-SICS scale give instead of a weight. */
export const SimulatedScaleAnswer = z.enum(['ES', 'ET', 'EL', 'S I', 'S L', 'S +', 'S -']);
export type SimulatedScaleAnswer = z.infer<typeof SimulatedScaleAnswer>;

export const SopProtocolStatusView = z.object({
  incidentType: IncidentType,
  title: z.string(),
  version: z.string(),
  source: z.enum(['site', 'default', 'lastGood', 'builtIn']),
  file: z.string().nullable(),
  approvedBy: z.string().nullable(),
  effectiveDate: z.string().nullable(),
  stepCount: z.number().int(),
  agenciesWithoutContact: z.array(z.string()),
});

/**
 * station.json's `devices` as it crosses the contract: one list per key of DEVICE_LISTS
 * (src/shared/devices), each device's settings as typed. Main validates it whole with the shared
 * DevicesConfig, so a mistake is answered field by field with its place named; the contract does
 * not check it first, and does not copy the device schemas.
 */
const DeviceLists = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));

export const DeviceCandidate = z.object({
  kind: z.enum(['serial', 'hid']),
  path: z.string(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  manufacturer: z.string().nullable(),
  description: z.string().nullable(),
  role: z.enum(['scale', 'scanner']).nullable(),
});
export type DeviceCandidate = z.infer<typeof DeviceCandidate>;

/** Devices, printing, SOP status and the demo drawer's simulator controls. */
export const deviceCommands = {
  'device.live': command({
    summary: 'What the scales and X-ray cabinets reported last, so a screen opened now shows it before the next report.',
    request: Empty,
    response: z.object({ scales: z.array(ScaleReading), cabinets: z.array(CabinetStatus) }),
    roles: ALL_ROLES,
  }),
  'disk.status': command({
    summary: 'Free space in the data folder and whether the station warns (low) or refuses new records (full).',
    request: Empty,
    response: DiskStatus,
    roles: ALL_ROLES,
  }),
  'site.link': command({
    summary: 'The link to the site database (online, lagging, offline with how many events wait, refused); null for a station alone.',
    request: Empty,
    response: z.object({ status: SiteLinkStatus.nullable() }),
    roles: ALL_ROLES,
  }),
  'device.discover': command({
    summary: 'Serial ports and HID devices connected now, with VID/PID, for configuring devices.',
    request: Empty,
    response: z.object({ candidates: z.array(DeviceCandidate), errors: z.array(z.string()) }),
    roles: ADMIN,
  }),
  'device.config': command({
    summary: 'The device configuration (station.json "devices"): which device on which port or address.',
    request: Empty,
    response: z.object({
      /** DevicesConfig as main validated it, its defaults filled in. */
      devices: DeviceLists,
      simulated: z.boolean(),
      configFile: z.string(),
    }),
    roles: ADMIN,
  }),
  'device.configure': command({
    summary: 'Replace the device configuration; devices restart with it. Validated in main, field by field.',
    request: z.object({ devices: DeviceLists }).strict(),
    response: z.object({ devices: DeviceLists }),
    roles: ADMIN,
  }),
  'print.list': command({
    summary: 'Recent label print jobs: queued, printing, printed or failed.',
    request: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    response: z.object({ jobs: z.array(PrintJob) }),
    roles: ALL_ROLES,
  }),
  'print.reprint': command({
    summary: 'Print a label again; the reprint is marked as a reprint.',
    request: z.object({ jobId: z.number().int().positive() }).strict(),
    response: z.object({ job: PrintJob }),
    roles: ALL_ROLES,
  }),
  'sop.status': command({
    summary: 'Which SOP file each incident protocol comes from, and what is wrong with the files.',
    request: Empty,
    response: z.object({
      loadedAt: z.string().nullable(),
      protocols: z.array(SopProtocolStatusView),
      errors: z.array(z.object({ file: z.string(), message: z.string() })),
    }),
    roles: SUPERVISORS,
  }),
  'sop.reload': command({
    summary: 'Read the SOP files again (after the site edited them).',
    request: Empty,
    response: z.object({ errors: z.array(z.object({ file: z.string(), message: z.string() })) }),
    roles: SUPERVISORS,
  }),
  'xray.image': command({
    summary: 'The image of one X-ray scan, checked against its recorded SHA-256.',
    request: z.object({ custodyId: CustodyId, scanId: z.number().int().positive() }).strict(),
    response: z.object({ dataUrl: z.string(), sha256: z.string() }),
    roles: ALL_ROLES,
  }),
  'demo.scale': command({
    summary: 'Demo mode: put a weight on the simulated scale (grams), or take it off (null).',
    request: z.object({ grams: z.number().min(0).max(100_000).nullable() }).strict(),
    response: Ack,
    roles: ALL_ROLES,
  }),
  'demo.scaleAnswer': command({
    summary: 'Demo mode: make the simulated MT-SICS scale answer weight requests with an error or refusal (ES, ET, EL, S I, S L, S +, S -), or weigh again (null).',
    request: z.object({ answer: SimulatedScaleAnswer.nullable() }).strict(),
    response: Ack,
    roles: ALL_ROLES,
  }),
  'demo.cabinet': command({
    summary: 'Demo mode: open or close the simulated cabinet door, turn its key, set a fault, or put a threat in the next image.',
    request: z
      .object({
        door: z.enum(['open', 'closed']).optional(),
        key: z.enum(['on', 'off']).optional(),
        fault: z.string().max(120).nullable().optional(),
        threatInNextImage: z.boolean().optional(),
      })
      .strict(),
    response: Ack,
    roles: ALL_ROLES,
  }),
  'demo.printer': command({
    summary: 'Demo mode: paper out or head open on the simulated printer.',
    request: z.object({ paperOut: z.boolean().optional(), headOpen: z.boolean().optional() }).strict(),
    response: Ack,
    roles: ALL_ROLES,
  }),
  'demo.plug': command({
    summary: 'Demo mode: unplug or plug back a simulated device.',
    request: z.object({ deviceId: z.string().min(1).max(64), plugged: z.boolean() }).strict(),
    response: Ack,
    roles: ALL_ROLES,
  }),
} as const;
