import type Database from 'better-sqlite3';
import {
  AuditSubjectType,
  GENESIS_HASH,
  RecordMode,
  type AuditEvent,
  type AuditKind,
  type AuditPayload,
} from '../../shared/contract/index.ts';
import { auditHashOfCanonicalBody, type ChainVerdict } from './auditChain.ts';
import { checkChainHere } from './verify/index.ts';
import { canonicalJson, canonicalJsonOfMembers } from './canonicalJson.ts';

/**
 * An event to append: its payload is the one the catalog gives its kind (a payload that does not
 * fit does not compile). The subject type is checked against the kind when the event is read.
 */
export interface NewAuditEvent<K extends AuditKind = AuditKind> {
  actor: string;
  kind: K;
  subjectType: AuditSubjectType;
  subjectId: string;
  mode: RecordMode;
  payload: AuditPayload<K>;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A payload as stored: a JSON object (what is in it is the catalog's to read). Checked by hand: verify reads every row. */
function storedPayload(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  if (!isJsonObject(value)) throw new Error('an audit event payload that is not a JSON object');
  return value;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  station: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  mode: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/**
 * A stored row as an event: the payload, subject type and mode are parsed, not cast, so a row
 * altered into something else throws here (the walks take that as a broken chain). The kind is
 * left as stored: what it says is read with the catalog (`readAuditEvent`) by whoever needs it.
 */
export function rowToAuditEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    station: row.station,
    kind: row.kind,
    subjectType: AuditSubjectType.parse(row.subject_type),
    subjectId: row.subject_id,
    mode: RecordMode.parse(row.mode),
    payload: storedPayload(row.payload),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The append-only audit log. `append` must run inside the caller's transaction, with the state
 * change it records: that is how "no state without its record" holds.
 */
export class AuditLog {
  readonly #db: Database.Database;
  readonly #station: string;
  readonly #now: () => Date;
  readonly #head: Database.Statement<[], { seq: number; hash: string }>;
  /** Bound by position, in the columns' order (named values cost more at every append). */
  readonly #insert: Database.Statement<[seq: number, at: string, actor: string, station: string, kind: string, subjectType: string, subjectId: string, mode: string, payload: string, prevHash: string, hash: string]>;
  readonly #all: Database.Statement<[], AuditRow>;
  readonly #bySubject: Database.Statement<[string, string], AuditRow>;

  constructor(db: Database.Database, station: string, now: () => Date) {
    this.#db = db;
    this.#station = station;
    this.#now = now;
    this.#head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.#insert = db.prepare(`INSERT INTO audit_events
      (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#all = db.prepare('SELECT * FROM audit_events ORDER BY seq');
    this.#bySubject = db.prepare('SELECT * FROM audit_events WHERE subject_type = ? AND subject_id = ? ORDER BY seq');
  }

  append<K extends AuditKind>(event: NewAuditEvent<K>): AuditEvent {
    if (!this.#db.inTransaction) {
      throw new Error('AuditLog.append must run inside the transaction that changes the state it records');
    }
    const head = this.#head.get();
    const prevHash = head?.hash ?? GENESIS_HASH;
    // The payload is made canonical once: that text is stored, hashed inside the body, and parsed
    // for the event returned, so what is hashed is what is kept (and what a reader parses).
    const payloadText = canonicalJson(event.payload);
    const payload = storedPayload(payloadText);
    const body = {
      seq: (head?.seq ?? 0) + 1,
      at: this.#now().toISOString(),
      actor: event.actor,
      station: this.#station,
      kind: event.kind,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      mode: event.mode,
      payload,
    };
    const hash = auditHashOfCanonicalBody(
      prevHash,
      canonicalJsonOfMembers({
        seq: canonicalJson(body.seq),
        at: canonicalJson(body.at),
        actor: canonicalJson(body.actor),
        station: canonicalJson(body.station),
        kind: canonicalJson(body.kind),
        subjectType: canonicalJson(body.subjectType),
        subjectId: canonicalJson(body.subjectId),
        mode: canonicalJson(body.mode),
        payload: payloadText,
      }),
    );
    this.#insert.run(body.seq, body.at, body.actor, body.station, body.kind, body.subjectType, body.subjectId, body.mode, payloadText, prevHash, hash);
    return { ...body, prevHash, hash };
  }

  hasEvents(): boolean {
    return this.#head.get() !== undefined;
  }

  *events(): Generator<AuditEvent> {
    for (const row of this.#all.iterate()) yield rowToAuditEvent(row);
  }

  eventsFor(subjectType: AuditSubjectType, subjectId: string): AuditEvent[] {
    return this.#bySubject.all(subjectType, subjectId).map(rowToAuditEvent);
  }

  /** The whole chain from the genesis hash, in this thread (see store/verify for the parallel check). */
  verify(): ChainVerdict {
    return checkChainHere(this.#db);
  }
}

