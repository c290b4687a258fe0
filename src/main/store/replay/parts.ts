// The replay split by subject so that each part runs on its own core (issue 15): items are
// independent of one another, so an item's rows (the items table and the per-item records, keyed by
// custody ID) are replayed and compared by the part its custody ID falls in; the station-wide tables
// (operators, incidents, legal holds, settings, the directory) and the X-ray scans (keyed by scan
// reference, which an event of another item may name) stay whole in part 0.

/** Which part of a replay split in `count` parts this is; a replay that is not split is part 0 of 1. */
export interface StatePart {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: StatePart = Object.freeze({ index: 0, count: 1 });

/** The part an item's rows fall in: FNV-1a of its custody ID (any fixed function is right; this one spreads sequential IDs evenly). */
export function partOfSubject(subjectId: string, count: number): number {
  if (count <= 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < subjectId.length; i += 1) h = Math.imul(h ^ subjectId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

/** The subject of an item table's key: the custody ID itself, or `<custody ID>/<n>` for an item's n-th record. */
export function subjectOfKey(key: string, sequenced: boolean): string {
  return sequenced ? key.slice(0, key.lastIndexOf('/')) : key;
}

/** Who of a part is fed an event: the item tables (events of its items, and every purge), the station-wide tables (part 0), and who reports it (its owner). */
export interface EventRoute {
  items: boolean;
  station: boolean;
  /** The one part that counts the event and reports what the catalog could not read of it. */
  owner: boolean;
}

const NOWHERE: EventRoute = Object.freeze({ items: false, station: false, owner: false });

/**
 * How an event is routed, from its stored kind, subject type and subject ID alone (before its
 * payload is parsed, which is most of the cost of skipping it). The item tables react only to
 * events about an item (the catalog admits an item.* or custody.* kind about nothing else) and to
 * `records.purged`; the station-wide tables to everything else, and of an item's events to its
 * X-ray scans' (xray.*, item.markedSuspect) and the records.* ones (legal holds), never to the
 * other item.* and custody.* kinds, which are most of the log.
 */
export function routeEvent(kind: string, subjectType: string, subjectId: string, part: StatePart): EventRoute {
  if (part.count <= 1) return { items: true, station: true, owner: true };
  const purge = kind === 'records.purged';
  if (subjectType !== 'item') {
    if (part.index === 0) return { items: true, station: true, owner: true };
    return purge ? { items: true, station: false, owner: false } : NOWHERE;
  }
  const mine = partOfSubject(subjectId, part.count) === part.index;
  const station = part.index === 0 && (kind === 'item.markedSuspect' || !(kind.startsWith('item.') || kind.startsWith('custody.')));
  const items = mine || purge;
  return items || station ? { items, station, owner: mine } : NOWHERE;
}
