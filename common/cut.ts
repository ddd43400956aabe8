// Texts and values cut short for evidence, errors and logs.

/** A text cut to `max` characters, an ellipsis marking the cut. */
export function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value as JSON cut to `max` characters, for evidence and error messages. */
export function showValue(value: unknown, max = 300): string {
  return cut(JSON.stringify(value) ?? String(value), max);
}
