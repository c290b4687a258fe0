// Incremental ETX framer for NCI scale replies. Serial reads arrive in arbitrary chunks; the framer
// keeps only the bytes of the frame in progress, in a fixed buffer, so a babbling line (wrong baud
// rate, a scale in continuous mode) can never grow memory.
import { ETX, NCI_MAX_FRAME_BYTES } from './nci.ts';

export class NciFramer {
  readonly maxFrameBytes: number;
  readonly #buffer: Uint8Array;
  #length = 0;
  /** The frame in progress overflowed: discard up to the next ETX. */
  #discarding = false;
  #parseErrors = 0;

  constructor(maxFrameBytes = NCI_MAX_FRAME_BYTES) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1) {
      throw new RangeError(`maxFrameBytes must be a positive integer, got ${maxFrameBytes}`);
    }
    this.maxFrameBytes = maxFrameBytes;
    this.#buffer = new Uint8Array(maxFrameBytes);
  }

  /** Frames dropped for exceeding maxFrameBytes. */
  get parseErrors(): number {
    return this.#parseErrors;
  }

  get pendingBytes(): number {
    return this.#length;
  }

  /** Feeds one chunk; returns the frames it completed (without their ETX), oldest first. */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (const byte of chunk) {
      // The parity bit is masked here too: with 8N1 on a 7E1 line, ETX may arrive as 0x83.
      if ((byte & 0x7f) === ETX) {
        if (!this.#discarding) frames.push(this.#buffer.slice(0, this.#length));
        this.#discarding = false;
        this.#length = 0;
      } else if (!this.#discarding) {
        if (this.#length === this.maxFrameBytes) {
          this.#parseErrors += 1;
          this.#discarding = true;
          this.#length = 0;
        } else {
          this.#buffer[this.#length] = byte;
          this.#length += 1;
        }
      }
    }
    return frames;
  }

  reset(): void {
    this.#length = 0;
    this.#discarding = false;
  }
}
