// The first import of the Electron main process (main.ts), so that it runs before the station's
// code is loaded and the young generation has grown: the station's V8 flags that this process was
// not started with (a kiosk not started by scripts/start-electron.ts), as far as a running process
// can take them (stationFlagsInProcess). Chromium hands --js-flags to the main process only from the
// command line; the kiosk's renderer gets them from the host (host.ts), before 'ready'.
import v8 from 'node:v8';
import { app } from 'electron';
import { stationFlagsInProcess } from '../../stationMemory.ts';

/** The flags set here, for the tests. */
export const flagsSetInProcess = stationFlagsInProcess(app.commandLine.getSwitchValue('js-flags'), (flag) => v8.setFlagsFromString(flag));
