/** Browser end-to-end tests: the real server and Debian's Chromium, one at a time. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testPathIgnorePatterns: [],
  // Only the list of started servers: the e2e server uses a SQLite file of its own.
  globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
  testTimeout: 180000,
  maxWorkers: 1,
};
