import type Database from 'better-sqlite3';

type NoticeKind = 'ready' | 'reminder' | 'escalation' | 'security-alert';

/**
 * The questions the notice schedule asks of notice_jobs and items: which cleared items, told they
 * were ready before a time, have not had a reminder (or an escalation) yet, and which have waited
 * long enough to be returned to sender. An item delivered or returned leaves every list.
 */
export class NoticeReadModel {
  readonly #queued: Database.Statement<[string, string], { one: number }>;
  readonly #dueAfter: Database.Statement<{ ready: string; next: string; before: string; mode: string }, { custody_id: string; told_at: string }>;
  readonly #waiting: Database.Statement<{ before: string; mode: string }, { custody_id: string; since: string }>;
  readonly #ofItem: Database.Statement<{ item: string }, number>;

  constructor(db: Database.Database) {
    this.#queued = db.prepare('SELECT 1 AS one FROM notice_jobs WHERE custody_id = ? AND notice = ? LIMIT 1');
    this.#dueAfter = db.prepare(`
      SELECT told.custody_id, min(told.created_at) AS told_at
      FROM notice_jobs AS told JOIN items ON items.custody_id = told.custody_id
      WHERE told.notice = @ready AND told.created_at <= @before AND items.state = 'CLEARED' AND items.mode = @mode
        AND NOT EXISTS (SELECT 1 FROM notice_jobs AS later WHERE later.custody_id = told.custody_id AND later.notice = @next)
      GROUP BY told.custody_id ORDER BY told_at`);
    // A hand-over's receipt is one e-mail, filed under its first item: it is every item's of the hand-over.
    this.#ofItem = db
      .prepare<{ item: string }, number>(
        `SELECT id FROM notice_jobs WHERE custody_id = @item
         UNION
         SELECT j.id FROM notice_jobs j
         WHERE j.notice = 'receipt' AND j.custody_id IN (
           SELECT handed.custody_id FROM collections handed
           WHERE handed.collection_id IN (SELECT collection_id FROM collections WHERE custody_id = @item))
         ORDER BY id`,
      )
      .pluck();
    this.#waiting = db.prepare(`SELECT custody_id, updated_at AS since FROM items WHERE state = 'CLEARED' AND mode = @mode AND updated_at <= @before ORDER BY updated_at`);
  }

  /** The item's notices (the audit log's subject ids of their events), oldest first, with the receipt of its hand-over. */
  noticesOf(custodyId: string): number[] {
    return this.#ofItem.all({ item: custodyId });
  }

  /** Whether a notice of this kind was queued for the item (sent, waiting or failed). */
  queued(custodyId: string, kind: NoticeKind): boolean {
    return this.#queued.get(custodyId, kind) !== undefined;
  }

  /** Cleared items still waiting whose `after` notice was queued at or before `before` and that have no `next` notice yet. */
  due(after: NoticeKind, next: NoticeKind, before: string, mode: string): Array<{ custodyId: string; toldAt: string }> {
    return this.#dueAfter.all({ ready: after, next, before, mode }).map((row) => ({ custodyId: row.custody_id, toldAt: row.told_at }));
  }

  /** Cleared items waiting since `before` or longer (their last change): to be returned to sender. */
  waitingSince(before: string, mode: string): Array<{ custodyId: string; since: string }> {
    return this.#waiting.all({ before, mode }).map((row) => ({ custodyId: row.custody_id, since: row.since }));
  }
}
