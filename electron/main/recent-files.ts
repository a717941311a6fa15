import { isAbsolute } from 'node:path'
import { z } from 'zod'
import { readJsonFile, writeJsonFileAtomic } from './json-file.ts'

export const RECENT_FILES_FILE = 'recent-files.json'
export const MAX_RECENT_FILES = 10

const listSchema = z.array(z.string())

/** The saved list, newest first; anything unusable (not a list, relative paths, duplicates) is dropped. */
export function parseRecentFiles(value: unknown): string[] {
  const parsed = listSchema.safeParse(value)
  if (!parsed.success) return []
  return [...new Set(parsed.data.filter((p) => p !== '' && isAbsolute(p)))].slice(0, MAX_RECENT_FILES)
}

/** `path` moved to the front, the list capped at MAX_RECENT_FILES. */
export function addRecentFile(list: ReadonlyArray<string>, path: string): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, MAX_RECENT_FILES)
}

/** Drops a file that could not be opened (moved or deleted), so the menu stops offering it. */
export function removeRecentFile(list: ReadonlyArray<string>, path: string): string[] {
  return list.filter((p) => p !== path)
}

export interface RecentFilesStore {
  /** Newest first. */
  readonly list: ReadonlyArray<string>
  add(path: string): void
  remove(path: string): void
  clear(): void
}

/**
 * Open Recent's list, kept in `file` (`<userData>/recent-files.json`). `onChange` runs after each
 * change (the menu is rebuilt from the list); a failed save is reported and otherwise ignored.
 */
export function createRecentFilesStore(file: string, hooks: { onChange(list: ReadonlyArray<string>): void; onSaveError(e: unknown): void }): RecentFilesStore {
  let list = parseRecentFiles(readJsonFile(file))
  function set(next: string[]): void {
    list = next
    try {
      writeJsonFileAtomic(file, list)
    } catch (e) {
      hooks.onSaveError(e)
    }
    hooks.onChange(list)
  }
  return {
    get list() {
      return list
    },
    add: (path) => set(addRecentFile(list, path)),
    remove: (path) => {
      if (list.includes(path)) set(removeRecentFile(list, path))
    },
    clear: () => set([]),
  }
}
