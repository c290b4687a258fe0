// The sandboxed preload. It is bundled into one CommonJS file (out/preload/preload.cjs) because a
// sandboxed preload can require nothing but 'electron' and a few Node polyfills.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../../shared/contract/index.ts';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
