// Runs in every Jest worker before the tests: a quiet, test-mode app.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
if (process.env.TZ !== 'UTC') {
  throw new Error('Run the tests with TZ=UTC (npm test does) so a hidden dependence on the server zone fails.');
}
