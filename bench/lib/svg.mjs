// A grouped bar chart as a standalone SVG string (no dependency): one group per label, one bar per series.
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * @param {{ title: string, unit: string, groups: string[], series: { name: string, color: string, values: number[] }[] }} chart
 */
export function barChart({ title, unit, groups, series }) {
  const width = 740;
  // The legend wraps: as many entries per row as fit, one more 18 px row for each extra line.
  const perRow = Math.floor((width - 10) / 142);
  const legendRows = Math.ceil(series.length / perRow);
  const height = 360 + (legendRows - 1) * 18;
  const bottom = 60 + (legendRows - 1) * 18;
  const left = 60;
  const top = 40;
  const plotH = height - top - bottom;
  const plotW = width - left - 20;
  const max = Math.max(...series.flatMap((s) => s.values)) * 1.15 || 1;
  const groupW = plotW / groups.length;
  const barW = (groupW * 0.8) / series.length;
  const y = (v) => top + plotH - (v / max) * plotH;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i += 1) {
    const v = (max / 4) * i;
    parts.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${Math.round(v)}</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${top + plotH / 2}" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle" fill="#555">${esc(unit)}</text>`,
  );
  groups.forEach((group, g) => {
    const x0 = left + g * groupW + groupW * 0.1;
    series.forEach((s, k) => {
      const v = s.values[g];
      const x = x0 + k * barW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 4).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${s.color}"/>`,
        `<text x="${(x + (barW - 4) / 2).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" text-anchor="middle">${v.toFixed(0)}</text>`,
      );
    });
    parts.push(
      `<text x="${(x0 + groupW * 0.4).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${esc(group)}</text>`,
    );
  });
  series.forEach((s, k) => {
    const x = 10 + (k % perRow) * 142;
    const rowY = height - 22 - (legendRows - 1 - Math.floor(k / perRow)) * 18;
    parts.push(
      `<rect x="${x}" y="${rowY}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${x + 16}" y="${rowY + 10}" font-size="11">${esc(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
