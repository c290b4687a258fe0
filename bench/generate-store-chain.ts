// The audit chain of a generated store, hashed and written on a second thread (see generate-store.ts):
// the events come in order as text, each is numbered, hashed after the one before it exactly as
// the store's AuditLog hashes (the canonical JSON of the event after the previous hash) and
// appended to `audit_events` in a file of its own, which the generator then copies into the store
// whole. Its random inserts (the UNIQUE index on the hash) cost as much as all the rest of a
// bulk load: here they run beside it.
import { hash as sha256 } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** One event's fields, in this order, joined by FIELD_SEPARATOR (canonical JSON never holds a raw NUL). */
export const EVENT_FIELDS = 7;
export const FIELD_SEPARATOR = '\u0000';

export interface ChainWorkerData {
  file: string;
  /** The store's own CREATE TABLE audit_events: the same table, so it can be copied whole. */
  tableSql: string;
  /** The store's first event (its genesis), as stored: the chain goes on from it. */
  genesis: [seq: number, at: string, actor: string, station: string, kind: string, subjectType: string, subjectId: string, mode: string, payload: string, prevHash: string, hash: string];
}

if (parentPort && workerData) {
  const port = parentPort;
  const { file, tableSql, genesis } = workerData as ChainWorkerData;
  const db = new Database(file);
  // A cache file, rebuilt if interrupted: no durability, no log.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  // The hash index of a million items' events (6.7M) is about 550 MB: kept in memory, not re-read.
  db.pragma('cache_size = -786432');
  db.exec(tableSql);
  const insert = db.prepare('INSERT INTO audit_events (seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  insert.run(...genesis);
  const station = genesis[3];
  const stationJson = JSON.stringify(station);
  let seq = genesis[0];
  let prevHash = genesis[10];
  const append = db.transaction((fields: string[]) => {
    for (let i = 0; i + EVENT_FIELDS <= fields.length; i += EVENT_FIELDS) {
      const at = fields[i]!;
      const actor = fields[i + 1]!;
      const kind = fields[i + 2]!;
      const subjectType = fields[i + 3]!;
      const subjectId = fields[i + 4]!;
      const mode = fields[i + 5]!;
      const payload = fields[i + 6]!;
      seq += 1;
      const hash = sha256(
        'sha256',
        `${prevHash}{"actor":${JSON.stringify(actor)},"at":"${at}","kind":${JSON.stringify(kind)},"mode":"${mode}","payload":${payload},"seq":${seq},"station":${stationJson},"subjectId":${JSON.stringify(subjectId)},"subjectType":"${subjectType}"}`,
        'hex',
      );
      insert.run(seq, at, actor, station, kind, subjectType, subjectId, mode, payload, prevHash, hash);
      prevHash = hash;
    }
  });
  port.on('message', (events: string | null) => {
    if (events === null) {
      db.close();
      port.postMessage({ done: true, events: seq });
      return;
    }
    append(events.split(FIELD_SEPARATOR));
    port.postMessage({ done: false });
  });
}
