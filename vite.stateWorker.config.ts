import { defineConfig } from 'vite';
import { mainBundle } from './vite.electron.config.ts';

/**
 * verify's state worker thread: src/main/store/stateWorker.ts → out/main/stateWorker.cjs, beside
 * the main bundle, where verify looks for it when it runs from electron.cjs (a packaged app has no
 * .ts files to start a worker from). Built after the main bundle, which empties out/main.
 */
export default defineConfig(mainBundle('src/main/store/stateWorker.ts', 'stateWorker.cjs', false));
