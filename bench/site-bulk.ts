// The site bench's baseline: the same audit rows a station publishes, written to a CSV file the
// server reads and loaded with one bare COPY into a table of the same shape (columns, generated
// JSONB, CHECKs, primary key), with no chain check, no trigger, no row-level security: what
// PostgreSQL itself takes at most on this machine.
import { closeSync, openSync, writeSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type pg from 'pg';

const COLUMNS = 'station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash';

const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The store's audit events after `afterSeq` up to `lastSeq` as CSV in the site's column order; the number of rows. */
export function exportEventsCsv(db: Database.Database, file: string, afterSeq: number, lastSeq: number): number {
  const rows = db
    .prepare<[number, number], [number, string, string, string, string, string, string, string, string, string, string]>(
      'SELECT seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq',
    )
    .raw()
    .iterate(afterSeq, lastSeq);
  const fd = openSync(file, 'w', 0o644);
  let count = 0;
  let chunk: string[] = [];
  const flush = () => {
    writeSync(fd, chunk.join(''));
    chunk = [];
  };
  try {
    for (const [seq, at, actor, station, kind, subjectType, subjectId, mode, payload, prevHash, hash] of rows) {
      chunk.push(`${quoted(station)},${seq},${quoted(at)},${quoted(actor)},${quoted(kind)},${quoted(subjectType)},${quoted(subjectId)},${quoted(mode)},${quoted(payload)},${prevHash},${hash}\n`);
      count += 1;
      if (chunk.length === 10_000) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return count;
}

/** A table shaped as station_events (LIKE … INCLUDING ALL: generated column, CHECKs, primary key; no trigger, no policy). */
export async function createBareTable(admin: pg.ClientBase, name: string): Promise<void> {
  await admin.query(`CREATE TABLE ${admin.escapeIdentifier(name)} (LIKE station_events INCLUDING ALL)`);
}

/** One server-side COPY of the CSV into `table` (as the superuser: the server reads the file itself). */
export async function copyCsv(admin: pg.ClientBase, table: string, file: string): Promise<number> {
  const result = await admin.query(`COPY ${admin.escapeIdentifier(table)} (${COLUMNS}) FROM ${admin.escapeLiteral(file)} WITH (FORMAT csv)`);
  return result.rowCount ?? 0;
}
