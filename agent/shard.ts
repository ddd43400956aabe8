// `--shard i/n`: the i-th of n slices of a suite's instances, for spreading one suite over
// CI machines. Round-robin in the suite's own order, so the slices are the same on every
// machine, whatever --workers is, and together they are the whole suite, each instance once.

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const SHARD_FORM = 'i/n with 1 <= i <= n, e.g. 2/4';

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a shard: expected ${SHARD_FORM}`);
  return checked({ index: Number(m[1]), count: Number(m[2]) });
}

export const shardLabel = (shard: Shard): string => `${shard.index}/${shard.count}`;

/** Item k (0-based) belongs to shard (k mod n) + 1. */
export function shardOf<T>(items: readonly T[], shard: Shard): T[] {
  const { index, count } = checked(shard);
  return items.filter((_, k) => k % count === index - 1);
}

function checked(shard: Shard): Shard {
  const { index, count } = shard;
  const whole = Number.isSafeInteger(index) && Number.isSafeInteger(count);
  if (!whole || count < 1 || index < 1 || index > count) throw new Error(`${shardLabel(shard)} is not a shard: expected ${SHARD_FORM}`);
  return shard;
}
