// The replay policy's public face.
export { createReplayPolicy, type ReplayOptions, type ReplayPolicy } from './policy.js';
export { chooseRecollection, type ChoosingTask } from './choose.js';
