import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/tmpFolder.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A stray require('electron') in plain Node would try to download Electron: point it nowhere.
    env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron', MAILSCREEN_VALIDATE_RESPONSES: '1' },
    pool: 'forks',
  },
});
