import type { CellKind } from './weeks';

/*
 * Charts drawn on the server as SVG (docs/DESIGN.md, "Reports and exports"): they print, need no script, and carry their
 * own text alternative (<title>/<desc>). Colours are presentation attributes, not inline
 * styles, so the CSP needs no 'unsafe-inline'.
 */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const CELL_FILL: Record<CellKind, string> = {
  ok: '#12b76a',
  amber: '#f79009',
  red: '#d92d20',
  pending: '#d0d5dd',
  holiday: '#ffffff',
  inactive: '#f2f4f7',
};

export interface SparkPoint {
  rate: number | null;
  label: string;
}

/**
 * A 12-week line of rates; gaps where a week has no rate. The scale runs from a little below
 * the red threshold (or the lowest rate) to 100%, so the usual 90-100% band is not a flat line.
 */
export function sparkline(id: string, title: string, points: SparkPoint[], amber: number, red: number): string {
  const w = 120;
  const h = 28;
  const step = points.length > 1 ? w / (points.length - 1) : w;
  const rates = points.map((p) => p.rate).filter((r): r is number => r != null);
  const lo = Math.max(0, Math.min(red - 0.05, ...rates));
  const y = (r: number) => (h - 3 - ((r - lo) / (1 - lo || 1)) * (h - 6)).toFixed(1);
  const segments: string[][] = [[]];
  points.forEach((p, i) => {
    if (p.rate == null) segments.push([]);
    else segments[segments.length - 1].push(`${(i * step).toFixed(1)},${y(p.rate)}`);
  });
  const lines = segments
    .filter((s) => s.length)
    .map((s) => (s.length === 1 ? `<circle cx="${s[0].split(',')[0]}" cy="${s[0].split(',')[1]}" r="1.8" fill="#175cd3"/>` : `<polyline points="${s.join(' ')}" fill="none" stroke="#175cd3" stroke-width="1.8"/>`))
    .join('');
  const desc = points.map((p) => p.label).join('; ');
  return (
    `<svg class="sparkline" viewBox="-2 0 ${w + 4} ${h}" width="${w + 4}" height="${h}" role="img" aria-labelledby="${id}-t ${id}-d">` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(desc)}</desc>` +
    `<line x1="0" x2="${w}" y1="${y(amber)}" y2="${y(amber)}" stroke="#f79009" stroke-dasharray="2 2" stroke-width="1"/>` +
    `${lines}</svg>`
  );
}

export interface HeatCell {
  kind: CellKind;
  label: string;
  href: string | null;
}

export interface HeatRow {
  label: string;
  href: string;
  cells: HeatCell[];
}

/**
 * OPD x week grid, each cell coloured by the week's worst flag and linked to its session. A group,
 * not an image: an image's content is presentational, so the links inside it would be hidden
 * from screen readers while still taking keyboard focus. Each cell link is named by its label.
 */
export function heatmap(title: string, desc: string, columns: string[], rows: HeatRow[]): string {
  const cw = 22;
  const ch = 18;
  const left = 118;
  const top = 34;
  // Room on the right for the last rotated column label.
  const width = left + columns.length * cw + 40;
  const height = top + rows.length * ch + 4;
  const head = columns
    .map((c, i) => `<text x="${left + i * cw + cw / 2}" y="${top - 6}" transform="rotate(-50 ${left + i * cw + cw / 2} ${top - 6})" font-size="9">${escapeXml(c)}</text>`)
    .join('');
  const body = rows
    .map((r, j) => {
      const yy = top + j * ch;
      const label = `<a href="${escapeXml(r.href)}"><text x="${left - 6}" y="${yy + ch - 5}" text-anchor="end" font-size="10">${escapeXml(r.label)}</text></a>`;
      const cells = r.cells
        .map((c, i) => {
          const rect =
            `<rect x="${left + i * cw + 1}" y="${yy + 1}" width="${cw - 2}" height="${ch - 2}" rx="2" fill="${CELL_FILL[c.kind]}"` +
            `${c.kind === 'holiday' ? ' stroke="#98a2b3" stroke-dasharray="2 2"' : ''}><title>${escapeXml(c.label)}</title></rect>` +
            (c.kind === 'holiday' ? `<text x="${left + i * cw + cw / 2}" y="${yy + ch - 5}" text-anchor="middle" font-size="9" fill="#667085">L</text>` : '');
          return c.href ? `<a href="${escapeXml(c.href)}" aria-label="${escapeXml(c.label)}">${rect}</a>` : rect;
        })
        .join('');
      return label + cells;
    })
    .join('');
  return (
    `<svg class="heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="group" aria-labelledby="heatmap-t" aria-describedby="heatmap-d">` +
    `<title id="heatmap-t">${escapeXml(title)}</title><desc id="heatmap-d">${escapeXml(desc)}</desc>${head}${body}</svg>`
  );
}
