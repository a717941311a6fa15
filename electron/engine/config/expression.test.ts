import { describe, expect, it } from 'vitest'
import { ExpressionError, InactiveParameter, MAX_EXPRESSION_DEPTH, evaluate, namesIn, parseExpression } from './expression.ts'

const vars: Record<string, unknown> = { steps: 1000, lr: 0.01, batch_size: 64, opt: 'sgd', flag: true, 'model.layers': 4, 'lr-max': 2, zero: 0 }
const known = (n: string) => Object.hasOwn(vars, n) || n === 'momentum'
const lookup = (n: string) => {
  if (!Object.hasOwn(vars, n)) throw new InactiveParameter(n)
  return vars[n]
}
const run = (text: string) => evaluate(parseExpression(text, known), lookup)
function errorOf(fn: () => unknown): ExpressionError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ExpressionError) return e
    throw e
  }
  throw new Error('expected an ExpressionError')
}

describe('expression language', () => {
  it('does arithmetic with Python precedence', () => {
    expect(run('0.1 * steps')).toBe(100)
    expect(run('lr * batch_size / 256')).toBeCloseTo(0.0025)
    expect(run('2 + 3 * 4 ** 2')).toBe(50)
    expect(run('-2 ** 2')).toBe(-4)
    expect(run('2 ** 3 ** 2')).toBe(512)
    expect(run('(2 + 3) * 4')).toBe(20)
    expect(run('-7 % 3')).toBe(2)
    expect(run('1e3 + .5')).toBe(1000.5)
  })

  it('compares (chained too), combines with and/or/not, and picks with both conditional forms', () => {
    expect(run('0 < lr <= 0.01')).toBe(true)
    expect(run('0 < lr < 0.001')).toBe(false)
    expect(run('opt == "sgd" and not flag')).toBe(false)
    expect(run("opt != 'adam' or zero > 1")).toBe(true)
    expect(run('steps if opt == "sgd" else 0')).toBe(1000)
    expect(run('opt == "adam" ? 1 : 2')).toBe(2)
    expect(run('flag && !false || false')).toBe(true)
    expect(run('true == True')).toBe(true)
  })

  it('has the documented functions', () => {
    expect(run('min(3, lr, 7)')).toBe(0.01)
    expect(run('max(1, steps)')).toBe(1000)
    expect(run('round(2.5)')).toBe(3)
    expect(run('round(-2.5)')).toBe(-3)
    expect(run('round(3.14159, 2)')).toBe(3.14)
    expect(run('floor(-1.5) + ceil(1.2) + int(-1.7) + abs(-3)')).toBe(-2 + 2 - 1 + 3)
    expect(run('log(exp(2))')).toBeCloseTo(2)
    expect(run('log(8, 2)')).toBeCloseTo(3)
    expect(run('log2(8) + log10(1000) + sqrt(16)')).toBe(10)
  })

  it('reads dotted names of nested parameters and backquoted names with dashes', () => {
    expect(run('model.layers * 2')).toBe(8)
    expect(run('`lr-max` * 2')).toBe(4)
    expect(namesIn(parseExpression('a * b if c else min(a, d)', () => true))).toEqual(['c', 'a', 'b', 'd'])
  })

  it('evaluates only the branch it takes, so a guard keeps an inactive parameter or a zero divisor out', () => {
    expect(run('momentum if opt == "adam" else 0')).toBe(0)
    expect(run('zero != 0 and 1 / zero > 1')).toBe(false)
    expect(() => run('momentum * 2')).toThrow(InactiveParameter)
  })

  it('refuses bad text with the position of the problem', () => {
    const at = (text: string) => {
      const e = errorOf(() => parseExpression(text, known, () => Object.keys(vars)))
      return [e.offset, e.message]
    }
    expect(at('0.1 * stepz')).toEqual([6, expect.stringContaining("unknown name 'stepz' (did you mean 'steps'?)")])
    expect(at('steps +')).toEqual([7, 'the expression ends too early'])
    expect(at('steps = 3')).toEqual([6, expect.stringContaining("compare with '=='")])
    expect(at('steps ^ 2')).toEqual([6, expect.stringContaining("'**'")])
    expect(at('(steps')).toEqual([6, expect.stringContaining("expected ')'")])
    expect(at('steps steps')).toEqual([6, expect.stringContaining('expected an operator')])
    expect(at('pow(2, 3)')).toEqual([0, expect.stringContaining("unknown function 'pow'")])
    expect(at('min()')).toEqual([0, 'min() takes at least 1 argument, got 0'])
    expect(at('sqrt(1, 2)')).toEqual([0, 'sqrt() takes 1 argument, got 2'])
    expect(at('1 if flag')).toEqual([9, expect.stringContaining("expected 'else'")])
    expect(at('"open')).toEqual([0, expect.stringContaining('no closing')])
    expect(at('')).toEqual([0, 'the expression is empty'])
    expect(at('max')).toEqual([0, expect.stringContaining('max is a function')])
    expect(at('1e999')).toEqual([0, expect.stringContaining('too large')])
  })

  it('refuses hostile input: deep nesting, very long text, prototype names', () => {
    const deep = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`
    expect(errorOf(() => parseExpression(deep, known)).message).toMatch(/at most 2000|deeper than/)
    const nested = `${'('.repeat(MAX_EXPRESSION_DEPTH + 1)}1${')'.repeat(MAX_EXPRESSION_DEPTH + 1)}`
    expect(errorOf(() => parseExpression(nested, known)).message).toContain(`deeper than ${MAX_EXPRESSION_DEPTH} levels`)
    expect(errorOf(() => parseExpression('-'.repeat(500) + '1', known)).message).toContain('deeper than')
    expect(errorOf(() => parseExpression('constructor', known)).message).toContain("unknown name 'constructor'")
    expect(errorOf(() => parseExpression('__proto__ + 1', known)).message).toContain("unknown name '__proto__'")
    expect(errorOf(() => parseExpression('toString(1)', known)).message).toContain("unknown function 'toString'")
  })

  it('reports errors while evaluating at the operator: division by zero, overflow, types, domains', () => {
    expect(errorOf(() => run('steps / zero'))).toMatchObject({ message: 'division by zero', offset: 6 })
    expect(errorOf(() => run('steps % zero')).message).toBe('modulo by zero')
    expect(errorOf(() => run('10 ** 400')).message).toContain('overflow')
    expect(errorOf(() => run('1e308 * 10')).message).toContain('overflow')
    expect(errorOf(() => run('(-8) ** 0.5')).message).toContain('not a real number')
    expect(errorOf(() => run('log(zero)')).message).toContain('log of a number <= 0')
    expect(errorOf(() => run('sqrt(-1)')).message).toContain('sqrt of a negative')
    expect(errorOf(() => run('opt * 2')).message).toContain('* needs numbers, got "sgd"')
    expect(errorOf(() => run('steps and flag')).message).toContain('and needs true or false')
    expect(errorOf(() => run('opt < 3')).message).toContain('compares two numbers or two strings')
  })
})
