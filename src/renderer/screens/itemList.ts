import { OPEN_ITEM_STATES, type Item } from '../../shared/contract/index.ts';

/**
 * Inserts or replaces items by custody ID, keeping the newer snapshot when a list answer and a live
 * event race, and orders newest first as intake.list does.
 */
export function mergeItems(current: readonly Item[], incoming: readonly Item[]): Item[] {
  const byId = new Map(current.map((item) => [item.custodyId, item]));
  for (const item of incoming) {
    const known = byId.get(item.custodyId);
    if (!known || Date.parse(item.updatedAt) >= Date.parse(known.updatedAt)) byId.set(item.custodyId, item);
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}

/**
 * The items still in progress: one voided or delivered on this or another screen leaves the list at
 * once (its snapshot stays known, so an older list answer arriving late cannot bring it back).
 */
export function itemsInProgress(items: readonly Item[]): Item[] {
  return items.filter((item) => OPEN_ITEM_STATES.includes(item.state));
}
