import type { DeviceHealth } from '../../shared/contract/index.ts';
import type { CabinetStatus } from '../../shared/contract/index.ts';
import { LineFramer, TERMINATOR_BYTES } from '../protocols/index.ts';
import { decodeCabinetLine, encodeStationCommand, isScanRef, MSXR_MAX_LINE_BYTES, MSXR_PROTOCOL, MSXR_VERSION } from '../protocols/index.ts';
import type { CabinetMessage, CabinetRefusalCode, CabinetReport, StationCommand } from '../protocols/index.ts';
import { CabinetLink } from '../transports/index.ts';
import { messageOf } from '../transports/index.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import type { BackoffOptions } from './backoff.ts';
import { DeviceHealthState } from './deviceHealth.ts';
import { HotFolderImageSource } from './hotFolderImageSource.ts';
import type { HotFolderFile } from './hotFolderImageSource.ts';
import { unknownCabinetStatus } from './xrayCabinet.ts';
import type { ScanRefusalReason, ScanRequestResult, XrayCabinetAdapter, XrayCabinetEvents, XrayHealth, XrayWarning } from './xrayCabinet.ts';
import { parseXrayCabinetConfig } from '../../shared/devices/index.ts';
import type { XrayCabinetConfig, XrayCabinetConfigInput } from '../../shared/devices/index.ts';
import { ReconnectLoop } from './reconnectLoop.ts';
import { scanGate } from './xrayScanGate.ts';

export interface LineProtocolCabinetOptions {
  /** The station's image store folder; images are copied in as `<sha256>.<ext>`. */
  imageStore: string;
  reconnect?: BackoffOptions;
  /** Hot-folder tuning (tests shorten these). */
  hotFolderStableMs?: number;
  hotFolderRescanMs?: number;
  /** The largest image file taken from the hot folder, asked each time (a site setting). */
  hotFolderMaxBytes?: () => number;
  /** How long a folder image may wait for the SCAN DONE that names it before it is unclaimed. */
  claimGraceMs?: number;
}

interface PendingScan {
  ref: string;
  phase: 'asking' | 'accepted' | 'delivering';
  answer: ((result: ScanRequestResult) => void) | null;
  timer: NodeJS.Timeout | null;
}

const CABINET_REASON: Readonly<Record<CabinetRefusalCode, ScanRefusalReason>> = {
  'door-open': 'door-open',
  'interlock-open': 'interlock-open',
  'key-off': 'key-off',
  fault: 'fault',
  busy: 'busy',
  'not-ready': 'not-ready',
  other: 'other',
};

/** Names remembered from SCAN DONE lines, so the folder watcher knows an image is spoken for. */
const CLAIMED_NAMES_KEPT = 1000;

/**
 * An X-ray cabinet speaking MSXR/1 (docs/xray-line-protocol.md) over TCP or serial, with its
 * images taken from a hot folder. It connects and keeps reconnecting with a doubling backoff,
 * PINGs every heartbeatMs and shows the cabinet offline (every field unknown) once it has been
 * silent for offlineAfterMs. One scan is pending at a time; an image is tied to a scan only when
 * the cabinet's SCAN DONE names it for that scan's reference.
 */
export class LineProtocolCabinet extends TypedEmitter<XrayCabinetEvents> implements XrayCabinetAdapter {
  readonly config: XrayCabinetConfig;
  readonly #options: LineProtocolCabinetOptions;
  readonly #link: CabinetLink;
  readonly #loop: ReconnectLoop;
  readonly #hotFolder: HotFolderImageSource | null;
  #framer = new LineFramer({ terminator: 'CRLF', maxFrameBytes: MSXR_MAX_LINE_BYTES });
  #connected = false;
  #heartbeat: NodeJS.Timeout | null = null;
  #lastHeardAt = 0;
  #hello: { model: string; serial: string } | null = null;
  #report: CabinetReport | null = null;
  #status: CabinetStatus;
  readonly #health: DeviceHealthState;
  #pending: PendingScan | null = null;
  readonly #claimedNames = new Map<string, string>();
  readonly #graceTimers = new Set<NodeJS.Timeout>();
  #protocolErrors = 0;

  constructor(config: XrayCabinetConfigInput, options: LineProtocolCabinetOptions) {
    super();
    this.config = parseXrayCabinetConfig(config);
    this.#options = options;
    // A TCP connect succeeds even to a hung controller: only its HELLO restarts the backoff.
    this.#loop = new ReconnectLoop(
      { connect: (superseded) => this.#connect(superseded), disconnect: () => this.#disconnect() },
      { backoff: options.reconnect, resetBackoffOn: 'confirmed' },
    );
    this.#link = new CabinetLink(this.config.transport);
    this.#link.on('data', ({ bytes }) => this.#onBytes(bytes));
    this.#link.on('disconnect', ({ reason }) => this.#lost(`connection to ${this.#link.address} lost: ${reason}`, 'offline'));
    this.#hotFolder = this.config.hotFolder
      ? new HotFolderImageSource({
          folder: this.config.hotFolder,
          imageStore: options.imageStore,
          ...(options.hotFolderStableMs !== undefined ? { stableMs: options.hotFolderStableMs } : {}),
          ...(options.hotFolderRescanMs !== undefined ? { rescanMs: options.hotFolderRescanMs } : {}),
          ...(options.hotFolderMaxBytes !== undefined ? { maxBytes: options.hotFolderMaxBytes } : {}),
        })
      : null;
    this.#hotFolder?.on('file', (file) => this.#onFolderImage(file));
    this.#hotFolder?.on('problem', ({ detail }) => this.#warn('image-error', detail));
    this.#hotFolder?.on('refused', ({ file, reason, detail }) =>
      this.emit('warning', { deviceId: this.config.id, kind: 'file-refused', detail, scanRef: null, path: null, sha256: null, refused: { file, reason } }),
    );
    this.#status = unknownCabinetStatus(this.config.id);
    this.#health = new DeviceHealthState(this.config.id);
  }

  get id(): string {
    return this.config.id;
  }

  get status(): CabinetStatus {
    return { ...this.#status };
  }

  get health(): XrayHealth {
    return this.#health.current;
  }

  /** The cabinet's HELLO (model and serial) on the current connection, for the device bar. */
  get identity(): { model: string; serial: string } | null {
    return this.#hello ? { ...this.#hello } : null;
  }

  /** Lines that were not MSXR/1 or too long, over the device's lifetime. */
  get protocolErrors(): number {
    return this.#protocolErrors + this.#framer.parseErrors;
  }

  /** The scan waiting for its answer or image, if any. */
  get pendingScanRef(): string | null {
    return this.#pending?.ref ?? null;
  }

  start(): void {
    if (this.#loop.running) return;
    this.#hotFolder?.start().catch((err: unknown) => this.#warn('image-error', `hot folder: ${String(err)}`));
    this.#loop.start();
    const generation = this.#loop.generation;
    this.#heartbeat = setInterval(() => this.#tick(generation), this.config.heartbeatMs);
  }

  async stop(): Promise<void> {
    const stopping = this.#loop.stop();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    for (const timer of this.#graceTimers) clearTimeout(timer);
    this.#graceTimers.clear();
    this.#endPending({ accepted: false, reason: 'stopped', by: 'station', detail: 'the cabinet adapter was stopped' });
    // false: a start() while we waited owns the cabinet now, and its status stands.
    if (!(await stopping)) return;
    this.#forgetCabinet();
    this.#setHealth('offline', 'stopped');
  }

  async requestScan(scanRef: string): Promise<ScanRequestResult> {
    const refuse = (reason: ScanRefusalReason, detail: string): ScanRequestResult => ({ accepted: false, reason, by: 'station', detail });
    if (!isScanRef(scanRef)) return refuse('invalid-ref', 'a scan reference is 1-64 letters, digits or . _ : -');
    if (!this.#loop.running) return refuse('stopped', 'the cabinet adapter is not running');
    if (this.#pending) return refuse('busy', `scan ${this.#pending.ref} is still in progress`);
    const gate = scanGate(this.#report, this.#status.online);
    if (gate) return refuse(gate.reason, gate.detail);
    const encoded = encodeStationCommand({ kind: 'scan', ref: scanRef });
    if (!encoded.ok) return refuse('invalid-ref', encoded.error);

    const pending: PendingScan = { ref: scanRef, phase: 'asking', answer: null, timer: null };
    const answer = new Promise<ScanRequestResult>((resolve) => {
      pending.answer = resolve;
    });
    pending.timer = setTimeout(() => {
      if (this.#pending === pending && pending.phase === 'asking') {
        this.#endPending({ accepted: false, reason: 'no-answer', by: 'station', detail: `the cabinet did not answer within ${this.config.scanAnswerTimeoutMs} ms` });
      }
    }, this.config.scanAnswerTimeoutMs);
    this.#pending = pending;
    // No await between the gate and this write: no status line can slip in between them.
    this.#send({ kind: 'scan', ref: scanRef }).catch((err: unknown) => {
      if (this.#pending === pending) this.#endPending({ accepted: false, reason: 'send-failed', by: 'station', detail: `could not send the request: ${String(err)}` });
    });
    return answer;
  }

  // ---- connection ----------------------------------------------------------------------------

  async #connect(superseded: () => boolean): Promise<boolean> {
    // Bytes from a previous connection belong to nothing.
    this.#protocolErrors += this.#framer.parseErrors;
    this.#framer = new LineFramer({ terminator: 'CRLF', maxFrameBytes: MSXR_MAX_LINE_BYTES });
    try {
      await this.#link.open();
    } catch (err) {
      if (!superseded()) this.#setHealth('offline', `cannot connect to ${this.#link.address}: ${messageOf(err)}`);
      return false;
    }
    if (superseded()) {
      await this.#link.close();
      return false;
    }
    this.#connected = true;
    // The silence clock starts at connect: a cabinet that never says HELLO is dropped like a silent one.
    this.#lastHeardAt = Date.now();
    this.#setHealth('offline', `connected to ${this.#link.address}, waiting for HELLO`);
    return true;
  }

  /** Called by stop() only, so the hot folder is let go together with the link. */
  async #disconnect(): Promise<void> {
    this.#connected = false;
    await this.#link.close();
    await this.#hotFolder?.stop();
  }

  /** The connection is gone or no longer trusted: show unknown, drop it, try again later. */
  #lost(detail: string, health: DeviceHealth): void {
    if (!this.#loop.running) return;
    const wasConnected = this.#connected;
    this.#connected = false;
    this.#forgetCabinet();
    this.#setHealth(health, detail);
    if (this.#pending) {
      const ref = this.#pending.ref;
      const phase = this.#pending.phase;
      this.#endPending({ accepted: false, reason: 'offline', by: 'station', detail });
      if (phase !== 'asking') this.#warn('scan-failed', `scan ${ref} abandoned: ${detail}`, ref);
    }
    const generation = this.#loop.generation;
    if (wasConnected) void this.#link.close().then(() => this.#loop.lost(generation));
    else this.#loop.lost(generation);
  }

  #tick(generation: number): void {
    if (generation !== this.#loop.generation || !this.#connected) return;
    const silentMs = Date.now() - this.#lastHeardAt;
    if (silentMs > this.config.offlineAfterMs) {
      this.#lost(`no answer from the cabinet for ${silentMs} ms`, 'offline');
      return;
    }
    this.#send({ kind: 'ping' }).catch(() => undefined); // a dead link shows up as silence or a disconnect
  }

  async #send(command: StationCommand): Promise<void> {
    const encoded = encodeStationCommand(command);
    if (!encoded.ok) throw new Error(encoded.error);
    await this.#link.write(Buffer.concat([Buffer.from(encoded.line, 'latin1'), TERMINATOR_BYTES.CRLF]));
  }

  // ---- messages ------------------------------------------------------------------------------

  #onBytes(bytes: Uint8Array): void {
    if (!this.#connected) return;
    for (const line of this.#framer.push(bytes)) {
      this.#lastHeardAt = Date.now();
      const decoded = decodeCabinetLine(line);
      if (!decoded.ok) {
        this.#protocolErrors += 1;
        this.#warn('protocol', `unreadable line from the cabinet: ${decoded.error}`);
        continue;
      }
      this.#onMessage(decoded.message);
    }
  }

  #onMessage(message: CabinetMessage): void {
    switch (message.kind) {
      case 'hello':
        if (message.protocol !== MSXR_PROTOCOL || message.version !== MSXR_VERSION) {
          this.#lost(`the cabinet speaks ${message.protocol}/${message.version}; this station speaks ${MSXR_PROTOCOL}/${MSXR_VERSION}`, 'fault');
          return;
        }
        this.#hello = { model: message.model, serial: message.serial };
        this.#loop.confirmed();
        this.#publish();
        this.#send({ kind: 'status?' }).catch(() => undefined);
        return;
      case 'status':
        if (!this.#hello) return; // telemetry before the handshake is from a stranger
        this.#report = message.report;
        this.#publish();
        return;
      case 'pong':
        return;
      case 'error':
        this.#warn('protocol', `the cabinet reported an error: ${message.text}`);
        return;
      case 'scanAccepted':
        if (this.#pending?.ref === message.ref && this.#pending.phase === 'asking') {
          const pending = this.#pending;
          this.#answer(pending, { accepted: true });
          pending.phase = 'accepted';
          pending.timer = setTimeout(() => {
            if (this.#pending !== pending) return;
            this.#endPending(null);
            this.#warn('scan-timeout', `scan ${pending.ref} delivered no image within ${this.config.scanDoneTimeoutMs} ms`, pending.ref);
          }, this.config.scanDoneTimeoutMs);
        } else {
          this.#warn('protocol', `the cabinet accepted ${message.ref}, which the station is not waiting for`, message.ref);
        }
        return;
      case 'scanRefused':
        if (this.#pending?.ref === message.ref && this.#pending.phase === 'asking') {
          this.#endPending({ accepted: false, reason: CABINET_REASON[message.code], by: 'cabinet', detail: message.text || `refused: ${message.code}` });
        }
        return;
      case 'scanFailed':
        if (this.#pending?.ref === message.ref) {
          this.#endPending({ accepted: false, reason: 'other', by: 'cabinet', detail: message.text || 'scan failed' });
        }
        this.#warn('scan-failed', `the cabinet reports scan ${message.ref} failed: ${message.text || 'no reason given'}`, message.ref);
        return;
      case 'scanDone':
        void this.#onScanDone(message.ref, message.file);
        return;
    }
  }

  async #onScanDone(ref: string, file: string): Promise<void> {
    this.#claimedNames.set(file, ref);
    if (this.#claimedNames.size > CLAIMED_NAMES_KEPT) {
      const oldest = this.#claimedNames.keys().next().value;
      if (oldest !== undefined) this.#claimedNames.delete(oldest);
    }
    const pending = this.#pending?.ref === ref ? this.#pending : null;
    if (pending) {
      // A DONE without ACCEPTED still answers the request: the scan happened.
      this.#answer(pending, { accepted: true });
      pending.phase = 'delivering';
      if (pending.timer) clearTimeout(pending.timer);
      pending.timer = null;
    }
    if (!this.#hotFolder) {
      if (pending) this.#endPending(null);
      this.#warn('image-error', `scan ${ref} produced ${file}, but no hot folder is configured for ${this.config.id}`, ref);
      return;
    }
    const image = await this.#hotFolder.ingest(file);
    if (pending && this.#pending === pending) this.#endPending(null);
    if (image && 'refused' in image) {
      // The refusal itself is already reported (status and audit); this says which scan lost its image.
      this.#warn('image-error', `scan ${ref} named ${image.refused.file}, which was refused: ${image.refused.reason}`, ref);
      return;
    }
    if (!image) {
      this.#warn('image-error', `scan ${ref} named ${file}, which did not appear complete in ${this.#hotFolder.folder}`, ref);
      return;
    }
    if (!pending) {
      this.#unclaimed(image, `the cabinet delivered ${file} for ${ref}, which is not the pending scan`);
      return;
    }
    this.emit('image', {
      deviceId: this.config.id,
      scanRef: ref,
      path: image.path,
      sha256: image.sha256,
      bytes: image.bytes,
      receivedAt: image.detectedAt,
    });
  }

  /** A folder image the cabinet has not (yet) named: wait a moment for its SCAN DONE. */
  #onFolderImage(file: HotFolderFile): void {
    const timer = setTimeout(() => {
      this.#graceTimers.delete(timer);
      if (this.#claimedNames.has(file.name)) return;
      this.#unclaimed(file, `${file.name} appeared in the hot folder with no scan that names it`);
    }, this.#options.claimGraceMs ?? 3000);
    this.#graceTimers.add(timer);
  }

  #unclaimed(image: HotFolderFile, detail: string): void {
    this.emit('warning', {
      deviceId: this.config.id,
      kind: 'unclaimed-image',
      detail: `${detail}; kept in the image store, not attached to any item`,
      scanRef: null,
      path: image.path,
      sha256: image.sha256,
    });
  }

  // ---- state ---------------------------------------------------------------------------------

  #answer(pending: PendingScan, result: ScanRequestResult): void {
    const answer = pending.answer;
    pending.answer = null;
    answer?.(result);
  }

  /** Ends the pending scan; answers its request with `result` if it is still unanswered. */
  #endPending(result: ScanRequestResult | null): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    if (pending.timer) clearTimeout(pending.timer);
    if (result) this.#answer(pending, result);
    else this.#answer(pending, { accepted: false, reason: 'other', by: 'station', detail: 'the scan ended without an answer' });
  }

  #forgetCabinet(): void {
    this.#hello = null;
    this.#report = null;
    this.#publish();
  }

  /** Derives the contract status from what the cabinet said; emits only on a change. */
  #publish(): void {
    const online = this.#connected && this.#hello !== null;
    const r = online ? this.#report : null;
    const next: CabinetStatus = r
      ? {
          deviceId: this.config.id,
          online,
          door: r.door,
          interlock: r.interlock,
          keySwitch: r.keySwitch,
          beam: r.beam,
          fault: r.fault,
          ready: scanGate(r, online) === null,
          at: new Date().toISOString(),
        }
      : { ...unknownCabinetStatus(this.config.id), online };
    const { at: _prevAt, ...prev } = this.#status;
    const { at: _nextAt, ...curr } = next;
    if (JSON.stringify(prev) !== JSON.stringify(curr)) {
      this.#status = next;
      this.emit('status', { ...next });
    }
    if (online) {
      if (r?.fault) this.#setHealth('fault', `the cabinet reports a fault: ${r.fault}`);
      else this.#setHealth('online', null);
    }
  }

  #setHealth(health: DeviceHealth, detail: string | null): void {
    const changed = this.#health.set(health, detail);
    if (changed) this.emit('health', changed);
  }

  #warn(kind: XrayWarning['kind'], detail: string, scanRef: string | null = null): void {
    this.emit('warning', { deviceId: this.config.id, kind, detail, scanRef, path: null, sha256: null });
  }
}
