import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERIFY_HELP } from '../../src/main/cli/verifyCommand.ts';
import { ITEM_RECORD_TABLES, itemRecordRepositories, migrate, StateReplay, Store, type ItemRecordTable } from '../../src/main/store/index.ts';
import { compareState } from '../../src/main/store/stateCheck.ts';
import { newCustodyId } from '../../src/shared/domain/index.ts';
import type { Item } from '../../src/shared/contract/index.ts';
import { tempDir } from '../helpers/station.ts';

// The item record tables are one list (store/itemRecords): verify replays, compares and lists them,
// and a purge removes them, by reading it. These tests make the list complete and each entry whole.

/**
 * Tables of the schema that verify does not replay, on purpose (verify --help: the operational
 * tables; the audit log and its checkpoints are what verify checks the chain of; the search
 * indexes (recipient words, the items received out of time order) are kept from items by triggers).
 */
const NOT_REPLAYED = new Set(['audit_events', 'audit_checkpoints', 'station_meta', 'print_jobs', 'webhook_jobs', 'notice_jobs', 'device_health_log', 'signatures', 'collection_photos']);
const SEARCH_INDEX = /^(items_recipient_fts(_\w+)?|items_received_late|items_late_recipient_fts(_\w+)?)$/;

/** Records of their own that point at an item but are purged by their own rule (an incident goes with its item, its steps and entries with it). */
const NOT_ITEM_RECORDS = new Set(['incidents']);

/** The list as the generic code reads it: every entry an ItemRecordTable. */
const REGISTRY: readonly ItemRecordTable[] = ITEM_RECORD_TABLES;

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});

afterEach(() => {
  db.close();
});

function tables(of: Database.Database): string[] {
  return of.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

/** Tables whose rows name an item (a foreign key to items.custody_id) that `registry` does not list. */
function unregisteredItemRecords(of: Database.Database, registry: readonly ItemRecordTable[]): string[] {
  const registered = new Set(registry.map((records) => records.table));
  return tables(of).filter((table) => {
    if (table === 'items' || NOT_ITEM_RECORDS.has(table) || registered.has(table)) return false;
    const keys = of.prepare('SELECT "table", "from" FROM pragma_foreign_key_list(?)').all(table) as Array<{ table: string; from: string }>;
    return keys.some((key) => key.table === 'items' && key.from === 'custody_id');
  });
}

describe('ITEM_RECORD_TABLES holds every table of item records', () => {
  it('every table whose rows reference an item is in the list (else verify would not check it, nor a purge remove it)', () => {
    expect(unregisteredItemRecords(db, ITEM_RECORD_TABLES)).toEqual([]);
  });

  it('a table missing from the list is caught: one left out, or a new step migrated in without its line', () => {
    expect(unregisteredItemRecords(db, REGISTRY.filter((records) => records.table !== 'xray_scans'))).toEqual(['xray_scans']);
    db.exec(`CREATE TABLE photographs (id INTEGER PRIMARY KEY, custody_id TEXT NOT NULL REFERENCES items (custody_id), sha256 TEXT NOT NULL) STRICT`);
    expect(unregisteredItemRecords(db, ITEM_RECORD_TABLES)).toEqual(['photographs']);
  });

  it('every table of the schema is replayed by verify, or is one it says it does not replay', () => {
    const replayed = new Set(new StateReplay().tables.map((replay) => replay.table));
    const unaccounted = tables(db).filter((table) => !replayed.has(table) && !NOT_REPLAYED.has(table) && !SEARCH_INDEX.test(table));
    expect(unaccounted).toEqual([]);
    for (const records of ITEM_RECORD_TABLES) expect(replayed, records.table).toContain(records.table);
  });

  it('names each table once', () => {
    const names = ITEM_RECORD_TABLES.map((records) => records.table);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe.each(REGISTRY.map((records) => [records.table, records] as const))('%s is whole', (table, records) => {
  it('is a table of the schema whose rows name their item', () => {
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table);
    expect(columns).toContain('custody_id');
  });

  it('its replay folds this table, and its row source reads every column the replay compares', () => {
    const replay = records.replay();
    expect(replay.table).toBe(table);
    expect(replay.columns.length).toBeGreaterThan(0);
    const read = db
      .prepare(records.rows.sql)
      .columns()
      .map((column) => column.name);
    expect(read).toContain('key');
    for (const column of replay.columns) expect(read, `${table}.${column}`).toContain(column);
  });

  it('its purge deletes the rows of the items it is given, and only those', () => {
    expect(records.purge).toMatch(new RegExp(`^DELETE FROM ${table} WHERE`));
    const ran = db.prepare(records.purge).run({ ids: JSON.stringify(['A-NONE']), incidents: JSON.stringify([]) });
    expect(ran.changes).toBe(0);
  });

  it('verify --help says what it compares of it and what not', () => {
    expect(records.verifyHelp.checks.trim()).not.toBe('');
    expect(records.verifyHelp.unchecked.trim()).not.toBe('');
    const help = VERIFY_HELP.replace(/\s+/g, ' ');
    expect(help).toContain(`${table} (${records.verifyHelp.checks}),`);
    expect(help).toContain(records.verifyHelp.unchecked);
  });

  it('its repository is among the screening records', () => {
    const repositories: Record<string, unknown> = itemRecordRepositories(db);
    expect(repositories[table]).toBeDefined();
  });
});

describe('verify compares every replayed table', () => {
  it('each has a row source: an empty store compares clean, with no warning', () => {
    const problems: unknown[] = [];
    const warnings: string[] = [];
    compareState(db, new StateReplay().tables, (p) => problems.push(p), (w) => warnings.push(w));
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
  });
});

describe('image files named by item records', () => {
  it('X-ray scans name their images, so a purge of the item removes the files', () => {
    expect(REGISTRY.find((records) => records.table === 'xray_scans')?.images).toBeDefined();
  });

  it.each(REGISTRY.flatMap((records) => (records.images ? [[records.table, records.images] as const] : [])))('%s: its images are listed by item, checked as still named, and relinked by a restore', (_table, images) => {
    const listed = db
      .prepare(images.ofItems)
      .columns()
      .map((column) => column.name);
    expect(listed).toEqual(['id', 'custody_id', 'image_sha256', 'image_file']);
    expect(db.prepare(images.stillNamed).get('0'.repeat(64))).toBeUndefined();
    expect(
      db
        .prepare(images.named)
        .columns()
        .map((column) => column.name),
    ).toEqual(['id', 'image_file']);
    expect(db.prepare(images.relink).run('/nowhere/none.png', -1).changes).toBe(0);
  });
});

describe('a purge removes an item with its rows in every item record table', () => {
  it('before: a row in each table; after deleteItems: none, and the other item keeps all of its', () => {
    const dir = tempDir();
    const store = Store.open(path.join(dir, 'mailscreen.sqlite'));
    try {
      const at = '2024-01-10T10:00:00.000Z';
      const addItem = (): string => {
        const custodyId = newCustodyId((n) => new Uint8Array(randomBytes(n)));
        const item: Item = { custodyId, trackingNumber: null, carrier: null, scannedCode: custodyId, symbology: null, state: 'DELIVERED', mode: 'live', receivedAt: at, updatedAt: at, receivedBy: 'operator:t', itemType: 'parcel', incidentNumber: null };
        const tables = itemRecordRepositories(store.db);
        store.transaction(() => {
          store.items.insert({ item, matchKey: custodyId });
          tables.weighings.add(custodyId, { grams: 10, source: 'manual', reading: null, manualReason: 'no scale', operatorId: 't', at });
          tables.step_skips.add(custodyId, { step: 'xray', reason: 'policy', operatorId: 't', at });
          tables.inspections.add(custodyId, { indicators: ['stains'], notes: '', operatorId: 't', at });
          tables.xray_scans.add(custodyId, { deviceId: 'x', scanRef: `SCAN-${custodyId}`, requestedBy: 't', requestedAt: at });
          const place = { kind: 'place', name: 'Quarantine locker' } as const;
          tables.custody_transfers.insert(custodyId, { kind: 'quarantine', releasedBy: place, receivedBy: place, reason: 'test', sealNumbers: [], sealIntact: null, location: null, secondBy: null, at, incidentId: null, recordedBy: 't' });
          tables.item_recipients.add(custodyId, { personKey: null, name: 'Typed Name', operatorId: 't', at });
          tables.collections.add({
            kind: 'collection',
            collectionId: `C-${custodyId}`,
            custodyId,
            recipientKey: 'E1',
            recipientName: 'Ann',
            collector: 'recipient',
            proxyKey: null,
            proxyName: null,
            authority: null,
            authorisedBy: null,
            idNumber: null,
            idNumberSalt: null,
            signatureSha256: null,
            photoSha256: null,
            operatorId: 't',
            at,
          });
        });
        return custodyId;
      };
      const rowsOf = (custodyId: string) =>
        Object.fromEntries(ITEM_RECORD_TABLES.map((records) => [records.table, store.db.prepare(`SELECT count(*) FROM ${records.table} WHERE custody_id = ?`).pluck().get(custodyId)]));
      const everyTable = (count: number) => Object.fromEntries(ITEM_RECORD_TABLES.map((records) => [records.table, count]));
      const purged = addItem();
      const kept = addItem();
      // The fixture covers the list: a new table needs a row above, or this says which one lacks it.
      expect(rowsOf(purged)).toEqual(everyTable(1));
      store.transaction(() => store.purging({ items: '2025-01-01T00:00:00.000Z', incidents: null, images: null, recipients: null }).deleteItems([purged], []));
      expect(rowsOf(purged)).toEqual(everyTable(0));
      expect(rowsOf(kept)).toEqual(everyTable(1));
      expect(store.items.exists(purged)).toBe(false);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
