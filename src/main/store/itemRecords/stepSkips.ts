import type Database from 'better-sqlite3';
import type { CataloguedAuditEvent, ScreeningStep, StepSkip } from '../../../shared/contract/index.ts';
import { carried, operatorIdOf, PerItemRecords, type ExpectedRow } from '../replay/index.ts';
import { OF_PURGED_ITEMS, numberedRowKey, type ItemRecordTable } from './itemRecordTable.ts';

/** step_skips: each `item.stepSkipped`. */
export class StepSkipsReplay extends PerItemRecords {
  readonly table = 'step_skips';
  readonly columns = ['step', 'reason', 'operator_id'] as const;

  protected row(event: CataloguedAuditEvent): ExpectedRow | null {
    if (event.kind !== 'item.stepSkipped') return null;
    return { step: carried(event.payload, 'step'), reason: carried(event.payload, 'reason'), operator_id: operatorIdOf(event.actor) };
  }
}

/** The screening steps skipped for an item, each with its reason. */
export class StepSkipRepository {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  add(custodyId: string, skip: StepSkip): void {
    this.#db.prepare('INSERT INTO step_skips (custody_id, step, reason, operator_id, at) VALUES (?, ?, ?, ?, ?)').run(custodyId, skip.step, skip.reason, skip.operatorId, skip.at);
  }

  forItem(custodyId: string): StepSkip[] {
    const rows = this.#db.prepare('SELECT step, reason, operator_id, at FROM step_skips WHERE custody_id = ? ORDER BY id').all(custodyId) as Array<{
      step: string;
      reason: string;
      operator_id: string;
      at: string;
    }>;
    return rows.map((r) => ({ step: r.step as ScreeningStep, reason: r.reason, operatorId: r.operator_id, at: r.at }));
  }
}

export const STEP_SKIPS = {
  table: 'step_skips',
  replay: () => new StepSkipsReplay(),
  rows: {
    sql: `SELECT r.custody_id AS key, r.id AS row_id, r.custody_id AS subject, r.id AS ordinal,
      step, reason, operator_id FROM step_skips r ORDER BY r.id`,
    numbered: numberedRowKey('step_skips'),
  },
  purge: `DELETE FROM step_skips WHERE custody_id ${OF_PURGED_ITEMS}`,
  verifyHelp: { checks: 'each in order: step, reason, operator', unchecked: "a skip's at" },
  repository: (db) => new StepSkipRepository(db),
} as const satisfies ItemRecordTable<'step_skips', StepSkipRepository>;
