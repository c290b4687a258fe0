// The small station verify's integration tests replay: an admin, a screener logged in, letters
// received, detailed and weighed by hand.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { StationConnection } from '../../src/main/core/connection.ts';
import type { Station } from '../../src/main/core/station.ts';
import { openDatabase } from '../../src/main/store/database.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';

/** The command's value, or a thrown error naming `what` failed and why. */
export function must<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A new station's admin set up and its screener Ana (SCR-A) logged in: the connection she works on. */
export async function screenerAna(station: Station): Promise<StationConnection> {
  const admin = station.connect();
  must(await admin.call('session.setup', { badge: 'ADM-1', name: 'Ada Admin', pin: '135791' }), 'setup');
  must(await admin.call('operator.create', { badge: 'SCR-A', name: 'Ana Screener', role: 'screener', pin: '864202' }), 'operator');
  const ana = station.connect();
  must(await ana.call('session.login', { badge: 'SCR-A', pin: '864202' }), 'login');
  return ana;
}

/** `count` letters scanned as `<prefix>-1000`…, each with its recipient and a weight typed by hand: their custody IDs. */
export async function weighedLetters(ana: StationConnection, prefix: string, count: number): Promise<string[]> {
  const custodyIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const custodyId = must<{ item: { custodyId: string } }>(await ana.call('intake.scan', { code: `${prefix}-${1000 + i}` }), 'scan').item.custodyId;
    custodyIds.push(custodyId);
    must(await ana.call('item.setDetails', { custodyId, itemType: 'letter', recipient: `Recipient ${i}` }), 'details');
    must(await ana.call('item.enterWeight', { custodyId, grams: 20 + i, reason: 'Scale out for service' }), 'weigh');
  }
  return custodyIds;
}

/**
 * Copies of the station's database at `dbPath`, each edited behind the station's back and then
 * opened read-only as verify opens it; `close()` closes every copy opened.
 */
export function tamperedCopies(dbPath: string): { copyOf(edit?: (db: Database.Database) => void): { db: Database.Database; file: string }; close(): void } {
  const opened: Database.Database[] = [];
  let copies = 0;
  return {
    copyOf(edit = () => undefined) {
      const file = path.join(path.dirname(dbPath), `copy-${(copies += 1)}.sqlite`);
      copyFileSync(dbPath, file);
      const writable = new Database(file);
      edit(writable);
      writable.close();
      const db = openDatabase(file, { readonly: true });
      opened.push(db);
      return { db, file };
    },
    close() {
      for (const db of opened.splice(0)) db.close();
    },
  };
}
