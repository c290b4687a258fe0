import { hash as sha256 } from 'node:crypto';
import type { AuditSubjectType, RecordMode } from '../../../shared/contract/index.ts';
import { auditHash } from '../auditChain.ts';
import { canonicalJson } from '../canonicalJson.ts';

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

interface RowSets {
  subjectTypes: ReadonlySet<unknown>;
  modes: ReadonlySet<unknown>;
}

export function rowSets(vocabulary: RowVocabulary): RowSets {
  return { subjectTypes: new Set(vocabulary.subjectTypes), modes: new Set(vocabulary.modes) };
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
  if (!text.includes('\\u') && JSON.stringify(parsed) === text && keysInCanonicalOrder(parsed)) return text;
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
 * The hash the row's content gives: exactly `auditHash(prevHash, body)` of the event the row
 * reads as, built as the canonical text directly (the body's keys in canonical order) and hashed
 * in one call. A row whose fields are not all plain text takes auditHash itself.
 */
export function contentHash(row: RawAuditRow, payload: Record<string, unknown>): string {
  const [seq, at, actor, station, kind, subjectType, subjectId, mode, payloadText, prevHash] = row;
  if (!Number.isSafeInteger(seq) || typeof payloadText !== 'string' || typeof prevHash !== 'string') return hashOfEvent(row, payload);
  const canonical = canonicalPayload(payloadText, payload);
  // The usual row: every field plain text, so quoting it is wrapping it in quotes (what JSON.stringify would give).
  if (typeof at === 'string' && typeof actor === 'string' && typeof station === 'string' && typeof kind === 'string' && typeof subjectId === 'string' && !NOT_PLAIN.test(at + actor + station + kind + subjectId + subjectType + mode)) {
    return sha256('sha256', `${prevHash}{"actor":"${actor}","at":"${at}","kind":"${kind}","mode":"${mode}","payload":${canonical},"seq":${seq},"station":"${station}","subjectId":"${subjectId}","subjectType":"${subjectType}"}`, 'hex');
  }
  if (!isText(at) || !isText(actor) || !isText(station) || !isText(kind) || !isText(subjectId)) return hashOfEvent(row, payload);
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
