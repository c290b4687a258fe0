/**
 * The site's operator roster as a station reads it: changes in the site's order. The site's roster
 * is the truth; a station's operators table is its last copy (a cache it logs in against, offline
 * too). `site/postgres/siteRoster.ts` is the real one; tests may give a fake with the same promises.
 */
import type { Role, TrainingKind } from '../../shared/contract/index.ts';

/** An operator as the roster holds them after a change: the PIN as the stations store it (scrypt salt and hash), never a PIN. */
export interface RosterOperator {
  id: string;
  badge: string;
  name: string;
  role: Role;
  pinSalt: string;
  pinHash: string;
  active: boolean;
}

interface ChangeBase {
  /** The site's order: a station applies changes in it and remembers the last. */
  seq: number;
  at: string;
  /** The PostgreSQL role that made the change at the site (its administrator, or a station's role for its lockout). */
  by: string;
}

export type RosterChange =
  | (ChangeBase & { change: 'operator'; operator: RosterOperator })
  /**
   * The badge locked after too many wrong PINs: at a station (its `operator.lockedOut` event, seq
   * `stationSeq` of its chain) or at the site's console (`atConsole`, no station; `by` is the console's role).
   */
  | (ChangeBase & { change: 'lockedOut'; operatorId: string; station: string | null; atConsole: boolean; stationSeq: number | null; lockedUntil: string })
  | (ChangeBase & { change: 'unlocked'; operatorId: string })
  | (ChangeBase & { change: 'training'; operatorId: string; training: { kind: TrainingKind; completedOn: string; expiresOn: string; trainer: string | null } })
  /** A change this version cannot read (a newer Mailscreen wrote it): passed over, so the ones after it still come. */
  | (ChangeBase & { change: 'unreadable'; kind: string });

export interface SiteRoster {
  /** Changes after `seq`, in order, at most `limit`. */
  changesAfter(seq: number, limit: number): Promise<RosterChange[]>;
  close(): Promise<void>;
}
