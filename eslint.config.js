import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'build/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@slack/*', 'botbuilder*', 'bullmq', 'ioredis', 'pg', '@electric-sql/*', 'express'], message: 'The core stays platform-neutral.' },
            { group: ['**/adapters/**', '**/workflows/**', '**/store/**', '**/infra/**'], message: 'The core must not import outer layers.' },
          ],
        },
      ],
    },
  },
);
