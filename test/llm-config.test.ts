import { expect, test } from 'vitest';
import { modelConfig } from '../agent/llm/config.js';
import { PolicyError } from '../agent/types.js';

test('flags win over the environment', () => {
  const env = { CAIRN_MODEL: 'env-model', OPENAI_API_KEY: 'env-key', OPENAI_BASE_URL: 'http://env/v1' };
  expect(modelConfig({ model: 'flag-model', apiKey: 'flag-key', baseUrl: 'http://flag/v1', vision: true }, env)).toEqual({
    model: 'flag-model', apiKey: 'flag-key', baseURL: 'http://flag/v1', vision: true,
  });
});

test('the environment fills what flags leave out; CAIRN_VISION=1 turns the screenshot on', () => {
  expect(modelConfig({}, { CAIRN_MODEL: 'gpt-x', OPENAI_API_KEY: 'k', CAIRN_VISION: '1' })).toEqual({ model: 'gpt-x', apiKey: 'k', vision: true });
  expect(modelConfig({}, { CAIRN_MODEL: 'gpt-x', OPENAI_API_KEY: 'k' }).vision).toBe(false);
  expect(modelConfig({ vision: false }, { CAIRN_MODEL: 'gpt-x', OPENAI_API_KEY: 'k', CAIRN_VISION: '1' }).vision).toBe(false);
});

test('a local endpoint needs no key', () => {
  expect(modelConfig({ model: 'qwen' }, { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' })).toEqual({
    model: 'qwen', baseURL: 'http://127.0.0.1:8000/v1', apiKey: 'none', vision: false,
  });
});

test('no model: a config error naming what to set', () => {
  const err = (() => { try { modelConfig({}, { OPENAI_API_KEY: 'k' }); } catch (e) { return e; } })();
  expect(err).toBeInstanceOf(PolicyError);
  expect((err as PolicyError).kind).toBe('config');
  for (const name of ['CAIRN_MODEL', '--model', 'OPENAI_API_KEY', 'OPENAI_BASE_URL']) expect((err as Error).message).toContain(name);
});

test('a model on api.openai.com without a key is a config error', () => {
  expect(() => modelConfig({ model: 'gpt-x' }, { OPENAI_API_KEY: '  ' })).toThrow(/model "gpt-x" has no API key: set OPENAI_API_KEY/);
});
