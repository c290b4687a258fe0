// The commands that do the station's heavy work on its store — serve, and verify, whose full check
// of a 1M-item store took 710 MB without them (issue 15) — run with the station's memory settings
// and the checkout's compile cache (stationMemory.ts): relaunched in place, same pid and streams,
// before they open or say anything (the relaunched process starts over with the same arguments).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCacheFolder, relaunchWithStationMemory, STATION_TUNED_MARK } from '../stationMemory.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Relaunches `command` with the station's settings; returns only where it cannot (it then says why on stderr and runs as it was started). */
export function runWithStationSettings(command: string): void {
  const compileCache = process.env[STATION_TUNED_MARK] === undefined && process.env.NODE_COMPILE_CACHE === undefined ? compileCacheFolder(REPO_ROOT) : null;
  if (compileCache && 'refused' in compileCache) process.stderr.write(`mailscreen: ${command} runs without its compile cache (its TypeScript stripped at each start, ~15 MB more): ${compileCache.refused}\n`);
  const notRelaunched = relaunchWithStationMemory(process, compileCache && 'folder' in compileCache ? compileCache.folder : undefined, command);
  if (notRelaunched) process.stderr.write(`${notRelaunched}\n`);
}
