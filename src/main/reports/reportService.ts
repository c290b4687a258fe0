import { createHash } from 'node:crypto';
import { StationFailure, type IncidentView, type ItemDetail, type Operator, type RecordMode } from '../../shared/contract/index.ts';
import { CollectionRepository, type Store } from '../store/index.ts';
import { buildAuditExport, type ExportHead } from './auditExport.ts';
import { renderCustodyForm, type CounterHandOver } from './custodyForm.ts';
import { collectDailyLog, dailyLogCsv, renderDailyLog } from './dailyLog.ts';
import { localDayRange } from './format.ts';
import { renderIncidentReport, type IncidentItemField } from './incidentReport.ts';
import type { ReportContext } from './reportContext.ts';

/** Who asked for a paper: recorded in the audit log and printed on it. */
export interface Requester {
  /** The audit actor: operator:<id> at the station, cli:<user> from the admin CLI. */
  actor: string;
  name: string;
}

export function requesterOf(operator: Operator): Requester {
  return { actor: `operator:${operator.id}`, name: `${operator.name} (${operator.badge})` };
}

export interface ReportFile {
  fileName: string;
  bytes: Buffer;
  mimeType: 'application/pdf' | 'text/csv' | 'application/x-ndjson';
  sha256: string;
  /** The audit event that records this file leaving the station (set once it is recorded). */
  auditSeq?: number;
}

export interface AuditExportFile extends ReportFile {
  events: number;
  head: ExportHead;
}

/**
 * Where the CLI sends a made file before it is recorded: `deliver` writes it whole (or throws, and
 * nothing is recorded); `withdraw` removes it again if its audit event cannot be committed. The
 * screen's reports have none: their bytes go back in the response, after the event.
 */
export interface ReportDelivery {
  deliver(file: ReportFile): void;
  withdraw(): void;
}

/**
 * What the papers are made from: the station's records and its view of an item. The core gives
 * them (reportSources(workflow)); reports do not reach into the core for them.
 */
export interface ReportSources {
  readonly store: Store;
  readonly mode: RecordMode;
  nowIso(): string;
  siteName(): string;
  itemDetail(custodyId: string): ItemDetail;
  /** The incident report's lines on the item's screening, each step's (item null: its record is purged). */
  itemReportFields(item: ItemDetail | null): IncidentItemField[];
}

/** Anything that builds the incident view: the IncidentService, or a function in the CLI. */
export type IncidentViewSource = { view(incidentId: number): IncidentView } | ((incidentId: number) => IncidentView);

export interface ReportServiceOptions {
  /** Tests read the PDFs uncompressed. */
  compress?: boolean;
}

/** The item's hand-over at the collection counter, from its collection row and the signature it names. */
function counterHandOver(store: Store, custodyId: string): CounterHandOver | null {
  const collections = new CollectionRepository(store.db);
  const row = collections.forItem(custodyId);
  if (!row) return null;
  const stored = row.signatureSha256 ? collections.signature(row.signatureSha256) : null;
  let signature: CounterHandOver['signature'];
  try {
    signature = stored ? (JSON.parse(stored.strokes) as NonNullable<CounterHandOver['signature']>) : null;
  } catch {
    // A damaged row draws no signature; verify names the table, and the fingerprint below stays.
    signature = null;
  }
  const who = row.collector === 'proxy' ? `${row.proxyName ?? 'a proxy'} for ${row.recipientName}` : `${row.recipientName} in person`;
  const authority = row.authority === 'standingProxy' ? 'standing proxy in the directory' : row.authority === 'departmentContact' ? `department contact ${row.authorisedBy ?? ''}` : row.collector === 'proxy' ? 'none' : '—';
  return {
    words: [
      ['Collected by', who],
      ['Authority', authority],
      ['When', row.at],
      ['ID document', row.idNumber ?? 'not recorded'],
      ['Photo', row.photoSha256 ? `taken, SHA-256 ${row.photoSha256}` : 'none'],
      ['Signature', row.signatureSha256 ? `below, SHA-256 ${row.signatureSha256}` : 'none'],
    ],
    signature,
  };
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * The papers and files that leave the station: incident report, custody form, daily log, audit
 * export. Each is built from the records as they are in one read, and each one made is itself an
 * audit event (who, what, the file's SHA-256): personal data never leaves unrecorded.
 */
export class ReportService {
  readonly #ctx: ReportSources;
  readonly #view: (incidentId: number) => IncidentView;
  readonly #compress: boolean;

  constructor(ctx: ReportSources, incidents: IncidentViewSource, options: ReportServiceOptions = {}) {
    this.#ctx = ctx;
    this.#view = typeof incidents === 'function' ? incidents : (id) => incidents.view(id);
    this.#compress = options.compress ?? true;
  }

  incidentIdByNumber(number: string): number {
    const id = this.#ctx.store.reader.lookups.incidentIdByNumber(number.trim().toUpperCase());
    if (id === null) throw new StationFailure('NOT_FOUND', `No incident numbered ${number}.`);
    return id;
  }

  #context(by: Requester): ReportContext {
    const ctx = this.#ctx;
    const head = ctx.store.reader.lookups.chainHead();
    const names = new Map<string, string>();
    return {
      siteName: ctx.siteName(),
      stationId: ctx.store.stationId,
      generatedAt: ctx.nowIso(),
      generatedBy: by.name,
      chainHead: head ?? { seq: 0, hash: '0'.repeat(64) },
      operatorName: (idOrActor) => {
        if (!idOrActor) return '—';
        const id = idOrActor.startsWith('operator:') ? idOrActor.slice('operator:'.length) : idOrActor;
        if (!names.has(id)) {
          const operator = ctx.store.operators.byId(id);
          names.set(id, operator ? operator.name : idOrActor);
        }
        return names.get(id)!;
      },
      compress: this.#compress,
    };
  }

  /**
   * The record that a paper left the station, in its own transaction, committed only once the
   * paper is delivered (written whole, for the CLI): a paper that failed to leave is not recorded,
   * and one whose record failed is withdrawn.
   */
  #recordGenerated(
    by: Requester,
    mode: RecordMode,
    report: string,
    subject: { type: 'item' | 'incident' | 'station'; id: string },
    file: ReportFile,
    extra: Record<string, unknown>,
    delivery: ReportDelivery | undefined,
  ): void {
    const ctx = this.#ctx;
    delivery?.deliver(file);
    try {
      file.auditSeq = ctx.store.transaction(() => {
        return ctx.store.audit.append({
          actor: by.actor,
          kind: 'report.generated',
          subjectType: subject.type,
          subjectId: subject.id,
          mode,
          payload: { report, fileName: file.fileName, sha256: file.sha256, bytes: file.bytes.length, ...extra },
        }).seq;
      });
    } catch (error) {
      delivery?.withdraw();
      throw error;
    }
  }

  async incidentReport(incidentId: number, by: Requester, delivery?: ReportDelivery): Promise<ReportFile> {
    const ctx = this.#ctx;
    // One read: the view, the item and the events agree with the chain head printed on the paper.
    const { input, context } = ctx.store.reader.consistent(() => {
      const incident = this.#view(incidentId);
      const item = ctx.store.items.exists(incident.custodyId) ? ctx.itemDetail(incident.custodyId) : null;
      const events = [...ctx.store.audit.eventsFor('item', incident.custodyId), ...ctx.store.audit.eventsFor('incident', incident.number)].sort((a, b) => a.seq - b.seq);
      return { input: { incident, item, events, itemFields: ctx.itemReportFields(item) }, context: this.#context(by) };
    });
    const bytes = await renderIncidentReport(input, context);
    const file: ReportFile = { fileName: `${input.incident.number}-incident-report.pdf`, bytes, mimeType: 'application/pdf', sha256: sha256(bytes) };
    this.#recordGenerated(by, input.incident.mode, 'incident', { type: 'incident', id: input.incident.number }, file, { chainHeadSeq: context.chainHead.seq }, delivery);
    return file;
  }

  async custodyForm(custodyId: string, by: Requester, delivery?: ReportDelivery): Promise<ReportFile> {
    const ctx = this.#ctx;
    const { input, context } = ctx.store.reader.consistent(() => {
      const detail = ctx.itemDetail(custodyId);
      const incident = detail.incident ? this.#view(detail.incident.id) : null;
      return { input: { detail, incident, handOver: counterHandOver(ctx.store, custodyId) }, context: this.#context(by) };
    });
    const bytes = await renderCustodyForm(input, context);
    const file: ReportFile = { fileName: `custody-${custodyId}.pdf`, bytes, mimeType: 'application/pdf', sha256: sha256(bytes) };
    this.#recordGenerated(by, input.detail.item.mode, 'custodyForm', { type: 'item', id: custodyId }, file, { chainHeadSeq: context.chainHead.seq }, delivery);
    return file;
  }

  /** The daily log of live records (training: live and demo). Drill records are never in it. */
  async dailyLog(date: string, format: 'pdf' | 'csv', by: Requester, options: { mode?: 'live' | 'training'; station?: string; delivery?: ReportDelivery } = {}): Promise<ReportFile> {
    const ctx = this.#ctx;
    const includeDemo = options.mode === 'training';
    const { log, context } = ctx.store.reader.consistent(() => ({
      log: collectDailyLog(ctx.store.reader.dailyLog, { date, station: options.station ?? ctx.store.stationId, includeDemo }, { read: ctx.store.reader.afterClearance, now: new Date(ctx.nowIso()) }),
      context: this.#context(by),
    }));
    const base = `daily-log-${date}${includeDemo ? '-training' : ''}`;
    const file: ReportFile =
      format === 'csv'
        ? (() => {
            // UTF-8 with its byte-order mark: without it spreadsheet programs read the file as their
            // local code page and print "Zoë Ørsted" as "ZoÃ« Ã˜rsted".
            const bytes = Buffer.from(`\uFEFF${dailyLogCsv(log, context.operatorName)}`, 'utf8');
            return { fileName: `${base}.csv`, bytes, mimeType: 'text/csv' as const, sha256: sha256(bytes) };
          })()
        : await (async () => {
            const bytes = await renderDailyLog(log, context);
            return { fileName: `${base}.pdf`, bytes, mimeType: 'application/pdf' as const, sha256: sha256(bytes) };
          })();
    this.#recordGenerated(by, includeDemo ? 'demo' : 'live', 'dailyLog', { type: 'station', id: log.station }, file, { date, format, modes: log.modes, items: log.items.length }, options.delivery);
    return file;
  }

  /**
   * The audit events of a period (local days, both inclusive) as JSON lines. Reading the events,
   * delivering the file and recording the export happen in one transaction, so the export event
   * names exactly what left, and is committed only once it has left.
   */
  auditExport(from: string, to: string, by: Requester, delivery?: ReportDelivery): AuditExportFile {
    if (!(from <= to)) throw new StationFailure('INVALID_ARGUMENTS', `The period must start on or before its end: ${from} is after ${to}.`);
    const ctx = this.#ctx;
    const { startIso, endIso } = localDayRange(from, to);
    let delivered = false;
    try {
      return ctx.store.transaction(() => {
        const exported = buildAuditExport(ctx.store.reader.auditExport, { from, to, startIso, endIso }, { station: ctx.store.stationId, exportedAt: ctx.nowIso(), exportedBy: by.actor });
        const fileName = `audit-export-${from}-to-${to}.jsonl`;
        const file: AuditExportFile = {
          fileName,
          bytes: Buffer.from(exported.content, 'utf8'),
          mimeType: 'application/x-ndjson',
          sha256: exported.sha256,
          events: exported.head.events,
          head: exported.head,
        };
        delivery?.deliver(file);
        delivered = delivery !== undefined;
        const recorded = ctx.store.audit.append({
          actor: by.actor,
          kind: 'audit.exported',
          subjectType: 'station',
          subjectId: ctx.store.stationId,
          mode: ctx.mode,
          payload: {
            from,
            to,
            periodStart: startIso,
            periodEnd: endIso,
            events: exported.head.events,
            firstSeq: exported.head.events > 0 ? exported.head.anchor.seq + 1 : null,
            lastSeq: exported.head.events > 0 ? exported.head.chainHead.seq : null,
            headHash: exported.head.chainHead.hash,
            fileName,
            sha256: exported.sha256,
          },
        });
        file.auditSeq = recorded.seq;
        return file;
      });
    } catch (error) {
      if (delivered) delivery?.withdraw();
      throw error;
    }
  }
}
