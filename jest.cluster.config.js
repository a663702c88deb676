/**
 * The cluster test: three real instances on PostgreSQL behind Debian's nginx, set up from
 * docs/deploy (npm run test:cluster). Slow and heavy, so one file at a time and never part of
 * `npm test`.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: [],
  testTimeout: 300000,
  maxWorkers: 1,
};
