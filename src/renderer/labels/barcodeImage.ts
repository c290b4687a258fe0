import bwipjs from 'bwip-js/browser';

/**
 * Barcode pictures for the label preview, drawn by bwip-js with the symbology options the printer
 * uses (Code 128 subset B; QR with error correction Q), so the bars on screen are the bars on the label.
 * Returned as a data: URL for an SVG <image> (the CSP allows data: images, not inline markup).
 */

function dataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

// BWIPP options the bundled typings do not list; bwip-js passes every option through to BWIPP.
type Options = Parameters<typeof bwipjs.toSVG>[0] & { newencoder?: boolean; suppressc?: boolean; eclevel?: 'L' | 'M' | 'Q' | 'H' };

export function code128Image(data: string): string {
  // suppressc (with the new encoder) keeps bwip-js in subset B, as ZPL ^BC mode N does.
  const options: Options = { bcid: 'code128', text: data, newencoder: true, suppressc: true, scale: 1, height: 10, includetext: false };
  return dataUrl(bwipjs.toSVG(options));
}

export function qrImage(data: string): string {
  const options: Options = { bcid: 'qrcode', text: data, eclevel: 'Q', scale: 1 };
  return dataUrl(bwipjs.toSVG(options));
}
