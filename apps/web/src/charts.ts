/**
 * A small horizontal bar chart drawn on the server as SVG (issue 15): no JavaScript, no
 * chart library (the well-kept ones draw in the browser, or need a DOM on the server for a
 * handful of bars), and the text alternative is the table beside it. Each bar carries its
 * figure in `data-value`, so a test can hold the picture to the API's numbers.
 */
export interface Bar {
  label: string;
  value: number | null;
  suppressed?: boolean;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function barChart(id: string, title: string, bars: Bar[], options: { max?: number; unit?: string } = {}): string {
  const labelWidth = 260;
  const barArea = 360;
  const rowHeight = 34;
  const height = bars.length * rowHeight + 10;
  const known = bars.map((b) => (b.suppressed || b.value === null ? 0 : b.value));
  const max = options.max ?? Math.max(1, ...known);
  const unit = options.unit ?? '';
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight + 5;
      const shown = b.suppressed ? 'Fewer than 5' : b.value === null ? 'No value' : `${fmt(b.value)}${unit}`;
      const w = b.suppressed || b.value === null ? 0 : Math.max(0, Math.min(barArea, (b.value / max) * barArea));
      return (
        `<g class="app-bar" data-label="${esc(b.label)}" data-value="${b.suppressed || b.value === null ? '' : String(b.value)}"${b.suppressed ? ' data-suppressed="true"' : ''}>` +
        `<text x="${labelWidth - 8}" y="${y + 20}" text-anchor="end" class="app-chart__label">${esc(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 10}" class="app-chart__bar"></rect>` +
        `<text x="${labelWidth + w + 6}" y="${y + 20}" class="app-chart__value">${esc(shown)}</text></g>`
      );
    })
    .join('');
  return (
    `<svg id="${esc(id)}" class="app-chart" role="img" aria-labelledby="${esc(id)}-title" viewBox="0 0 ${labelWidth + barArea + 120} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${esc(id)}-title">${esc(title)}: ${esc(bars.map((b) => `${b.label} ${b.suppressed ? 'fewer than 5' : b.value === null ? 'no value' : fmt(b.value) + unit}`).join(', '))}</title>${rows}</svg>`
  );
}
