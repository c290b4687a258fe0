import type { RecordMode } from '../../../shared/contract/index.ts';
import { DirectoryRepository, type DirectoryPerson, type DirectoryPersonFields, type DirectorySource, type Store } from '../../store/index.ts';
import type { DirectoryEntry } from './directoryEntry.ts';
import { entryProblems } from './directoryRules.ts';

/** A listed person whose fields differ from the source's: the new values and the old. */
export interface PersonChange {
  key: string;
  name: string;
  set: Partial<DirectoryPersonFields>;
  was: Partial<DirectoryPersonFields>;
}

/** An entry that cannot be applied, by its key (a CSV import names its line instead). */
export interface EntryProblem {
  key: string;
  /** Its place in the entries given (0-based). */
  index: number;
  problem: string;
}

/** What applying a source's entries does, before it does it. */
export interface DirectoryPreview {
  source: DirectorySource;
  /** New people, and removed ones the source lists again (never an entry with a problem: that is only in `problems`). */
  added: DirectoryEntry[];
  changed: PersonChange[];
  /** Listed people of this source it no longer lists: marked removed, never deleted. */
  removed: Array<{ key: string; name: string }>;
  unchanged: number;
  /** Entries that cannot be applied: while there is one, nothing is. */
  problems: EntryProblem[];
  /** It would remove every person this source lists now: applied only when asked in so many words. */
  removesEveryone: boolean;
}

export interface ApplyOptions {
  /** The audit actor (`operator:<id>`, `cli:<account>`, `station` for a scheduled sync). */
  actor: string;
  mode: RecordMode;
  /** The file the entries came from, for the import's audit event (null for an LDAP sync). */
  fileName: string | null;
  sha256: string | null;
  /** Apply even when it removes every person of the source (an export of nobody is usually a mistake). */
  allowRemovingAll?: boolean;
  /** What the refusal of removing everyone tells the one applying to do, where they are (the CLI's flag when not given). */
  toRemoveEveryone?: string;
}

/** How the CLI's `directory import` and `site directory import` are told to remove everyone. */
export const REMOVE_EVERYONE_WITH_CLI_FLAG = 'apply it with --allow-removing-all';

/** How an LDAP sync (the station's scheduled one, `site directory sync`) is told to: in its settings, the only thing it reads. */
export const REMOVE_EVERYONE_IN_LDAP_SETTINGS =
  'set "allowRemovingAll": true in directory.ldap of station.json for the next sync, then take it out again; if not, check "key" (a person\'s key must never change), "baseDN" and "filter" there';

/** Why an apply did nothing: the entries' problems, or a removal of everyone not asked for. */
export class DirectoryRefused extends Error {
  readonly preview: DirectoryPreview;
  constructor(message: string, preview: DirectoryPreview) {
    super(message);
    this.name = 'DirectoryRefused';
    this.preview = preview;
  }
}

const FIELDS: ReadonlyArray<keyof DirectoryPersonFields> = ['name', 'email', 'department', 'location', 'employeeId', 'badge'];

function fieldsOf(entry: DirectoryEntry): DirectoryPersonFields {
  return { name: entry.name, email: entry.email, department: entry.department, location: entry.location, employeeId: entry.employeeId, badge: entry.badge };
}

function differences(person: DirectoryPerson, entry: DirectoryEntry): Pick<PersonChange, 'set' | 'was'> | null {
  const set: Partial<DirectoryPersonFields> = {};
  const was: Partial<DirectoryPersonFields> = {};
  for (const field of FIELDS) {
    if (person[field] !== entry[field]) {
      (set as Record<string, string | null>)[field] = entry[field];
      (was as Record<string, string | null>)[field] = person[field];
    }
  }
  return Object.keys(set).length > 0 ? { set, was } : null;
}

/** Everyone a directory holds, listed or removed, by key: the station's tables, or the site's (site/postgres). */
export type DirectoryPeople = Pick<DirectoryRepository, 'everyone'>;

/**
 * What applying `entries` as the whole of `source` would do to the directory now: who is added,
 * changed (field by field), removed, unchanged, and which entries cannot be applied (a problem of
 * their own, a key or badge given twice, a badge a person of the other source holds).
 */
export function previewDirectory(directory: DirectoryPeople, entries: readonly DirectoryEntry[], source: DirectorySource): DirectoryPreview {
  const everyone = directory.everyone();
  const problems: EntryProblem[] = [];
  const keys = new Map<string, number>();
  const badges = new Map<string, number>();
  entries.forEach((entry, index) => {
    for (const problem of entryProblems(entry)) problems.push({ key: entry.key, index, problem });
    const sameKey = keys.get(entry.key);
    if (sameKey !== undefined) problems.push({ key: entry.key, index, problem: `the same key (${entry.key}) as entry ${sameKey + 1}` });
    else keys.set(entry.key, index);
    if (entry.badge !== null) {
      const sameBadge = badges.get(entry.badge);
      if (sameBadge !== undefined) problems.push({ key: entry.key, index, problem: `the same badge as entry ${sameBadge + 1}` });
      else badges.set(entry.badge, index);
    }
  });
  // A badge stays held by a listed person of the other source, who this apply leaves as they are.
  for (const person of everyone.values()) {
    if (!person.active || person.source === source || person.badge === null || keys.has(person.key)) continue;
    const index = badges.get(person.badge);
    if (index !== undefined) problems.push({ key: entries[index]!.key, index, problem: `the badge is already ${person.name}'s (from the ${person.source === 'ldap' ? 'LDAP directory' : 'CSV import'})` });
  }

  // An entry with a problem is counted once, as that: not also as a person it would add or change.
  const bad = new Set(problems.map((problem) => problem.index));
  const added: DirectoryEntry[] = [];
  const changed: PersonChange[] = [];
  let unchanged = 0;
  for (const [index, entry] of entries.entries()) {
    if (bad.has(index)) continue;
    const person = everyone.get(entry.key);
    if (!person || !person.active) {
      added.push(entry);
      continue;
    }
    const difference = differences(person, entry);
    if (difference || person.source !== source) changed.push({ key: entry.key, name: entry.name, ...(difference ?? { set: {}, was: {} }) });
    else unchanged += 1;
  }
  const removed: Array<{ key: string; name: string }> = [];
  let listed = 0;
  for (const person of everyone.values()) {
    if (!person.active || person.source !== source) continue;
    listed += 1;
    if (!keys.has(person.key)) removed.push({ key: person.key, name: person.name });
  }
  return { source, added, changed, removed, unchanged, problems, removesEveryone: listed > 0 && removed.length === listed };
}

/**
 * Why a preview is not applied, or null when it may be: an entry with a problem, or a removal of
 * everyone its source lists that was not asked for in so many words (`toRemoveEveryone` says how
 * to ask, where the refusal is read: a CLI flag, a box on the screen). The site's directory
 * (site/postgres) applies by the same rule.
 */
export function directoryRefusal(preview: DirectoryPreview, allowRemovingAll: boolean, toRemoveEveryone: string = REMOVE_EVERYONE_WITH_CLI_FLAG): string | null {
  if (preview.problems.length > 0) {
    const entries = new Set(preview.problems.map((problem) => problem.index)).size;
    return `${entries} ${entries === 1 ? 'entry has a problem' : 'entries have problems'}: nothing was applied. Correct them and import again.`;
  }
  if (preview.removesEveryone && !allowRemovingAll) {
    return (
      `This would remove ${preview.removed.length === 1 ? 'the one person' : `all ${preview.removed.length} people`} the ${preview.source === 'ldap' ? 'LDAP directory' : 'CSV import'} gave ` +
      `(${preview.removed.length === 1 ? 'who is not' : 'none of them is'} in it): nothing was applied. ` +
      `If that is meant, ${toRemoveEveryone}.`
    );
  }
  return null;
}

/**
 * Applies `entries` as the whole of `source`, in one transaction with an audit event per person
 * added, changed or removed and one for the import: the preview is made again inside it, so what
 * is applied is what the directory holds at that moment. Refused whole (DirectoryRefused) while an
 * entry has a problem, or when it would remove everyone the source lists and that was not asked.
 */
export function applyDirectory(store: Store, entries: readonly DirectoryEntry[], source: DirectorySource, options: ApplyOptions): DirectoryPreview {
  const directory = new DirectoryRepository(store.db);
  return store.transaction(() => {
    const preview = previewDirectory(directory, entries, source);
    const refusal = directoryRefusal(preview, options.allowRemovingAll === true, options.toRemoveEveryone);
    if (refusal !== null) throw new DirectoryRefused(refusal, preview);
    const at = { actor: options.actor, mode: options.mode, subjectType: 'person' as const };
    for (const person of preview.removed) {
      const event = store.audit.append({ ...at, kind: 'directory.personRemoved', subjectId: person.key, payload: { source } });
      directory.remove(person.key, event.seq);
    }
    // A badge may pass from one person to another in the same import: the changed badges are let go first.
    for (const change of preview.changed) if (change.set.badge !== undefined) directory.clearBadge(change.key);
    for (const change of preview.changed) {
      const event = store.audit.append({ ...at, kind: 'directory.personChanged', subjectId: change.key, payload: { source, set: change.set, was: change.was } });
      directory.change(change.key, source, change.set, event.seq);
    }
    for (const entry of preview.added) {
      const fields = fieldsOf(entry);
      const event = store.audit.append({ ...at, kind: 'directory.personAdded', subjectId: entry.key, payload: { source, ...fields } });
      directory.put({ key: entry.key, source, ...fields }, event.seq);
    }
    store.audit.append({
      actor: options.actor,
      mode: options.mode,
      kind: 'directory.imported',
      subjectType: 'station',
      subjectId: store.stationId,
      payload: {
        source,
        fileName: options.fileName,
        sha256: options.sha256,
        rows: entries.length,
        added: preview.added.length,
        changed: preview.changed.length,
        removed: preview.removed.length,
        unchanged: preview.unchanged,
      },
    });
    return preview;
  });
}
