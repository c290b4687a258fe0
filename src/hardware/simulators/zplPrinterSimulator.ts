import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { formatExtendedStatus } from '../protocols/index.ts';
import { formatHostStatus } from '../protocols/index.ts';
import type { HostStatus } from '../protocols/index.ts';

export interface ZplPrinterSimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one, kept across stop()/start(). */
  port?: number;
  /** Time to print one label once it is at the head of the buffer; 0 prints on the next tick. */
  printMs?: number;
  /** Label length reported in `~HS`, in dots (4×6 in at 203 dpi by default). */
  labelLengthDots?: number;
}

const HOST = '127.0.0.1';
// The longest command the parser waits for across chunk boundaries ("~HQES" and "^XA"/"^XZ").
const HOLD_BACK = 4;

/**
 * A Zebra-like ZPL printer on 127.0.0.1 raw TCP (the 9100 protocol): it takes `^XA` … `^XZ`
 * formats into a buffer and "prints" them one at a time, and answers `~HS` (and `~HQES`) at once,
 * even mid-format, with byte-correct status strings, like the firmware's tilde commands.
 *
 * While the paper is out, the head is open or the printer is paused, formats stay in the buffer
 * and are counted in `~HS`; they print when the fault clears, as on a real printer.
 *
 * stop() is the printer going away (cable pulled, switched off): every connection is dropped, the
 * port stops listening and printing halts, but the buffer is kept; start() listens again on the
 * same port and printing resumes.
 */
export class ZplPrinterSimulator {
  readonly #options: Required<ZplPrinterSimulatorOptions>;
  #server: Server | null = null;
  #port: number;
  readonly #sockets = new Set<Socket>();
  #paperOut = false;
  #headOpen = false;
  #paused = false;
  #ribbonOut = false;
  readonly #buffer: string[] = [];
  readonly #printed: string[] = [];
  #partialFormats = 0;
  #printTimer: NodeJS.Timeout | null = null;
  #statusRequests = 0;
  #connections = 0;

  constructor(options: ZplPrinterSimulatorOptions = {}) {
    this.#options = { port: 0, printMs: 0, labelLengthDots: 1218, ...options };
    this.#port = this.#options.port;
  }

  get host(): string {
    return HOST;
  }

  /** The port listened on (0 before the first start()). */
  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#server !== null;
  }

  /** Connections accepted since construction. */
  get connections(): number {
    return this.#connections;
  }

  /** `~HS` requests answered since construction. */
  get statusRequests(): number {
    return this.#statusRequests;
  }

  /** Listens (again) on the same port; resolves with it. */
  async start(): Promise<number> {
    if (this.#server) return this.#port;
    const server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: HOST, port: this.#port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A listening server's later errors must not crash the test process.
    server.on('error', () => undefined);
    const address = server.address();
    if (address && typeof address === 'object') this.#port = address.port;
    this.#server = server;
    this.#printNext();
    return this.#port;
  }

  /** Drops every connection and stops listening ("unplugged"). Safe to call twice. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (this.#printTimer) clearTimeout(this.#printTimer);
    this.#printTimer = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setPaperOut(value: boolean): void {
    this.#paperOut = value;
    this.#printNext();
  }

  setHeadOpen(value: boolean): void {
    this.#headOpen = value;
    this.#printNext();
  }

  setPaused(value: boolean): void {
    this.#paused = value;
    this.#printNext();
  }

  setRibbonOut(value: boolean): void {
    this.#ribbonOut = value;
    this.#printNext();
  }

  /** Formats printed, oldest first, each exactly as received from `^XA` to `^XZ`. */
  printed(): string[] {
    return [...this.#printed];
  }

  /** Formats received but not printed yet. */
  buffered(): string[] {
    return [...this.#buffer];
  }

  /** What `~HS` reports right now. */
  hostStatus(): HostStatus {
    return {
      communicationSettings: 30,
      paperOut: this.#paperOut,
      paused: this.#paused,
      labelLengthDots: this.#options.labelLengthDots,
      formatsInBuffer: this.#buffer.length,
      bufferFull: false,
      communicationsDiagnosticMode: false,
      partialFormatInProgress: this.#partialFormats > 0,
      corruptRam: false,
      underTemperature: false,
      overTemperature: false,
      functionSettings: 1,
      headOpen: this.#headOpen,
      ribbonOut: this.#ribbonOut,
      thermalTransferMode: false,
      printMode: 2,
      printWidthMode: 6,
      labelWaiting: false,
      labelsRemaining: this.#buffer.length,
      formatWhilePrinting: true,
      graphicsStored: 0,
      password: '1234',
      staticRamInstalled: false,
    };
  }

  get #faulted(): boolean {
    return this.#paperOut || this.#headOpen || this.#paused || this.#ribbonOut;
  }

  #accept(socket: Socket): void {
    this.#connections += 1;
    this.#sockets.add(socket);
    // UTF-8 across chunk boundaries: ^CI28 jobs split mid-character must be recorded intact.
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let format: string | null = null;
    let inFormat = false;
    socket.on('error', () => undefined); // a reset by the driver is its business
    socket.on('close', () => {
      this.#sockets.delete(socket);
      // A format cut off by a dropped connection is discarded, as the firmware does.
      if (inFormat) this.#partialFormats -= 1;
    });
    socket.on('data', (bytes: Buffer) => {
      pending += decoder.write(bytes);
      for (;;) {
        const tilde = firstOf(pending, ['~HQES', '~HS']);
        const caret = firstOf(pending, inFormat ? ['^XZ'] : ['^XA']);
        const next = [tilde, caret].filter((m) => m !== null).sort((a, b) => a.at - b.at)[0];
        if (!next) {
          // Keep a tail that may be the start of a command split across chunks.
          const keep = Math.max(0, pending.length - HOLD_BACK);
          if (inFormat && format !== null) format += pending.slice(0, keep);
          pending = pending.slice(keep);
          return;
        }
        if (inFormat && format !== null) format += pending.slice(0, next.at);
        pending = pending.slice(next.at + next.token.length);
        if (next.token === '~HS') {
          this.#statusRequests += 1;
          socket.write(formatHostStatus(this.hostStatus()));
        } else if (next.token === '~HQES') {
          socket.write(formatExtendedStatus(this.#errorBits(), 0));
        } else if (next.token === '^XA') {
          inFormat = true;
          this.#partialFormats += 1;
          format = '^XA';
        } else {
          inFormat = false;
          this.#partialFormats -= 1;
          this.#buffer.push(`${format ?? ''}^XZ`);
          format = null;
          this.#printNext();
        }
      }
    });
  }

  #errorBits(): number {
    return (this.#paperOut ? 0x1 : 0) | (this.#ribbonOut ? 0x2 : 0) | (this.#headOpen ? 0x4 : 0) | (this.#paused ? 0x10000 : 0);
  }

  #printNext(): void {
    if (this.#printTimer || this.#faulted || this.#buffer.length === 0 || !this.#server) return;
    this.#printTimer = setTimeout(() => {
      this.#printTimer = null;
      // A fault that came up while the label was "printing" stops it before it is out.
      if (this.#faulted) return;
      const label = this.#buffer.shift();
      if (label !== undefined) this.#printed.push(label);
      this.#printNext();
    }, this.#options.printMs);
  }
}

function firstOf(text: string, tokens: readonly string[]): { at: number; token: string } | null {
  let best: { at: number; token: string } | null = null;
  for (const token of tokens) {
    const at = text.indexOf(token);
    if (at >= 0 && (best === null || at < best.at)) best = { at, token };
  }
  return best;
}
