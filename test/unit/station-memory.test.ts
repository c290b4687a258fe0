// What serve relaunches itself with to keep its memory small (issue 15), and what it leaves alone.
import { describe, expect, it } from 'vitest';
import { STATION_TUNED_MARK, stationRelaunch, type StationProcessFacts } from '../../src/main/stationMemory.ts';

const facts = (over: Partial<StationProcessFacts> = {}): StationProcessFacts => ({
  execPath: '/usr/bin/node',
  execArgv: ['--import', '/x/probe.ts'],
  argv: ['/usr/bin/node', '/repo/src/main/cli/main.ts', 'serve', '--demo', '--db', 'a b.sqlite'],
  env: { PATH: '/bin', HOME: '/home/op' },
  ...over,
});

describe('serve relaunched with its memory settings', () => {
  it("runs the same command with the V8 flag first, the node flags it had, and glibc's malloc settings in the environment", () => {
    expect(stationRelaunch(facts())).toEqual({
      file: '/usr/bin/node',
      args: ['/usr/bin/node', '--max-semi-space-size=4', '--import', '/x/probe.ts', '/repo/src/main/cli/main.ts', 'serve', '--demo', '--db', 'a b.sqlite'],
      env: { PATH: '/bin', HOME: '/home/op', MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072', [STATION_TUNED_MARK]: '1' },
    });
  });

  it('never relaunches the relaunched process (the mark), even if the exec lost a setting', () => {
    expect(stationRelaunch(facts({ env: { [STATION_TUNED_MARK]: '1' } }))).toBeNull();
  });

  it("keeps the site's own choices: a semi-space size on the command line or in NODE_OPTIONS (either spelling), a MALLOC_ARENA_MAX", () => {
    const chosen = stationRelaunch(facts({ execArgv: ['--max-semi-space-size=64'] }));
    expect(chosen?.args).toEqual(['/usr/bin/node', '--max-semi-space-size=64', '/repo/src/main/cli/main.ts', 'serve', '--demo', '--db', 'a b.sqlite']);
    expect(stationRelaunch(facts({ env: { NODE_OPTIONS: '--inspect --max_semi_space_size=8', MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '0' } }))).toBeNull();
    expect(stationRelaunch(facts({ env: { MALLOC_ARENA_MAX: '8' } }))?.env.MALLOC_ARENA_MAX).toBe('8');
  });

  it('does not take a longer flag for the one it sets', () => {
    expect(stationRelaunch(facts({ execArgv: ['--max-semi-space-size-extra=1'] }))?.args).toContain('--max-semi-space-size=4');
  });
});
