import { TypedEmitter } from '../typedEmitter.ts';
import { SerialTransport } from './serialTransport.ts';
import { TcpTransport } from './xrayTcpTransport.ts';

// A cabinet is reached over serial or TCP (docs/xray-line-protocol.md, "Why a protocol of our
// own"). The device code only needs "open, write, close, bytes arrive, it went away", so both are
// folded into one link here and the device never branches on the transport.

export type CabinetTransportConfig =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number };

export interface CabinetLinkEvents {
  data: { bytes: Buffer };
  disconnect: { reason: string };
}

export class CabinetLink extends TypedEmitter<CabinetLinkEvents> {
  readonly config: CabinetTransportConfig;
  readonly #serial: SerialTransport | null;
  readonly #tcp: TcpTransport | null;

  constructor(config: CabinetTransportConfig) {
    super();
    this.config = config;
    this.#serial = config.kind === 'serial' ? new SerialTransport() : null;
    this.#tcp = config.kind === 'tcp' ? new TcpTransport() : null;
    const inner = this.#serial ?? this.#tcp;
    inner?.on('data', ({ bytes }) => this.emit('data', { bytes }));
    inner?.on('disconnect', ({ reason }) => this.emit('disconnect', { reason }));
  }

  /** Where the link goes, for status text: `host:port` or the tty path. */
  get address(): string {
    return this.config.kind === 'tcp' ? `${this.config.host}:${this.config.port}` : this.config.path;
  }

  async open(): Promise<void> {
    if (this.config.kind === 'tcp') await this.#tcp?.open({ host: this.config.host, port: this.config.port });
    else await this.#serial?.open(this.config.path, { baudRate: this.config.baudRate, dataBits: 8, parity: 'none', stopBits: 1 });
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.#tcp) await this.#tcp.write(bytes);
    else if (this.#serial) await this.#serial.write(bytes);
  }

  async close(): Promise<void> {
    await this.#tcp?.close();
    await this.#serial?.close();
  }
}
