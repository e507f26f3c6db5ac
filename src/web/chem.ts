/**
 * Chemical formulas in text (PM2.5, PM10, SO2, NO2, O3), found so HTML can typeset them with <sub>. Unicode
 * subscripts (₂ ₅) are not used: few CJK fonts have them, so the browser draws them from another font.
 */
export const FORMULA = /\b(PM)(2\.5|10)\b|\b(SO|NO|O)([23])\b/g;

export type ChemPart = string | { base: string; sub: string };

/** "细颗粒物 PM2.5" → ["细颗粒物 ", {base: "PM", sub: "2.5"}]. */
export function chemParts(text: string): ChemPart[] {
  const out: ChemPart[] = [];
  let last = 0;
  for (const m of text.matchAll(FORMULA)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    out.push({ base: m[1] ?? m[3] ?? '', sub: m[2] ?? m[4] ?? '' });
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The same as an HTML string, for ECharts tooltips (which render HTML): PM<sub>2.5</sub>. */
export function chemHtml(text: string): string {
  return chemParts(text)
    .map((p) =>
      typeof p === 'string' ? escapeHtml(p) : `${escapeHtml(p.base)}<sub>${escapeHtml(p.sub)}</sub>`,
    )
    .join('');
}
