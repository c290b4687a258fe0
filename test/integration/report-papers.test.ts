import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportService, type Requester } from '../../src/main/reports/index.ts';
import { reportSources } from '../../src/main/core/reportSources.ts';
import { buildScenario, REPORT_DATE, type Scenario } from '../fixtures/reports/scenario.ts';
import { tempDir } from '../helpers/station.ts';

let s: Scenario;
let reports: ReportService;
const by: Requester = { actor: 'operator:test', name: 'Cora Coordinator (COORD-CORA)' };
const out = tempDir('mailscreen-papers-');

/** The PDF's text as poppler reads it, page by page (pdfkit's output is compressed and glyph-encoded). */
function pdfPages(pdf: Buffer, name: string): string[] {
  const file = path.join(out, name);
  writeFileSync(file, pdf);
  if (process.env.REPORT_KEEP) writeFileSync(path.join(process.env.REPORT_KEEP, name), pdf);
  const result = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  // Table cells wrap: words are compared with the line breaks inside a cell folded to spaces.
  return result.stdout
    .split('\f')
    .filter((p) => p.trim() !== '')
    .map((p) => p.replace(/\s+/g, ' '));
}

function headOf(): { seq: number; hash: string } {
  return s.station.store.db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
}

beforeAll(async () => {
  s = await buildScenario();
  reports = new ReportService(reportSources(s.station.workflow), s.station.incidents);
}, 60_000);
afterAll(() => s?.station.close());

describe('papers from real records', () => {
  it('the incident report carries the timeline, the people, the notifications, the custody chain and the chain head', async () => {
    const head = headOf();
    const file = await reports.incidentReport(s.incidentId, by);
    expect(file.fileName).toBe(`${s.incidentNumber}-incident-report.pdf`);
    const pages = pdfPages(file.bytes, file.fileName);
    const text = pages.join('\n');
    for (const expected of [
      `Incident report ${s.incidentNumber}`,
      'Riverside Mail Center — Bldg 4',
      'Suspicious powder or substance',
      'Hoax',
      'LAB-2026-042',
      'Zoë Ørsted',
      'Łukasz Wróbel',
      'José Núñez (visitor)',
      'CAD-2211',
      'USPIS-77-4410',
      'County HazMat',
      'Lt. Ortiz, FF Nguyễn',
      'Screening bench 2, room B-104',
      'Chief Financial Officer, Riverside Holdings, 4 River St',
      'I saw Zoë set the envelope down on bench 2.',
      'SEAL-0001',
      'Hand-over to responders',
      'Refresher on the powder protocol for all screeners.',
      '16 of 16 acknowledged',
      'Cora Coordinator, second signature Łukasz Wróbel',
      'Opened before judged suspect',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Names, not operator ids.
    expect(text).not.toMatch(/op-[0-9a-f]{6}|operator:/);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain(`Audit chain head at generation: seq ${head.seq} · SHA-256 ${head.hash}`);
      expect(page).not.toContain('DRILL');
    });
    expect(s.station.store.audit.eventsFor('incident', s.incidentNumber).at(-1)).toMatchObject({ kind: 'report.generated', payload: { report: 'incident', sha256: file.sha256, chainHeadSeq: head.seq } });
  });

  it('a drill report says DRILL on every page', async () => {
    const file = await reports.incidentReport(s.drillIncidentId, by);
    const pages = pdfPages(file.bytes, file.fileName);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('DRILL');
    expect(pages[0]).toContain('DRILL — EXERCISE ONLY. NOT A REAL INCIDENT.');
  });

  it('the custody form: ID, incident, description, collector, seals, recorded transfers and signature rows', async () => {
    const file = await reports.custodyForm(s.custodyId, by);
    expect(file.fileName).toBe(`custody-${s.custodyId}.pdf`);
    const text = pdfPages(file.bytes, file.fileName).join('\n');
    for (const expected of [
      'CHAIN OF CUSTODY — EVIDENCE',
      s.custodyId,
      s.incidentNumber,
      'SUSPECT — DO NOT OPEN',
      'RB123456785GB',
      'Screening bench 2, room B-104',
      'Collector',
      'SEAL-0001, SEAL-0002',
      'Lt. Ortiz, County HazMat (badge HM-77)',
      'Hand-over to responders for lab analysis',
      'Released by (print)',
      'Received by (print)',
      'Seal intact Y / N',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('the daily log PDF says it holds live records only, with the counts', async () => {
    const file = await reports.dailyLog(REPORT_DATE, 'pdf', by);
    const text = pdfPages(file.bytes, file.fileName).join('\n');
    expect(text).toContain('Live records only: drill and demo records are excluded from this log.');
    expect(text).toMatch(/Zoë Ørsted 2 1 1 1/);
    expect(text).toMatch(/Łukasz Wróbel 1 0 0 0/);
    expect(text).toContain(s.letterId);
    expect(text).not.toContain(s.drillItemId);
    expect(text).not.toContain(s.demoItemId);
    const training = await reports.dailyLog(REPORT_DATE, 'pdf', by, { mode: 'training' });
    const trainingText = pdfPages(training.bytes, training.fileName).join('\n');
    expect(trainingText).toContain('TRAINING LOG');
    expect(trainingText).toContain(s.demoItemId);
  });
});
