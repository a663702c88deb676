/** Browser end-to-end tests: the real server and Debian's Chromium, one at a time. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testPathIgnorePatterns: [],
  globalSetup: undefined,
  testTimeout: 180000,
  maxWorkers: 1,
};
