/*
 * The counter every factory draws from, so codes, NIPs and usernames never repeat within a test
 * process, and the creation time every factory row carries.
 */
let counter = 0;

export function next(): number {
  counter += 1;
  return counter + (process.pid % 1000) * 10000;
}

export const FACTORY_TIME = '2026-01-01T00:00:00.000Z';
