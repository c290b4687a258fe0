// The station's SQLite extension for the hash check (src/main/store/verify/native/), built once per
// test process by the project's own script, as `npm run build` builds it: a test of the native way
// fails here, saying why, rather than passing on the JavaScript way alone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeExtensionFile } from '../../src/main/store/verify/nativeWindow.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let built: string | null = null;

export function builtChainExtension(): string {
  if (built) return built;
  execFileSync('sh', ['scripts/build-native.sh'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const file = nativeExtensionFile();
  if (!existsSync(file)) throw new Error(`the chain extension was not built (${file}): the tests need a C compiler (Debian: apt-get install gcc)`);
  built = file;
  return file;
}
