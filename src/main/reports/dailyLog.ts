import type { RecordMode } from '../../shared/contract/index.ts';
import type { AfterClearanceCounts, AfterClearanceReadModel, DailyLogReadModel, WaitingItems } from '../store/index.ts';
import { carrierNameOf, itemStateName, itemTypeName } from '../../shared/words/index.ts';
import { toCsv } from './csv.ts';
import { formatInstant, localDayRange } from './format.ts';
import { ReportPdf } from './reportPdf.ts';
import { footerLines, type ReportContext } from './reportContext.ts';

/**
 * What the daily log counts, each from the audit event that records it. Voided items (taken in by
 * mistake) are counted apart, so a stray scan is not mistaken for mail still waiting.
 */
const COUNTED = {
  'item.received': 'received',
  'item.cleared': 'cleared',
  'item.markedSuspect': 'suspect',
  'custody.quarantined': 'quarantined',
  'item.voided': 'voided',
} as const;
export type DailyMeasure = (typeof COUNTED)[keyof typeof COUNTED];
const MEASURES: readonly DailyMeasure[] = ['received', 'cleared', 'suspect', 'quarantined', 'voided'];

export type Counts = Record<DailyMeasure, number>;

export interface DailyLogItem {
  custodyId: string;
  mode: RecordMode;
  carrier: string | null;
  trackingNumber: string | null;
  itemType: string | null;
  recipient: string | null;
  state: string;
  incidentNumber: string | null;
  /** Per measure: when and by whom (actor), if it happened on this day. */
  actions: Partial<Record<DailyMeasure, { at: string; actor: string }>>;
}

export interface DailyLog {
  date: string;
  station: string;
  modes: RecordMode[];
  startIso: string;
  endIso: string;
  totals: Counts;
  byOperator: Array<{ actor: string; counts: Counts }>;
  byCarrier: Array<{ carrier: string; counts: Counts }>;
  items: DailyLogItem[];
  /** Live hand-overs and notices that day, and the items waiting for their recipient when the log was made. */
  afterClearance: (AfterClearanceCounts & { waitingNow: WaitingItems; madeAt: string }) | null;
}

const zero = (): Counts => ({ received: 0, cleared: 0, suspect: 0, quarantined: 0, voided: 0 });
export const NO_CARRIER = 'none recognized';

/**
 * The day's screening from the audit log: an item counts as received, cleared, suspect or
 * quarantined on the day its event was recorded, for the operator who did it. Drill records never
 * count; demo records count only in a training log.
 */
export function collectDailyLog(
  read: DailyLogReadModel,
  options: { date: string; station: string; includeDemo: boolean },
  handOver?: { read: AfterClearanceReadModel; now: Date },
): DailyLog {
  const modes: RecordMode[] = options.includeDemo ? ['live', 'demo'] : ['live'];
  const { startIso, endIso } = localDayRange(options.date);
  const rows = read.itemEvents({ startIso, endIso, station: options.station, kinds: Object.keys(COUNTED) as Array<keyof typeof COUNTED>, modes });
  const items = new Map<string, DailyLogItem>();
  const totals = zero();
  const byOperator = new Map<string, Counts>();
  const byCarrier = new Map<string, Counts>();
  for (const row of rows) {
    const measure = COUNTED[row.kind];
    let item = items.get(row.custody_id);
    if (!item) {
      item = {
        custodyId: row.custody_id,
        mode: row.mode,
        carrier: row.carrier,
        trackingNumber: row.tracking_number,
        itemType: row.item_type,
        recipient: row.recipient,
        state: row.state,
        incidentNumber: row.incident_number,
        actions: {},
      };
      items.set(row.custody_id, item);
    }
    // An item is counted once per measure a day, whoever repeated it.
    if (item.actions[measure]) continue;
    item.actions[measure] = { at: row.at, actor: row.actor };
    totals[measure] += 1;
    const op = byOperator.get(row.actor) ?? zero();
    op[measure] += 1;
    byOperator.set(row.actor, op);
    const carrier = row.carrier ?? NO_CARRIER;
    const c = byCarrier.get(carrier) ?? zero();
    c[measure] += 1;
    byCarrier.set(carrier, c);
  }
  return {
    date: options.date,
    station: options.station,
    modes,
    startIso,
    endIso,
    totals,
    byOperator: [...byOperator].map(([actor, counts]) => ({ actor, counts })),
    byCarrier: [...byCarrier].sort(([a], [b]) => a.localeCompare(b)).map(([carrier, counts]) => ({ carrier, counts })),
    items: [...items.values()],
    afterClearance: handOver
      ? { ...handOver.read.counts(startIso, endIso, options.station), waitingNow: handOver.read.waiting(handOver.now), madeAt: handOver.now.toISOString() }
      : null,
  };
}

export const DAILY_CSV_HEADER = [
  'date',
  'station',
  'custody_id',
  'mode',
  'carrier',
  'tracking_number',
  'item_type',
  'recipient',
  'state_now',
  'incident_number',
  ...MEASURES.flatMap((m) => [`${m}_at`, `${m}_by`]),
] as const;

/**
 * One row per item handled that day, with who did each counted step: the counts by operator and
 * by carrier are a pivot of these rows, so a spreadsheet can rebuild the PDF's tables exactly.
 */
export function dailyLogCsv(log: DailyLog, operatorName: (actor: string) => string): string {
  const rows: Array<Array<string | null>> = [[...DAILY_CSV_HEADER]];
  for (const item of log.items) {
    rows.push([
      log.date,
      log.station,
      item.custodyId,
      item.mode,
      item.carrier,
      item.trackingNumber,
      item.itemType,
      item.recipient,
      item.state,
      item.incidentNumber,
      ...MEASURES.flatMap((m) => {
        const action = item.actions[m];
        return action ? [action.at, operatorName(action.actor)] : [null, null];
      }),
    ]);
  }
  return toCsv(rows);
}

const countColumns = [
  { header: 'Received', weight: 1 },
  { header: 'Cleared', weight: 1 },
  { header: 'Suspect', weight: 1 },
  { header: 'Quarantined', weight: 1 },
  { header: 'Voided', weight: 1 },
];
const countCells = (c: Counts) => MEASURES.map((m) => String(c[m]));

export function renderDailyLog(log: DailyLog, context: ReportContext): Promise<Buffer> {
  const name = context.operatorName;
  const training = log.modes.includes('demo');
  const pdf = new ReportPdf({
    title: `Daily screening log ${log.date}`,
    subject: `Daily screening log — ${context.siteName}`,
    compress: context.compress,
    chainHead: context.chainHead,
    furniture: {
      runningTitle: `${context.siteName} · Daily screening log ${log.date} · station ${log.station}${training ? ' · TRAINING' : ''}`,
      footerLines: footerLines(context),
      watermark: null,
    },
  });
  pdf.title(`Daily screening log — ${log.date}`, `${context.siteName} · station ${log.station} · ${formatInstant(log.startIso)} to ${formatInstant(log.endIso)}`);
  if (training) {
    pdf.banner('TRAINING LOG — includes DEMO records made with simulated devices. Not a record of real mail.', '#8a5a00');
  } else {
    pdf.note('Live records only: drill and demo records are excluded from this log.');
  }

  pdf.heading('Totals');
  pdf.table(countColumns, [countCells(log.totals)]);

  pdf.heading('By operator');
  pdf.table(
    [{ header: 'Operator', weight: 2.5 }, ...countColumns],
    log.byOperator.map((o) => [name(o.actor), ...countCells(o.counts)]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    { emptyText: 'No screening recorded on this day.' },
  );

  pdf.heading('By carrier');
  pdf.table(
    [{ header: 'Carrier', weight: 2.5 }, ...countColumns],
    log.byCarrier.map((c) => [c.carrier === NO_CARRIER ? 'No carrier recognized' : carrierNameOf(c.carrier), ...countCells(c.counts)]),
    { emptyText: 'No screening recorded on this day.' },
  );

  if (log.afterClearance) {
    const a = log.afterClearance;
    const w = a.waitingNow;
    pdf.heading('After clearance');
    pdf.table(
      [
        { header: 'Handed over', weight: 1 },
        { header: 'Notices sent', weight: 1 },
        { header: 'Bounced', weight: 1 },
        { header: 'Failed', weight: 1 },
      ],
      [[String(a.delivered), String(a.notices.sent), String(a.notices.bounced), String(a.notices.failed)]],
    );
    pdf.note(
      `Waiting for their recipient at ${formatInstant(a.madeAt)}: ${w.total} item${w.total === 1 ? '' : 's'}` +
        (w.total === 0 ? '.' : ` — under a day ${w.byAge.underDay}, 1–3 days ${w.byAge.days1to3}, 3–7 days ${w.byAge.days3to7}, a week or more ${w.byAge.week}; waiting since ${formatInstant(w.oldestSince!)} the longest.`),
    );
  }

  pdf.heading(`Items (${log.items.length})`);
  pdf.table(
    [
      // Wide enough for the widest custody ID on one line: an ID split across lines is misread.
      { header: 'Custody ID', weight: 1.9 },
      // A tracking number (up to 22 characters) and a type in words ("Padded envelope") each wrap between words only.
      { header: 'Carrier / tracking', weight: 2.3 },
      { header: 'Type', weight: 1.2 },
      { header: 'Recipient', weight: 1.1 },
      { header: 'Received', weight: 1.2 },
      { header: 'Outcome today', weight: 1.7 },
      { header: 'State now', weight: 1.1 },
    ],
    // Each row made as it is drawn: a busy day's table is not held as text for its length.
    (function* rows() {
      for (const item of log.items) yield itemRow(item, name);
    })(),
    { fontSize: 7.5, emptyText: 'No item was handled on this day.' },
  );
  pdf.signatureLines(['Reviewed by — name, signature, date']);
  return pdf.finish();
}

/** Hours, minutes and seconds of an instant, local: the day is the log's. */
const time = (iso: string | undefined) => (iso ? formatInstant(iso, false).slice(11) : '');

/** One item's row of the log's table, in the words of the paper. */
function itemRow(item: DailyLogItem, name: (actor: string) => string): string[] {
  const a = item.actions;
  const outcome = [
    a.cleared ? `Cleared ${time(a.cleared.at)} ${name(a.cleared.actor)}` : null,
    a.suspect ? `SUSPECT ${time(a.suspect.at)} ${name(a.suspect.actor)}` : null,
    a.quarantined ? `Quarantined ${time(a.quarantined.at)} ${name(a.quarantined.actor)}` : null,
    a.voided ? `Voided ${time(a.voided.at)} ${name(a.voided.actor)}` : null,
    item.incidentNumber ? `Incident ${item.incidentNumber}` : null,
  ].filter(Boolean);
  return [
    `${item.custodyId}${item.mode === 'demo' ? '\n(DEMO)' : ''}`,
    [item.carrier === null ? null : carrierNameOf(item.carrier), item.trackingNumber].filter(Boolean).join(' ') || '—',
    item.itemType === null ? '—' : itemTypeName(item.itemType),
    item.recipient ?? '—',
    a.received ? `${time(a.received.at)} ${name(a.received.actor)}` : 'earlier day',
    outcome.join('\n') || '—',
    itemStateName(item.state),
  ];
}
