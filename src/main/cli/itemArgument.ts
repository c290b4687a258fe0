import { parseCustodyId } from '../../shared/domain/index.ts';
import type { AuditLog, RecordLookups } from '../store/index.ts';
import { quoted, UsageError } from './output.ts';

/** What the resolver reads: the audit log (an item is known by its events, even once purged) and the code look-up. */
export interface ItemRecords {
  audit: Pick<AuditLog, 'eventsFor'>;
  lookups: Pick<RecordLookups, 'custodyIdsByCode'>;
}

export const ITEM_FORMS = 'a custody ID (7KX-2QF-9MA, typed loosely), a tracking number or the code scanned at intake';

/**
 * The items an `--item` argument names, in every form any command takes: the custody ID (the
 * item's own ID, in any case, with or without hyphens or spaces), or a tracking number or scanned
 * code as intake keyed it. A tracking number may name several items (a number reused by the
 * carrier, an item taken in twice): all are returned, in custody ID order.
 */
export function itemsNamedBy(records: ItemRecords, text: string): string[] {
  const wanted = text.trim();
  const found = new Set<string>();
  const custodyId = parseCustodyId(wanted);
  if (custodyId && records.audit.eventsFor('item', custodyId).length > 0) found.add(custodyId);
  const code = wanted.replace(/\s+/g, '').toUpperCase();
  if (code !== '') for (const id of records.lookups.custodyIdsByCode(code)) found.add(id);
  return [...found].sort();
}

/** The one item an `--item` argument names, or a one-line refusal that says what to give instead. */
export function oneItemNamedBy(records: ItemRecords, text: string, command: string): string {
  const found = itemsNamedBy(records, text);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new UsageError(`${command}: no item has custody ID or tracking number ${quoted(text.trim())}; --item takes ${ITEM_FORMS}`);
  const listed = found.length > 10 ? `${found.slice(0, 10).join(', ')} and ${found.length - 10} more` : found.join(', ');
  throw new UsageError(`${command}: ${quoted(text.trim())} names ${found.length} items (${listed}): give one of their custody IDs`);
}

/** Every item an `--item` argument names, or a one-line refusal when it names none. */
export function someItemsNamedBy(records: ItemRecords, text: string, command: string): string[] {
  const found = itemsNamedBy(records, text);
  if (found.length === 0) throw new UsageError(`${command}: no item has custody ID or tracking number ${quoted(text.trim())}; --item takes ${ITEM_FORMS}`);
  return found;
}
