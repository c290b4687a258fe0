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
  it('runs the same command with the V8 flag first, the node flags it had, and MALLOC_ARENA_MAX=2 in the environment', () => {
    expect(stationRelaunch(facts())).toEqual({
      file: '/usr/bin/node',
      args: ['/usr/bin/node', '--max-semi-space-size=16', '--import', '/x/probe.ts', '/repo/src/main/cli/main.ts', 'serve', '--demo', '--db', 'a b.sqlite'],
      env: { PATH: '/bin', HOME: '/home/op', MALLOC_ARENA_MAX: '2', [STATION_TUNED_MARK]: '1' },
    });
  });

  it('never relaunches the relaunched process (the mark), even if the exec lost a setting', () => {
    expect(stationRelaunch(facts({ env: { [STATION_TUNED_MARK]: '1' } }))).toBeNull();
  });

  it("keeps the site's own choices: a semi-space size on the command line or in NODE_OPTIONS (either spelling), a MALLOC_ARENA_MAX", () => {
    const chosen = stationRelaunch(facts({ execArgv: ['--max-semi-space-size=64'] }));
    expect(chosen?.args).toEqual(['/usr/bin/node', '--max-semi-space-size=64', '/repo/src/main/cli/main.ts', 'serve', '--demo', '--db', 'a b.sqlite']);
    expect(stationRelaunch(facts({ env: { NODE_OPTIONS: '--inspect --max_semi_space_size=4', MALLOC_ARENA_MAX: '8' } }))).toBeNull();
    expect(stationRelaunch(facts({ env: { MALLOC_ARENA_MAX: '8' } }))?.env.MALLOC_ARENA_MAX).toBe('8');
  });

  it('does not take a longer flag for the one it sets', () => {
    expect(stationRelaunch(facts({ execArgv: ['--max-semi-space-size-extra=1'] }))?.args).toContain('--max-semi-space-size=16');
  });
});
