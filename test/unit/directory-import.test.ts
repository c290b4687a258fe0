// Issue 14, point 1: the recipient directory from a CSV export: a preview of what changes, bad rows
// by line and never applied, applied whole in one transaction with an audit event per person, and
// every table checked by verify's replay.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DIRECTORY_SCREEN_BYTES } from '../../src/shared/contract/index.ts';
import { applyDirectory, previewDirectory, REMOVE_EVERYONE_WITH_CLI_FLAG } from '../../src/main/notify/directory/applyDirectory.ts';
import type { DirectoryEntry } from '../../src/main/notify/directory/directoryEntry.ts';
import { readDirectoryCsv } from '../../src/main/notify/directory/directoryCsv.ts';
import { importDirectoryCsv } from '../../src/main/notify/directory/directoryImport.ts';
import { DirectoryRepository, Store, verifyStore } from '../../src/main/store/index.ts';
import { csvField } from '../../src/main/reports/csv.ts';
import { readDirectoryFile } from '../../src/renderer/admin/directoryFile.ts';
import { runCli } from '../helpers/cli.ts';
import { addOperator, makeStation, tempDir } from '../helpers/station.ts';

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

function freshStore(): { store: Store; dir: string; db: string } {
  const dir = tempDir();
  const db = path.join(dir, 'mailscreen.sqlite');
  store = Store.open(db);
  return { store, dir, db };
}

const HEADER = 'displayName,mail,department,physicalDeliveryOfficeName,employeeID,badge';
const THREE = [HEADER, 'Zoë Müller,zoe.muller@example.org,Finance,B2-114,E100,BADGE-100', 'Ana Ruiz,ana.ruiz@example.org,Legal,A1-010,E101,', 'Tom Lee,tom.lee@example.org,Finance,B2-120,E102,BADGE-102'].join('\r\n');

/** A file's bytes as the admin screen sends them. */
const base64 = (text: string): string => Buffer.from(text).toString('base64');

const cliOptions = { apply: true, allowRemovingAll: false, toRemoveEveryone: REMOVE_EVERYONE_WITH_CLI_FLAG, actor: 'cli:test', mode: 'live' } as const;

function entry(key: string, name: string, more: Partial<DirectoryEntry> = {}): DirectoryEntry {
  return { key, name, email: null, department: null, location: null, employeeId: key, badge: null, ...more };
}

describe('reading a directory export', () => {
  it('maps the header names directory exports use, drops a BOM, reads quoted fields and ; as the delimiter', () => {
    const text = '\ufeffGiven Name;Surname;E-mail Address;Department;Office;Employee ID;Badge\n"Jean-Luc";"Picard, Jr.";jl@example.org;"Bridge; deck 1";Deck 1;E7;"B 7"\n';
    const csv = readDirectoryCsv(text);
    expect(csv.delimiter).toBe(';');
    expect(csv.entries).toEqual([
      { key: 'E7', name: 'Jean-Luc Picard, Jr.', email: 'jl@example.org', department: 'Bridge; deck 1', location: 'Deck 1', employeeId: 'E7', badge: 'B 7' },
    ]);
    expect(csv.lines).toEqual([2]);
  });

  it('a file with no name column is refused as a whole, saying which columns it takes', () => {
    expect(() => readDirectoryCsv('mail,badge\nx@example.org,1\n')).toThrow(/displayName, cn or Name/);
  });
});

describe('preview and apply', () => {
  it('previews added, changed (with the fields), removed and unchanged, and changes nothing until applied', () => {
    const { store } = freshStore();
    const directory = new DirectoryRepository(store.db);
    applyDirectory(store, [entry('E1', 'Ann Smith', { email: 'ann@example.org' }), entry('E2', 'Bob Jones'), entry('E3', 'Cy Twombly')], 'csv', { actor: 't', mode: 'live', fileName: 'a.csv', sha256: null });
    const next = [entry('E1', 'Ann Smith', { email: 'ann.smith@example.org' }), entry('E2', 'Bob Jones'), entry('E4', 'Di Prince')];
    const preview = previewDirectory(directory, next, 'csv');
    expect(preview.added.map((e) => e.key)).toEqual(['E4']);
    expect(preview.changed).toEqual([{ key: 'E1', name: 'Ann Smith', set: { email: 'ann.smith@example.org' }, was: { email: 'ann@example.org' } }]);
    expect(preview.removed).toEqual([{ key: 'E3', name: 'Cy Twombly' }]);
    expect(preview.unchanged).toBe(1);
    expect(directory.byKey('E4')).toBeNull();

    applyDirectory(store, next, 'csv', { actor: 't', mode: 'live', fileName: 'b.csv', sha256: null });
    // Removed, not deleted: an item chosen for them still names someone.
    expect(directory.byKey('E3')).toMatchObject({ name: 'Cy Twombly', active: false });
    expect(directory.byKey('E1')?.email).toBe('ann.smith@example.org');
    const kinds = [...store.audit.events()].map((e) => e.kind).filter((k) => k.startsWith('directory.'));
    expect(kinds).toEqual([
      'directory.personAdded', 'directory.personAdded', 'directory.personAdded', 'directory.imported',
      'directory.personRemoved', 'directory.personChanged', 'directory.personAdded', 'directory.imported',
    ]);
    expect(verifyStore(store.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('a badge can pass from one person to another in one import', () => {
    const { store } = freshStore();
    applyDirectory(store, [entry('E1', 'Ann', { badge: 'B1' }), entry('E2', 'Bob', { badge: 'B2' })], 'csv', { actor: 't', mode: 'live', fileName: null, sha256: null });
    applyDirectory(store, [entry('E1', 'Ann', { badge: 'B2' }), entry('E2', 'Bob', { badge: 'B1' })], 'csv', { actor: 't', mode: 'live', fileName: null, sha256: null });
    expect(new DirectoryRepository(store.db).byBadge('B1')?.key).toBe('E2');
    expect(verifyStore(store.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('verify catches a person edited behind the station’s back (an e-mail redirected)', () => {
    const { store } = freshStore();
    applyDirectory(store, [entry('E1', 'Ann Smith', { email: 'ann@example.org' })], 'csv', { actor: 't', mode: 'live', fileName: null, sha256: null });
    store.db.prepare("UPDATE directory_people SET email = 'attacker@evil.example' WHERE key = 'E1'").run();
    const verdict = verifyStore(store.db);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toContainEqual(expect.objectContaining({ table: 'directory_people', key: 'E1', column: 'email', expected: 'ann@example.org', found: 'attacker@evil.example' }));
  });
});

describe('two sources', () => {
  it('an LDAP sync removes only the people it gave; a badge held by a CSV person is a problem of the LDAP entry; a removed person who comes back is added again', () => {
    const { store } = freshStore();
    const directory = new DirectoryRepository(store.db);
    const options = { actor: 'station', mode: 'live', fileName: null, sha256: null } as const;
    applyDirectory(store, [entry('E1', 'Ann', { badge: 'B1' }), entry('E2', 'Bob')], 'csv', options);
    applyDirectory(store, [entry('uuid-1', 'Cy')], 'ldap', options);
    expect(directory.listed().map((p) => p.key).sort()).toEqual(['E1', 'E2', 'uuid-1']);
    const clash = previewDirectory(directory, [entry('uuid-1', 'Cy', { badge: 'B1' })], 'ldap');
    expect(clash.problems).toEqual([{ key: 'uuid-1', index: 0, problem: "the badge is already Ann's (from the CSV import)" }]);
    applyDirectory(store, [entry('E1', 'Ann', { badge: 'B1' })], 'csv', options);
    expect(directory.byKey('E2')?.active).toBe(false);
    const back = previewDirectory(directory, [entry('E1', 'Ann', { badge: 'B1' }), entry('E2', 'Bob')], 'csv');
    expect(back.added.map((e) => e.key)).toEqual(['E2']);
    applyDirectory(store, [entry('E1', 'Ann', { badge: 'B1' }), entry('E2', 'Bob')], 'csv', options);
    expect(directory.byKey('E2')?.active).toBe(true);
    expect(verifyStore(store.db)).toMatchObject({ ok: true, problems: [] });
  });
});

describe('directory.import from the admin screen', () => {
  it('previews, then applies as the admin (audited as them), in the station’s mode', async () => {
    const station = makeStation();
    try {
      const admin = await addOperator(station, 'admin', 'ADM-1', '739154');
      const screen = station.connect();
      const login = await screen.call('session.login', { badge: admin.badge, pin: '739154' });
      expect(login.ok).toBe(true);
      const preview = await screen.call('directory.import', { fileName: 'people.csv', csvBase64: base64(THREE), apply: false });
      expect(preview).toMatchObject({ ok: true, value: { rows: 3, added: 3, applied: false, addedPeople: [{ key: 'E100', name: 'Zoë Müller' }, { key: 'E101' }, { key: 'E102' }] } });
      expect(new DirectoryRepository(station.store.db).everyone().size).toBe(0);
      const applied = await screen.call('directory.import', { fileName: 'people.csv', csvBase64: base64(THREE), apply: true });
      expect(applied).toMatchObject({ ok: true, value: { added: 3, applied: true, refusal: null } });
      const imported = [...station.store.audit.events()].find((e) => e.kind === 'directory.imported')!;
      expect(imported).toMatchObject({ actor: `operator:${admin.id}`, payload: { fileName: 'people.csv', rows: 3 } });
      const broken = await screen.call('directory.import', { fileName: 'x.csv', csvBase64: base64('displayName\n"never closed'), apply: true });
      expect(broken).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/line 2: a quoted field is never closed/) } });
    } finally {
      station.close();
    }
  });
});

describe('one file, one SHA-256: the admin screen and the CLI record the digest of the file’s bytes', { timeout: 120_000 }, () => {
  it('a CSV with a byte-order mark (and a byte that is not UTF-8) gives sha256sum’s digest in directory.imported both ways', async () => {
    const { dir, db } = freshStore();
    store!.close();
    store = undefined;
    // The BOM a spreadsheet's "CSV UTF-8" writes, and a Latin-1 é in a department: a browser reading
    // the file as text drops the one and replaces the other, so its text is not the file's bytes.
    const bytes = Buffer.concat([Buffer.from(`\ufeff${THREE}\r\n`), Buffer.from('Ida Roy,ida@example.org,R'), Buffer.from([0xe9]), Buffer.from('seau,,E103,\r\n')]);
    const file = path.join(dir, 'people.csv');
    writeFileSync(file, bytes);
    const sha256sum = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];

    expect(runCli(['directory', 'import', file, '--db', db, '--apply']).status).toBe(0);
    store = Store.open(db);
    const byCli = [...store.audit.events()].find((e) => e.kind === 'directory.imported')!;

    const station = makeStation();
    try {
      const admin = await addOperator(station, 'admin', 'ADM-1', '739154');
      const screen = station.connect();
      expect((await screen.call('session.login', { badge: admin.badge, pin: '739154' })).ok).toBe(true);
      // What the panel sends for the file chosen (its reader, run here on the same bytes).
      const chosen = await readDirectoryFile(new File([bytes], 'people.csv', { type: 'text/csv' }));
      const preview = await screen.call('directory.import', { ...chosen, apply: false });
      expect(preview).toMatchObject({ ok: true, value: { sha256: sha256sum, rows: 4, added: 4, badRows: 0 } });
      const applied = await screen.call('directory.import', { ...chosen, apply: true });
      expect(applied).toMatchObject({ ok: true, value: { sha256: sha256sum, applied: true } });
      const byScreen = [...station.store.audit.events()].find((e) => e.kind === 'directory.imported')!;
      expect(byScreen.payload).toMatchObject({ fileName: 'people.csv', sha256: sha256sum, rows: 4, added: 4 });
      expect(byCli.payload).toMatchObject({ fileName: 'people.csv', sha256: sha256sum, rows: 4, added: 4 });
      // The same people too: the station read the bytes as the CLI did.
      const people = (s: Store) => new DirectoryRepository(s.db).listed().map((p) => [p.key, p.name, p.department]).sort();
      expect(people(station.store)).toEqual(people(store));
    } finally {
      station.close();
    }
  });

  it('the screen’s reader refuses a file too big to send before reading it; the station refuses what is not base64', async () => {
    const big = new File([new Uint8Array(MAX_DIRECTORY_SCREEN_BYTES + 1)], 'big.csv');
    await expect(readDirectoryFile(big)).rejects.toThrow(/too big to send from the screen.*CLI/);
    const station = makeStation();
    try {
      const admin = await addOperator(station, 'admin', 'ADM-1', '739154');
      const screen = station.connect();
      expect((await screen.call('session.login', { badge: admin.badge, pin: '739154' })).ok).toBe(true);
      for (const csvBase64 of ['displayName\nAnn', 'QUJD=', 'QUJD\nRA==', 'A'.repeat(Math.ceil(MAX_DIRECTORY_SCREEN_BYTES / 3) * 4 + 4)]) {
        const refused = await screen.call('directory.import', { fileName: 'x.csv', csvBase64, apply: true });
        expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/did not arrive whole|too big to send from the screen/) } });
      }
      expect([...station.store.audit.events()].filter((e) => e.kind.startsWith('directory.'))).toEqual([]);
    } finally {
      station.close();
    }
  });
});

describe('an import that would remove everyone, refused where it is asked', () => {
  it('on the admin screen the refusal says to tick the screen’s own box, never the CLI’s flag; ticked, it applies', async () => {
    const station = makeStation();
    try {
      const admin = await addOperator(station, 'admin', 'ADM-1', '739154');
      const screen = station.connect();
      expect((await screen.call('session.login', { badge: admin.badge, pin: '739154' })).ok).toBe(true);
      expect(await screen.call('directory.import', { fileName: 'three.csv', csvBase64: base64(THREE), apply: true })).toMatchObject({ ok: true, value: { applied: true } });
      const others = `${HEADER}\nNew Person,new@example.org,IT,,X1,\n`;
      const refused = await screen.call('directory.import', { fileName: 'others.csv', csvBase64: base64(others), apply: true });
      if (!refused.ok) throw new Error(refused.error.message);
      const { refusal } = refused.value as { refusal: string | null };
      expect(refused.value).toMatchObject({ applied: false, removesEveryone: true });
      expect(refusal).toBe(
        'This would remove all 3 people the CSV import gave (none of them is in it): nothing was applied. If that is meant, tick “Yes, remove everyone from the directory” and apply again.',
      );
      expect(refusal).not.toMatch(/--/);
      expect(new DirectoryRepository(station.store.db).listed()).toHaveLength(3);
      const ticked = await screen.call('directory.import', { fileName: 'others.csv', csvBase64: base64(others), apply: true, allowRemovingAll: true });
      expect(ticked).toMatchObject({ ok: true, value: { applied: true, removed: 3, refusal: null } });
    } finally {
      station.close();
    }
  });
});

describe('the admin screen’s preview is the CLI’s', () => {
  it('directory.import (as sent by the screen) answers what importDirectoryCsv (as the CLI calls it) finds in the same file: counts, bad rows by line, the people', async () => {
    const station = makeStation();
    try {
      importDirectoryCsv(station.store, Buffer.from(THREE), 'three.csv', cliOptions);
      const admin = await addOperator(station, 'admin', 'ADM-1', '739154');
      const screen = station.connect();
      expect((await screen.call('session.login', { badge: admin.badge, pin: '739154' })).ok).toBe(true);
      const next = [HEADER, 'Zoë Müller,zoe@example.org,Finance,B2-114,E100,BADGE-100', 'Kim Park,kim@example.org,IT,,E103,', ',x@example.org,IT,,E104,'].join('\n');
      const cli = importDirectoryCsv(station.store, Buffer.from(next), 'next.csv', { ...cliOptions, apply: false });
      const shown = await screen.call('directory.import', { fileName: 'next.csv', csvBase64: base64(next), apply: false });
      if (!shown.ok) throw new Error(shown.error.message);
      expect(shown.value).toMatchObject({
        sha256: cli.sha256,
        rows: cli.rows,
        added: cli.preview.added.length,
        changed: cli.preview.changed.length,
        removed: cli.preview.removed.length,
        unchanged: cli.preview.unchanged,
        problems: cli.problems,
        addedPeople: cli.preview.added.map((e) => ({ key: e.key, name: e.name })),
        changedPeople: cli.preview.changed.map((c) => ({ key: c.key, name: c.name, fields: Object.keys(c.set) })),
        removedPeople: cli.preview.removed,
        applied: false,
      });
      expect((shown.value as { problems: unknown }).problems).toEqual([{ line: 4, key: 'E104', problem: 'no name' }]);
      // The row without a name is a bad row, not also a person added (issue 14 point 1, third defect).
      expect(shown.value).toMatchObject({ added: 1, changed: 1, removed: 2, badRows: cli.badRows });
      expect(cli.badRows).toBe(1);
    } finally {
      station.close();
    }
  });
});

describe('a CSV import: bad rows by line, never applied', () => {
  it('reports each bad row by its line with what is wrong, and applies nothing of the file', () => {
    const { store } = freshStore();
    const text = [
      HEADER,
      'Zoë Müller,zoe.muller@example.org,Finance,B2-114,E100,BADGE-100',
      ',nobody@example.org,Finance,,E101,',
      'Ana Ruiz,not-an-address,Legal,,E102,',
      'Tom Lee,tom@example.org,Finance,,E100,',
      'Kim Park,kim@example.org,Finance,,E103,BADGE-100',
      'Eve\u0007Bell,eve@example.org,IT,,E104,',
      'Mal\u202eory,mal@example.org,IT,,E105,',
    ].join('\n');
    const outcome = importDirectoryCsv(store, Buffer.from(text), 'people.csv', cliOptions);
    expect(outcome.applied).toBe(false);
    expect(outcome.refusal).toMatch(/nothing was applied/);
    expect(outcome.problems.map((p) => [p.line, p.problem])).toEqual([
      [3, 'no name'],
      [4, 'the e-mail "not-an-address" is not an e-mail address'],
      [5, 'the same key (E100) as entry 1'],
      [6, 'the same badge as entry 1'],
      [7, 'the name holds a control character'],
      [8, 'the name holds a control character'],
    ]);
    expect(new DirectoryRepository(store.db).everyone().size).toBe(0);
    expect([...store.audit.events()].map((e) => e.kind)).toEqual(['station.initialized']);
  });

  it('a row with a problem is counted once, as bad, by its line: not also as added, changed or unchanged (the CLI, the screen and the refusal alike)', async () => {
    const text = [
      HEADER,
      'Zoë Müller,zoe.muller@example.org,Finance,B2-114,E100,BADGE-100',
      ',ana.ruiz@example.org,Legal,A1-010,E101,',
      'Tom Lee,not-an-address,Finance,B2-120,E102,BADGE-102',
      ',,IT,,,',
      'Kim Park,kim@example.org,IT,,E103,',
      ',nobody@example.org,IT,,E104,',
    ].join('\n');
    const station = makeStation();
    try {
      importDirectoryCsv(station.store, Buffer.from(THREE), 'three.csv', cliOptions);
      const preview = importDirectoryCsv(station.store, Buffer.from(text), 'next.csv', { ...cliOptions, apply: false });
      // A person already listed whose row has no name, or a bad e-mail, is not "changed"; a new one without a name is not "added".
      expect(preview.preview.added.map((e) => e.key)).toEqual(['E103']);
      expect(preview.preview.changed).toEqual([]);
      expect(preview.preview.unchanged).toBe(1);
      expect(preview.preview.removed).toEqual([]);
      expect(preview.rows).toBe(6);
      expect(preview.problems.map((p) => [p.line, p.problem])).toEqual([
        [3, 'no name'],
        [4, 'the e-mail "not-an-address" is not an e-mail address'],
        [5, 'no name'],
        [5, 'no employee ID, e-mail or badge to know the person by at the next import'],
        [7, 'no name'],
      ]);
      // Line 5 has two problems and is one bad row.
      expect(preview.badRows).toBe(4);
      const refused = importDirectoryCsv(station.store, Buffer.from(text), 'next.csv', cliOptions);
      expect(refused).toMatchObject({ applied: false, badRows: 4 });
      expect(refused.refusal).toMatch(/^4 entries have problems: nothing was applied/);

      const admin = await addOperator(station, 'admin', 'ADM-1', '739154');
      const screen = station.connect();
      expect((await screen.call('session.login', { badge: admin.badge, pin: '739154' })).ok).toBe(true);
      const shown = await screen.call('directory.import', { fileName: 'next.csv', csvBase64: base64(text), apply: false });
      expect(shown).toMatchObject({ ok: true, value: { rows: 6, added: 1, changed: 0, unchanged: 1, badRows: 4, addedPeople: [{ key: 'E103', name: 'Kim Park' }], changedPeople: [] } });
    } finally {
      station.close();
    }
  });

  it('a formula cell (=cmd…) is stored as the text it is, and a CSV the station writes escapes it', () => {
    const { store } = freshStore();
    const formula = "=cmd|' /C calc'!A0";
    const text = `${HEADER}\n"${formula}",f@example.org,"+SUM(A1)",@here,E1,-2+3\n`;
    const outcome = importDirectoryCsv(store, Buffer.from(text), 'formula.csv', cliOptions);
    expect(outcome.applied).toBe(true);
    const person = new DirectoryRepository(store.db).byKey('E1')!;
    expect(person).toMatchObject({ name: formula, department: '+SUM(A1)', location: '@here', badge: '-2+3' });
    // Every cell a spreadsheet would run is written as text.
    expect([person.name, person.department, person.location, person.badge].map(csvField)).toEqual([`'${formula}`, "'+SUM(A1)", "'@here", "'-2+3"]);
    expect(csvField(-2)).toBe('-2');
  });

  it('an import that would remove every person is refused unless asked for with --allow-removing-all', () => {
    const { store } = freshStore();
    expect(importDirectoryCsv(store, Buffer.from(THREE), 'three.csv', cliOptions).applied).toBe(true);
    // The export of another system: the same header, other people (all keys differ).
    const others = `${HEADER}\nNew Person,new@example.org,IT,,X1,\n`;
    const refused = importDirectoryCsv(store, Buffer.from(others), 'others.csv', cliOptions);
    expect(refused.applied).toBe(false);
    expect(refused.refusal).toMatch(/remove all 3 people.*--allow-removing-all/);
    expect(new DirectoryRepository(store.db).listed()).toHaveLength(3);
    const empty = importDirectoryCsv(store, Buffer.from(`${HEADER}\n`), 'empty.csv', cliOptions);
    expect(empty).toMatchObject({ applied: false, preview: { removesEveryone: true } });
    const allowed = importDirectoryCsv(store, Buffer.from(others), 'others.csv', { ...cliOptions, allowRemovingAll: true });
    expect(allowed.applied).toBe(true);
    expect(new DirectoryRepository(store.db).listed().map((p) => p.key)).toEqual(['X1']);
  });
});

describe('directory import (CLI)', { timeout: 120_000 }, () => {
  it('previews without --apply, applies with it; the import event names the file and its SHA-256', () => {
    const { dir, db } = freshStore();
    store!.close();
    store = undefined;
    const file = path.join(dir, 'people.csv');
    writeFileSync(file, `\ufeff${THREE}\r\n`);
    const preview = runCli(['directory', 'import', file, '--db', db]);
    expect(preview.stderr).toBe('');
    expect(preview.status).toBe(0);
    const lines = preview.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.change === 'added').map((l) => l.name)).toEqual(['Zoë Müller', 'Ana Ruiz', 'Tom Lee']);
    expect(lines.at(-1)).toMatchObject({ rows: 3, added: 3, changed: 0, removed: 0, applied: false });

    const applied = runCli(['directory', 'import', file, '--db', db, '--apply']);
    expect(applied.status).toBe(0);
    expect(JSON.parse(applied.stdout.trim().split('\n').at(-1)!)).toMatchObject({ added: 3, applied: true });
    store = Store.open(db);
    const imported = [...store.audit.events()].find((e) => e.kind === 'directory.imported')!;
    const sha256 = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    expect(imported.payload).toMatchObject({ source: 'csv', fileName: 'people.csv', sha256, rows: 3, added: 3 });
    expect(imported.actor).toMatch(/^cli:/);
  });

  it('refuses a file over 20 MB, a symlink and a FIFO, in one line, exit 2, reading nothing', () => {
    const { dir, db } = freshStore();
    store!.close();
    store = undefined;
    const big = path.join(dir, 'big.csv');
    writeFileSync(big, `${HEADER}\n${'x'.repeat(50 * 1024 * 1024)}\n`);
    const link = path.join(dir, 'link.csv');
    const target = path.join(dir, 'real.csv');
    writeFileSync(target, THREE);
    symlinkSync(target, link);
    const fifo = path.join(dir, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(path.join(dir, 'folder.csv'));
    for (const [file, why] of [
      [big, /over the limit/],
      [link, /symbolic link/],
      [fifo, /not a regular file/],
      [path.join(dir, 'folder.csv'), /folder|not a regular file/],
    ] as const) {
      const result = runCli(['directory', 'import', file, '--db', db, '--apply']);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(why);
      expect(result.stdout).toBe('');
    }
    store = Store.open(db);
    expect(new DirectoryRepository(store.db).everyone().size).toBe(0);
  });

  it('bad rows: listed by line on stdout, one line on stderr, exit 2, nothing applied', () => {
    const { dir, db } = freshStore();
    store!.close();
    store = undefined;
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}\nAnn,ann@example.org,,,E1,\n,x@example.org,,,E2,\n`);
    const result = runCli(['directory', 'import', file, '--db', db, '--apply']);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout.split('\n')[0]!)).toEqual({ problem: 'no name', line: 3, key: 'E2' });
    expect(result.stderr).toMatch(/nothing was applied/);
  });

  it('an import that would remove everyone: the CLI names its flag, and applies with it', () => {
    const { dir, db } = freshStore();
    store!.close();
    store = undefined;
    const three = path.join(dir, 'three.csv');
    writeFileSync(three, THREE);
    expect(runCli(['directory', 'import', three, '--db', db, '--apply']).status).toBe(0);
    const others = path.join(dir, 'others.csv');
    writeFileSync(others, `${HEADER}\nNew Person,new@example.org,IT,,X1,\n`);
    const refused = runCli(['directory', 'import', others, '--db', db, '--apply']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'mailscreen: directory import: This would remove all 3 people the CSV import gave (none of them is in it): nothing was applied. If that is meant, apply it with --allow-removing-all.',
    );
    const allowed = runCli(['directory', 'import', others, '--db', db, '--apply', '--allow-removing-all']);
    expect(allowed.status).toBe(0);
    expect(JSON.parse(allowed.stdout.trim().split('\n').at(-1)!)).toMatchObject({ removed: 3, added: 1, applied: true });
  });

  it('a preview counts a row with two problems as one bad row, and not as a person added', () => {
    const { dir, db } = freshStore();
    store!.close();
    store = undefined;
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `${HEADER}\nAnn,ann@example.org,,,E1,\n,,IT,,,\n`);
    const result = runCli(['directory', 'import', file, '--db', db]);
    expect(result.status).toBe(2);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.problem !== undefined).map((l) => l.line)).toEqual([3, 3]);
    expect(lines.filter((l) => l.change === 'added').map((l) => l.key)).toEqual(['E1']);
    expect(lines.at(-1)).toMatchObject({ rows: 2, problems: 2, badRows: 1, added: 1 });
    expect(result.stderr).toMatch(/: 1 row cannot be applied \(listed above by line\)/);
  });
});
