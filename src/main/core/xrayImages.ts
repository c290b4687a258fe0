import { createHash } from 'node:crypto';
import path from 'node:path';
import { HOT_FOLDER_MAX_MEGABYTES_LIMIT, StationFailure } from '../../shared/contract/index.ts';
import { IMAGE_MIME, IMAGE_SNIFF_BYTES, isViewable, readSiteFile, SiteFileRefused, sniffImageFormat } from '../../hardware/index.ts';
import type { WorkflowContext } from './workflowContext.ts';

/** No stored image is larger than the largest the hot folder may ever take: a bigger file is not ours. */
const MAX_SERVED_IMAGE_BYTES = HOT_FOLDER_MAX_MEGABYTES_LIMIT * 1024 * 1024;

/**
 * The image of one scan, for the viewer. It is read back from the image store (as a regular file,
 * no symlink, bounded) and checked against the SHA-256 recorded when it was captured: an altered
 * or swapped file is refused, not shown. Its type comes from its bytes, not its name.
 */
export async function xrayImage(ctx: WorkflowContext, custodyId: string, scanId: number): Promise<{ dataUrl: string; sha256: string }> {
  const scan = ctx.records.xray_scans.forItem(custodyId).find((s) => s.id === scanId);
  if (!scan) throw new StationFailure('NOT_FOUND', `Item ${custodyId} has no X-ray scan ${scanId}.`);
  if (!scan.imageFile || !scan.imageSha256) throw new StationFailure('NOT_FOUND', 'The cabinet has not delivered the image of this scan yet.');
  let bytes: Buffer;
  try {
    bytes = await readSiteFile(scan.imageFile, { maxBytes: MAX_SERVED_IMAGE_BYTES });
  } catch (error) {
    if (error instanceof SiteFileRefused && error.problem !== 'missing') {
      throw new StationFailure('CONFLICT', `The image file of this scan in the image store is not a stored image (${error.problem}). It is not shown. Call the site admin.`);
    }
    throw new StationFailure('NOT_FOUND', `The image file of this scan is missing from the image store (${path.basename(scan.imageFile)}). Call the site admin: restore it from backup.`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== scan.imageSha256) {
    throw new StationFailure('CONFLICT', 'The stored image does not match the fingerprint recorded at capture: it was altered or replaced. It is not shown. Call the site admin.');
  }
  const format = sniffImageFormat(bytes.subarray(0, IMAGE_SNIFF_BYTES));
  if (!isViewable(format)) {
    throw new StationFailure('CONFLICT', 'The stored image is in a format the viewer cannot show. Its record and fingerprint stand; call the site admin to open the file from the image store.');
  }
  return { dataUrl: `data:${IMAGE_MIME[format]};base64,${bytes.toString('base64')}`, sha256 };
}
