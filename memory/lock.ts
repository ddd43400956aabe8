// The merge lock: one `cairn memory merge` at a time into one memory, on a local directory or
// on S3. LanceDB on S3 relies on conditional writes (If-None-Match) to detect two commits of one
// version; a server that ignores them (s3rver, older MinIO, some gateways) keeps the last and
// silently drops the other. This lock needs no conditional write, only that a listing shows every
// object written before it (S3 has been strongly consistent since 2020; a filesystem is):
// - each contender writes its own object `.merge-lock/<host>-<pid>-<random>`, then lists them;
// - it holds the lock when its own is the only live one; otherwise it deletes its own, waits a
//   random while and tries again, until `waitMs` is spent.
// Of two contenders the one that lists second sees the other's object, so at most one holds it.
// A holder rewrites its object every HEARTBEAT_MS; an object not rewritten for STALE_MS (by the
// store's clock: the times of the listing, compared with the contender's own fresh object) was
// left by a killed merge and is ignored and deleted.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import { isRemote, s3Settings } from './location.js';
import { MemoryError } from './types.js';

export const HEARTBEAT_MS = 20_000;
export const STALE_MS = 120_000;
const LOCK_DIR = '.merge-lock';

interface LockEntry { name: string; modified: Date }
interface LockStore {
  put(name: string): Promise<void>;
  list(): Promise<LockEntry[]>;
  remove(name: string): Promise<void>;
}

export class MergeLockBusy extends MemoryError {
  constructor(message: string) {
    super(message);
    this.name = 'MergeLockBusy';
  }
}

/**
 * Runs `f` holding the merge lock of the memory at `uri`. Throws MergeLockBusy when another live
 * merge holds it for longer than `waitMs`. gs:// and other object stores have atomic conditional
 * writes that LanceDB uses for its commits; there `f` runs without this lock.
 */
export async function withMergeLock<T>(uri: string, f: () => Promise<T>, o: { waitMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const store = lockStore(uri, o.env ?? process.env);
  if (!store) return f();
  const name = `${hostname().replace(/[^\w.-]/g, '_')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const deadline = Date.now() + (o.waitMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    await store.put(name);
    const all = await store.list();
    const mine = all.find((e) => e.name === name);
    if (!mine) throw new MemoryError(`merge lock: ${uri}/${LOCK_DIR}/${name} was written but is not listed; this store does not show its own writes at once, so merges into it must be serialised (one CI job) with --no-lock`);
    const stale = all.filter((e) => e.name !== name && mine.modified.getTime() - e.modified.getTime() > STALE_MS);
    const live = all.filter((e) => e.name !== name && !stale.includes(e));
    await Promise.all(stale.map((e) => store.remove(e.name).catch(() => undefined)));
    if (!live.length) break;
    await store.remove(name);
    if (Date.now() >= deadline) {
      const holder = live.sort((a, b) => a.modified.getTime() - b.modified.getTime())[0]!;
      throw new MergeLockBusy(`another merge into ${uri} is running (lock ${holder.name}, last seen ${holder.modified.toISOString()}); ` +
        `try again when it is done, or wait for it with --wait SECONDS. A lock left by a killed merge is ignored ${STALE_MS / 60_000} minutes after its last heartbeat.`);
    }
    await sleep(Math.min(100 * 2 ** Math.min(attempt, 5), 2_000) * (0.5 + Math.random()));
  }
  const heartbeat = setInterval(() => void store.put(name).catch(() => undefined), HEARTBEAT_MS);
  try {
    return await f();
  } finally {
    clearInterval(heartbeat);
    await store.remove(name).catch(() => undefined);
  }
}

function lockStore(uri: string, env: NodeJS.ProcessEnv): LockStore | undefined {
  if (!isRemote(uri)) return fileLocks(join(uri, LOCK_DIR));
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(uri);
  return s3 ? s3Locks(s3[1]!, `${s3[2]!.replace(/\/+$/, '')}${s3[2] ? '/' : ''}${LOCK_DIR}/`, env) : undefined;
}

function fileLocks(dir: string): LockStore {
  return {
    async put(name) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, name), `${new Date().toISOString()}\n`);
    },
    async list() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const entries = await Promise.all(names.map(async (name) => ({ name, modified: (await stat(join(dir, name)).catch(() => undefined))?.mtime })));
      return entries.filter((e): e is LockEntry => !!e.modified);
    },
    remove: (name) => rm(join(dir, name), { force: true }),
  };
}

/** The lock objects under `prefix` in the bucket, signed with the AWS_* credentials (location.ts). */
function s3Locks(bucket: string, prefix: string, env: NodeJS.ProcessEnv): LockStore {
  const s = s3Settings(env);
  if (!s.accessKeyId || !s.secretAccessKey) {
    throw new MemoryError('merge lock on s3://: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (the lock signs its own requests), ' +
      'or pass --no-lock when merges into this memory are serialised otherwise (one CI job)');
  }
  const client = new AwsClient({ accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, ...(s.sessionToken ? { sessionToken: s.sessionToken } : {}), service: 's3', region: s.region });
  const base = s.endpoint ? `${s.endpoint}/${bucket}` : `https://${bucket}.s3.${s.region}.amazonaws.com`;
  const key = (name: string) => `${base}/${prefix.split('/').map(encodeURIComponent).join('/')}${encodeURIComponent(name)}`;
  const call = async (method: string, url: string, body?: string): Promise<string> => {
    const res = await client.fetch(url, { method, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    if (!res.ok && !(method === 'DELETE' && res.status === 404)) {
      throw new MemoryError(`merge lock: ${method} ${url.split('?')[0]} answered ${res.status}: ${text.slice(0, 300)}`);
    }
    return text;
  };
  const xml = new XMLParser({ isArray: (name) => name === 'Contents' });
  return {
    put: async (name) => void (await call('PUT', key(name), `${new Date().toISOString()}\n`)),
    async list() {
      const body = xml.parse(await call('GET', `${base}/?list-type=2&prefix=${encodeURIComponent(prefix)}`)) as { ListBucketResult?: { Contents?: { Key: string; LastModified: string }[] } };
      return (body.ListBucketResult?.Contents ?? []).map((c) => ({ name: String(c.Key).slice(prefix.length), modified: new Date(c.LastModified) }));
    },
    remove: async (name) => void (await call('DELETE', key(name))),
  };
}
