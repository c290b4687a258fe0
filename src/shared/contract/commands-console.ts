import { z } from 'zod';
import { Empty } from './commandSpec.ts';
import { dashboardPeriod, SiteDashboardStats } from './commands-dashboard.ts';
import { RemoteReviewAnswer, RemoteReviewScan } from './commands-review.ts';
import { CustodyId } from './item.ts';
import { ItemState } from './lifecycle.ts';
import { Badge, Pin } from './operator.ts';
import { IncidentType, IsoDate } from './workflow.ts';
import type { CommandSpec } from './commandSpec.ts';

// The site console's commands (issue 13 point 5): what the security office's screen asks of the
// site database, every one a read but console.reviewAnswer (a second review, signed with badge and
// PIN checked inside the site). They are a contract of their own, not part of the station's
// `commands`: a station does not answer them (UNKNOWN_COMMAND), and the console answers nothing
// else, so a station command sent to the console is refused before anything is looked at. The
// console has no operator login: its per-start token (in the address fragment, like the web host's)
// and its PostgreSQL role (read-only) are what guard it.

/** The address fragment that opens the renderer in its site mode: `#token=…&mode=site`. */
export const CONSOLE_MODE_KEY = 'mode';
export const CONSOLE_MODE_VALUE = 'site';

/** A station id as the site holds it (site_stations' CHECK). */
const StationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'A station id is the station’s own (ST-…)');
/** An opaque page cursor the console gave with a page: the next page starts after it. */
const Cursor = z.string().min(1).max(400);
const Limit = z.number().int().min(1).max(200);
/** A date (2026-03-14) or an ISO date-time with its zone: what the station's search takes for its range. */
const ChangedAt = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'Give a date as 2026-03-14 or a time as 2026-03-14T09:30:00Z')
  .refine((value) => {
    // Date parses 2026-02-30 as 2 March: a day that is not in its month is refused, not moved.
    const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value.slice(0, 10) && !Number.isNaN(new Date(value).getTime());
  }, 'That date does not exist: give it as 2026-03-14');

export const ConsoleAlarm = z.object({
  id: z.number().int(),
  kind: z.string(),
  at: z.string(),
  message: z.string(),
});
export type ConsoleAlarm = z.infer<typeof ConsoleAlarm>;

export const ConsoleDeviceWarning = z.object({
  deviceId: z.string(),
  warnings: z.number().int(),
  lastKind: z.string().nullable(),
  lastDetail: z.string().nullable(),
  lastAt: z.string().nullable(),
});
export type ConsoleDeviceWarning = z.infer<typeof ConsoleDeviceWarning>;

/** One station as the site sees it. */
export const ConsoleStation = z.object({
  station: z.string(),
  /** When the site last took a batch from it (null: never). */
  heardAt: z.string().nullable(),
  /** The last event of its chain the site holds (0: none yet). */
  siteSeq: z.number().int(),
  /** The last of those the site's views include. */
  projectedSeq: z.number().int(),
  /** Why the views stop before the site's head (a chain alarm, a forged event); null when they do not. */
  held: z.string().nullable(),
  /** Its chain alarms not yet dealt with (site project --release), newest first, at most 5. */
  alarms: z.array(ConsoleAlarm),
  alarmCount: z.number().int(),
  deviceWarnings: z.array(ConsoleDeviceWarning),
  openIncidents: z.number().int(),
});
export type ConsoleStation = z.infer<typeof ConsoleStation>;

export const ConsoleStepProgress = z.object({ done: z.number().int(), total: z.number().int().nullable() });

export const ConsoleIncident = z.object({
  station: z.string(),
  number: z.string(),
  custodyId: z.string().nullable(),
  type: z.string().nullable(),
  mode: z.string().nullable(),
  reason: z.string().nullable(),
  /** When the station opened it (its own clock), from its incident.opened event. */
  openedAt: z.string().nullable(),
  /** Its last recorded change. */
  updatedAt: z.string(),
  closed: z.boolean(),
  outcome: z.string().nullable(),
  protocolTitle: z.string().nullable(),
  steps: ConsoleStepProgress,
});
export type ConsoleIncident = z.infer<typeof ConsoleIncident>;

export const ConsoleIncidentStep = z.object({
  stepId: z.string(),
  title: z.string(),
  /** Null while not acknowledged. */
  acknowledgedBy: z.string().nullable(),
  secondBy: z.string().nullable(),
  note: z.string().nullable(),
  couldNotBecause: z.string().nullable(),
  at: z.string().nullable(),
});
export type ConsoleIncidentStep = z.infer<typeof ConsoleIncidentStep>;

export const ConsoleItem = z.object({
  station: z.string(),
  custodyId: z.string(),
  trackingNumber: z.string().nullable(),
  /** The code as it was scanned or typed at the station. */
  scannedCode: z.string().nullable(),
  carrier: z.string().nullable(),
  state: z.string().nullable(),
  mode: z.string().nullable(),
  itemType: z.string().nullable(),
  recipient: z.string().nullable(),
  incidentNumber: z.string().nullable(),
  updatedAt: z.string(),
});
export type ConsoleItem = z.infer<typeof ConsoleItem>;

export const ConsoleEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  /** The event's payload as the station recorded it (canonical JSON text), cut at 2000 characters. */
  payload: z.string(),
});
export type ConsoleEvent = z.infer<typeof ConsoleEvent>;

export const ConsoleInfo = z.object({
  /** Always true: what a station never answers. */
  console: z.literal(true),
  version: z.string(),
  /** Host, port and database of the site (never a user or password). */
  site: z.string(),
  /** The site schema's version. */
  schema: z.number().int(),
});
export type ConsoleInfo = z.infer<typeof ConsoleInfo>;

function consoleCommand<Req extends z.ZodType, Res extends z.ZodType>(spec: Omit<CommandSpec<Req, Res>, 'roles'>): CommandSpec<Req, Res> {
  // The console's callers are whoever holds its token; there is no operator role to check.
  return { ...spec, roles: 'public' };
}

export const consoleCommands = {
  'console.info': consoleCommand({
    summary: 'What this console is: the site it reads and its schema version.',
    request: Empty,
    response: ConsoleInfo,
  }),
  'console.stations': consoleCommand({
    summary: 'Every station of the site: last heard, how far the site’s views are behind its chain, alarms, device warnings, open incidents.',
    request: Empty,
    response: z.object({ stations: z.array(ConsoleStation), at: z.string() }),
  }),
  'console.incidents': consoleCommand({
    summary: 'Incidents across stations, last changed first, with their protocol progress; a page at a time.',
    request: z.object({ open: z.boolean().optional(), station: StationId.optional(), cursor: Cursor.optional(), limit: Limit.optional() }).strict(),
    response: z.object({ incidents: z.array(ConsoleIncident), next: z.string().nullable() }),
  }),
  'console.incident': consoleCommand({
    summary: 'One incident of one station: its protocol’s steps with who acknowledged each, and its events.',
    request: z.object({ station: StationId, number: z.string().min(1).max(64) }).strict(),
    response: z.object({ incident: ConsoleIncident, steps: z.array(ConsoleIncidentStep), events: z.array(ConsoleEvent) }),
  }),
  'console.search': consoleCommand({
    summary:
      'Items across stations (or at one), as a station searches its own: free text (custody ID, tracking number or code as scanned, recipient words), recipient words, state(s), when last changed, when received; last changed first, a page at a time (a cursor is good for its own search only).',
    request: z
      .object({
        /** Free text: a custody ID (typed loosely), a tracking number or code as scanned, or words starting words of the recipient. */
        query: z.string().trim().max(128).optional(),
        /** Words of the recipient, each the start of a word of it, any case (the station's recipient search). */
        recipient: z.string().trim().max(200).optional(),
        states: z.array(ItemState).min(1).max(ItemState.options.length).optional(),
        /** Last changed at or after: 2026-03-14 (that day's start, UTC) or an ISO date-time. */
        changedFrom: ChangedAt.optional(),
        /** Last changed before: 2026-03-14 includes that whole day (UTC), or an ISO date-time. */
        changedTo: ChangedAt.optional(),
        /** Received at or after (its intake event's time; site schema 14): as changedFrom. */
        receivedFrom: ChangedAt.optional(),
        /** Received before: as changedTo. */
        receivedTo: ChangedAt.optional(),
        station: StationId.optional(),
        cursor: Cursor.optional(),
        limit: Limit.optional(),
      })
      .strict(),
    response: z.object({ items: z.array(ConsoleItem), next: z.string().nullable() }),
  }),
  'console.itemHistory': consoleCommand({
    summary: 'One item of one station and its events, oldest first.',
    request: z.object({ station: StationId, custodyId: z.string().min(1).max(64) }).strict(),
    response: z.object({ item: ConsoleItem, events: z.array(ConsoleEvent) }),
  }),
  'console.dailyLog': consoleCommand({
    summary:
      'The daily screening log of a date from the site’s record: one station’s as PDF or CSV, or the whole site’s as one CSV (a station column in each row). Made by the station’s own log builder; not recorded in any station’s chain (the console writes nothing).',
    request: z
      .object({ date: IsoDate, station: StationId.optional(), format: z.enum(['pdf', 'csv']), mode: z.enum(['live', 'training']).optional() })
      .strict()
      .refine((r) => r.station !== undefined || r.format === 'csv', { message: 'The whole site’s daily log is a CSV: choose a station for a PDF', path: ['format'] }),
    response: z.object({ fileName: z.string(), contentBase64: z.string(), mimeType: z.enum(['application/pdf', 'text/csv']), stations: z.number().int(), items: z.number().int() }),
  }),
  'console.dashboard': consoleCommand({
    summary:
      'The dashboard of a period from the site’s record: one station’s or the whole site’s, the station’s own figures made by its own builder, each station up to its projection head; null where a figure is station-only (notices waiting now, device uptime).',
    request: dashboardPeriod(z.object({ from: IsoDate, to: IsoDate, station: StationId.optional() }).strict()),
    response: z.object({
      stats: SiteDashboardStats,
      /** Each station counted and the last event of its chain the figures include (its projection head). */
      stations: z.array(z.object({ station: z.string(), upToSeq: z.number().int() })),
    }),
  }),
  'console.custodyForm': consoleCommand({
    summary:
      'The chain-of-custody form of an item of a station, from the site’s record, made by the station’s own form builder; not recorded in any station’s chain (the console writes nothing). Refused when the site cannot make it whole (a counter hand-over’s signature is kept at the station).',
    request: z.object({ station: StationId, custodyId: CustodyId }).strict(),
    response: z.object({ fileName: z.string(), contentBase64: z.string(), mimeType: z.literal('application/pdf') }),
  }),
  'console.incidentReport': consoleCommand({
    summary:
      'The incident report of an incident of a station, from the site’s record, made by the station’s own report builder with the SOP the station published under the SHA-256 its chain names; not recorded in any station’s chain (the console writes nothing). Refused when the site cannot make it whole (the SOP not at the site, or not the one the chain names).',
    request: z.object({ station: StationId, number: z.string().regex(/^(INC|DRILL|DEMO)-\d{4}-\d{4,9}$/) }).strict(),
    response: z.object({ fileName: z.string(), contentBase64: z.string(), mimeType: z.literal('application/pdf') }),
  }),
  'console.reviewQueue': consoleCommand({
    summary: 'The site’s review queue: every station’s inconclusive X-ray scans waiting for a second review (live and drill records), and the latest answers with what their station did.',
    request: Empty,
    response: z.object({ scans: z.array(RemoteReviewScan), answers: z.array(RemoteReviewAnswer) }),
  }),
  'console.reviewImage': consoleCommand({
    summary: 'The image of a queued scan, from the site, checked against the SHA-256 its record names.',
    request: z.object({ station: StationId, scanRef: z.string().min(1).max(200) }).strict(),
    response: z.object({ dataUrl: z.string(), sha256: z.string() }),
  }),
  'console.reviewAnswer': consoleCommand({
    summary:
      'A trained reviewer at the console records the second review of a queued scan, identified by badge and PIN (checked inside the site database: the console never reads a PIN hash). Its station writes it in its own record. The console’s only write.',
    request: z
      .object({
        badge: Badge,
        pin: Pin,
        station: StationId,
        verdictSeq: z.number().int().positive(),
        custodyId: CustodyId,
        scanRef: z.string().min(1).max(200),
        verdict: z.enum(['clear', 'suspect']),
        notes: z.string().trim().max(2000).default(''),
        incidentType: IncidentType.optional(),
      })
      .strict()
      .refine((r) => r.verdict !== 'suspect' || r.incidentType !== undefined, { message: 'Choose what kind of threat the image suggests: its station opens the protocol', path: ['incidentType'] }),
    response: z.object({ answer: RemoteReviewAnswer }),
  }),
} as const;

export type ConsoleCommands = typeof consoleCommands;
export type ConsoleCommandName = keyof ConsoleCommands;
export type ConsoleRequest<N extends ConsoleCommandName> = z.input<ConsoleCommands[N]['request']>;
export type ConsoleArgs<N extends ConsoleCommandName> = z.output<ConsoleCommands[N]['request']>;
export type ConsoleResponse<N extends ConsoleCommandName> = z.output<ConsoleCommands[N]['response']>;

export function isConsoleCommandName(name: unknown): name is ConsoleCommandName {
  return typeof name === 'string' && Object.hasOwn(consoleCommands, name);
}
