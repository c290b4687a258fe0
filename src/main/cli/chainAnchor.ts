import { statSync } from 'node:fs';
import path from 'node:path';
import { fileInFolder, printableFileName, readSiteFileSync, SiteFileRefused, siteFileText } from '../../hardware/index.ts';
import type { ChainAnchor } from '../store/index.ts';
import { UsageError } from './output.ts';

// Exports and manifests of a large station run to hundreds of MB; bigger than this is not ours
// (and would not fit in one string anyway).
const MAX_BYTES = 500 * 1024 * 1024;
const HASH = /^[0-9a-f]{64}$/;
// Both backup manifest versions carry the chain head the same way (version 2 differs in the database's digest only).
const BACKUP_FORMATS: readonly unknown[] = ['mailscreen-backup/1', 'mailscreen-backup/2'];
// Written by ReportPdf into the document info, which pdfkit leaves uncompressed.
const PDF_HEAD = /mailscreen-chain-head (\d{1,15}):([0-9a-f]{64})/g;

function refuse(source: string, why: string): never {
  throw new UsageError(`verify --against ${printableFileName(source)}: ${why}`);
}

/** `--head <seq>:<sha256>`. */
export function parseHeadArgument(value: string): ChainAnchor {
  const match = /^(\d{1,15}):([0-9a-fA-F]{64})$/.exec(value.trim());
  if (!match || Number(match[1]) < 1) throw new UsageError(`verify --head takes <seq>:<sha256> (an event number and its 64-hex-digit hash, as printed on a report), not "${printableFileName(value)}"`);
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase(), source: '--head' };
}

function link(value: unknown): { seq: number; hash: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { seq, hash } = value as { seq?: unknown; hash?: unknown };
  return Number.isSafeInteger(seq) && (seq as number) > 0 && typeof hash === 'string' && HASH.test(hash) ? { seq: seq as number, hash } : null;
}

const stationOf = (value: unknown): { station?: string } => (typeof value === 'string' && value !== '' && value !== 'unknown' ? { station: value } : {});

function fromManifest(manifest: unknown, source: string): ChainAnchor {
  const m = manifest as { format?: unknown; chainHead?: unknown; stationId?: unknown };
  if (!BACKUP_FORMATS.includes(m.format)) refuse(source, `is not a Mailscreen backup manifest (format ${printableFileName(String(m.format))})`);
  const head = link(m.chainHead);
  if (!head) refuse(source, 'the backup manifest has no valid chainHead {seq, hash}: it anchors nothing');
  return { ...head, source, ...stationOf(m.stationId) };
}

function fromPdf(bytes: Buffer, source: string): ChainAnchor {
  const heads = new Set<string>();
  for (const match of bytes.toString('latin1').matchAll(PDF_HEAD)) heads.add(`${match[1]}:${match[2]}`);
  if (heads.size === 0) refuse(source, 'this PDF carries no Mailscreen chain head (reports made before this version print it only in the compressed footer: use --head with the printed seq and hash)');
  if (heads.size > 1) refuse(source, 'this PDF carries more than one chain head; it was not made by the station as it is');
  const [seq, hash] = [...heads][0]!.split(':') as [string, string];
  if (Number(seq) < 1) refuse(source, 'the chain head in this PDF is before the first event');
  return { seq: Number(seq), hash, source };
}

async function fromExport(content: string, source: string): Promise<ChainAnchor> {
  // The reports' code (PDF and all) only when an export is given: the verify command of a big
  // store keeps its resident set for the check itself (issue 15).
  const { verifyAuditExport } = await import('../reports/index.ts');
  const verdict = verifyAuditExport(content);
  if (!verdict.ok) refuse(source, `is not an intact audit export (it breaks at event ${verdict.firstBadSeq}): it cannot anchor the database`);
  const lines = content.split(/\r?\n/).filter((l) => l.trim() !== '');
  const last = JSON.parse(lines.at(-1)!) as { chainHead?: unknown; station?: unknown };
  const head = link(last.chainHead);
  if (!head) refuse(source, 'the audit export holds no event to anchor to');
  return { ...head, source, ...stationOf(last.station) };
}

/**
 * The chain head an outside copy carries: a backup folder (its manifest.json), a backup manifest,
 * an audit export (JSON lines, verified on its own first) or a report PDF the station made.
 * Anything else, or a file that cannot be read, is a usage error naming the file.
 */
export async function readChainAnchor(target: string): Promise<ChainAnchor> {
  const source = path.basename(path.resolve(target)) || target;
  let bytes: Buffer;
  try {
    const isFolder = statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
    bytes = readSiteFileSync(isFolder ? fileInFolder(target, 'manifest.json') : target, { maxBytes: MAX_BYTES });
  } catch (error) {
    if (error instanceof SiteFileRefused) {
      const hint = error.problem === 'missing' && error.file !== target ? ' (the folder is not a backup: it has no manifest.json)' : '';
      throw new UsageError(`verify --against: ${error.message}${hint}`);
    }
    refuse(target, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error))})`);
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return fromPdf(bytes, source);
  const text = siteFileText(bytes);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let whole: unknown;
    try {
      whole = JSON.parse(text);
    } catch {
      whole = undefined;
    }
    if (whole !== undefined) return fromManifest(whole, source);
    if (trimmed.includes('\n')) return fromExport(text, source);
  }
  return refuse(target, 'is not a backup folder or manifest, an audit export or a Mailscreen report PDF');
}
