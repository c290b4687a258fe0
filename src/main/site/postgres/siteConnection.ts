import pg from 'pg';

/**
 * A connection string with its password hidden, for messages and logs: the user:password@ part of
 * a URL and any password=… parameter (URL or key=value form).
 */
export function redactConnectionString(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:@/\s]*):[^@\s]*@/gi, '$1:***@')
    .replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)/gi, '$1***');
}

/** The site database could not be reached or refused the login; the message names no password. */
export class SiteUnreachable extends Error {
  override name = 'SiteUnreachable';
}

/** The host, port and database a connection string names, for messages (no user, no password). */
export function siteAddress(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || '/'}`;
  } catch {
    return 'the site database';
  }
}

/** Every error that leaves this folder passes through here: its message redacted, one line. */
export function redactedError(error: unknown, connectionString: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const clean = redactConnectionString(message.replaceAll(connectionString, '<connection string>'));
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  // Unreachable, refused login, no such database, shutting down, or a connection that died under a
  // query (pg: "Client has encountered a connection error and is not queryable"): the site is not there for us now.
  if (/^(ECONN|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|EPIPE|28P01|28000|3D000|57P0)/.test(code) || /Connection terminated|timeout exceeded when trying to connect|encountered a connection error|is not queryable/i.test(message)) {
    return new SiteUnreachable(`the site database at ${siteAddress(connectionString)} cannot be used now: ${clean}`);
  }
  const redacted = new Error(clean);
  redacted.name = error instanceof Error ? error.name : 'Error';
  if (code !== '') Object.assign(redacted, { code });
  return redacted;
}

/**
 * The pg pool options for a site connection string. TLS comes from the string as libpq spells it:
 * `?sslmode=verify-full&sslrootcert=/etc/mailscreen/site-ca.pem` checks the server's certificate
 * against that CA and its name against the host (pg reads the CA file itself).
 */
export function sitePoolConfig(connectionString: string, applicationName: string): pg.PoolConfig {
  return {
    connectionString,
    application_name: applicationName,
    max: 2,
    connectionTimeoutMillis: 15_000,
    idleTimeoutMillis: 30_000,
    // A wedged site must not hold a station's publisher forever: statements and lock waits end.
    statement_timeout: 120_000,
    lock_timeout: 60_000,
    idle_in_transaction_session_timeout: 120_000,
  };
}

/**
 * A pool whose connections' errors (the site restarting) are absorbed: a dead connection is
 * dropped by the pool and the next call opens a new one; without these listeners the error would
 * end the station's process. The pool listens to a connection only while it is idle, and the caller
 * of `pool.connect()` can listen only once its await resumes: a new backend's ReadyForQuery and a
 * FATAL read in one packet (the site stopped as the connection opened) fall between the two, so
 * every connection gets a listener of its own the moment it is made (site-connection-dies test).
 * Its error still reaches whoever uses it: the connection is no longer queryable, its next query
 * fails, and `withPooledClient` does not give it back.
 */
export function sitePool(connectionString: string, applicationName: string): pg.Pool {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool(sitePoolConfig(connectionString, applicationName));
  } catch (error) {
    throw redactedError(error, connectionString);
  }
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * `work` with a connection of the pool; every failure redacted. pg's pool listens for a
 * connection's errors only while it is idle: a socket that dies under a checked-out connection
 * (the site stopping mid-batch: EPIPE, a reset) would otherwise be an uncaught error and end the
 * station. The query in flight rejects on its own; a connection that failed mid-work (an error
 * with no SQLSTATE, or one `passes` does not let through as the site's own answer) is not given
 * back to be reused. `passes`: errors thrown as they are (not redacted, not breaking the connection).
 */
export async function withPooledClient<T>(pool: pg.Pool, connectionString: string, work: (client: pg.PoolClient) => Promise<T>, passes: (error: unknown) => boolean = () => false): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw redactedError(error, connectionString);
  }
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (passes(error)) throw error;
    if (!(error as { code?: unknown }).code) broken = true;
    throw redactedError(error, connectionString);
  } finally {
    client.release(broken);
    // Kept after release: a late error of a connection being closed must not go uncaught either.
    if (!broken) client.removeListener('error', onError);
  }
}

/** `work` between BEGIN and COMMIT on `client`; rolled back (and the error thrown on) if it fails. */
export async function inTransaction<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** One connection for a CLI command; every failure redacted. */
export async function connectSite(connectionString: string, applicationName: string): Promise<pg.Client> {
  let client: pg.Client | undefined;
  try {
    client = new pg.Client(sitePoolConfig(connectionString, applicationName));
    client.on('error', () => undefined);
    await client.connect();
  } catch (error) {
    await client?.end().catch(() => undefined);
    throw redactedError(error, connectionString);
  }
  return client;
}
