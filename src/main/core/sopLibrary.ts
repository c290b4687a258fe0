import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fileInFolder, parseSiteJson, printableFileName, readSiteFileSync, SiteFileRefused, siteFileText } from '../../hardware/index.ts';
import { INCIDENT_TYPES, IncidentType, Sop, sopAgenciesWithoutContact } from '../../shared/domain/index.ts';
import type { NotifyAgency } from '../../shared/domain/index.ts';
import { writeFileAtomically } from '../files/index.ts';
import { lineLog, stderrLog, type Log } from '../log.ts';

/**
 * The incident protocols the station shows in an emergency, loaded from SOP files: the shipped
 * defaults (resources/sop) and an optional site folder whose files replace the default of the same
 * incident type.
 *
 * The station must have a protocol for every incident type at every moment, so a bad edit never
 * takes one away: a file that fails validation is reported (file, field, what is wrong) and the
 * LAST GOOD version of its incident type stays in force. The last good copy is kept in memory and
 * in `<dataDir>/sop-last-good/<type>.json`, so it also survives a restart. Only when there has
 * never been a good copy does a lower layer (site -> default) or, last of all, a minimal built-in
 * protocol stand in, and the report says so.
 */

export const DEFAULT_SOP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/sop');

/** In `<dataDir>/sop-last-good/`: which incident type each SOP file defined when it last validated. */
const FILE_INDEX = 'files.json';
const FileIndex = z.record(z.string(), IncidentType);

/**
 * SOP files are a few kilobytes; anything far larger is not an SOP and is not read into memory.
 * Every SOP file (site, default, last good copy) is read as a site file: no symlink (a link to
 * /etc/shadow must not reach the coordinator's screen), no FIFO or device (a FIFO froze the whole
 * station), a regular file of bounded size. A problem names the file, control characters escaped,
 * and never quotes what is in it.
 */
const MAX_SOP_FILE_BYTES = 512 * 1024;

export interface SopLibraryOptions {
  /** The station's data folder; last good copies go to `<dataDir>/sop-last-good/`. */
  readonly dataDir: string;
  /** The shipped defaults. */
  readonly defaultsDir?: string;
  /** The site's own SOP files; a missing folder means no overrides. */
  readonly siteDir?: string | null;
  /** Where load problems are written (as "SOP: …"): a Log, or a function given each line; stderr by default. */
  readonly log?: Log | ((line: string) => void);
}

export type SopSource = 'site' | 'default' | 'lastGood' | 'builtIn';

export interface SopLoadError {
  readonly file: string;
  /** The field path inside the file (`steps[3].title`), when the problem is one field. */
  readonly field?: string;
  /** Complete on its own: file, field and what is wrong. */
  readonly message: string;
}

export interface SopLoadReport {
  /** The protocols now in force that were read from a file on this load (one per type at most). */
  readonly loaded: readonly { readonly incidentType: IncidentType; readonly file: string; readonly version: string }[];
  readonly errors: readonly SopLoadError[];
  readonly usingLastGood: readonly IncidentType[];
  /** Types with no good file and no last good copy, running on the built-in minimal protocol. */
  readonly usingBuiltIn: readonly IncidentType[];
}

export interface SopProtocolStatus {
  readonly incidentType: IncidentType;
  readonly title: string;
  readonly version: string;
  readonly source: SopSource;
  /** The file the protocol was read from (for a last good copy, the file it was first read from). */
  readonly file: string | null;
  readonly approvedBy: string | null;
  readonly effectiveDate: string | null;
  readonly stepCount: number;
  readonly agenciesWithoutContact: readonly NotifyAgency[];
}

export interface SopLibraryStatus {
  readonly defaultsDir: string;
  readonly siteDir: string | null;
  readonly loadedAt: string | null;
  readonly protocols: readonly SopProtocolStatus[];
  readonly errors: readonly SopLoadError[];
}

interface Active {
  readonly sop: Sop;
  readonly file: string | null;
  readonly source: SopSource;
}

/** One SOP file as read: valid, or with the type it meant to define (when that can be told). */
type FileResult =
  | { readonly file: string; readonly ok: true; readonly sop: Sop; readonly claims: IncidentType }
  | { readonly file: string; readonly ok: false; readonly claims: IncidentType | null };

export class SopLibrary {
  readonly #dataDir: string;
  readonly #defaultsDir: string;
  readonly #siteDir: string | null;
  readonly #log: Log;
  readonly #active = new Map<IncidentType, Active>();
  /** Survives failed reloads; seeded from disk on first need after a restart. */
  readonly #lastGood = new Map<IncidentType, { sop: Sop; file: string | null }>();
  #fileTypes: Map<string, IncidentType> | null = null;
  #lastReport: SopLoadReport | null = null;
  #loadedAt: string | null = null;

  constructor(options: SopLibraryOptions) {
    this.#dataDir = options.dataDir;
    this.#defaultsDir = options.defaultsDir ?? DEFAULT_SOP_DIR;
    this.#siteDir = options.siteDir ?? null;
    const log = options.log ?? stderrLog('SOP');
    this.#log = typeof log === 'function' ? lineLog('SOP', (_level, line) => log(line)) : log;
  }

  /** Reads every SOP file and decides the protocol in force for each incident type. Never throws. */
  load(): SopLoadReport {
    const errors: SopLoadError[] = [];
    const knownFiles = this.#knownFiles(errors);
    const site = this.#siteDir === null ? [] : readFolder(this.#siteDir, false, knownFiles, errors);
    const defaults = readFolder(this.#defaultsDir, true, knownFiles, errors);
    const loaded: { incidentType: IncidentType; file: string; version: string }[] = [];
    const usingLastGood: IncidentType[] = [];
    const usingBuiltIn: IncidentType[] = [];

    for (const type of INCIDENT_TYPES) {
      let chosen: Active | null = null;
      let broken = false;
      for (const [layer, results] of [['site', site], ['default', defaults]] as const) {
        const claims = results.filter((result) => result.claims === type);
        if (claims.length === 0) continue;
        if (claims.length > 1) errors.push(duplicateError(type, claims.map((claim) => claim.file)));
        const only = claims[0];
        if (claims.length === 1 && only?.ok) {
          chosen = { sop: only.sop, file: only.file, source: layer };
          break;
        }
        // The layer meant to supply this type is broken: what was in force before beats a lower layer.
        broken = true;
        const previous = this.#lastGoodFor(type, errors);
        if (previous) {
          chosen = { sop: previous.sop, file: previous.file, source: 'lastGood' };
          break;
        }
      }
      if (!chosen) {
        if (!broken) problem(errors, this.#defaultsDir, `no SOP file defines incidentType "${type}"`);
        const previous = this.#lastGoodFor(type, errors);
        chosen = previous ? { sop: previous.sop, file: previous.file, source: 'lastGood' } : { sop: builtInProtocol(type), file: null, source: 'builtIn' };
      }

      if (chosen.source === 'lastGood') usingLastGood.push(type);
      if (chosen.source === 'builtIn') usingBuiltIn.push(type);
      if ((chosen.source === 'site' || chosen.source === 'default') && chosen.file !== null) {
        loaded.push({ incidentType: type, file: chosen.file, version: chosen.sop.version });
        this.#lastGood.set(type, { sop: chosen.sop, file: chosen.file });
        this.#persistLastGood(type, chosen.sop, errors);
      }
      this.#active.set(type, chosen);
    }

    this.#rememberFiles([...site, ...defaults], knownFiles, errors);
    const report: SopLoadReport = { loaded, errors, usingLastGood, usingBuiltIn };
    this.#lastReport = report;
    this.#loadedAt = new Date().toISOString();
    this.#logReport(report);
    return report;
  }

  /** The admin's "reload SOP files": the same as load, kept as its own verb for the admin screen. */
  reload(): SopLoadReport {
    return this.load();
  }

  /** The protocol in force for an incident type. Always one: see the class comment. */
  protocolFor(type: IncidentType): Sop {
    if (this.#lastReport === null) this.load();
    const active = this.#active.get(type);
    // load() sets every type, so this only guards against a type outside INCIDENT_TYPES.
    if (!active) throw new Error(`"${type}" is not an incident type (expected one of ${INCIDENT_TYPES.join(', ')})`);
    return active.sop;
  }

  /** What the admin screen shows: which file each protocol came from, and what went wrong. */
  status(): SopLibraryStatus {
    if (this.#lastReport === null) this.load();
    const protocols = INCIDENT_TYPES.flatMap((type): SopProtocolStatus[] => {
      const active = this.#active.get(type);
      if (!active) return [];
      return [
        {
          incidentType: type,
          title: active.sop.title,
          version: active.sop.version,
          source: active.source,
          file: active.file === null ? null : printableFileName(active.file),
          approvedBy: active.sop.approvedBy ?? null,
          effectiveDate: active.sop.effectiveDate ?? null,
          stepCount: active.sop.steps.length,
          agenciesWithoutContact: sopAgenciesWithoutContact(active.sop),
        },
      ];
    });
    return {
      defaultsDir: this.#defaultsDir,
      siteDir: this.#siteDir,
      loadedAt: this.#loadedAt,
      protocols,
      errors: this.#lastReport?.errors ?? [],
    };
  }

  #lastGoodFile(type: IncidentType): string {
    return path.join(this.#dataDir, 'sop-last-good', `${type}.json`);
  }

  /**
   * Which incident type each file defined when it last validated. A site file broken past reading
   * (say `our-powder.json` truncated to "{") still counts for the type it defined, so its last good
   * version stays in force instead of the shipped default quietly taking over. Kept on disk so a
   * restart knows it too.
   */
  #knownFiles(errors: SopLoadError[]): Map<string, IncidentType> {
    if (this.#fileTypes) return this.#fileTypes;
    const known = new Map<string, IncidentType>();
    const file = path.join(this.#dataDir, 'sop-last-good', FILE_INDEX);
    const text = readSopText(file, errors, '; rebuilding it');
    if (text !== null) {
      const raw = parseSiteJson(text, file);
      const parsed = raw.ok ? FileIndex.safeParse(raw.value) : null;
      if (parsed?.success) for (const [name, type] of Object.entries(parsed.data)) known.set(name, type);
      else problem(errors, file, 'not a valid index of SOP files; rebuilding it');
    }
    this.#fileTypes = known;
    return known;
  }

  #rememberFiles(results: readonly FileResult[], known: Map<string, IncidentType>, errors: SopLoadError[]): void {
    let changed = false;
    for (const result of results) {
      if (result.ok && known.get(result.file) !== result.sop.incidentType) {
        known.set(result.file, result.sop.incidentType);
        changed = true;
      }
    }
    if (changed) writeAtomically(path.join(this.#dataDir, 'sop-last-good', FILE_INDEX), `${JSON.stringify(Object.fromEntries(known), null, 2)}\n`, errors);
  }

  #lastGoodFor(type: IncidentType, errors: SopLoadError[]): { sop: Sop; file: string | null } | null {
    const inMemory = this.#lastGood.get(type);
    if (inMemory) return inMemory;
    const file = this.#lastGoodFile(type);
    const text = readSopText(file, errors, '; the last good copy is not used');
    if (text === null) return null;
    const result = parseSopText(file, text, errors);
    if (!result.ok) return null;
    if (result.sop.incidentType !== type) {
      errors.push({ file: printableFileName(file), field: 'incidentType', message: `${printableFileName(file)}: incidentType: is "${result.sop.incidentType}", expected "${type}"; ignoring this last good copy` });
      return null;
    }
    const restored = { sop: result.sop, file };
    this.#lastGood.set(type, restored);
    return restored;
  }

  #persistLastGood(type: IncidentType, sop: Sop, errors: SopLoadError[]): void {
    const file = this.#lastGoodFile(type);
    const text = `${JSON.stringify(sop, null, 2)}\n`;
    try {
      if (siteFileText(readSiteFileSync(file, { maxBytes: MAX_SOP_FILE_BYTES })) === text) return;
    } catch {
      // Missing, unreadable or not a regular file: write it afresh below (the rename replaces it).
    }
    writeAtomically(file, text, errors);
  }

  #logReport(report: SopLoadReport): void {
    for (const error of report.errors) this.#log.warn(error.message);
    for (const type of report.usingLastGood) {
      const active = this.#active.get(type);
      this.#log.warn(`${type}: using the last good version "${active?.sop.version ?? '?'}" until the file is fixed and reloaded`);
    }
    for (const type of report.usingBuiltIn) {
      this.#log.warn(`${type}: NO valid SOP file and no last good copy; using the built-in minimal protocol. Restore the SOP file and reload.`);
    }
  }
}

/** The one atomic write (fsynced with its folder): a power cut leaves the old copy or the new one, never half of one. */
function writeAtomically(file: string, text: string, errors: SopLoadError[]): void {
  try {
    // The station's own copies: owner-only, like everything else in the data folder.
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileAtomically(file, text);
  } catch (error) {
    problem(errors, file, `cannot be saved (${errorCode(error)}); the last good SOP is kept in memory only until the station restarts`);
  }
}

function readFolder(dir: string, required: boolean, known: ReadonlyMap<string, IncidentType>, errors: SopLoadError[]): FileResult[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || required) problem(errors, dir, `cannot read the SOP folder (${errorCode(error)})`);
    return [];
  }
  return names.map((name) => {
    const file = fileInFolder(dir, name);
    const result = readSopFile(file, errors);
    if (result.ok || result.claims !== null) return result;
    return { ...result, claims: known.get(file) ?? null };
  });
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/** A problem with a file as the admin screen and the log show it: the name escaped, the content never quoted. */
function problem(errors: SopLoadError[], file: string, what: string): void {
  errors.push({ file: printableFileName(file), message: `${printableFileName(file)}: ${what}` });
}

/** The text of one SOP file, or null (a missing file silently; any other refusal reported). */
function readSopText(file: string, errors: SopLoadError[], consequence = ''): string | null {
  try {
    return siteFileText(readSiteFileSync(file, { maxBytes: MAX_SOP_FILE_BYTES }));
  } catch (error) {
    if (error instanceof SiteFileRefused) {
      if (error.problem !== 'missing') errors.push({ file: printableFileName(file), message: `${error.message}${consequence}` });
      return null;
    }
    problem(errors, file, `cannot be read (${errorCode(error)})${consequence}`);
    return null;
  }
}

function readSopFile(file: string, errors: SopLoadError[]): FileResult {
  let text: string;
  try {
    text = siteFileText(readSiteFileSync(file, { maxBytes: MAX_SOP_FILE_BYTES }));
  } catch (error) {
    const why = error instanceof SiteFileRefused ? error.message : `${printableFileName(file)}: cannot be read (${errorCode(error)})`;
    const tooBig = error instanceof SiteFileRefused && error.problem === 'too-big';
    errors.push({ file: printableFileName(file), message: tooBig ? `${why}; larger than any SOP file, not read` : `${why}; not read` });
    return { file, ok: false, claims: claimFromName(file) };
  }
  return parseSopText(file, text, errors);
}

function parseSopText(file: string, text: string, errors: SopLoadError[]): FileResult {
  const json = parseSiteJson(text, file);
  if (!json.ok) {
    errors.push({ file: printableFileName(file), message: json.message });
    return { file, ok: false, claims: claimFromName(file) };
  }
  const raw = json.value;
  const parsed = Sop.safeParse(raw);
  if (parsed.success) return { file, ok: true, sop: parsed.data, claims: parsed.data.incidentType };
  for (const issue of parsed.error.issues) errors.push(issueError(file, raw, issue));
  const declared = IncidentType.safeParse(isRecord(raw) ? raw['incidentType'] : undefined);
  return { file, ok: false, claims: declared.success ? declared.data : claimFromName(file) };
}

/** A file too broken to say its type still counts for the type its name suggests (suspicious-substance.json). */
function claimFromName(file: string): IncidentType | null {
  const stem = path.basename(file, '.json').replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
  const parsed = IncidentType.safeParse(stem);
  return parsed.success ? parsed.data : null;
}

function duplicateError(type: IncidentType, files: readonly string[]): SopLoadError {
  return {
    file: printableFileName(files[0] ?? ''),
    field: 'incidentType',
    message: `${files.map(printableFileName).join(' and ')}: incidentType: "${type}" is defined by more than one file; keep one of them (neither is used until then)`,
  };
}

function issueError(file: string, raw: unknown, issue: z.core.$ZodIssue): SopLoadError {
  let field = fieldPath(issue.path);
  let what = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${printableFileName(key)}"`).join(', ');
    what = `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} (not part of the SOP format; check the spelling)`;
    if (issue.keys.length === 1) field = fieldPath([...issue.path, issue.keys[0] ?? '']);
  } else if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined) {
    what = 'Required (missing)';
  } else if (issue.code === 'invalid_value' && valueAt(raw, issue.path) === undefined) {
    what = `Required (missing); ${issue.message}`;
  }
  // Field paths and refinement messages can carry keys and values from the file: one line each, escaped.
  field = printableFileName(field);
  const where = field === '' ? '(top level)' : field;
  return { file: printableFileName(file), ...(field === '' ? {} : { field }), message: `${printableFileName(file)}: ${where}: ${printableFileName(what)}` };
}

function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function valueAt(raw: unknown, segments: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Last resort when an incident type has no valid SOP file and never had one: the steps every source
 * agrees on (Poster 84 "Stop. Don't handle.", isolate, 911, the coordinator, who was there). It
 * exists so the screen is never empty in an emergency; the admin screen shows it as a fault.
 */
export function builtInProtocol(type: IncidentType): Sop {
  return {
    schemaVersion: 1,
    incidentType: type,
    title: 'Built-in minimal protocol: the SOP file for this incident type is missing or invalid',
    summary:
      'The station could not load a valid SOP file for this incident type and has no earlier good copy. These are the steps every source agrees on (USPS Poster 84, S2; USPS three P\'s, S26). Tell the admin to restore the SOP file.',
    version: 'built-in',
    sources: ['S2', 'S26', 'S8', 'S11'],
    steps: [
      {
        id: 'stop-do-not-handle',
        kind: 'action',
        title: 'Stop. Do not handle, open, shake, smell or taste the item',
        instructions: 'Leave the item where it is.',
        critical: true,
      },
      {
        id: 'isolate',
        kind: 'action',
        title: 'Leave the area and keep everyone out',
        instructions: 'Clear the area around the item and stop anyone from entering. Wash hands with soap and water.',
        critical: true,
      },
      {
        id: 'call-911',
        kind: 'notify',
        agency: '911',
        title: 'Call 911',
        instructions: 'Say why the item is suspect, where it is, and what has been done.',
        critical: true,
      },
      {
        id: 'notify-coordinator',
        kind: 'notify',
        agency: 'coordinator',
        title: 'Notify the mail center security coordinator',
        instructions: 'The coordinator takes command until responders arrive.',
        critical: true,
      },
      {
        id: 'persons-present-handled',
        kind: 'record',
        records: ['personsPresent', 'personsHandled'],
        title: 'List everyone present and everyone who handled the item',
        instructions: 'Record the names of everyone who was in the area and, separately, everyone who handled the item.',
        critical: true,
      },
    ],
  };
}
