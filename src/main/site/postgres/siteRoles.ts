import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { GENESIS_HASH } from '../../../shared/contract/index.ts';
import { inTransaction } from './siteConnection.ts';
import { CONSOLE_GROUP, STATION_GROUP } from './siteSchema.ts';
import { STATION_NAME_MAX, UNPRINTABLE_NAME } from './siteStationListSchema.ts';

/** A station's id as the site takes it: the station's own (ST-…), or a name the site chose. */
export const STATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** A role refused by the site's rules (a bad name, one that exists already): the admin can act on it. */
export class SiteRoleRefused extends Error {
  override name = 'SiteRoleRefused';
}

export interface NewLogin {
  role: string;
  /** Shown once to whoever ran the command; not kept by Mailscreen, and PostgreSQL keeps only its SCRAM verifier. */
  password: string;
}

const SCRAM_ITERATIONS = 4096;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, as libpq's
 * PQencryptPasswordConn makes it): the role is created with it, so the password itself never
 * reaches the server, its statement log or pg_stat_statements. The generated passwords are ASCII,
 * which SASLprep leaves as they are.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = SCRAM_ITERATIONS): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

export const stationRoleName = (station: string) => `mailscreen_station_${station}`;
export const consoleRoleName = (name: string) => `mailscreen_console_${name}`;

async function createLogin(client: pg.ClientBase, role: string, group: string): Promise<NewLogin> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount) throw new SiteRoleRefused(`the role ${role} exists already: each station or console gets its role once (drop it in PostgreSQL first to issue a new one)`);
  const password = newPassword();
  // CREATE ROLE takes no parameters: the name is quoted as an identifier, the verifier as a literal.
  await client.query(
    `CREATE ROLE ${client.escapeIdentifier(role)} LOGIN INHERIT CONNECTION LIMIT 20 PASSWORD ${client.escapeLiteral(scramVerifier(password))} IN ROLE ${group}`,
  );
  return { role, password };
}

/**
 * A station's own role: a member of the station group, mapped to the station in site_stations,
 * its head at the genesis (nothing published yet). One transaction: all of it or none.
 */
export async function addStation(client: pg.ClientBase, station: string, options: { name?: string } = {}): Promise<NewLogin & { station: string }> {
  if (!STATION_ID.test(station)) throw new SiteRoleRefused(`a station id is 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit (the station's own is in its database: ST-…), not ${JSON.stringify(station.slice(0, 60))}`);
  const name = options.name === undefined ? null : stationName(options.name);
  return await inTransaction(client, async () => {
    const known = await client.query('SELECT 1 FROM site_stations WHERE station = $1', [station]);
    if (known.rowCount) throw new SiteRoleRefused(`station ${station} is already part of this site`);
    const login = await createLogin(client, stationRoleName(station), STATION_GROUP);
    await client.query('INSERT INTO site_stations (station, role_name) VALUES ($1, $2)', [station, login.role]);
    await client.query('INSERT INTO station_heads (station, seq, hash) VALUES ($1, 0, $2)', [station, GENESIS_HASH]);
    // Only when given: a site schema before version 11 has no names, and adds stations all the same.
    if (name !== null) await client.query('UPDATE site_stations SET name = $2 WHERE station = $1', [station, name]);
    return { station, ...login };
  });
}

/** A station's name as the site keeps it (site schema 11): one line of printable characters, at most 80. */
export function stationName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || [...trimmed].length > STATION_NAME_MAX || UNPRINTABLE_NAME.test(trimmed)) {
    throw new SiteRoleRefused(`a station's name is one line of 1 to ${STATION_NAME_MAX} printable characters, none invisible (what the other stations' screens show beside its ID), not ${JSON.stringify(name.slice(0, 100))}`);
  }
  return trimmed;
}

/** Gives a station of the site its name, or a new one: the other stations' hand-over lists show it within seconds. */
export async function nameStation(client: pg.ClientBase, station: string, name: string): Promise<{ station: string; name: string }> {
  const named = stationName(name);
  const { rowCount } = await client.query('UPDATE site_stations SET name = $2 WHERE station = $1', [station, named]);
  if (!rowCount) throw new SiteRoleRefused(`station ${JSON.stringify(station.slice(0, 60))} is not part of this site (site add-station adds it)`);
  return { station, name: named };
}

/** A console's read-only role (the security office's). */
export async function addConsole(client: pg.ClientBase, name: string): Promise<NewLogin> {
  if (!STATION_ID.test(name)) throw new SiteRoleRefused(`a console name is 1 to 40 letters, digits, dots, dashes or underscores, not ${JSON.stringify(name.slice(0, 60))}`);
  return await inTransaction(client, async () => await createLogin(client, consoleRoleName(name), CONSOLE_GROUP));
}
