import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInProtocol, DEFAULT_SOP_DIR, SopLibrary } from '../../src/main/core/sopLibrary.ts';
import { INCIDENT_TYPES, Sop, stepById } from '../../src/shared/domain/index.ts';
import type { IncidentType, SopStep } from '../../src/shared/domain/index.ts';

const SHIPPED_DIR = path.resolve(import.meta.dirname, '../../resources/sop');
const SHIPPED_FILES: Record<IncidentType, string> = {
  possibleExplosive: 'possible-explosive.json',
  suspiciousSubstance: 'suspicious-substance.json',
  radiological: 'radiological.json',
  threatLetter: 'threat-letter.json',
  other: 'other.json',
};

const temporaryDirs: string[] = [];
afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch station: a copy of the shipped defaults, an empty site folder and a data folder. */
function scratch(): { defaultsDir: string; siteDir: string; dataDir: string; logged: string[]; library: () => SopLibrary } {
  const root = mkdtempSync(path.join(tmpdir(), 'mailscreen-sop-'));
  temporaryDirs.push(root);
  const defaultsDir = path.join(root, 'defaults');
  const siteDir = path.join(root, 'site');
  const dataDir = path.join(root, 'data');
  cpSync(SHIPPED_DIR, defaultsDir, { recursive: true });
  mkdirSync(siteDir);
  const logged: string[] = [];
  return { defaultsDir, siteDir, dataDir, logged, library: () => new SopLibrary({ defaultsDir, siteDir, dataDir, log: (line) => logged.push(line) }) };
}

function readShipped(type: IncidentType): Sop {
  return Sop.parse(JSON.parse(readFileSync(path.join(SHIPPED_DIR, SHIPPED_FILES[type]), 'utf8')));
}

/** The JSON of a shipped file as a plain object, for tests to break. */
function rawShipped(type: IncidentType): Record<string, unknown> & { steps: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(path.join(SHIPPED_DIR, SHIPPED_FILES[type]), 'utf8')) as Record<string, unknown> & { steps: Record<string, unknown>[] };
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function step(sop: Sop, id: string): SopStep {
  const found = stepById(sop, id);
  if (!found) throw new Error(`${sop.incidentType} has no step "${id}"`);
  return found;
}

const text = (s: SopStep): string => `${s.title} ${s.instructions}`.toLowerCase();

describe('shipped SOP files', () => {
  it('are one valid file per incident type, in the folder the library reads by default', () => {
    expect(path.resolve(DEFAULT_SOP_DIR)).toBe(SHIPPED_DIR);
    expect(readdirSync(SHIPPED_DIR).sort()).toEqual(Object.values(SHIPPED_FILES).sort());
    for (const type of INCIDENT_TYPES) {
      const raw: unknown = JSON.parse(readFileSync(path.join(SHIPPED_DIR, SHIPPED_FILES[type]), 'utf8'));
      const parsed = Sop.safeParse(raw);
      expect(parsed.error?.issues ?? [], SHIPPED_FILES[type]).toEqual([]);
      expect(parsed.data?.incidentType).toBe(type);
      expect(parsed.data?.sources?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('load with no errors, and nothing running on a last good or built-in copy', () => {
    const { library } = scratch();
    const report = library().load();
    expect(report.errors).toEqual([]);
    expect(report.usingLastGood).toEqual([]);
    expect(report.usingBuiltIn).toEqual([]);
    expect(report.loaded.map((entry) => entry.incidentType).sort()).toEqual([...INCIDENT_TYPES].sort());
  });

  it('every protocol notifies the coordinator, lists who was there, and every notify step names a known agency', () => {
    for (const type of INCIDENT_TYPES) {
      const sop = readShipped(type);
      const notify = sop.steps.filter((s) => s.kind === 'notify');
      expect(notify.map((s) => s.agency), type).toContain('coordinator');
      expect(notify.map((s) => s.agency), type).toContain('USPIS');
      const records = sop.steps.flatMap((s) => (s.kind === 'record' ? s.records : []));
      expect(records, type).toEqual(expect.arrayContaining(['personsPresent', 'personsHandled']));
    }
  });

  it('possible explosive: do not move (not even to X-ray), above and below, no radio within 15 m, 911, coordinator, USPIS, witnesses, persons, hand-over', () => {
    const sop = readShipped('possibleExplosive');
    expect(sop.noRadioWithinMeters).toBe(15);
    expect(sop.evacuationDistanceMeters).toBe(21);

    const doNotMove = step(sop, 'do-not-move');
    expect(doNotMove.critical).toBe(true);
    expect(text(doNotMove)).toContain('do not move');
    expect(text(doNotMove)).toContain('x-ray');

    const noWater = step(sop, 'do-not-open-or-immerse');
    expect(text(noWater)).toContain('water');
    expect(text(step(sop, 'stop-do-not-handle'))).toContain('shake');

    const evacuate = step(sop, 'evacuate');
    expect(evacuate.critical).toBe(true);
    expect(text(evacuate)).toContain('above and below');

    const noRadio = step(sop, 'no-radio-15m');
    expect(noRadio.critical).toBe(true);
    expect(text(noRadio)).toMatch(/radios?/);
    expect(text(noRadio)).toContain('15 m');

    expect(step(sop, 'call-911')).toMatchObject({ kind: 'notify', agency: '911', critical: true });
    expect(step(sop, 'notify-coordinator')).toMatchObject({ kind: 'notify', agency: 'coordinator', critical: true });
    expect(step(sop, 'notify-uspis')).toMatchObject({ kind: 'notify', agency: 'USPIS', critical: true });

    const witnesses = step(sop, 'witness-statements');
    expect(witnesses).toMatchObject({ kind: 'record', records: ['witnessStatements'], critical: true });
    expect(text(witnesses)).toContain('write down');

    expect(step(sop, 'persons-present')).toMatchObject({ kind: 'record', records: ['personsPresent', 'personsHandled'] });
    expect(step(sop, 'hand-over')).toMatchObject({ kind: 'record', records: ['responderArrival'] });

    // The steps that keep people alive come before the phone calls.
    const order = sop.steps.map((s) => s.id);
    expect(order.indexOf('do-not-move')).toBeLessThan(order.indexOf('call-911'));
    expect(order.indexOf('evacuate')).toBeLessThan(order.indexOf('call-911'));
    expect(order.indexOf('no-radio-15m')).toBeLessThan(order.indexOf('call-911'));
  });

  it('suspicious substance: do not clean, cover (UK alternative named as the site decision), close door, HVAC off, wash, persons present and handled, stay for responders', () => {
    const sop = readShipped('suspiciousSubstance');

    expect(text(step(sop, 'do-not-clean'))).toContain('do not clean');
    const cover = step(sop, 'cover');
    expect(cover.critical).toBe(true);
    expect(text(cover)).toContain('cover');
    expect(text(cover)).toContain('do not remove the cover');
    // The divergence is written in the file for the site to decide, not hidden in code.
    expect(text(cover)).toContain('site decision');
    expect(text(cover)).toContain('do not cover it or put it in a bag');

    expect(text(step(sop, 'leave-close-door'))).toContain('close the door');
    const hvac = step(sop, 'hvac-off');
    expect(text(hvac)).toContain('hvac');
    expect(text(hvac)).toContain('fans');
    expect(text(step(sop, 'wash-hands'))).toContain('soap and water');

    const stay = step(sop, 'stay-for-responders');
    expect(text(stay)).toContain('nobody leaves the building');
    expect(text(stay)).toContain('site decision');

    expect(step(sop, 'persons-present-handled')).toMatchObject({ kind: 'record', records: ['personsPresent', 'personsHandled'], critical: true });
    expect(step(sop, 'call-911')).toMatchObject({ kind: 'notify', agency: '911' });
    expect(step(sop, 'notify-coordinator')).toMatchObject({ kind: 'notify', agency: 'coordinator' });
    expect(step(sop, 'notify-uspis')).toMatchObject({ kind: 'notify', agency: 'USPIS' });
    expect(step(sop, 'notify-public-health')).toMatchObject({ kind: 'notify', agency: 'public-health' });

    const order = sop.steps.map((s) => s.id);
    expect(order.indexOf('do-not-clean')).toBeLessThan(order.indexOf('leave-close-door'));
    expect(order.indexOf('cover')).toBeLessThan(order.indexOf('leave-close-door'));
  });

  it('radiological and threat letter follow their reference steps', () => {
    const rad = readShipped('radiological');
    expect(text(step(rad, 'do-not-handle'))).toContain('do not touch');
    expect(text(step(rad, 'distance'))).toContain('distance');
    expect(step(rad, 'call-911')).toMatchObject({ kind: 'notify', agency: '911', critical: true });

    const threat = readShipped('threatLetter');
    expect(step(threat, 'check-substance-or-device').kind).toBe('decision');
    expect(text(step(threat, 'bag-letter'))).toContain('plastic bag');
    expect(text(step(threat, 'wash-hands'))).toContain('wash');
    expect(step(threat, 'record-receipt')).toMatchObject({ kind: 'record', records: ['documentation'] });
    expect(step(threat, 'seal-evidence')).toMatchObject({ kind: 'record', records: ['seal'], requiresTwoPeople: true });
  });

  it('the built-in last-resort protocol is itself a valid SOP for every type', () => {
    for (const type of INCIDENT_TYPES) expect(Sop.parse(builtInProtocol(type)).incidentType).toBe(type);
  });
});

describe('SOP schema', () => {
  it('rejects unknown keys, duplicate step ids, a notify step without an agency and an over-long title', () => {
    const base = rawShipped('other');
    const cases: [string, (sop: typeof base) => void, string][] = [
      ['unknown top-level key', (sop) => (sop['evacuationDistance'] = 10), 'evacuationDistance'],
      ['unknown step key', (sop) => ((sop.steps[0] ?? {})['colour'] = 'red'), 'colour'],
      ['duplicate id', (sop) => ((sop.steps[1] ?? {})['id'] = sop.steps[0]?.['id']), 'duplicate step id'],
      ['agency on action', (sop) => ((sop.steps[0] ?? {})['agency'] = '911'), 'agency'],
      ['long title', (sop) => ((sop.steps[0] ?? {})['title'] = 'x'.repeat(81)), 'steps'],
      ['bad slug', (sop) => ((sop.steps[0] ?? {})['id'] = 'Call 911'), 'slug'],
      ['empty records', (sop) => ((sop.steps.find((s) => s['kind'] === 'record') ?? {})['records'] = []), 'records'],
      ['schemaVersion 2', (sop) => (sop['schemaVersion'] = 2), 'schemaVersion'],
    ];
    for (const [name, mutate, expected] of cases) {
      const sop = structuredClone(base);
      mutate(sop);
      const parsed = Sop.safeParse(sop);
      expect(parsed.success, name).toBe(false);
      expect(JSON.stringify(parsed.error?.issues), name).toContain(expected);
    }
  });

  it('stepById finds a step and returns undefined for an unknown id', () => {
    const sop = readShipped('possibleExplosive');
    expect(stepById(sop, 'call-911')?.kind).toBe('notify');
    expect(stepById(sop, 'no-such-step')).toBeUndefined();
  });
});

describe('SopLibrary', () => {
  /** Breaks the suspicious-substance default in one way; `field` is the path the error must name. */
  const BREAKAGES: { name: string; field: string | null; expect: RegExp; write: (file: string) => void }[] = [
    {
      name: 'a missing field',
      field: 'steps[3].title',
      expect: /steps\[3\]\.title: Required/,
      write: (file) => {
        const sop = rawShipped('suspiciousSubstance');
        delete sop.steps[3]?.['title'];
        writeJson(file, sop);
      },
    },
    {
      name: 'a wrong type',
      field: 'steps[0].critical',
      expect: /steps\[0\]\.critical: .*expected boolean/,
      write: (file) => {
        const sop = rawShipped('suspiciousSubstance');
        (sop.steps[0] ?? {})['critical'] = 'yes';
        writeJson(file, sop);
      },
    },
    {
      name: 'an unknown key',
      field: 'steps[2].instruction',
      expect: /steps\[2\]\.instruction: unknown key "instruction"/,
      write: (file) => {
        const sop = rawShipped('suspiciousSubstance');
        (sop.steps[2] ?? {})['instruction'] = 'typo of instructions';
        writeJson(file, sop);
      },
    },
    {
      name: 'duplicate step ids',
      field: 'steps[5].id',
      expect: /steps\[5\]\.id: duplicate step id "wash-hands" \(already used by steps\[4\]\)/,
      write: (file) => {
        const sop = rawShipped('suspiciousSubstance');
        const index = sop.steps.findIndex((s) => s['id'] === 'wash-hands');
        expect(index).toBe(5);
        (sop.steps[4] ?? {})['id'] = 'wash-hands';
        writeJson(file, sop);
      },
    },
    {
      name: 'a notify step without its agency',
      field: 'steps[8].agency',
      expect: /steps\[8\]\.agency: Required/,
      write: (file) => {
        const sop = rawShipped('suspiciousSubstance');
        expect(sop.steps[8]?.['kind']).toBe('notify');
        delete sop.steps[8]?.['agency'];
        writeJson(file, sop);
      },
    },
    {
      name: 'invalid JSON',
      field: null,
      expect: /is not valid JSON/,
      write: (file) => writeFileSync(file, readFileSync(file, 'utf8').replace('"steps": [', '"steps": [,')),
    },
  ];

  for (const breakage of BREAKAGES) {
    it(`reports ${breakage.name} with file and field, and keeps the last good version in memory and after a restart`, () => {
      const station = scratch();
      const file = path.join(station.defaultsDir, 'suspicious-substance.json');
      const good = rawShipped('suspiciousSubstance');
      good['version'] = 'site-rev-7';
      writeJson(file, good);

      const library = station.library();
      expect(library.load().errors).toEqual([]);
      expect(library.protocolFor('suspiciousSubstance').version).toBe('site-rev-7');
      expect(existsSync(path.join(station.dataDir, 'sop-last-good', 'suspiciousSubstance.json'))).toBe(true);

      breakage.write(file);
      const report = library.reload();
      expect(report.errors.length).toBeGreaterThan(0);
      const error = report.errors.find((e) => e.file === file);
      expect(error, JSON.stringify(report.errors)).toBeDefined();
      expect(error?.message.startsWith(`${file}: `)).toBe(true);
      expect(error?.message).toMatch(breakage.expect);
      if (breakage.field) expect(error?.field).toBe(breakage.field);
      expect(report.usingLastGood).toEqual(['suspiciousSubstance']);
      expect(report.loaded.map((entry) => entry.incidentType)).not.toContain('suspiciousSubstance');
      expect(library.protocolFor('suspiciousSubstance').version).toBe('site-rev-7');
      expect(library.protocolFor('possibleExplosive').version).toBe('default-1');
      expect(station.logged.some((line) => line.includes(file))).toBe(true);
      expect(library.status().protocols.find((p) => p.incidentType === 'suspiciousSubstance')).toMatchObject({
        source: 'lastGood',
        version: 'site-rev-7',
      });

      // A restart: a new library on the same data folder, the file still broken.
      const restarted = station.library();
      const afterRestart = restarted.load();
      expect(afterRestart.usingLastGood).toEqual(['suspiciousSubstance']);
      expect(afterRestart.errors.some((e) => e.file === file)).toBe(true);
      expect(restarted.protocolFor('suspiciousSubstance').version).toBe('site-rev-7');
      expect(restarted.protocolFor('suspiciousSubstance').steps).toEqual(Sop.parse(good).steps);

      // Fixing the file brings it back on the next reload.
      writeJson(file, { ...good, version: 'site-rev-8' });
      expect(restarted.reload().usingLastGood).toEqual([]);
      expect(restarted.protocolFor('suspiciousSubstance').version).toBe('site-rev-8');
    });
  }

  it('names both files when two define the same incident type, and keeps the last good version', () => {
    const station = scratch();
    const library = station.library();
    library.load();
    const copy = path.join(station.defaultsDir, 'ied-copy.json');
    writeJson(copy, { ...rawShipped('possibleExplosive'), version: 'copy' });

    const report = library.reload();
    const duplicate = report.errors.find((e) => e.message.includes('more than one file'));
    expect(duplicate?.message).toContain(copy);
    expect(duplicate?.message).toContain(path.join(station.defaultsDir, 'possible-explosive.json'));
    expect(duplicate?.message).toContain('possibleExplosive');
    expect(report.usingLastGood).toEqual(['possibleExplosive']);
    expect(library.protocolFor('possibleExplosive').version).toBe('default-1');
  });

  it('counts a broken file for the type it declares even when its name says otherwise', () => {
    const station = scratch();
    const library = station.library();
    library.load();
    const sop = rawShipped('radiological');
    delete sop['title'];
    writeFileSync(path.join(station.defaultsDir, 'radiological.json'), '');
    writeJson(path.join(station.defaultsDir, 'rad-2025.json'), sop);
    const report = library.reload();
    expect(report.errors.some((e) => e.message.includes('rad-2025.json: title: Required'))).toBe(true);
    expect(report.errors.some((e) => e.message.includes('more than one file'))).toBe(true);
    expect(report.usingLastGood).toEqual(['radiological']);
  });

  it('lets a site override replace the default of the same incident type, and falls back when it is removed', () => {
    const station = scratch();
    const override = path.join(station.siteDir, 'our-powder-protocol.json');
    const sitePowder = rawShipped('suspiciousSubstance');
    sitePowder['version'] = 'ACME-2025-03';
    sitePowder['approvedBy'] = 'J. Coordinator';
    // The site follows the UK "touch nothing" practice: the SOP file decides, not the code.
    const cover = sitePowder.steps.find((s) => s['id'] === 'cover') ?? {};
    cover['title'] = 'Do not cover or bag it; leave it untouched';
    cover['instructions'] = 'Do not cover it or put it in a bag. Do not bend, squeeze, flex or pinch it.';
    writeJson(override, sitePowder);

    const library = station.library();
    const report = library.load();
    expect(report.errors).toEqual([]);
    expect(report.loaded).toContainEqual({ incidentType: 'suspiciousSubstance', file: override, version: 'ACME-2025-03' });
    expect(report.loaded).toContainEqual({
      incidentType: 'possibleExplosive',
      file: path.join(station.defaultsDir, 'possible-explosive.json'),
      version: 'default-1',
    });
    const protocol = library.protocolFor('suspiciousSubstance');
    expect(protocol.version).toBe('ACME-2025-03');
    expect(stepById(protocol, 'cover')?.title).toBe('Do not cover or bag it; leave it untouched');
    expect(library.status().protocols.find((p) => p.incidentType === 'suspiciousSubstance')).toMatchObject({
      source: 'site',
      file: override,
      approvedBy: 'J. Coordinator',
    });

    // A broken edit of the override keeps the site's version, not the shipped one.
    writeFileSync(override, '{');
    expect(library.reload().usingLastGood).toEqual(['suspiciousSubstance']);
    expect(library.protocolFor('suspiciousSubstance').version).toBe('ACME-2025-03');
    // The broken file's name says nothing of its type; the station remembers which type it defined.
    const restarted = station.library();
    expect(restarted.load().usingLastGood).toEqual(['suspiciousSubstance']);
    expect(restarted.protocolFor('suspiciousSubstance').version).toBe('ACME-2025-03');

    rmSync(override);
    expect(library.reload().errors).toEqual([]);
    expect(library.protocolFor('suspiciousSubstance').version).toBe('default-1');
  });

  it('never leaves an incident type without a protocol: built-in minimal protocol when nothing good was ever loaded', () => {
    const station = scratch();
    const file = path.join(station.defaultsDir, 'threat-letter.json');
    writeFileSync(file, 'not json');
    const library = station.library();
    const report = library.load();
    expect(report.usingBuiltIn).toEqual(['threatLetter']);
    expect(report.errors.some((e) => e.file === file && e.message.includes('not valid JSON'))).toBe(true);
    const protocol = library.protocolFor('threatLetter');
    expect(protocol.version).toBe('built-in');
    expect(stepById(protocol, 'call-911')).toBeDefined();
    expect(library.status().protocols.find((p) => p.incidentType === 'threatLetter')?.source).toBe('builtIn');
    expect(station.logged.some((line) => line.includes('built-in'))).toBe(true);
  });

  it('reports a missing defaults folder and a deleted file, and still answers protocolFor (loading on first use)', () => {
    const station = scratch();
    station.library().load();
    rmSync(path.join(station.defaultsDir, 'other.json'));
    const library = station.library();
    expect(library.protocolFor('other').version).toBe('default-1');
    expect(library.status().errors.some((e) => e.message.includes('no SOP file defines incidentType "other"'))).toBe(true);

    const noFolder = new SopLibrary({ defaultsDir: path.join(station.dataDir, 'nope'), dataDir: station.dataDir, log: () => undefined });
    const report = noFolder.load();
    expect(report.errors[0]?.message).toContain('cannot read the SOP folder');
    expect(report.usingLastGood.length).toBe(INCIDENT_TYPES.length);
  });

  it('ignores a tampered last good copy rather than trusting it', () => {
    const station = scratch();
    station.library().load();
    const lastGood = path.join(station.dataDir, 'sop-last-good', 'radiological.json');
    writeJson(lastGood, { ...rawShipped('possibleExplosive') });
    writeFileSync(path.join(station.defaultsDir, 'radiological.json'), '[]');
    const library = station.library();
    const report = library.load();
    expect(report.errors.some((e) => e.file === lastGood && e.message.includes('expected "radiological"'))).toBe(true);
    expect(report.usingBuiltIn).toEqual(['radiological']);
  });

  it('status lists every incident type with its source and flags agencies with no contact', () => {
    const { library } = scratch();
    const lib = library();
    lib.load();
    const status = lib.status();
    expect(status.protocols.map((p) => p.incidentType)).toEqual([...INCIDENT_TYPES]);
    expect(status.loadedAt).not.toBeNull();
    for (const protocol of status.protocols) expect(protocol.source).toBe('default');
    // The coordinator's number is the site's to fill in.
    expect(status.protocols.find((p) => p.incidentType === 'suspiciousSubstance')?.agenciesWithoutContact).toEqual(
      expect.arrayContaining(['coordinator', 'public-health']),
    );
  });
});
