// The admin CLI's input, run as a child process as an admin would: dates are calendar dates, a
// reader that goes away (`| head`) ends the command quietly, and every --item takes the same forms.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildScenario, REPORT_DATE, type Scenario } from '../fixtures/reports/scenario.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/main/cli/main.ts');
let s: Scenario;
const out = tempDir('mailscreen-cli-input-');

beforeAll(async () => {
  s = await buildScenario();
  s.station.close();
}, 60_000);

/** A refusal as the README promises it: exit 2, one line on stderr, nothing on stdout. */
function expectOneLineRefusal(result: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^mailscreen: [^\n]+\n$/);
  expect(result.stderr).toMatch(pattern);
  expect(result.status).toBe(2);
}

/**
 * Runs the CLI with its stdout on a pipe whose reader has already gone, as `… | head` is once head
 * has what it wants. No timing: the CLI starts only once the reader has closed its end (it waits
 * on a FIFO the reader writes to after closing).
 */
function runWithReaderGone(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const fifo = path.join(tempDir('mailscreen-epipe-'), 'reader-gone');
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `mkfifo '${fifo}'; { read gone < '${fifo}'; exec ${quoted}; } | { exec 0<&-; echo gone > '${fifo}'; }; echo "exit $?" >&2`;
  // pipefail: the shell's own status is the CLI's, not the reader's.
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI dates are calendar dates, one parser for every date option', () => {
  it('refuses report daily --date 2026-02-30 instead of titling March 2 as Feb 30', () => {
    const file = path.join(out, 'feb30.pdf');
    expectOneLineRefusal(runCli(['report', 'daily', '--db', s.dbPath, '--date', '2026-02-30', '--out', file]), /--date "2026-02-30" is not a date: give it as YYYY-MM-DD/);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses search --from 2026-13-45, and any impossible day or time, with one line', () => {
    expectOneLineRefusal(runCli(['search', '--db', s.dbPath, '--from', '2026-13-45']), /search: --from "2026-13-45" is not a date/);
    expectOneLineRefusal(runCli(['search', '--db', s.dbPath, '--to', '2026-02-29']), /search: --to "2026-02-29" is not a date/);
    expectOneLineRefusal(runCli(['search', '--db', s.dbPath, '--from', '2026-03-14T24:00:00Z']), /search: --from "2026-03-14T24:00:00Z" is not a date/);
    expectOneLineRefusal(runCli(['search', '--db', s.dbPath, '--from', 'yesterday']), /search: --from "yesterday" is not a date/);
    expectOneLineRefusal(runCli(['search', '--db', s.dbPath, '--from', '2026-03-15', '--to', '2026-03-14']), /search: --from 2026-03-15 is not before --to 2026-03-14/);
  });

  it('refuses export --from 2026-02-29 (2026 is no leap year) and takes 2024-02-29', () => {
    expectOneLineRefusal(runCli(['export', '--db', s.dbPath, '--from', '2026-02-29', '--to', '2026-03-14', '--out', path.join(out, 'x.jsonl')]), /export: --from "2026-02-29" is not a date/);
    const leap = runCli(['export', '--db', s.dbPath, '--from', '2024-02-29', '--to', '2024-02-29', '--out', path.join(out, 'leap.jsonl')]);
    expect(leap.stderr).toBe('');
    expect(leap.status).toBe(0);
  });

  it('reads a search day as the local day, as the daily log does', () => {
    const found = runCli(['search', '--db', s.dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--limit', '500']);
    expect(found.stderr).toBe('');
    expect(found.status).toBe(0);
    const ids = found.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { custodyId?: string }).custodyId);
    expect(ids).toEqual(expect.arrayContaining([s.custodyId, s.letterId, s.parcelId]));
    const dayBefore = runCli(['search', '--db', s.dbPath, '--to', '2026-03-13']);
    expect(dayBefore.stdout).toBe(`${JSON.stringify({ nextCursor: null })}\n`);
  });
});

/** serve wants built screens; a page is enough here. */
function builtScreens(): string {
  const dir = tempDir('mailscreen-epipe-screens-');
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Mailscreen</title>');
  return dir;
}

describe('a reader that goes away ends the command quietly', () => {
  it.each([
    ['history', () => ['history', '--db', s.dbPath]],
    ['history --item', () => ['history', '--db', s.dbPath, '--item', 'RB123456785GB']],
    ['search', () => ['search', '--db', s.dbPath]],
    ['verify', () => ['verify', '--db', s.dbPath]],
    ['verify --help', () => ['verify', '--help']],
    ['tracking', () => ['tracking', '1Z5R89390357567127']],
    ['decode', () => ['decode', 'mt-sics', 'S S     100.00 g']],
    ['serve (closes the station it cannot announce)', () => ['serve', '--demo', '--port', '0', '--renderer', builtScreens(), '--data', tempDir('mailscreen-epipe-serve-')]],
  ])('%s: exit 0, no stack', (_name, args) => {
    const result = runWithReaderGone(args());
    expect(result.stderr).toBe('exit 0\n');
    expect(result.status).toBe(0);
  });
});

describe('every --item takes a custody ID, a tracking number or the scanned code', () => {
  const custodyForm = (item: string, name: string) => {
    const file = path.join(out, `${name}.pdf`);
    return { file, result: runCli(['report', 'custody', '--db', s.dbPath, '--item', item, '--out', file]) };
  };

  it('report custody takes the tracking number history takes', () => {
    const history = runCli(['history', '--db', s.dbPath, '--item', 'RB123456785GB']);
    expect(history.status).toBe(0);
    expect(history.stdout).toContain(s.custodyId);
    const { file, result } = custodyForm('RB123456785GB', 'by-tracking');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ fileName: `custody-${s.custodyId}.pdf` });
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('report custody and history take a custody ID typed loosely and a tracking number typed with spaces', () => {
    const loose = s.custodyId.replaceAll('-', ' ').toLowerCase();
    expect(custodyForm(loose, 'loose').result.status).toBe(0);
    expect(custodyForm('rb 123 456 785 gb', 'spaced').result.status).toBe(0);
    const history = runCli(['history', '--db', s.dbPath, '--item', loose]);
    expect(history.status).toBe(0);
    expect(history.stdout.trimEnd().split('\n').every((line) => (JSON.parse(line) as { subjectId: string }).subjectId === s.custodyId)).toBe(true);
  });

  it('both refuse an item nobody took in with the same one-line answer', () => {
    const unknown = '1Z999AA10123456784';
    expectOneLineRefusal(custodyForm(unknown, 'unknown').result, /report custody: no item has custody ID or tracking number "1Z999AA10123456784"; --item takes a custody ID/);
    expectOneLineRefusal(runCli(['history', '--db', s.dbPath, '--item', unknown]), /history: no item has custody ID or tracking number "1Z999AA10123456784"; --item takes a custody ID/);
  });
});
