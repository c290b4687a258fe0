import { defineConfig } from 'vite';
import { mainBundle } from './vite.electron.config.ts';

/**
 * The chain check's worker thread: src/main/store/verify/chainWorker.ts → out/main/chainWorker.cjs,
 * beside the main bundle, where the parallel check looks for it when it runs from electron.cjs (a
 * packaged app has no .ts files to start a worker from). Built after the main bundle, which empties
 * out/main.
 */
export default defineConfig(mainBundle('src/main/store/verify/chainWorker.ts', 'chainWorker.cjs', false));
