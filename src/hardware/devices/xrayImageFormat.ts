// What an X-ray image file is, told by its first bytes, never by its name: a file named scan.png
// is taken as a PNG only if it starts like one. The viewer shows the image in the screen's <img>
// (Chromium), so only formats it can show are taken; TIFF and DICOM are recognised so the refusal
// can say what to change on the cabinet.

export type ViewableImageFormat = 'png' | 'jpeg' | 'bmp';
export type ImageFormat = ViewableImageFormat | 'tiff' | 'dicom';

export const VIEWABLE_IMAGE_FORMATS: readonly ViewableImageFormat[] = ['png', 'jpeg', 'bmp'];

export const IMAGE_FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = { png: 'PNG', jpeg: 'JPEG', bmp: 'BMP', tiff: 'TIFF', dicom: 'DICOM' };

export const IMAGE_MIME: Readonly<Record<ViewableImageFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', bmp: 'image/bmp' };

/** The store's file extension for each viewable format. */
export const IMAGE_EXTENSION: Readonly<Record<ViewableImageFormat, string>> = { png: 'png', jpeg: 'jpg', bmp: 'bmp' };

/** How many leading bytes sniffImageFormat needs (DICOM's "DICM" sits after a 128-byte preamble). */
export const IMAGE_SNIFF_BYTES = 132;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The sizes of the BMP info headers in use (core, V1-V5): "BM" alone is too weak a signature. */
const BMP_INFO_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean => signature.every((b, i) => bytes[at + i] === b);

/** The format the bytes are in, or null when they match none of the image formats we know. */
export function sniffImageFormat(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x42, 0x4d]) && head.length >= 18) {
    const infoSize = (head[14]! | (head[15]! << 8) | (head[16]! << 16)) + head[17]! * 0x1000000;
    if (BMP_INFO_HEADER_SIZES.has(infoSize)) return 'bmp';
  }
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x44, 0x49, 0x43, 0x4d], 128)) return 'dicom';
  return null;
}

/** The format a file's name promises, from its extension (lower-cased, with the dot). */
export function formatOfExtension(extension: string): ImageFormat | null {
  switch (extension.toLowerCase()) {
    case '.png':
      return 'png';
    case '.jpg':
    case '.jpeg':
      return 'jpeg';
    case '.bmp':
      return 'bmp';
    case '.tif':
    case '.tiff':
      return 'tiff';
    case '.dcm':
    case '.dcs':
      return 'dicom';
    default:
      return null;
  }
}

export function isViewable(format: ImageFormat | null): format is ViewableImageFormat {
  return format !== null && (VIEWABLE_IMAGE_FORMATS as readonly string[]).includes(format);
}

/**
 * Why a file whose name promises `named` and whose bytes are `actual` is not taken, or null when
 * it is a viewable image of the format its name says. One line, quoting nothing from the file.
 */
export function imageFormatProblem(named: ImageFormat | null, actual: ImageFormat | null): string | null {
  if (actual === null) return 'is not an image the viewer can show (its first bytes match no PNG, JPEG or BMP image)';
  if (!isViewable(actual)) return `is a ${IMAGE_FORMAT_NAMES[actual]} image, which the viewer cannot show; set the cabinet to export PNG or JPEG`;
  if (named !== actual) return `is named as ${named === null ? 'something other than an image' : `a ${IMAGE_FORMAT_NAMES[named]} image`} but its content is ${IMAGE_FORMAT_NAMES[actual]}; a file's name and content must agree`;
  return null;
}
