import { hash as sha256 } from 'node:crypto';
import type { AuditSubjectType, RecordMode } from '../../../shared/contract/index.ts';
import { auditHash } from '../auditChain.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { isCanonicalObjectText } from './canonicalText.ts';

/** An audit row as `.raw()` reads it, in this column order. */
export type RawAuditRow = [seq: number, at: string, actor: string, station: string, kind: string, subjectType: string, subjectId: string, mode: string, payload: string, prevHash: string, hash: string];
export const RAW_AUDIT_COLUMNS = 'seq, at, actor, station, kind, subject_type, subject_id, mode, payload, prev_hash, hash';
export const RAW_SEQ = 0;
export const RAW_PREV_HASH = 9;
export const RAW_HASH = 10;

/**
 * The words a row's subject type and mode must be, as the contract lists them (passed in, so a
 * worker thread need not load the contract to check its stretch).
 */
export interface RowVocabulary {
  subjectTypes: readonly string[];
  modes: readonly string[];
}

export interface RowSets {
  subjectTypes: ReadonlySet<unknown>;
  modes: ReadonlySet<unknown>;
  /** The words among them that JSON writes as they are between quotes (all of this version's): what `plainRowHash` may quote itself. */
  plainSubjectTypes: ReadonlySet<unknown>;
  plainModes: ReadonlySet<unknown>;
}

export function rowSets(vocabulary: RowVocabulary): RowSets {
  return {
    subjectTypes: new Set(vocabulary.subjectTypes),
    modes: new Set(vocabulary.modes),
    plainSubjectTypes: new Set(vocabulary.subjectTypes.filter(isPlain)),
    plainModes: new Set(vocabulary.modes.filter(isPlain)),
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object's keys, at every depth, in the order canonical JSON writes them (UTF-16 code units). */
function keysInCanonicalOrder(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const element of value) if (!keysInCanonicalOrder(element)) return false;
    return true;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i += 1) {
    if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false;
    if (!keysInCanonicalOrder((value as Record<string, unknown>)[keys[i]!])) return false;
  }
  return true;
}

/**
 * The canonical JSON of a stored payload, as `canonicalJson(JSON.parse(text))` gives it. The
 * station stores payloads already canonical, so the text itself is the answer when it is: same
 * bytes as native JSON.stringify gives of its parse, keys in order, and no \u escape (the only way
 * a lone surrogate, which canonicalJson refuses, gets into a string). Anything else takes the
 * library's own path, which throws where it throws.
 */
function canonicalPayload(text: string, parsed: Record<string, unknown>): string {
  if (isCanonicalObjectText(text) || (!text.includes('\\u') && JSON.stringify(parsed) === text && keysInCanonicalOrder(parsed))) return text;
  return canonicalJson(parsed);
}

/**
 * A row read as an event would be (`rowToAuditEvent`): the parsed payload, or null when the row
 * cannot be read as one (the walks take that as a broken chain at this row).
 */
export function readablePayload(row: RawAuditRow, sets: RowSets): Record<string, unknown> | null {
  if (!sets.subjectTypes.has(row[5]) || !sets.modes.has(row[7])) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row[8]);
  } catch {
    return null;
  }
  return isJsonObject(parsed) ? parsed : null;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.isWellFormed();
/** A character JSON.stringify would escape, or a surrogate (possibly lone): such text takes the long way. */
// eslint-disable-next-line no-control-regex -- the point is to find what JSON escapes
const NOT_PLAIN = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Text JSON writes as it is between quotes: no '"', '\\', control character or surrogate (a pair
 * would be written as it is too, but such text is rare enough to take the long way).
 */
function isPlain(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * The hash of a row of the usual form, made from its text without parsing its payload: every
 * field plain text, the subject type and mode words of this version, the seq a safe integer and
 * the payload text canonical as it is stored (`isCanonicalObjectText`). Such a row is readable
 * (its payload parses to an object), and this is exactly `auditHash(prevHash, body)` of the
 * event it reads as: the body's canonical JSON is the fields quoted as they are, in canonical key
 * order, around the payload text. Null for any other row: the exact way (`readablePayload`,
 * `contentHash`) judges it.
 */
export function plainRowHash(row: RawAuditRow, sets: RowSets): string | null {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payloadText, prevHash] = row;
  if (
    !sets.plainSubjectTypes.has(subjectType) ||
    !sets.plainModes.has(mode) ||
    !Number.isSafeInteger(seq) ||
    typeof prevHash !== 'string' ||
    !isPlain(at) ||
    !isPlain(actor) ||
    !isPlain(station) ||
    !isPlain(kind) ||
    !isPlain(subjectId) ||
    typeof payloadText !== 'string' ||
    !isCanonicalObjectText(payloadText)
  ) {
    return null;
  }
  return sha256('sha256', `${prevHash}{"actor":"${actor}","at":"${at}","kind":"${kind}","mode":"${mode}","payload":${payloadText},"seq":${seq},"station":"${station}","subjectId":"${subjectId}","subjectType":"${subjectType}"}`, 'hex');
}

/**
 * The hash the row's content gives: exactly `auditHash(prevHash, body)` of the event the row
 * reads as, built as the canonical text directly (the body's keys in canonical order) and hashed
 * in one call. A row whose fields are not all plain text takes auditHash itself.
 */
export function contentHash(row: RawAuditRow, payload: Record<string, unknown>): string {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payloadText, prevHash] = row;
  if (!Number.isSafeInteger(seq) || typeof payloadText !== 'string' || typeof prevHash !== 'string') return hashOfEvent(row, payload);
  // A field canonicalJson refuses is refused before the payload, as auditHash refuses it (its keys come first).
  if (!isText(at) || !isText(actor) || !isText(station) || !isText(kind) || !isText(subjectId)) return hashOfEvent(row, payload);
  const canonical = canonicalPayload(payloadText, payload);
  // The usual row: every field plain text, so quoting it is wrapping it in quotes (what JSON.stringify would give).
  if (!NOT_PLAIN.test(at + actor + station + kind + subjectId + subjectType + mode)) {
    return sha256('sha256', `${prevHash}{"actor":"${actor}","at":"${at}","kind":"${kind}","mode":"${mode}","payload":${canonical},"seq":${seq},"station":"${station}","subjectId":"${subjectId}","subjectType":"${subjectType}"}`, 'hex');
  }
  const body =
    `{"actor":${JSON.stringify(actor)},"at":${JSON.stringify(at)},"kind":${JSON.stringify(kind)},"mode":${JSON.stringify(mode)},` +
    `"payload":${canonical},"seq":${seq},"station":${JSON.stringify(station)},` +
    `"subjectId":${JSON.stringify(subjectId)},"subjectType":${JSON.stringify(subjectType)}}`;
  return sha256('sha256', prevHash + body, 'hex');
}

/** auditHash itself over the event the row reads as (what throws there, throws here). */
function hashOfEvent(row: RawAuditRow, payload: Record<string, unknown>): string {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, , prevHash] = row;
  return auditHash(prevHash, { seq, at, actor, station, kind, subjectType: subjectType as AuditSubjectType, subjectId, mode: mode as RecordMode, payload });
}
