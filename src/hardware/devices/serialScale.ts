import { toScaleReading } from '../protocols/index.ts';
import { SerialTransport } from '../transports/index.ts';
import type { SerialLineTransport } from '../transports/index.ts';
import type { BackoffOptions } from './backoff.ts';
import { connectSerialPort, serialLossStatus } from './openFailure.ts';
import { ReconnectingDevice } from './reconnectingDevice.ts';
import type { ScaleEvents, ScaleZeroResult } from './scaleEvents.ts';
import { parseSerialScaleConfig } from '../../shared/devices/index.ts';
import type { SerialScaleConfig, SerialScaleConfigInput } from '../../shared/devices/index.ts';
import { serialScaleDialect } from './serialScaleDialects.ts';
import type { ReplyFramer, ReplyTo, ScaleReply, SerialScaleDialect } from './serialScaleDialect.ts';

export interface SerialScaleOptions {
  reconnect?: BackoffOptions;
  /** The port; a MemorySerialTransport in unit tests. Default: a real serial port. */
  transport?: SerialLineTransport;
  /** The protocol spoken, instead of the one the config's `protocol` selects (unit tests of a delivery mode). */
  dialect?: SerialScaleDialect;
}

interface Request {
  to: Exclude<ReplyTo, 'any'>;
  sentAt: number;
  settle?: (result: ScaleZeroResult) => void;
}

/**
 * A serial or USB-serial scale speaking one of the dialects in serialScaleDialects.ts. start()
 * opens the port and keeps it open (retrying with a doubling backoff, like SerialScanner), then
 * gets the weight as the dialect delivers it: asked for every pollMs (polled), streamed after one
 * request (on request: MT-SICS `stream` sends SIR), or sent by the scale unasked (push). The scale
 * is online only once it has answered: an open port with a switched-off scale behind it is not a
 * scale. A request left unanswered, or a stream silent, for replyTimeoutMs marks it offline until it
 * answers again. A reply that cannot be decoded is counted in parseErrors and skipped; nothing here
 * throws at the caller.
 */
export class SerialScale extends ReconnectingDevice<SerialScaleConfig, ScaleEvents> {
  readonly #transport: SerialLineTransport;
  readonly #dialect: SerialScaleDialect;
  #framer: ReplyFramer;
  #earlierParseErrors = 0;
  /** Requests sent and not yet answered, oldest first; the scale answers in order. */
  #pending: Request[] = [];
  /** When the current connection last heard a decodable reply (or opened). */
  #lastReplyAt = 0;
  /** Bytes received since the last decodable reply: tells "wrong settings" from "silent". */
  #bytesSinceReply = 0;
  #tick: NodeJS.Timeout | null = null;

  constructor(config: SerialScaleConfigInput, options: SerialScaleOptions = {}) {
    super(parseSerialScaleConfig(config), options.reconnect);
    this.#transport = options.transport ?? new SerialTransport();
    this.#dialect = options.dialect ?? serialScaleDialect(this.config);
    this.#framer = this.#dialect.createFramer();
    this.#transport.on('data', ({ bytes }) => this.#onBytes(bytes));
    this.#transport.on('disconnect', ({ reason, unplugged }) => this.#onDisconnect(reason, unplugged));
  }

  get running(): boolean {
    return this.loop.running;
  }

  /** Frames dropped as oversize or undecodable, over the device's lifetime. */
  get parseErrors(): number {
    return this.#earlierParseErrors + this.#framer.parseErrors;
  }

  /** Starts opening the port and polling; returns at once. Progress is reported through `status`. */
  override start(): void {
    if (this.loop.running) return;
    this.#tick ??= setInterval(() => this.#onTick(), this.config.pollMs);
    super.start();
  }

  /** Stops polling, closes the port and cancels any retry. Never rejects. */
  override async stop(): Promise<void> {
    if (this.#tick) clearInterval(this.#tick);
    this.#tick = null;
    this.#failPending('the scale was stopped');
    await super.stop();
  }

  /** Retries at once instead of waiting out the backoff: call it on a USB hotplug event. */
  reconnectNow(): void {
    this.loop.now();
  }

  /** Zeroes the scale (MT-SICS `Z`, NCI `Z`); resolves with the scale's answer, never rejects. */
  zero(): Promise<ScaleZeroResult> {
    if (!this.#transport.isOpen || this.status.health !== 'online') {
      return Promise.resolve({ ok: false, reason: 'the scale is offline' });
    }
    const command = this.#dialect.zeroCommand;
    if (command === null) return Promise.resolve({ ok: false, reason: 'this scale is zeroed on its own keypad, not from the station' });
    return new Promise((settle) => {
      this.#pending.push({ to: 'zero', sentAt: Date.now(), settle });
      this.#send(command);
    });
  }

  protected async connect(superseded: () => boolean): Promise<boolean> {
    // Bytes from before an unplug would otherwise be glued to the front of the next reply.
    this.#earlierParseErrors += this.#framer.parseErrors;
    this.#framer = this.#dialect.createFramer();
    const outcome = await connectSerialPort(this.#transport, this.config, superseded);
    if (!this.opened(outcome)) return false;
    const path = outcome.opened;
    this.#pending = [];
    this.#lastReplyAt = Date.now();
    this.#bytesSinceReply = 0;
    this.setStatus('offline', `${path} is open: waiting for the scale to answer`);
    const { delivery } = this.#dialect;
    if (delivery.kind === 'onRequest') this.#send(delivery.command);
    else if (delivery.kind === 'polled') this.#poll(delivery.command);
    return true;
  }

  protected disconnect(): Promise<void> {
    return this.#transport.close();
  }

  #send(bytes: Uint8Array): void {
    // A failed write means the port is going away; its disconnect event reports that.
    this.#transport.write(bytes).catch(() => undefined);
  }

  #poll(command: Uint8Array): void {
    this.#pending.push({ to: 'weight', sentAt: Date.now() });
    this.#send(command);
  }

  #onTick(): void {
    if (!this.#transport.isOpen) return;
    const now = Date.now();
    const { delivery } = this.#dialect;
    // Polled, the oldest unanswered request is what waits; streaming or pushed, the last line is.
    const waitingSince = delivery.kind === 'polled' ? this.#pending[0]?.sentAt : this.#lastReplyAt;
    if (waitingSince !== undefined && now - waitingSince > this.config.replyTimeoutMs) {
      this.#onSilence();
      if (delivery.kind !== 'polled') this.#lastReplyAt = now;
      // A scale that was switched off and on has forgotten SIR; ask again.
      if (delivery.kind === 'onRequest') this.#send(delivery.command);
    }
    if (delivery.kind === 'polled' && this.#pending.length === 0) this.#poll(delivery.command);
  }

  #onSilence(): void {
    this.#failPending('the scale did not answer');
    const { path, replyTimeoutMs } = this.config;
    if (this.#bytesSinceReply > 0) {
      this.setStatus(
        'fault',
        `the device on ${path} answers but its replies cannot be decoded: check that the protocol (${this.config.protocol}) and line settings match the scale`,
      );
    } else {
      this.setStatus('offline', `no answer from the scale on ${path} within ${replyTimeoutMs} ms: check that it is switched on and its cable is connected`);
    }
    this.#bytesSinceReply = 0;
  }

  #failPending(reason: string): void {
    for (const request of this.#pending.splice(0)) request.settle?.({ ok: false, reason });
  }

  #onDisconnect(reason: string, unplugged: boolean): void {
    this.#failPending('the scale was disconnected');
    const { health, detail } = serialLossStatus(this.config.path, reason, unplugged);
    this.lost(health, detail);
  }

  #onBytes(bytes: Uint8Array): void {
    this.#bytesSinceReply += bytes.length;
    for (const reply of this.#framer.push(bytes)) {
      if (reply !== null) this.#onReply(reply);
    }
  }

  #onReply(reply: ScaleReply): void {
    this.#lastReplyAt = Date.now();
    this.#bytesSinceReply = 0;
    const index = reply.to === 'any' ? 0 : this.#pending.findIndex((r) => r.to === reply.to);
    const request = index >= 0 ? this.#pending.splice(index, 1)[0] : undefined;
    if (reply.zero) request?.settle?.(reply.zero);
    else if (reply.refusal) request?.settle?.({ ok: false, reason: reply.refusal });

    if (reply.refusal) this.setStatus('fault', reply.refusal);
    else this.setStatus('online', reply.notice ?? null);
    if (reply.measurement) this.emit('reading', toScaleReading(this.config.id, reply.measurement, new Date(), this.config.capacityKg * 1000));
  }
}
