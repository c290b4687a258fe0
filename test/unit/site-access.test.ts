// Who may do what in the site database, asked of PostgreSQL itself: each station's role and the
// console's role go straight to SQL here, past PostgresSiteLink, as whoever holds their password could.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresSiteLink, redactConnectionString, redactedError, scramVerifier, SITE_MIGRATIONS, SiteUnreachable, sitePoolConfig } from '../../src/main/site/index.ts';

/** Every site schema version, in order: a first site init applies them all. */
const SITE_VERSIONS = SITE_MIGRATIONS.map((m) => m.version);
import type { Store } from '../../src/main/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/postgres.ts';
import { publishedEvents, stationWithEvents } from '../helpers/siteEvents.ts';
import { tempDir } from '../helpers/station.ts';

let site: ThrowawayPostgres;
let admin: pg.Client;
const opened: { end(): Promise<void> }[] = [];
const stores: Store[] = [];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  opened.push(client);
  return client;
}

interface Login {
  station?: string;
  role: string;
  password: string;
  connection: string;
}

function cli(...args: string[]): Login {
  const result = runCli(['site', ...args, '--postgres', site.adminUrl]);
  expect(result.stderr).not.toContain(site.adminUrl);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Login;
}

/** The error PostgreSQL answers with (its message), or null when the statement went through. */
async function refusedBy(client: pg.Client, sql: string, params: unknown[] = []): Promise<string | null> {
  try {
    await client.query(sql, params);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const INSERT = 'INSERT INTO station_events (station, seq, at, actor, kind, subject_type, subject_id, mode, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)';
const row = (station: string, e: ReturnType<typeof publishedEvents>[number]) => [station, e.seq, e.at, e.actor, e.kind, e.subjectType, e.subjectId, e.mode, e.payload, e.prevHash, e.hash];

let a: Store;
let b: Store;
let stationA: pg.Client;
let stationB: pg.Client;
let consoleClient: pg.Client;
let loginA: Login;
let consoleLogin: Login;

beforeAll(async () => {
  site = await startThrowawayPostgres();
  admin = await connect(site.adminUrl);
  // Every statement the server receives is in its log: what follows shows no password gets there.
  await admin.query("ALTER SYSTEM SET log_statement = 'all'");
  await admin.query('SELECT pg_reload_conf()');
  const first = runCli(['site', 'init', '--postgres', site.adminUrl]);
  expect(first.status, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ schema: { from: 0, to: Math.max(...SITE_VERSIONS), applied: SITE_VERSIONS } });
  a = stationWithEvents(3);
  b = stationWithEvents(3);
  stores.push(a, b);
  loginA = cli('add-station', a.stationId);
  const loginB = cli('add-station', b.stationId);
  consoleLogin = cli('add-console', 'office');
  stationA = await connect(loginA.connection);
  stationB = await connect(loginB.connection);
  consoleClient = await connect(consoleLogin.connection);
  const linkA = new PostgresSiteLink(loginA.connection);
  const linkB = new PostgresSiteLink(loginB.connection);
  await linkA.publish(a.stationId, publishedEvents(a));
  await linkB.publish(b.stationId, publishedEvents(b));
  await linkA.close();
  await linkB.close();
}, 180_000);

afterAll(async () => {
  for (const client of opened) await client.end().catch(() => undefined);
  for (const store of stores) store.close();
  await site?.stop();
}, 180_000);

describe('site init and the roles', () => {
  it('site init a second time applies nothing', () => {
    const again = runCli(['site', 'init', '--postgres', site.adminUrl]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ schema: { from: Math.max(...SITE_VERSIONS), to: Math.max(...SITE_VERSIONS), applied: [] } });
  });

  it('a station gets its role once; a bad id is refused with what an id is', () => {
    const twice = runCli(['site', 'add-station', a.stationId, '--postgres', site.adminUrl]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(new RegExp(`station ${a.stationId} is already part of this site`));
    const bad = runCli(['site', 'add-station', 'a"; DROP TABLE station_events; --', '--postgres', site.adminUrl]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/a station id is 1 to 40 letters, digits/);
  });

  it('keeps no password: PostgreSQL holds a SCRAM verifier, its log never saw the password', async () => {
    const { rows } = await admin.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [loginA.role]);
    expect(rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(rows[0].rolpassword).not.toContain(loginA.password);
    const log = readFileSync(site.logFile, 'utf8');
    expect(log).toMatch(/CREATE ROLE/);
    expect(log).not.toContain(loginA.password);
    expect(log).not.toContain(consoleLogin.password);
    const { rows: tables } = await admin.query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name ILIKE '%password%'");
    expect(tables).toEqual([]);
  });

  it('makes the verifier PostgreSQL itself makes for the password (RFC 7677 test vector)', () => {
    // RFC 7677's example user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ== at 4096 iterations.
    const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096);
    expect(verifier).toBe('SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=');
  });
});

describe('a station role, in SQL, past our code', () => {
  it('cannot add another station\'s rows', async () => {
    const next = { ...publishedEvents(b)[0]!, seq: 99 };
    expect(await refusedBy(stationA, INSERT, row(b.stationId, next))).toMatch(/violates row-level security policy/);
    expect(await refusedBy(stationA, 'INSERT INTO site_alarms (station, kind, details) VALUES ($1, $2, $3)', [b.stationId, 'x', '{}'])).toMatch(/violates row-level security policy/);
    expect(await refusedBy(stationA, 'INSERT INTO site_files (sha256, bytes, first_station) VALUES (encode(sha256($1::bytea), \'hex\'), $1, $2)', [Buffer.from('x'), b.stationId])).toMatch(/violates row-level security policy/);
  });

  it('cannot change or remove its own rows, nor move its head', async () => {
    expect(await refusedBy(stationA, "UPDATE station_events SET actor = 'someone else' WHERE station = $1", [a.stationId])).toMatch(/permission denied for table station_events/);
    expect(await refusedBy(stationA, 'DELETE FROM station_events WHERE station = $1', [a.stationId])).toMatch(/permission denied for table station_events/);
    expect(await refusedBy(stationA, 'TRUNCATE station_events')).toMatch(/permission denied for table station_events/);
    expect(await refusedBy(stationA, 'UPDATE station_heads SET seq = 1 WHERE station = $1', [a.stationId])).toMatch(/permission denied for table station_heads/);
    expect(await refusedBy(stationA, 'UPDATE station_heads SET heard_at = now() WHERE station = $1', [a.stationId])).toMatch(/violates row-level security policy/);
    expect(await refusedBy(stationA, 'DELETE FROM site_alarms')).toMatch(/permission denied for table site_alarms/);
    const { rows } = await admin.query('SELECT count(*)::int AS n, max(seq)::int AS head FROM station_events WHERE station = $1', [a.stationId]);
    expect(rows[0]).toEqual({ n: 4, head: 4 });
  });

  it('cannot read other stations\' rows or heads, nor the site\'s roster', async () => {
    const { rows: events } = await stationA.query('SELECT DISTINCT station FROM station_events');
    expect(events).toEqual([{ station: a.stationId }]);
    expect((await stationB.query('SELECT DISTINCT station FROM station_events')).rows).toEqual([{ station: b.stationId }]);
    const { rows: heads } = await stationA.query('SELECT station FROM station_heads');
    expect(heads).toEqual([{ station: a.stationId }]);
    expect(await refusedBy(stationA, 'SELECT * FROM site_stations')).toMatch(/permission denied for table site_stations/);
    expect(await refusedBy(stationA, 'SELECT * FROM site_alarms')).toMatch(/permission denied for table site_alarms/);
    expect(await refusedBy(stationA, 'SELECT bytes FROM site_files')).toMatch(/permission denied for table site_files/);
  });

  it('cannot add a row that does not continue its chain, nor a file under another file\'s name', async () => {
    const events = publishedEvents(a);
    const gap = { ...events[1]!, seq: 9 };
    expect(await refusedBy(stationA, INSERT, row(a.stationId, gap))).toMatch(/event 9 of station .* does not continue the chain the site holds \(its head is event 4\)/);
    const unlinked = { ...events[1]!, seq: 5 };
    expect(await refusedBy(stationA, INSERT, row(a.stationId, unlinked))).toMatch(/does not continue the chain/);
    expect(await refusedBy(stationA, INSERT, row(a.stationId, events[3]!))).toMatch(/duplicate key/);
    expect(await refusedBy(stationA, 'INSERT INTO site_files (sha256, bytes, first_station) VALUES ($1, $2, $3)', ['0'.repeat(64), Buffer.from('not that'), a.stationId])).toMatch(/violates check constraint/);
  });
});

describe('the console role', () => {
  it('reads every station and writes nothing', async () => {
    const { rows } = await consoleClient.query('SELECT station, count(*)::int AS n FROM station_events GROUP BY station ORDER BY station');
    expect(rows).toEqual([a.stationId, b.stationId].sort().map((station) => ({ station, n: 4 })));
    const events = publishedEvents(a);
    expect(await refusedBy(consoleClient, INSERT, row(a.stationId, { ...events[0]!, seq: 5 }))).toMatch(/permission denied for table station_events/);
    expect(await refusedBy(consoleClient, 'UPDATE station_events SET actor = $1', ['x'])).toMatch(/permission denied/);
    expect(await refusedBy(consoleClient, 'DELETE FROM station_events')).toMatch(/permission denied/);
    expect(await refusedBy(consoleClient, 'INSERT INTO site_alarms (station, kind, details) VALUES ($1, $2, $3)', [a.stationId, 'x', '{}'])).toMatch(/permission denied/);
    expect(await refusedBy(consoleClient, 'UPDATE station_heads SET seq = 0')).toMatch(/permission denied/);
  });

  it('even the site\'s administrator cannot edit or remove a published event without dropping a trigger first', async () => {
    expect(await refusedBy(admin, "UPDATE station_events SET actor = 'x' WHERE station = $1", [a.stationId])).toMatch(/station_events is append-only/);
    expect(await refusedBy(admin, 'DELETE FROM station_events WHERE station = $1', [a.stationId])).toMatch(/station_events is append-only/);
    expect(await refusedBy(admin, 'TRUNCATE station_events')).toMatch(/station_events is append-only/);
  });
});

describe('connection strings', () => {
  it('a connection that died under a query is the site unreachable (retried later), not a refusal', () => {
    const url = 'postgres://station:s3cret@db:5432/site';
    for (const message of ['Client has encountered a connection error and is not queryable', 'Connection terminated unexpectedly']) {
      const error = redactedError(new Error(message), url);
      expect(error).toBeInstanceOf(SiteUnreachable);
      expect(error.message).not.toContain('s3cret');
    }
    expect(redactedError(new Error('duplicate key value violates unique constraint'), url)).not.toBeInstanceOf(SiteUnreachable);
  });

  it('never show the password in a message', async () => {
    expect(redactConnectionString('postgres://station:s3cret@db:5432/site?sslmode=verify-full')).toBe('postgres://station:***@db:5432/site?sslmode=verify-full');
    expect(redactConnectionString("host=db user=station password='s3 cret' dbname=site")).toBe('host=db user=station password=*** dbname=site');
    const wrong = site.url(loginA.role, 'not-the-password');
    const link = new PostgresSiteLink(wrong);
    const error = await link.head(a.stationId).then(
      () => null,
      (e: unknown) => e as Error,
    );
    await link.close();
    expect(error?.message).toMatch(/password authentication failed/);
    expect(error?.message).not.toContain('not-the-password');
    const cli = runCli(['site', 'init', '--postgres', site.url('postgres', 'also-wrong')]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/cannot be used now: password authentication failed/);
    expect(cli.stderr).not.toContain('also-wrong');
  });

  it('take TLS with sslmode=verify-full: the server\'s certificate is checked against the CA file', async () => {
    const dir = tempDir('mailscreen-site-tls-');
    const ca = path.join(dir, 'ca.pem');
    const otherCa = path.join(dir, 'other-ca.pem');
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', ca, '-days', '2', '-subj', '/CN=Site test CA');
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', otherCa, '-days', '2', '-subj', '/CN=Another CA');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', ca, '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
    // The server's own copies, readable by the user it runs as.
    for (const name of ['server.crt', 'server.key']) {
      writeFileSync(path.join(site.dataDir, name), readFileSync(path.join(dir, name)), { mode: 0o600 });
      if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', path.join(site.dataDir, name)]);
    }
    await admin.query("ALTER SYSTEM SET ssl = 'on'");
    await admin.query('SELECT pg_reload_conf()');
    // The options reach pg as libpq spells them.
    const tls = `${loginA.connection}?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`;
    const config = new pg.Client(sitePoolConfig(tls, 'test')) as unknown as { connectionParameters: { ssl: { ca?: string; rejectUnauthorized?: boolean } } };
    expect(config.connectionParameters.ssl.ca).toContain('BEGIN CERTIFICATE');
    expect(config.connectionParameters.ssl.rejectUnauthorized).not.toBe(false);
    const link = new PostgresSiteLink(tls);
    expect(await link.head(a.stationId)).toMatchObject({ seq: 4 });
    await link.close();
    const client = await connect(tls);
    const { rows } = await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(rows).toEqual([{ ssl: true }]);
    // A server whose certificate another CA signed is refused.
    const untrusted = new PostgresSiteLink(`${loginA.connection}?sslmode=verify-full&sslrootcert=${encodeURIComponent(otherCa)}`);
    await expect(untrusted.head(a.stationId)).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    await untrusted.close();
  });
});
