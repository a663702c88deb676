import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compilerOptionsOf, findImportCycles } from '../../support/import-cycles';

const ROOT = path.resolve(__dirname, '../../..');

describe('import cycles', () => {
  it('src has none: a rule two features need lives in one of them and the other imports it', () => {
    const cycles = findImportCycles(path.join(ROOT, 'src'), compilerOptionsOf(path.join(ROOT, 'tsconfig.json')));
    expect(cycles.map((c) => c.loop.join(' -> '))).toEqual([]);
  });

  describe('the finder', () => {
    let dir: string;
    const write = (files: Record<string, string>) => {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
    };
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikrar-cycles-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reports a three-file circle with one loop through it', () => {
      write({
        'a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'b.ts': "import { c } from './sub';\nexport const b = () => c;\n",
        'sub/index.ts': "export { c } from './c';\n",
        'sub/c.ts': "import { a } from '../a';\nexport const c = () => a;\n",
        'leaf.ts': "import { a } from './a';\nimport fs from 'node:fs';\nexport const leaf = [a, fs];\n",
      });
      expect(findImportCycles(dir)).toEqual([
        { files: ['a.ts', 'b.ts', 'sub/c.ts', 'sub/index.ts'], loop: ['a.ts', 'b.ts', 'sub/index.ts', 'sub/c.ts', 'a.ts'] },
      ]);
    });

    it('counts type-only imports, require(), import() and a file importing itself', () => {
      write({
        'types-a.ts': "import type { B } from './types-b';\nexport type A = { b?: B };\n",
        'types-b.ts': "import type { A } from './types-a';\nexport type B = { a?: A };\n",
        'req-a.ts': "const b = require('./req-b');\nexport const a = b;\n",
        'req-b.ts': "export const b = () => import('./req-a');\n",
        'self.ts': "import * as me from './self';\nexport const x = me;\n",
      });
      expect(findImportCycles(dir).map((c) => c.loop)).toEqual([
        ['req-a.ts', 'req-b.ts', 'req-a.ts'],
        ['self.ts', 'self.ts'],
        ['types-a.ts', 'types-b.ts', 'types-a.ts'],
      ]);
    });

    it('finds nothing in a tree that only imports downwards', () => {
      write({
        'top.ts': "import { mid } from './mid';\nimport { low } from './low';\nexport const top = [mid, low];\n",
        'mid.ts': "import { low } from './low';\nexport const mid = low;\n",
        'low.ts': 'export const low = 1;\n',
      });
      expect(findImportCycles(dir)).toEqual([]);
    });
  });
});
