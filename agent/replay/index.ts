// The replay policy's public face.
export { createReplayPolicy, chooseRecollection, type ReplayOptions, type ReplayPolicy } from './policy.js';
