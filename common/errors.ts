// An error as words: what was thrown (an Error or anything else), cut to the line that says it.

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The first line of an error's message, trimmed: stacks, call logs and server dumps follow it. */
export function firstLine(e: unknown): string {
  return (messageOf(e).split('\n')[0] ?? '').trim();
}
