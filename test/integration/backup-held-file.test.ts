// The backup copies the database as a file held still (issue 15, point 5): the copy is exactly
// the snapshot taken when it was held, whatever the station commits and checkpoints meanwhile,
// a standalone database whose manifest hash is of the bytes on disk; when the file cannot be
// held at once, the online backup API is used as before.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backup } from '../../src/main/records/index.ts';
import { asStandaloneDatabase, AuditLog, holdDatabaseFile, Store } from '../../src/main/store/index.ts';
import { tempDir } from '../helpers/station.ts';

function append(store: Store, n: number): void {
  for (let i = 0; i < n; i += 1) {
    store.transaction(() => store.audit.append({ actor: 'operator:a', kind: 'records.backupFailed', subjectType: 'station', subjectId: `NOTE-${i}`, mode: 'live', payload: { to: `NOTE-${i}`, error: `event ${i} ${'x'.repeat(200)}` } }));
  }
}

const head = (db: Database.Database) => db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };

/** The tree digest computed here from its definition, not by the code under test. */
function treeSha256(bytes: Buffer, chunkBytes: number): string {
  const root = createHash('sha256');
  for (let at = 0; at < bytes.length; at += chunkBytes) root.update(createHash('sha256').update(bytes.subarray(at, at + chunkBytes)).digest());
  return root.digest('hex');
}

describe('the database file held still for a backup', { timeout: 120_000 }, () => {
  it('stays the snapshot it was held at while the station commits and checkpoints', () => {
    const dir = tempDir('mailscreen-held-');
    const store = Store.open(path.join(dir, 'station.sqlite'));
    append(store, 50);
    const held = holdDatabaseFile(store.db);
    expect(held).not.toBeNull();
    const atHold = head(store.db);
    // Enough to fill the log past SQLite's automatic checkpoint, and a checkpoint asked for outright.
    append(store, 3000);
    store.db.pragma('wal_checkpoint(PASSIVE)');
    const copy = path.join(dir, 'copy.sqlite');
    copyFileSync(held!.file, copy);
    held!.release();
    const bytes = readFileSync(copy);
    asStandaloneDatabase(bytes);
    writeFileSync(copy, bytes);
    const copied = new Database(copy, { readonly: true });
    expect(copied.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copied.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(head(copied)).toEqual(atHold);
    expect(new AuditLog(copied, 'check', () => new Date()).verify()).toMatchObject({ ok: true, events: atHold.seq });
    copied.close();
    // Released, the station's checkpoints reach the file again.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const after = new Database(path.join(dir, 'station.sqlite'), { readonly: true });
    expect(head(after).seq).toBe(atHold.seq + 3000);
    after.close();
    store.close();
  });

  it('is not held while another reader is on an older snapshot: the backup takes the online API, and both ways make the same kind of copy', async () => {
    const dir = tempDir('mailscreen-held-');
    const file = path.join(dir, 'station.sqlite');
    const store = Store.open(file);
    append(store, 20);
    const other = new Database(file, { readonly: true });
    other.exec('BEGIN');
    other.prepare('SELECT count(*) FROM audit_events').get();
    append(store, 5);
    expect(holdDatabaseFile(store.db)).toBeNull();
    const viaApi = await backup({ store, imageStore: null, to: path.join(dir, 'backups'), by: 'cli:test', verifyChain: true });
    other.exec('COMMIT');
    other.close();
    const viaFile = await backup({ store, imageStore: null, to: path.join(dir, 'backups'), by: 'cli:test', verifyChain: true });
    for (const made of [viaApi, viaFile]) {
      const copy = path.join(made.folder, made.manifest.database.file);
      expect(made.ok).toBe(true);
      expect(made.manifest.chainVerified).toMatchObject({ ok: true });
      // The manifest's digest is of the file as it is on disk (since manifest version 2 a tree
      // digest: the SHA-256 over each chunk's SHA-256), and the file stands alone.
      expect(made.manifest.database.digest).toMatchObject({ algorithm: 'sha256-tree', chunkBytes: 8 << 20 });
      expect(treeSha256(readFileSync(copy), made.manifest.database.digest.chunkBytes)).toBe(made.manifest.database.digest.sha256);
      expect(existsSync(`${copy}-wal`) || existsSync(`${copy}-shm`)).toBe(false);
      const copied = new Database(copy, { readonly: true });
      expect(copied.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copied.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(head(copied)).toEqual(made.manifest.chainHead);
      copied.close();
    }
    store.close();
  });
});
