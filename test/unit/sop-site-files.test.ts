// SOP files are the site's files: a link out of the folder is refused and never quoted, a file
// name with control characters is shown escaped, and what the coordinator sees never holds the
// content of a file that is not a valid SOP.
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SopLibrary } from '../../src/main/core/sopLibrary.ts';
import { INCIDENT_TYPES } from '../../src/shared/domain/index.ts';

const SHIPPED_DIR = path.resolve(import.meta.dirname, '../../resources/sop');
const SECRET = 'TOPSECRET-b7f3e1';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function scratch(): { root: string; siteDir: string; dataDir: string; logged: string[]; library: SopLibrary } {
  const root = mkdtempSync(path.join(tmpdir(), 'mailscreen-sop-files-'));
  roots.push(root);
  const defaultsDir = path.join(root, 'defaults');
  const siteDir = path.join(root, 'site');
  const dataDir = path.join(root, 'data');
  cpSync(SHIPPED_DIR, defaultsDir, { recursive: true });
  mkdirSync(siteDir);
  const logged: string[] = [];
  return { root, siteDir, dataDir, logged, library: new SopLibrary({ defaultsDir, siteDir, dataDir, log: (line) => logged.push(line) }) };
}

const shown = (library: SopLibrary, logged: string[]): string => JSON.stringify({ status: library.status(), logged });

describe('SOP files the site controls', () => {
  it('a symlink to a file outside the folder is refused, and the status never holds its content', () => {
    const { root, siteDir, library, logged } = scratch();
    const shadow = path.join(root, 'shadow');
    writeFileSync(shadow, `root:$y$j9T$${SECRET}:19700:0:99999:7:::\n`);
    symlinkSync(shadow, path.join(siteDir, 'x.json'));
    const report = library.load();
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(/x\.json: is a symbolic link/);
    expect(shown(library, logged)).not.toContain(SECRET);
    expect(shown(library, logged)).not.toContain('root:');
  });

  it('a symlink to a valid SOP outside the folder is not loaded (its title never reaches the screen)', () => {
    const { root, siteDir, library, logged } = scratch();
    const outside = JSON.parse(readFileSync(path.join(SHIPPED_DIR, 'other.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(root, 'elsewhere.json'), JSON.stringify({ ...outside, title: `Protocol ${SECRET}` }));
    symlinkSync(path.join(root, 'elsewhere.json'), path.join(siteDir, 'other.json'));
    library.load();
    expect(library.protocolFor('other').title).not.toContain(SECRET);
    expect(shown(library, logged)).not.toContain(SECRET);
    expect(library.status().protocols.find((p) => p.incidentType === 'other')?.source).toBe('default');
  });

  it('a file that is not JSON is placed by line and column, not quoted', () => {
    const { siteDir, library, logged } = scratch();
    writeFileSync(path.join(siteDir, 'notes.json'), `{\n  "incidentType": "other",\n  ${SECRET}\n}\n`);
    const report = library.load();
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(/notes\.json: is not valid JSON \(line 3, column 3\)/);
    expect(shown(library, logged)).not.toContain(SECRET);
  });

  it('a file name with a newline or ESC is shown escaped, in the status and the log', () => {
    const { siteDir, library, logged } = scratch();
    const name = 'evil\n\u001b[2Jname.json';
    writeFileSync(path.join(siteDir, name), '{');
    library.load();
    const errors = library.status().errors;
    const error = errors.find((e) => e.file.includes('evil'));
    expect(error?.file).toContain('evil\\u000a\\u001b[2Jname.json');
    expect(error?.message).toContain('evil\\u000a\\u001b[2Jname.json');
    // eslint-disable-next-line no-control-regex -- the point is that none remain
    expect(shown(library, logged)).not.toMatch(/[\u0000-\u001f]/);
    expect(logged.join('\n')).not.toContain('\u001b');
  });

  it('an unknown key with control characters is escaped too', () => {
    const { siteDir, library } = scratch();
    const other = JSON.parse(readFileSync(path.join(SHIPPED_DIR, 'other.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(siteDir, 'other.json'), JSON.stringify({ ...other, 'bad\u001bkey': 1 }));
    library.load();
    const messages = library.status().errors.map((e) => e.message).join('\n');
    expect(messages).toContain('bad\\u001bkey');
    expect(messages).not.toContain('\u001b');
  });

  it('keeps its last good copies owner-only', () => {
    const { dataDir, library } = scratch();
    library.load();
    expect(statSync(path.join(dataDir, 'sop-last-good')).mode & 0o777).toBe(0o700);
    for (const type of INCIDENT_TYPES) expect(statSync(path.join(dataDir, 'sop-last-good', `${type}.json`)).mode & 0o777, type).toBe(0o600);
  });

  it('saves a last good copy through no symlink planted beside it (at its temporary name or its own name)', () => {
    const { root, dataDir, library } = scratch();
    const lastGood = path.join(dataDir, 'sop-last-good');
    mkdirSync(lastGood, { recursive: true, mode: 0o700 });
    const [first, second] = INCIDENT_TYPES;
    const victims = [path.join(root, 'victim-temp'), path.join(root, 'victim-own')];
    for (const victim of victims) writeFileSync(victim, SECRET);
    // The temporary name the copies used to be written through: the file's name and the process id.
    symlinkSync(victims[0]!, path.join(lastGood, `${first}.json.${process.pid}.tmp`));
    symlinkSync(victims[1]!, path.join(lastGood, `${second}.json`));
    library.load();
    for (const victim of victims) expect(readFileSync(victim, 'utf8')).toBe(SECRET);
    for (const type of [first, second]) {
      const file = path.join(lastGood, `${type}.json`);
      expect(lstatSync(file).isFile(), type).toBe(true);
      expect(statSync(file).mode & 0o777, type).toBe(0o600);
    }
  });
});
