/**
 * Query keys are `[method, args]`, so a key names exactly the API call that fills it and the
 * event handler can address cache entries without guessing.
 */
export const queryKeys = {
  sweeps: () => ['listSweeps', {}] as const,
  sweep: (sweepId: number) => ['getSweep', { sweepId }] as const,
  trials: (sweepId: number) => ['getTrials', { sweepId }] as const,
  trial: (trialId: number) => ['getTrial', { trialId }] as const,
  metricNames: (sweepId: number) => ['getMetricNames', { sweepId }] as const,
  metricSeries: (trialIds: readonly number[], metric: string) => ['getMetricSeries', { trialIds, metric }] as const,
  logs: (trialId: number) => ['getLogs', { trialId }] as const,
  artifacts: (trialId: number) => ['getArtifacts', { trialId }] as const,
  artifactContent: (artifactId: number) => ['readArtifact', { artifactId }] as const,
  examples: () => ['listExamples', {}] as const,
  datasets: () => ['listDatasets', {}] as const,
  datasetVersions: () => ['listDatasets', { allVersions: true }] as const,
  dataset: (name: string, version?: number) => ['getDataset', version === undefined ? { name } : { name, version }] as const,
  environment: () => ['getEnvironment', {}] as const,
  importance: (sweepId: number) => ['getImportance', { sweepId }] as const,
  sweepVersions: (sweepId: number, configVersion: number) => ['getSweepVersions', { sweepId }, configVersion] as const,
  editPreview: (sweepId: number, text: string) => ['updateSweep', { sweepId, text, dryRun: true }] as const,
  workspaceSize: () => ['getWorkspaceSize', {}] as const,
  slurmJob: (trialId: number) => ['getSlurmJob', { trialId }] as const,
}
