import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../../src/shared/contract/index.ts';
import { auditHash } from '../../src/main/store/index.ts';
import { SiteChainRefused, type PublishedEvent, type PublishedFile, type SiteHead, type SiteLink } from '../../src/main/site/index.ts';

/** What the fake site does with the next calls: answer, fail as a network would, never answer, or apply and lose the reply. */
export type SiteBehaviour = 'up' | 'down' | 'hang' | 'loseReply';

/** A call the fake site was asked, in order (files by SHA-256, batches by their sequence range). */
export type SiteCall = { call: 'head' } | { call: 'publish'; first: number; last: number } | { call: 'publishFile'; sha256: string };

export class SiteUnreachable extends Error {
  override name = 'SiteUnreachable';
}

/**
 * An in-memory SiteLink that keeps the interface's promises exactly: each station's chain is added
 * to all or nothing per batch, events it holds with the same hash are skipped, a batch that does not
 * continue the head (a gap, a fork, a link or hash that does not hold) is refused with
 * SiteChainRefused and adds nothing, files are checked against their SHA-256 and stored once.
 * It can be taken down, made to hang, or made to lose a reply after applying a call.
 */
export class FakeSiteLink implements SiteLink {
  readonly chains = new Map<string, PublishedEvent[]>();
  readonly files = new Map<string, Uint8Array>();
  readonly calls: SiteCall[] = [];
  behaviour: SiteBehaviour = 'up';
  /** Calls held by 'hang', released (answered as they would have been) by release(). */
  readonly #hung: Array<() => void> = [];
  closed = false;

  /** The events the site holds for a station, in order. */
  events(station: string): readonly PublishedEvent[] {
    return this.chains.get(station) ?? [];
  }

  /** Answers every hung call (as the site would have) and goes back up. */
  release(): void {
    this.behaviour = 'up';
    for (const answer of this.#hung.splice(0)) answer();
  }

  /** Sets a station's chain as a site would hold it (a site that already holds more than the station). */
  hold(station: string, events: readonly PublishedEvent[]): void {
    this.chains.set(station, [...events]);
  }

  async head(station: string): Promise<SiteHead | null> {
    this.calls.push({ call: 'head' });
    return this.#answer(() => this.#head(station));
  }

  async publish(station: string, events: readonly PublishedEvent[]): Promise<SiteHead> {
    this.calls.push({ call: 'publish', first: events[0]?.seq ?? 0, last: events.at(-1)?.seq ?? 0 });
    const copy = events.map((event) => ({ ...event }));
    return this.#answer(() => this.#add(station, copy));
  }

  async publishFile(_station: string, file: PublishedFile): Promise<void> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    this.calls.push({ call: 'publishFile', sha256: file.sha256 });
    const bytes = Uint8Array.from(file.bytes);
    return this.#answer(() => {
      if (sha256 !== file.sha256) throw new Error(`the file sent as ${file.sha256} has SHA-256 ${sha256}`);
      if (!this.files.has(sha256)) this.files.set(sha256, bytes);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  #answer<T>(apply: () => T): Promise<T> {
    switch (this.behaviour) {
      case 'down':
        return Promise.reject(new SiteUnreachable('connect ECONNREFUSED 127.0.0.1:5432'));
      case 'hang':
        return new Promise<T>((resolve, reject) => {
          this.#hung.push(() => {
            try {
              resolve(apply());
            } catch (error) {
              reject(error as Error);
            }
          });
        });
      case 'loseReply':
        // Applied at the site, then the connection drops before the answer reaches the station.
        this.behaviour = 'up';
        try {
          apply();
        } catch {
          // the station hears nothing either way
        }
        return Promise.reject(new SiteUnreachable('Connection terminated unexpectedly'));
      case 'up':
        try {
          return Promise.resolve(apply());
        } catch (error) {
          return Promise.reject(error as Error);
        }
    }
  }

  #head(station: string): SiteHead | null {
    const last = this.chains.get(station)?.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : null;
  }

  #add(station: string, events: PublishedEvent[]): SiteHead {
    const held = this.chains.get(station) ?? [];
    const added: PublishedEvent[] = [];
    let head = this.#head(station);
    for (const event of events) {
      const refuse = (why: string) => new SiteChainRefused(`station ${station}: ${why} at seq ${event.seq}`, this.#head(station), event.seq);
      if (event.station !== station) throw refuse(`an event of station ${event.station}`);
      const already = held.find((h) => h.seq === event.seq);
      if (already) {
        if (already.hash !== event.hash) throw refuse('a fork (the site holds another event there)');
        continue;
      }
      const expectedSeq = (head?.seq ?? 0) + 1;
      if (event.seq !== expectedSeq) throw refuse(`a gap (the site expects seq ${expectedSeq})`);
      if (event.prevHash !== (head?.hash ?? GENESIS_HASH)) throw refuse('a link that does not hold');
      const hash = auditHash(event.prevHash, {
        seq: event.seq,
        at: event.at,
        actor: event.actor,
        station: event.station,
        kind: event.kind,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        mode: event.mode,
        payload: JSON.parse(event.payload) as Record<string, unknown>,
      } as Parameters<typeof auditHash>[1]);
      if (hash !== event.hash) throw refuse('a hash that does not match its event');
      added.push(event);
      head = { seq: event.seq, hash: event.hash };
    }
    // All or nothing: the batch is added only once every event of it held.
    this.chains.set(station, [...held, ...added]);
    const now = this.#head(station);
    if (!now) throw new Error('publish: an empty batch to a site that holds nothing');
    return now;
  }
}
