import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

// Packages that stay in node_modules at run time: Electron itself, the Node-API native modules
// (their loaders find prebuilds/ relative to their own folder, and .node files are unpacked from
// the asar), ws, pg (it looks up its optional native binding at run time), and the packages that
// read their own data files next to their code at run time (pdfkit's font metrics, the DejaVu
// fonts, bwip-js). Everything else, src/main/core included, is
// bundled into one file.
const EXTERNAL_PACKAGES = ['electron', 'better-sqlite3', 'serialport', 'node-hid', 'ws', 'pdfkit', 'dejavu-fonts-ttf', 'bwip-js', 'pg'];
const BUILTINS = new Set(builtinModules);

export function isExternal(id: string): boolean {
  if (id.startsWith('node:') || BUILTINS.has(id)) return true;
  if (id.startsWith('@serialport/')) return true;
  return EXTERNAL_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * A bundle of main-process code for Node: one CommonJS file in out/main, packages above left outside.
 * `emptyOutDir` only for the first bundle built (the worker is built after it, beside it).
 */
export function mainBundle(entry: string, fileName: string, emptyOutDir: boolean): UserConfig {
  return {
    publicDir: false,
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: entry,
      outDir: 'out/main',
      emptyOutDir,
      target: 'node24',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: isExternal,
        output: { format: 'cjs', entryFileNames: fileName, codeSplitting: false },
      },
    },
  };
}

/** The Electron main process: src/main/hosts/electron/main.ts → out/main/electron.cjs (CommonJS). */
export default defineConfig(mainBundle('src/main/hosts/electron/main.ts', 'electron.cjs', true));
