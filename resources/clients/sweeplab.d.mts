/**
 * Types for `sweeplab.mjs`, the Sweeplab client for training scripts in JavaScript or TypeScript.
 * TypeScript picks this file up for `import * as sweeplab from './sweeplab.mjs'`; the code lives
 * in the .mjs only (clients.test.ts checks that both export the same names). The protocol:
 * docs/command-trials.md.
 */

/** Stdout lines that start with this marker carry one JSON metrics record. */
export declare const METRICS_STDOUT_MARKER: '@@sweeplab '

/** A param value: any JSON value. */
export type ParamValue = null | boolean | number | string | ParamValue[] | { [key: string]: ParamValue }

/** The trial's params, nested by the dots of their names (`optimizer.lr` is `{ optimizer: { lr } }`). */
export type Params = { [key: string]: ParamValue }

/** A loggable value: booleans become 0/1, bigints become numbers; objects nest (`val.loss`). */
export type MetricValue = number | bigint | boolean | { readonly [key: string]: MetricValue }

/**
 * The trial's params as a (nested) object: from `SWEEPLAB_PARAMS` (exact JSON types), else the
 * file named by `SWEEPLAB_PARAMS_FILE`, else `--name=value` arguments, else `{}`. A fresh copy.
 */
export declare function params(): Params

/**
 * One param by name; dots reach into nested params (`param('optimizer.lr')`); `undefined` when
 * absent. The type argument is not checked at run time.
 */
export declare function param<T = ParamValue>(name: string): T | undefined
/**
 * One param by name; dots reach into nested params (`param('optimizer.lr', 1e-3)`); `fallback`
 * when absent. The param is typed as the fallback; that is not checked at run time.
 */
export declare function param<T>(name: string, fallback: T): T

/**
 * Records metric values at a step, like `wandb.log`; returns the step used. Without `step`, the
 * step is one more than the last step logged (0 for the first call). Nested objects are stored
 * with dotted names (`{ val: { loss: 1 } }` as `val.loss`). NaN and infinities are written as
 * "NaN", "Infinity", "-Infinity" (the trial is then diverged). The name `step` and names starting
 * with `_` are reserved; a bad name, value or step throws and writes nothing.
 */
export declare function log(metrics: Readonly<Record<string, MetricValue>>, step?: number): number

/** The trial's seed (`SWEEPLAB_SEED`), or `undefined` outside a sweep. */
export declare function seed(): number | undefined
/** The trial's seed (`SWEEPLAB_SEED`), or `fallback` outside a sweep. */
export declare function seed(fallback: number): number

/** A writable folder for the trial's outputs (`SWEEPLAB_TRIAL_DIR`), or the current directory outside a sweep. */
export declare function trialDir(): string

/** Whether this process runs as a Sweeplab trial (`SWEEPLAB_TRIAL_ID` is set). */
export declare function isSweep(): boolean
