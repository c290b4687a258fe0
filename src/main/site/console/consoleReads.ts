import type pg from 'pg';
import { StationFailure, type ConsoleArgs, type ConsoleEvent, type ConsoleIncident, type ConsoleIncidentStep, type ConsoleItem, type ConsoleResponse, type ConsoleStation } from '../../../shared/contract/index.ts';
import { publishedSop } from './consoleSop.ts';

// What the site console reads, as SQL on the site database through the console's own role (it
// reads everything and writes nothing). Every screen is an index lookup or an index-ordered page
// (site schema version 4), never a scan of station_events: a site holds millions of events.

export const DEFAULT_PAGE = 50;
const MAX_EVENTS = 1000;
const PAYLOAD_CHARS = 2000;

export type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const int = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : text(value));

/**
 * A keyset page's cursor: the last row's (updated_at, station, key), opaque to the screen, and for
 * a search the fingerprint of the search it pages (`bound`), so a cursor is good for that search
 * only. One that does not decode to that, or pages another search, is refused, not guessed at.
 */
export function encodeCursor(row: { updatedAt: string; station: string; key: string }, bound?: string): string {
  return Buffer.from(JSON.stringify(bound === undefined ? [row.updatedAt, row.station, row.key] : [row.updatedAt, row.station, row.key, bound])).toString('base64url');
}

const cursorRefused = () => new StationFailure('INVALID_ARGUMENTS', 'The page of results is not one this console gave: search again from the first page.');

export function decodeCursor(cursor: string | undefined, bound?: string): [string, string, string] | null {
  if (cursor === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parts = bound === undefined ? 3 : 4;
    if (Array.isArray(parsed) && parsed.length === parts && parsed.every((part) => typeof part === 'string') && (bound === undefined || parsed[3] === bound)) {
      return [parsed[0], parsed[1], parsed[2]] as [string, string, string];
    }
  } catch {
    // refused below
  }
  throw cursorRefused();
}

/**
 * Where a keyset page starts, and the order, for a list of every station or of one. Every
 * station's list reads through (updated_at DESC, station DESC, key DESC) (site schema 4). One
 * station's reads through (station, updated_at DESC, key DESC) with the times and keys compared
 * byte by byte (COLLATE "C", version 10), and is ordered the same way, so that only that index
 * gives its order: ordered in the database's collation, the planner also found version 4's index
 * in order for `station = s` and, not knowing that a quiet station's rows all lie far down it,
 * picked it at 2M items (a quiet station's first page walked the whole site's newer rows: 60 ms).
 * Times are ISO text and keys a station's IDs: either order lists them alike, and a list's cursor
 * is only ever compared within that list. A cursor from another station's list is not one this
 * list gave. Placeholders come from `param`: no text of the caller's is put in the SQL.
 */
export function keysetPage(alias: string, key: string, station: string | undefined, after: [string, string, string] | null, param: (value: unknown) => string): { where: string[]; order: string } {
  const column = (name: string) => `${alias}${name}`;
  if (station === undefined) {
    return {
      where: after ? [`(${column('updated_at')}, ${column('station')}, ${column(key)}) < (${param(after[0])}, ${param(after[1])}, ${param(after[2])})`] : [],
      order: `${column('updated_at')} DESC, ${column('station')} DESC, ${column(key)} DESC`,
    };
  }
  if (after && after[1] !== station) throw cursorRefused();
  const changed = `${column('updated_at')} COLLATE "C"`;
  const keyed = `${column(key)} COLLATE "C"`;
  const where = [`${column('station')} = ${param(station)}`];
  if (after) where.push(`(${changed}, ${keyed}) < (${param(after[0])}, ${param(after[2])})`);
  return { where, order: `${changed} DESC, ${keyed} DESC` };
}

/** Numbered placeholders for a statement's parameters, in the order they are asked for. */
export function parameters(): { values: unknown[]; param: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, param: (value) => `$${values.push(value)}` };
}

function eventOf(row: Row): ConsoleEvent {
  return { seq: int(row.seq), at: String(row.at), actor: String(row.actor), kind: String(row.kind), payload: String(row.payload) };
}

export async function readStations(client: pg.ClientBase, now: Date): Promise<ConsoleResponse<'console.stations'>> {
  const { rows: heads } = await client.query<Row>(`
    SELECT s.station, h.heard_at, h.seq AS site_seq, coalesce(p.seq, 0) AS projected_seq, p.held_reason
      FROM site_stations s
      JOIN station_heads h ON h.station = s.station
      LEFT JOIN site_projection_heads p ON p.station = s.station
     ORDER BY s.station`);
  // The alarms not yet dealt with: after the last one `site project --release` recorded.
  const { rows: alarms } = await client.query<Row>(`
    SELECT * FROM (
      SELECT a.id, a.station, a.kind, a.at, a.details->>'message' AS message,
             row_number() OVER (PARTITION BY a.station ORDER BY a.id DESC) AS n,
             count(*) OVER (PARTITION BY a.station) AS total
        FROM site_alarms a LEFT JOIN site_projection_heads p ON p.station = a.station
       WHERE a.id > coalesce(p.released_alarm, 0)
    ) x WHERE n <= 5 ORDER BY station, id DESC`);
  const { rows: warnings } = await client.query<Row>('SELECT station, device_id, warnings, last_kind, last_detail, last_at FROM site_device_warnings ORDER BY station, device_id');
  const { rows: open } = await client.query<Row>("SELECT station, count(*) AS open FROM site_incidents WHERE closed IS DISTINCT FROM 'true' GROUP BY station");

  const stations: ConsoleStation[] = heads.map((row) => {
    const station = String(row.station);
    const own = alarms.filter((alarm) => alarm.station === station);
    return {
      station,
      heardAt: iso(row.heard_at),
      siteSeq: int(row.site_seq),
      projectedSeq: int(row.projected_seq),
      held: text(row.held_reason),
      alarms: own.map((alarm) => ({ id: int(alarm.id), kind: String(alarm.kind), at: iso(alarm.at) ?? '', message: text(alarm.message) ?? '' })),
      alarmCount: own.length === 0 ? 0 : int(own[0]!.total),
      deviceWarnings: warnings
        .filter((warning) => warning.station === station)
        .map((warning) => ({ deviceId: String(warning.device_id), warnings: int(warning.warnings), lastKind: text(warning.last_kind), lastDetail: text(warning.last_detail), lastAt: text(warning.last_at) })),
      openIncidents: int(open.find((count) => count.station === station)?.open),
    };
  });
  return { stations, at: now.toISOString() };
}

const INCIDENT_COLUMNS = `
  i.station, i.number, i.custody_id, i.type, i.mode, i.reason, i.outcome, i.closed, i.updated_at,
  (SELECT count(*) FROM site_incident_steps st WHERE st.station = i.station AND st.incident_number = i.number) AS steps_done,
  o.at AS opened_at, o.payload_json->'protocol'->>'title' AS protocol_title,
  CASE WHEN jsonb_typeof(o.payload_json->'protocol'->'steps') = 'array' THEN jsonb_array_length(o.payload_json->'protocol'->'steps') END AS steps_total`;
/** The incident's incident.opened event at its station: when, and the protocol in force. */
const OPENED = `
  LEFT JOIN LATERAL (
    SELECT e.at, e.payload_json FROM station_events e
     WHERE e.station = i.station AND e.subject_type = 'incident' AND e.subject_id = i.number AND e.kind = 'incident.opened'
     ORDER BY e.seq LIMIT 1
  ) o ON true`;

function incidentOf(row: Row): ConsoleIncident {
  const total = row.steps_total === null || row.steps_total === undefined ? null : int(row.steps_total);
  return {
    station: String(row.station),
    number: String(row.number),
    custodyId: text(row.custody_id),
    type: text(row.type),
    mode: text(row.mode),
    reason: text(row.reason),
    openedAt: text(row.opened_at),
    updatedAt: String(row.updated_at),
    closed: row.closed === 'true',
    outcome: text(row.outcome),
    protocolTitle: text(row.protocol_title),
    steps: { done: int(row.steps_done), total },
  };
}

export async function readIncidents(client: pg.ClientBase, args: ConsoleArgs<'console.incidents'>): Promise<ConsoleResponse<'console.incidents'>> {
  const after = decodeCursor(args.cursor);
  const limit = args.limit ?? DEFAULT_PAGE;
  const { values, param } = parameters();
  const page = keysetPage('i.', 'number', args.station, after, param);
  // Spelled as the partial index of the open ones says it (site schema 10), so it is used.
  const open = args.open === undefined ? [] : [args.open ? "i.closed IS DISTINCT FROM 'true'" : "i.closed IS NOT DISTINCT FROM 'true'"];
  const where = [...open, ...page.where];
  const { rows } = await client.query<Row>(
    `SELECT ${INCIDENT_COLUMNS} FROM site_incidents i ${OPENED}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${page.order}
      LIMIT ${param(limit + 1)}`,
    values,
  );
  const incidents = rows.slice(0, limit).map(incidentOf);
  const last = incidents.at(-1);
  return { incidents, next: rows.length > limit && last ? encodeCursor({ updatedAt: last.updatedAt, station: last.station, key: last.number }) : null };
}

async function subjectEvents(client: pg.ClientBase, station: string, subjectType: string, subjectId: string): Promise<ConsoleEvent[]> {
  const { rows } = await client.query<Row>(
    `SELECT seq, at, actor, kind, left(payload, ${PAYLOAD_CHARS}) AS payload FROM station_events
      WHERE station = $1 AND subject_type = $2 AND subject_id = $3 ORDER BY seq LIMIT ${MAX_EVENTS}`,
    [station, subjectType, subjectId],
  );
  return rows.map(eventOf);
}

export async function readIncident(client: pg.ClientBase, args: ConsoleArgs<'console.incident'>): Promise<ConsoleResponse<'console.incident'>> {
  const { rows } = await client.query<Row>(`SELECT ${INCIDENT_COLUMNS} FROM site_incidents i ${OPENED} WHERE i.station = $1 AND i.number = $2`, [args.station, args.number]);
  if (rows.length === 0) throw new StationFailure('NOT_FOUND', `The site holds no incident ${args.number} of station ${args.station} (yet): its events may still be on their way.`);
  const incident = incidentOf(rows[0]!);
  const { rows: acknowledged } = await client.query<Row>(
    'SELECT step_id, acknowledged_by, second_by, note, could_not_because FROM site_incident_steps WHERE station = $1 AND incident_number = $2',
    [args.station, args.number],
  );
  const events = await subjectEvents(client, args.station, 'incident', args.number);
  const { rows: opened } = await client.query<Row>(
    `SELECT payload_json->'protocol'->'steps' AS steps, payload_json->'protocolSha256' AS sha256 FROM station_events
      WHERE station = $1 AND subject_type = 'incident' AND subject_id = $2 AND kind = 'incident.opened' ORDER BY seq LIMIT 1`,
    [args.station, args.number],
  );
  // The protocol's steps in its order (as opened), then any step acknowledged that it did not list.
  const order: string[] = Array.isArray(opened[0]?.steps) ? (opened[0].steps as unknown[]).map(String) : [];
  for (const row of acknowledged) if (!order.includes(String(row.step_id))) order.push(String(row.step_id));
  // Each step's acknowledgement (its time, the title the station showed) from the whole event, never
  // from the events listed below, whose payloads are cut at PAYLOAD_CHARS (a long note would lose the
  // step its time) and which stop at MAX_EVENTS. The last acknowledgement of a step is the one its
  // row holds (the station's replay keeps the last).
  const { rows: acknowledgements } = await client.query<Row>(
    `SELECT at, payload_json->>'stepId' AS step_id, payload_json->>'title' AS title FROM station_events
      WHERE station = $1 AND subject_type = 'incident' AND subject_id = $2 AND kind = 'incident.stepAcknowledged' ORDER BY seq`,
    [args.station, args.number],
  );
  const acknowledgement = new Map<string, { title: string | null; at: string }>();
  for (const row of acknowledgements) if (typeof row.step_id === 'string') acknowledgement.set(row.step_id, { title: text(row.title), at: String(row.at) });
  // A step not acknowledged yet is titled from the SOP its station published (checked: consoleSop.ts), when the site has it.
  const published = await publishedSop(client, opened[0]?.sha256);
  const sopTitles = new Map(published.found ? published.sop.steps.map((step) => [step.id, step.title]) : []);
  const steps: ConsoleIncidentStep[] = order.map((stepId) => {
    const row = acknowledged.find((candidate) => candidate.step_id === stepId);
    const seen = acknowledgement.get(stepId);
    return {
      stepId,
      title: seen?.title ?? sopTitles.get(stepId) ?? stepId,
      acknowledgedBy: row ? (text(row.acknowledged_by) ?? '—') : null,
      secondBy: row ? text(row.second_by) : null,
      note: row ? text(row.note) : null,
      couldNotBecause: row ? text(row.could_not_because) : null,
      at: row ? (seen?.at ?? null) : null,
    };
  });
  return { incident, steps, events };
}

export const ITEM_COLUMNS = 'station, custody_id, tracking_number, scanned_code, carrier, state, mode, item_type, recipient, incident_number, updated_at';

export function itemOf(row: Row): ConsoleItem {
  return {
    station: String(row.station),
    custodyId: String(row.custody_id),
    trackingNumber: text(row.tracking_number),
    scannedCode: text(row.scanned_code),
    carrier: text(row.carrier),
    state: text(row.state),
    mode: text(row.mode),
    itemType: text(row.item_type),
    recipient: text(row.recipient),
    incidentNumber: text(row.incident_number),
    updatedAt: String(row.updated_at),
  };
}

export async function readItemHistory(client: pg.ClientBase, args: ConsoleArgs<'console.itemHistory'>): Promise<ConsoleResponse<'console.itemHistory'>> {
  const { rows } = await client.query<Row>(`SELECT ${ITEM_COLUMNS} FROM site_items WHERE station = $1 AND custody_id = $2`, [args.station, args.custodyId]);
  if (rows.length === 0) throw new StationFailure('NOT_FOUND', `The site holds no item ${args.custodyId} of station ${args.station} (yet): its events may still be on their way.`);
  return { item: itemOf(rows[0]!), events: await subjectEvents(client, args.station, 'item', args.custodyId) };
}

export async function readInfo(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<Row>('SELECT coalesce(max(version), 0) AS version FROM site_schema_migrations');
  return int(rows[0]?.version);
}
