// What SerialScale needs to know about each serial protocol, behind one shape: how the weight
// arrives (asked for, streamed on request, or pushed unasked), how replies are framed, which bytes
// ask for a zero, and what a decoded reply means to the driver. One file per protocol
// (mtSicsDialect.ts, nciDialect.ts) fills it in; serialScaleDialects.ts is the table of them.
import type { DecodeResult, ScaleMeasurement } from '../protocols/index.ts';
import type { ScaleZeroResult } from './scaleEvents.ts';

/** Which request a reply answers; `any` answers the oldest one (errors the scale gives to anything). */
export type ReplyTo = 'weight' | 'zero' | 'tare' | 'any';

export interface ScaleReply {
  to: ReplyTo;
  measurement: ScaleMeasurement | null;
  /** Set on replies to a zero command. */
  zero?: ScaleZeroResult;
  /** The scale refused the command itself: what the device bar should say (the scale is at fault). */
  refusal?: string;
  /** The scale answered, but not with what was asked (busy, overload): said next to its health. */
  notice?: string;
}

export interface ReplyFramer {
  readonly parseErrors: number;
  /** Complete frames, each as the codec takes it; `null` for one that failed to decode. */
  push(chunk: Uint8Array): Array<ScaleReply | null>;
}

/**
 * How the weight reaches the station, which decides what the driver sends and when it calls the
 * scale silent:
 * - `polled`: the driver asks (MT-SICS SI, NCI W) every pollMs; an unanswered request for
 *   replyTimeoutMs means silent.
 * - `onRequest`: one command per connection makes the scale stream (MT-SICS SIR); no line for
 *   replyTimeoutMs means silent, and the command is sent again (a scale switched off and on has
 *   forgotten it).
 * - `push`: the scale sends unasked (Toledo continuous output, many NCI scales in continuous
 *   mode); the driver sends nothing for the weight, and no frame for replyTimeoutMs means silent.
 */
export type WeightDelivery = { kind: 'polled'; command: Uint8Array } | { kind: 'onRequest'; command: Uint8Array } | { kind: 'push' };

export interface SerialScaleDialect {
  readonly delivery: WeightDelivery;
  /** Null when the station cannot zero this scale (it is zeroed on its own keypad). */
  readonly zeroCommand: Uint8Array | null;
  createFramer(): ReplyFramer;
}

/** What the `decode` CLI does with one frame of the protocol, typed by the admin. */
export type ScaleFrameDecoding = {
  /** Shown in the usage text: what <data> looks like. */
  input: string;
} & (
  | { form: 'line'; decode(line: string): DecodedFrame }
  | { form: 'bytes'; decode(bytes: Uint8Array): DecodedFrame }
);

/** A decoded frame with what it measures and, where the protocol says, what it means in words. */
export type DecodedFrame = DecodeResult<unknown> & { measurement?: ScaleMeasurement | null; meaning?: string };

/** One serial scale protocol: the dialect its config selects, and how the CLI decodes its frames. */
export interface SerialScaleProtocolSupport<Config> {
  dialect(config: Config): SerialScaleDialect;
  frames: ScaleFrameDecoding;
}

/**
 * A ReplyFramer from the protocol's three parts: the framer that cuts the byte stream into frames,
 * the codec that decodes one, and what a decoded frame means to the driver.
 */
export function replyFramer<Frame, Decoded>(
  framer: { readonly parseErrors: number; push(chunk: Uint8Array): Frame[] },
  decode: (frame: Frame) => DecodeResult<Decoded>,
  reply: (decoded: Decoded) => ScaleReply,
): ReplyFramer {
  let undecodable = 0;
  return {
    get parseErrors() {
      return framer.parseErrors + undecodable;
    },
    push(chunk) {
      return framer.push(chunk).map((frame) => {
        const decoded = decode(frame);
        if (decoded.ok) return reply(decoded.frame);
        undecodable += 1;
        return null;
      });
    },
  };
}

/** The decoded frame with what it measures, as the CLI prints it. */
export function withMeasurement<T>(result: DecodeResult<T>, measure: (frame: T) => ScaleMeasurement | null): DecodeResult<T> & { measurement?: ScaleMeasurement | null } {
  return result.ok ? { ...result, measurement: measure(result.frame) } : result;
}
