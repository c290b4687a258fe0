// The state comparison in SQL, measured piece by piece (issue 15; docs/replay.md, "The comparison in
// SQL"): `node bench/replay-sql-trial.ts <store.sqlite>` replays the whole store in this thread with
// every row kept as an object (no spill), then for items, inspections and weighings times what
// verify does (compareState) against what a keyed join would cost: the expected rows inserted into
// a TEMP table, its key index, the join with the stored table, and how many rows the join could not
// prove equal (those would still go to JavaScript). For items also the JSON cells proven equal in SQL
// by comparing json_tree() of both sides. CPU milliseconds of this thread; nothing is written to the store.
import Database from 'better-sqlite3';
import { rowToAuditEvent, type AuditRow } from '../src/main/store/auditLog.ts';
import { NOT_RECORDED, replayMemory, type ExpectedRow } from '../src/main/store/replay/index.ts';
import { compareState } from '../src/main/store/stateCheck.ts';
import { StateReplay } from '../src/main/store/stateReplay.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/replay-sql-trial.ts <store.sqlite> (read only)');
const db = new Database(file, { readonly: true, fileMustExist: true });
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const timed = <T>(work: () => T): [T, number] => {
  const start = cpuMs();
  const result = work();
  return [result, Math.round(cpuMs() - start)];
};

// No spill: the rows are read twice (JS and SQL), and the JS figure is the comparison at its cheapest.
replayMemory.hotEntries = Number.MAX_SAFE_INTEGER;
const replay = new StateReplay();
const [, foldMs] = timed(() => {
  for (const row of db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as Iterable<AuditRow>) replay.fold(rowToAuditEvent(row));
});

// Each stored table as its row source reads it, with the key the replay gives its rows.
const STORED: Record<string, string> = {
  items: 'SELECT i.custody_id AS key, i.*, n.number AS incident_number FROM items i LEFT JOIN incidents n ON n.id = i.incident_id',
  inspections: "SELECT r.custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY r.custody_id ORDER BY r.id) AS key, r.* FROM inspections r",
  weighings: "SELECT r.custody_id || '/' || ROW_NUMBER() OVER (PARTITION BY r.custody_id ORDER BY r.id) AS key, r.* FROM weighings r",
};

// A cell SQL can call equal: text (or null) byte for byte, or an integer whose decimal is the text; a cell no event recorded is not compared.
const provenEqual = (column: string, i: number) =>
  `((e.unrecorded >> ${i}) & 1 OR (typeof(s."${column}") IN ('text', 'null') AND s."${column}" IS e."${column}") OR (typeof(s."${column}") = 'integer' AND CAST(s."${column}" AS TEXT) = e."${column}"))`;
const sameJsonTree = (column: string) =>
  `(s."${column}" IS e."${column}" OR (json_valid(s."${column}") AND instr(s."${column}", '\\u') = 0
    AND NOT EXISTS (SELECT fullkey, type, atom FROM json_tree(s."${column}") EXCEPT SELECT fullkey, type, atom FROM json_tree(e."${column}"))
    AND NOT EXISTS (SELECT fullkey, type, atom FROM json_tree(e."${column}") EXCEPT SELECT fullkey, type, atom FROM json_tree(s."${column}"))))`;

const results: Record<string, unknown>[] = [];
for (const [table, stored] of Object.entries(STORED)) {
  const tableReplay = replay.tables.find((t) => t.table === table)!;
  const columns = tableReplay.columns;
  const expected = tableReplay.rows();
  const copy: Array<[string, ExpectedRow]> = [...expected.keys()].map((key) => [key, expected.get(key)!]);
  const [problems, jsMs] = timed(() => {
    let count = 0;
    compareState(db, [tableReplay], () => (count += 1));
    return count;
  });
  db.exec(`DROP TABLE IF EXISTS temp.expected; CREATE TEMP TABLE expected (key TEXT, ${columns.map((c) => `"${c}"`).join(', ')}, unrecorded INTEGER)`);
  const insert = db.prepare(`INSERT INTO temp.expected VALUES (${['?', ...columns.map(() => '?'), '?'].join(', ')})`);
  const [, insertMs] = timed(() =>
    db.transaction(() => {
      for (const [key, row] of copy) {
        let unrecorded = 0;
        const cells = columns.map((column, i) => {
          const cell = row[column];
          if (cell !== NOT_RECORDED) return cell ?? null;
          unrecorded |= 1 << i;
          return null;
        });
        insert.run(key, ...cells, unrecorded);
      }
    })(),
  );
  const [, indexMs] = timed(() => db.exec('CREATE INDEX temp.expected_key ON expected (key)'));
  const equal = columns.map((column, i) => provenEqual(column, i)).join(' AND ');
  const [unproven, joinMs] = timed(() => db.prepare(`SELECT count(*) FROM (${stored}) s LEFT JOIN temp.expected e ON e.key = s.key WHERE e.key IS NULL OR NOT (${equal})`).pluck().get() as number);
  const byColumn = Object.fromEntries(
    columns.map((column, i) => [column, db.prepare(`SELECT count(*) FROM (${stored}) s JOIN temp.expected e ON e.key = s.key WHERE NOT ${provenEqual(column, i)}`).pluck().get() as number]),
  );
  const result: Record<string, unknown> = { table, rows: copy.length, problems, jsMs, insertMs, indexMs, joinMs, unproven, unprovenByColumn: byColumn };
  if (table === 'items') {
    const [left, jsonTreeMs] = timed(() => db.prepare(`SELECT count(*) FROM (${stored}) s JOIN temp.expected e ON e.key = s.key WHERE NOT (${sameJsonTree('screened')} AND ${sameJsonTree('disposition')})`).pluck().get() as number);
    Object.assign(result, { jsonTreeMs, unprovenByJsonTree: left });
  }
  results.push(result);
}
db.close();
process.stdout.write(`${JSON.stringify({ foldMs, results })}\n`);
