import { createHash } from 'node:crypto';
import path from 'node:path';
import { HOT_FOLDER_MAX_MEGABYTES_LIMIT, type SiteLinkState, type SiteLinkStatus } from '../../shared/contract/index.ts';
import { fileInFolder, printableFileName, readSiteFile, SiteFileRefused } from '../../hardware/index.ts';
import type { Log } from '../log.ts';
import { canonicalJson, type PublishingReadModel, type StoredAuditRow } from '../store/index.ts';
import { SiteChainRefused, type SiteHead, type SiteLink } from './siteLink.ts';

/** What the station's chain has that the site's does not fit: the alarm at the station. */
export interface SiteChainAlarm {
  /** `behind`: the site holds more of this station than its database; `differs`: another event at a position both hold; `refused`: the site refused a batch. */
  problem: 'behind' | 'differs' | 'refused';
  localSeq: number;
  siteHead: SiteHead | null;
  atSeq: number | null;
  /** One line in an admin's words. */
  detail: string;
}

export interface PublisherOptions {
  /** This station's ID: its rows at the site. */
  station: string;
  link: SiteLink;
  /** The station's own audit log, read a batch at a time. */
  events: PublishingReadModel;
  /**
   * Whether the station's database connection is inside a transaction now: a read then could see
   * what is not committed yet, so the pass waits for it to end.
   */
  inTransaction: () => boolean;
  /** `<data>/xray-images`: the only folder image files are read from; null when the station keeps none. */
  imageStore: string | null;
  /** Records the alarm at the station (an audit event); the publisher has stopped by then. */
  recordAlarm: (alarm: SiteChainAlarm) => void;
  onStatus: (status: SiteLinkStatus) => void;
  /** Takes the site's password out of a line before it is logged or shown. */
  redact: (text: string) => string;
  log: Log;
  now?: () => Date;
  /** Events per batch (500). */
  batchSize?: number;
  /** First and longest wait between tries while the site is not reached (1 s, doubling to 60 s). */
  retry?: { firstMs: number; maxMs: number };
  /** How long one call to the site may take before it counts as not answered (30 s). */
  callTimeoutMs?: number;
  /** How often the site's head and the log are looked at without being woken (events added by another process, e.g. the CLI; a chain the site now holds differently): 10 s. */
  pollMs?: number;
  /** The shortest interval between two status pushes that only move the waiting count (1 s). */
  statusEveryMs?: number;
}

/** No image the station keeps is larger than the hot folder ever takes. */
const MAX_IMAGE_BYTES = HOT_FOLDER_MAX_MEGABYTES_LIMIT * 1024 * 1024;

class SiteDidNotAnswer extends Error {
  override name = 'SiteDidNotAnswer';
}

/**
 * Sends the station's record to the site: the audit log is the outbox. Nothing is kept here: each
 * pass asks the site for its head of this station's chain and sends what follows, a batch at a
 * time, the X-ray images a batch names first. The site skips what it holds, so a batch sent again
 * after a lost reply adds nothing; a restart resumes from the site's head.
 *
 * It runs beside the station, never in a step's way: woken after an event is appended (the pass
 * starts once the transaction is over), reading short runs of committed rows, sending
 * asynchronously. While the site is not reached it tries again with a growing wait. When the site
 * refuses the chain, or holds one this database is behind or differs from, it stops and raises the
 * alarm: retrying could not fix it, and a person must look (verify --site).
 */
export class Publisher {
  readonly #o: Required<Omit<PublisherOptions, 'now'>> & { now: () => Date };
  /** What the site holds of this chain, as last heard; undefined when it must be asked (at start, after a failure). */
  #siteHead: SiteHead | null | undefined = undefined;
  /** The site's head as last heard, kept across a failure for the waiting count. */
  #lastKnownSiteSeq: number | null = null;
  #lastContactAt: string | null = null;
  #state: SiteLinkState = 'connecting';
  #detail: string | null = null;
  #running = false;
  #again = false;
  #stopped = true;
  #closed = false;
  #retryMs = 0;
  #timer: NodeJS.Timeout | null = null;
  #poll: NodeJS.Timeout | null = null;
  #pushed: SiteLinkStatus | null = null;
  #pushedAt = 0;
  #pushTimer: NodeJS.Timeout | null = null;
  #pass: Promise<void> = Promise.resolve();

  constructor(options: PublisherOptions) {
    this.#o = {
      batchSize: 500,
      retry: { firstMs: 1_000, maxMs: 60_000 },
      callTimeoutMs: 30_000,
      pollMs: 10_000,
      statusEveryMs: 1_000,
      ...options,
      now: options.now ?? (() => new Date()),
    };
    if (!Number.isInteger(this.#o.batchSize) || this.#o.batchSize < 1) throw new Error('Publisher: the batch size is a whole number of events, at least 1');
  }

  start(): void {
    if (!this.#stopped || this.#closed) return;
    this.#stopped = false;
    this.#poll = setInterval(() => {
      // Each look asks the site again: a chain the site now holds differently (another machine
      // publishing as this station, a database swapped under a running station) is seen while idle too.
      if (!this.#running) this.#siteHead = undefined;
      this.wake();
    }, this.#o.pollMs);
    this.#poll.unref();
    this.#push(true);
    this.wake();
  }

  /**
   * Something was recorded: a pass soon. Called inside the recording transaction, so it only
   * schedules (it reads nothing: a count now would see what may still roll back). While waiting to
   * try the site again, only the status (the waiting count) is pushed, a moment later.
   */
  wake(): void {
    if (this.#stopped || this.#state === 'refused') return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) {
      this.#pushLater();
      return;
    }
    this.#schedule(0);
  }

  status(): SiteLinkStatus {
    return {
      state: this.#state,
      waiting: this.#waiting(),
      lastContactAt: this.#lastContactAt,
      detail: this.#detail,
      at: this.#o.now().toISOString(),
    };
  }

  /** Stops trying and closes the link; a call to the site still under way is left to fail or end alone. */
  async stop(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopped = true;
    for (const timer of [this.#timer, this.#poll, this.#pushTimer]) if (timer) clearTimeout(timer);
    this.#timer = this.#poll = this.#pushTimer = null;
    await this.#bounded(this.#o.link.close(), 'closing the link').catch((error: unknown) => this.#o.log.warn(this.#o.redact(`the link did not close cleanly: ${describe(error)}`)));
  }

  /** The pass under way, or the last one: for tests and shutdown. */
  idle(): Promise<void> {
    return this.#pass;
  }

  #schedule(ms: number): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#run();
    }, ms);
    this.#timer.unref();
  }

  #run(): void {
    if (this.#stopped || this.#running || this.#state === 'refused') return;
    this.#running = true;
    this.#again = false;
    this.#pass = this.#passes().finally(() => {
      this.#running = false;
      if (this.#again) this.wake();
    });
  }

  async #passes(): Promise<void> {
    try {
      await this.#sendAll();
      this.#retryMs = 0;
    } catch (error) {
      if (this.#stopped) return;
      if (error instanceof SiteChainRefused) {
        this.#alarm({
          problem: 'refused',
          localSeq: this.#o.events.chainHead()?.seq ?? 0,
          siteHead: error.siteHead,
          atSeq: error.atSeq,
          detail: `the site refused this station's events from seq ${error.atSeq}: ${this.#o.redact(error.message)}`,
        });
        return;
      }
      this.#offline(error);
    }
  }

  /** Sends batches until the site holds everything committed here, or something stops it. */
  async #sendAll(): Promise<void> {
    for (;;) {
      if (this.#stopped || this.#state === 'refused') return;
      if (this.#o.inTransaction()) {
        // Only ever while someone holds a transaction open across an await: what is read now might
        // be rolled back. Try again in a moment; nothing uncommitted is sent.
        this.#schedule(50);
        return;
      }
      const local = this.#o.events.chainHead();
      if (this.#siteHead === undefined) {
        const head = await this.#call(this.#o.link.head(this.#o.station), 'asking for its head');
        if (this.#stopped) return;
        this.#heard(head);
        continue; // read the local head again: time passed
      }
      const siteHead = this.#siteHead;
      const localSeq = local?.seq ?? 0;
      if (siteHead && this.#disagrees(siteHead, localSeq)) return;
      const from = siteHead?.seq ?? 0;
      if (from >= localSeq) {
        this.#setState('online', null);
        return;
      }
      const rows = this.#o.events.eventsAfter(from, this.#o.batchSize);
      await this.#sendImages(rows);
      if (this.#stopped) return;
      await this.#sendProtocols(rows);
      if (this.#stopped) return;
      const head = await this.#call(this.#o.link.publish(this.#o.station, rows), 'adding events');
      if (this.#stopped) return;
      // A head short of the batch would send it again and again: count it as a site that is not right.
      const last = rows.at(-1)?.seq ?? from;
      if (head.seq < last) throw new Error(`the site answered with its head at ${head.seq} after being sent events up to ${last}`);
      this.#heard(head);
      const waiting = this.#waiting() ?? 0;
      this.#setState(waiting > 0 ? 'lagging' : 'online', null);
      // Let the station's own work run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** True (and the alarm raised) when this database is behind the site's chain or differs from it. */
  #disagrees(siteHead: SiteHead, localSeq: number): boolean {
    if (siteHead.seq > localSeq) {
      this.#alarm({
        problem: 'behind',
        localSeq,
        siteHead,
        atSeq: localSeq + 1,
        detail: `this station's database ends at event ${localSeq} but the site holds its chain up to ${siteHead.seq}: the database was truncated, restored from an old backup or replaced`,
      });
      return true;
    }
    const mine = this.#o.events.linkAt(siteHead.seq);
    if (mine?.hash !== siteHead.hash) {
      this.#alarm({
        problem: 'differs',
        localSeq,
        siteHead,
        atSeq: siteHead.seq,
        detail: `event ${siteHead.seq} of this station's database is not the one the site holds: the record here was rewritten or replaced`,
      });
      return true;
    }
    return false;
  }

  /** The images a batch's events name, sent (by SHA-256) before the events; one at a time, each bounded. */
  async #sendImages(rows: readonly StoredAuditRow[]): Promise<void> {
    for (const row of rows) {
      if (row.kind !== 'xray.imageCaptured') continue;
      const named = imageNamed(row.payload);
      if (!named) continue;
      const bytes = await this.#imageBytes(row.seq, named);
      if (this.#stopped) return;
      if (bytes) await this.#call(this.#o.link.publishFile(this.#o.station, { sha256: named.sha256, bytes }), 'adding an image');
    }
  }

  /**
   * The SOP each `incident.opened` of a batch was opened under, sent before the event as a site file
   * named by the SHA-256 the event carries (`protocolSha256`: of the SOP's canonical JSON), so the
   * site holds the steps' titles and what each asks for, and can check them against the chain. A
   * row that no longer matches its event (edited, or purged) is not sent: said in the log; the event
   * goes all the same (verify reports the row at the station).
   */
  async #sendProtocols(rows: readonly StoredAuditRow[]): Promise<void> {
    for (const row of rows) {
      if (row.kind !== 'incident.opened' || row.subjectType !== 'incident') continue;
      const named = protocolNamed(row.payload);
      if (!named) continue;
      const problem = (why: string) => this.#o.log.warn(`the SOP of incident ${printableFileName(row.subjectId)} (event ${row.seq}) is not sent to the site: ${why}`);
      const stored = this.#o.events.incidentProtocol(row.subjectId);
      if (stored === null) {
        problem('the incident is no longer in this station\'s database');
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = Buffer.from(canonicalJson(JSON.parse(stored)), 'utf8');
      } catch {
        problem('its row does not hold JSON');
        continue;
      }
      if (createHash('sha256').update(bytes).digest('hex') !== named) {
        problem('its row does not match the SHA-256 its event recorded');
        continue;
      }
      await this.#call(this.#o.link.publishFile(this.#o.station, { sha256: named, bytes }), 'adding an SOP');
      if (this.#stopped) return;
    }
  }

  /**
   * The image from the image store, by its bare name there (an event naming a path elsewhere is not
   * followed), checked against its SHA-256. A missing or altered file is not sent: said in the log,
   * and the event goes all the same (verify reports the file at the station).
   */
  async #imageBytes(seq: number, named: { sha256: string; file: string }): Promise<Uint8Array | null> {
    const store = this.#o.imageStore;
    const problem = (why: string) => {
      this.#o.log.warn(`the X-ray image of event ${seq} (${printableFileName(path.basename(named.file))}) is not sent to the site: ${why}`);
      return null;
    };
    if (!store) return problem('this station keeps no image store');
    let bytes: Buffer;
    try {
      bytes = await readSiteFile(fileInFolder(store, path.basename(named.file)), { maxBytes: MAX_IMAGE_BYTES });
    } catch (error) {
      if (error instanceof SiteFileRefused) return problem(error.problem === 'missing' ? 'it is missing from the image store' : error.message);
      throw error;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== named.sha256) return problem('it does not match the SHA-256 recorded at capture');
    return bytes;
  }

  #heard(head: SiteHead | null): void {
    const wasAway = this.#state === 'offline' || this.#state === 'connecting';
    this.#siteHead = head;
    this.#lastKnownSiteSeq = head?.seq ?? 0;
    this.#lastContactAt = this.#o.now().toISOString();
    if (wasAway) {
      if (this.#state === 'offline') this.#o.log.info(`the site is reached again; ${this.#waiting() ?? 0} events to send`);
      this.#setState((this.#waiting() ?? 0) > 0 ? 'lagging' : 'online', null);
    }
  }

  #offline(error: unknown): void {
    this.#siteHead = undefined;
    const detail = this.#o.redact(error instanceof SiteDidNotAnswer ? error.message : `the site is not reached: ${describe(error)}`);
    if (this.#state !== 'offline') this.#o.log.warn(`${detail}; events wait here and are sent when it is`);
    this.#setState('offline', detail);
    this.#retryMs = this.#retryMs === 0 ? this.#o.retry.firstMs : Math.min(this.#retryMs * 2, this.#o.retry.maxMs);
    this.#schedule(this.#retryMs);
  }

  #alarm(alarm: SiteChainAlarm): void {
    this.#setState('refused', `${alarm.detail}. Publishing has stopped: call the site admin (verify --db <file> --site).`);
    this.#o.log.error(`site alarm: ${alarm.detail}; publishing has stopped`);
    try {
      this.#o.recordAlarm(alarm);
    } catch (error) {
      this.#o.log.error('the site alarm could not be recorded in the audit log:', error);
    }
  }

  #waiting(): number | null {
    if (this.#lastKnownSiteSeq === null) return null;
    return Math.max(0, (this.#o.events.chainHead()?.seq ?? 0) - this.#lastKnownSiteSeq);
  }

  #setState(state: SiteLinkState, detail: string | null): void {
    const changed = state !== this.#state || detail !== this.#detail;
    this.#state = state;
    this.#detail = detail;
    this.#push(changed);
  }

  /** A status push: at once when the state changes, else at most every statusEveryMs (the last one always arrives). */
  #push(now: boolean): void {
    if (this.#stopped) return;
    const status = this.status();
    const last = this.#pushed;
    // The time of the last contact alone is no reason to push: it moves at every look (site.link tells it).
    if (last && last.state === status.state && last.waiting === status.waiting && last.detail === status.detail) return;
    const wait = now ? 0 : this.#pushedAt + this.#o.statusEveryMs - Date.now();
    if (wait <= 0) {
      if (this.#pushTimer) clearTimeout(this.#pushTimer);
      this.#pushTimer = null;
      this.#pushed = status;
      this.#pushedAt = Date.now();
      this.#o.onStatus(status);
      return;
    }
    this.#pushLater();
  }

  /** A status push once the throttle allows, from a timer (never inside the caller's transaction). */
  #pushLater(): void {
    if (this.#pushTimer || this.#stopped) return;
    this.#pushTimer = setTimeout(
      () => {
        this.#pushTimer = null;
        this.#push(true);
      },
      Math.max(0, this.#pushedAt + this.#o.statusEveryMs - Date.now()),
    );
    this.#pushTimer.unref();
  }

  /** One call to the site, bounded: a site that does not answer counts as not reached (the call may still end later, harmlessly). */
  #call<T>(call: Promise<T>, what: string): Promise<T> {
    return this.#bounded(call, what);
  }

  #bounded<T>(call: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new SiteDidNotAnswer(`the site did not answer in ${Math.round(this.#o.callTimeoutMs / 1000)} s (${what})`)), this.#o.callTimeoutMs);
      timer.unref();
    });
    // A call given up on may still fail later: that must not be an unhandled rejection.
    call.catch(() => undefined);
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }
}

function imageNamed(payload: string): { sha256: string; file: string } | null {
  try {
    const value = JSON.parse(payload) as { sha256?: unknown; file?: unknown };
    return typeof value.sha256 === 'string' && typeof value.file === 'string' ? { sha256: value.sha256, file: value.file } : null;
  } catch {
    return null;
  }
}

function protocolNamed(payload: string): string | null {
  try {
    const value = JSON.parse(payload) as { protocolSha256?: unknown };
    return typeof value.protocolSha256 === 'string' && /^[0-9a-f]{64}$/.test(value.protocolSha256) ? value.protocolSha256 : null;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
