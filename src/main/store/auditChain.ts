import { hash } from 'node:crypto';
import type { AuditEvent, AuditKind } from '../../shared/contract/index.ts';
import { canonicalJson } from './canonicalJson.ts';

/** The first event of every store made since genesis events exist (subject: the station). */
export const GENESIS_KIND = 'station.initialized' satisfies AuditKind;

/** The fields the hash covers: everything but the hashes themselves. */
export type AuditEventBody = Omit<AuditEvent, 'prevHash' | 'hash'>;

export function auditHash(prevHash: string, body: AuditEventBody): string {
  return auditHashOfCanonicalBody(prevHash, canonicalJson(body));
}

/** auditHash over the body's canonical JSON made already (appending composes it, see AuditLog.append). */
export function auditHashOfCanonicalBody(prevHash: string, canonicalBody: string): string {
  // One call over the joined text: the same UTF-8 bytes as hashing the two in turn (the body starts
  // with "{", so no surrogate pair spans the join), at about half the cost of createHash's three calls.
  return hash('sha256', prevHash + canonicalBody, 'hex');
}

export interface ChainVerdict {
  events: number;
  ok: boolean;
  /** The first event whose link or hash does not hold; null when the chain is intact. */
  firstBadSeq: number | null;
}

/**
 * Walks events in sequence order and stops at the first that does not hold: a gap or reorder in
 * the sequence, a broken link to the previous hash, or a hash that does not match its content.
 */
export function verifyEvents(events: Iterable<AuditEvent>, genesis: { seq: number; hash: string }): ChainVerdict {
  let count = 0;
  let expectedSeq = genesis.seq + 1;
  let prevHash = genesis.hash;
  for (const event of events) {
    count += 1;
    const { prevHash: storedPrev, hash, ...body } = event;
    if (event.seq !== expectedSeq || storedPrev !== prevHash || auditHash(storedPrev, body) !== hash) {
      return { events: count, ok: false, firstBadSeq: event.seq };
    }
    prevHash = hash;
    expectedSeq += 1;
  }
  return { events: count, ok: true, firstBadSeq: null };
}
