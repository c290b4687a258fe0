// The few ZPL II commands the station itself sends, and the sanity check a job passes before it
// is queued. Label layout lives with the label templates, not here.

/** `~HS`: the printer answers with its host status at once, even while printing (a tilde command). */
export function zplHostStatusRequest(): string {
  return '~HS';
}

/** `~HQES`: extended status (error and warning bitfields). */
export function zplExtendedStatusRequest(): string {
  return '~HQES';
}

export type ZplJobCheck = { ok: true; formats: number } | { ok: false; message: string };

/** The most a job may be: a 4×6 label with a logo is tens of kB; megabytes mean a bug upstream. */
export const MAX_ZPL_JOB_BYTES = 1024 * 1024;

/**
 * Checks that a job is one or more whole `^XA` … `^XZ` formats and nothing else (whitespace
 * between formats is allowed). A format left open would make the printer swallow the next job,
 * including the next `^XA`, into it, and bytes outside a format are silently ignored by the
 * printer: either way the label that comes out is not the one recorded, so refuse both.
 */
export function checkZplJob(zpl: string): ZplJobCheck {
  if (zpl.length === 0) return { ok: false, message: 'the label is empty' };
  if (Buffer.byteLength(zpl, 'utf8') > MAX_ZPL_JOB_BYTES) {
    return { ok: false, message: `the label is larger than ${MAX_ZPL_JOB_BYTES} bytes` };
  }
  let formats = 0;
  let at = 0;
  for (;;) {
    while (at < zpl.length && /\s/.test(zpl[at]!)) at += 1;
    if (at === zpl.length) break;
    if (!zpl.startsWith('^XA', at)) {
      return { ok: false, message: `the label has text outside a ^XA … ^XZ format at character ${at}` };
    }
    const end = zpl.indexOf('^XZ', at + 3);
    if (end < 0) return { ok: false, message: 'the label has a ^XA without its closing ^XZ' };
    const nested = zpl.indexOf('^XA', at + 3);
    if (nested >= 0 && nested < end) return { ok: false, message: `a ^XA at character ${nested} starts inside another format` };
    formats += 1;
    at = end + 3;
  }
  if (formats === 0) return { ok: false, message: 'the label has no ^XA … ^XZ format' };
  return { ok: true, formats };
}
