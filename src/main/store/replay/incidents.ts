import { createHash } from 'node:crypto';
import type { CataloguedAuditEvent } from '../../../shared/contract/index.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { purgedIncidents } from './incidentRecords.ts';
import { carried, NOT_RECORDED, operatorIdOf, text, type ExpectedRow, type TableReplay } from './types.ts';

const COLUMNS = [
  'custody_id',
  'type',
  'mode',
  'reason',
  'protocol',
  'details',
  'outcome',
  'lab_reference',
  'corrective_actions',
  'opened_by',
  'closed_by',
  'closed_second_by',
  'closed',
] as const;

/**
 * The SHA-256 of the whole protocol (canonical JSON) as the incident keeps it: the log carries it
 * (since issue 10) so the SOP in force cannot be edited in the row unnoticed. Compared as `sha256:<hex>`.
 */
export function sopFingerprint(protocol: unknown): string {
  return createHash('sha256').update(canonicalJson(protocol)).digest('hex');
}

/** The row's protocol in the form the events recorded it: its fingerprint when they carry one, else its summary. */
export function protocolCell(protocol: unknown, expected: string | null): string | null {
  return expected?.startsWith('sha256:') ? `sha256:${sopFingerprint(protocol)}` : protocolSummary(protocol);
}

/**
 * What of a protocol the log keeps: its title, version and step ids (the row keeps the whole SOP
 * as it was in force). The same summary is made of the row to compare them.
 */
export function protocolSummary(protocol: unknown): string | null {
  if (typeof protocol !== 'object' || protocol === null) return null;
  const p = protocol as { title?: unknown; version?: unknown; steps?: unknown };
  const steps = Array.isArray(p.steps) ? p.steps.map((s: unknown) => (typeof s === 'object' && s !== null ? (s as { id?: unknown }).id : s)) : null;
  return canonicalJson({ title: p.title ?? null, version: p.version ?? null, steps });
}

/**
 * incidents, by number. `incident.opened` creates the row; details are merged, the outcome set
 * and the closing recorded by their events; a purge removes the incidents it names. opened_at and
 * closed_at are the service clock's: only whether the incident is closed is compared.
 * The protocol steps' acknowledgements and the incident's entries are their own tables (incidentRecords.ts).
 */
export class IncidentsReplay implements TableReplay {
  readonly table = 'incidents';
  readonly columns = COLUMNS;
  readonly #rows = new Map<string, ExpectedRow>();
  readonly #details = new Map<string, Record<string, unknown>>();

  rows(): Map<string, ExpectedRow> {
    return this.#rows;
  }

  fold(event: CataloguedAuditEvent): void {
    if (event.kind === 'records.purged') {
      for (const number of purgedIncidents(event)) {
        this.#rows.delete(number);
        this.#details.delete(number);
      }
      return;
    }
    if (event.subjectType !== 'incident') return;
    const number = event.subjectId;
    if (event.kind === 'incident.opened') {
      const p = event.payload;
      this.#details.set(number, {});
      this.#rows.set(number, {
        custody_id: carried(p, 'custodyId'),
        type: carried(p, 'type'),
        mode: event.mode,
        reason: carried(p, 'reason'),
        protocol: typeof p.protocolSha256 === 'string' ? `sha256:${p.protocolSha256}` : Object.hasOwn(p, 'protocol') ? protocolSummary(p.protocol) : NOT_RECORDED,
        details: canonicalJson({}),
        outcome: null,
        lab_reference: null,
        corrective_actions: null,
        opened_by: operatorIdOf(event.actor),
        closed_by: null,
        closed_second_by: null,
        closed: 'false',
      });
      return;
    }
    const row = this.#rows.get(number);
    if (!row) return;
    switch (event.kind) {
      case 'incident.detailsRecorded': {
        const merged = { ...this.#details.get(number), ...event.payload };
        this.#details.set(number, merged);
        row.details = canonicalJson(merged);
        break;
      }
      case 'incident.outcomeRecorded':
        row.outcome = carried(event.payload, 'outcome');
        row.lab_reference = carried(event.payload, 'labReference');
        row.corrective_actions = carried(event.payload, 'correctiveActions');
        break;
      case 'incident.closed':
        row.closed_by = operatorIdOf(event.actor);
        row.closed_second_by = carried(event.payload, 'secondBy', text);
        row.closed = 'true';
        break;
    }
  }
}
