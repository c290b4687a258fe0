import type { DeviceHealth } from '../../shared/contract/index.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import type { BackoffOptions } from './backoff.ts';
import { DeviceHealthState } from './deviceHealth.ts';
import type { DeviceHealthStatus } from './deviceHealth.ts';
import { ReconnectLoop } from './reconnectLoop.ts';
import type { ConnectOutcome } from './reconnectLoop.ts';

/**
 * What the scanners and scales have in common, kept in one place so that they start, stop and
 * report health the same way: a parsed config, a ReconnectLoop that keeps the device open, and a
 * health that is emitted as `status` only when it changes. A subclass says how one connect
 * attempt goes and how its transport is closed; its own events stay its own.
 */
export abstract class ReconnectingDevice<
  Config extends { id: string },
  Events extends { status: DeviceHealthStatus } & { [K in keyof Events]: object },
> extends TypedEmitter<Events> {
  readonly config: Config;
  protected readonly loop: ReconnectLoop;
  readonly #health: DeviceHealthState;

  constructor(config: Config, backoff: BackoffOptions | undefined) {
    super();
    this.config = config;
    this.loop = new ReconnectLoop({ connect: (superseded) => this.connect(superseded), disconnect: () => this.disconnect() }, { backoff });
    this.#health = new DeviceHealthState(config.id);
  }

  get id(): string {
    return this.config.id;
  }

  get status(): DeviceHealthStatus {
    return this.#health.current;
  }

  /** Starts opening the device; returns at once. Progress is reported through `status`. */
  start(): void {
    this.loop.start();
  }

  /** Closes the device and cancels any retry. Resolves once it is closed; never rejects. */
  async stop(): Promise<void> {
    // false: a start() while we waited owns the device now, and its status stands.
    if (await this.loop.stop()) this.setStatus('offline', 'stopped');
  }

  /** One connect attempt (see ReconnectHooks.connect): reports its own failure, never rejects. */
  protected abstract connect(superseded: () => boolean): Promise<boolean>;

  /** Closes the transport; called by stop() only. */
  protected abstract disconnect(): Promise<void>;

  /** Shows a failed attempt as the device's status; true only when the device was opened. */
  protected opened<Opened>(outcome: ConnectOutcome<Opened>): outcome is { kind: 'open'; opened: Opened } {
    if (outcome.kind === 'failed') this.setStatus(outcome.health, outcome.detail);
    return outcome.kind === 'open';
  }

  /** The open device went away: say why and let the loop reconnect, unless we are stopping. */
  protected lost(health: DeviceHealth, detail: string): void {
    if (!this.loop.running) return;
    this.setStatus(health, detail);
    this.loop.lost();
  }

  protected setStatus(health: DeviceHealth, detail: string | null): void {
    const changed = this.#health.set(health, detail);
    // Events['status'] is DeviceHealthStatus in every device; the compiler cannot see that here.
    if (changed) this.emit('status', changed as Events['status']);
  }
}
