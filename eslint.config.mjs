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

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'bench/data/', 'coverage/', 'test-results/'] },
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
    // Who may do what is decided in src/policy only (rules.ts); elsewhere, ask can/authorize/unitScope.
    files: ['src/**/*.ts'],
    ignores: ['src/policy/**', 'src/features/demo/**'],
    rules: {
      'no-restricted-syntax': ['error', ...roleChecks('Ask the policy (src/policy: can, authorize, unitScope, allow) instead of comparing roles.')],
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
