import type pg from 'pg';
import { z } from 'zod';
import {
  CustodyParty,
  CustodyTransferView,
  Dimensions,
  IncidentDetails,
  IncidentType,
  Item,
  StationFailure,
  type AuditEvent,
  type AuditSubjectType,
  type ConsoleArgs,
  type ConsoleResponse,
} from '../../../shared/contract/index.ts';
import { renderCustodyForm, type CustodyFormInput, type ReportContext } from '../../reports/index.ts';
import { StateReplay } from '../../store/index.ts';
import { siteEventOf, SITE_EVENT_COLUMNS, type SiteEventRow } from '../postgres/index.ts';

// The chain-of-custody form at the console: the station's own form builder (renderCustodyForm) fed
// the item as the site's record holds it: the item's row (site_items), its transfers
// (site_custody_transfers), its incident (site_incidents), and the item's own events for what the
// rows do not carry: when it was received and when each transfer was made (a row's time is its
// event's), and its weighings, read by the station's own replay. Only events up to the station's
// projection head are read, so the rows and the events agree and the paper names that position as
// its chain head. A form the site cannot make whole is refused, never printed with less.

type Row = Record<string, unknown>;

/** An item's events read at most: an item has tens; a record with more is not one a form is made of here. */
const MAX_ITEM_EVENTS = 5000;
/** The events that make an item's n-th custody transfer (CustodyTransfersReplay's). */
const TRANSFER_KINDS = new Set(['custody.quarantined', 'custody.transferred', 'custody.handedOver', 'custody.released', 'custody.destroyed']);

const json = <T>(schema: z.ZodType<T>, cell: unknown, what: string): T => {
  try {
    return schema.parse(JSON.parse(String(cell)));
  } catch {
    throw new StationFailure('INTERNAL', `The site's record of ${what} is not one this console can read: check the site with verify --site.`);
  }
};
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** The station's projection head: what the form is made from, printed as its chain head. */
export async function projectionHead(client: pg.ClientBase, station: string): Promise<{ seq: number; hash: string }> {
  const { rows } = await client.query<Row>('SELECT p.seq, p.hash FROM site_stations s LEFT JOIN site_projection_heads p ON p.station = s.station WHERE s.station = $1', [station]);
  if (rows.length === 0) throw new StationFailure('NOT_FOUND', `No station ${station} has joined this site.`);
  return rows[0]!.seq === null ? { seq: 0, hash: '0'.repeat(64) } : { seq: Number(rows[0]!.seq), hash: String(rows[0]!.hash) };
}

/** The item's events up to the head, as the station made them. */
async function itemEvents(client: pg.ClientBase, station: string, custodyId: string, upTo: number): Promise<AuditEvent[]> {
  const { rows } = await client.query<SiteEventRow>(
    `SELECT ${SITE_EVENT_COLUMNS} FROM station_events WHERE station = $1 AND subject_type = 'item' AND subject_id = $2 AND seq <= $3 ORDER BY seq LIMIT ${MAX_ITEM_EVENTS + 1}`,
    [station, custodyId, upTo],
  );
  if (rows.length > MAX_ITEM_EVENTS) throw new StationFailure('UNAVAILABLE', `Item ${custodyId} has more than ${MAX_ITEM_EVENTS} events at the site: print its custody form at station ${station}.`);
  return rows.map((row) => {
    const event = siteEventOf(row);
    return { ...event, subjectType: event.subjectType as AuditSubjectType, mode: event.mode as AuditEvent['mode'], payload: JSON.parse(event.payload) as Record<string, unknown> };
  });
}

/** The grams of each weighing, in order, as the station's replay reads the item's events. */
function weighings(events: readonly AuditEvent[], custodyId: string): Array<{ grams: number }> {
  const replay = new StateReplay();
  for (const event of events) replay.fold(event);
  const rows = replay.tables.find((table) => table.table === 'weighings')!.rows();
  const found: Array<{ grams: number }> = [];
  for (let n = 1; ; n += 1) {
    const row = rows.get(`${custodyId}/${n}`);
    if (!row) return found;
    found.push({ grams: Number(row.grams) });
  }
}

async function incidentOf(client: pg.ClientBase, station: string, number: string, upTo: number): Promise<CustodyFormInput['incident']> {
  const { rows } = await client.query<Row>(
    `SELECT i.number, i.type, i.opened_by, i.details, o.at AS opened_at FROM site_incidents i
       LEFT JOIN LATERAL (SELECT e.at FROM station_events e WHERE e.station = i.station AND e.subject_type = 'incident' AND e.subject_id = i.number AND e.kind = 'incident.opened' AND e.seq <= $3 ORDER BY e.seq LIMIT 1) o ON true
      WHERE i.station = $1 AND i.number = $2`,
    [station, number, upTo],
  );
  const row = rows[0];
  if (!row || row.opened_at === null) throw new StationFailure('UNAVAILABLE', `Incident ${number} of station ${station} is not in the site's views yet: try again in a moment.`);
  return {
    number: String(row.number),
    type: json(IncidentType, JSON.stringify(row.type), `incident ${number}'s type`),
    openedAt: String(row.opened_at),
    openedBy: String(row.opened_by),
    details: row.details === null ? {} : json(IncidentDetails, row.details, `incident ${number}'s details`),
  };
}

/** The form's facts from the site's record, and the position they were read at. */
export async function siteCustodyFormInput(client: pg.ClientBase, station: string, custodyId: string): Promise<{ input: CustodyFormInput; head: { seq: number; hash: string } }> {
  const head = await projectionHead(client, station);
  const { rows } = await client.query<Row>('SELECT * FROM site_items WHERE station = $1 AND custody_id = $2', [station, custodyId]);
  const row = rows[0];
  if (!row) throw new StationFailure('NOT_FOUND', `The site holds no item ${custodyId} of station ${station} (yet): its events may still be on their way.`);
  const events = await itemEvents(client, station, custodyId, head.seq);
  const received = events.find((event) => event.kind === 'item.received' || event.kind === 'drill.started');
  if (!received) throw new StationFailure('UNAVAILABLE', `Item ${custodyId} of station ${station} is not in the site's views yet: try again in a moment.`);
  // The counter hand-over's signature is drawn on the form; the site holds its SHA-256, not its strokes.
  if (events.some((event) => event.kind === 'item.delivered')) {
    throw new StationFailure('UNAVAILABLE', `Item ${custodyId} was handed over at the collection counter: its signature is kept at station ${station}, not at the site. Print its custody form there.`);
  }
  const item = Item.safeParse({
    custodyId,
    trackingNumber: text(row.tracking_number),
    carrier: text(row.carrier),
    scannedCode: String(row.scanned_code ?? ''),
    symbology: text(row.symbology),
    state: text(row.state),
    mode: text(row.mode),
    receivedAt: received.at,
    updatedAt: String(row.updated_at),
    receivedBy: String(row.received_by ?? ''),
    itemType: text(row.item_type),
    incidentNumber: text(row.incident_number),
  });
  if (!item.success) throw new StationFailure('INTERNAL', `The site's record of item ${custodyId} is not one this console can read: check the site with verify --site.`);
  const transferEvents = events.filter((event) => TRANSFER_KINDS.has(event.kind));
  const { rows: transfers } = await client.query<Row>('SELECT * FROM site_custody_transfers WHERE station = $1 AND custody_id = $2 ORDER BY n', [station, custodyId]);
  const custody = transfers.map((t, i) =>
    CustodyTransferView.parse({
      // The station's row id is its own; the site numbers an item's transfers from 1 (the form prints their order).
      id: Number(t.n),
      kind: text(t.kind),
      releasedBy: json(CustodyParty, t.released_by, `a transfer of item ${custodyId}`),
      receivedBy: json(CustodyParty, t.received_by, `a transfer of item ${custodyId}`),
      reason: String(t.reason ?? ''),
      sealNumbers: t.seal_numbers === null ? [] : json(z.array(z.string()), t.seal_numbers, `a transfer of item ${custodyId}`),
      sealIntact: t.seal_intact === null ? null : t.seal_intact === '1',
      location: text(t.location),
      secondBy: text(t.second_by),
      at: transferEvents[i]?.at ?? String(t.updated_at),
    }),
  );
  const incidentNumber = item.data.incidentNumber;
  return {
    head,
    input: {
      detail: {
        item: item.data,
        custody,
        recipient: text(row.recipient),
        sender: text(row.sender),
        dimensions: row.dimensions === null ? null : json(Dimensions, row.dimensions, `item ${custodyId}'s size`),
        weights: weighings(events, custodyId),
      },
      incident: incidentNumber === null ? null : await incidentOf(client, station, incidentNumber, head.seq),
      handOver: null,
    },
  };
}

export async function consoleCustodyForm(
  client: pg.ClientBase,
  args: ConsoleArgs<'console.custodyForm'>,
  site: { name: string; now: Date; operatorNames: (station: string) => Promise<ReportContext['operatorName']>; by: string },
): Promise<ConsoleResponse<'console.custodyForm'>> {
  const { input, head } = await siteCustodyFormInput(client, args.station, args.custodyId);
  const context: ReportContext = {
    siteName: site.name,
    stationId: args.station,
    generatedAt: site.now.toISOString(),
    generatedBy: site.by,
    chainHead: head,
    operatorName: await site.operatorNames(args.station),
  };
  const bytes = await renderCustodyForm(input, context);
  return { fileName: `custody-${args.custodyId}.pdf`, contentBase64: bytes.toString('base64'), mimeType: 'application/pdf' };
}
