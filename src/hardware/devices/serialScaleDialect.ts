// What SerialScale needs to know about each serial protocol, behind one shape: how replies are
// framed, which bytes ask for the weight or a zero, and what a decoded reply means to the driver.
import { LineFramer } from '../protocols/lineFraming.ts';
import { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement } from '../protocols/mtSics.ts';
import type { MtSicsReply } from '../protocols/mtSics.ts';
import { decodeNciFrame, encodeNciCommand, nciMeasurement } from '../protocols/nci.ts';
import type { NciFrame } from '../protocols/nci.ts';
import { NciFramer } from '../protocols/nciFraming.ts';
import type { ScaleMeasurement } from '../protocols/scaleMeasurement.ts';
import type { ScaleZeroResult } from './scaleEvents.ts';
import type { SerialScaleProtocol } from '../../shared/devices/serialScale.ts';

/** Which request a reply answers; `any` answers the oldest one (errors the scale gives to anything). */
export type ReplyTo = 'weight' | 'zero' | 'tare' | 'any';

export interface ScaleReply {
  to: ReplyTo;
  measurement: ScaleMeasurement | null;
  /** Set on replies to a zero command. */
  zero?: ScaleZeroResult;
  /** The scale refused the command itself: what the device bar should say. */
  refusal?: string;
}

export interface ReplyFramer {
  readonly parseErrors: number;
  /** Complete frames, each as the codec takes it; `null` for one that failed to decode. */
  push(chunk: Uint8Array): Array<ScaleReply | null>;
}

export interface SerialScaleDialect {
  readonly weightCommand: Uint8Array;
  /** Sent once per connection to make the scale stream (MT-SICS SIR); null when polling. */
  readonly streamCommand: Uint8Array | null;
  readonly zeroCommand: Uint8Array;
  createFramer(): ReplyFramer;
}

const MT_SICS_ZERO: Readonly<Record<string, ScaleZeroResult>> = {
  done: { ok: true },
  busy: { ok: false, reason: 'the scale is not stable: zero again once the weight has settled' },
  aboveRange: { ok: false, reason: 'the load is above the zeroing range: clear the platter and zero again' },
  belowRange: { ok: false, reason: 'the load is below the zeroing range: check the platter is seated and zero again' },
};

const MT_SICS_ERRORS = { ES: 'syntax error', ET: 'transmission error', EL: 'logical error' } as const;

function mtSicsReply(reply: MtSicsReply): ScaleReply {
  switch (reply.kind) {
    case 'weight':
    case 'weightRefused':
      return { to: 'weight', measurement: mtSicsMeasurement(reply) };
    case 'zero':
      return { to: 'zero', measurement: null, zero: MT_SICS_ZERO[reply.outcome] ?? { ok: false, reason: reply.outcome } };
    case 'tare':
    case 'tareRefused':
      return { to: 'tare', measurement: null };
    case 'error':
      return {
        to: 'any',
        measurement: null,
        refusal: `the scale answered ${reply.code} (${MT_SICS_ERRORS[reply.code]}): check that it is set to MT-SICS and the line settings match`,
      };
  }
}

function nciReply(frame: NciFrame): ScaleReply {
  switch (frame.kind) {
    case 'weight':
    case 'display':
      return { to: 'weight', measurement: nciMeasurement(frame) };
    case 'status':
      // Z "zeroes, then replies with status": at zero afterwards is the only sign it worked.
      return {
        to: 'zero',
        measurement: null,
        zero: frame.status.atZero ? { ok: true } : { ok: false, reason: `the scale did not zero (it reports ${frame.condition})` },
      };
    case 'unrecognized':
      return { to: 'any', measurement: null, refusal: 'the scale answered "?" (command not understood): check that it is set to NCI / SCP-12' };
  }
}

const MT_SICS: SerialScaleDialect = {
  weightCommand: encodeMtSicsCommand('SI'),
  streamCommand: null,
  zeroCommand: encodeMtSicsCommand('Z'),
  createFramer() {
    const lines = new LineFramer({ terminator: 'CRLF', maxFrameBytes: 256 });
    let undecodable = 0;
    return {
      get parseErrors() {
        return lines.parseErrors + undecodable;
      },
      push(chunk) {
        return lines.push(chunk).map((line) => {
          const decoded = decodeMtSicsReply(line);
          if (decoded.ok) return mtSicsReply(decoded.frame);
          undecodable += 1;
          return null;
        });
      },
    };
  },
};

const MT_SICS_STREAM: SerialScaleDialect = { ...MT_SICS, streamCommand: encodeMtSicsCommand('SIR') };

const NCI: SerialScaleDialect = {
  weightCommand: encodeNciCommand('W'),
  streamCommand: null,
  zeroCommand: encodeNciCommand('Z'),
  createFramer() {
    const frames = new NciFramer();
    let undecodable = 0;
    return {
      get parseErrors() {
        return frames.parseErrors + undecodable;
      },
      push(chunk) {
        return frames.push(chunk).map((frame) => {
          const decoded = decodeNciFrame(frame);
          if (decoded.ok) return nciReply(decoded.frame);
          undecodable += 1;
          return null;
        });
      },
    };
  },
};

export function serialScaleDialect(protocol: SerialScaleProtocol, stream: boolean): SerialScaleDialect {
  if (protocol === 'nci') return NCI;
  return stream ? MT_SICS_STREAM : MT_SICS;
}
