import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { Role, TrainingKind } from '../../../shared/contract/index.ts';
import type { RosterChange, RosterOperator, SiteRoster } from '../roster.ts';
import { sitePool, withPooledClient } from './siteConnection.ts';

/** A roster change the site's rules refuse (an unknown badge, a badge taken): the admin can act on it. */
export class RosterRefused extends Error {
  override name = 'RosterRefused';
}

interface RosterRow {
  seq: string;
  at: Date;
  by_role: string;
  station: string | null;
  station_seq: string | null;
  /** Site schema 12: a lockout at the console (no station). Absent before it. */
  at_console?: boolean;
  operator_id: string;
  change: string;
  pin_salt: string | null;
  pin_hash: string | null;
  body: Record<string, unknown>;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A row as a change; `unreadable` for one this version does not know (a newer Mailscreen wrote it). */
export function rosterChangeOf(row: RosterRow): RosterChange {
  return knownChange(row) ?? { seq: Number(row.seq), at: row.at.toISOString(), by: row.by_role, change: 'unreadable', kind: row.change };
}

function knownChange(row: RosterRow): RosterChange | null {
  const base = { seq: Number(row.seq), at: row.at.toISOString(), by: row.by_role };
  const b = row.body;
  switch (row.change) {
    case 'operator': {
      const role = Role.safeParse(b.role);
      if (!role.success || row.pin_salt === null || row.pin_hash === null) return null;
      return { ...base, change: 'operator', operator: { id: row.operator_id, badge: str(b.badge), name: str(b.name), role: role.data, pinSalt: row.pin_salt, pinHash: row.pin_hash, active: b.active === true } };
    }
    case 'lockedOut':
      return { ...base, change: 'lockedOut', operatorId: row.operator_id, station: row.station, atConsole: row.at_console === true, stationSeq: row.station_seq === null ? null : Number(row.station_seq), lockedUntil: str(b.lockedUntil) };
    case 'unlocked':
      return { ...base, change: 'unlocked', operatorId: row.operator_id };
    case 'training': {
      const kind = TrainingKind.safeParse(b.kind);
      if (!kind.success) return null;
      return { ...base, change: 'training', operatorId: row.operator_id, training: { kind: kind.data, completedOn: str(b.completedOn), expiresOn: str(b.expiresOn), trainer: typeof b.trainer === 'string' ? b.trainer : null } };
    }
    default:
      return null;
  }
}

/** Roster changes after `seq` (a station's role, a console's or the admin's may ask). */
export async function rosterChangesAfter(client: pg.ClientBase, seq: number, limit: number): Promise<RosterChange[]> {
  const { rows } = await client.query<RosterRow>('SELECT * FROM site_roster WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
  return rows.map(rosterChangeOf);
}

/** The roster now, one line per operator: their last state, and their lock if it has not ended. */
export interface RosterEntry extends Omit<RosterOperator, 'pinSalt' | 'pinHash'> {
  lockedUntil: string | null;
  lastChange: number;
}

export async function rosterNow(client: pg.ClientBase, now = new Date()): Promise<RosterEntry[]> {
  const entries = new Map<string, RosterEntry>();
  const pinHashes = new Map<string, string>();
  for (let after = 0; ; ) {
    const changes = await rosterChangesAfter(client, after, 5000);
    if (changes.length === 0) break;
    for (const change of changes) {
      after = change.seq;
      if (change.change === 'operator') {
        const { pinSalt: _salt, pinHash, ...operator } = change.operator;
        // A new PIN lifts a lock, as at the stations (and at the console); another change does not.
        const lockedUntil = pinHashes.get(operator.id) === pinHash ? (entries.get(operator.id)?.lockedUntil ?? null) : null;
        pinHashes.set(operator.id, pinHash);
        entries.set(operator.id, { ...operator, lockedUntil, lastChange: change.seq });
        continue;
      }
      if (change.change === 'unreadable') continue;
      const entry = entries.get(change.operatorId);
      if (!entry) continue;
      entry.lastChange = change.seq;
      if (change.change === 'lockedOut' && (!entry.lockedUntil || entry.lockedUntil < change.lockedUntil)) entry.lockedUntil = change.lockedUntil;
      if (change.change === 'unlocked') entry.lockedUntil = null;
    }
  }
  return [...entries.values()].map((entry) => ({ ...entry, lockedUntil: entry.lockedUntil && new Date(entry.lockedUntil) > now ? entry.lockedUntil : null })).sort((a, b) => a.name.localeCompare(b.name));
}

async function lastOperator(client: pg.ClientBase, badge: string): Promise<RosterOperator | null> {
  const { rows } = await client.query<RosterRow>("SELECT * FROM site_roster WHERE change = 'operator' AND body->>'badge' = $1 ORDER BY seq DESC LIMIT 1", [badge]);
  const change = rows[0] ? rosterChangeOf(rows[0]) : null;
  return change?.change === 'operator' ? change.operator : null;
}

/** The roster's operator with this badge, as the site holds them now; refused when there is none. */
export async function rosterOperator(client: pg.ClientBase, badge: string): Promise<RosterOperator> {
  const operator = await lastOperator(client, badge);
  if (!operator) throw new RosterRefused(`the site roster has no operator with badge ${JSON.stringify(badge.slice(0, 60))}: site roster list shows who it has`);
  return operator;
}

async function insertOperator(client: pg.ClientBase, operator: RosterOperator): Promise<number> {
  const body = { badge: operator.badge, name: operator.name, role: operator.role, active: operator.active };
  try {
    const { rows } = await client.query<{ seq: string }>("INSERT INTO site_roster (operator_id, change, pin_salt, pin_hash, body) VALUES ($1, 'operator', $2, $3, $4) RETURNING seq", [operator.id, operator.pinSalt, operator.pinHash, JSON.stringify(body)]);
    return Number(rows[0]!.seq);
  } catch (error) {
    if (/already belongs to another operator/.test((error as Error).message)) throw new RosterRefused(`badge ${operator.badge} already belongs to another operator of the site roster: each operator has a badge of their own`);
    throw error;
  }
}

/**
 * An operator new to the roster, or a station's operator taken into it with their id (so the
 * station's own row, records and events stay theirs: `site roster import`). The PIN arrives hashed.
 */
export async function addRosterOperator(client: pg.ClientBase, input: Omit<RosterOperator, 'id' | 'active'> & { id?: string; active?: boolean }): Promise<{ seq: number; operator: RosterOperator }> {
  if ((await lastOperator(client, input.badge)) !== null) throw new RosterRefused(`badge ${input.badge} is on the site roster already`);
  const operator: RosterOperator = { id: input.id ?? randomUUID(), badge: input.badge, name: input.name, role: input.role, pinSalt: input.pinSalt, pinHash: input.pinHash, active: input.active ?? true };
  return { seq: await insertOperator(client, operator), operator };
}

/** A new state for a roster operator, by badge: role, PIN (hashed), active. Badge and name stay as they were. */
export async function changeRosterOperator(client: pg.ClientBase, badge: string, change: Partial<Pick<RosterOperator, 'role' | 'active' | 'pinSalt' | 'pinHash'>>): Promise<{ seq: number; operator: RosterOperator }> {
  const current = await rosterOperator(client, badge);
  const operator: RosterOperator = { ...current, ...change };
  return { seq: await insertOperator(client, operator), operator };
}

export async function unlockRosterOperator(client: pg.ClientBase, badge: string): Promise<number> {
  const operator = await rosterOperator(client, badge);
  const { rows } = await client.query<{ seq: string }>("INSERT INTO site_roster (operator_id, change, body) VALUES ($1, 'unlocked', '{}') RETURNING seq", [operator.id]);
  return Number(rows[0]!.seq);
}

export async function recordRosterTraining(client: pg.ClientBase, badge: string, training: { kind: TrainingKind; completedOn: string; expiresOn: string; trainer: string | null }): Promise<number> {
  if (training.expiresOn < training.completedOn) throw new RosterRefused('the expiry date is before the completion date');
  const operator = await rosterOperator(client, badge);
  const { rows } = await client.query<{ seq: string }>("INSERT INTO site_roster (operator_id, change, body) VALUES ($1, 'training', $2) RETURNING seq", [operator.id, JSON.stringify(training)]);
  return Number(rows[0]!.seq);
}

/** The roster read by a station over its own connection (its role reads the roster, writes nothing in it). */
export class PostgresSiteRoster implements SiteRoster {
  readonly #pool: pg.Pool;
  readonly #connectionString: string;

  constructor(connectionString: string, options: { applicationName?: string } = {}) {
    this.#connectionString = connectionString;
    this.#pool = sitePool(connectionString, options.applicationName ?? 'mailscreen-station roster');
  }

  async changesAfter(seq: number, limit: number): Promise<RosterChange[]> {
    return await withPooledClient(this.#pool, this.#connectionString, async (client) => await rosterChangesAfter(client, seq, limit));
  }

  async close(): Promise<void> {
    await this.#pool.end().catch(() => undefined);
  }
}
