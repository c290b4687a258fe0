import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Session } from 'electron';

/**
 * Reports and exports the screen offers as downloads go straight into the station's exports
 * folder: a kiosk has no file dialog to leave open over the protocol screen, and the folder is
 * owner-only because the files carry personal data. The name is reduced to a plain file name so
 * a page cannot write outside the folder.
 */
export function saveDownloadsTo(session: Session, exportsDir: string, makeDir: (dir: string) => void = (dir) => mkdirSync(dir, { recursive: true, mode: 0o700 })): void {
  session.on('will-download', (_event, item) => {
    makeDir(exportsDir);
    item.setSavePath(path.join(exportsDir, safeFileName(item.getFilename())));
  });
}

export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '');
  return base.length > 0 ? base.slice(0, 200) : 'mailscreen-export';
}
