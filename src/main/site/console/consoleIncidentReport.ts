import type pg from 'pg';
import { StationFailure, type AuditEvent, type AuditSubjectType, type ConsoleArgs, type ConsoleResponse } from '../../../shared/contract/index.ts';
import { renderIncidentReport, type IncidentReportInput, type ReportContext } from '../../reports/index.ts';
import { siteEventOf, SITE_EVENT_COLUMNS, type SiteEventRow } from '../postgres/index.ts';
import { projectionHead } from './consoleCustodyForm.ts';
import { MAX_SOP_BYTES, publishedSop } from './consoleSop.ts';

// The incident report at the console: the station's own report builder (renderIncidentReport) fed
// the station's own views (IncidentView, ItemDetail, the steps' report lines), made from the
// incident's and its item's events as the site holds them (station_events, up to the station's
// projection head, so the paper names that position as its chain head) and the SOP the station
// published under the SHA-256 its `incident.opened` carries. The views are made by whoever starts
// the console (`site serve` gives the core's incidentViewsOfEvents: the station's replay into an
// in-memory station database, read by the station's services); the site does not import the core.
// A report the site cannot make whole is refused, never printed with less.

type Row = Record<string, unknown>;

/** Makes the views the report is built from, from an incident's and its item's events and its SOP. */
export type IncidentViewsOfEvents = (number: string, events: readonly AuditEvent[], protocol: unknown) => Omit<IncidentReportInput, 'events'>;

/** A subject's events read at most: an incident and its item have tens; a record with more is not one a report is made of here. */
const MAX_SUBJECT_EVENTS = 5000;

async function subjectEvents(client: pg.ClientBase, station: string, subjectType: 'item' | 'incident', subjectId: string, upTo: number): Promise<AuditEvent[]> {
  const { rows } = await client.query<SiteEventRow>(
    `SELECT ${SITE_EVENT_COLUMNS} FROM station_events WHERE station = $1 AND subject_type = $2 AND subject_id = $3 AND seq <= $4 ORDER BY seq LIMIT ${MAX_SUBJECT_EVENTS + 1}`,
    [station, subjectType, subjectId, upTo],
  );
  if (rows.length > MAX_SUBJECT_EVENTS) throw new StationFailure('UNAVAILABLE', `The ${subjectType} ${subjectId} has more than ${MAX_SUBJECT_EVENTS} events at the site: print the incident report at station ${station}.`);
  return rows.map((row) => {
    const event = siteEventOf(row);
    return { ...event, subjectType: event.subjectType as AuditSubjectType, mode: event.mode as AuditEvent['mode'], payload: JSON.parse(event.payload) as Record<string, unknown> };
  });
}

/** The SOP the incident was opened under, from the site's files, checked against the SHA-256 its event carries. */
async function protocolOf(client: pg.ClientBase, station: string, opened: AuditEvent): Promise<unknown> {
  const sha256 = opened.payload.protocolSha256;
  const atStation = `print the incident report at station ${station}`;
  const published = await publishedSop(client, sha256);
  if (published.found) return published.protocol;
  switch (published.problem) {
    case 'none':
      throw new StationFailure('UNAVAILABLE', `Incident ${opened.subjectId} was opened before stations named the SOP in force by its SHA-256: the site cannot print its steps; ${atStation}.`);
    case 'tooLarge':
      throw new StationFailure('INTERNAL', `The site's file named as the SOP of incident ${opened.subjectId} is larger than any SOP a station takes (${MAX_SOP_BYTES} bytes): check the site with verify --site; ${atStation}.`);
    case 'absent':
      throw new StationFailure('UNAVAILABLE', `The SOP incident ${opened.subjectId} was opened under (SHA-256 ${String(sha256).slice(0, 12)}…) is not at the site: station ${station} publishes it with the incident from this version on; ${atStation}.`);
    case 'otherBytes':
      throw new StationFailure('INTERNAL', `The site's file named as the SOP of incident ${opened.subjectId} is not that SOP (its bytes have another SHA-256): check the site with verify --site; ${atStation}.`);
    case 'unreadable':
      throw new StationFailure('INTERNAL', `The SOP of incident ${opened.subjectId} at the site is not one this console can read: ${atStation}.`);
  }
}

export async function consoleIncidentReport(
  client: pg.ClientBase,
  args: ConsoleArgs<'console.incidentReport'>,
  site: { name: string; now: Date; operatorNames: (station: string) => Promise<ReportContext['operatorName']>; by: string; views: IncidentViewsOfEvents | undefined },
): Promise<ConsoleResponse<'console.incidentReport'>> {
  if (!site.views) throw new StationFailure('UNAVAILABLE', 'This console was started without the station’s report views: it cannot make an incident report. Start it with `site serve`.');
  const head = await projectionHead(client, args.station);
  const { rows } = await client.query<Row>('SELECT custody_id FROM site_incidents WHERE station = $1 AND number = $2', [args.station, args.number]);
  if (!rows[0]) throw new StationFailure('NOT_FOUND', `The site holds no incident ${args.number} of station ${args.station} (yet): its events may still be on their way.`);
  const incidentEvents = await subjectEvents(client, args.station, 'incident', args.number, head.seq);
  const opened = incidentEvents.find((event) => event.kind === 'incident.opened');
  if (!opened) throw new StationFailure('UNAVAILABLE', `Incident ${args.number} of station ${args.station} is not in the site's views yet: try again in a moment.`);
  const protocol = await protocolOf(client, args.station, opened);
  const custodyId = typeof opened.payload.custodyId === 'string' ? opened.payload.custodyId : String(rows[0].custody_id);
  const itemEvents = await subjectEvents(client, args.station, 'item', custodyId, head.seq);
  const events = [...itemEvents, ...incidentEvents].sort((a, b) => a.seq - b.seq);
  const names = await site.operatorNames(args.station);
  const views = site.views(args.number, events, protocol);
  // The station names who acknowledged a step from its operators table; the site from its roster events.
  const incident = { ...views.incident, steps: views.incident.steps.map((step) => ({ ...step, acknowledgedByName: step.acknowledgedBy ? names(step.acknowledgedBy) : null })) };
  const context: ReportContext = { siteName: site.name, stationId: args.station, generatedAt: site.now.toISOString(), generatedBy: site.by, chainHead: head, operatorName: names };
  const bytes = await renderIncidentReport({ ...views, incident, events }, context);
  return { fileName: `${args.number}-incident-report.pdf`, contentBase64: bytes.toString('base64'), mimeType: 'application/pdf' };
}
