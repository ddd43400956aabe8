// URLs as cairn compares them: by origin, the web's unit of "the same site".

/** The URL `text` names (relative to `base`), or undefined: URL.parse, which Node 20 before 20.18 lacks. */
export function parseUrl(text: string, base?: string | URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

/** The origin of an absolute or relative (to `base`) http(s) URL; undefined for mailto:, javascript:, file:, or no URL at all. */
export function originOf(url: string, base?: string): string | undefined {
  const u = parseUrl(url, base);
  return u && (u.protocol === 'http:' || u.protocol === 'https:') ? u.origin : undefined;
}
