import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** `x.role === 'opd'`, `role !== …`, `roles.includes(user.role)`, `switch (user.role)`. */
function roleChecks(message) {
  const compare = 'BinaryExpression[operator=/^(===|!==|==|!=)$/]';
  // Comparing with undefined asks whether a role was given at all, not which one.
  const notUndefined = (side) => `:not([${side}.type='Identifier'][${side}.name='undefined'])`;
  return [
    `${compare}[left.property.name='role']${notUndefined('right')}`,
    `${compare}[right.property.name='role']${notUndefined('left')}`,
    `${compare}[left.name='role']${notUndefined('right')}`,
    `${compare}[right.name='role']${notUndefined('left')}`,
    "CallExpression[callee.property.name='includes'][arguments.0.property.name='role']",
    "CallExpression[callee.property.name='includes'][arguments.0.name='role']",
    "SwitchStatement[discriminant.property.name='role']",
  ].map((selector) => ({ selector, message }));
}

const ROLE_MESSAGE = 'Ask the policy (src/policy: can, authorize, unitScope, allow) instead of comparing roles.';

/** Where SQL may be written: repositories, read-model queries and the database plumbing. */
const SQL_HOMES = ['src/**/*.repository.ts', 'src/**/*.queries.ts', 'src/db/**/*.ts'];
const SQL_MESSAGE =
  'SQL only in *.repository.ts and *.queries.ts (docs/DESIGN.md, "Architecture"): move this query there and call it.';

/** Kysely query builders, raw `sql` templates and helpers, compiled raw queries and schema changes. */
function sqlOutside(message) {
  const builders = 'selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom|executeQuery';
  return [
    `CallExpression[callee.property.name=/^(${builders})$/]`,
    "TaggedTemplateExpression[tag.name='sql']",
    "CallExpression[callee.object.name='sql']",
    "CallExpression[callee.object.name='CompiledQuery']",
    "CallExpression[callee.object.property.name='schema']",
  ].map((selector) => ({ selector, message }));
}

export default tseslint.config(
  { ignores: ['node_modules/', '.ci/cache/', 'dist/', 'data/', 'bench/data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Who may do what is decided in src/policy only (rules.ts); SQL lives in repositories and queries.
    files: ['src/**/*.ts'],
    ignores: ['src/policy/**', 'src/features/demo/**', ...SQL_HOMES],
    rules: { 'no-restricted-syntax': ['error', ...roleChecks(ROLE_MESSAGE), ...sqlOutside(SQL_MESSAGE)] },
  },
  {
    files: SQL_HOMES,
    ignores: ['src/policy/**', 'src/features/demo/**'],
    rules: { 'no-restricted-syntax': ['error', ...roleChecks(ROLE_MESSAGE)] },
  },
  {
    // The policy and the demo generator may name roles, but their SQL still goes in repositories.
    files: ['src/policy/**/*.ts', 'src/features/demo/**/*.ts'],
    ignores: SQL_HOMES,
    rules: { 'no-restricted-syntax': ['error', ...sqlOutside(SQL_MESSAGE)] },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
