// The viewer's image is read back from the image store as a site file: a FIFO or a link put there
// cannot freeze or steer the station, an oversized file is not read, and its type comes from its bytes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { xrayImage } from '../../src/main/core/xrayImages.ts';
import type { WorkflowContext } from '../../src/main/core/workflowContext.ts';
import { xrayLikePng } from '../../src/hardware/simulators/xrayPng.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailscreen-image-serving-'));
  dirs.push(dir);
  return dir;
}

/** Just enough of the workflow for xrayImage: one item with one scan pointing at `imageFile`. */
function contextWith(imageFile: string, imageSha256: string): WorkflowContext {
  return { records: { xray_scans: { forItem: () => [{ id: 1, imageFile, imageSha256 }] } } } as unknown as WorkflowContext;
}

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('xray.image reads the stored image safely', () => {
  it('types the image by its bytes', async () => {
    const dir = store();
    const png = xrayLikePng('served');
    const file = path.join(dir, `${sha(png)}.jpg`);
    writeFileSync(file, png);
    const image = await xrayImage(contextWith(file, sha(png)), 'ITEM', 1);
    expect(image.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(image.sha256).toBe(sha(png));
  });

  it('a FIFO in the store is refused at once (it used to wait for a writer for ever)', async () => {
    const dir = store();
    const file = path.join(dir, `${'a'.repeat(64)}.png`);
    execFileSync('mkfifo', [file]);
    expect(await failure(xrayImage(contextWith(file, 'a'.repeat(64)), 'ITEM', 1))).toMatchObject({ code: 'CONFLICT' });
  });

  it('a symlink in the store is not followed, and its target is never quoted', async () => {
    const dir = store();
    const secret = path.join(dir, 'secret.png');
    const png = xrayLikePng('secret');
    writeFileSync(secret, png);
    const file = path.join(dir, `${sha(png)}.png`);
    symlinkSync(secret, file);
    const refused = await failure(xrayImage(contextWith(file, sha(png)), 'ITEM', 1));
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(refused.message).toMatch(/symlink/);
  });
});
