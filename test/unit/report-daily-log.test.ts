import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/main/reports/csv.ts';
import { collectDailyLog } from '../../src/main/reports/dailyLog.ts';
import { ReportService } from '../../src/main/reports/index.ts';
import { reportSources } from '../../src/main/core/reportSources.ts';
import { buildScenario, REPORT_DATE, type Scenario } from '../fixtures/reports/scenario.ts';

let s: Scenario;
beforeAll(async () => {
  s = await buildScenario();
}, 60_000);
afterAll(() => s?.station.close());

const by = { actor: 'operator:test', name: 'Cora Coordinator (COORD-CORA)' };

describe('RFC 4180 CSV', () => {
  it('quotes only what needs it, doubles quotes, ends every record with CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(toCsv([['a', 1], ['b,c', null]])).toBe('a,1\r\n"b,c",\r\n');
  });
});

describe('daily screening log', () => {
  it('counts live records by operator and carrier; drill and demo records stay out', () => {
    const log = collectDailyLog(s.station.store.reader.dailyLog, { date: REPORT_DATE, station: s.station.store.stationId, includeDemo: false });
    expect(log.totals).toEqual({ received: 3, cleared: 1, suspect: 1, quarantined: 1, voided: 0 });
    const ops = Object.fromEntries(log.byOperator.map((o) => [o.actor, o.counts]));
    const zoe = s.station.store.operators.byBadge('SCR-ZOE')!.id;
    const lukasz = s.station.store.operators.byBadge('SCR-LUK')!.id;
    expect(ops).toEqual({
      [`operator:${zoe}`]: { received: 2, cleared: 1, suspect: 1, quarantined: 1, voided: 0 },
      [`operator:${lukasz}`]: { received: 1, cleared: 0, suspect: 0, quarantined: 0, voided: 0 },
    });
    expect(log.byCarrier).toEqual([
      { carrier: 's10', counts: { received: 1, cleared: 0, suspect: 1, quarantined: 1, voided: 0 } },
      { carrier: 'ups', counts: { received: 1, cleared: 0, suspect: 0, quarantined: 0, voided: 0 } },
      { carrier: 'usps', counts: { received: 1, cleared: 1, suspect: 0, quarantined: 0, voided: 0 } },
    ]);
    const ids = log.items.map((i) => i.custodyId);
    expect(ids).toEqual([s.letterId, s.parcelId, s.custodyId]);
    expect(ids).not.toContain(s.drillItemId);
    expect(ids).not.toContain(s.demoItemId);
  });

  it('a training log adds the demo records, still without the drill', () => {
    const log = collectDailyLog(s.station.store.reader.dailyLog, { date: REPORT_DATE, station: s.station.store.stationId, includeDemo: true });
    expect(log.items.map((i) => i.custodyId)).toEqual([s.letterId, s.parcelId, s.custodyId, s.demoItemId]);
    expect(log.totals.received).toBe(4);
  });

  it('reads one day through the time index, not every item event ever recorded', () => {
    const plans: string[] = [];
    const db = s.station.store.db;
    const prepare = db.prepare.bind(db);
    const spy = (sql: string) => {
      if (sql.includes('FROM audit_events e')) {
        const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
        plans.push(...(prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail));
      }
      return prepare(sql);
    };
    (db as unknown as { prepare: typeof spy }).prepare = spy;
    try {
      collectDailyLog(s.station.store.reader.dailyLog, { date: REPORT_DATE, station: s.station.store.stationId, includeDemo: false });
    } finally {
      (db as unknown as { prepare: typeof prepare }).prepare = prepare;
    }
    expect(plans.join('\n')).toMatch(/SEARCH e USING INDEX audit_events_at/);
  });

  it('another day is empty', () => {
    const log = collectDailyLog(s.station.store.reader.dailyLog, { date: '2026-03-15', station: s.station.store.stationId, includeDemo: true });
    expect(log.items).toEqual([]);
  });

  it('writes the CSV exactly: one row per item, who did each counted step', async () => {
    const reports = new ReportService(reportSources(s.station.workflow), s.station.incidents);
    const file = await reports.dailyLog(REPORT_DATE, 'csv', by);
    expect(file).toMatchObject({ fileName: `daily-log-${REPORT_DATE}.csv`, mimeType: 'text/csv' });
    const events = (id: string, kind: string) => s.station.store.audit.eventsFor('item', id).find((e) => e.kind === kind)!.at;
    const st = s.station.store.stationId;
    const expected =
      'date,station,custody_id,mode,carrier,tracking_number,item_type,recipient,state_now,incident_number,received_at,received_by,cleared_at,cleared_by,suspect_at,suspect_by,quarantined_at,quarantined_by,voided_at,voided_by\r\n' +
      `${REPORT_DATE},${st},${s.letterId},live,usps,9400111206206406260787,letter,"Payroll, 3rd floor",CLEARED,,${events(s.letterId, 'item.received')},Zoë Ørsted,${events(s.letterId, 'item.cleared')},Zoë Ørsted,,,,,,\r\n` +
      `${REPORT_DATE},${st},${s.parcelId},live,ups,1Z5R89390357567127,parcel,"Dr. Émile Zola\nLab 2",RECEIVED,,${events(s.parcelId, 'item.received')},Łukasz Wróbel,,,,,,,,\r\n` +
      `${REPORT_DATE},${st},${s.custodyId},live,s10,RB123456785GB,letter,Chief Financial Officer,HANDED_OVER,${s.incidentNumber},${events(s.custodyId, 'item.received')},Zoë Ørsted,,,${events(s.custodyId, 'item.markedSuspect')},Zoë Ørsted,${events(s.custodyId, 'custody.quarantined')},Zoë Ørsted,,\r\n`;
    // Since issue 12 the file starts with UTF-8's byte-order mark, so spreadsheets read the names as written.
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.bytes.subarray(3).toString('utf8')).toBe(expected);
    const generated = [...s.station.store.audit.events()].at(-1)!;
    expect(generated).toMatchObject({ kind: 'report.generated', actor: 'operator:test', payload: { report: 'dailyLog', format: 'csv', sha256: file.sha256, items: 3 } });
  });
});
