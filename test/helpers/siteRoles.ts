// Asking the site's PostgreSQL as one of its roles (a station's, the console's), as the site tests do.
import pg from 'pg';

/** `work` on a connection of the role this `url` logs in as; the connection ended after, whatever happened. */
export async function asRole<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The message the promise was refused with, or null when it was not refused. */
export const refusal = (promise: Promise<unknown>): Promise<string | null> => promise.then(() => null, (error: unknown) => (error as Error).message);
