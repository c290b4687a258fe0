import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A PDF's text as poppler's pdftotext reads it (pdfkit's output is compressed and glyph-encoded),
 * with the line breaks inside table cells folded to spaces so words can be compared.
 */
export function pdfText(pdf: Buffer | Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-pdf-'));
  try {
    const file = path.join(dir, 'paper.pdf');
    writeFileSync(file, pdf);
    const result = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout.replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
