import type { ReportBlock } from './report-blocks.ts'
import { escapeXml } from './svg-charts.ts'

// Inline and self-contained: no fonts, scripts, stylesheets or images are fetched, so the file opens
// offline and under the app's CSP (default-src 'self'; style-src 'self' 'unsafe-inline').
const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fff; margin: 0; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; margin: 18px 0 8px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; display: block; overflow-x: auto; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e5e5; text-align: left; vertical-align: top; }
th { background: #f5f5f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 12px; }
dl.facts dt { color: #6e6e73; }
dl.facts dd { margin: 0; word-break: break-word; }
figure { margin: 12px 0 20px; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e5e5e5; border-radius: 6px; }
figcaption { color: #6e6e73; font-size: 12px; margin-top: 4px; }
.note { padding: 8px 12px; border-radius: 6px; margin: 8px 0; }
.note.info { background: #e8f1fb; }
.note.warning { background: #fff4e0; }
@media print { main { padding: 0; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
`

/** The report as one HTML file: inline CSS, charts as inline SVG, nothing loaded from anywhere. */
export function renderReportHtml(title: string, blocks: ReadonlyArray<ReportBlock>): string {
  const body = blocks.map(renderBlock).join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Sweeplab">
<title>${escapeXml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}>${escapeXml(b.text)}</h${b.level}>`
    case 'paragraph':
      return `<p>${escapeXml(b.text)}</p>`
    case 'note':
      return `<p class="note ${b.tone}">${escapeXml(b.text)}</p>`
    case 'facts':
      return `<dl class="facts">${b.items.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`
    case 'table': {
      const cls = (i: number) => (b.numeric?.[i] ? ' class="num"' : '')
      const head = `<tr>${b.head.map((h, i) => `<th scope="col"${cls(i)}>${escapeXml(h)}</th>`).join('')}</tr>`
      const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n')
      return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
    }
    case 'figure':
      // Inline SVG in HTML needs no namespace declaration; dropping it leaves no URL in the file at all.
      return `<figure>${b.svg.replace(' xmlns="http://www.w3.org/2000/svg"', '')}<figcaption>${escapeXml(b.caption)}</figcaption></figure>`
  }
}
