// The replay split by subject, each part on a core of its own or one after the other in the verify
// command's thread, so that one part's rows are held at a time (issue 15): items are
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

/**
 * How a split in two shares the items out: part 0 also replays the station-wide tables and the
 * X-ray scans (about a fifth more work again than half the items: issue 15 measured part 0 at 1.4
 * times part 1), so it takes the items whose code point falls in 2 of 5 slices (Crockford custody
 * IDs: 13 of their 32 last characters, 41%) and part 1 the other 3; both then finish together.
 * A split in three or more: below.
 */
const TWO_PARTS = { slices: 5, firstOfPart1: 2 } as const;

/**
 * A split in three or more is made one part after the other (the verify command: PartHere), where
 * the peak is the biggest part's: part 0, which replays the station-wide tables and the X-ray scans
 * and keeps the walk's bookkeeping, takes no items, and the others one slice each of the items
 * (1M items, in four parts with part 0 taking its slice too: part 0 peaked 32 MB above the others
 * and took 36 CPU-s against their 20).
 */
function partOfCodePoint(codePoint: number, count: number): number {
  if (count === 2) return codePoint % TWO_PARTS.slices >= TWO_PARTS.firstOfPart1 ? 1 : 0;
  return 1 + (codePoint % (count - 1));
}

/** partOfSubject in SQL, of the text `subject` (an SQL expression). */
export function subjectPartSql(subject: string, count: number): string {
  const codePoint = `coalesce(unicode(substr(${subject}, -1)), 0)`;
  if (count === 2) return `(${codePoint} % ${TWO_PARTS.slices} >= ${TWO_PARTS.firstOfPart1})`;
  return `(1 + ${codePoint} % ${count - 1})`;
}

/**
 * The part an item's rows fall in, from the code point of its custody ID's last character (custody
 * IDs end in a random character): its slice (above). SQLite picks a part's events (eventsOfPart)
 * and its rows (stateCheck.ts) by the same rule (subjectPartSql); this is that rule for JavaScript
 * (a test holds the two to agree on any text). A store made to put every item in one part is
 * checked as fast as one worker checks it, no worse.
 */
export function partOfSubject(stored: string, count: number): number {
  // SQLite's text functions read up to the first NUL.
  const nul = stored.indexOf('\0');
  const subjectId = nul >= 0 ? stored.slice(0, nul) : stored;
  if (count <= 1) return 0;
  // What SQLite's unicode() gives of no character (coalesced to 0 in subjectPartSql).
  if (subjectId.length === 0) return partOfCodePoint(0, count);
  const last = subjectId.length - 1;
  const unit = subjectId.charCodeAt(last);
  const low = unit >= 0xdc00 && unit <= 0xdfff;
  const high = unit >= 0xd800 && unit <= 0xdbff;
  // A character beyond the BMP ends in a low surrogate: its code point is the pair's (what SQLite's
  // unicode() gives); a lone surrogate is stored as U+FFFD.
  const pair = low && last > 0 ? subjectId.codePointAt(last - 1)! : 0;
  const codePoint = high || (low && pair <= 0xffff) ? 0xfffd : low ? pair : unit;
  return partOfCodePoint(codePoint, count);
}

/** partOfSubject of an event's subject, in SQL. */
const eventPart = (count: number) => subjectPartSql('subject_id', count);

/** An event only the item tables react to (most of the log): about an item, of an item.* or custody.* kind but item.markedSuspect (which names an X-ray scan). Case-sensitive, as the kinds are. */
const ITEM_ONLY = "(subject_type = 'item' AND kind <> 'item.markedSuspect' AND (substr(kind, 1, 5) = 'item.' OR substr(kind, 1, 8) = 'custody.'))";

/**
 * The events query of a part: `columns` are the stored columns the walk reads; a part's item part
 * (partOfSubject of the subject, in SQL) is the last. Part 0 reads every event (it keeps the walk's
 * bookkeeping) but the payloads of only those routed to it; the others read only theirs.
 */
export function eventsOfPart(columns: string, part: StatePart): string {
  const p = eventPart(part.count);
  if (part.index === 0) {
    const payload = `CASE WHEN kind = 'records.purged' OR subject_type <> 'item' OR ${p} = 0 OR NOT ${ITEM_ONLY} THEN payload END AS payload`;
    return `SELECT ${columns.replace(/\bpayload\b/, payload)}, ${p} AS part FROM audit_events ORDER BY seq`;
  }
  return `SELECT ${columns}, ${p} AS part FROM audit_events WHERE kind = 'records.purged' OR (subject_type = 'item' AND ${p} = ${part.index}) ORDER BY seq`;
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

/** Every route there is, made once (an event of millions is routed without a new object each): ROUTES[items][station][owner]. */
const ROUTES: ReadonlyArray<ReadonlyArray<readonly EventRoute[]>> = [false, true].map((items) =>
  [false, true].map((station) => [false, true].map((owner) => Object.freeze({ items, station, owner }))),
);
const route = (items: boolean, station: boolean, owner: boolean): EventRoute => ROUTES[Number(items)]![Number(station)]![Number(owner)]!;

/**
 * How an event is routed, from its stored kind, subject type and its subject's part alone (before its
 * payload is parsed, which is most of the cost of skipping it). The item tables react only to
 * events about an item (the catalog admits an item.* or custody.* kind about nothing else, but
 * custody.receivedFromStation, about the receiving station: the subject type is asked first) and to
 * `records.purged`; the station-wide tables to everything else, and of an item's events to its
 * X-ray scans' (xray.*, item.markedSuspect) and the records.* ones (legal holds), never to the
 * other item.* and custody.* kinds, which are most of the log.
 */
export function routeEvent(kind: string, subjectType: string, itemPart: number, part: StatePart): EventRoute {
  if (part.count <= 1) return route(true, true, true);
  const purge = kind === 'records.purged';
  if (subjectType !== 'item') {
    if (part.index === 0) return route(true, true, true);
    return purge ? route(true, false, false) : NOWHERE;
  }
  const mine = itemPart === part.index;
  // As ITEM_ONLY says in SQL.
  const station = part.index === 0 && (kind === 'item.markedSuspect' || !(kind.startsWith('item.') || kind.startsWith('custody.')));
  const items = mine || purge;
  return items || station ? route(items, station, mine) : NOWHERE;
}
