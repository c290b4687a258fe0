import { DirectoryRepository, ItemRecipientRepository, type Store } from '../../store/index.ts';
import type { ItemRecipient, RecipientLookup } from '../recipientLookup.ts';

/**
 * An item's recipient as the directory knows them now: the last `item.recipientChosen` (a person
 * or a typed name) while the item's recipient is still that name, else the name in the item's details. A typed name has no e-mail; so has a
 * person the directory no longer lists (they have most likely left: no notice to their old address).
 */
export class DirectoryRecipients implements RecipientLookup {
  readonly #store: Store;
  readonly #directory: DirectoryRepository;
  readonly #chosen: ItemRecipientRepository;

  constructor(store: Store) {
    this.#store = store;
    this.#directory = new DirectoryRepository(store.db);
    this.#chosen = new ItemRecipientRepository(store.db);
  }

  forItem(custodyId: string): ItemRecipient | null {
    const chosen = this.#chosen.latest(custodyId);
    const typed = this.#store.items.extras(custodyId)?.recipient ?? null;
    // Choosing writes the name into the item's recipient; details saved since with another name
    // replace the choice (one truth: the item's recipient), and that name has no directory person.
    if (!chosen || chosen.name !== typed) {
      return typed ? { personId: null, name: typed, email: null, department: null, departmentContacts: [] } : null;
    }
    if (chosen.personKey === null) return { personId: null, name: chosen.name, email: null, department: null, departmentContacts: [] };
    const person = this.#directory.byKey(chosen.personKey);
    if (!person) return { personId: chosen.personKey, name: chosen.name, email: null, department: null, departmentContacts: [] };
    const contacts = person.department ? this.#directory.departmentContacts(person.department).map((c) => c.email) : [];
    return { personId: person.key, name: person.name, email: person.active ? person.email : null, department: person.department, departmentContacts: contacts };
  }
}
