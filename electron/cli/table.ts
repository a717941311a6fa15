import Table from 'cli-table3'

/**
 * A borderless, column-aligned table (the docker/kubectl look): two spaces between columns,
 * no trailing spaces, header in bold when colors are on. Cells may already carry ANSI colors.
 */
export function renderTable(head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, useColor = false): string {
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
    'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' }
  const table = new Table({
    head: head.map((h) => (useColor ? `\u001b[1m${h}\u001b[22m` : h)),
    chars: blank,
    // cli-table3 colors the header red by default; the style arrays turn that off.
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
  })
  for (const row of rows) table.push([...row])
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n')
}
