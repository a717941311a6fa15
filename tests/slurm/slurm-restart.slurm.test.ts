import { describe, expect, it } from 'vitest'
import { slurmJobName } from '../../electron/engine/executors/slurm/sbatch-script.ts'
import { workspaceFilesDir } from '../../electron/engine/workspace-files.ts'
import { runCli, type Workspace } from '../integration/helpers.ts'
import { skipReason, jobsNamed, useSlurmWorkspace, waitUntil } from './cluster.ts'

const why = skipReason()

describe.skipIf(why !== null)('Slurm: engine restart mid-sweep', () => {
  let ws!: Workspace
  useSlurmWorkspace((w) => (ws = w))

  it('re-attaches to the jobs still running after the engine was killed, without submitting them again', async () => {
    const file = ws.write('s.yaml', `method: grid\nprogram: train.mjs\ncommand: [node, '\${program}', '\${args}']\nmetric: {name: loss}\nseed: 3\n` +
      'parameters:\n  x: {values: [0, 1, 2]}\n  sleep: {value: 8}\n')
    // The file says nothing of Slurm: --executor slurm puts it there (and in the stored spec).
    const run = runCli(['--db', ws.dbPath, 'run', file, '--executor', 'slurm', '--quiet'])
    type Row = { trial_id: number; job_id: string; state: string }
    await waitUntil(async () => {
      try {
        const rows = ws.query<Row>('SELECT trial_id, job_id, state FROM slurm_jobs')
        // All three submitted, at least one running with its points stored: the engine dies mid-tail.
        const points = ws.query<{ n: number }>('SELECT COUNT(*) AS n FROM metrics')[0]!.n
        return rows.length === 3 && rows.some((r) => r.state === 'RUNNING') && points >= 5
      } catch {
        return false
      }
    }, 60_000, 'three jobs submitted, one running with its points stored')
    run.child.kill('SIGKILL')
    await run.done
    const before = ws.query<Row>('SELECT trial_id, job_id, state FROM slurm_jobs ORDER BY trial_id')

    const resume = await runCli(['--db', ws.dbPath, 'resume', '1', '--quiet']).done
    expect(resume.stderr).toBe('')
    expect(resume.code).toBe(0)

    const trials = ws.query<{ id: number; status: string; attempt: number }>('SELECT id, status, attempt FROM trials ORDER BY id')
    expect(trials).toEqual(before.map((b) => ({ id: b.trial_id, status: 'completed', attempt: 1 })))
    const after = ws.query<Row>('SELECT trial_id, job_id, state FROM slurm_jobs ORDER BY trial_id')
    expect(after.map((r) => r.job_id)).toEqual(before.map((r) => r.job_id))
    // Slurm saw exactly three jobs for the sweep: none was submitted twice.
    expect(jobsNamed(slurmJobName(1, workspaceFilesDir(ws.dbPath))).sort()).toEqual(before.map((r) => r.job_id).sort())
    // Each point and log line once, though the stream was read by two engines.
    expect(ws.query('SELECT trial_id, COUNT(*) AS n FROM metrics GROUP BY trial_id ORDER BY trial_id')).toEqual(trials.map((t) => ({ trial_id: t.id, n: 5 })))
    expect(ws.query("SELECT trial_id, COUNT(*) AS n FROM logs WHERE line IN ('hello from slurm', 'done') GROUP BY trial_id ORDER BY trial_id"))
      .toEqual(trials.map((t) => ({ trial_id: t.id, n: 2 })))
    expect(ws.query<{ executor: string }>("SELECT json_extract(spec_json, '$.executor.type') AS executor FROM sweeps")).toEqual([{ executor: 'slurm' }])
  })
})
