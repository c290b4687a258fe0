import { createHash } from 'node:crypto';
import type pg from 'pg';
import { Sop } from '../../../shared/domain/index.ts';

// The SOP an incident was opened under, as its station published it to the site: a file of
// site_files named by the SHA-256 its `incident.opened` carries (`protocolSha256`, of the SOP's
// canonical JSON). A station's role may add any file under its own SHA-256, so what is read is
// checked: its size asked before its bytes (a huge one is never read), its bytes hashed again, and
// parsed as an SOP. The incident report refuses without it; the incident screen shows step IDs.

/** An SOP file's bytes at most: a station reads none larger (sopLibrary's cap); canonical JSON is never longer than its source by much. */
export const MAX_SOP_BYTES = 1024 * 1024;

export type PublishedSop =
  /** `sop`: parsed and checked; `protocol`: the station's own form of it (the same canonical text). */
  | { found: true; sop: Sop; protocol: unknown }
  /**
   * none: the event names no SOP (a station before SOPs were named by their SHA-256);
   * absent: the site does not hold the file; tooLarge: larger than any SOP; otherBytes: its bytes
   * are not that SHA-256's; unreadable: not an SOP this version reads.
   */
  | { found: false; problem: 'none' | 'absent' | 'tooLarge' | 'otherBytes' | 'unreadable' };

/** The SOP named by `sha256` (what an `incident.opened` carries: any JSON value, untrusted), from the site's files, checked. */
export async function publishedSop(client: pg.ClientBase, sha256: unknown): Promise<PublishedSop> {
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return { found: false, problem: 'none' };
  const { rows } = await client.query<{ size: string | number; bytes: Buffer | null }>(
    `SELECT octet_length(bytes) AS size, CASE WHEN octet_length(bytes) <= ${MAX_SOP_BYTES} THEN bytes END AS bytes FROM site_files WHERE sha256 = $1`,
    [sha256],
  );
  const row = rows[0];
  if (!row) return { found: false, problem: 'absent' };
  if (Number(row.size) > MAX_SOP_BYTES || !Buffer.isBuffer(row.bytes)) return { found: false, problem: 'tooLarge' };
  if (createHash('sha256').update(row.bytes).digest('hex') !== sha256) return { found: false, problem: 'otherBytes' };
  let protocol: unknown;
  try {
    protocol = JSON.parse(row.bytes.toString('utf8'));
  } catch {
    return { found: false, problem: 'unreadable' };
  }
  const parsed = Sop.safeParse(protocol);
  return parsed.success ? { found: true, sop: parsed.data, protocol } : { found: false, problem: 'unreadable' };
}
