import type { ItemType } from '../../shared/contract/index.ts';

export const ITEM_TYPE_NAMES: Readonly<Record<ItemType, string>> = {
  letter: 'Letter',
  flat: 'Large envelope (flat)',
  'padded-envelope': 'Padded envelope',
  parcel: 'Parcel',
  tube: 'Tube',
  other: 'Other',
};

export const ITEM_TYPES: readonly ItemType[] = ['letter', 'flat', 'padded-envelope', 'parcel', 'tube', 'other'];
