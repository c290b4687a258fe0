// A throwaway PostgreSQL cluster for the site's tests: made in a temporary folder, listening on a
// free loopback port, stopped and removed at the end. Tests use the real engine the site runs, not
// a fake: row-level security, roles and SCRAM are PostgreSQL's to enforce.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** A connection string for `role` with `password` over TCP (127.0.0.1), as a station would use. */
  url(role: string, password: string, database?: string): string;
  /** The superuser's connection string (role postgres, scram-sha-256 over TCP). */
  readonly adminUrl: string;
  readonly port: number;
  /** The server's log file (for a failing test to show). */
  readonly logFile: string;
  /** The cluster's data folder (postgresql.conf, certificates). */
  readonly dataDir: string;
  /** Stops the server, keeping its data (`pg_ctl stop -m fast`): the site goes down mid-stream. */
  stopServer(): Promise<void>;
  /** Starts it again on the same port and data. */
  startServer(): Promise<void>;
  /** Stops the server and removes the folder. */
  stop(): Promise<void>;
}

/** The PostgreSQL binaries: $PG_BIN, else the newest Debian install under /usr/lib/postgresql. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'initdb'))) return bin;
  }
  throw new Error('no PostgreSQL found: install Debian\'s postgresql (apt-get install postgresql) or set PG_BIN to the folder holding initdb and pg_ctl');
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool; as root through `runuser -u postgres --` (initdb and the server refuse root). */
async function tool(bin: string, name: string, args: string[]): Promise<string> {
  const file = path.join(bin, name);
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    const { stdout } = await run(command, commandArgs, { timeout: 120_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${name} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: error });
  }
}

export interface ThrowawayPostgresOptions {
  /**
   * Server settings on top of the tests' (`-c name=value`, later ones win): a benchmark asks for
   * fsync and a real shared_buffers, which the tests go without.
   */
  settings?: Readonly<Record<string, string>>;
}

/** A throwaway cluster; call `stop()` at the end (afterAll). Takes a few seconds on a busy machine. */
export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const extra = Object.entries(options.settings ?? {}).map(([name, value]) => {
    if (!/^[a-z_]+$/.test(name) || !/^[A-Za-z0-9._-]+$/.test(value)) throw new Error(`a server setting is a name and a plain value, not ${JSON.stringify(`${name}=${value}`)}`);
    return ` -c ${name}=${value}`;
  });
  // As root the server runs as postgres, which cannot enter the test run's owner-only TMPDIR: its
  // folder goes in /tmp itself (sticky, world-traversable), still removed by stop().
  const root = mkdtempSync(path.join(asRoot ? '/tmp' : tmpdir(), 'mailscreen-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const logFile = path.join(root, 'server.log');
  const passwordFile = path.join(root, 'superuser-password');
  const superPassword = randomBytes(18).toString('base64url');
  mkdirSync(socketDir);
  writeFileSync(passwordFile, `${superPassword}\n`, { mode: 0o600 });
  writeFileSync(logFile, '', { mode: 0o600 });
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    for (const p of [root, socketDir, passwordFile, logFile]) chownSync(p, uid, gid);
  }
  const port = await freePort();
  // TCP (127.0.0.1 only) asks for a SCRAM password like the site's would; the Unix socket, in this
  // folder only, is trusted (nobody else can reach it).
  await tool(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', `--pwfile=${passwordFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  rmSync(passwordFile);
  const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40 -c shared_buffers=16MB${extra.join('')}`;
  const startServer = async () => {
    await tool(bin, 'pg_ctl', ['start', '-w', '-t', '120', '-D', dataDir, '-l', logFile, '-o', serverOptions]);
    for (let i = 0; i < 240; i += 1) {
      try {
        await tool(bin, 'pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-t', '5']);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    throw new Error(`PostgreSQL did not become ready on port ${port}; its log:\n${readFileSync(logFile, 'utf8')}`);
  };
  const stopServer = async () => {
    await tool(bin, 'pg_ctl', ['stop', '-w', '-t', '120', '-m', 'fast', '-D', dataDir]);
  };
  try {
    await startServer();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const url = (role: string, password: string, database = 'postgres') =>
    `postgres://${encodeURIComponent(role)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  return {
    url,
    adminUrl: url('postgres', superPassword),
    port,
    logFile,
    dataDir,
    stopServer,
    startServer,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      try {
        await stopServer();
      } catch {
        // already stopped (a test stopped it and failed before starting it again)
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new Error('running as root, the tests start PostgreSQL as the postgres user, and there is none: install Debian\'s postgresql (it makes the user)', { cause: error });
  }
}
