/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true }],
    '^.+\\.tsx$': ['ts-jest', { useESM: true, tsconfig: { jsx: 'react-jsx' } }],
    // ESM-only packages that fastify's inject and @fastify/static require().
    '^.+/node_modules/(cookie|content-disposition)/.+\\.js$': ['ts-jest', { useESM: true }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
  testTimeout: 60000,
};
