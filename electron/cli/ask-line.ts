import { createInterface } from 'node:readline'

/**
 * Asks one question on a terminal and resolves with the line typed (without its newline), or null
 * when the user pressed Ctrl-C or Ctrl-D, or input ended: a caller asking for confirmation treats
 * null as "no". The question goes to `output` (stderr for the CLI, so stdout stays data).
 * On a terminal, readline reads keys raw and closes itself on Ctrl-C (no SIGINT reaches the process).
 */
export function askLine(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, question: string): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true })
    let answered = false
    rl.on('close', () => {
      if (!answered) {
        // Ctrl-C/Ctrl-D leave the cursor after the question: end the line so the next message starts clean.
        output.write('\n')
        resolve(null)
      }
    })
    rl.question(question, (answer) => {
      answered = true
      rl.close()
      resolve(answer)
    })
  })
}

/** `y`/`yes` (any case, surrounding spaces ignored) is yes; anything else, including no answer, is no. */
export function isYes(answer: string | null): boolean {
  return answer !== null && /^\s*y(es)?\s*$/i.test(answer)
}
