// The first import of the Electron main process (main.ts), so that it runs before the station's
// own code and the young generation keeps about the size it has then: the station's V8 flags that
// this process was not started with (a kiosk not started by scripts/start-electron.ts), as far as a
// running process can take them (stationFlagsInProcess). The bundle still requires its external
// packages first (pdfkit, bwip-js, pg...): in Node they bring the young generation to 8 MB, what the
// command line's cap of 4 MB semi-spaces allows; left to grow it would reach 128 MB on a big machine.
// Chromium hands --js-flags to the main process only from the command line; the kiosk's renderer
// gets them from the host (host.ts), before 'ready'.
import v8 from 'node:v8';
import { app } from 'electron';
import { stationFlagsInProcess } from '../../stationMemory.ts';

/** The flags set here, for the tests. */
export const flagsSetInProcess = stationFlagsInProcess(app.commandLine.getSwitchValue('js-flags'), (flag) => v8.setFlagsFromString(flag));
