// Entry of the Electron main process, bundled to out/main/electron.cjs (CommonJS, so __dirname is
// the bundle's folder, out/main). Only wiring: the behaviour lives in host.ts and its helpers.
// First: the station's V8 flags, before anything else is loaded (earlyFlags.ts).
import './earlyFlags.ts';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { startStation } from '../../core/index.ts';
import type { RunningStation } from '../../core/index.ts';
import { runElectronHost } from './host.ts';
import { discardedScanMessage } from '../../../shared/domain/index.ts';

// Owner-only before anything is created: the data folder holds personal data and PIN hashes.
process.umask(0o077);

// The host sees only the endpoint; wedge scans go straight to the station, as device scans do.
let running: RunningStation | null = null;

void runElectronHost({
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  protocol,
  session,
  dialog,
  // The bundle is out/main/electron.cjs; the shipped resources (SOP files) sit at the app's root.
  startStation: async (options) => (running = await startStation({ ...options, resourcesDir: path.resolve(__dirname, '../../resources') })),
  onWedgeScan: (data, symbology) => running?.station.takeScan('wedge', data, symbology),
  onWedgeDiscarded: (discarded) => running?.station.refuseScan('wedge', discardedScanMessage(discarded, running.station.info().scanTerminator)),
  wedgeTerminator: () => running?.station.info().scanTerminator ?? 'Enter',
  outDir: path.resolve(__dirname, '..'),
  argv: process.argv,
  env: process.env,
});
