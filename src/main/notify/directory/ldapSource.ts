import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, FilterParser, InvalidCredentialsError, NoSuchObjectError, ResultCodeError, type Entry, type Filter } from 'ldapts';
import { fileInFolder, printableFileName, readSiteFile, SiteFileRefused, siteFileText } from '../../../hardware/index.ts';
import type { DirectoryEntry } from './directoryEntry.ts';
import { directoryEntryFromLdap, requestedAttributes, type SkipReason } from './ldapEntryMapping.ts';
import { followEveryPageCookie } from './ldapPaging.ts';
import { ldapUrlParts, type LdapDirectorySettings } from './ldapSettings.ts';

// Reads every person under the base DN in pages (AD answers at most 1000 entries to a search that
// is not paged) and maps them to DirectoryEntry. It only reads: applying is the caller's, so a
// failed read changes nothing. Errors are one line and never carry the password: the server's own
// words are quoted only after the password is cut out of them.

export type LdapProblem = 'password-file' | 'bind-refused' | 'unreachable' | 'tls' | 'timeout' | 'base-not-found' | 'bad-filter' | 'too-many' | 'refused';

/** A sync that could not read the directory: one line saying what to check; `problem` for the status. */
export class LdapSyncFailed extends Error {
  override name = 'LdapSyncFailed';
  readonly problem: LdapProblem;
  constructor(problem: LdapProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** What a read found: the people, and how many entries were left out and why. */
export interface DirectoryRead {
  entries: DirectoryEntry[];
  skipped: Record<SkipReason, number>;
  /** Up to five DNs of skipped entries (printable, capped), so the site can fix them at the source. */
  skippedExamples: string[];
  /** People kept without an e-mail address because the one the directory had is not a single address. */
  emailsRefused: number;
}

export interface LdapReadContext {
  /** The owner-only data folder that holds settings.passwordFile. */
  dataFolder: string;
}

const MAX_PASSWORD_FILE_BYTES = 1024;
const MAX_CA_FILE_BYTES = 1024 * 1024;
/** A server that answers page after page with no one in it and a cookie for more is not paging. */
const MAX_EMPTY_PAGES_IN_A_ROW = 100;

async function readPassword(settings: LdapDirectorySettings, context: LdapReadContext): Promise<string> {
  let text: string;
  try {
    text = siteFileText(await readSiteFile(fileInFolder(context.dataFolder, settings.passwordFile), { maxBytes: MAX_PASSWORD_FILE_BYTES }));
  } catch (error) {
    if (!(error instanceof SiteFileRefused)) throw error;
    throw new LdapSyncFailed('password-file', `the LDAP password file ${error.message}; put the bind DN's password in it (one line, chmod 600) and sync again`);
  }
  const password = text.replace(/\r?\n$/, '');
  // An empty password makes a simple bind "unauthenticated": many servers accept it as anonymous.
  if (password === '' || password.includes('\n')) {
    throw new LdapSyncFailed('password-file', `the LDAP password file ${printableFileName(settings.passwordFile)} must hold the bind DN's password on one line; sync again once it does`);
  }
  return password;
}

async function tlsOptions(settings: LdapDirectorySettings, host: string): Promise<ConnectionOptions> {
  const options: ConnectionOptions = { minVersion: 'TLSv1.2', rejectUnauthorized: true };
  const bare = host.replace(/^\[|\]$/g, '');
  options.host = bare;
  if (isIP(bare) === 0) options.servername = bare;
  if (settings.caFile !== undefined) {
    try {
      options.ca = [siteFileText(await readSiteFile(settings.caFile, { maxBytes: MAX_CA_FILE_BYTES }))];
    } catch (error) {
      if (!(error instanceof SiteFileRefused)) throw error;
      throw new LdapSyncFailed('tls', `the directory's CA file ${error.message}; give the PEM file of the CA that signed the directory's certificate`);
    }
  }
  return options;
}

const TLS_CODES = /^(?:ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|CERT_|HOSTNAME_MISMATCH)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE']);

/** The server's or the library's words, fit to show: one line, the password cut out, capped. */
function quoted(text: string, password: string | null): string {
  let line = text.split(/\r?\n/)[0] ?? '';
  if (password) line = line.split(password).join('***');
  return printableFileName(line);
}

/** One failure of the read as a sentence that says what to check. */
function describeFailure(error: unknown, settings: LdapDirectorySettings, password: string | null): LdapSyncFailed {
  if (error instanceof LdapSyncFailed) return error;
  const where = printableFileName(settings.url);
  if (error instanceof InvalidCredentialsError) {
    return new LdapSyncFailed('bind-refused', `the directory refused the bind DN's password (${printableFileName(settings.bindDN)} at ${where}): check the password in ${printableFileName(settings.passwordFile)} and that the account is neither locked nor expired`);
  }
  if (error instanceof NoSuchObjectError) {
    return new LdapSyncFailed('base-not-found', `the directory at ${where} has no entry ${printableFileName(settings.baseDN)}: check "baseDN"`);
  }
  if (error instanceof ResultCodeError) {
    return new LdapSyncFailed('refused', `the directory at ${where} refused the bind or the search (LDAP result ${error.code}: ${quoted(error.message, password)}); check "bindDN", "baseDN" and "filter"`);
  }
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (TLS_CODES.test(code) || /certificate|secure TLS connection|SSL routines|wrong version number/i.test(message)) {
    return new LdapSyncFailed('tls', `the TLS connection to the directory at ${where} failed (${quoted(code || message, password)}): check "caFile" and that the server's certificate names this host`);
  }
  if (NETWORK_CODES.has(code) || /Connection timeout|Connection closed|Socket error/i.test(message)) {
    return new LdapSyncFailed('unreachable', `the directory at ${where} could not be reached (${quoted(code || message, password)}): check "url", the network and the firewall`);
  }
  if (/timed out/i.test(message)) {
    return new LdapSyncFailed('timeout', `the directory at ${where} did not answer within ${settings.timeoutSeconds} s: try again later, or raise "timeoutSeconds"`);
  }
  return new LdapSyncFailed('refused', `reading the directory at ${where} failed: ${quoted(message, password)}`);
}

/** Rejects with `failure` once `ms` have passed; the timer does not keep the process alive. */
function deadline(ms: number, failure: () => LdapSyncFailed): { expired: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(failure()), ms);
    timer.unref();
  });
  expired.catch(() => undefined);
  return { expired, clear: () => clearTimeout(timer) };
}

/** Reads every page on a connected, bound client. */
async function readPeople(client: Client, settings: LdapDirectorySettings, filter: Filter): Promise<DirectoryRead> {
  const read: DirectoryRead = { entries: [], skipped: { 'no-key': 0, 'no-name': 0, 'duplicate-key': 0 }, skippedExamples: [], emailsRefused: 0 };
  const keys = new Set<string>();
  const skip = (reason: SkipReason, dn: string): void => {
    read.skipped[reason] += 1;
    if (read.skippedExamples.length < 5) read.skippedExamples.push(printableFileName(dn));
  };
  let seen = 0;
  let emptyPages = 0;
  const pages = client.searchPaginated(settings.baseDN, {
    scope: 'sub',
    filter,
    attributes: requestedAttributes(settings.attributes),
    // The key may be binary (AD's objectGUID): read as bytes, so no UTF-8 decoding mangles it.
    explicitBufferAttributes: [settings.attributes.key],
    paged: { pageSize: settings.pageSize },
    timeLimit: settings.timeoutSeconds,
  });
  // Pages without end are bounded: by maxPeople, by a run of pages with no one in them, and by maxMinutes.
  for await (const page of pages) {
    emptyPages = page.searchEntries.length === 0 ? emptyPages + 1 : 0;
    if (emptyPages > MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new LdapSyncFailed('refused', `the directory at ${printableFileName(settings.url)} sent more than ${MAX_EMPTY_PAGES_IN_A_ROW} pages in a row with no one in them; the sync was stopped`);
    }
    for (const entry of page.searchEntries as Entry[]) {
      seen += 1;
      if (seen > settings.maxPeople) {
        throw new LdapSyncFailed('too-many', `the directory has more than ${settings.maxPeople} entries under ${printableFileName(settings.baseDN)} matching the filter; narrow "baseDN" or "filter", or raise "maxPeople"`);
      }
      const mapped = directoryEntryFromLdap(entry, settings.attributes);
      if (!mapped.ok) {
        skip(mapped.reason, entry.dn);
        continue;
      }
      if (keys.has(mapped.entry.key)) {
        skip('duplicate-key', entry.dn);
        continue;
      }
      keys.add(mapped.entry.key);
      if (mapped.emailRefused) read.emailsRefused += 1;
      read.entries.push(mapped.entry);
    }
  }
  return read;
}

/**
 * Every person the settings' filter finds under the base DN. Throws LdapSyncFailed (one line,
 * never the password) when the directory cannot be read whole: a partial read is never returned.
 */
export async function readLdapDirectory(settings: LdapDirectorySettings, context: LdapReadContext): Promise<DirectoryRead> {
  let filter: Filter;
  try {
    filter = FilterParser.parseString(settings.filter);
  } catch (error) {
    throw new LdapSyncFailed('bad-filter', `the directory's "filter" is not an LDAP filter (${printableFileName((error as Error).message)}); fix it in station.json`);
  }
  const parts = ldapUrlParts(settings.url);
  if (!parts) throw new LdapSyncFailed('unreachable', `"url" ${printableFileName(settings.url)} is not an ldap:// or ldaps:// URL`);
  const password = await readPassword(settings, context);
  const secure = await tlsOptions(settings, parts.host);
  const where = printableFileName(settings.url);
  const client = new Client({
    url: settings.url,
    connectTimeout: settings.connectTimeoutSeconds * 1000,
    timeout: settings.timeoutSeconds * 1000,
    ...(parts.secure ? { tlsOptions: secure } : {}),
  });
  followEveryPageCookie(client);
  // Per operation, ldapts times out; the StartTLS handshake and a server that keeps answering
  // slowly are bounded here, so a sync always ends and the next one can run.
  const whole = deadline(settings.maxMinutes * 60_000, () => new LdapSyncFailed('timeout', `reading the directory at ${where} took longer than ${settings.maxMinutes} minutes and was stopped: try again later, or raise "maxMinutes"`));
  try {
    const work = (async () => {
      if (settings.startTLS) {
        const handshake = deadline(settings.connectTimeoutSeconds * 1000, () => new LdapSyncFailed('tls', `the directory at ${where} did not complete StartTLS within ${settings.connectTimeoutSeconds} s: check that it offers StartTLS on this port`));
        try {
          await Promise.race([client.startTLS(secure), handshake.expired]);
        } finally {
          handshake.clear();
        }
      }
      await client.bind(settings.bindDN, password);
      return readPeople(client, settings, filter);
    })();
    work.catch(() => undefined);
    return await Promise.race([work, whole.expired]);
  } catch (error) {
    throw describeFailure(error, settings, password);
  } finally {
    whole.clear();
    // Also ends a handshake or a page still under way: its socket is destroyed (unbind's last step).
    const closing = deadline(5_000, () => new LdapSyncFailed('timeout', 'unbind'));
    await Promise.race([client.unbind(), closing.expired]).catch(() => undefined);
    closing.clear();
  }
}
