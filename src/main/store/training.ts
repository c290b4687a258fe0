import type Database from 'better-sqlite3';
import type { TrainingKind, TrainingRecordView } from '../../shared/contract/index.ts';

interface TrainingRow {
  id: number;
  operator_id: string;
  kind: string;
  completed_on: string;
  expires_on: string;
  trainer: string | null;
}

export class TrainingRepository {
  readonly #insert: Database.Statement<[string, string, string, string, string | null, string, string]>;
  readonly #forOperator: Database.Statement<[string], TrainingRow>;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      'INSERT INTO training_records (operator_id, kind, completed_on, expires_on, trainer, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#forOperator = db.prepare('SELECT * FROM training_records WHERE operator_id = ? ORDER BY kind, expires_on DESC');
  }

  insert(record: { operatorId: string; kind: TrainingKind; completedOn: string; expiresOn: string; trainer: string | null; recordedBy: string; at: string }): number {
    return Number(
      this.#insert.run(record.operatorId, record.kind, record.completedOn, record.expiresOn, record.trainer, record.recordedBy, record.at).lastInsertRowid,
    );
  }

  forOperator(operatorId: string, today: string): TrainingRecordView[] {
    return this.#forOperator.all(operatorId).map((row) => ({
      id: row.id,
      operatorId: row.operator_id,
      kind: row.kind as TrainingKind,
      completedOn: row.completed_on,
      expiresOn: row.expires_on,
      trainer: row.trainer,
      current: row.completed_on <= today && row.expires_on >= today,
    }));
  }

  /** True when the operator holds a record of this kind valid today (ISO dates compare as strings). */
  isCurrent(operatorId: string, kind: TrainingKind, today: string): boolean {
    return this.forOperator(operatorId, today).some((r) => r.kind === kind && r.current);
  }
}
