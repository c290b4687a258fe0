import { defineConfig } from 'vite';
import { isExternal } from './vite.electron.config.ts';

/**
 * The chain check's worker thread: src/main/store/verify/chainWorker.ts → out/main/chainWorker.cjs,
 * beside the main bundle, where the parallel check looks for it when it runs from electron.cjs (a
 * packaged app has no .ts files to start a worker from). Built after the main bundle, which empties
 * out/main.
 */
export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'src/main/store/verify/chainWorker.ts',
    outDir: 'out/main',
    emptyOutDir: false,
    target: 'node24',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      external: isExternal,
      output: { format: 'cjs', entryFileNames: 'chainWorker.cjs', codeSplitting: false },
    },
  },
});
