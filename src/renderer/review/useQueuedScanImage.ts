import { useEffect, useState } from 'react';
import type { RemoteReviewScan } from '../../shared/contract/index.ts';
import { StationRequestError, toStationRequestError } from '../station/index.ts';

export interface QueuedScanImage {
  src: string | null;
  sha256: string | null;
  error: StationRequestError | null;
}

/**
 * The image of a scan in the site's review queue, for a reviewer's screen (a station's Site review
 * tab, the console): asked again whenever the queue's latest read of the scan names another image
 * (it may reach the site a batch after the verdict), and shown only if it is the one the scan's
 * record names. `load` asks the site (keep it the same function between renders).
 */
export function useQueuedScanImage(scan: Pick<RemoteReviewScan, 'station' | 'scanRef' | 'imageSha256'>, load: (station: string, scanRef: string) => Promise<{ dataUrl: string; sha256: string }>): QueuedScanImage {
  const [image, setImage] = useState<QueuedScanImage>({ src: null, sha256: null, error: null });
  const { station, scanRef, imageSha256 } = scan;
  useEffect(() => {
    let cancelled = false;
    if (imageSha256 === null) {
      setImage({ src: null, sha256: null, error: new StationRequestError('NOT_FOUND', 'Its station has not sent the image of this scan to the site.') });
      return;
    }
    load(station, scanRef).then(
      ({ dataUrl, sha256 }) => {
        if (cancelled) return;
        // A swapped image is never shown as this scan's.
        if (sha256.toLowerCase() !== imageSha256.toLowerCase()) setImage({ src: null, sha256, error: new StationRequestError('CONFLICT', 'The image the site sent is not the one recorded for this scan, so it is not shown.') });
        else setImage({ src: dataUrl, sha256, error: null });
      },
      (caught: unknown) => {
        if (!cancelled) setImage({ src: null, sha256: null, error: toStationRequestError(caught) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, station, scanRef, imageSha256]);
  return image;
}

/** The scan open on a reviewer's screen as the queue's latest read gives it; as it was when opened once it has left the queue (answered meanwhile). */
export function latestOf(opened: RemoteReviewScan | null, scans: readonly RemoteReviewScan[]): RemoteReviewScan | null {
  if (opened === null) return null;
  return scans.find((scan) => scan.station === opened.station && scan.scanRef === opened.scanRef) ?? opened;
}
