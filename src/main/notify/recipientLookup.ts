/**
 * What a notice needs to know of an item's recipient, wherever the directory keeps it: the
 * directory (`notify/directory/`) answers it; notices and the collection counter ask it.
 */
export interface ItemRecipient {
  /** The directory's id of the person; null when the screener typed a name not in the directory. */
  personId: string | null;
  name: string;
  /** Null when the directory has none (or the name was typed): no e-mail notice is possible. */
  email: string | null;
  department: string | null;
  /** The e-mail addresses of the department's key contacts: where an unanswered notice escalates. */
  departmentContacts: string[];
}

export interface RecipientLookup {
  /** The recipient recorded for the item, as the directory knows them now; null when none was recorded. */
  forItem(custodyId: string): ItemRecipient | null;
}
