import type Database from 'better-sqlite3';
import { GENESIS_HASH, type AuditEvent } from '../../shared/contract/index.ts';
import { rowToAuditEvent } from './auditLog.ts';
import { GENESIS_KIND, type ChainVerdict } from './auditChain.ts';
import { contentHash, RAW_AUDIT_COLUMNS, type RawAuditRow } from './verify/index.ts';
import { checkpointProblem, joinStretches, latestCheckpoint, planChain, ROW_VOCABULARY, type ChainPlan, type Checkpoint, type ParallelChainOptions } from './verify/index.ts';
import { StateReplay } from './stateReplay.ts';
import { compareState, mergeFindings, StateFindings, type StateComparison, type StateProblem, type TableFindings } from './stateCheck.ts';
import { eventsOfPart, replayMemory, routeEvent, WHOLE, type StatePart } from './replay/index.ts';
import { inStateWorkers, inVerifyWorkers, stateParts, type StateWorkerStats } from './stateWorkerThread.ts';
import { cacheFor, STATE_CACHE_KIB, withStateConnection } from './stateConnection.ts';

export type { StateComparison } from './stateCheck.ts';

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
  /**
   * Present when the chain was hashed only after this checkpoint (its event re-checked): the
   * events before it were replayed against the state tables but not hashed again.
   */
  checkedFrom?: Checkpoint;
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
 * The tables of a database file, read once: opening is lazy in SQLite, so this first read is what
 * finds a file that is not a database at all (it throws).
 */
export function tablesOf(db: Database.Database): Set<string> {
  return new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
}

/** What one pass over the events gathers besides the replay: the bookkeeping, and (when hashed here) the chain. */
export interface WalkSummary {
  first: AuditEvent | null;
  last: { seq: number; hash: string } | null;
  anchorHash: string | null;
  unreadableSeq: number | null;
  read: number;
  /** Of those, the events after the checkpoint the pass started from (all of them from the genesis). */
  readAfterCheckpoint: number;
  laterGenesis: boolean;
  /** The chain as this pass found it; null when the pass did not hash (the workers did). */
  chain: ChainVerdict | null;
  /** Problems found on the way (a second genesis), capped like every list of problems. */
  problems: VerifyProblem[];
  moreProblems: number;
  catalogWarnings: string[];
  moreCatalogWarnings: number;
  /** The seq of each catalog warning (to merge the parts' warnings in sequence order). */
  catalogWarningSeqs: number[];
}

interface Walk extends WalkSummary {
  replay: StateReplay;
  /** The bookkeeping met the anchor's event (its hash then read at the end, when the walk read no hashes). */
  anchorSeen: boolean;
}

/** What the replay side of a check found, wherever it ran: the walk's bookkeeping and the state tables' comparison. */
export interface StateCheck {
  walk: WalkSummary;
  state: StateComparison;
}

/** What one part of a split replay found (replay/parts.ts): its walk (part 0 keeps the bookkeeping) and its tables' findings. */
export interface StatePartCheck {
  walk: WalkSummary;
  tables: TableFindings[];
}

function compareFindings(db: Database.Database, replay: StateReplay): TableFindings[] {
  const findings = new StateFindings(MAX_PROBLEMS);
  compareState(
    db,
    replay.tables,
    (p, at) => findings.report(p, at),
    (w, table) => findings.warn(w, table),
    { part: replay.part, itemKeyOf: (table) => replay.itemKeyOf(table) },
  );
  return findings.tables;
}

function compareCapped(db: Database.Database, replay: StateReplay): StateComparison {
  return mergeFindings([compareFindings(db, replay)], StateReplay.tableOrder(), MAX_PROBLEMS);
}

/**
 * One part of the replay side of a check, in this thread: the events from the genesis routed to
 * it folded into its state tables (the chain is not hashed), then its tables compared. What a
 * state worker runs; the whole check is the one part of WHOLE.
 */
export function checkStatePart(db: Database.Database, anchor: ChainAnchor | undefined, from: Checkpoint | null, part: StatePart = WHOLE): StatePartCheck {
  const { replay, anchorSeen: _anchorSeen, ...walk } = walkEvents(db, anchor, false, from, part);
  return { walk, tables: compareFindings(db, replay) };
}

/**
 * The parts' answers as the one answer the whole replay gives: part 0 walked every event's
 * bookkeeping; each part read (and reports the catalog's warnings of) the events it owns; the
 * tables' findings merged in the order the whole comparison makes them. A part that met an
 * unreadable event stopped there: the earliest is the walk's (the verdict is then the serial walk's).
 */
export function mergeStateParts(parts: readonly StatePartCheck[]): StateCheck {
  const [first] = parts;
  if (!first) throw new Error('a state check of no parts');
  const unreadable = parts.map((p) => p.walk.unreadableSeq).filter((seq): seq is number => seq !== null);
  const warnings = parts.flatMap((p) => p.walk.catalogWarnings.map((text, i) => [p.walk.catalogWarningSeqs[i]!, text] as const)).sort((a, b) => a[0] - b[0]);
  const listed = warnings.slice(0, MAX_PROBLEMS);
  const walk: WalkSummary = {
    ...first.walk,
    unreadableSeq: unreadable.length > 0 ? Math.min(...unreadable) : null,
    catalogWarnings: listed.map(([, text]) => text),
    catalogWarningSeqs: listed.map(([seq]) => seq),
    moreCatalogWarnings: warnings.length - listed.length + parts.reduce((sum, p) => sum + p.walk.moreCatalogWarnings, 0),
  };
  return { walk, state: mergeFindings(parts.map((p) => p.tables), StateReplay.tableOrder(), MAX_PROBLEMS) };
}

/** A part made in this thread as a state worker makes it (a one-shot command's: PartHere): on a connection of its own to the file. */
function partAsAWorker(db: Database.Database, anchor: ChainAnchor | undefined, from: Checkpoint | null): (part: StatePart) => StatePartCheck {
  return (part) =>
    withStateConnection(db.name, (own) => {
      cacheFor(own, STATE_CACHE_KIB);
      return checkStatePart(own, anchor, from, part);
    });
}

/** The replay side of a check in this thread, whole. */
export function checkStateHere(db: Database.Database, anchor: ChainAnchor | undefined, from: Checkpoint | null): StateCheck {
  return mergeStateParts([checkStatePart(db, anchor, from)]);
}

/**
 * The replay side of a check split by item over state workers, one per part, each with a bounded
 * heap (this thread, whole, when they cannot all answer). `oneShot` (the verify command): the parts
 * made in this thread, one after the other. `parts` defaults to stateParts(oneShot).
 */
export async function checkStateAside(db: Database.Database, anchor: ChainAnchor | undefined, from: Checkpoint | null, stats?: StateWorkerStats, parts?: number, oneShot = false): Promise<StateCheck> {
  const here = oneShot ? partAsAWorker(db, anchor, from) : undefined;
  const answers = await inStateWorkers<StatePartCheck>(db, parts ?? stateParts(oneShot), { anchor, from, hotEntries: replayMemory.hotEntries }, stats, undefined, here);
  return answers ? mergeStateParts(answers) : checkStateHere(db, anchor, from);
}

/**
 * One pass over the events in sequence order, streamed: each is read (a row that cannot be read
 * as an event ends the pass), checked for a second genesis, folded into the replay and, when
 * `hashChain`, checked against the chain (number, link, hash), stopping at the first that breaks.
 */
function walkEvents(db: Database.Database, anchor: ChainAnchor | undefined, hashChain: boolean, from: Checkpoint | null = null, part: StatePart = WHOLE): Walk {
  const walk: Walk = {
    replay: new StateReplay(part),
    anchorSeen: false,
    first: null,
    last: null,
    anchorHash: null,
    unreadableSeq: null,
    read: 0,
    readAfterCheckpoint: 0,
    laterGenesis: false,
    chain: null,
    problems: [],
    moreProblems: 0,
    catalogWarnings: [],
    moreCatalogWarnings: 0,
    catalogWarningSeqs: [],
  };
  const catalogWarning = (seq: number, w: string) => {
    if (walk.catalogWarnings.length < MAX_PROBLEMS) {
      walk.catalogWarnings.push(w);
      walk.catalogWarningSeqs.push(seq);
    } else walk.moreCatalogWarnings += 1;
  };
  // Part 0 keeps the walk's bookkeeping (from the stored columns alone); the other parts only fold.
  const bookkeeping = part.index === 0;
  // From a checkpoint (its event already re-checked): the events up to it are replayed, not hashed.
  let expectedSeq = from ? from.seq + 1 : 1;
  let prevHash = from ? from.hash : GENESIS_HASH;
  let chainBadSeq: number | null = null;
  // A part of a split replay reads its events (and part 0 every event's bookkeeping), each with its item part last.
  const split = part.count > 1;
  const columns = walkColumns(hashChain, bookkeeping);
  const statement = db.prepare<[], RawAuditRow>(split ? eventsOfPart(columns, part) : `SELECT ${columns} FROM audit_events ORDER BY seq`).raw();
  for (const row of statement.iterate()) {
    // Routed by its stored kind and subject before its payload is parsed.
    const route = routeEvent(row[4], row[5], split ? (row as unknown as number[])[11]! : 0, part);
    if (bookkeeping) walk.read += 1;
    if (!route.items && !route.station && !(bookkeeping && walk.first === null)) {
      if (bookkeeping) {
        bookkeep(walk, row, anchor);
        if (from === null || row[0] > from.seq) walk.readAfterCheckpoint += 1;
      }
      continue;
    }
    let event: AuditEvent;
    try {
      event = rowToAuditEvent({ seq: row[0], at: row[1], actor: row[2], station: row[3], kind: row[4], subject_type: row[5], subject_id: row[6], mode: row[7], payload: row[8], prev_hash: row[9], hash: row[10] });
    } catch {
      // A row whose payload is no longer JSON was altered: it ends the walk as a bad event.
      walk.unreadableSeq = row[0];
      break;
    }
    // Hashed before the fold reads the payload; judged after it, as the serial walk always did.
    const holds = !hashChain || (from !== null && event.seq <= from.seq) || (event.seq === expectedSeq && row[9] === prevHash && contentHash(row, event.payload) === row[10]);
    if (bookkeeping) walk.first ??= event;
    // Folded as it is walked; if the chain breaks, the state comparison is not made.
    if (route.items || route.station) {
      const reading = walk.replay.fold(event, route);
      if (route.owner) {
        if (!reading.ok) catalogWarning(event.seq, `${reading.problem}: not replayed`);
        else if (reading.unchecked.length > 0) catalogWarning(event.seq, `event ${event.seq} (${event.kind}): ${reading.unchecked.join(', ')} not as the catalog says: not checked`);
      }
    }
    if (bookkeeping) bookkeep(walk, row, anchor);
    if (!holds) {
      chainBadSeq = event.seq;
      break;
    }
    if (from === null || event.seq > from.seq) {
      if (bookkeeping) walk.readAfterCheckpoint += 1;
      prevHash = row[10];
      expectedSeq += 1;
    }
  }
  if (!hashChain && bookkeeping) {
    // The hashes the bookkeeping keeps, read once at the end rather than for every event (an event's hash never changes).
    const hashOf = db.prepare<[number], string | null>('SELECT hash FROM audit_events WHERE seq = ?').pluck();
    if (walk.last) walk.last = { seq: walk.last.seq, hash: hashOf.get(walk.last.seq) as string };
    if (walk.anchorSeen && anchor) walk.anchorHash = hashOf.get(anchor.seq) ?? null;
  }
  if (hashChain) {
    const events = walk.unreadableSeq !== null ? walk.read - 1 : walk.read;
    walk.chain = { events, ok: chainBadSeq === null, firstBadSeq: chainBadSeq };
  }
  return walk;
}

/**
 * The stored columns a walk reads, in RAW_AUDIT_COLUMNS' places: all of them when it hashes the
 * chain; else not the previous hash (no fold reads it), and in a part that keeps no bookkeeping not
 * the time, station or hash either (the folds read the kind, subject, actor, mode and payload):
 * strings made for every event for nothing (issue 15).
 */
function walkColumns(hashChain: boolean, bookkeeping: boolean): string {
  if (hashChain) return RAW_AUDIT_COLUMNS;
  if (bookkeeping) return 'seq, at, actor, station, kind, subject_type, subject_id, mode, payload, NULL AS prev_hash, NULL AS hash';
  return 'seq, NULL AS at, actor, NULL AS station, kind, subject_type, subject_id, mode, payload, NULL AS prev_hash, NULL AS hash';
}

/** The walk's bookkeeping of one event, from its stored columns: where it is, the anchor's hash, a second genesis. */
function bookkeep(walk: Walk, row: RawAuditRow, anchor: ChainAnchor | undefined): void {
  const seq = row[0];
  const kind = row[4];
  if (anchor && seq === anchor.seq) {
    walk.anchorHash = row[10];
    walk.anchorSeen = true;
  }
  if (kind === GENESIS_KIND && seq !== 1) {
    walk.laterGenesis = true;
    if (walk.problems.length < MAX_PROBLEMS) walk.problems.push(`event ${seq} is a second genesis event: a store has one, first`);
    else walk.moreProblems += 1;
  }
  walk.last = { seq, hash: row[10] };
}

export interface VerifyOptions {
  anchor?: ChainAnchor;
  /**
   * Hash the chain only after the station's newest verified checkpoint (its event re-checked
   * first); every event is still replayed against the state tables. Ignored with an anchor: an
   * outside head is there to catch a consistent rewrite, which only the whole chain shows.
   */
  sinceCheckpoint?: boolean;
}

/** The checkpoint to start from, when asked for and usable; a checkpoint that no longer holds is a problem. */
function startingPoint(db: Database.Database, options: VerifyOptions): { from: Checkpoint | null; problem: string | null } {
  if (!options.sinceCheckpoint || options.anchor) return { from: null, problem: null };
  const checkpoint = latestCheckpoint(db);
  if (!checkpoint) return { from: null, problem: null };
  const problem = checkpointProblem(db, checkpoint);
  // A checkpoint that no longer holds is reported, and the whole chain is checked instead.
  return problem ? { from: null, problem } : { from: checkpoint, problem: null };
}

function withCheckpointProblem(verdict: StoreVerdict, problem: string | null): StoreVerdict {
  return problem ? { ...verdict, ok: false, problems: [problem, ...verdict.problems] } : verdict;
}

/**
 * The whole check `verify --db` makes, in one pass over the events (never all in memory), in this
 * thread: the hash chain from the genesis hash; a genesis event first; the event at an outside
 * anchor, when given, has exactly its hash; and, when the chain holds, every state table equals
 * the replay of the events (DESIGN invariant 8).
 */
export function verifyStore(db: Database.Database, options: VerifyOptions = {}): StoreVerdict {
  if (!tableExists(db, 'audit_events')) return NO_AUDIT_LOG;
  const { from, problem } = startingPoint(db, options);
  const walk = walkEvents(db, options.anchor, true, from);
  return withCheckpointProblem(verdictOf(db, walk, () => compareCapped(db, walk.replay), walk.chain!, options.anchor, from), problem);
}

/**
 * The same check and the same verdict as `verifyStore`, faster and in bounded memory on a big log:
 * one set of worker threads, one per core, each hashes a stretch of the chain (store/verify) and then
 * replays its part of the state tables and compares them (stateWorkerThread.ts inVerifyWorkers;
 * this thread hashes a log too short for workers, and then the state workers replay it; this thread
 * replays when no worker can). Should the chain not hold, the serial walk is made again, so the
 * problems it lists are exactly the serial walk's (which events were read and folded before the break).
 * `oneShot`: the caller is a one-shot command (`verify`) whose thread has nothing else to do
 * meanwhile: it hashes the first stretch and then replays the parts one after the other, while the
 * workers only hash (stateWorkerThread.ts PartHere: one part's memory at a time, no state isolate).
 */
export async function verifyStoreParallel(db: Database.Database, options: VerifyOptions & Omit<ParallelChainOptions, 'start'> & { stateStats?: StateWorkerStats; oneShot?: boolean } = {}): Promise<StoreVerdict> {
  if (!tableExists(db, 'audit_events')) return NO_AUDIT_LOG;
  const { anchor, sinceCheckpoint: _since, stateStats, oneShot = false, ...parallel } = options;
  const { from, problem } = startingPoint(db, options);
  const here = oneShot ? partAsAWorker(db, anchor, from) : undefined;
  const serial = () => withCheckpointProblem(verifyStore(db, { ...(anchor ? { anchor } : {}), sinceCheckpoint: from !== null }), problem);
  let plan: ChainPlan;
  try {
    plan = planChain(db, { ...parallel, ...(from ? { start: from } : {}) });
  } catch {
    // What hashing threw, the serial walk throws at the same event (or finds the chain broken before it).
    return serial();
  }
  let hashed: Promise<ChainVerdict>;
  let replayed: Promise<StateCheck>;
  if ('verdict' in plan) {
    hashed = Promise.resolve(plan.verdict);
    replayed = checkStateAside(db, anchor, from, stateStats, stateParts(oneShot), oneShot);
  } else {
    const { start } = plan;
    const workers = inVerifyWorkers<StatePartCheck>(db, stateParts(oneShot), { anchor, from, hotEntries: replayMemory.hotEntries }, { stretches: plan.stretches, vocabulary: ROW_VOCABULARY, ...(parallel.stats ? { stats: parallel.stats } : {}), ...(parallel.onWorkerLimits ? { onLimits: parallel.onWorkerLimits } : {}) }, stateStats, here);
    hashed = Promise.all(workers.stretches).then((reports) => joinStretches(reports, start));
    replayed = workers.answers.then((answers) => (answers ? mergeStateParts(answers) : checkStateHere(db, anchor, from)));
  }
  // Whichever throws first leaves the other's answer unread; it must not become an unhandled rejection.
  hashed.catch(() => undefined);
  replayed.catch(() => undefined);
  const checked = await replayed;
  let chain: ChainVerdict;
  try {
    chain = await hashed;
  } catch {
    // What hashing threw, the serial walk throws at the same event (or finds the chain broken before it).
    return serial();
  }
  const { walk, state } = checked;
  if (!chain.ok || walk.unreadableSeq !== null || chain.events !== walk.readAfterCheckpoint) return serial();
  return withCheckpointProblem(verdictOf(db, walk, () => state, { events: walk.read, ok: true, firstBadSeq: null }, anchor, from), problem);
}

const NO_AUDIT_LOG: StoreVerdict = Object.freeze({
  events: 0,
  ok: false,
  firstBadSeq: null,
  genesis: false,
  chainHead: null,
  // A station database whose log was dropped: nothing vouches for anything in it.
  problems: ['no audit log: the audit_events table is missing'],
  warnings: [],
}) as StoreVerdict;

function verdictOf(db: Database.Database, walk: WalkSummary, compared: () => StateComparison, chain: ChainVerdict, anchor: ChainAnchor | undefined, from: Checkpoint | null): StoreVerdict {
  const problems: VerifyProblem[] = [];
  let moreProblems = 0;
  const problem = (p: VerifyProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else moreProblems += 1;
  };
  for (const p of walk.problems) problem(p);
  moreProblems += walk.moreProblems;
  const warnings: string[] = [];
  const { unreadableSeq, read, laterGenesis, first, last, anchorHash, catalogWarnings, moreCatalogWarnings } = walk;
  let ok = chain.ok && unreadableSeq === null && !laterGenesis;
  const firstBadSeq = chain.firstBadSeq ?? unreadableSeq;
  const events = unreadableSeq !== null && chain.ok ? read : chain.events;
  if (!chain.ok || unreadableSeq !== null) problem(`the audit chain breaks at event ${firstBadSeq}: it, or an event before it, was altered, removed or inserted`);

  const genesis = first?.kind === GENESIS_KIND && first.subjectType === 'station';
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
      if (anchorHash !== null) problem(`event ${anchor.seq} has hash ${anchorHash}, but ${anchor.source} says ${anchor.hash}: the chain was rewritten`);
      else if (firstBadSeq !== null && firstBadSeq <= anchor.seq) problem(`event ${anchor.seq} that ${anchor.source} anchors was not reached: the chain breaks before it`);
      else if (last && last.seq < anchor.seq) problem(`the chain ends at event ${last.seq}, before event ${anchor.seq} that ${anchor.source} anchors: events were removed from the end`);
      else problem(`the chain holds no event ${anchor.seq} that ${anchor.source} anchors`);
    }
  }

  if (chain.ok && unreadableSeq === null) {
    const state = compared();
    for (const p of state.problems) problem(p);
    // Those past the ones listed are counted as the list's own would be.
    moreProblems += state.count - state.problems.length;
    warnings.push(...state.warnings);
    if (state.count > 0) ok = false;
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
    ...(from ? { checkedFrom: from } : {}),
    problems,
    ...(moreProblems > 0 ? { moreProblems } : {}),
    warnings,
    ...(catalogWarnings.length > 0 ? { catalogWarnings: moreCatalogWarnings > 0 ? [...catalogWarnings, `and ${moreCatalogWarnings} more events`] : catalogWarnings } : {}),
  };
}
