// The console bench's query mix: the site console's own commands (SiteConsole, as `site serve`
// answers a screen: the console's role, one READ ONLY transaction per call, the answer mapped),
// each call next to its baseline in the same run: the very statements that command ran, sent bare
// through pg by the same role (no transaction, no mapping). The statements are taken from the
// console's own readers (consoleReads.ts) on a recording client, so the baseline cannot drift from
// the console's SQL.
import { writeFileSync } from 'node:fs';
import type pg from 'pg';
import type { ConsoleCommandName } from '../src/shared/contract/index.ts';
import { encodeCursor, readIncident, readIncidents, readItemHistory, readStations } from '../src/main/site/console/consoleReads.ts';
import { searchBinding, searchItems } from '../src/main/site/console/consoleSearch.ts';
import type { ConsoleConnection } from '../src/main/site/console/siteConsole.ts';
import { rng } from './seededRandom.ts';
import { percentile, ratio } from './stats.ts';

interface Statement {
  text: string;
  values: unknown[];
}

interface Case {
  command: ConsoleCommandName;
  args: Record<string, unknown>;
  statements: Statement[];
}

type Reader = (client: pg.ClientBase, args: never) => Promise<unknown>;
const READERS: Partial<Record<ConsoleCommandName, Reader>> = {
  'console.search': searchItems as Reader,
  'console.itemHistory': readItemHistory as Reader,
  'console.incidents': readIncidents as Reader,
  'console.incident': readIncident as Reader,
  'console.stations': ((client: pg.ClientBase) => readStations(client, new Date())) as Reader,
};

/** A client that notes each statement (text and values) and runs it. */
function recording(client: pg.Client, into: Statement[]): pg.ClientBase {
  const query = async (text: string, values?: unknown[]) => {
    into.push({ text, values: values ?? [] });
    return await client.query(text, values);
  };
  return { query } as unknown as pg.ClientBase;
}

export interface KindFigures {
  n: number;
  statements: number;
  consoleP50Ms: number;
  consoleP99Ms: number;
  bareP50Ms: number;
  bareP99Ms: number;
  p99VsBare: number;
  meanRows: number;
}

interface Item {
  station: string;
  custody_id: string;
  tracking_number: string | null;
  match_key: string | null;
  recipient: string | null;
  state: string | null;
  updated_at: string;
}

interface Incident {
  station: string;
  number: string;
  updated_at: string;
}

/** The mix: each kind a list of (command, arguments), from items and incidents drawn at random over every station. */
async function mix(admin: pg.ClientBase, stations: readonly string[], n: number): Promise<Record<string, Array<{ command: ConsoleCommandName; args: Record<string, unknown> }>>> {
  await admin.query('SELECT setseed(0.13)');
  const { rows: items } = await admin.query<Item>('SELECT station, custody_id, tracking_number, match_key, recipient, state, updated_at FROM site_items ORDER BY random() LIMIT $1', [n]);
  const { rows: incidents } = await admin.query<Incident>('SELECT station, number, updated_at FROM site_incidents ORDER BY random() LIMIT $1', [n]);
  const random = rng(9);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const times = <T>(make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
  const search = (args: Record<string, unknown>) => ({ command: 'console.search' as const, args });
  const incidentsPage = (args: Record<string, unknown>) => ({ command: 'console.incidents' as const, args });
  // A search's cursor is bound to its search (its filters): made for the arguments it pages.
  const itemCursor = (item: Item, args: Record<string, unknown> = {}) => encodeCursor({ updatedAt: item.updated_at, station: item.station, key: item.custody_id }, searchBinding(args));
  const incidentCursor = (incident: Incident) => encodeCursor({ updatedAt: incident.updated_at, station: incident.station, key: incident.number });
  const withRecipient = items.filter((item) => item.recipient !== null && /\p{L}{3}/u.test(item.recipient));
  const withState = items.filter((item) => item.state !== null);
  const firstLetters = (item: Item) => item.recipient!.match(/\p{L}{3,}/u)![0].slice(0, 3);
  return {
    'search: custody ID, every station': items.map((item) => search({ query: item.custody_id })),
    'search: custody ID, its station': items.map((item) => search({ query: item.custody_id, station: item.station })),
    'search: tracking number, every station': items.filter((item) => item.tracking_number).map((item) => search({ query: item.tracking_number })),
    'search: code as scanned (match key, lower case)': items.filter((item) => item.match_key).map((item) => search({ query: item.match_key!.toLowerCase() })),
    'search: unknown code': times((i) => search({ query: `NO-SUCH-CODE-${i}` })),
    'latest items, every station: first page': times(() => search({})),
    'latest items, every station: a deep page (keyset)': items.map((item) => search({ cursor: itemCursor(item) })),
    'latest items, one station: first page': times(() => search({ station: pick(stations) })),
    'latest items, one station: a deep page (keyset)': items.map((item) => search({ station: item.station, cursor: itemCursor(item, { station: item.station }) })),
    'latest items, one station: 200 a page': times(() => search({ station: pick(stations), limit: 200 })),
    // The station's filters across stations (site schema 13): a recipient's word by its first
    // letters, a state (one, or three merged), the day an item last changed, free text.
    'search: recipient, 3 letters of a word, every station': withRecipient.map((item) => search({ recipient: firstLetters(item) })),
    'search: recipient, 3 letters of a word, its station': withRecipient.map((item) => search({ recipient: firstLetters(item), station: item.station })),
    'search: recipient, two words, every station': withRecipient.map((item) => search({ recipient: item.recipient! })),
    'search: free text, a recipient word, every station': withRecipient.map((item) => search({ query: item.recipient!.split(' ').at(-1)! })),
    'search: a state, every station: first page': withState.map((item) => search({ states: [item.state!] })),
    'search: a state, every station: a deep page (keyset)': withState.map((item) => search({ states: [item.state!], cursor: itemCursor(item, { states: [item.state!] }) })),
    'search: a state, one station: first page': withState.map((item) => search({ states: [item.state!], station: item.station })),
    'search: three states merged, every station': times(() => search({ states: ['SUSPECT', 'RETURNED', 'QUARANTINED'] })),
    'search: changed on a day, every station': items.map((item) => search({ changedFrom: item.updated_at.slice(0, 10), changedTo: item.updated_at.slice(0, 10) })),
    'search: changed on a day, a state, one station': withState.map((item) => search({ changedFrom: item.updated_at.slice(0, 10), changedTo: item.updated_at.slice(0, 10), states: [item.state!], station: item.station })),
    'item history (item and its events)': items.map((item) => ({ command: 'console.itemHistory', args: { station: item.station, custodyId: item.custody_id } })),
    'incidents open, every station': times(() => incidentsPage({ open: true })),
    'incidents all, every station: first page': times(() => incidentsPage({})),
    'incidents all: a deep page (keyset)': incidents.map((incident) => incidentsPage({ cursor: incidentCursor(incident) })),
    'incidents, one station: a deep page (keyset)': incidents.map((incident) => incidentsPage({ station: incident.station, cursor: incidentCursor(incident) })),
    'incident (steps and events)': incidents.map((incident) => ({ command: 'console.incident', args: { station: incident.station, number: incident.number } })),
    'stations screen': times(() => ({ command: 'console.stations', args: {} })),
  };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function summary(ours: number[], theirs: number[], statements: number, rows: number): KindFigures {
  ours.sort((a, b) => a - b);
  theirs.sort((a, b) => a - b);
  return {
    n: ours.length,
    statements,
    consoleP50Ms: r3(percentile(ours, 50)),
    consoleP99Ms: r3(percentile(ours, 99)),
    bareP50Ms: r3(percentile(theirs, 50)),
    bareP99Ms: r3(percentile(theirs, 99)),
    p99VsBare: ratio(percentile(ours, 99), percentile(theirs, 99)),
    meanRows: Math.round((rows / Math.max(1, ours.length)) * 10) / 10,
  };
}

/**
 * Runs the mix `rounds` times (each kind's calls alternating which of console and bare goes
 * first, so neither warms the cache for the other); figures per round. With `plansFile`, the plans
 * (EXPLAIN ANALYZE, BUFFERS) of each kind's first call are written there.
 */
export async function consoleQueries(
  admin: pg.ClientBase,
  screen: ConsoleConnection,
  bare: pg.Client,
  stations: readonly string[],
  options: { n: number; rounds: number; plansFile?: string },
): Promise<Array<Record<string, KindFigures>>> {
  const kinds = await mix(admin, stations, options.n);
  const cases: Record<string, Case[]> = {};
  for (const [kind, list] of Object.entries(kinds)) {
    cases[kind] = [];
    for (const { command, args } of list) {
      const statements: Statement[] = [];
      await READERS[command]!(recording(bare, statements), args as never);
      cases[kind].push({ command, args, statements });
    }
  }
  if (options.plansFile) {
    const plans: string[] = [];
    for (const [kind, list] of Object.entries(cases)) {
      const first = list[0];
      if (!first) continue;
      plans.push(`### ${kind}: ${first.command} ${JSON.stringify(first.args)}`);
      for (const statement of first.statements) {
        const { rows } = await bare.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
        plans.push(statement.text.replace(/\s+/g, ' ').trim(), ...rows.map((row) => row['QUERY PLAN']), '');
      }
    }
    writeFileSync(options.plansFile, `${plans.join('\n')}\n`);
  }
  const rounds: Array<Record<string, KindFigures>> = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const figures: Record<string, KindFigures> = {};
    const everyConsole: number[] = [];
    const everyBare: number[] = [];
    for (const [kind, list] of Object.entries(cases)) {
      const ours: number[] = [];
      const theirs: number[] = [];
      let rows = 0;
      const viaConsole = async (c: Case) => {
        const t0 = performance.now();
        const answer = await screen.call(c.command, c.args);
        ours.push(performance.now() - t0);
        if (!answer.ok) throw new Error(`${c.command} ${JSON.stringify(c.args)} was refused: ${answer.error.code} ${answer.error.message}`);
        const value = answer.value as { items?: unknown[]; incidents?: unknown[]; events?: unknown[]; stations?: unknown[] };
        rows += (value.items ?? value.incidents ?? value.stations ?? []).length + (value.events?.length ?? 0);
      };
      const viaBare = async (c: Case) => {
        const t0 = performance.now();
        for (const statement of c.statements) await bare.query(statement.text, statement.values);
        theirs.push(performance.now() - t0);
      };
      for (const [i, c] of list.entries()) {
        if ((i + round) % 2 === 0) {
          await viaConsole(c);
          await viaBare(c);
        } else {
          await viaBare(c);
          await viaConsole(c);
        }
      }
      everyConsole.push(...ours);
      everyBare.push(...theirs);
      figures[kind] = summary(ours, theirs, list[0]?.statements.length ?? 0, rows);
      process.stderr.write(`${JSON.stringify({ round: round + 1, kind, ...figures[kind] })}\n`);
    }
    figures['the whole mix'] = summary(everyConsole, everyBare, 0, 0);
    process.stderr.write(`${JSON.stringify({ round: round + 1, kind: 'the whole mix', ...figures['the whole mix'] })}\n`);
    rounds.push(figures);
  }
  return rounds;
}
