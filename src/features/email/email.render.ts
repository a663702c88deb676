/*
 * Plain-text and HTML parts of the same message. Every value is escaped for the HTML part; the
 * text part lists links as full URLs because many government mail clients show text only.
 */
export interface EmailLink {
  text: string;
  url?: string;
}

export interface EmailSection {
  title: string;
  items: EmailLink[];
}

export interface EmailContent {
  heading: string;
  paragraphs: string[];
  sections?: EmailSection[];
  action?: { label: string; url: string };
  footer: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderText(c: EmailContent): string {
  const lines = [c.heading, '', ...c.paragraphs.flatMap((p) => [p, ''])];
  for (const s of c.sections ?? []) {
    lines.push(`${s.title}:`);
    for (const item of s.items) lines.push(`- ${item.text}${item.url ? ` <${item.url}>` : ''}`);
    lines.push('');
  }
  if (c.action) lines.push(`${c.action.label}: ${c.action.url}`, '');
  lines.push('--', c.footer);
  return lines.join('\n');
}

export function renderHtml(c: EmailContent): string {
  const link = (i: EmailLink) => (i.url ? `<a href="${escapeHtml(i.url)}">${escapeHtml(i.text)}</a>` : escapeHtml(i.text));
  const sections = (c.sections ?? [])
    .map((s) => `<h2 style="font-size:16px">${escapeHtml(s.title)}</h2><ul>${s.items.map((i) => `<li>${link(i)}</li>`).join('')}</ul>`)
    .join('');
  const action = c.action ? `<p><a href="${escapeHtml(c.action.url)}"><strong>${escapeHtml(c.action.label)}</strong></a></p>` : '';
  return (
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">' +
    `<h1 style="font-size:18px">${escapeHtml(c.heading)}</h1>` +
    c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    sections +
    action +
    `<hr><p style="color:#667085;font-size:12px">${escapeHtml(c.footer)}</p></body></html>`
  );
}
