import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScenario, REPORT_DATE, type Scenario } from '../fixtures/reports/scenario.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/station.ts';

let s: Scenario;
const out = tempDir('mailscreen-cli-reports-');

beforeAll(async () => {
  s = await buildScenario();
  // The CLI works on the file, as an admin would after the station has stopped.
  s.station.close();
}, 60_000);
afterAll(() => undefined);

const mode = (file: string) => statSync(file).mode & 0o777;

describe('the admin CLI: export, verify --export, report', () => {
  it('exports a period owner-only, verifies it with no database, and refuses a tampered copy', () => {
    const file = path.join(out, 'export.jsonl');
    const exported = runCli(['export', '--db', s.dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', file, '--by', 'ADMIN-1']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(mode(file)).toBe(0o600);
    const content = readFileSync(file, 'utf8');
    const rows = content.trimEnd().split('\n');
    const summary = JSON.parse(exported.stdout) as { events: number; headSeq: number };
    expect(rows).toHaveLength(summary.events + 1);

    const verified = runCli(['verify', '--export', file]);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toBe(`${JSON.stringify({ events: summary.events, ok: true, firstBadSeq: null })}\n`);

    const victim = JSON.parse(rows[5]!) as { seq: number; payload: Record<string, unknown> };
    victim.payload = { ...victim.payload, tampered: true };
    rows[5] = JSON.stringify(victim);
    const tampered = path.join(out, 'tampered.jsonl');
    writeFileSync(tampered, `${rows.join('\n')}\n`);
    const refused = runCli(['verify', '--export', tampered]);
    expect(refused.status).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({ events: 6, ok: false, firstBadSeq: victim.seq });

    // The export is itself on the record, by the operator named, and the database chain still holds.
    const history = runCli(['history', '--db', s.dbPath]).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; actor: string; payload: Record<string, unknown> });
    const event = history.findLast((e) => e.kind === 'audit.exported')!;
    expect(event.actor).toMatch(/^operator:/);
    expect(event.payload).toMatchObject({ from: REPORT_DATE, to: REPORT_DATE, events: summary.events });
    expect(runCli(['verify', '--db', s.dbPath]).status).toBe(0);
  });

  it('writes the incident report, the custody form and the daily log owner-only', () => {
    const incident = path.join(out, 'incident.pdf');
    const custody = path.join(out, 'custody.pdf');
    const dailyPdf = path.join(out, 'daily.pdf');
    const dailyCsv = path.join(out, 'daily.csv');
    for (const [args, file] of [
      [['report', 'incident', '--db', s.dbPath, '--incident', s.incidentNumber, '--out', incident], incident],
      [['report', 'custody', '--db', s.dbPath, '--item', s.custodyId, '--out', custody], custody],
      [['report', 'daily', '--db', s.dbPath, '--date', REPORT_DATE, '--out', dailyPdf], dailyPdf],
      [['report', 'daily', '--db', s.dbPath, '--date', REPORT_DATE, '--out', dailyCsv], dailyCsv],
    ] as const) {
      const result = runCli([...args]);
      expect(result.status, result.stderr).toBe(0);
      expect(mode(file)).toBe(0o600);
      expect(readFileSync(file).length).toBeGreaterThan(100);
    }
    expect(readFileSync(incident).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(dailyCsv, 'utf8')).toContain(s.letterId);
  });

  it('says what is wrong, exit 2', () => {
    expect(runCli(['report', 'incident', '--db', s.dbPath, '--incident', 'INC-1999-0001', '--out', path.join(out, 'x.pdf')])).toMatchObject({ status: 2, stderr: expect.stringMatching(/No incident numbered/) });
    expect(runCli(['report', 'daily', '--db', s.dbPath, '--date', REPORT_DATE, '--out', path.join(out, 'x.txt')])).toMatchObject({ status: 2, stderr: expect.stringMatching(/\.pdf or \.csv/) });
    expect(runCli(['export', '--db', s.dbPath, '--from', '2026-03-15', '--to', '2026-03-14', '--out', path.join(out, 'x.jsonl')])).toMatchObject({ status: 2 });
    expect(runCli(['export', '--db', s.dbPath, '--from', REPORT_DATE, '--to', REPORT_DATE, '--out', path.join(out, 'x.jsonl'), '--by', 'NOBODY'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/no operator has badge/) });
    expect(runCli(['verify', '--export', path.join(out, 'missing.jsonl')])).toMatchObject({ status: 2 });
  });
});
