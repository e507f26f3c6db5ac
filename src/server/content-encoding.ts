/** The encodings we can send, best first (brotli is some 15–20 % smaller than gzip on our scripts and JSON). */
export type ContentEncoding = 'br' | 'gzip';

const PREFERENCE: readonly ContentEncoding[] = ['br', 'gzip'];

/**
 * The encoding to answer with for an Accept-Encoding header (RFC 9110 §12.5.3): the one with the highest
 * q-value, brotli before gzip on a tie; `*` stands for any encoding not named; q=0 refuses. None = identity.
 */
export function chooseEncoding(acceptEncoding: string | undefined | null): ContentEncoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  let best: ContentEncoding | undefined;
  let bestQ = 0;
  for (const enc of PREFERENCE) {
    const value = q.get(enc) ?? (enc === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0;
    if (value > bestQ) {
      best = enc;
      bestQ = value;
    }
  }
  return best;
}

/** Adds Accept-Encoding to a Vary header value without repeating it. */
export function varyOnEncoding(current: string | null): string {
  if (!current) return 'Accept-Encoding';
  if (current === '*' || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(current)) return current;
  return `${current}, Accept-Encoding`;
}
