import type { ReportBlock } from './report-blocks.ts'
import { svgDataUri } from './svg-charts.ts'

/**
 * The report as one Markdown file (GitHub-flavoured tables). Charts are embedded as SVG `data:` URIs,
 * so the file is self-contained; viewers that refuse data-URI images (GitHub's does) show the alt
 * text, and the HTML report has the same charts inline.
 */
export function renderReportMarkdown(blocks: ReadonlyArray<ReportBlock>): string {
  return `${blocks.map(renderBlock).join('\n\n')}\n`
}

/** Escapes what Markdown would read as markup inside text and table cells. */
export function escapeMarkdown(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/([`*_[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ')
}

function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${escapeMarkdown(b.text)}`
    case 'paragraph':
      return escapeMarkdown(b.text)
    case 'note':
      return `> **${b.tone === 'warning' ? 'Note' : 'Info'}:** ${escapeMarkdown(b.text)}`
    case 'facts':
      return ['| | |', '| --- | --- |', ...b.items.map(([k, v]) => `| **${escapeMarkdown(k)}** | ${escapeMarkdown(v)} |`)].join('\n')
    case 'table': {
      const align = b.head.map((_, i) => (b.numeric?.[i] ? '---:' : '---'))
      return [
        `| ${b.head.map(escapeMarkdown).join(' | ')} |`,
        `| ${align.join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(escapeMarkdown).join(' | ')} |`),
      ].join('\n')
    }
    case 'figure':
      return `![${escapeMarkdown(b.caption)}](${svgDataUri(b.svg)})\n\n*${escapeMarkdown(b.caption)}*`
  }
}
