/**
 * What a station needs of the site database, and nothing more: where the site's copy of this
 * station's chain ends, and adding to it. The station side (the publisher, `verify --site`) is
 * written against this; `site/postgres/` is the real one, and tests may use a fake that keeps the
 * same promises.
 */
import type { StoredAuditRow } from '../store/index.ts';

/**
 * One audit event as the station stores it (its row, as the publishing read model reads it):
 * `payload` is its canonical JSON text, as hashed; `station` is always the publishing station's own id.
 */
export type PublishedEvent = StoredAuditRow;

/** An evidence file (an X-ray image, later a signature or photo), named by its SHA-256. */
export interface PublishedFile {
  sha256: string;
  bytes: Uint8Array;
}

/** The last event of a station's chain the site holds. */
export interface SiteHead {
  seq: number;
  hash: string;
}

/**
 * The site refused a batch because it does not continue the chain the site holds for the station:
 * a gap, a fork (a different hash at a sequence it already holds) or a link that does not hold.
 * The station must not retry it as it is: it is an alarm (its database is behind or differs).
 */
export class SiteChainRefused extends Error {
  /** What the site holds for the station when it refused. */
  readonly siteHead: SiteHead | null;
  /** The first sequence number of the batch that did not hold. */
  readonly atSeq: number;

  constructor(message: string, siteHead: SiteHead | null, atSeq: number) {
    super(message);
    this.name = 'SiteChainRefused';
    this.siteHead = siteHead;
    this.atSeq = atSeq;
  }
}

export interface SiteLink {
  /** What the site holds of this station's chain; null when it holds nothing yet. */
  head(station: string): Promise<SiteHead | null>;
  /**
   * Adds a batch of consecutive events of one station, in one transaction. Idempotent: events the
   * site already holds with the same hash are skipped (a batch sent twice after a lost reply adds
   * nothing); the rest must continue the site's head (seq + 1, prevHash = head hash, hash checked),
   * else nothing of the batch is added and it throws SiteChainRefused.
   */
  publish(station: string, events: readonly PublishedEvent[]): Promise<SiteHead>;
  /** Stores an evidence file once (by its SHA-256, checked on arrival); a second send is a no-op. */
  publishFile(station: string, file: PublishedFile): Promise<void>;
  close(): Promise<void>;
}
