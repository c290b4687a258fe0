// The station's SQLite extension for the hash check (src/main/store/verify/native/mailscreen_chain.c):
// built by the project's own script, found beside the code (unpacked beside app.asar when packaged),
// hashing with the CPU's SHA instructions where it has them and right at every message length, and
// never callable from SQL a store carries. That it says of every window what the JavaScript window
// says, hostile rows included, is chain-window.test.ts's.
import { hash as sha256 } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import { canonicalJson } from '../../src/main/store/canonicalJson.ts';
import { ROW_VOCABULARY } from '../../src/main/store/verify/chainJoin.ts';
import { rowSets } from '../../src/main/store/verify/chainRow.ts';
import { checkStretchInDb } from '../../src/main/store/verify/chainStretch.ts';
import { checkChainParallel } from '../../src/main/store/verify/parallelChain.ts';
import { jsWindowCheck } from '../../src/main/store/verify/chainWindow.ts';
import { chainExtensionLoaded, loadChainExtension, nativeExtensionFile, nativeUsesShaInstructions, nativeWindowCheck } from '../../src/main/store/verify/nativeWindow.ts';
import { trueHash } from '../helpers/chainWalk.ts';
import { builtChainExtension } from '../helpers/nativeChain.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SETS = rowSets(ROW_VOCABULARY);

beforeAll(() => {
  builtChainExtension();
});

/** A log of `n` events as the station writes them, the k-th payload a string of k bytes: messages of every length. */
function logOfLengths(n: number): { db: Database.Database; hashes: string[] } {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)');
  const insert = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const hashes: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const row: unknown[] = [seq, '2026-01-02T03:04:05.678Z', 'operator:op-1', 'ST-1', 'item.weighed', 'item', `MS-${seq}`, 'live', canonicalJson({ a: 'x'.repeat(seq - 1) }), prev, ''];
    row[10] = trueHash(row);
    insert.run(...row);
    hashes.push(row[10] as string);
    prev = row[10] as string;
  }
  return { db, hashes };
}

describe("the chain's SQLite extension", () => {
  it('is found beside the code: out/native from the sources and from a bundle, unpacked beside app.asar when packaged', () => {
    expect(nativeExtensionFile()).toBe(path.join(ROOT, 'out/native/mailscreen_chain.so'));
    expect(nativeExtensionFile(pathToFileURL(path.join(ROOT, 'src/main/store/verify/nativeWindow.ts')).href)).toBe(path.join(ROOT, 'out/native/mailscreen_chain.so'));
    expect(nativeExtensionFile('file:///work/out/main/chainWorker.cjs')).toBe('/work/out/native/mailscreen_chain.so');
    expect(nativeExtensionFile('file:///opt/Mailscreen/resources/app.asar/out/main/electron.cjs')).toBe('/opt/Mailscreen/resources/app.asar.unpacked/out/native/mailscreen_chain.so');
  });

  it('hashes with the SHA instructions on a CPU that has them', () => {
    const db = new Database(':memory:');
    expect(loadChainExtension(db)).toBe(true);
    const cpuHasSha = /^flags\s*:.*\bsha_ni\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    expect(nativeUsesShaInstructions(db)).toBe(cpuHasSha);
    db.close();
  });

  it('hashes right at every message length across SHA-256 block boundaries, with either SHA-256', () => {
    // Messages of ~260 to ~650 bytes: every remainder modulo 64 several times over, the padding's own boundary (55/56) included.
    const { db, hashes } = logOfLengths(400);
    for (const portable of [false, true]) {
      const check = nativeWindowCheck(db, SETS.plainSubjectTypes, SETS.plainModes, { portable })!;
      expect(check).not.toBeNull();
      let walk = { rows: 0, prevSeq: 0, prevHash: '' };
      for (let seq = 1; seq <= hashes.length; seq += 1) {
        const held = check(walk, seq, seq);
        expect(held?.lastHash, `event ${seq}, portable ${portable}`).toBe(hashes[seq - 1]);
        walk = { rows: seq, prevSeq: seq, prevHash: held!.lastHash };
      }
      // And as one window: every link inside it checked there.
      expect(check({ rows: 0, prevSeq: 0, prevHash: '' }, 1, hashes.length)).toEqual({ events: 400, firstSeq: 1, firstPrevHash: GENESIS_HASH, lastSeq: 400, lastHash: hashes[399] });
    }
    expect(checkStretchInDb(db, 1, 400, ROW_VOCABULARY)).toMatchObject({ rows: 400, bad: null, thrown: null, last: { seq: 400, hash: hashes[399] } });
    db.close();
  });

  it('reads any bytes as a payload or a field as the JavaScript window does (its parser fuzzed: deep nesting, cut-off text, bytes that are not UTF-8)', () => {
    // Bytes JSON and UTF-8 give meaning to, and any byte: the parser's every state, its depth limit and past it.
    const byte = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...Buffer.from('{}[]":,-0123456789truefalsn\\ax')) },
      { weight: 1, arbitrary: fc.constantFrom(0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xf5, 0xff) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
      fc.array(byte, { maxLength: 120 }).map((b) => Buffer.from(b)),
      fc.integer({ min: 30, max: 40 }).map((depth) => Buffer.from(`{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`)),
    );
    const db = new Database(':memory:');
    db.exec('CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash)');
    const insert = db.prepare(`INSERT INTO audit_events VALUES (1, '2026-01-02T03:04:05.678Z', CAST(? AS TEXT), 'ST-1', 'item.weighed', 'item', 'MS-1', 'live', CAST(? AS TEXT), ?, ?)`);
    const inJs = jsWindowCheck(db, SETS.plainSubjectTypes, SETS.plainModes)!;
    const native = nativeWindowCheck(db, SETS.plainSubjectTypes, SETS.plainModes)!;
    const start = { rows: 0, prevSeq: 0, prevHash: '' };
    let held = 0;
    fc.assert(
      fc.property(bytes, bytes, (actor, payload) => {
        db.exec('DELETE FROM audit_events');
        // Hashed over the bytes as laid out: were they accepted, the hash would hold.
        const laidOut = Buffer.concat([Buffer.from(`${GENESIS_HASH}{"actor":"`), actor, Buffer.from('","at":"2026-01-02T03:04:05.678Z","kind":"item.weighed","mode":"live","payload":'), payload, Buffer.from(',"seq":1,"station":"ST-1","subjectId":"MS-1","subjectType":"item"}')]);
        insert.run(actor, payload, GENESIS_HASH, sha256('sha256', laidOut, 'hex'));
        const inSqlite = native(start, 1, 1);
        if (inSqlite) held += 1;
        expect(inSqlite).toEqual(inJs(start, 1, 1));
      }),
      { numRuns: 3_000 },
    );
    // Some of them held (the fuzz reached the end of the parser, not only its first refusals).
    expect(held).toBeGreaterThan(0);
    db.close();
  });

  it('cannot be called from a view or a trigger a store holds', () => {
    const { db } = logOfLengths(3);
    db.exec(`CREATE VIEW forged AS SELECT mailscreen_chain_window(1, 0, '', 'item', 'live', hash, prev_hash, actor, at, kind, mode, payload, seq, station, subject_id, subject_type) AS held FROM audit_events`);
    expect(loadChainExtension(db)).toBe(true);
    expect(() => db.prepare('SELECT held FROM forged').get()).toThrow(/unsafe use of mailscreen_chain_window/);
    db.close();
  });

  it('is left out when asked (the benches\' baseline), also for a chain short enough to be checked in this thread', async () => {
    const { db } = logOfLengths(20);
    expect(await checkChainParallel(db, { native: false })).toEqual({ events: 20, ok: true, firstBadSeq: null });
    expect(chainExtensionLoaded(db)).toBe(false);
    expect(await checkChainParallel(db)).toEqual({ events: 20, ok: true, firstBadSeq: null });
    expect(chainExtensionLoaded(db)).toBe(true);
    db.close();
  });

  it('leaves the JavaScript window where it is not there or is not an extension', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chain-native-'));
    const foreign = path.join(dir, 'mailscreen_chain.so');
    writeFileSync(foreign, 'not a shared object');
    const { db, hashes } = logOfLengths(5);
    expect(loadChainExtension(db, path.join(dir, 'absent.so'))).toBe(false);
    expect(nativeWindowCheck(db, SETS.plainSubjectTypes, SETS.plainModes, { file: foreign })).toBeNull();
    expect(checkStretchInDb(db, 1, 5, ROW_VOCABULARY, 2, false)).toMatchObject({ rows: 5, bad: null, last: { seq: 5, hash: hashes[4] } });
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
