import { useEffect, useState } from 'react';
import type { XrayScanRecord } from '../../shared/contract/index.ts';
import { StationRequestError, toStationRequestError, useStation } from '../station/index.ts';

export interface XrayImage {
  /** A data: URL of the stored image, or null while it loads or when it cannot be shown. */
  src: string | null;
  /** The image's SHA-256 as main checked it on read, shown as its fingerprint. */
  sha256: string | null;
  error: StationRequestError | null;
  /** The record has an image and it is on its way from main. */
  loading: boolean;
}

/**
 * A scan's image from main's image store (`xray.image`). Main reads the file back and refuses it
 * when it no longer matches the SHA-256 recorded at capture; the screen checks the answer against
 * the record as well, so a swapped image is never shown as this scan's.
 */
export function useXrayImage(custodyId: string, scan: XrayScanRecord | null): XrayImage {
  const station = useStation();
  const [image, setImage] = useState<Omit<XrayImage, 'loading'>>({ src: null, sha256: null, error: null });
  const scanId = scan?.id ?? null;
  const recorded = scan?.imageSha256 ?? null;

  useEffect(() => {
    setImage({ src: null, sha256: null, error: null });
    // No image recorded yet: the cabinet attaches it when the scan is done, and item.changed brings it.
    if (scanId === null || recorded === null) return;
    let cancelled = false;
    station.call('xray.image', { custodyId, scanId }).then(
      ({ dataUrl, sha256 }) => {
        if (cancelled) return;
        if (sha256.toLowerCase() !== recorded.toLowerCase()) {
          setImage({ src: null, sha256, error: new StationRequestError('CONFLICT', 'The image the station sent does not match the fingerprint on the scan’s record, so it is not shown.') });
          return;
        }
        setImage({ src: dataUrl, sha256, error: null });
      },
      (caught: unknown) => {
        if (!cancelled) setImage({ src: null, sha256: null, error: toStationRequestError(caught) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [station, custodyId, scanId, recorded]);

  const loading = recorded !== null && image.src === null && image.error === null;
  return { ...image, loading };
}

/** A SHA-256 in groups of eight, so two people can read it out and compare it. */
export function formatFingerprint(sha256: string): string {
  return (sha256.toLowerCase().match(/.{1,8}/g) ?? []).join(' ');
}
