import 'dotenv/config';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { backup } from '../src/lib/backup';

/** `npm run backup [-- --dir /path/to/backups]`: a timestamped, consistent copy of the database. */
async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const config = loadConfig();
  const file = await backup(config, values.dir);
  console.log(`backup written: ${file}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
