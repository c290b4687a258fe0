import type Database from 'better-sqlite3';
import { ScaleReading, type CataloguedAuditEvent, type WeightRecord } from '../../../shared/contract/index.ts';
import { canonicalCell, carried, NOT_RECORDED, operatorIdOf, PerItemRecords, type ExpectedRow } from '../replay/index.ts';
import { parseStoredJsonOrNull } from '../storedJson.ts';
import { OF_PURGED_ITEMS, numberedRowKey, type ItemRecordTable } from './itemRecordTable.ts';

/** What of a scale reading the weighing's event keeps: the device and the value as the scale sent it. */
export function readingSummary(reading: unknown): string | null {
  if (typeof reading !== 'object' || reading === null) return null;
  const r = reading as Record<string, unknown>;
  // Built in canonical key order: serialized in one go.
  return canonicalCell({ deviceId: r.deviceId ?? null, resolution: r.resolution ?? null, unit: r.unit ?? null, value: r.value ?? null });
}

/** weighings: each `item.weighed`. The reading's own time and condition and the row's `at` are not compared. */
export class WeighingsReplay extends PerItemRecords {
  readonly table = 'weighings';
  readonly columns = ['grams', 'source', 'reading', 'manual_reason', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.weighed') return null;
    const p = event.payload;
    const manual = p.source === 'manual';
    return {
      grams: carried(p, 'grams'),
      source: carried(p, 'source'),
      reading: manual ? null : Object.hasOwn(p, 'deviceId') ? readingSummary(p) : NOT_RECORDED,
      manual_reason: manual ? carried(p, 'reason') : null,
      operator_id: operatorIdOf(event.actor),
    };
  }
}

/** An item's weighings: each weight taken, from the scale or typed in with a reason. */
export class WeighingRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(custodyId: string, w: WeightRecord): void {
    this.#db
      .prepare('INSERT INTO weighings (custody_id, grams, source, reading, manual_reason, operator_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(custodyId, w.grams, w.source, w.reading ? JSON.stringify(w.reading) : null, w.manualReason, w.operatorId, w.at);
  }

  forItem(custodyId: string): WeightRecord[] {
    const rows = this.#db.prepare('SELECT * FROM weighings WHERE custody_id = ? ORDER BY id').all(custodyId) as Array<{
      id: number;
      grams: number;
      source: 'scale' | 'manual';
      reading: string | null;
      manual_reason: string | null;
      operator_id: string;
      at: string;
    }>;
    return rows.map((r) => ({
      grams: r.grams,
      source: r.source,
      reading: parseStoredJsonOrNull(ScaleReading, r.reading || null, { table: 'weighings', column: 'reading', key: `id ${r.id}` }),
      manualReason: r.manual_reason,
      operatorId: r.operator_id,
      at: r.at,
    }));
  }
}

export const WEIGHINGS = {
  table: 'weighings',
  replay: () => new WeighingsReplay(),
  rows: {
    sql: `SELECT r.custody_id AS key, r.id AS row_id, r.custody_id AS subject, r.id AS ordinal,
      grams, source, reading, manual_reason, operator_id FROM weighings r ORDER BY r.id`,
    numbered: numberedRowKey('weighings'),
    summarise: { reading: readingSummary },
  },
  purge: `DELETE FROM weighings WHERE custody_id ${OF_PURGED_ITEMS}`,
  verifyHelp: {
    checks: "each in order: grams, source, the scale reading's device, value, unit and resolution, the manual reason, operator",
    unchecked: "a weighing's at and its scale reading's own time and condition",
  },
  repository: (db) => new WeighingRepository(db),
} as const satisfies ItemRecordTable<'weighings', WeighingRepository>;
