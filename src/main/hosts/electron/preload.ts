// The sandboxed preload. It is bundled into one CommonJS file (out/preload/preload.cjs) because a
// sandboxed preload can require nothing but 'electron' and a few Node polyfills.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../../shared/contract/index.ts';
import { createBridge } from './bridge.ts';

/**
 * The preload's log: the page's console (DevTools, and Electron's renderer log). The station's
 * `Log` implementations write to stderr through node:util, which a sandboxed preload cannot load.
 */
const preloadLog = {
  error: (message: string, cause?: unknown) => console.error(`mailscreen preload: ${message}`, cause),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer, preloadLog));
