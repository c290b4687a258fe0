// MT-SICS (Mettler Toledo Standard Interface Command Set), level 0: SI polled, SIR streamed.
import { LineFramer } from '../protocols/index.ts';
import { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement, mtSicsReplyAdvice, mtSicsReplyMeaning } from '../protocols/index.ts';
import type { MtSicsReply } from '../protocols/index.ts';
import type { SerialScaleConfig } from '../../shared/devices/index.ts';
import type { ScaleZeroResult } from './scaleEvents.ts';
import { replyFramer, withMeasurement } from './serialScaleDialect.ts';
import type { ScaleReply, SerialScaleProtocolSupport } from './serialScaleDialect.ts';

const MT_SICS_ZERO: Readonly<Record<string, ScaleZeroResult>> = {
  done: { ok: true },
  busy: { ok: false, reason: 'the scale is not stable: zero again once the weight has settled' },
  notExecutable: { ok: false, reason: 'the scale understood the zero command but cannot execute it: check its interface settings' },
  aboveRange: { ok: false, reason: 'the load is above the zeroing range: clear the platter and zero again' },
  belowRange: { ok: false, reason: 'the load is below the zeroing range: check the platter is seated and zero again' },
};

/** `the scale answered S I — what it means; what to do`: the words the device bar and the weigh step show. */
function answered(reply: MtSicsReply): string {
  const advice = mtSicsReplyAdvice(reply);
  return `the scale answered ${mtSicsReplyMeaning(reply)}${advice === null ? '' : `; ${advice}`}`;
}

function mtSicsReply(reply: MtSicsReply): ScaleReply {
  switch (reply.kind) {
    case 'weight':
      return { to: 'weight', measurement: mtSicsMeasurement(reply) };
    case 'weightRefused':
      // A wrong parameter will not go away on its own; busy, overload and underload are the
      // scale working as it should, said in words next to its health.
      if (reply.reason === 'notExecutable') return { to: 'weight', measurement: null, refusal: answered(reply) };
      return { to: 'weight', measurement: mtSicsMeasurement(reply), notice: answered(reply) };
    case 'zero':
      return { to: 'zero', measurement: null, zero: MT_SICS_ZERO[reply.outcome] ?? { ok: false, reason: reply.outcome } };
    case 'tare':
      return { to: 'tare', measurement: null };
    case 'tareRefused':
      return { to: 'tare', measurement: null, notice: answered(reply) };
    case 'commandRefused':
      return { to: 'any', measurement: null, notice: answered(reply) };
    case 'error':
      return { to: 'any', measurement: null, refusal: answered(reply) };
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
    decode: (line) => {
      const decoded = withMeasurement(decodeMtSicsReply(line), mtSicsMeasurement);
      return decoded.ok ? { ...decoded, meaning: mtSicsReplyMeaning(decoded.frame) } : decoded;
    },
  },
};
