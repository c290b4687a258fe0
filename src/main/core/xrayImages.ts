import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StationFailure } from '../../shared/contract/index.ts';
import type { WorkflowContext } from './workflowContext.ts';

const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.bmp': 'image/bmp' };

/**
 * The image of one scan, for the viewer. It is read back from the image store and checked against
 * the SHA-256 recorded when it was captured: an altered or swapped file is refused, not shown.
 */
export async function xrayImage(ctx: WorkflowContext, custodyId: string, scanId: number): Promise<{ dataUrl: string; sha256: string }> {
  const scan = ctx.records.scans(custodyId).find((s) => s.id === scanId);
  if (!scan) throw new StationFailure('NOT_FOUND', `Item ${custodyId} has no X-ray scan ${scanId}.`);
  if (!scan.imageFile || !scan.imageSha256) throw new StationFailure('NOT_FOUND', 'The cabinet has not delivered the image of this scan yet.');
  let bytes: Buffer;
  try {
    bytes = await readFile(scan.imageFile);
  } catch {
    throw new StationFailure('NOT_FOUND', `The image file of this scan is missing from the image store (${path.basename(scan.imageFile)}). Call the site admin: restore it from backup.`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== scan.imageSha256) {
    throw new StationFailure('CONFLICT', 'The stored image does not match the fingerprint recorded at capture: it was altered or replaced. It is not shown. Call the site admin.');
  }
  const mime = MIME[path.extname(scan.imageFile).toLowerCase()] ?? 'application/octet-stream';
  return { dataUrl: `data:${mime};base64,${bytes.toString('base64')}`, sha256 };
}
