// One endpoint resolution for the policy's model, the model critic and the embedder
// (common/endpoint.ts): each use's own variables, else the OPENAI_* pair, else api.openai.com.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { modelConfig } from '../agent/llm/config.js';
import { DEFAULT_BASE_URL, resolveEndpoint } from '../common/endpoint.js';
import { criticModelConfig } from '../critics/index.js';
import { embedderFromEnv } from '../memory/index.js';
import { startModelStub, type ModelStub } from './model-stub.js';

describe('resolveEndpoint', () => {
  test("a use's own URL and key win; the OPENAI_* pair fills what it leaves; api.openai.com last", () => {
    const env = { OPENAI_BASE_URL: 'http://shared/v1', OPENAI_API_KEY: 'sk-shared' };
    expect(resolveEndpoint({ baseURL: 'http://own/v1', apiKey: 'own' }, env)).toEqual({ baseURL: 'http://own/v1', apiKey: 'own' });
    expect(resolveEndpoint({}, env)).toEqual({ baseURL: 'http://shared/v1', apiKey: 'sk-shared' });
    expect(resolveEndpoint({ baseURL: ' ' }, { OPENAI_API_KEY: 'k' })).toEqual({ baseURL: DEFAULT_BASE_URL, apiKey: 'k' });
    expect(resolveEndpoint({ baseURL: 'http://local/v1' }, {})).toEqual({ baseURL: 'http://local/v1', apiKey: 'none' });
    expect(resolveEndpoint({}, {})).toEqual({ baseURL: DEFAULT_BASE_URL });
  });

  test('the three uses resolve alike from OPENAI_BASE_URL alone', () => {
    const env = { OPENAI_BASE_URL: 'http://shared/v1', CAIRN_MODEL: 'm', CAIRN_CRITIC_MODEL: 'c' };
    expect(modelConfig({}, env).baseURL).toBe('http://shared/v1');
    expect(criticModelConfig(env).baseURL).toBe('http://shared/v1');
  });
});

describe('embedderFromEnv', () => {
  let stub: ModelStub;
  beforeAll(async () => { stub = await startModelStub([]); });
  afterAll(() => stub?.close());

  test('with no CAIRN_EMBED_BASE_URL, embeddings go to OPENAI_BASE_URL, not silently elsewhere', async () => {
    const embedder = await embedderFromEnv({ CAIRN_EMBED_MODEL: 'embed-small', OPENAI_BASE_URL: stub.url });
    expect(embedder.id).toBe('openai:embed-small');
    await embedder.embed(['add a contact']);
    expect(stub.requests.filter((r) => r.path.endsWith('/embeddings')).length).toBe(2); // the dimension probe, then the text
  });

  test('an endpoint that cannot be reached is an error naming it and the model', async () => {
    await expect(embedderFromEnv({ CAIRN_EMBED_MODEL: 'e', CAIRN_EMBED_BASE_URL: 'http://127.0.0.1:9/v1', CAIRN_EMBED_DIMS: '8' })
      .then((e) => e.embed(['x']))).rejects.toThrow(/embedding could not reach model endpoint http:\/\/127\.0\.0\.1:9\/v1/);
  });
});
