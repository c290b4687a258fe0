import type { Item, RecordMode } from '../../../shared/contract/index.ts';
import { NoticeReadModel, type Store } from '../../store/index.ts';
import { waitingDays } from './noticeSchedule.ts';

/** The screener's list is a work list, not a report: the longest waiting first, this many at most. */
const LISTED = 200;
const DAY_MS = 24 * 60 * 60 * 1000;
const MODES: readonly RecordMode[] = ['live', 'demo', 'drill'];

export interface ReturnToSender {
  item: Item;
  recipient: string | null;
  /** When the item was cleared (its last step): nobody has collected it since. */
  waitingSince: string;
  days: number;
}

/**
 * Cleared items nobody collected in `afterDays` days or more: the screener returns them to sender
 * (the item.return step). Delivered and returned items leave the list; so does an item whose
 * clearance is younger than the days. Longest waiting first.
 */
export function returnToSenderList(store: Store, afterDays: number, now: Date): { items: ReturnToSender[]; more: boolean } {
  const read = new NoticeReadModel(store.db);
  const before = new Date(now.getTime() - afterDays * DAY_MS).toISOString();
  const waiting = MODES.flatMap((mode) => read.waitingSince(before, mode)).sort((a, b) => a.since.localeCompare(b.since));
  const items: ReturnToSender[] = [];
  for (const { custodyId, since } of waiting.slice(0, LISTED)) {
    const item = store.items.byCustodyId(custodyId);
    if (!item) continue;
    items.push({ item, recipient: store.items.extras(custodyId)?.recipient ?? null, waitingSince: since, days: waitingDays(since, now) });
  }
  return { items, more: waiting.length > LISTED };
}
