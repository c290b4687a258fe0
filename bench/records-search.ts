// The records bench's search mix: what a records clerk types, each kind timed through the records
// service (ours) and as the bare SQL of the same shape on the same indexes (bare), query by query
// in alternating order, so neither side warms the cache for the other. Per kind p50/p99, and overall.
import type Database from 'better-sqlite3';
import { ItemSearchService, type ItemSearch } from '../src/main/records/index.ts';
import type { SearchReadModel } from '../src/main/store/index.ts';
import type { GeneratedStore } from './generate-store.ts';
import { percentile, ratio } from './stats.ts';

export const SEARCH_KINDS = ['tracking', 'custody', 'recipient', 'range', 'state', 'statesRange', 'freeText', 'latest'] as const;
type Kind = (typeof SEARCH_KINDS)[number];

interface Figures {
  n: number;
  p50Ms: number;
  p99Ms: number;
  /** The same from the process's CPU time: what the query cost, without the time another process held the core. */
  cpuP50Ms: number;
  cpuP99Ms: number;
}

const PAGE = 50;
const COLS = `items.custody_id, items.tracking_number, items.carrier, items.scanned_code, items.symbology, items.state, items.mode,
  items.received_at, items.updated_at, items.received_by, items.item_type, items.recipient, incidents.number AS incident_number`;
const FROM = 'FROM items LEFT JOIN incidents ON incidents.id = items.incident_id';
const NEWEST = 'ORDER BY items.received_at DESC, items.custody_id DESC';
/** The recipient page, read off the index newest rowid first, plus the items recorded out of time order. */
const RECIPIENT_ARMS = `SELECT rowid FROM (SELECT rowid FROM items_recipient_fts WHERE items_recipient_fts MATCH ?
      AND rowid NOT IN (SELECT item_rowid FROM items_received_late) ORDER BY rowid DESC LIMIT ${PAGE + 1})
    UNION ALL SELECT rowid FROM items_late_recipient_fts WHERE items_late_recipient_fts MATCH ?`;

/** The bare SQL of each kind: the shape the search read model runs, written out by hand. */
function bareStatements(bare: Database.Database) {
  const one = (where: string) => bare.prepare(`SELECT ${COLS} ${FROM} ${where} ${NEWEST} LIMIT ${PAGE + 1}`);
  const perState = `SELECT * FROM (SELECT ${COLS} ${FROM} WHERE items.state = ? AND items.received_at >= ? AND items.received_at < ? ${NEWEST} LIMIT ${PAGE + 1})`;
  return {
    tracking: one('WHERE (items.tracking_number = ? OR items.match_key = ?)'),
    custody: one('WHERE items.custody_id = ?'),
    recipient: one(`WHERE items.rowid IN (${RECIPIENT_ARMS})`),
    range: one('WHERE items.received_at >= ? AND items.received_at < ?'),
    state: one('WHERE items.state = ?'),
    statesRange: bare.prepare(`SELECT * FROM (${perState} UNION ALL ${perState}) ORDER BY received_at DESC, custody_id DESC LIMIT ${PAGE + 1}`),
    freeText: one(`WHERE items.rowid IN (${RECIPIENT_ARMS} UNION ALL SELECT rowid FROM items WHERE tracking_number = ? UNION ALL SELECT rowid FROM items WHERE match_key = ?)`),
    latest: one(''),
  };
}

export async function searchBench(gen: GeneratedStore, read: SearchReadModel, bare: Database.Database, queries: number) {
  const search = new ItemSearchService(read);
  const q = bareStatements(bare);
  const s = gen.samples;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const week = (i: number) => {
    const start = new Date(new Date(`${gen.firstDay}T00:00:00Z`).getTime() + ((i * 37) % 700) * 86_400_000);
    const end = new Date(start.getTime() + 6 * 86_400_000);
    // The service reads a "to" day as the whole day: before the next midnight.
    return { from: day(start), to: day(end), fromAt: start.toISOString(), beforeAt: new Date(end.getTime() + 86_400_000).toISOString() };
  };
  const words = (text: string) => `"${text.normalize('NFKC')}"*`;
  const mix: Array<{ kind: Kind; ours: ItemSearch; bare: () => unknown }> = Array.from({ length: queries }, (_, i) => {
    const kind = SEARCH_KINDS[i % SEARCH_KINDS.length]!;
    const pick = <T>(xs: T[]) => xs[Math.floor(i / SEARCH_KINDS.length) % xs.length]!;
    const w = week(i);
    switch (kind) {
      case 'tracking': {
        const code = pick(s.trackingNumbers);
        return { kind, ours: { trackingNumber: code, limit: PAGE }, bare: () => q.tracking.all(code, code) };
      }
      case 'custody': {
        const id = pick(s.custodyIds);
        return { kind, ours: { custodyId: id.replaceAll('-', '').toLowerCase(), limit: PAGE }, bare: () => q.custody.all(id) };
      }
      case 'recipient': {
        const prefix = pick(s.surnames).slice(0, 5);
        return { kind, ours: { recipient: prefix, limit: PAGE }, bare: () => q.recipient.all(words(prefix), words(prefix)) };
      }
      case 'range':
        return { kind, ours: { from: w.from, to: w.to, limit: PAGE }, bare: () => q.range.all(w.fromAt, w.beforeAt) };
      case 'state':
        return { kind, ours: { states: ['QUARANTINED'], limit: PAGE }, bare: () => q.state.all('QUARANTINED') };
      case 'statesRange':
        return { kind, ours: { states: ['DELIVERED', 'RETURNED'], from: w.from, to: w.to, limit: PAGE }, bare: () => q.statesRange.all('DELIVERED', w.fromAt, w.beforeAt, 'RETURNED', w.fromAt, w.beforeAt) };
      case 'freeText': {
        const text = pick(s.surnames).slice(0, 4);
        return { kind, ours: { query: text, limit: PAGE }, bare: () => q.freeText.all(words(text), words(text), text.toUpperCase(), text.toUpperCase()) };
      }
      case 'latest':
        return { kind, ours: { limit: PAGE }, bare: () => q.latest.all() };
    }
  });

  type Sample = { ms: number; cpuMs: number };
  const times = { ours: new Map<Kind, Sample[]>(), bare: new Map<Kind, Sample[]>() };
  const all = { ours: [] as Sample[], bare: [] as Sample[] };
  const time = (side: 'ours' | 'bare', kind: Kind, work: () => unknown) => {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    work();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const sample = { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
    (times[side].get(kind) ?? times[side].set(kind, []).get(kind)!).push(sample);
    all[side].push(sample);
  };
  const started = process.hrtime.bigint();
  for (let i = 0; i < mix.length; i += 1) {
    const { kind, ours, bare: bareQuery } = mix[i]!;
    const sides: Array<'ours' | 'bare'> = i % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
    for (const side of sides) time(side, kind, side === 'ours' ? () => search.search(ours) : bareQuery);
    await Promise.resolve();
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const oursTotal = all.ours.reduce((a, b) => a + b.ms, 0);
  const bareTotal = all.bare.reduce((a, b) => a + b.ms, 0);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  const summary = (xs: Sample[]): Figures => {
    const wall = xs.map((x) => x.ms).sort((a, b) => a - b);
    const cpu = xs.map((x) => x.cpuMs).sort((a, b) => a - b);
    return { n: xs.length, p50Ms: r3(percentile(wall, 50)), p99Ms: r3(percentile(wall, 99)), cpuP50Ms: r3(percentile(cpu, 50)), cpuP99Ms: r3(percentile(cpu, 99)) };
  };
  const perKind = Object.fromEntries(
    SEARCH_KINDS.map((kind) => {
      const ours = summary(times.ours.get(kind) ?? []);
      const bareFigures = summary(times.bare.get(kind) ?? []);
      return [kind, { ours, bare: bareFigures, ratioP50: ratio(ours.p50Ms, bareFigures.p50Ms), ratioP99: ratio(ours.p99Ms, bareFigures.p99Ms), ratioCpuP99: ratio(ours.cpuP99Ms, bareFigures.cpuP99Ms) }];
    }),
  );
  const ours = { ...summary(all.ours), perSecond: Math.round((all.ours.length / oursTotal) * 1000) };
  const bareAll = { ...summary(all.bare), perSecond: Math.round((all.bare.length / bareTotal) * 1000) };
  return { ours, bare: bareAll, perKind, wallMs: Math.round(totalMs) };
}
