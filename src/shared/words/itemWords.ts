import type { Carrier, ItemState, ItemType } from '../contract/index.ts';

/**
 * An item's type, state and carrier in the operator's words: the screens and the papers (incident
 * report, custody form, daily log) read these one tables, so a PDF says "Padded envelope" and
 * "Handed over" where the screen does, never `padded-envelope` or `HANDED_OVER`.
 */
export const ITEM_TYPE_NAMES: Readonly<Record<ItemType, string>> = {
  letter: 'Letter',
  flat: 'Large envelope (flat)',
  'padded-envelope': 'Padded envelope',
  parcel: 'Parcel',
  tube: 'Tube',
  other: 'Other',
};

export const ITEM_TYPES: readonly ItemType[] = ['letter', 'flat', 'padded-envelope', 'parcel', 'tube', 'other'];

export const ITEM_STATE_NAMES: Readonly<Record<ItemState, string>> = {
  RECEIVED: 'Received',
  WEIGHED: 'Weighed',
  INSPECTED: 'Inspected',
  SCREENED: 'X-rayed',
  CLEARED: 'Cleared',
  DELIVERED: 'Delivered',
  RETURNED: 'Returned',
  SUSPECT: 'Suspect',
  QUARANTINED: 'Quarantined',
  HANDED_OVER: 'Handed over',
  RELEASED: 'Released',
  DESTROYED: 'Destroyed',
  VOIDED: 'Voided',
};

/** Carrier names as the labels on the mail print them. */
export const CARRIER_NAMES: Readonly<Record<Carrier, string>> = {
  ups: 'UPS',
  fedex: 'FedEx',
  usps: 'USPS',
  dhl: 'DHL',
  amazon: 'Amazon',
  s10: 'UPU S10 (international post)',
};

export function carrierName(carrier: Carrier | null): string {
  return carrier === null ? 'No carrier number' : CARRIER_NAMES[carrier];
}

/** A state read from a record (a read model's text column): its words, or the text as stored if this version does not know it. */
export function itemStateName(state: string): string {
  return Object.hasOwn(ITEM_STATE_NAMES, state) ? ITEM_STATE_NAMES[state as ItemState] : state;
}

/** A type read from a record: its words, or the text as stored if this version does not know it. */
export function itemTypeName(type: string): string {
  return Object.hasOwn(ITEM_TYPE_NAMES, type) ? ITEM_TYPE_NAMES[type as ItemType] : type;
}

/** A carrier read from a record: its name, or the text as stored if this version does not know it. */
export function carrierNameOf(carrier: string): string {
  return Object.hasOwn(CARRIER_NAMES, carrier) ? CARRIER_NAMES[carrier as Carrier] : carrier;
}
