import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { Config } from '../config';

/** ikrar-20261124-053000.db: sortable, and safe on every file system. */
export function backupName(ext: string, now = DateTime.utc()): string {
  return `ikrar-${now.toFormat('yyyyMMdd-HHmmss')}.${ext}`;
}

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API: writers
 * keep working while it runs, and the copy is a snapshot of one moment. The copy is then
 * checked with `PRAGMA integrity_check` before it is reported as good.
 */
export async function backupSqlite(sourceFile: string, targetDir: string): Promise<string> {
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, backupName('db'));
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  try {
    // All remaining pages in one step: copied in small steps, a write from another connection
    // would restart the copy, and on a busy database it might never finish. In WAL mode one
    // long step holds only a read snapshot, so writers are not blocked meanwhile.
    await source.backup(target, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new SQLite(target, { readonly: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`backup failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
  return target;
}

/** PostgreSQL: pg_dump in its custom format (restore with pg_restore). */
export function backupPostgres(databaseUrl: string, targetDir: string): Promise<string> {
  fs.mkdirSync(targetDir, { recursive: true });
  const target = path.join(targetDir, backupName('dump'));
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', `--file=${target}`, databaseUrl], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err) => reject(new Error(`pg_dump could not start (${err.message}); install the PostgreSQL client`)));
    child.on('exit', (code) => (code === 0 ? resolve(target) : reject(new Error(`pg_dump exited with ${code}`))));
  });
}

export function backup(config: Config, targetDir = path.join(config.dataDir, 'backups')): Promise<string> {
  return config.dialect === 'sqlite' ? backupSqlite(config.databaseUrl, targetDir) : backupPostgres(config.databaseUrl, targetDir);
}
