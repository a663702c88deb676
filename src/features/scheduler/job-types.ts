import type { AppDeps } from '../../http/types';

/** What a job receives: the app's database, configuration and logger. */
export type JobContext = Pick<AppDeps, 'db' | 'config' | 'logger'>;

export interface JobResult {
  outcome: 'ok' | 'skipped';
  /** One line for the admin's job list: what was done, in numbers. */
  detail: string;
}
