import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * LibreOffice, headless, as a stand-in for "a person opens the download in a spreadsheet".
 * Debian ships it as libreoffice-calc-nogui. Each conversion gets its own profile and HOME in a
 * temp folder, so parallel runs do not fight over ~/.config/libreoffice.
 */
const run = promisify(execFile);

/** The soffice executable on PATH, or null. */
export function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not in this folder
      }
    }
  }
  return null;
}

/**
 * Opens `input` as LibreOffice would a CSV (filter options: separator, quote, UTF-8, from
 * line 1; the rest as a double-click leaves them) and saves it as `format` (e.g. 'xlsx').
 * Returns the bytes of the saved file; the temp folder is removed.
 */
export async function convertWithSoffice(soffice: string, input: Buffer, name: string, format: string, csvFilter: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-soffice-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, input);
    const args = [
      `-env:UserInstallation=file://${dir}/profile`,
      '--headless',
      '--norestore',
      `--infilter=CSV:${csvFilter}`,
      '--convert-to',
      format,
      '--outdir',
      path.join(dir, 'out'),
      file,
    ];
    // execFile kills soffice on timeout; it exits by itself once the file is written.
    await run(soffice, args, { timeout: 90_000, env: { ...process.env, HOME: dir } });
    return fs.readFileSync(path.join(dir, 'out', `${path.parse(name).name}.${format}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
