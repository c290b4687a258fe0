import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/main/core/eventBus.ts';
import { WorkflowContext } from '../../src/main/core/workflowContext.ts';
import { ReportService, verifyAuditExport } from '../../src/main/reports/index.ts';
import { reportSources } from '../../src/main/core/reportSources.ts';
import { Store } from '../../src/main/store/index.ts';
import { tempDir } from '../helpers/station.ts';
import { uncatalogued } from '../helpers/auditEvents.ts';

let store: Store | undefined;
afterEach(() => store?.close());

/** The genesis event, then ten events a day on 12, 13 and 14 March 2026 (local time), then an export service on the same clock. */
function storeWithThreeDays() {
  let t = new Date(2026, 2, 12, 8, 0, 0).getTime();
  const clock = { now: () => new Date(t) };
  store = Store.open(path.join(tempDir(), 'station.sqlite'), clock.now);
  for (const day of [12, 13, 14]) {
    for (let i = 0; i < 10; i += 1) {
      t = new Date(2026, 2, day, 8 + i, 0, 0).getTime();
      store.transaction(() =>
        store!.audit.append(uncatalogued({ actor: 'operator:op-1', kind: 'item.received', subjectType: 'item', subjectId: `ITEM-${day}-${i}`, mode: 'live', payload: { n: i, name: 'Zoë' } })),
      );
    }
  }
  t = new Date(2026, 2, 15, 9, 0, 0).getTime();
  const ctx = new WorkflowContext(store, new EventBus(false), 'live', clock.now);
  return { store, reports: new ReportService(reportSources(ctx), () => { throw new Error('no incidents here'); }) };
}

const by = { actor: 'operator:op-admin', name: 'Ada Admin (ADMIN-1)' };
const lines = (content: string) => content.trimEnd().split('\n');

describe('audit export', () => {
  it('exports one day as JSON lines anchored on the event before it, and verifies on its own', () => {
    const { reports } = storeWithThreeDays();
    const file = reports.auditExport('2026-03-13', '2026-03-13', by);
    const content = file.bytes.toString('utf8');
    const rows = lines(content);
    expect(rows).toHaveLength(11);
    const events = rows.slice(0, 10).map((l) => JSON.parse(l) as { seq: number; hash: string; prevHash: string });
    expect(events.map((e) => e.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    const head = JSON.parse(rows[10]!) as { chainHead: { seq: number; hash: string }; anchor: { seq: number; hash: string }; events: number };
    expect(head).toMatchObject({ chainHead: { seq: 21, hash: events[9]!.hash }, anchor: { seq: 11, hash: events[0]!.prevHash }, events: 10, from: '2026-03-13', to: '2026-03-13' });
    expect(file.events).toBe(10);
    expect(verifyAuditExport(content)).toEqual({ events: 10, ok: true, firstBadSeq: null });
  });

  it('records every export as an audit event: who, the period, the count and the file hash', () => {
    const { store: s, reports } = storeWithThreeDays();
    const file = reports.auditExport('2026-03-12', '2026-03-13', by);
    const last = [...s.audit.events()].at(-1)!;
    expect(last).toMatchObject({
      seq: 32,
      kind: 'audit.exported',
      actor: 'operator:op-admin',
      subjectType: 'station',
      payload: { from: '2026-03-12', to: '2026-03-13', events: 21, firstSeq: 1, lastSeq: 21, sha256: createHash('sha256').update(file.bytes).digest('hex'), fileName: file.fileName },
    });
    expect(s.audit.verify()).toEqual({ events: 32, ok: true, firstBadSeq: null });
    // An export from the genesis is anchored on the genesis hash.
    expect(file.head.anchor).toEqual({ seq: 0, hash: '0'.repeat(64) });
  });

  it('an empty period exports only the head, anchored on the last event before it', () => {
    const { reports } = storeWithThreeDays();
    const file = reports.auditExport('2026-03-01', '2026-03-02', by);
    expect(lines(file.bytes.toString('utf8'))).toHaveLength(1);
    expect(file.head).toMatchObject({ events: 0, anchor: { seq: 0 }, chainHead: { seq: 0 } });
    expect(verifyAuditExport(file.bytes.toString('utf8'))).toEqual({ events: 0, ok: true, firstBadSeq: null });
  });

  it('names the first event that does not hold in a tampered export', () => {
    const { reports } = storeWithThreeDays();
    const content = reports.auditExport('2026-03-13', '2026-03-14', by).bytes.toString('utf8');
    const rows = lines(content);
    const tamper = (index: number, change: (e: Record<string, unknown>) => void) => {
      const copy = [...rows];
      const event = JSON.parse(copy[index]!) as Record<string, unknown>;
      change(event);
      copy[index] = JSON.stringify(event);
      return `${copy.join('\n')}\n`;
    };
    // Seq 16 is line 5 (the export starts at seq 12).
    expect(verifyAuditExport(tamper(4, (e) => ((e.payload as { name: string }).name = 'Zoe')))).toEqual({ events: 5, ok: false, firstBadSeq: 16 });
    expect(verifyAuditExport(tamper(4, (e) => (e.actor = 'operator:someone-else')))).toEqual({ events: 5, ok: false, firstBadSeq: 16 });
    // A line removed: the next one no longer links.
    expect(verifyAuditExport(`${rows.filter((_, i) => i !== 7).join('\n')}\n`)).toMatchObject({ ok: false, firstBadSeq: 20 });
    // The last events cut off: the head promises seq 31.
    expect(verifyAuditExport(`${[...rows.slice(0, 17), rows.at(-1)].join('\n')}\n`)).toEqual({ events: 17, ok: false, firstBadSeq: 29 });
    // The head line lost: nothing vouches for the end.
    expect(verifyAuditExport(`${rows.slice(0, -1).join('\n')}\n`)).toEqual({ events: 20, ok: false, firstBadSeq: 32 });
    // A line that is no longer JSON.
    const broken = [...rows];
    broken[2] = broken[2]!.slice(0, 40);
    expect(verifyAuditExport(`${broken.join('\n')}\n`)).toMatchObject({ ok: false, firstBadSeq: 14 });
  });

  it('refuses a period that ends before it starts', () => {
    const { reports } = storeWithThreeDays();
    expect(() => reports.auditExport('2026-03-14', '2026-03-13', by)).toThrow(/start on or before/);
  });
});
