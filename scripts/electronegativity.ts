// Runs Doyensec Electronegativity over the built Electron host and fails on any finding that is
// not justified in scripts/electronegativity-justified.json.
//
//   node scripts/electronegativity.ts                 scan the build (run `npm run build` first)
//   node scripts/electronegativity.ts FILE...         scan these files instead
//   node scripts/electronegativity.ts --justified F   use another justification file
//
// Why the extra steps around the tool (docs/tools/electronegativity.md, "Facts the wrapper relies on"):
// - It always exits 0, even on HIGH findings, so this script decides the exit code.
// - It only reads .js/.ts/.html/.json, so out/main/electron.cjs would be silently skipped: every
//   input is copied into a staging folder under a name it reads.
// - Its 2021-era parser cannot traverse class private fields (`#x`): a script it fails to parse
//   is lowered to ES2020 with vite's oxc transform and scanned again. The calls and options it
//   checks are unchanged by that; a file that still cannot be parsed fails the run.
// - It fetches translations (and, in AvailableSecurityFixesGlobalCheck, Electron's release list)
//   from the internet. The build is offline: that check is excluded, and its HTTP client is
//   replaced by one that fails at once, so no request is attempted and no late retry can crash
//   the process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Module, { createRequire } from 'node:module';
import { transformWithOxc } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEFAULT_JUSTIFIED = path.join(ROOT, 'scripts', 'electronegativity-justified.json');

interface Input {
  /** The file on disk. */
  readonly source: string;
  /** Its name in the report and in the justification file. */
  readonly label: string;
  /** Missing optional inputs are skipped (the renderer is built by a separate step). */
  readonly optional: boolean;
}

const DEFAULT_INPUTS: readonly Input[] = [
  { source: path.join(ROOT, 'out/main/electron.cjs'), label: 'main/electron.cjs', optional: false },
  { source: path.join(ROOT, 'out/preload/preload.cjs'), label: 'preload/preload.cjs', optional: false },
  { source: path.join(ROOT, 'out/renderer/index.html'), label: 'renderer/index.html', optional: true },
  // The Electron version and any electron flags in scripts are read from here.
  { source: path.join(ROOT, 'package.json'), label: 'package.json', optional: false },
];

export interface Finding {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly confidence: string;
  readonly description: string;
  /** The line and column refer to the ES2020-lowered copy of the file. */
  readonly lowered: boolean;
}

export interface Justification {
  readonly id: string;
  readonly file: string;
  /** When present, the finding's description must contain this text. */
  readonly description?: string;
  readonly reason: string;
}

export interface Report {
  readonly findings: readonly Finding[];
  readonly unjustified: readonly Finding[];
  readonly unusedJustifications: readonly Justification[];
  readonly parseErrors: readonly string[];
  readonly checks: { readonly atomic: number; readonly global: number };
}

interface RawIssue {
  id: string;
  file: string;
  location?: { line?: number; column?: number };
  severity?: { name?: string };
  confidence?: { name?: string };
  description?: unknown;
}

interface RawResult {
  atomicChecks: number;
  globalChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: RawIssue[];
}

type Runner = (options: Record<string, unknown>) => Promise<RawResult>;

const require = createRequire(import.meta.url);

/** Loads the tool with its HTTP client replaced by one that fails immediately (offline build). */
function loadRunner(): Runner {
  const runnerPath = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(runnerPath).resolve('got');
  const offline = (): Promise<never> => Promise.reject(new Error('offline: no network requests from the security scan'));
  const stub = Object.assign(offline, { head: offline, get: offline });
  const fake = new Module(gotPath);
  fake.filename = gotPath;
  fake.exports = stub;
  fake.loaded = true;
  require.cache[gotPath] = fake;
  return require(runnerPath) as Runner;
}

interface StagedFile {
  readonly input: Input;
  /** Path inside the staging folder, with '/' separators (as the tool reports it). */
  readonly staged: string;
  readonly isScript: boolean;
}

/** Copies the inputs into a folder under names the tool reads (.cjs → .js). */
function stage(inputs: readonly Input[], dir: string): StagedFile[] {
  const files: StagedFile[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input.source)) {
      if (input.optional) continue;
      throw new Error(`${path.relative(ROOT, input.source)} does not exist: build first (npm run build)`);
    }
    const isScript = /\.[cm]?js$/i.test(input.source);
    const staged = isScript ? input.label.replace(/\.[cm]?js$/i, '') + '.js' : input.label;
    fs.mkdirSync(path.dirname(path.join(dir, staged)), { recursive: true });
    fs.copyFileSync(input.source, path.join(dir, staged));
    files.push({ input, staged, isScript });
  }
  return files;
}

/** Rewrites a staged script with its syntax lowered to ES2020 (class private fields and newer). */
async function lower(dir: string, file: StagedFile): Promise<void> {
  const full = path.join(dir, file.staged);
  const result = await transformWithOxc(fs.readFileSync(full, 'utf8'), path.basename(full), { lang: 'js', target: 'es2020' });
  fs.writeFileSync(full, result.code);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.values(value).filter((v) => typeof v === 'string').join(' / ');
  return '';
}

export function readJustifications(file: string): Justification[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { justified?: unknown };
  if (!Array.isArray(parsed.justified)) throw new Error(`${file}: expected {"justified": [...]}`);
  return parsed.justified.map((entry: unknown, i: number) => {
    const e = entry as Partial<Justification>;
    if (typeof e.id !== 'string' || typeof e.file !== 'string' || typeof e.reason !== 'string' || e.reason.trim().length < 20) {
      throw new Error(`${file}: entry ${i} needs an id, a file and a real reason`);
    }
    if (e.description !== undefined && typeof e.description !== 'string') throw new Error(`${file}: entry ${i}: description must be text`);
    return e.description === undefined ? { id: e.id, file: e.file, reason: e.reason } : { id: e.id, file: e.file, description: e.description, reason: e.reason };
  });
}

async function runQuietly(run: Runner, dir: string): Promise<RawResult> {
  // The tool prints a note when its (stubbed) translation download fails; keep the output ours.
  const log = console.log;
  console.log = () => {};
  try {
    return await run({ input: dir, isRelative: true, excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] });
  } finally {
    console.log = log;
  }
}

/**
 * Scans the inputs and sorts every finding into justified or not. Scripts the tool cannot parse
 * are lowered and the scan repeated, so their line numbers refer to the lowered copy (marked).
 */
export async function scan(inputs: readonly Input[], justifications: readonly Justification[]): Promise<Report> {
  const run = loadRunner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailscreen-eng-'));
  try {
    const files = stage(inputs, dir);
    const byStaged = new Map(files.map((f) => [f.staged, f]));
    const stagedOf = (file: string): string => (path.isAbsolute(file) ? path.relative(dir, file) : file).split(path.sep).join('/');
    let result = await runQuietly(run, dir);
    const lowered = new Set<string>();
    for (const error of result.errors.filter((e) => !e.tolerable)) {
      const file = byStaged.get(stagedOf(error.file));
      if (file?.isScript && !lowered.has(file.staged)) {
        await lower(dir, file);
        lowered.add(file.staged);
      }
    }
    if (lowered.size > 0) result = await runQuietly(run, dir);

    const labelOf = (file: string): string => {
      const staged = byStaged.get(stagedOf(file));
      if (staged === undefined) return file;
      return staged.input.label;
    };
    const findings: Finding[] = result.issues.map((issue) => ({
      id: issue.id,
      file: labelOf(issue.file),
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      severity: issue.severity?.name ?? '?',
      confidence: issue.confidence?.name ?? '?',
      description: describe(issue.description),
      lowered: lowered.has(stagedOf(issue.file)),
    }));
    const matches = (j: Justification, f: Finding): boolean =>
      j.id === f.id && j.file === f.file && (j.description === undefined || f.description.includes(j.description));
    return {
      findings,
      unjustified: findings.filter((f) => !justifications.some((j) => matches(j, f))),
      unusedJustifications: justifications.filter((j) => !findings.some((f) => matches(j, f))),
      parseErrors: result.errors.filter((e) => !e.tolerable).map((e) => `${labelOf(e.file)}: ${e.message}`),
      checks: { atomic: result.atomicChecks, global: result.globalChecks },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv: readonly string[]): { inputs: Input[]; justifiedFile: string } {
  let justifiedFile = DEFAULT_JUSTIFIED;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--justified') {
      const next = argv[++i];
      if (next === undefined) throw new Error('--justified needs a file');
      justifiedFile = path.resolve(next);
    } else {
      files.push(path.resolve(arg));
    }
  }
  const inputs =
    files.length === 0
      ? [...DEFAULT_INPUTS]
      : files.map((source) => ({ source, label: path.basename(source), optional: false }));
  return { inputs, justifiedFile };
}

async function main(): Promise<number> {
  const { inputs, justifiedFile } = parseArgs(process.argv.slice(2));
  const report = await scan(inputs, readJustifications(justifiedFile));
  for (const f of report.unjustified) {
    console.error(`UNJUSTIFIED ${f.id} [${f.severity}/${f.confidence}] ${f.file}:${f.line}:${f.column}${f.lowered ? ' (in the lowered copy)' : ''} ${f.description}`);
  }
  for (const e of report.parseErrors) console.error(`NOT SCANNED ${e}`);
  for (const j of report.unusedJustifications) console.warn(`note: justification not needed this run: ${j.id} (${j.file})`);
  const ok = report.unjustified.length === 0 && report.parseErrors.length === 0;
  console.log(
    `electronegativity: ${ok ? 'ok' : 'FAILED'}, ${report.findings.length} finding(s), ` +
      `${report.findings.length - report.unjustified.length} justified, ${report.unjustified.length} unjustified, ` +
      `${report.parseErrors.length} unparsed file(s) (${report.checks.atomic} atomic + ${report.checks.global} global checks)`,
  );
  return ok ? 0 : 1;
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('electronegativity:', error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
