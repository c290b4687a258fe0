import { createHash } from 'node:crypto';
import { StationFailure, type RemoteReviewAnswer } from '../../shared/contract/index.ts';
import { IMAGE_MIME, IMAGE_SNIFF_BYTES, isViewable, sniffImageFormat } from '../../hardware/index.ts';
import type { DecidedAnswer } from './remoteReview.ts';

// What a reviewer's screen is shown of the site's review queue, the same at a station (its Site
// review tab) and at the console.

/** An answer as the screens list it: who answered what, and what the scan's station did with it. */
export function answerView(answer: DecidedAnswer): RemoteReviewAnswer {
  return {
    id: answer.id,
    station: answer.station,
    custodyId: answer.custodyId,
    scanRef: answer.scanRef,
    byStation: answer.byStation,
    reviewerName: answer.reviewerName,
    verdict: answer.verdict,
    notes: answer.notes,
    at: answer.at,
    outcome: answer.outcome?.outcome ?? null,
    reason: answer.outcome && answer.outcome.outcome !== 'written' ? answer.outcome.reason : null,
  };
}

/**
 * A queued scan's image as the viewer takes it, or a refusal in words: none at the site, bytes
 * that are not the ones the scan names (checked here, where it is shown, whatever the site
 * checked when the file arrived), a format the viewer cannot show.
 */
export function reviewImageView(station: string, scanRef: string, image: { sha256: string; bytes: Uint8Array } | null): { dataUrl: string; sha256: string } {
  if (!image) throw new StationFailure('NOT_FOUND', `The site holds no image of scan ${scanRef} of station ${station}: review it from the cabinet's screen at that station.`);
  const bytes = Buffer.from(image.bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== image.sha256) throw new StationFailure('CONFLICT', 'The image the site sent does not match its fingerprint: it is not shown. Call the site admin.');
  const format = sniffImageFormat(bytes.subarray(0, IMAGE_SNIFF_BYTES));
  if (!isViewable(format)) throw new StationFailure('CONFLICT', 'The image is in a format the viewer cannot show.');
  return { dataUrl: `data:${IMAGE_MIME[format]};base64,${bytes.toString('base64')}`, sha256 };
}
