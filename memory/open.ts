// Opening a memory: the connection (location.ts) and its tables (tables.ts), checked against
// this cairn's schema and the embedder in use, and safe when several processes open the same
// fresh memory at once.
import './quiet-lancedb.js';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as lancedb from '@lancedb/lancedb';
import { embedderFromEnv, type Embedder } from './embed.js';
import { connectMemory, isRemote, memoryUri } from './location.js';
import { SCHEMA_VERSION } from './records.js';
import { MemoryStore } from './store.js';
import { checkEmbedder, ensureTextIndex, metaIsWhole, readMeta, trajectoryTable, upgrade, writeMeta } from './tables.js';
import { MemoryError } from './types.js';

export interface OpenMemoryOptions {
  /** A directory or LanceDB URI; default from CAIRN_MEMORY or `.cairn/memory` (see location.ts). */
  uri?: string;
  /** Default from the environment (see embedderFromEnv). */
  embedder?: Embedder;
  env?: NodeJS.ProcessEnv;
}

export async function openMemory(opts: OpenMemoryOptions = {}): Promise<MemoryStore> {
  const uri = opts.uri && isRemote(opts.uri) ? opts.uri : memoryUri(opts.uri, opts.env ?? process.env);
  const embedder = opts.embedder ?? (await embedderFromEnv(opts.env));
  if (!isRemote(uri)) await mkdir(uri, { recursive: true });
  const db = await connectMemory(uri, opts.env ?? process.env);
  // Safe when other processes open the same fresh memory at once, and after a kill (tables.ts);
  // a commit another process made first is read again, as LanceDB asks.
  for (let attempt = 1; ; attempt++) {
    try {
      return await openTables(uri, db, embedder);
    } catch (e) {
      if (attempt >= OPEN_TRIES || !/retryable commit conflict|preempted/i.test((e as Error).message)) throw e;
      await sleep(20 + Math.random() * 80 * attempt);
    }
  }
}

const OPEN_TRIES = 5;

async function openTables(uri: string, db: lancedb.Connection, embedder: Embedder): Promise<MemoryStore> {
  const meta = await readMeta(db);
  if (Number(meta?.schema_version) > SCHEMA_VERSION) {
    throw new MemoryError(`memory at ${uri} has schema version ${meta!.schema_version}; this cairn reads up to ${SCHEMA_VERSION}: upgrade cairn`);
  }
  const check = await checkEmbedder(db, meta, embedder);
  if (!check.ok) throw new MemoryError(`memory at ${uri} ${check.problem}${metaIsWhole(meta) ? '' : ' `cairn memory doctor` says more.'}`);
  if (!metaIsWhole(meta)) {
    await writeMeta(db, embedder, meta ? 'overwrite' : 'create');
    // A concurrent first open may have created it first, maybe with another embedder: what it wrote stands.
    const written = await checkEmbedder(db, await readMeta(db), embedder);
    if (!written.ok) throw new MemoryError(`memory at ${uri} ${written.problem}`);
  }
  const table = await trajectoryTable(db, embedder.dims);
  await upgrade(db, table);
  await ensureTextIndex(table);
  return new MemoryStore(uri, db, table, embedder);
}
