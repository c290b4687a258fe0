// Incremental framer for devices that end each message with a line terminator (serial scanners'
// "suffix"). Serial reads arrive in arbitrary chunks, so a frame or even a CRLF pair can be split
// across reads; the framer keeps only the bytes of the frame in progress.
//
// Frames are decoded as latin1: each byte becomes exactly one code point, so decoding can never
// fail, never invents U+FFFD and is reversible (`Buffer.from(frame, 'latin1')` gives the bytes
// back) — a consumer that knows a payload is UTF-8 can re-decode it without loss. ISO/IEC 18004
// also makes ISO-8859-1 the default character set of QR codes, and carrier barcodes are ASCII.

const CR = 0x0d;
const LF = 0x0a;

export type Terminator = 'CR' | 'LF' | 'CRLF';

export const TERMINATOR_BYTES: Readonly<Record<Terminator, Uint8Array>> = {
  CR: Uint8Array.of(CR),
  LF: Uint8Array.of(LF),
  CRLF: Uint8Array.of(CR, LF),
};

export interface LineFramerOptions {
  terminator: Terminator;
  /** Longest frame kept; a longer run without a terminator is dropped as one parse error. */
  maxFrameBytes?: number;
}

export const DEFAULT_MAX_FRAME_BYTES = 4096;

/**
 * Terminator rules:
 * - `CR`: a CR ends the frame. An LF directly after that CR (even in the next chunk) is dropped,
 *   because many scanners send CRLF while configured for CR; treating that LF as the start of the
 *   next barcode would corrupt it. An LF anywhere else is data.
 * - `LF`: an LF ends the frame, and a CR directly before it is dropped for the mirror reason.
 *   A CR anywhere else is data.
 * - `CRLF`: only the pair ends a frame; a lone CR or LF is data.
 * Frames never contain their terminator. Empty frames are returned (the caller decides).
 */
export class LineFramer {
  readonly terminator: Terminator;
  readonly maxFrameBytes: number;
  readonly #buffer: Uint8Array;
  #length = 0;
  /** A CR was seen whose meaning depends on the next byte (LF and CRLF modes). */
  #heldCr = false;
  /** CR mode: the previous byte ended a frame, so an LF now is the scanner's stray suffix. */
  #afterCr = false;
  /** The frame in progress overflowed: discard up to the next terminator. */
  #discarding = false;
  #parseErrors = 0;

  constructor(options: LineFramerOptions) {
    const max = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxFrameBytes must be a positive integer, got ${max}`);
    this.terminator = options.terminator;
    this.maxFrameBytes = max;
    this.#buffer = new Uint8Array(max);
  }

  /** Frames dropped for exceeding maxFrameBytes since construction. */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  /** Bytes of the frame in progress (0 while discarding an oversize frame). */
  get pendingBytes(): number {
    return this.#length;
  }

  /** Feeds one chunk; returns the frames it completed, oldest first. */
  push(chunk: Uint8Array): string[] {
    const frames: string[] = [];
    for (const byte of chunk) {
      if (this.terminator === 'CR') this.#stepCr(byte, frames);
      else this.#stepHeldCr(byte, frames);
    }
    return frames;
  }

  /** Forgets the frame in progress (after a reconnect its bytes belong to nothing). */
  reset(): void {
    this.#length = 0;
    this.#heldCr = false;
    this.#afterCr = false;
    this.#discarding = false;
  }

  #stepCr(byte: number, frames: string[]): void {
    const afterCr = this.#afterCr;
    this.#afterCr = false;
    if (byte === CR) {
      this.#endFrame(frames);
      this.#afterCr = true;
    } else if (!(byte === LF && afterCr)) {
      this.#append(byte);
    }
  }

  #stepHeldCr(byte: number, frames: string[]): void {
    if (this.#heldCr) {
      this.#heldCr = false;
      if (byte === LF) {
        this.#endFrame(frames);
        return;
      }
      this.#append(CR);
    }
    if (byte === CR) this.#heldCr = true;
    else if (byte === LF && this.terminator === 'LF') this.#endFrame(frames);
    else this.#append(byte);
  }

  #append(byte: number): void {
    if (this.#discarding) return;
    if (this.#length === this.maxFrameBytes) {
      this.#parseErrors += 1;
      this.#discarding = true;
      this.#length = 0;
      return;
    }
    this.#buffer[this.#length] = byte;
    this.#length += 1;
  }

  #endFrame(frames: string[]): void {
    if (this.#discarding) {
      this.#discarding = false;
    } else {
      frames.push(Buffer.from(this.#buffer.buffer, this.#buffer.byteOffset, this.#length).toString('latin1'));
    }
    this.#length = 0;
  }
}
