// The experience memory's public face: the store (remember/recall), embedders, slot
// abstraction and alignment, filling a record for replay (instantiate), guidance rendering, export/import, merging memories and where the memory lives.
// Importing it loads LanceDB and Arrow; code that may run with no memory imports what needs
// no table (guidance, instantiate, rank, location) from its own module.
export { openMemory, type OpenMemoryOptions } from './open.js';
export { MemoryStore } from './store.js';
export { appOf, mapSlots, VECTOR_INDEX_MIN_ROWS, type RecallMode } from './recall.js';
export type { Outcomes } from './remember.js';
export type { MemoryStats } from './admin.js';
export { embedderFromEnv, hashEmbedder, hashEmbedding, normalizeForEmbedding, openAiEmbedder, type Embedder, type OpenAiEmbedderOptions } from './embed.js';
export { declaredSlots, inferSlots, isDistinctive } from './slots.js';
export { generalise, type Generalised } from './align.js';
export { instantiate } from './instantiate.js';
export { fitsTask } from './rank.js';
export { splitList } from './lists.js';
export { matchTemplate } from './text.js';
export { renderGuidance, stepLine, type Guidance } from './guidance.js';
export { exportMemory, importMemory, readExport } from './transfer.js';
export { mergeMemories, type MergeOptions, type MergeReport } from './merge.js';
export { MergeLockBusy } from './lock.js';
export { doctorMemory, readRecords, type DoctorReport, type Finding } from './doctor.js';
export { memoryUri, storageOptions, DEFAULT_MEMORY_DIR } from './location.js';
export { SCHEMA_VERSION } from './records.js';
export { MemoryError } from './types.js';
export type { AbstractStep, Instance, MemoryRecord, Recollection, RememberOutcome, Source, StepLike, TaskLike, TrajectoryInput } from './types.js';
