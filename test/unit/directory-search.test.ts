// Issue 14, point 1: picking a recipient. The search (accents, case, typos, prefixes first, badge
// exact) over the directory's people; item.chooseRecipient recording the item's recipient (a person
// or a typed name); RecipientLookup answering notices from the directory's tables.
import { afterEach, describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/core/station.ts';
import { applyDirectory } from '../../src/main/notify/directory/applyDirectory.ts';
import type { DirectoryEntry } from '../../src/main/notify/directory/directoryEntry.ts';
import { DirectoryIndex, editDistance, foldName } from '../../src/main/notify/directory/directorySearch.ts';
import { verifyStore, type DirectoryPerson } from '../../src/main/store/index.ts';
import type { CommandResult } from '../../src/shared/contract/index.ts';
import { addOperator, makeStation } from '../helpers/station.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  station = undefined;
});

function person(key: string, name: string, more: Partial<DirectoryPerson> = {}): DirectoryPerson {
  return { key, name, email: null, department: null, location: null, employeeId: key, badge: null, source: 'csv', active: true, ...more };
}

function entry(key: string, name: string, more: Partial<DirectoryEntry> = {}): DirectoryEntry {
  return { key, name, email: null, department: null, location: null, employeeId: key, badge: null, ...more };
}

const PEOPLE = [
  person('E1', 'Zoë Müller', { department: 'Finance' }),
  person('E2', 'Zoe Mueller', { department: 'Legal' }),
  person('E3', 'Anna Müllerová', { badge: 'B-3' }),
  person('E4', 'Jonathan Smithers'),
  person('E5', 'Jon Smith'),
  person('E6', 'Søren Kierkegaard'),
  person('E7', 'Mary-Jane O’Neil'),
];
const names = (index: DirectoryIndex, text: string) => index.search(text, 10).map((m) => m.person.name);

describe('the directory search', () => {
  const index = new DirectoryIndex(PEOPLE);

  it('ignores case and accents: Zoë = Zoe = ZOE; ø and ß are spelled out', () => {
    expect(foldName('ZOË Straße Søren')).toBe('zoe strasse soren');
    expect(names(index, 'zoe')).toEqual(['Zoe Mueller', 'Zoë Müller']);
    expect(names(index, 'ZOË MÜLLER')[0]).toBe('Zoë Müller');
    expect(names(index, 'soren')).toEqual(['Søren Kierkegaard']);
  });

  it('each typed word matches the start of a word, in any order; whole words before prefixes', () => {
    expect(names(index, 'mul an')).toEqual(['Anna Müllerová']);
    expect(names(index, 'smith')).toEqual(['Jon Smith', 'Jonathan Smithers']);
    // Run together, it is a typo away from "neil" (one letter extra).
    expect(names(index, 'oneil')).toEqual(['Mary-Jane O’Neil']);
    expect(names(index, 'o neil')).toEqual(['Mary-Jane O’Neil']);
    expect(names(index, 'jane mary')).toEqual(['Mary-Jane O’Neil']);
  });

  it('forgives one typo from four letters and two from seven: a letter wrong, missing, extra or two swapped; prefixes rank first', () => {
    expect(editDistance('smiht', 'smith', 2)).toBe(1);
    expect(names(index, 'smiht')).toEqual(['Jon Smith', 'Jonathan Smithers']);
    expect(names(index, 'kirkegard')).toEqual(['Søren Kierkegaard']);
    // A typo within the start of a longer word ("muller…" of Müllerová) ranks after whole words.
    expect(names(index, 'mueler')).toEqual(['Zoe Mueller', 'Zoë Müller', 'Anna Müllerová']);
    // Three letters: exact prefixes only (a typo there matches half the directory).
    expect(names(index, 'smt')).toEqual([]);
    // A prefix match outranks a typo match: "jon" is Jon's and Jonathan's start.
    expect(names(index, 'jon')).toEqual(['Jon Smith', 'Jonathan Smithers']);
  });

  it('a badge is exact', () => {
    expect(index.byBadge('B-3')?.name).toBe('Anna Müllerová');
    expect(index.byBadge('b-3')).toBeNull();
  });

  it('hostile input finds nothing and throws nothing', () => {
    for (const text of ['', '   ', '%', '*', '"', "' OR 1=1 --", '\u0000', 'a'.repeat(100), '🙂']) expect(() => index.search(text, 10)).not.toThrow();
    expect(names(index, "' OR 1=1 --")).toEqual([]);
  });
});

function ok<T>(result: CommandResult<unknown>, what: string): T {
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('directory.search and item.chooseRecipient at the station', () => {
  async function stationWithDirectory() {
    station = makeStation();
    const s = station;
    applyDirectory(
      s.store,
      [
        entry('E1', 'Zoë Müller', { department: 'Finance', location: 'B2-114', email: 'zoe@example.org', badge: 'BADGE-100' }),
        entry('E2', 'Ana Ruiz', { department: 'Legal', email: 'ana@example.org' }),
      ],
      'csv',
      { actor: 'test', mode: 'live', fileName: null, sha256: null },
    );
    const screener = await addOperator(s, 'screener', 'SCR-1');
    const screen = s.connect();
    ok(await screen.call('session.login', { badge: screener.badge, pin: '2468' }), 'login');
    const custodyId = ok<{ item: { custodyId: string } }>(await screen.call('intake.scan', { code: 'RB123456785GB' }), 'scan').item.custodyId;
    return { s, screen, custodyId };
  }

  it('a screener finds a person by name or badge: name, department and location only', async () => {
    const { screen } = await stationWithDirectory();
    const found = ok<{ people: unknown[] }>(await screen.call('directory.search', { query: 'zoe mul' }), 'search');
    expect(found.people).toEqual([{ key: 'E1', name: 'Zoë Müller', department: 'Finance', location: 'B2-114' }]);
    expect(ok<{ people: unknown[] }>(await screen.call('directory.search', { badge: 'BADGE-100' }), 'badge').people).toHaveLength(1);
    const neither = await screen.call('directory.search', {});
    expect(neither).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });

  it('the search sees a change made behind it (an import by the CLI): its index is made again', async () => {
    const { s, screen } = await stationWithDirectory();
    expect(ok<{ people: unknown[] }>(await screen.call('directory.search', { query: 'kim' }), 'before').people).toEqual([]);
    applyDirectory(s.store, [entry('E1', 'Zoë Müller'), entry('E2', 'Ana Ruiz'), entry('E3', 'Kim Park')], 'csv', { actor: 'cli:x', mode: 'live', fileName: null, sha256: null });
    expect(ok<{ people: Array<{ key: string }> }>(await screen.call('directory.search', { query: 'kim' }), 'after').people.map((p) => p.key)).toEqual(['E3']);
  });

  it('records the recipient chosen (a person, then a typed name): audited, replayed by verify, answered by RecipientLookup', async () => {
    const { s, screen, custodyId } = await stationWithDirectory();
    s.directory.setDepartmentContacts({ department: 'Finance', contacts: [{ name: 'Fay Lead', email: 'fay@example.org' }] }, 'operator:admin');
    expect(s.directory.recipients.forItem(custodyId)).toBeNull();
    const chosen = ok<{ recipient: unknown }>(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E1' }), 'choose');
    expect(chosen.recipient).toEqual({ personKey: 'E1', name: 'Zoë Müller', department: 'Finance', location: 'B2-114' });
    expect(s.directory.recipients.forItem(custodyId)).toEqual({ personId: 'E1', name: 'Zoë Müller', email: 'zoe@example.org', department: 'Finance', departmentContacts: ['fay@example.org'] });
    const history = ok<{ events: Array<{ kind: string; payload: unknown }> }>(await screen.call('item.history', { custodyId }), 'history').events;
    expect(history.at(-1)).toMatchObject({ kind: 'item.recipientChosen', payload: { personKey: 'E1', name: 'Zoë Müller' } });

    ok(await screen.call('item.chooseRecipient', { custodyId, typedName: 'Visiting Auditor' }), 'typed');
    expect(s.directory.recipients.forItem(custodyId)).toEqual({ personId: null, name: 'Visiting Auditor', email: null, department: null, departmentContacts: [] });
    expect(verifyStore(s.store.db)).toMatchObject({ ok: true, problems: [] });
    s.store.db.prepare("UPDATE item_recipients SET person_key = 'E2' WHERE person_key = 'E1'").run();
    expect(verifyStore(s.store.db).problems).toContainEqual(expect.objectContaining({ table: 'item_recipients', column: 'person_key', expected: 'E1', found: 'E2' }));
  });

  it('one truth: the name chosen is the item’s recipient for search, reports and verify; details saved later with another name replace the choice', async () => {
    const { s, screen, custodyId } = await stationWithDirectory();
    ok(await screen.call('item.setDetails', { custodyId, itemType: 'letter', recipient: 'Z. Mueller, 2nd floor' }), 'details');
    ok(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E1' }), 'choose');
    // The search box and the daily log read the item's recipient: it is the person chosen now.
    expect(s.store.items.extras(custodyId)?.recipient).toBe('Zoë Müller');
    const found = ok<{ items: Array<{ custodyId: string; recipient: string | null }> }>(await screen.call('search.items', { recipient: 'muller', limit: 10 }), 'search');
    expect(found.items).toEqual([expect.objectContaining({ custodyId, recipient: 'Zoë Müller' })]);
    expect(ok<{ items: unknown[] }>(await screen.call('search.items', { recipient: '2nd floor', limit: 10 }), 'old name').items).toEqual([]);
    expect(verifyStore(s.store.db)).toMatchObject({ ok: true, problems: [] });

    // Details saved since with another name: that name is the recipient, with no directory person (no e-mail).
    ok(await screen.call('item.setDetails', { custodyId, recipient: 'Front Desk' }), 'details again');
    expect(s.directory.recipients.forItem(custodyId)).toEqual({ personId: null, name: 'Front Desk', email: null, department: null, departmentContacts: [] });
    ok(await screen.call('item.chooseRecipient', { custodyId, typedName: 'Visiting Auditor' }), 'typed');
    expect(s.store.items.extras(custodyId)?.recipient).toBe('Visiting Auditor');
    expect(verifyStore(s.store.db)).toMatchObject({ ok: true, problems: [] });
    // The recipient column is replayed from the choice: changed behind the station's back, verify says so.
    s.store.db.prepare("UPDATE items SET recipient = 'Someone Else' WHERE custody_id = ?").run(custodyId);
    expect(verifyStore(s.store.db).problems).toContainEqual(expect.objectContaining({ table: 'items', column: 'recipient', expected: 'Visiting Auditor', found: 'Someone Else' }));
  });

  it('refuses a removed person, an unknown item, both or neither, a name with a control character', async () => {
    const { s, screen, custodyId } = await stationWithDirectory();
    applyDirectory(s.store, [entry('E1', 'Zoë Müller')], 'csv', { actor: 'test', mode: 'live', fileName: null, sha256: null });
    expect(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E2' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/no longer in the directory/) } });
    expect(await screen.call('item.chooseRecipient', { custodyId: '000-000-000', personKey: 'E1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E1', typedName: 'X' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await screen.call('item.chooseRecipient', { custodyId })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(await screen.call('item.chooseRecipient', { custodyId, typedName: 'Eve\u202eBell' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
    expect(s.directory.recipients.forItem(custodyId)).toBeNull();
  });

  it('with no recipient chosen, RecipientLookup gives the name typed in the item’s details, with no e-mail', async () => {
    const { s, custodyId } = await stationWithDirectory();
    s.store.transaction(() => s.store.items.setDetails(custodyId, { itemType: 'letter', recipient: 'Front Desk', sender: null, dimensions: null }, new Date().toISOString()));
    expect(s.directory.recipients.forItem(custodyId)).toEqual({ personId: null, name: 'Front Desk', email: null, department: null, departmentContacts: [] });
    expect(s.directory.recipients.forItem('000-000-000')).toBeNull();
  });

  it('a person the directory no longer lists gets no e-mail notice at their old address', async () => {
    const { s, screen, custodyId } = await stationWithDirectory();
    ok(await screen.call('item.chooseRecipient', { custodyId, personKey: 'E2' }), 'choose');
    applyDirectory(s.store, [entry('E1', 'Zoë Müller')], 'csv', { actor: 'test', mode: 'live', fileName: null, sha256: null });
    expect(s.directory.recipients.forItem(custodyId)).toMatchObject({ personId: 'E2', name: 'Ana Ruiz', email: null });
  });

  it('the admin commands are the admin’s: a screener cannot import or set proxies', async () => {
    const { screen } = await stationWithDirectory();
    expect(await screen.call('directory.import', { fileName: 'x.csv', csvBase64: Buffer.from('name\nX').toString('base64'), apply: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await screen.call('directory.setProxy', { personKey: 'E1', proxyKey: 'E2', allowed: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('standing proxies and department contacts are audited and replayed', async () => {
    const { s } = await stationWithDirectory();
    s.directory.setProxy({ personKey: 'E1', proxyKey: 'E2', allowed: true }, 'operator:admin');
    s.directory.setDepartmentContacts({ department: 'Legal', contacts: [{ name: 'Lee Counsel', email: 'lee@example.org' }] }, 'operator:admin');
    expect(() => s.directory.setProxy({ personKey: 'E1', proxyKey: 'NOBODY', allowed: true }, 'operator:admin')).toThrow(/No one listed/);
    expect(verifyStore(s.store.db)).toMatchObject({ ok: true, problems: [] });
    s.store.db.prepare("INSERT INTO directory_proxies (person_key, proxy_key) VALUES ('E2', 'E1')").run();
    s.store.db.prepare("UPDATE directory_departments SET contacts = '[{\"email\":\"evil@example.org\",\"name\":\"Lee Counsel\"}]'").run();
    const problems = verifyStore(s.store.db).problems;
    expect(problems).toContainEqual(expect.objectContaining({ table: 'directory_proxies', key: 'E2/E1', problem: 'row not explained by any audit event' }));
    expect(problems).toContainEqual(expect.objectContaining({ table: 'directory_departments', key: 'Legal', column: 'contacts' }));
  });
});
