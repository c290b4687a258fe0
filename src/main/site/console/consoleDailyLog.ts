import type pg from 'pg';
import { StationFailure, type ConsoleArgs, type ConsoleResponse } from '../../../shared/contract/index.ts';
import { collectDailyLog, dailyLogCsv, localDayRange, renderDailyLog, type DailyLog, type ReportContext } from '../../reports/index.ts';
import type { DailyLogEventRow } from '../../store/index.ts';
import { consolePaperMaker, operatorNamesAt } from './consolePaper.ts';

// The daily log at the console: the station's own builder (collectDailyLog, its CSV and PDF) fed
// from the site's record instead of the station's database: a station's item events of the day
// (station_events) with each item as the site's views hold it (site_items). Only events up to the
// station's projection head are read, so every event has its item's row and the paper names the
// chain position it was made from. The console writes nothing: unlike a station's, this paper is
// not recorded in any chain (its footer says the site console made it).

type Row = Record<string, unknown>;

/** The events a day's log reads: the day of the console's clock, as the station's is (one site, one time zone). */
async function dayRows(client: pg.ClientBase, station: string, startIso: string, endIso: string, kinds: readonly string[], modes: readonly string[], upTo: number): Promise<Array<DailyLogEventRow<string>>> {
  const { rows } = await client.query<Row>(
    `SELECT e.seq, e.at, e.actor, e.kind, e.subject_id AS custody_id, e.mode,
            i.carrier, i.tracking_number, i.item_type, i.recipient, i.state, i.incident_number
       FROM station_events e
       JOIN site_items i ON i.station = e.station AND i.custody_id = e.subject_id
      WHERE e.station = $1 AND e.subject_type = 'item' AND e.at >= $2 AND e.at < $3
        AND e.kind = ANY($4) AND e.mode = ANY($5) AND e.seq <= $6
      ORDER BY e.seq`,
    [station, startIso, endIso, kinds, modes, upTo],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: String(row.at),
    actor: String(row.actor),
    kind: String(row.kind),
    custody_id: String(row.custody_id),
    mode: row.mode as DailyLogEventRow<string>['mode'],
    carrier: (row.carrier as string | null) ?? null,
    tracking_number: (row.tracking_number as string | null) ?? null,
    item_type: (row.item_type as string | null) ?? null,
    recipient: (row.recipient as string | null) ?? null,
    state: String(row.state ?? ''),
    incident_number: (row.incident_number as string | null) ?? null,
  }));
}

/** One station's log and the context its paper is made in (its projection head, its operators' names). */
async function stationLog(client: pg.ClientBase, station: string, date: string, includeDemo: boolean, site: { name: string; by: string; now: Date }): Promise<{ log: DailyLog; context: ReportContext }> {
  const { rows: heads } = await client.query<Row>('SELECT seq, hash FROM site_projection_heads WHERE station = $1', [station]);
  const head = heads[0] ? { seq: Number(heads[0].seq), hash: String(heads[0].hash) } : { seq: 0, hash: '0'.repeat(64) };
  const { startIso, endIso } = localDayRange(date);
  // collectDailyLog asks its read model once, synchronously: the day's rows are read first.
  let fetched: Array<DailyLogEventRow<string>> = [];
  const read = {
    itemEvents: <K extends string>(query: { kinds: readonly K[] }) => fetched.filter((row) => (query.kinds as readonly string[]).includes(row.kind)) as Array<DailyLogEventRow<K>>,
  };
  const kinds = ['item.received', 'item.cleared', 'item.markedSuspect', 'custody.quarantined', 'item.voided'];
  fetched = await dayRows(client, station, startIso, endIso, kinds, includeDemo ? ['live', 'demo'] : ['live'], head.seq);
  const log = collectDailyLog(read, { date, station, includeDemo });
  const context: ReportContext = {
    siteName: site.name,
    stationId: station,
    generatedAt: site.now.toISOString(),
    generatedBy: site.by,
    chainHead: head,
    operatorName: await operatorNamesAt(client, station),
  };
  return { log, context };
}

export async function consoleDailyLog(client: pg.ClientBase, args: ConsoleArgs<'console.dailyLog'>, site: { name: string; now: Date }): Promise<ConsoleResponse<'console.dailyLog'>> {
  const includeDemo = args.mode === 'training';
  const by = await consolePaperMaker(client);
  const { rows: known } = await client.query<Row>('SELECT station FROM site_stations ORDER BY station');
  const stations = known.map((row) => String(row.station));
  if (args.station !== undefined && !stations.includes(args.station)) throw new StationFailure('NOT_FOUND', `No station ${args.station} has joined this site.`);
  const chosen = args.station === undefined ? stations : [args.station];
  const base = `daily-log-${date(args.date)}${args.station === undefined ? '-site' : `-${args.station}`}${includeDemo ? '-training' : ''}`;
  const logs = [];
  for (const station of chosen) logs.push(await stationLog(client, station, args.date, includeDemo, { name: site.name, by, now: site.now }));
  const items = logs.reduce((sum, { log }) => sum + log.items.length, 0);
  if (args.format === 'pdf') {
    const { log, context } = logs[0]!;
    const bytes = await renderDailyLog(log, context);
    return { fileName: `${base}.pdf`, contentBase64: bytes.toString('base64'), mimeType: 'application/pdf', stations: 1, items };
  }
  // One CSV for several stations: each station's rows under the one header (each row names its station).
  const parts = logs.map(({ log, context }) => dailyLogCsv(log, context.operatorName));
  const csv = parts.map((part, i) => (i === 0 ? part : part.slice(part.indexOf('\n') + 1))).join('');
  // UTF-8 with its byte-order mark, as the station's: spreadsheets read names right.
  return { fileName: `${base}.csv`, contentBase64: Buffer.from(`\uFEFF${csv}`, 'utf8').toString('base64'), mimeType: 'text/csv', stations: chosen.length, items };
}

const date = (iso: string) => iso.replace(/[^0-9-]/g, '');
