import { z } from 'zod';

/**
 * station.json's `"site"`: the site database this station publishes its record to. Absent, the
 * station is a station alone (SQLite only) and nothing of the site starts.
 *
 * `postgres` is a libpq-style URL (postgres:// or postgresql://). It may carry the station role's
 * password; so the messages here never repeat it, and `redactSecrets` takes it out of any text that
 * is logged or shown.
 */
export const SiteConnection = z
  .object({
    postgres: z
      .string()
      .max(4096, 'the connection string is longer than 4096 characters; it is not one')
      .refine(isPostgresUrl, 'not a PostgreSQL connection URL: write postgresql://<station role>@<host>:<port>/<database>?sslmode=verify-full'),
  })
  .strict();
export type SiteConnection = z.infer<typeof SiteConnection>;

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function isPostgresUrl(text: string): boolean {
  const url = parsedUrl(text);
  return url !== null && (url.protocol === 'postgres:' || url.protocol === 'postgresql:');
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The passwords a connection string carries (its user-info part, a `password=` parameter): none, one or both. */
export function connectionSecrets(connection: string): string[] {
  const url = parsedUrl(connection);
  if (!url) return [];
  const secrets = new Set<string>();
  if (url.password !== '') {
    secrets.add(url.password);
    secrets.add(decoded(url.password));
  }
  for (const value of url.searchParams.getAll('password')) if (value !== '') secrets.add(value);
  for (const value of url.searchParams.getAll('sslpassword')) if (value !== '') secrets.add(value);
  return [...secrets].filter((secret) => secret.length > 0);
}

/** Whether station.json holds a credential because of this site setting (then it must be owner-only). */
export function holdsCredentials(site: SiteConnection): boolean {
  return connectionSecrets(site.postgres).length > 0;
}

/**
 * Any text (an error from the driver, a line for the log) with the connection's passwords taken
 * out: a driver may quote its connection string or a server its parameters back.
 */
export function redactSecrets(text: string, connection: string): string {
  let out = text;
  // Longest first, so a password that contains another one is replaced whole.
  for (const secret of connectionSecrets(connection).sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}
