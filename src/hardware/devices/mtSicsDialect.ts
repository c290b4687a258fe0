// MT-SICS (Mettler Toledo Standard Interface Command Set), level 0: SI polled, SIR streamed.
import { LineFramer } from '../protocols/index.ts';
import { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement } from '../protocols/index.ts';
import type { MtSicsReply } from '../protocols/index.ts';
import type { SerialScaleConfig } from '../../shared/devices/index.ts';
import type { ScaleZeroResult } from './scaleEvents.ts';
import { replyFramer, withMeasurement } from './serialScaleDialect.ts';
import type { ScaleReply, SerialScaleProtocolSupport } from './serialScaleDialect.ts';

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

export const MT_SICS: SerialScaleProtocolSupport<Extract<SerialScaleConfig, { protocol: 'mt-sics' }>> = {
  dialect: (config) => ({
    // `stream`: SIR once per connection instead of SI every pollMs.
    delivery: config.stream ? { kind: 'onRequest', command: encodeMtSicsCommand('SIR') } : { kind: 'polled', command: encodeMtSicsCommand('SI') },
    zeroCommand: encodeMtSicsCommand('Z'),
    createFramer: () => replyFramer(new LineFramer({ terminator: 'CRLF', maxFrameBytes: 256 }), decodeMtSicsReply, mtSicsReply),
  }),
  frames: {
    input: 'one reply line ("S S     100.00 g"; \\r\\n allowed)',
    form: 'line',
    decode: (line) => withMeasurement(decodeMtSicsReply(line), mtSicsMeasurement),
  },
};
