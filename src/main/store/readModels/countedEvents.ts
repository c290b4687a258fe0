/**
 * The two terms a count of audit events must hold, word for word, to be read off the index
 * `audit_events_counted` (migration 016) instead of the audit rows: SQLite uses a partial index only
 * for a query whose WHERE repeats the index's own terms. A count narrows `kind` further with a term
 * of its own. test/unit/counted-events-index.test.ts checks each count's plan.
 */
export const COUNTED_EVENTS_TERMS =
  "mode = 'live' AND kind IN ('item.received', 'item.cleared', 'item.markedSuspect', 'item.delivered', 'notice.sent', 'notice.bounced', 'notice.failed')";
