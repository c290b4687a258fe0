import type Database from 'better-sqlite3';
import type { Migration } from './types.ts';

/**
 * How many items in time order a newly recorded item with an earlier time may set aside, before it
 * is the one set aside instead. Items stamped in the future (a clock set ahead, then put right) are
 * set aside by the next item; a clock stepped back sets aside the items of the time it stepped
 * over. Only a step over more items than this sets aside what arrives until the clock catches up.
 * A bound on what one insert may do (reading and listing this many rows).
 */
export const LATE_ITEMS_PUSHED_ASIDE_AT_MOST = 1000;

export const searchIndexes: Migration = {
  version: 10,
  name: 'search at scale: recipient prefixes up to 6 characters indexed, items recorded out of time order listed',
  up(db) {
    db.exec(`
      -- The recipient words again, now with prefix indexes for 2 to 6 characters: a typed prefix
      -- ("mülle", "quin") is one term read newest rowid first, instead of every word that starts with
      -- it merged (33,000 rows for a common syllable at 1M items, about 10 ms before any row is read).
      DROP TRIGGER items_recipient_fts_insert;
      DROP TRIGGER items_recipient_fts_update;
      DROP TRIGGER items_recipient_fts_delete;
      DROP TABLE items_recipient_fts;
      CREATE VIRTUAL TABLE items_recipient_fts USING fts5 (
        recipient, content = 'items', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
      );
      CREATE TRIGGER items_recipient_fts_insert AFTER INSERT ON items WHEN new.recipient IS NOT NULL
      BEGIN INSERT INTO items_recipient_fts (rowid, recipient) VALUES (new.rowid, new.recipient); END;
      CREATE TRIGGER items_recipient_fts_update AFTER UPDATE OF recipient ON items
      BEGIN
        INSERT INTO items_recipient_fts (items_recipient_fts, rowid, recipient)
          SELECT 'delete', old.rowid, old.recipient WHERE old.recipient IS NOT NULL;
        INSERT INTO items_recipient_fts (rowid, recipient) SELECT new.rowid, new.recipient WHERE new.recipient IS NOT NULL;
      END;
      CREATE TRIGGER items_recipient_fts_delete AFTER DELETE ON items WHEN old.recipient IS NOT NULL
      BEGIN INSERT INTO items_recipient_fts (items_recipient_fts, rowid, recipient) VALUES ('delete', old.rowid, old.recipient); END;
      INSERT INTO items_recipient_fts (items_recipient_fts) VALUES ('rebuild');

      -- The recipient index hands out matches by rowid, that is in the order items were recorded.
      -- Search lists newest received first. The two orders agree for every item except those listed
      -- here, so a recipient search reads its page straight off the index (newest rowid first) and
      -- adds these few, instead of fetching and sorting every match. An item is listed when it was
      -- recorded after one with a later (received_at, custody_id): a clock stepped back, or an item
      -- stamped in the future, which the next item then sets aside (see the trigger below).
      CREATE TABLE items_received_late (
        item_rowid INTEGER PRIMARY KEY
      ) STRICT;

      CREATE TRIGGER items_received_late_insert AFTER INSERT ON items
      WHEN EXISTS (SELECT 1 FROM items WHERE rowid > new.rowid)
        OR (new.received_at, new.custody_id) < (
          SELECT received_at, custody_id FROM items
          WHERE rowid < new.rowid AND rowid NOT IN (SELECT item_rowid FROM items_received_late) ORDER BY rowid DESC LIMIT 1)
      BEGIN
        -- More items in order than the limit have a later time (a clock stepped back far): the new one is late.
        INSERT INTO items_received_late (item_rowid) SELECT new.rowid
        WHERE EXISTS (SELECT 1 FROM items WHERE rowid > new.rowid)
          OR (SELECT count(*) FROM (
            SELECT 1 FROM items WHERE (received_at, custody_id) > (new.received_at, new.custody_id) AND rowid < new.rowid
              AND rowid NOT IN (SELECT item_rowid FROM items_received_late) LIMIT ${LATE_ITEMS_PUSHED_ASIDE_AT_MOST + 1})) > ${LATE_ITEMS_PUSHED_ASIDE_AT_MOST};
        -- Otherwise those with a later time (stamped in the future, or in the time the clock stepped over) are.
        INSERT INTO items_received_late (item_rowid)
          SELECT rowid FROM items WHERE (received_at, custody_id) > (new.received_at, new.custody_id) AND rowid < new.rowid
            AND rowid NOT IN (SELECT item_rowid FROM items_received_late)
            AND NOT EXISTS (SELECT 1 FROM items_received_late WHERE item_rowid = new.rowid);
      END;
      -- The recipients of the items set aside, in a word index of their own: a search reads its
      -- few matches there in one lookup (probing the main index once per item set aside costs
      -- tens of microseconds each, every search).
      CREATE VIRTUAL TABLE items_late_recipient_fts USING fts5 (
        recipient, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6'
      );
      CREATE TRIGGER items_received_late_listed AFTER INSERT ON items_received_late
      BEGIN
        INSERT INTO items_late_recipient_fts (rowid, recipient)
          SELECT rowid, recipient FROM items WHERE rowid = new.item_rowid AND recipient IS NOT NULL;
      END;
      CREATE TRIGGER items_received_late_unlisted AFTER DELETE ON items_received_late
      BEGIN DELETE FROM items_late_recipient_fts WHERE rowid = old.item_rowid; END;
      CREATE TRIGGER items_late_recipient_update AFTER UPDATE OF recipient ON items
      WHEN new.rowid IN (SELECT item_rowid FROM items_received_late)
      BEGIN
        DELETE FROM items_late_recipient_fts WHERE rowid = new.rowid;
        INSERT INTO items_late_recipient_fts (rowid, recipient) SELECT new.rowid, new.recipient WHERE new.recipient IS NOT NULL;
      END;

      -- Nothing updates when an item was received or its custody ID; should anything ever, the
      -- item is set aside rather than trusted to still be in order.
      CREATE TRIGGER items_received_late_update AFTER UPDATE OF received_at, custody_id ON items
      BEGIN INSERT OR IGNORE INTO items_received_late (item_rowid) VALUES (new.rowid); END;
      CREATE TRIGGER items_received_late_delete AFTER DELETE ON items
      BEGIN DELETE FROM items_received_late WHERE item_rowid = old.rowid; END;
    `);
    listItemsReceivedLate(db);
  },
};

/**
 * The same rule as the insert trigger, applied to the items already recorded, oldest rowid first.
 * The items still in order form a stack sorted by (received_at, custody_id); only its top few keys
 * are ever compared, so only those are read back.
 */
function listItemsReceivedLate(db: Database.Database): void {
  type Key = { at: string; id: string };
  const read = db.prepare<[number], Key>('SELECT received_at AS at, custody_id AS id FROM items WHERE rowid = ?');
  // The keys near the top of the stack are compared again and again after a clock stepped back far.
  const cache = new Map<number, Key>();
  const keyOf = (rowid: number): Key => {
    let key = cache.get(rowid);
    if (!key) {
      if (cache.size > 4 * LATE_ITEMS_PUSHED_ASIDE_AT_MOST) cache.clear();
      key = read.get(rowid)!;
      cache.set(rowid, key);
    }
    return key;
  };
  const markLate = db.prepare<[number]>('INSERT INTO items_received_late (item_rowid) VALUES (?)');
  const later = (a: Key, b: Key) => a.at > b.at || (a.at === b.at && a.id > b.id);
  const inOrder: number[] = [];
  let top: Key | null = null;
  const late: number[] = [];
  for (const [rowid, at, id] of db.prepare<[], [number, string, string]>('SELECT rowid, received_at, custody_id FROM items ORDER BY rowid').raw().iterate()) {
    const item = { at, id };
    if (top === null || later(item, top)) {
      inOrder.push(rowid);
      top = item;
      continue;
    }
    // The items in order with a later key are the top of the stack: count them, up to the limit.
    let count = 0;
    for (let i = inOrder.length - 1; i >= 0 && count <= LATE_ITEMS_PUSHED_ASIDE_AT_MOST; i -= 1) {
      if (!later(i === inOrder.length - 1 ? top : keyOf(inOrder[i]!), item)) break;
      count += 1;
    }
    if (count > LATE_ITEMS_PUSHED_ASIDE_AT_MOST) {
      late.push(rowid);
      continue;
    }
    for (let n = 0; n < count; n += 1) late.push(inOrder.pop()!);
    inOrder.push(rowid);
    top = item;
  }
  // Written once the read is done: the rows were read by a statement open on the same tables.
  for (const rowid of late) markLate.run(rowid);
}
