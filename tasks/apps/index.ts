// The practice apps' public face: start the server; the seeded defaults suites may name.
export { startPracticeApps, type PracticeApps } from './server.js';
export { DEFAULT_PASSWORD, DEFAULT_SEED } from './seed.js';
