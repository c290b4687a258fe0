// The station's SQLite extension for the hash check (src/main/store/verify/native/), built by the
// project's own script when `npm run build` has not built it from the source as it is: a test of the
// native way fails here, saying why, rather than passing on the JavaScript way alone.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeExtensionFile } from '../../src/main/store/verify/nativeWindow.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE = `${ROOT}/src/main/store/verify/native/mailscreen_chain.c`;

let built: string | null = null;

/** The extension, built unless `npm run build` built it from the source as it is (test files run side by side: one build, not one each). */
export function builtChainExtension(): string {
  if (built) return built;
  const file = nativeExtensionFile();
  const current = existsSync(file) && statSync(file).mtimeMs >= statSync(SOURCE).mtimeMs;
  if (!current) execFileSync('sh', ['scripts/build-native.sh'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (!existsSync(file)) throw new Error(`the chain extension was not built (${file}): the tests need a C compiler (Debian: apt-get install gcc)`);
  built = file;
  return file;
}
