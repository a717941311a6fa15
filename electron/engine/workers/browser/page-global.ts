/**
 * The names a host and the page agree on, apart from page-protocol.ts so the page bundle gets them
 * without the schemas (zod) that only the engine side needs.
 */

/** The global the page bundle defines (page-protocol.ts's PageApi). */
export const PAGE_GLOBAL = 'sweeplabWorker'

/** The page API's method names: hosts call nothing else. */
export const PAGE_METHODS = ['hello', 'receive', 'next'] as const

export type PageMethod = (typeof PAGE_METHODS)[number]
