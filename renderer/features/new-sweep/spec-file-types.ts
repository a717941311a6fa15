/** What the file dialog offers and what a drop accepts. */
export const SPEC_FILE_ACCEPT = '.yaml,.yml,.json'
/** The engine refuses larger sweep files (spec/too-large); reading one into the editor would only stall it. */
export const MAX_SPEC_FILE_BYTES = 10 * 1024 * 1024

export function isSpecFileName(name: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(name)
}

export type ReadSpecFile = { ok: true; text: string; fileName: string } | { ok: false; message: string }

/** Reads a chosen or dropped file, refusing what cannot be a sweep file with a message that says why. */
export async function readSpecFile(file: File): Promise<ReadSpecFile> {
  if (!isSpecFileName(file.name)) return { ok: false, message: `${file.name} is not a sweep file: open a .yaml, .yml or .json file.` }
  if (file.size > MAX_SPEC_FILE_BYTES) return { ok: false, message: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; a sweep file may be at most 10 MiB.` }
  try {
    return { ok: true, text: await file.text(), fileName: file.name }
  } catch (e) {
    return { ok: false, message: `Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}` }
  }
}
