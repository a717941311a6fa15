#!/usr/bin/env node
// A stand-in for a training script, in plain JavaScript (any Node 20+): "trains" on a noisy
// quadratic bowl and reports through the sweeplab client. The same objective as quadratic.py.
//
// By hand:     node quadratic.mjs --x=0.3 --lr=0.01 --opt=adam      (prints @@sweeplab lines)
// In a sweep:  npx sweeplab run resources/examples/quadratic-node.yaml
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as sweeplab from '../clients/sweeplab.mjs'

/** opt -> [convergence rate per step, extra loss at the optimum] */
const OPTIMIZERS = { sgd: [0.08, 0.1], momentum: [0.12, 0.05], adam: [0.2, 0], rmsprop: [0.15, 0.02] }
const STEP_DELAY_MS = 20 // so that live progress is visible in the UI

/** mulberry32: a small seeded PRNG, so a trial's noise depends on its seed only. */
function createRandom(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A normal deviate (Box-Muller). */
function gauss(random, sigma) {
  return sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

const x = Number(sweeplab.param('x', 0))
const lr = Number(sweeplab.param('lr', 0.01))
const opt = String(sweeplab.param('opt', 'adam'))
const steps = Number(sweeplab.param('steps', 30))
const warmup = Number(sweeplab.param('schedule.warmup', 0))
const decay = Number(sweeplab.param('schedule.decay', 1))
if (!Object.hasOwn(OPTIMIZERS, opt)) {
  console.error(`quadratic.mjs: unknown --opt=${opt} (expected one of ${Object.keys(OPTIMIZERS).join(', ')})`)
  process.exit(1)
}
if (!(lr > 0) || !Number.isInteger(steps) || steps < 1) {
  console.error('quadratic.mjs: expected --lr > 0 and an integer --steps >= 1')
  process.exit(1)
}

const random = createRandom(sweeplab.seed(0))
const [rate, penalty] = OPTIMIZERS[opt]
const floor = (x - 0.5) ** 2 + 0.25 * (Math.log10(lr) + 2) ** 2 + penalty
const start = floor + 4
const diverges = lr > 0.5 && (opt === 'sgd' || opt === 'momentum')
console.log(`quadratic.mjs: x=${x} lr=${lr} opt=${opt} steps=${steps} (optimum of this config: ${floor.toFixed(4)})`)

let progress = 0
let valLoss = start
let diverged = false
for (let step = 0; step < steps; step++) {
  await new Promise((resolve) => setTimeout(resolve, STEP_DELAY_MS))
  if (diverges) {
    const loss = start * 10 ** step
    if (loss > 1e12) {
      sweeplab.log({ loss: NaN }, step)
      console.log(`quadratic.mjs: loss is NaN at step ${step}, stopping`)
      diverged = true
      break
    }
    sweeplab.log({ loss }, step)
    continue
  }
  progress += rate * Math.min(1, (step + 1) / (warmup + 1)) * decay ** step
  const gap = (start - floor) * Math.exp(-progress)
  const metrics = { loss: (floor + gap) * Math.exp(gauss(random, 0.03)) }
  if (step % 5 === 4 || step === steps - 1) {
    valLoss = (1.1 * floor + 0.02 + gap) * Math.exp(gauss(random, 0.02))
    metrics.val_loss = valLoss
  }
  sweeplab.log(metrics, step)
}

if (!diverged) {
  console.log(`quadratic.mjs: final val_loss=${valLoss.toFixed(4)}`)
  if (sweeplab.isSweep()) writeFileSync(join(sweeplab.trialDir(), 'result.txt'), `val_loss=${valLoss}\n`)
}
