import { z } from 'zod';
import { Item } from './item.ts';
import { Operator } from './operator.ts';
import { DeviceStatus } from './device.ts';
import { DiskStatus } from './disk.ts';
import { SiteLinkStatus } from './siteLinkStatus.ts';
import { IncidentSummary } from './incident.ts';
import { ScaleReading } from './scale.ts';
import { CabinetStatus } from './xray.ts';
import { PrintJob } from './printer.ts';
import { ScanClaimKind } from './scan.ts';

/**
 * Events the station pushes to the screen. `audience: 'operator'` events carry records and reach
 * only connections with a logged-in operator; `session` events reach only their own connection;
 * `locked` events reach only screens where nobody is logged in (the lock screen).
 */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly audience: 'operator' | 'session' | 'locked';
}

function event<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}

export const events = {
  'item.changed': event({
    payload: z.object({ item: Item, reason: z.enum(['received', 'rescanned', 'updated']) }),
    audience: 'operator',
  }),
  'device.status': event({ payload: DeviceStatus, audience: 'operator' }),
  /** The data folder's disk changed state (ok, low, full) or its free space moved. */
  'disk.status': event({ payload: DiskStatus, audience: 'operator' }),
  /** The link to the site database changed state, or how many events wait moved (at most about once a second). */
  'site.link': event({ payload: SiteLinkStatus, audience: 'operator' }),
  'incident.changed': event({ payload: z.object({ incident: IncidentSummary }), audience: 'operator' }),
  /** The hand-overs from other stations waiting here changed at the site (one arrived, one was received), or the site's list of stations did: the screens ask again. `arriving`: how many waited at the last read. */
  'custody.arriving': event({ payload: z.object({ arriving: z.number().int().min(0), stationsChanged: z.boolean() }), audience: 'operator' }),
  'scale.reading': event({ payload: ScaleReading, audience: 'operator' }),
  'cabinet.status': event({ payload: CabinetStatus, audience: 'operator' }),
  'print.job': event({ payload: PrintJob, audience: 'operator' }),
  /** A hardware scan while the station is locked: the lock screen in front takes it as a badge. */
  'scan.badge': event({ payload: z.object({ deviceId: z.string(), code: z.string() }), audience: 'locked' }),
  /** A scan from any scanner that the operator's screen claimed (session.scanClaim): a badge, a seal number, a responder ID. */
  'scan.claimed': event({
    payload: z.object({ deviceId: z.string(), code: z.string(), symbology: z.string().nullable(), waitingFor: ScanClaimKind }),
    audience: 'session',
  }),
  /** A scan no screen claimed, taken in by the station: the operator's screen shows the item, or says it came in. */
  'scan.received': event({ payload: z.object({ deviceId: z.string(), item: Item, created: z.boolean() }), audience: 'session' }),
  /** A scan that was read but not used (no terminator, refused by intake): the operator's screen says why. */
  'scan.refused': event({ payload: z.object({ deviceId: z.string(), message: z.string() }), audience: 'session' }),
  /**
   * A hardware scan intake asks about before taking it in (a failed check digit, a closed item with
   * its number): the intake screen asks the operator, and answers with intake.scan and the flag.
   */
  'scan.question': event({
    payload: z.object({ deviceId: z.string(), code: z.string(), symbology: z.string().nullable(), kind: z.enum(['asTyped', 'newItem']), message: z.string() }),
    audience: 'operator',
  }),
  'session.changed': event({
    /**
     * `idleMinutes` comes with an idle lock: the auto-lock time that locked it, as the station
     * applied it (the screen's copy of the settings may be older: changed on another screen).
     */
    payload: z.object({ operator: Operator.nullable(), reason: z.enum(['login', 'logout', 'idle', 'elsewhere']), idleMinutes: z.number().int().min(1).max(240).optional() }),
    audience: 'session',
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
