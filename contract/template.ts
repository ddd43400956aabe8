// `{{name}}` placeholders in goals, URLs, setup and checks. `{{secret:NAME}}` is left in
// place by fill(): secrets are filled only at the last moment, by secrets.ts.
const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*(?::[A-Za-z0-9_]+)?)\s*\}\}/gi;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (key.startsWith('secret:') ? whole : (values[key] ?? whole)));
}

/** fill() over every string inside a JSON-like value. */
export function fillDeep<T>(value: T, values: Record<string, string>): T {
  return mapStrings(value, (s) => fill(s, values));
}

export function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}
