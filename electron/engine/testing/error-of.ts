import { isSweeplabError } from '../../../shared/errors.ts'

/** The code and message of the SweeplabError `fn` throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (e) {
    if (isSweeplabError(e)) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected an error')
}
