// The serial walk over raw audit rows, the verdict every faster hash check must give (chain-window,
// chain-stretch-verdict).
import type { AuditEvent } from '../../src/shared/contract/index.ts';
import { auditHash, verifyEvents, type ChainVerdict } from '../../src/main/store/auditChain.ts';
import { rowToAuditEvent } from '../../src/main/store/auditLog.ts';
import { FROM_GENESIS } from '../../src/main/store/verify/chainJoin.ts';
import type { RawAuditRow } from '../../src/main/store/verify/chainRow.ts';

export function asEvent(row: readonly unknown[]): AuditEvent {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payload, prevHash, hash] = row as [number, string, string, string, string, string, string, string, string, string, string];
  return rowToAuditEvent({ seq, at, actor, station, kind, subject_type: subjectType, subject_id: subjectId, mode, payload, prev_hash: prevHash, hash });
}

/** The serial walk over the rows as the store reads them back: an unreadable row ends it as a bad event. */
export function serialWalk(rows: readonly RawAuditRow[]): ChainVerdict {
  let unreadableSeq: number | null = null;
  let read = 0;
  function* events(): Generator<AuditEvent> {
    for (const row of rows) {
      read += 1;
      try {
        yield asEvent(row);
      } catch {
        unreadableSeq = row[0];
        return;
      }
    }
  }
  const verdict = verifyEvents(events(), FROM_GENESIS);
  if (unreadableSeq !== null && verdict.ok) return { events: read, ok: false, firstBadSeq: unreadableSeq };
  return verdict;
}

export function outcome(f: () => ChainVerdict): ChainVerdict | string {
  try {
    return f();
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

/** The hash the row's event should carry, or null when the row does not read as an event. */
export function trueHash(row: readonly unknown[]): string | null {
  try {
    const { prevHash, hash: _hash, ...body } = asEvent(row);
    return auditHash(prevHash, body);
  } catch {
    return null;
  }
}
