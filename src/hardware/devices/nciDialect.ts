// NCI / SCP-01, SCP-02, SCP-12 (Avery Weigh-Tronix, Brecknell, many postal scales): W polled.
import { decodeNciFrame, encodeNciCommand, nciMeasurement } from '../protocols/index.ts';
import type { NciFrame } from '../protocols/index.ts';
import { NciFramer } from '../protocols/index.ts';
import type { SerialScaleConfig } from '../../shared/devices/index.ts';
import { replyFramer, withMeasurement } from './serialScaleDialect.ts';
import type { ScaleReply, SerialScaleProtocolSupport } from './serialScaleDialect.ts';

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

export const NCI: SerialScaleProtocolSupport<Extract<SerialScaleConfig, { protocol: 'nci' }>> = {
  dialect: () => ({
    delivery: { kind: 'polled', command: encodeNciCommand('W') },
    zeroCommand: encodeNciCommand('Z'),
    createFramer: () => replyFramer(new NciFramer(), decodeNciFrame, nciReply),
  }),
  frames: {
    input: 'one reply with escapes ("\\n0001.25LB\\r\\n00\\r\\x03"), or hex with --hex',
    form: 'bytes',
    decode: (bytes) => withMeasurement(decodeNciFrame(bytes), nciMeasurement),
  },
};
