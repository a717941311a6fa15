/** Pure parsers of squeue, sacct, sinfo and sbatch output (fixtures in parse-slurm-output.test.ts). */

export interface SlurmJobState {
  /** As squeue -r prints %i and scancel takes it: "123" or "123_4". */
  jobId: string
  state: string
  reason: string | null
  node: string | null
  exitCode: string | null
}

/** The `-o` format the executor gives squeue: job id (array tasks one per line with -r), state, reason, nodes. */
export const SQUEUE_FORMAT = '%i|%T|%r|%N'
/** The `-o` fields the executor asks sacct for (with -P: `|`-separated, no padding). */
export const SACCT_FIELDS = 'JobID,State,ExitCode,Reason,NodeList'

/** Slurm job states after which nothing more happens to the job. */
const TERMINAL = new Set([
  'COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'PREEMPTED', 'NODE_FAIL', 'BOOT_FAIL', 'OUT_OF_MEMORY', 'DEADLINE', 'REVOKED', 'SPECIAL_EXIT',
])

export function isTerminalState(state: string): boolean {
  return TERMINAL.has(state)
}

const noneToNull = (s: string | undefined): string | null => {
  const t = (s ?? '').trim()
  return t === '' || t === 'None' || t === '(null)' || t === 'n/a' ? null : t
}

/** `squeue -h -r -t all -o '%i|%T|%r|%N'` → one entry per job or array task. */
export function parseSqueue(text: string): SlurmJobState[] {
  const out: SlurmJobState[] = []
  for (const line of text.split('\n')) {
    const parts = line.trim().split('|')
    if (parts.length < 2 || parts[0] === '') continue
    out.push({ jobId: parts[0]!, state: parts[1]!.trim(), reason: noneToNull(parts[2]), node: noneToNull(parts[3]), exitCode: null })
  }
  return out
}

/**
 * `sacct -n -P -X -o JobID,State,ExitCode,Reason,NodeList`. sacct writes "CANCELLED by 1000" for a
 * cancel; the state is the first word and the rest goes to the reason.
 */
export function parseSacct(text: string): SlurmJobState[] {
  const out: SlurmJobState[] = []
  for (const line of text.split('\n')) {
    const parts = line.trim().split('|')
    if (parts.length < 3 || parts[0] === '') continue
    const [state, ...rest] = parts[1]!.trim().split(/\s+/)
    const reason = [rest.join(' '), noneToNull(parts[3]) ?? ''].filter((s) => s !== '').join('; ')
    out.push({ jobId: parts[0]!, state: state ?? 'UNKNOWN', reason: reason === '' ? null : reason, node: noneToNull(parts[4]), exitCode: noneToNull(parts[2]) })
  }
  return out
}

/** `sbatch --parsable` prints "jobid" or "jobid;cluster". */
export function parseSbatchJobId(stdout: string): string | null {
  const first = stdout.trim().split('\n').at(-1)?.trim() ?? ''
  const id = first.split(';')[0]!
  return /^\d+$/.test(id) ? id : null
}

/** `sinfo -h -o '%R|%a|%D|%T'`: each partition once, with its availability and node states. */
export function parseSinfoPartitions(text: string): Array<{ name: string; available: boolean; nodes: number; states: string[] }> {
  const byName = new Map<string, { name: string; available: boolean; nodes: number; states: string[] }>()
  for (const line of text.split('\n')) {
    const [name, avail, nodes, state] = line.trim().split('|')
    if (!name) continue
    const p = byName.get(name) ?? { name, available: avail === 'up', nodes: 0, states: [] }
    p.nodes += Number(nodes) || 0
    if (state && !p.states.includes(state)) p.states.push(state)
    byName.set(name, p)
  }
  return [...byName.values()]
}

/** The job ids of one submission: a single job, or tasks 0..n-1 of an array. */
export function jobIdsOf(submitted: string, count: number, isArray: boolean): string[] {
  return isArray ? Array.from({ length: count }, (_, i) => `${submitted}_${i}`) : [submitted]
}
