// Flag value parsers. Each returns the parsed value or throws commander's InvalidArgumentError
// saying what was expected; commander adds the flag and the value: "option '--seeds <range>'
// argument '5..1' is invalid. expected a range low..high, e.g. 1..5".
import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Capabilities } from '../drivers/android/capabilities.js';
import { parseShard, SHARD_FORM } from '../agent/shard.js';
import { parseSeedText } from '../tasks/seeds.js';

const badValue = (expected: string) => new InvalidArgumentError(expected);

export const seedsArg = (v: string): number[] => {
  try {
    return parseSeedText(v);
  } catch (e) {
    throw badValue((e as Error).message);
  }
};
/** A directory to write into: new, or one that exists; never a file (nor under one). */
export const outDirArg = (v: string): string => {
  let problem: string | undefined;
  try {
    if (!statSync(v).isDirectory()) problem = 'that is a file; expected a directory';
  } catch (e) {
    // ENOENT: not there yet, the run creates it.
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') problem = 'part of that path is a file; expected a directory';
  }
  if (problem) throw badValue(problem);
  return v;
};
/** One instance seed: a whole number >= 0. */
export const seedArg = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw badValue('expected a whole number >= 0');
  return n;
};
export const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badValue('expected a whole number >= 1');
  return n;
};
/** Appium capabilities: a JSON object, or @file holding one. */
export const capabilitiesArg = (v: string): Capabilities => {
  const expected = 'expected a JSON object of Appium capabilities, e.g. \'{"appium:app": "/path/app.apk"}\', or @file.json holding one';
  let text = v;
  if (v.startsWith('@')) {
    try {
      text = readFileSync(v.slice(1), 'utf8');
    } catch (e) {
      throw badValue(`cannot read ${v.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; ${expected}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw badValue(`${(e as Error).message}; ${expected}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badValue(expected);
  return parsed as Capabilities;
};
/** An amount of money in USD, > 0. */
export const usdArg = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw badValue('expected an amount in USD > 0, e.g. 2.50');
  return n;
};
/** Days: a number >= 0. */
export const nonNegative = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw badValue('expected a number of days >= 0');
  return n;
};
export const shardArg = (v: string) => {
  try {
    return parseShard(v);
  } catch {
    throw badValue(`expected ${SHARD_FORM}`);
  }
};

/** A run stopped by SIGINT/SIGTERM (its reports written, its browsers closed) exits as a shell expects: 128 + SIGINT. */
export function exitInterrupted(): never {
  process.exit(130);
}
