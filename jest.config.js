/** Unit and integration suites. The dialect comes from TEST_DATABASE_URL (unset: SQLite). */
// ts-jest in transpile-only mode: fast, and `npm run typecheck` does the type checking.
const tsJest = ['ts-jest', { isolatedModules: true, diagnostics: false }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The browser and cluster tests have configs of their own (jest.e2e.config.js, jest.cluster.config.js).
  testPathIgnorePatterns: ['/test/e2e/', '/test/cluster/'],
  transform: { '^.+\\.ts$': tsJest },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Fails the run, naming the process, when a test left a server running or anything listening.
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
