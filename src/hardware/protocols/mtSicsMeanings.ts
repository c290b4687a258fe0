// What each MT-SICS reply means, in words, for the admin (`cli decode`, the device panel) and the
// operator (the device bar, the weigh step): a bare `EL` or `S I` tells neither what happened.
// Source: METTLER TOLEDO, "MT-SICS Interface Command for Weigh Modules", Reference Manual 11781363L
// (2018): §2.1.3.1 command-specific error messages, §2.1.3.2 general error messages, §3 S, SI, SIR,
// Z, ZI, T, TI. The facts are in docs/protocols/mt-sics.md, "Errors and refusals".
import type { MtSicsErrorCode, MtSicsRefusal, MtSicsReply, MtSicsZeroOutcome } from './mtSics.ts';

export interface MtSicsErrorMeaning {
  /** The manual's name for it. */
  name: string;
  /** What the scale is telling the station. */
  meaning: string;
  /** What the person at the station can do about it. */
  advice: string;
}

/** The three general errors any command may get instead of its reply (§2.1.3.2). */
export const MT_SICS_ERRORS: Readonly<Record<MtSicsErrorCode, MtSicsErrorMeaning>> = {
  ES: {
    name: 'syntax error',
    meaning: 'the scale did not recognise the command, or does not allow it',
    advice: 'check that the scale is set to MT-SICS and offers SI and SIR (MT-SICS level 0); a wrong baud rate garbles commands into ES too',
  },
  ET: {
    name: 'transmission error',
    meaning: 'the scale received a faulty command, for example a parity error or a break on the line',
    advice: 'check that the line settings (baud rate, data bits, parity, stop bits) match the scale, and check the cable',
  },
  EL: {
    name: 'logical error',
    meaning: 'the scale cannot execute the command',
    advice: 'check that the scale is not in its menu or busy at its keypad; if it stays, switch it off and on',
  },
};

/** The status letter each refusal is sent as (§2.1.3.1). */
const REFUSAL_STATUS: Readonly<Record<MtSicsRefusal, string>> = { busy: 'I', notExecutable: 'L', overload: '+', underload: '-' };
const ZERO_STATUS: Readonly<Record<Exclude<MtSicsZeroOutcome, 'done'>, string>> = { busy: 'I', notExecutable: 'L', aboveRange: '+', belowRange: '-' };

const REFUSALS: Readonly<Record<MtSicsRefusal, string>> = {
  busy: 'command understood but not executable now: the scale is busy (taring or zeroing, for example) or the weight did not settle in time',
  notExecutable: 'command understood but not executable: a parameter is wrong or not allowed',
  overload: 'overload: the load is beyond the scale’s weighing range',
  underload: 'underload: the scale reads below its weighing range (is the weighing pan in place?)',
};

const TARE_LIMITS: Readonly<Partial<Record<MtSicsRefusal, string>>> = {
  overload: 'the upper limit of the taring range is exceeded',
  underload: 'the lower limit of the taring range is exceeded',
};

const ZERO_OUTCOMES: Readonly<Record<Exclude<MtSicsZeroOutcome, 'done'>, string>> = {
  busy: REFUSALS.busy,
  notExecutable: REFUSALS.notExecutable,
  aboveRange: 'the upper limit of the zero setting range is exceeded (too much on the scale to zero it)',
  belowRange: 'the lower limit of the zero setting range is exceeded',
};

/** What the scale can do about a refusal; null when nothing is wrong with it. */
const REFUSAL_ADVICE: Readonly<Record<MtSicsRefusal, string>> = {
  busy: 'wait: weights come again once the scale is done',
  notExecutable: 'check the scale’s interface settings (MT-SICS level 0 is enough)',
  overload: 'take the load off: it is too heavy for this scale',
  underload: 'check that the weighing pan is in place and nothing is under it, then zero the scale',
};

/** The reply line as the scale sent it, short: `S I`, `ZI +`, `EL`. */
export function mtSicsReplyCode(reply: MtSicsReply): string {
  switch (reply.kind) {
    case 'weight':
      return `S ${reply.stable ? 'S' : 'D'}`;
    case 'weightRefused':
      return `${reply.command ?? 'S'} ${REFUSAL_STATUS[reply.reason]}`;
    case 'tare':
      return 'T S';
    case 'tareRefused':
      return `${reply.command ?? 'T'} ${REFUSAL_STATUS[reply.reason]}`;
    case 'commandRefused':
      return `${reply.command} ${REFUSAL_STATUS[reply.reason]}`;
    case 'zero':
      return reply.outcome === 'done' ? `${reply.command ?? 'Z'} A` : `${reply.command ?? 'Z'} ${ZERO_STATUS[reply.outcome]}`;
    case 'error':
      return reply.code;
  }
}

/** What one reply means, in a sentence that starts with its code: `S I — command understood but …`. */
export function mtSicsReplyMeaning(reply: MtSicsReply): string {
  const code = mtSicsReplyCode(reply);
  switch (reply.kind) {
    case 'weight':
      return `${code} — ${reply.stable ? 'a stable weight' : 'a weight still moving (dynamic)'}: ${reply.value} ${reply.unitText}`;
    case 'weightRefused':
    case 'commandRefused':
      return `${code} — ${REFUSALS[reply.reason]}`;
    case 'tare':
      return `${code} — tare stored: ${reply.value} ${reply.unitText}`;
    case 'tareRefused':
      return `${code} — ${TARE_LIMITS[reply.reason] ?? REFUSALS[reply.reason]}`;
    case 'zero':
      return reply.outcome === 'done' ? `${code} — zero set` : `${code} — ${ZERO_OUTCOMES[reply.outcome]}`;
    case 'error': {
      const { name, meaning } = MT_SICS_ERRORS[reply.code];
      return `${code} — ${name}: ${meaning}`;
    }
  }
}

/** What to do about a reply that refuses something; null for a reply that does what was asked. */
export function mtSicsReplyAdvice(reply: MtSicsReply): string | null {
  switch (reply.kind) {
    case 'weight':
    case 'tare':
      return null;
    case 'zero':
      return reply.outcome === 'done' ? null : reply.outcome === 'busy' ? REFUSAL_ADVICE.busy : 'clear the platter and zero again';
    case 'weightRefused':
    case 'tareRefused':
    case 'commandRefused':
      return REFUSAL_ADVICE[reply.reason];
    case 'error':
      return MT_SICS_ERRORS[reply.code].advice;
  }
}
