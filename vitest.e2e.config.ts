import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/tmpFolder.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // A screen's answer to a key press can take seconds on a busy 2-core machine: polled
    // expectations wait up to 10 s (what they wait for still has to happen).
    expect: { poll: { timeout: 10_000 } },
    env: { MAILSCREEN_VALIDATE_RESPONSES: '1' },
  },
});
