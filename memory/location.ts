// Where the memory lives: `--memory <uri>`, else CAIRN_MEMORY, else `.cairn/memory` under the
// working directory. Any LanceDB URI works (s3://bucket/path, gs://bucket/path); a plain path
// is a local directory. For s3:// the endpoint, region and credentials come from the standard
// AWS_* variables (s3Settings); LanceDB reads what is not given here (an instance role) itself.
import { resolve } from 'node:path';
import type * as lancedb from '@lancedb/lancedb';

export const DEFAULT_MEMORY_DIR = '.cairn/memory';

export function memoryUri(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const given = flag?.trim() || env.CAIRN_MEMORY?.trim();
  if (!given) return resolve(cwd, DEFAULT_MEMORY_DIR);
  return isRemote(given) ? given : resolve(cwd, given);
}

export function isRemote(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

export interface S3Settings {
  /** An S3-compatible server (MinIO, a loopback test server); unset: AWS itself. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** S3 settings from the environment: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, AWS_REGION (or AWS_DEFAULT_REGION), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN. */
export function s3Settings(env: NodeJS.ProcessEnv = process.env): S3Settings {
  const get = (...names: string[]) => names.map((n) => env[n]?.trim()).find(Boolean);
  const endpoint = get('AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL');
  const accessKeyId = get('AWS_ACCESS_KEY_ID');
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
  const sessionToken = get('AWS_SESSION_TOKEN');
  return {
    region: get('AWS_REGION', 'AWS_DEFAULT_REGION') ?? 'us-east-1',
    ...(endpoint ? { endpoint: endpoint.replace(/\/+$/, '') } : {}),
    ...(accessKeyId ? { accessKeyId } : {}), ...(secretAccessKey ? { secretAccessKey } : {}), ...(sessionToken ? { sessionToken } : {}),
  };
}

/** LanceDB storage options for a memory URI: for s3://, the settings above (plain http allowed only for an http:// endpoint). */
export function storageOptions(uri: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!/^s3:\/\//i.test(uri)) return {};
  const s = s3Settings(env);
  return {
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.endpoint?.startsWith('http://') ? { allow_http: 'true' } : {}),
    ...(s.accessKeyId ? { access_key_id: s.accessKeyId } : {}),
    ...(s.secretAccessKey ? { secret_access_key: s.secretAccessKey } : {}),
    ...(s.sessionToken ? { session_token: s.sessionToken } : {}),
  };
}

/** A LanceDB connection to the memory: local reads check for others' writes every time, remote ones every 5 s. */
export async function connectMemory(uri: string, env: NodeJS.ProcessEnv = process.env): Promise<lancedb.Connection> {
  const { connect } = await import('@lancedb/lancedb'); // where the memory lives is known without loading LanceDB
  return connect(uri, { readConsistencyInterval: isRemote(uri) ? 5 : 0, storageOptions: storageOptions(uri, env) });
}
