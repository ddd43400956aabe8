// URLs as cairn compares them: by origin, the web's unit of "the same site".

/** The origin of an absolute or relative (to `base`) http(s) URL; undefined for mailto:, javascript:, file:, or no URL at all. */
export function originOf(url: string, base?: string): string | undefined {
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}
