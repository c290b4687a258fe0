import { MAX_DIRECTORY_SCREEN_BYTES, StationFailure } from '../../shared/contract/index.ts';

const TOO_BIG = `This file is too big to send from the screen (over ${Math.floor(MAX_DIRECTORY_SCREEN_BYTES / 1024)} KB): import it with the CLI (mailscreen directory import).`;

/** A directory export as the screen sends it to the station (directory.import). */
export interface DirectoryFile {
  fileName: string;
  csvBase64: string;
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its characters as arguments, and there is a limit to those.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/**
 * The chosen file's bytes as they are, never its text: the browser's decoding would drop a
 * byte-order mark and replace what is not UTF-8, and the station would then record the SHA-256 of
 * something other than the file (the CLI and sha256sum hash its bytes). Bounded before it is read.
 */
export async function readDirectoryFile(file: File): Promise<DirectoryFile> {
  if (file.size > MAX_DIRECTORY_SCREEN_BYTES) throw new StationFailure('INVALID_ARGUMENTS', TOO_BIG);
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The file may have grown since it was chosen.
  if (bytes.length > MAX_DIRECTORY_SCREEN_BYTES) throw new StationFailure('INVALID_ARGUMENTS', TOO_BIG);
  return { fileName: file.name.slice(0, 255) || 'directory.csv', csvBase64: base64Of(bytes) };
}
