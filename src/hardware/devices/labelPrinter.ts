import type { DeviceHealth } from '../../shared/contract/index.ts';
import type { PrinterCondition } from '../../shared/contract/index.ts';
import { checkZplJob, zplHostStatusRequest } from '../protocols/index.ts';
import { HostStatusFramer } from '../protocols/index.ts';
import type { HostStatus } from '../protocols/index.ts';
import { messageOf } from '../transports/index.ts';
import type { PrinterTransport } from '../transports/index.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import type { BackoffOptions } from './backoff.ts';
import { parseLabelPrinterConfig } from '../../shared/devices/index.ts';
import type { LabelPrinterConfig, LabelPrinterConfigInput } from '../../shared/devices/index.ts';
import { conditionOf, faultsOf } from './printerCondition.ts';
import { PrinterError } from './printerError.ts';
import { describePrinterOpenFailure, transportFor } from './printerLink.ts';
import { ReconnectLoop } from './reconnectLoop.ts';

export interface PrinterStatus {
  deviceId: string;
  health: DeviceHealth;
  /** What is wrong, in words an operator can act on ("Paper out — load labels"); null when online. */
  detail: string | null;
  /** The last `~HS` the printer sent on this connection; null while none has been received. */
  condition: PrinterCondition | null;
}

export interface LabelPrinterEvents {
  /** Emitted on every change of health, detail or condition, never repeated for the same state. */
  status: PrinterStatus;
}

export interface LabelPrinterOptions {
  /** Overrides the link built from config.transport (a custom link, or a test double). */
  transport?: PrinterTransport;
  reconnect?: BackoffOptions;
  /** Pause between the `~HS` requests that wait for a job to come out. */
  confirmPollMs?: number;
}

interface Waiter {
  resolve: (status: HostStatus) => void;
  reject: (err: PrinterError) => void;
  timer: NodeJS.Timeout;
}

const HOST_STATUS_REQUEST = Buffer.from(zplHostStatusRequest(), 'latin1');
const noop = (): void => undefined;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A ZPL label printer: a transport, `~HS` polling and confirmed printing.
 *
 * The printer's own word is the only source of its state. Health is `offline` until it has
 * answered a `~HS` on the current connection, `fault` while a reply carries a fault flag, and
 * `offline` again as soon as the link drops or a reply does not come within replyTimeoutMs
 * (then the link is closed and reopened: a half-open TCP connection never recovers by itself).
 *
 * Replies carry no request id, so `~HS` requests are strictly one at a time: a reply always
 * answers the request in flight, and a request never gets a reply to an earlier one.
 *
 * No I/O error escapes as an exception or an unobserved rejection; print() rejects with a
 * PrinterError, everything else becomes a `status` event.
 */
export class LabelPrinter extends TypedEmitter<LabelPrinterEvents> {
  readonly config: LabelPrinterConfig;
  readonly #transport: PrinterTransport;
  readonly #loop: ReconnectLoop;
  readonly #confirmPollMs: number;
  readonly #framer = new HostStatusFramer();
  #parseErrors = 0;
  #connected = false;
  #pollTimer: NodeJS.Timeout | null = null;
  #waiter: Waiter | null = null;
  #exchange: Promise<void> = Promise.resolve();
  #printChain: Promise<void> = Promise.resolve();
  #status: PrinterStatus;

  constructor(config: LabelPrinterConfigInput, options: LabelPrinterOptions = {}) {
    super();
    this.config = parseLabelPrinterConfig(config);
    this.#transport = options.transport ?? transportFor(this.config.transport);
    // An open TCP socket says nothing about the printer behind it: only a ~HS reply restarts the backoff.
    this.#loop = new ReconnectLoop(
      { connect: (superseded) => this.#connect(superseded), disconnect: () => this.#disconnect() },
      { backoff: options.reconnect, resetBackoffOn: 'confirmed' },
    );
    this.#confirmPollMs = options.confirmPollMs ?? 250;
    this.#status = { deviceId: this.config.id, health: 'offline', detail: 'not started', condition: null };
    this.#transport.onData((bytes) => this.#onBytes(bytes));
    this.#transport.onDisconnect(({ reason }) => this.#onDisconnect(reason));
  }

  get id(): string {
    return this.config.id;
  }

  get status(): PrinterStatus {
    return { ...this.#status, condition: this.#status.condition && { ...this.#status.condition } };
  }

  get running(): boolean {
    return this.#loop.running;
  }

  /** Status replies that did not parse (garbled bytes), over the device's lifetime. */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  /** Starts connecting; returns at once. Progress is reported through `status`. */
  start(): void {
    this.#loop.start();
  }

  /** Closes the link and cancels polling and retries. Resolves once closed; never rejects. */
  async stop(): Promise<void> {
    const stopping = this.#loop.stop();
    this.#clearPoll();
    this.#failWaiter(new PrinterError('stopped', `${this.config.name} was stopped`, false));
    // false: a start() while we waited owns the link now, and its status stands.
    if (await stopping) this.#setStatus('offline', 'stopped', null);
  }

  /**
   * Prints one job and resolves only once the printer reports it printed: no formats left in its
   * buffer and no fault. Rejects at once, sending nothing, while the printer is offline or reports
   * a fault (checked with a fresh `~HS`, not the last poll). If a fault appears after the job went
   * out, the printer keeps the label and prints it when the fault is cleared, so this keeps
   * waiting, up to config.confirmTimeoutMs. Jobs are sent one at a time, in call order.
   */
  print(zpl: string): Promise<void> {
    const run = this.#printChain.then(() => this.#printOnce(zpl));
    this.#printChain = run.then(noop, noop);
    return run;
  }

  async #printOnce(zpl: string): Promise<void> {
    const check = checkZplJob(zpl);
    if (!check.ok) throw new PrinterError('invalid-job', `The label cannot be printed: ${check.message}`, false);
    if (!this.#loop.running) throw new PrinterError('stopped', `${this.config.name} is not started`, false);
    if (!this.#connected) {
      throw new PrinterError('offline', `${this.config.name} is offline: ${this.#status.detail ?? 'not connected'}`, false);
    }
    const before = await this.#requestStatus();
    const faults = faultsOf(conditionOf(before));
    if (faults.length > 0) throw new PrinterError('fault', faults.join('; '), false);
    try {
      await this.#transport.write(Buffer.from(zpl, 'utf8'));
    } catch (err) {
      throw new PrinterError('unconfirmed', `The label may be partly sent; the link failed: ${messageOf(err)}`, true);
    }
    await this.#confirm();
  }

  async #confirm(): Promise<void> {
    const deadline = Date.now() + this.config.confirmTimeoutMs;
    for (;;) {
      await sleep(this.#confirmPollMs);
      let status: HostStatus;
      try {
        status = await this.#requestStatus();
      } catch (err) {
        throw new PrinterError('unconfirmed', `The label was sent but the printer did not confirm it: ${messageOf(err)}`, true);
      }
      const faults = faultsOf(conditionOf(status));
      const drained = status.formatsInBuffer === 0 && status.labelsRemaining === 0 && !status.partialFormatInProgress;
      if (drained && faults.length === 0) return;
      if (Date.now() > deadline) {
        const why = faults.length > 0 ? faults.join('; ') : `${status.formatsInBuffer} label(s) still waiting in the printer`;
        throw new PrinterError('unconfirmed', `The label was sent but not printed within the time allowed: ${why}`, true);
      }
    }
  }

  async #connect(superseded: () => boolean): Promise<boolean> {
    // Bytes from before a reconnect would otherwise be taken as the start of the next reply.
    this.#framer.reset();
    try {
      await this.#transport.open();
    } catch (err) {
      if (!superseded()) this.#setStatus('offline', describePrinterOpenFailure(err, this.#transport.address), null);
      return false;
    }
    if (superseded()) {
      await this.#transport.close();
      return false;
    }
    this.#connected = true;
    // Not online yet: only the printer's answer to ~HS says it can print.
    this.#setStatus('offline', `connected to ${this.#transport.address}, waiting for the printer to report its status`, null);
    this.#schedulePoll(0);
    return true;
  }

  async #disconnect(): Promise<void> {
    this.#connected = false;
    await this.#transport.close();
  }

  #schedulePoll(delayMs: number): void {
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = setTimeout(() => void this.#poll(), delayMs);
  }

  /** Never rejects: a failed poll has already been turned into a status. */
  async #poll(): Promise<void> {
    this.#pollTimer = null;
    try {
      await this.#requestStatus();
    } catch {
      // offline, disconnected or stopped: reported by whoever noticed
    }
    if (this.#loop.running && this.#connected && this.#pollTimer === null) this.#schedulePoll(this.config.statusPollMs);
  }

  /** One `~HS` exchange at a time (see the class comment). */
  #requestStatus(): Promise<HostStatus> {
    const run = this.#exchange.then(() => this.#askOnce());
    this.#exchange = run.then(noop, noop);
    return run;
  }

  async #askOnce(): Promise<HostStatus> {
    if (!this.#connected) {
      throw new PrinterError('offline', `${this.config.name} is offline: ${this.#status.detail ?? 'not connected'}`, false);
    }
    const generation = this.#loop.generation;
    const reply = new Promise<HostStatus>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#waiter?.timer !== timer) return;
        this.#waiter = null;
        const detail = `No reply from the printer at ${this.#transport.address} — check that it is switched on and connected`;
        reject(new PrinterError('offline', detail, false));
        void this.#dropConnection(generation, detail);
      }, this.config.replyTimeoutMs);
      this.#waiter = { resolve, reject, timer };
    });
    // The reply may be rejected (timeout, stop) while the write below is still pending, before
    // anyone awaits it; marked handled here so that is never an unhandled rejection.
    reply.catch(noop);
    try {
      await this.#transport.write(HOST_STATUS_REQUEST);
    } catch (err) {
      this.#failWaiter(new PrinterError('offline', `Cannot reach the printer: ${messageOf(err)}`, false));
    }
    return reply;
  }

  #onBytes(bytes: Uint8Array): void {
    for (const result of this.#framer.push(bytes)) {
      if (!result.ok) {
        // Left to the reply timeout: one garbled reply is noise, none at all is an offline printer.
        this.#parseErrors += 1;
        continue;
      }
      const condition = conditionOf(result.status);
      const faults = faultsOf(condition);
      this.#loop.confirmed();
      if (faults.length > 0) this.#setStatus('fault', faults.join('; '), condition);
      else this.#setStatus('online', null, condition);
      const waiter = this.#waiter;
      this.#waiter = null;
      if (waiter) {
        clearTimeout(waiter.timer);
        waiter.resolve(result.status);
      }
    }
  }

  #onDisconnect(reason: string): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#clearPoll();
    const detail = `Printer connection lost (${reason}) — check that it is switched on and connected`;
    this.#failWaiter(new PrinterError('offline', detail, false));
    if (!this.#loop.running) return;
    this.#setStatus('offline', detail, null);
    this.#loop.lost();
  }

  /** The link is open but the printer is not answering on it: close it and start over. */
  async #dropConnection(generation: number, detail: string): Promise<void> {
    if (!this.#connected || generation !== this.#loop.generation) return;
    this.#connected = false;
    this.#clearPoll();
    this.#setStatus('offline', detail, null);
    await this.#transport.close();
    this.#loop.lost(generation);
  }

  #failWaiter(err: PrinterError): void {
    const waiter = this.#waiter;
    this.#waiter = null;
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.reject(err);
  }

  #clearPoll(): void {
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
  }

  #setStatus(health: DeviceHealth, detail: string | null, condition: PrinterCondition | null): void {
    const next: PrinterStatus = { deviceId: this.config.id, health, detail, condition };
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    this.emit('status', this.status);
  }
}
