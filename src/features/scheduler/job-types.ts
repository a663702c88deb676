import type { AppDeps } from '../../http/types';
import type { Translate } from '../../i18n/t';

/** What a job receives: the app's database, configuration and logger. */
export type JobContext = Pick<AppDeps, 'db' | 'config' | 'logger'>;

/** One translatable line of a run's detail: a key under `jobs.details` and its values. */
export interface JobMessage {
  key: string;
  vars?: Record<string, string | number>;
}

export interface JobResult {
  outcome: 'ok' | 'skipped';
  /** Lines for the admin's job list: what was done, in numbers, shown in the reader's language. */
  detail: JobMessage[];
}

/** How a run's detail is stored: JSON of the messages, translated only when shown. */
export function storedDetail(detail: JobMessage[]): string {
  return JSON.stringify(detail);
}

/**
 * A stored detail in the reader's language. Older rows and a failed run's error message are
 * plain text and are shown as they are.
 */
export function detailText(stored: string | null, t: Translate): string {
  if (!stored?.startsWith('[')) return stored ?? '';
  try {
    const messages = JSON.parse(stored) as JobMessage[];
    return messages.map((m) => t(m.key, m.vars)).join('; ');
  } catch {
    return stored;
  }
}
