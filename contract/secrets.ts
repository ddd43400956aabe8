// Secrets are referenced as {{secret:NAME}} and read from the environment only when an
// action is about to run. Everything written (traces, reports, memory, prompts) keeps the
// placeholder; redact() is the last line of defence for text that may have echoed one.
// A task declares its secrets by naming them (in its goal, start, setup or checks): given
// those names, nothing else is read from the environment, whoever wrote the placeholder.
import { mapStrings } from './template.js';

const SECRET = /\{\{\s*secret:([A-Za-z0-9_]+)\s*\}\}/g;

export class SecretError extends Error {}

export function secretNames(text: string): string[] {
  return [...text.matchAll(SECRET)].map((m) => m[1]!);
}

export function revealSecrets(text: string, env: NodeJS.ProcessEnv = process.env, declared?: ReadonlySet<string>): string {
  return text.replace(SECRET, (_, name: string) => {
    if (declared && !declared.has(name)) throw new SecretError(`{{secret:${name}}} is not a secret this task declares, so it is not filled in`);
    const v = env[name];
    if (v === undefined) throw new SecretError(`{{secret:${name}}} is used but the environment variable ${name} is not set`);
    return v;
  });
}

/** revealSecrets over every string of a value (an action, a start spec, a check). */
export function withSecrets<T>(value: T, env: NodeJS.ProcessEnv = process.env, declared?: ReadonlySet<string>): T {
  return mapStrings(value, (s) => revealSecrets(s, env, declared));
}

/** Replace every secret value that occurs in text by its placeholder. */
export function redact(text: string, names: Iterable<string>, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const name of names) {
    const v = env[name];
    if (v && v.length >= 3) out = out.split(v).join(`{{secret:${name}}}`);
  }
  return out;
}
