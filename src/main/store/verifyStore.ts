import type Database from 'better-sqlite3';
import { GENESIS_HASH, type AuditEvent } from '../../shared/contract/index.ts';
import { rowToAuditEvent, type AuditRow } from './auditLog.ts';
import { GENESIS_KIND, verifyEvents } from './auditChain.ts';
import { StateReplay } from './replay/index.ts';
import { compareState, type StateProblem } from './stateCheck.ts';

/** A chain position known from outside the database: a printed report, an export, a backup. */
export interface ChainAnchor {
  seq: number;
  hash: string;
  /** Where it came from, as the output names it (`--head`, a file name). */
  source: string;
  /** The station the anchor says it was made at, when it says (an export, a backup manifest). */
  station?: string;
}

export type VerifyProblem = string | StateProblem;

export interface StoreVerdict {
  events: number;
  ok: boolean;
  /** The first event whose link or hash does not hold; null when the chain is intact. */
  firstBadSeq: number | null;
  /** false: the first event is not a genesis event (a database from before they existed). */
  genesis: boolean;
  chainHead: { seq: number; hash: string } | null;
  /** The outside head checked, when one was given, and whether the chain holds it. */
  anchor?: ChainAnchor & { ok: boolean };
  problems: VerifyProblem[];
  /** Problems beyond the ones listed (the list is capped so a wholesale edit stays readable). */
  moreProblems?: number;
  warnings: string[];
  /**
   * Events the catalog of kinds could not read as this version writes them (a kind it does not
   * know, a subject of another type, a field that does not fit), one line each naming seq and
   * kind; present only when there are some. The chain still holds them (they were hashed as
   * stored); what verify would check of them is unchecked, and a state row that depended on
   * them shows up in "problems".
   */
  catalogWarnings?: string[];
}

const MAX_PROBLEMS = 100;

function tableExists(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/**
 * The whole check `verify --db` makes, in one pass over the events (never all in memory): the
 * hash chain from the genesis hash; a genesis event first; the event at an outside anchor, when
 * given, has exactly its hash; and, when the chain holds, every state table equals the replay of
 * the events (DESIGN invariant 8).
 */
/**
 * The tables of a database file, read once: opening is lazy in SQLite, so this first read is what
 * finds a file that is not a database at all (it throws).
 */
export function tablesOf(db: Database.Database): Set<string> {
  return new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
}

export function verifyStore(db: Database.Database, options: { anchor?: ChainAnchor } = {}): StoreVerdict {
  if (!tableExists(db, 'audit_events')) {
    // A station database whose log was dropped: nothing vouches for anything in it.
    return { events: 0, ok: false, firstBadSeq: null, genesis: false, chainHead: null, problems: ['no audit log: the audit_events table is missing'], warnings: [] };
  }
  const problems: VerifyProblem[] = [];
  let moreProblems = 0;
  const problem = (p: VerifyProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else moreProblems += 1;
  };
  const warnings: string[] = [];
  const catalogWarnings: string[] = [];
  let moreCatalogWarnings = 0;
  const catalogWarning = (w: string) => {
    if (catalogWarnings.length < MAX_PROBLEMS) catalogWarnings.push(w);
    else moreCatalogWarnings += 1;
  };
  const replay = new StateReplay();
  const anchor = options.anchor;
  let anchorHash: string | null = null;
  let first: AuditEvent | null = null;
  let last: { seq: number; hash: string } | null = null;
  let unreadableSeq: number | null = null;
  let read = 0;
  let laterGenesis = false;

  const statement = db.prepare<[], AuditRow>('SELECT * FROM audit_events ORDER BY seq');
  function* walk(): Generator<AuditEvent> {
    for (const row of statement.iterate()) {
      read += 1;
      let event: AuditEvent;
      try {
        event = rowToAuditEvent(row);
      } catch {
        // A row whose payload is no longer JSON was altered: it ends the walk as a bad event.
        unreadableSeq = row.seq;
        return;
      }
      first ??= event;
      if (anchor && event.seq === anchor.seq) anchorHash = event.hash;
      if (event.kind === GENESIS_KIND && event.seq !== 1) {
        laterGenesis = true;
        problem(`event ${event.seq} is a second genesis event: a store has one, first`);
      }
      // Folded as it is walked; if the chain breaks, the state comparison is not made.
      const reading = replay.fold(event);
      if (!reading.ok) catalogWarning(`${reading.problem}: not replayed`);
      else if (reading.unchecked.length > 0) catalogWarning(`event ${event.seq} (${event.kind}): ${reading.unchecked.join(', ')} not as the catalog says: not checked`);
      last = { seq: event.seq, hash: event.hash };
      yield event;
    }
  }
  const chain = verifyEvents(walk(), { seq: 0, hash: GENESIS_HASH });
  let ok = chain.ok && unreadableSeq === null && !laterGenesis;
  const firstBadSeq = chain.firstBadSeq ?? unreadableSeq;
  const events = unreadableSeq !== null && chain.ok ? read : chain.events;
  if (!chain.ok || unreadableSeq !== null) problem(`the audit chain breaks at event ${firstBadSeq}: it, or an event before it, was altered, removed or inserted`);

  const genesis = (first as AuditEvent | null)?.kind === GENESIS_KIND && (first as AuditEvent | null)?.subjectType === 'station';
  if (events === 0) {
    ok = false;
    problem('no genesis event: the audit log is empty, but every initialized station has at least its genesis event (all events were deleted?)');
  } else if (!genesis) {
    warnings.push('no genesis event: this database predates genesis events, so its first event is taken as the start of the chain');
  }

  let anchorVerdict: StoreVerdict['anchor'];
  const stationId = tableExists(db, 'station_meta') ? (db.prepare("SELECT value FROM station_meta WHERE key = 'station_id'").pluck().get() as string | undefined) : undefined;
  if (anchor?.station && stationId && anchor.station !== stationId) {
    // Checked against another station's head, the chain would look rewritten: say what it is.
    problem(`${anchor.source} was made at station ${anchor.station}, but this database is station ${stationId}: it cannot anchor this database`);
    anchorVerdict = { ...anchor, ok: false };
    ok = false;
  } else if (anchor) {
    const held = anchorHash === anchor.hash;
    anchorVerdict = { ...anchor, ok: held };
    if (!held) {
      ok = false;
      const head = last as { seq: number; hash: string } | null;
      if (anchorHash !== null) problem(`event ${anchor.seq} has hash ${anchorHash}, but ${anchor.source} says ${anchor.hash}: the chain was rewritten`);
      else if (firstBadSeq !== null && firstBadSeq <= anchor.seq) problem(`event ${anchor.seq} that ${anchor.source} anchors was not reached: the chain breaks before it`);
      else if (head && head.seq < anchor.seq) problem(`the chain ends at event ${head.seq}, before event ${anchor.seq} that ${anchor.source} anchors: events were removed from the end`);
      else problem(`the chain holds no event ${anchor.seq} that ${anchor.source} anchors`);
    }
  }

  if (chain.ok && unreadableSeq === null) {
    let stateProblems = 0;
    compareState(
      db,
      replay.tables,
      (p) => {
        stateProblems += 1;
        problem(p);
      },
      (w) => warnings.push(w),
    );
    if (stateProblems > 0) ok = false;
  } else {
    warnings.push('the state tables were not compared with the events: the chain does not hold');
  }

  return {
    events,
    ok,
    firstBadSeq,
    genesis,
    chainHead: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() ?? null,
    ...(anchorVerdict ? { anchor: anchorVerdict } : {}),
    problems,
    ...(moreProblems > 0 ? { moreProblems } : {}),
    warnings,
    ...(catalogWarnings.length > 0 ? { catalogWarnings: moreCatalogWarnings > 0 ? [...catalogWarnings, `and ${moreCatalogWarnings} more events`] : catalogWarnings } : {}),
  };
}
