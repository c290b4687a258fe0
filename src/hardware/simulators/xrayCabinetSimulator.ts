import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineFramer, TERMINATOR_BYTES } from '../protocols/index.ts';
import { decodeStationLine, encodeCabinetMessage, MSXR_MAX_LINE_BYTES, MSXR_PROTOCOL, MSXR_VERSION } from '../protocols/index.ts';
import type { CabinetMessage, CabinetReport } from '../protocols/index.ts';
import { xrayLikePng } from './xrayPng.ts';

export interface XrayCabinetSimulatorOptions {
  /** Where SCAN writes its image; without one, SCAN DONE names a file that is never written. */
  hotFolder?: string;
  model?: string;
  serial?: string;
  /** Time from ACCEPTED to the image being written (the beam is reported on meanwhile). */
  exposureMs?: number;
  /** Announce a different protocol version in HELLO (for handshake tests). */
  version?: number;
}

/**
 * An X-ray cabinet on 127.0.0.1 speaking MSXR/1. Its interlock logic is the cabinet's, as in a
 * real one: it refuses SCAN with the door open, the key off or a fault, whatever the station
 * thinks. It records every line it receives so tests can assert what the station sent.
 */
export class XrayCabinetSimulator {
  readonly #options: XrayCabinetSimulatorOptions;
  #server: Server | null = null;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  #silent = false;
  #door: 'open' | 'closed' = 'closed';
  #key: 'on' | 'off' = 'on';
  #beam: 'on' | 'off' = 'off';
  #fault: string | null = null;
  #scanning: string | null = null;
  #imageCounter = 0;
  #threatInNextScan = false;
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Every line received from the station, oldest first, across connections. */
  readonly received: string[] = [];

  constructor(options: XrayCabinetSimulatorOptions = {}) {
    this.#options = options;
  }

  /** The listening port; stays the same across stop()/start() once assigned. */
  get port(): number {
    return this.#port;
  }

  get connections(): number {
    return this.#sockets.size;
  }

  /** Listens on 127.0.0.1 (an ephemeral port the first time, the same port after). */
  async start(): Promise<void> {
    if (this.#server) return;
    const server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: this.#port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address && typeof address === 'object') this.#port = address.port;
    this.#server = server;
  }

  /** Closes the server and drops every connection: to the station, the cabinet went away. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#scanning = null;
    this.#beam = 'off';
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops answering anything (a hung controller); the connections stay open. */
  goSilent(): void {
    this.#silent = true;
  }

  speakAgain(): void {
    this.#silent = false;
    this.#broadcastStatus();
  }

  /**
   * Opens or closes the door. `report: false` changes it without telling the station yet: the
   * race where the door opens while a SCAN is already on the wire, which only the cabinet can catch.
   */
  setDoor(door: 'open' | 'closed', options: { report?: boolean } = {}): void {
    this.#door = door;
    if (options.report !== false) this.#broadcastStatus();
  }

  setKey(key: 'on' | 'off'): void {
    this.#key = key;
    this.#broadcastStatus();
  }

  /** The next scan's image shows a threat (wires and a battery): for demos and training. */
  setThreatInNextScan(threat: boolean): void {
    this.#threatInNextScan = threat;
  }

  setFault(fault: string | null): void {
    this.#fault = fault;
    this.#broadcastStatus();
  }

  /** The telemetry the cabinet reports now; the interlock follows the door, as wired in hardware. */
  report(): CabinetReport {
    const ok = this.#door === 'closed' && this.#key === 'on' && this.#fault === null && this.#scanning === null;
    return {
      door: this.#door,
      interlock: this.#door === 'closed' ? 'ok' : 'open',
      keySwitch: this.#key,
      beam: this.#beam,
      fault: this.#fault,
      faultReported: true,
      ready: ok,
    };
  }

  /** Writes an image into the hot folder with no scan behind it (an operator at the front panel). */
  async dropImage(name = `manual-${Date.now()}.png`, threat = false): Promise<string> {
    const folder = this.#requireFolder();
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, name), xrayLikePng(name, { threat }));
    return name;
  }

  /** Sends one raw line to every connected station (protocol-error tests). */
  sendRaw(line: string): void {
    for (const socket of this.#sockets) socket.write(Buffer.from(`${line}\r\n`, 'latin1'));
  }

  #requireFolder(): string {
    if (!this.#options.hotFolder) throw new Error('the simulator has no hot folder');
    return this.#options.hotFolder;
  }

  #accept(socket: Socket): void {
    this.#sockets.add(socket);
    const framer = new LineFramer({ terminator: 'CRLF', maxFrameBytes: MSXR_MAX_LINE_BYTES });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('data', (bytes: Buffer) => {
      for (const line of framer.push(bytes)) this.#onLine(socket, line);
    });
    this.#send(socket, {
      kind: 'hello',
      protocol: MSXR_PROTOCOL,
      version: this.#options.version ?? MSXR_VERSION,
      model: this.#options.model ?? 'SIM-XR1',
      serial: this.#options.serial ?? 'SIM0001',
    });
    this.#send(socket, { kind: 'status', report: this.report() });
  }

  #onLine(socket: Socket, line: string): void {
    this.received.push(line);
    const decoded = decodeStationLine(line);
    if (!decoded.ok) {
      this.#send(socket, { kind: 'error', text: decoded.error });
      return;
    }
    const command = decoded.message;
    switch (command.kind) {
      case 'ping':
        this.#send(socket, { kind: 'pong' });
        return;
      case 'status?':
        this.#send(socket, { kind: 'status', report: this.report() });
        return;
      case 'scan':
        this.#scan(socket, command.ref);
        return;
    }
  }

  #scan(socket: Socket, ref: string): void {
    const refuse = (code: 'door-open' | 'key-off' | 'fault' | 'busy', text: string): void =>
      this.#send(socket, { kind: 'scanRefused', ref, code, text });
    if (this.#door !== 'closed') return refuse('door-open', 'Door is open');
    if (this.#key !== 'on') return refuse('key-off', 'Key switch is off');
    if (this.#fault !== null) return refuse('fault', this.#fault);
    if (this.#scanning !== null) return refuse('busy', `Scanning ${this.#scanning}`);
    this.#scanning = ref;
    this.#send(socket, { kind: 'scanAccepted', ref });
    this.#beam = 'on';
    this.#broadcastStatus();
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#finishScan(socket, ref);
    }, this.#options.exposureMs ?? 50);
    this.#timers.add(timer);
  }

  async #finishScan(socket: Socket, ref: string): Promise<void> {
    this.#imageCounter += 1;
    const file = `${ref.replace(/[^A-Za-z0-9_-]/g, '_')}-${this.#imageCounter}.png`;
    if (this.#options.hotFolder) {
      await mkdir(this.#options.hotFolder, { recursive: true });
      // Written under a temporary name and renamed into place, as well-behaved cabinets do.
      const temp = join(this.#options.hotFolder, `.${file}.part`);
      const threat = this.#threatInNextScan || ref.includes('THREAT');
      this.#threatInNextScan = false;
      await writeFile(temp, xrayLikePng(`${ref}#${this.#imageCounter}`, { threat }));
      await rename(temp, join(this.#options.hotFolder, file));
    }
    if (this.#scanning !== ref) return; // stopped meanwhile
    this.#scanning = null;
    this.#beam = 'off';
    this.#broadcastStatus();
    this.#send(socket, { kind: 'scanDone', ref, file });
  }

  #broadcastStatus(): void {
    for (const socket of this.#sockets) this.#send(socket, { kind: 'status', report: this.report() });
  }

  #send(socket: Socket, message: CabinetMessage): void {
    if (this.#silent || socket.destroyed) return;
    const encoded = encodeCabinetMessage(message);
    if (!encoded.ok) throw new Error(`simulator bug: ${encoded.error}`);
    socket.write(Buffer.concat([Buffer.from(encoded.line, 'latin1'), TERMINATOR_BYTES.CRLF]));
  }
}
