import { ITEM_STAGE, REMOVE_EVERYONE_CONFIRMATION, StationFailure, type CommandArgs, type CommandResponse, type DirectoryPersonMatch, type ItemRecipientView, type Operator, type RecordMode } from '../../../shared/contract/index.ts';
import type { RecipientLookup } from '../recipientLookup.ts';
import { DirectoryRecipients } from './directoryRecipients.ts';
import { DirectoryRepository, ItemRecipientRepository, type DirectoryPerson, type Store } from '../../store/index.ts';
import { DirectoryCsvRefused } from './directoryCsv.ts';
import { importDirectoryCsv } from './directoryImport.ts';
import { DirectoryIndex } from './directorySearch.ts';
import { entryProblems, isEmailAddress } from './directoryRules.ts';
import { DEFAULT_RETURN_AFTER_DAYS, returnToSenderList, SecurityAlerts } from '../notices/index.ts';

/** How many of each change the admin screen is shown (the CLI lists them all). */
const LISTED = 200;

const match = (person: DirectoryPerson): DirectoryPersonMatch => ({ key: person.key, name: person.name, department: person.department, location: person.location });

export interface DirectoryServiceOptions {
  store: Store;
  /** The station's mode: the directory's own events are recorded in it (an item's recipient in the item's). */
  mode: RecordMode;
  now: () => Date;
  /** The notice schedule's days before a cleared item is returned to sender; the default without notices. */
  returnAfterDays?: number;
}

/**
 * The recipient directory at the station: the screener's search, an item's recipient, the admin's
 * import and upkeep, and what notices ask of an item's recipient (`recipients`). The search's index
 * is the people listed, in memory, made again whenever the directory has changed since (an import
 * here, or by the CLI or a sync in another process).
 */
export class DirectoryService {
  readonly #store: Store;
  readonly #mode: RecordMode;
  readonly #now: () => Date;
  readonly #directory: DirectoryRepository;
  readonly #chosen: ItemRecipientRepository;
  readonly #returnAfterDays: number;
  #index: { generation: number; index: DirectoryIndex } | null = null;
  #managedAtSite = false;

  constructor({ store, mode, now, returnAfterDays }: DirectoryServiceOptions) {
    this.#store = store;
    this.#returnAfterDays = returnAfterDays ?? DEFAULT_RETURN_AFTER_DAYS;
    this.#mode = mode;
    this.#now = now;
    this.#directory = new DirectoryRepository(store.db);
    this.#chosen = new ItemRecipientRepository(store.db);
    this.recipients = new DirectoryRecipients(store);
    this.alerts = new SecurityAlerts(store);
  }

  /**
   * With a site, the directory is the site's (site/siteDirectorySync.ts keeps this station's copy):
   * an import, a department's contacts or a proxy made here would be undone by the next revision,
   * so they are refused here and made at the site.
   */
  manageAtSite(): void {
    this.#managedAtSite = true;
  }

  #refuseAtSite(what: string, command: string): void {
    if (this.#managedAtSite) {
      throw new StationFailure('FORBIDDEN', `This station is in a site: its directory is the site's, and ${what} is done by the site admin (npm run -s cli -- site directory ${command} …), which reaches every station.`);
    }
  }

  /** The index of the people listed now: rebuilt only when the directory changed since it was made. */
  index(): DirectoryIndex {
    const generation = this.#directory.generation();
    if (this.#index?.generation !== generation) this.#index = { generation, index: new DirectoryIndex(this.#directory.listed()) };
    return this.#index.index;
  }

  search({ query, badge, limit }: CommandArgs<'directory.search'>): CommandResponse<'directory.search'> {
    if ((query === undefined) === (badge === undefined)) throw new StationFailure('INVALID_ARGUMENTS', 'Search the directory by text typed or by a badge scanned: give one of them.');
    const index = this.index();
    if (badge !== undefined) {
      const person = index.byBadge(badge);
      return { people: person ? [match(person)] : [] };
    }
    return { people: index.search(query ?? '', limit ?? 10).map((found) => match(found.person)) };
  }

  chooseRecipient({ custodyId, personKey, typedName }: CommandArgs<'item.chooseRecipient'>, operator: Operator): CommandResponse<'item.chooseRecipient'> {
    if ((personKey === undefined) === (typedName === undefined)) {
      throw new StationFailure('INVALID_ARGUMENTS', 'Choose the recipient from the directory (personKey) or type their name (typedName): one of them.');
    }
    if (typedName !== undefined) {
      const problem = entryProblems({ key: 'typed', name: typedName, email: null, department: null, location: null, employeeId: null, badge: null })[0];
      if (problem) throw new StationFailure('INVALID_ARGUMENTS', `The recipient's name cannot be recorded: ${problem}. Type it again.`);
    }
    return this.#store.transaction(() => {
      const item = this.#store.items.byCustodyId(custodyId);
      if (!item) throw new StationFailure('NOT_FOUND', `No item has custody ID ${custodyId}.`);
      const stage = ITEM_STAGE[item.state];
      if (stage !== 'screening' && stage !== 'cleared') {
        throw new StationFailure('INVALID_STATE', `This item is ${item.state.toLowerCase().replace('_', ' ')}: its recipient is chosen while it is screened or waiting for delivery.`);
      }
      let person: DirectoryPerson | null = null;
      if (personKey !== undefined) {
        person = this.#directory.byKey(personKey);
        if (!person) throw new StationFailure('NOT_FOUND', 'That person is not in the directory. Search again, or type the name.');
        if (!person.active) throw new StationFailure('NOT_FOUND', `${person.name} is no longer in the directory. Search again, or type the name.`);
      }
      const name = person?.name ?? typedName!;
      const at = this.#now().toISOString();
      this.#store.audit.append({
        actor: `operator:${operator.id}`,
        kind: 'item.recipientChosen',
        subjectType: 'item',
        subjectId: custodyId,
        mode: item.mode,
        payload: { personKey: person?.key ?? null, name },
      });
      this.#chosen.add(custodyId, { personKey: person?.key ?? null, name, operatorId: operator.id, at });
      // One truth: the name chosen is the item's recipient for search, the daily log, labels and forms too.
      this.#store.items.setRecipient(custodyId, name);
      const recipient: ItemRecipientView = { personKey: person?.key ?? null, name, department: person?.department ?? null, location: person?.location ?? null };
      return { recipient };
    });
  }

  /**
   * The admin screen's import: the file's own bytes (the contract checked them as base64), so the
   * SHA-256 recorded is the file's, as the CLI records it and as sha256sum gives it, a byte-order
   * mark and all, and the rows are read by the same code.
   */
  importCsv({ fileName, csvBase64, apply, allowRemovingAll }: CommandArgs<'directory.import'>, actor: string): CommandResponse<'directory.import'> {
    this.#refuseAtSite('importing the directory', 'import <file.csv>');
    let outcome;
    try {
      outcome = importDirectoryCsv(this.#store, Buffer.from(csvBase64, 'base64'), fileName, {
        apply,
        allowRemovingAll: allowRemovingAll === true,
        // Read on the admin screen, whose own box says yes (the CLI's flag means nothing there).
        toRemoveEveryone: `tick “${REMOVE_EVERYONE_CONFIRMATION}” and apply again`,
        actor,
        mode: this.#mode,
      });
    } catch (error) {
      if (error instanceof DirectoryCsvRefused) throw new StationFailure('INVALID_ARGUMENTS', error.message);
      throw error;
    }
    const { preview } = outcome;
    return {
      sha256: outcome.sha256,
      rows: outcome.rows,
      added: preview.added.length,
      changed: preview.changed.length,
      removed: preview.removed.length,
      unchanged: preview.unchanged,
      problems: outcome.problems.slice(0, LISTED),
      badRows: outcome.badRows,
      addedPeople: preview.added.slice(0, LISTED).map((e) => ({ key: e.key, name: e.name })),
      changedPeople: preview.changed.slice(0, LISTED).map((c) => ({ key: c.key, name: c.name, fields: Object.keys(c.set) })),
      removedPeople: preview.removed.slice(0, LISTED),
      removesEveryone: preview.removesEveryone,
      applied: outcome.applied,
      refusal: outcome.refusal,
    };
  }

  setDepartmentContacts({ department, contacts }: CommandArgs<'directory.setDepartmentContacts'>, actor: string): { ok: true } {
    this.#refuseAtSite("setting a department's contacts", 'contacts');
    for (const contact of contacts) {
      if (!isEmailAddress(contact.email)) throw new StationFailure('INVALID_ARGUMENTS', `${JSON.stringify(contact.email)} is not an e-mail address: correct it and save again.`);
      const problem = entryProblems({ key: department, name: contact.name, email: null, department, location: null, employeeId: null, badge: null })[0];
      if (problem) throw new StationFailure('INVALID_ARGUMENTS', `A contact of ${department} cannot be saved: ${problem}.`);
    }
    this.#store.transaction(() => {
      this.#store.audit.append({ actor, kind: 'directory.departmentContactsSet', subjectType: 'department', subjectId: department, mode: this.#mode, payload: { contacts } });
      this.#directory.setDepartmentContacts(department, contacts);
    });
    return { ok: true };
  }

  setProxy({ personKey, proxyKey, allowed }: CommandArgs<'directory.setProxy'>, actor: string): { ok: true } {
    this.#refuseAtSite('giving or withdrawing a standing proxy', 'proxy');
    if (personKey === proxyKey) throw new StationFailure('INVALID_ARGUMENTS', 'A person collects their own items: choose someone else as their proxy.');
    this.#store.transaction(() => {
      for (const key of [personKey, proxyKey]) {
        if (!this.#directory.byKey(key)?.active) throw new StationFailure('NOT_FOUND', `No one listed in the directory has the key ${JSON.stringify(key)}.`);
      }
      this.#store.audit.append({ actor, kind: 'directory.proxySet', subjectType: 'person', subjectId: personKey, mode: this.#mode, payload: { proxyKey, allowed } });
      this.#directory.setProxy(personKey, proxyKey, allowed);
    });
    return { ok: true };
  }

  /** Cleared items waiting longer than the notice schedule's days, for the screener to return to sender. */
  returnToSender(): CommandResponse<'notices.returnToSender'> {
    return { afterDays: this.#returnAfterDays, ...returnToSenderList(this.#store, this.#returnAfterDays, this.#now()) };
  }

  /** What notices and the collection counter ask of an item's recipient, over these tables. */
  readonly recipients: RecipientLookup;
  /** The security coordinators' on-screen alerts of suspect items. */
  readonly alerts: SecurityAlerts;
}
