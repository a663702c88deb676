import path from 'node:path';
import { closeProcessRegistry, describeLeftover, findLeftovers, killLeftover } from './processes';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Fails the run when a test left a process behind: a server it started that is still alive, or
 * anything below Jest that still listens. Each one is named, then killed, so that a failed run
 * leaves nothing behind either.
 */
export default async function globalTeardown(): Promise<void> {
  let left = findLeftovers(process.pid, ROOT);
  if (left.length) {
    // A server stopped in the last moments may still be on its way out.
    await new Promise((r) => setTimeout(r, 1000));
    left = findLeftovers(process.pid, ROOT);
  }
  for (const p of left) killLeftover(p);
  closeProcessRegistry();
  if (left.length) {
    throw new Error(`Tests left ${left.length} process(es) running (killed now); stop every server a test starts:\n${left.map(describeLeftover).join('\n')}`);
  }
}
