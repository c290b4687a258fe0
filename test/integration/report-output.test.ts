// Where `report` and `export` may write: never over the evidence database or its journal files,
// never into the station's data folder, never through a symlink; the file is complete before its
// audit event is committed, and the event carries the SHA-256 of exactly the file written.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReportsOnFile } from '../../src/main/core/reportsOnFile.ts';
import { buildScenario, REPORT_DATE, type Scenario } from '../fixtures/reports/scenario.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';

let s: Scenario;
/** A data folder laid out as the station keeps it: the database beside its image store and SOP folders. */
let dataDir: string;
let dbPath: string;
/** Somewhere else: where reports belong. */
let elsewhere: string;

beforeAll(async () => {
  s = await buildScenario();
  s.station.close();
  dataDir = path.join(tempDir('mailscreen-report-out-'), 'data');
  mkdirSync(path.join(dataDir, 'xray-images'), { recursive: true });
  mkdirSync(path.join(dataDir, 'sop'));
  dbPath = path.join(dataDir, 'mailscreen.sqlite');
  copyFileSync(s.dbPath, dbPath);
  elsewhere = tempDir('mailscreen-report-elsewhere-');
}, 120_000);

/** Several CLI runs per test, each a fresh Node process: generous on a busy machine, never asserted. */
const CLI_TIMEOUT = 300_000;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function auditEvents(): Array<{ seq: number; kind: string; payload: Record<string, unknown> }> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT seq, kind, payload FROM audit_events ORDER BY seq').all() as Array<{ seq: number; kind: string; payload: string }>).map((e) => ({ ...e, payload: JSON.parse(e.payload) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

/** The database is what it was: a SQLite file of the same size with no new event (and, once per test, its chain verifies). */
function expectDatabaseIntact(before: { size: number; events: number }, options: { verify?: boolean } = {}): void {
  expect(readFileSync(dbPath).subarray(0, 15).toString()).toBe('SQLite format 3');
  expect(statSync(dbPath).size).toBe(before.size);
  expect(auditEvents()).toHaveLength(before.events);
  if (options.verify === false) return;
  const verified = runCli(['verify', '--db', dbPath]);
  expect(verified.status, verified.stdout + verified.stderr).toBe(0);
}

function expectOneLineRefusal(result: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

const before = () => ({ size: statSync(dbPath).size, events: auditEvents().length });

describe('report and export --out', () => {
  it('refuse the database itself and its -wal, -shm and -journal, by any path to them', () => {
    const state = before();
    const linkToDb = path.join(elsewhere, 'link-to-db.pdf');
    symlinkSync(dbPath, linkToDb);
    const folderLink = path.join(elsewhere, 'data-link');
    symlinkSync(dataDir, folderLink);
    const hardLink = path.join(elsewhere, 'hard-link.jsonl');
    linkSync(dbPath, hardLink);
    const attempts: string[][] = [
      ['report', 'incident', '--db', dbPath, '--incident', s.incidentNumber, '--out', dbPath],
      ['report', 'custody', '--db', dbPath, '--item', s.custodyId, '--out', `${dbPath}-wal`],
      ['report', 'custody', '--db', dbPath, '--item', s.custodyId, '--out', `${dbPath}-journal`],
      ['export', '--db', dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', `${dbPath}-shm`],
      ['report', 'daily', '--db', dbPath, '--date', REPORT_DATE, '--out', linkToDb],
      // The folder is reached through a symlink: the parent is resolved before anything is compared.
      ['report', 'incident', '--db', dbPath, '--incident', s.incidentNumber, '--out', path.join(folderLink, 'mailscreen.sqlite')],
      ['export', '--db', dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', hardLink],
    ];
    for (const args of attempts) {
      expectOneLineRefusal(runCli(args), /^mailscreen: (report|export)\b.*--out/);
      expectDatabaseIntact(state, { verify: false });
    }
    expectDatabaseIntact(state);
    // The link is still the link it was; nothing replaced it.
    expect(readFileSync(linkToDb).subarray(0, 15).toString()).toBe('SQLite format 3');
  }, CLI_TIMEOUT);

  it('refuse any path inside the data folder: its image store, its SOP folder, its root', () => {
    const state = before();
    for (const out of [path.join(dataDir, 'xray-images', 'x.pdf'), path.join(dataDir, 'sop', 'daily.csv'), path.join(dataDir, 'new-report.pdf')]) {
      expectOneLineRefusal(runCli(['report', 'daily', '--db', dbPath, '--date', REPORT_DATE, '--out', out]), /inside the station's data folder/);
      expect(existsSync(out)).toBe(false);
      expectDatabaseIntact(state, { verify: false });
    }
    expectOneLineRefusal(runCli(['export', '--db', dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', path.join(dataDir, 'xray-images', 'e.jsonl')]), /inside the station's data folder/);
    expect(readdirSync(path.join(dataDir, 'xray-images'))).toEqual([]);
    expectDatabaseIntact(state);
  }, CLI_TIMEOUT);

  it('refuse a folder that does not exist, and an output that is a folder: one line, exit 2, no audit event', () => {
    const state = before();
    const missing = path.join(elsewhere, 'no-such-folder', 'daily.pdf');
    expectOneLineRefusal(runCli(['report', 'daily', '--db', dbPath, '--date', REPORT_DATE, '--out', missing]), /no-such-folder.*does not exist/);
    expectOneLineRefusal(runCli(['export', '--db', dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', path.join(elsewhere, 'no-such-folder', 'e.jsonl')]), /does not exist/);
    mkdirSync(path.join(elsewhere, 'a-folder.pdf'));
    expectOneLineRefusal(runCli(['report', 'daily', '--db', dbPath, '--date', REPORT_DATE, '--out', path.join(elsewhere, 'a-folder.pdf')]), /not a regular file/);
    expectDatabaseIntact(state);
  }, CLI_TIMEOUT);

  it('a report written elsewhere is on the record with the SHA-256 of the file as written, owner-only', () => {
    for (const [args, out, kind] of [
      [['report', 'daily', '--db', dbPath, '--date', REPORT_DATE], path.join(elsewhere, 'daily.pdf'), 'report.generated'],
      [['report', 'custody', '--db', dbPath, '--item', s.custodyId], path.join(elsewhere, 'custody.pdf'), 'report.generated'],
      [['export', '--db', dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE], path.join(elsewhere, 'export.jsonl'), 'audit.exported'],
    ] as const) {
      const result = runCli([...args, '--out', out]);
      expect(result.status, result.stderr).toBe(0);
      const written = readFileSync(out);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const event = auditEvents().at(-1)!;
      expect(event.kind).toBe(kind);
      expect(event.payload.sha256).toBe(sha256(written));
      expect(JSON.parse(result.stdout)).toMatchObject({ sha256: sha256(written) });
      // No temporary file is left beside it.
      expect(readdirSync(elsewhere).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
    // A second run replaces the older report of the same name.
    const again = runCli(['report', 'daily', '--db', dbPath, '--date', REPORT_DATE, '--out', path.join(elsewhere, 'daily.pdf')]);
    expect(again.status, again.stderr).toBe(0);
  }, CLI_TIMEOUT);

  it('a delivery that fails leaves no audit event (the service records only what was delivered)', async () => {
    const state = before();
    const opened = openReportsOnFile(dbPath);
    try {
      const failing = {
        deliver: () => {
          throw new Error('the disk is full');
        },
        withdraw: () => undefined,
      };
      const by = opened.requester(undefined);
      await expect(opened.reports.dailyLog(REPORT_DATE, 'pdf', by, { delivery: failing })).rejects.toThrow(/disk is full/);
      await expect(opened.reports.custodyForm(s.custodyId, by, failing)).rejects.toThrow(/disk is full/);
      expect(() => opened.reports.auditExport(REPORT_DATE, REPORT_DATE, by, failing)).toThrow(/disk is full/);
    } finally {
      opened.store.close();
    }
    expectDatabaseIntact(state);
  }, CLI_TIMEOUT);

  it('a written file is withdrawn when its audit event cannot be committed', async () => {
    const opened = openReportsOnFile(dbPath);
    const out = path.join(elsewhere, 'withdrawn.pdf');
    let withdrawn = false;
    try {
      // A trigger stands in for any failure to commit (a full disk, a broken store).
      opened.store.db.exec("CREATE TEMP TRIGGER refuse_reports BEFORE INSERT ON audit_events WHEN NEW.kind = 'report.generated' BEGIN SELECT RAISE(ABORT, 'no room'); END");
      const delivery = {
        deliver: (file: { bytes: Buffer }) => writeFileSync(out, file.bytes),
        withdraw: () => {
          withdrawn = true;
        },
      };
      await expect(opened.reports.dailyLog(REPORT_DATE, 'pdf', opened.requester(undefined), { delivery })).rejects.toThrow(/no room/);
      expect(withdrawn).toBe(true);
    } finally {
      opened.store.close();
    }
  }, CLI_TIMEOUT);
});
