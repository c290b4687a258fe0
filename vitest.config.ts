import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/tmpFolder.ts'],
    // Generous: two files share the 2 cores, and a machine shared with other work is slower still (at
    // a load of 20 three tests that spawn the CLI several times, or lint the source tree, ran past 30 s).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A stray require('electron') in plain Node would try to download Electron: point it nowhere.
    env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron', MAILSCREEN_VALIDATE_RESPONSES: '1' },
    pool: 'forks',
    // Two files at a time (`--maxWorkers=1` for one). Vitest's default is one fewer than the cores, so
    // on a 2-core machine one: the files ran one after another while much of their time is spent
    // waiting on children (CLI and station processes, PostgreSQL, OpenLDAP, socat) and on fsync. Each
    // file makes its files in its own temporary folders and listens on port 0, so two do not meet.
    maxWorkers: 2,
  },
});
