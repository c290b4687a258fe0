import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { CataloguedAuditEvent, InspectionRecord } from '../../../shared/contract/index.ts';
import { canonicalCell, carried, operatorIdOf, PerItemRecords, type ExpectedCell, type ExpectedRow } from '../replay/index.ts';
import { parseStoredJson } from '../storedJson.ts';
import { OF_PURGED_ITEMS, numberedRowKey, type ItemRecordTable } from './itemRecordTable.ts';

const StoredIndicators = z.array(z.string());

const json = (v: unknown): ExpectedCell => (v === null || v === undefined ? null : canonicalCell(v));

/** inspections: each `item.inspected` (a re-inspection is a new row). */
export class InspectionsReplay extends PerItemRecords {
  readonly table = 'inspections';
  readonly columns = ['indicators', 'notes', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.inspected') return null;
    return { indicators: carried(event.payload, 'indicators', json), notes: carried(event.payload, 'notes'), operator_id: operatorIdOf(event.actor) };
  }
}

/** An item's visual inspections: the indicators seen and the notes. */
export class InspectionRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(custodyId: string, inspection: InspectionRecord): void {
    this.#db
      .prepare('INSERT INTO inspections (custody_id, indicators, notes, operator_id, at) VALUES (?, ?, ?, ?, ?)')
      .run(custodyId, JSON.stringify(inspection.indicators), inspection.notes, inspection.operatorId, inspection.at);
  }

  /** The latest inspection: a re-inspection is a new record, the earlier one stays. */
  latest(custodyId: string): InspectionRecord | null {
    const row = this.#db.prepare('SELECT * FROM inspections WHERE custody_id = ? ORDER BY id DESC LIMIT 1').get(custodyId) as
      | { id: number; indicators: string; notes: string; operator_id: string; at: string }
      | undefined;
    if (!row) return null;
    const indicators = parseStoredJson(StoredIndicators, row.indicators, { table: 'inspections', column: 'indicators', key: `id ${row.id}` });
    return { indicators, notes: row.notes, operatorId: row.operator_id, at: row.at };
  }
}

export const INSPECTIONS = {
  table: 'inspections',
  replay: () => new InspectionsReplay(),
  rows: {
    sql: `SELECT r.custody_id AS key, r.id AS row_id, r.custody_id AS subject, r.id AS ordinal,
      indicators, notes, operator_id FROM inspections r ORDER BY r.id`,
    numbered: numberedRowKey('inspections'),
    json: ['indicators'],
  },
  purge: `DELETE FROM inspections WHERE custody_id ${OF_PURGED_ITEMS}`,
  verifyHelp: { checks: 'each in order: indicators, notes, operator', unchecked: "an inspection's at" },
  repository: (db) => new InspectionRepository(db),
} as const satisfies ItemRecordTable<'inspections', InspectionRepository>;
