import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TABULAR_PARAMS } from '../../electron/engine/train/trainers/tabular.ts'
import { TEXT_CLASSIFIER_PARAMS } from '../../electron/engine/train/trainers/text-classifier.ts'
import { LANGUAGE_MODEL_PARAMS } from '../../electron/engine/train/trainers/language-model.ts'
import { FINETUNE_PARAMS } from '../../electron/engine/train/trainers/finetune.ts'
import { REPO_ROOT } from './helpers.ts'

describe('docs/trainers.md', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'trainers.md'), 'utf8')
  it.each([
    ['tabular', TABULAR_PARAMS],
    ['text-classifier', TEXT_CLASSIFIER_PARAMS],
    ['language-model', LANGUAGE_MODEL_PARAMS],
    ['finetune', FINETUNE_PARAMS],
  ] as const)('documents every parameter of %s', (_name, spec) => {
    for (const param of Object.keys(spec)) expect(doc, param).toContain(`| \`${param}\` |`)
  })
})
