/** A format-neutral report: the sections build these blocks, and each renderer (HTML, Markdown) writes them. */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'note'; text: string; tone: 'info' | 'warning' }
  | { kind: 'table'; head: string[]; rows: string[][]; numeric?: boolean[] }
  | { kind: 'facts'; items: Array<[string, string]> }
  | { kind: 'figure'; svg: string; caption: string }
