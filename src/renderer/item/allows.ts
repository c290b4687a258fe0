import type { ItemActionKind, ItemDetail } from '../../shared/contract/index.ts';

/**
 * Whether the station says the item allows this now (main decides again when it is asked): screens
 * show what this allows instead of keeping their own lists of states.
 */
export function allows(detail: ItemDetail, action: ItemActionKind): boolean {
  return detail.allowedActions.includes(action);
}
