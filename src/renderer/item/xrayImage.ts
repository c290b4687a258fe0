import type { XrayScanRecord } from '../../shared/contract/index.ts';

/**
 * Where the viewer gets a scan's image. The image sits in main's image store and the contract has
 * no command to read it yet (requested: `xray.image`, answering a data: URL). Until then the viewer
 * says the image is not available here; the verdict is still the operator's, from the cabinet screen.
 */
export function xrayImageUrl(_scan: XrayScanRecord): string | null {
  return null;
}
