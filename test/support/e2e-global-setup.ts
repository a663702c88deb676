import { openProcessRegistry } from './processes';

/** The browser tests start the real server too: record it, for global-teardown.ts to check. */
export default function e2eGlobalSetup(): void {
  openProcessRegistry();
}
