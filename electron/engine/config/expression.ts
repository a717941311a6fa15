/**
 * The small expression language of `derived:` and `constraints:` (docs/sweep-file.md): numbers,
 * strings, true/false, parameter names (dotted for nested ones, `backticks` for names with '-'),
 * + - * / % **, comparisons (chainable: 0 < x <= 1), and/or/not, `a if c else b`, `c ? a : b`, and a
 * fixed set of functions. A Pratt parser builds a tree once at load; evaluation walks it. Nothing is
 * ever handed to eval or Function, and no identifier reaches an object's prototype.
 */

export type ExprValue = number | string | boolean

export type Expr =
  | { kind: 'num'; value: number; at: number }
  | { kind: 'str'; value: string; at: number }
  | { kind: 'bool'; value: boolean; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'unary'; op: '-' | '+' | 'not'; arg: Expr; at: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%' | '**'; left: Expr; right: Expr; at: number }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr; at: number }
  | { kind: 'compare'; ops: CompareOp[]; args: Expr[]; at: number }
  | { kind: 'cond'; test: Expr; then: Expr; else: Expr; at: number }
  | { kind: 'call'; fn: FunctionName; args: Expr[]; at: number }

type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>='
const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>='])

/** A problem in an expression with its 0-based offset in the text. */
export class ExpressionError extends Error {
  readonly offset: number
  constructor(message: string, offset: number) {
    super(message)
    this.name = 'ExpressionError'
    this.offset = offset
  }
}

/** Thrown by a lookup for a parameter that a trial does not have (its `when:` does not hold). */
export class InactiveParameter extends Error {
  readonly parameter: string
  constructor(parameter: string) {
    super(`${parameter} is not set in this trial (its when: does not hold)`)
    this.name = 'InactiveParameter'
    this.parameter = parameter
  }
}

export const MAX_EXPRESSION_LENGTH = 2000
/** Nesting of parentheses, operators and calls; deeper text is refused before it can exhaust the stack. */
export const MAX_EXPRESSION_DEPTH = 64

const FUNCTIONS = {
  min: [1, Infinity],
  max: [1, Infinity],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  log: [1, 2],
  log2: [1, 1],
  log10: [1, 1],
  exp: [1, 1],
  sqrt: [1, 1],
  abs: [1, 1],
  int: [1, 1],
} as const satisfies Record<string, readonly [number, number]>
export type FunctionName = keyof typeof FUNCTIONS
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[]

const KEYWORDS = new Set(['and', 'or', 'not', 'if', 'else', 'true', 'false', 'True', 'False'])

type Token =
  | { t: 'num'; value: number; at: number; end: number }
  | { t: 'str'; value: string; at: number; end: number }
  | { t: 'name'; value: string; at: number; end: number }
  | { t: 'op'; value: string; at: number; end: number }
  | { t: 'end'; at: number; end: number }

const OPERATORS = ['**', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '(', ')', ',', '?', ':', '!']

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    const start = i
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i)) as RegExpExecArray
      const value = Number(m[0])
      if (!Number.isFinite(value)) throw new ExpressionError(`the number ${m[0]} is too large`, start)
      i += m[0].length
      if (/[A-Za-z_]/.test(text[i] ?? '')) throw new ExpressionError(`unexpected '${text[i]}' after the number ${m[0]}`, i)
      tokens.push({ t: 'num', value, at: start, end: i })
      continue
    }
    if (c === '"' || c === "'") {
      let value = ''
      i++
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++
        value += text[i]
        i++
      }
      if (i >= text.length) throw new ExpressionError(`the string opened here has no closing ${c}`, start)
      i++
      tokens.push({ t: 'str', value, at: start, end: i })
      continue
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1)
      if (close < 0) throw new ExpressionError('the name opened here has no closing `', start)
      const value = text.slice(i + 1, close)
      if (value === '') throw new ExpressionError('empty name between backticks', start)
      i = close + 1
      tokens.push({ t: 'name', value, at: start, end: i })
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i))
    if (name) {
      i += name[0].length
      tokens.push({ t: 'name', value: name[0], at: start, end: i })
      continue
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i))
    if (!op) {
      const hint = c === '=' ? " (compare with '==')" : c === '^' ? " (powers are written '**')" : ''
      throw new ExpressionError(`unexpected character '${c}'${hint}`, start)
    }
    i += op.length
    // C spellings read as the Python words, so both styles parse.
    const value = op === '&&' ? 'and' : op === '||' ? 'or' : op === '!' ? 'not' : op
    tokens.push({ t: value === 'and' || value === 'or' || value === 'not' ? 'name' : 'op', value, at: start, end: i })
  }
  tokens.push({ t: 'end', at: text.length, end: text.length })
  return tokens
}

/** Binding powers, loosest first: conditional < or < and < not < comparison < +,- < *,/,% < unary < ** . */
const BP = { cond: 1, or: 2, and: 3, not: 4, compare: 5, add: 6, mul: 7, unary: 8, pow: 9 } as const

/**
 * Parses an expression. `names` decides which identifiers exist; an unknown one is an error at its
 * position (with the closest known name as a hint).
 */
export function parseExpression(text: string, isKnownName: (name: string) => boolean, knownNames: () => ReadonlyArray<string> = () => []): Expr {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`the expression is ${text.length} characters long; at most ${MAX_EXPRESSION_LENGTH}`, 0)
  const tokens = tokenize(text)
  let pos = 0
  let depth = 0
  const peek = (): Token => tokens[pos] as Token
  const next = (): Token => tokens[pos++] as Token
  const isOp = (tok: Token, v: string): boolean => tok.t === 'op' && tok.value === v
  const isWord = (tok: Token, v: string): boolean => tok.t === 'name' && tok.value === v
  const describe = (tok: Token): string => (tok.t === 'end' ? 'the end of the expression' : `'${text.slice(tok.at, tok.end)}'`)
  const expect = (v: string, what: string): void => {
    const tok = next()
    if (!isOp(tok, v)) throw new ExpressionError(`expected ${what}, got ${describe(tok)}`, tok.at)
  }

  const parse = (minBp: number): Expr => {
    if (++depth > MAX_EXPRESSION_DEPTH) throw new ExpressionError(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, peek().at)
    let left = prefix()
    for (;;) {
      const tok = peek()
      if (tok.t === 'name' && (tok.value === 'or' || tok.value === 'and')) {
        const bp = tok.value === 'or' ? BP.or : BP.and
        if (bp < minBp) break
        next()
        left = { kind: 'logic', op: tok.value, left, right: parse(bp + 1), at: tok.at }
        continue
      }
      if (isWord(tok, 'if')) {
        if (BP.cond < minBp) break
        next()
        const test = parse(BP.cond + 1)
        const elseTok = next()
        if (!isWord(elseTok, 'else')) throw new ExpressionError(`expected 'else' to finish '... if ...', got ${describe(elseTok)}`, elseTok.at)
        left = { kind: 'cond', test, then: left, else: parse(BP.cond), at: tok.at }
        continue
      }
      if (isOp(tok, '?')) {
        if (BP.cond < minBp) break
        next()
        const then = parse(BP.cond)
        expect(':', "':' to finish '... ? ...'")
        left = { kind: 'cond', test: left, then, else: parse(BP.cond), at: tok.at }
        continue
      }
      if (tok.t !== 'op') {
        if (tok.t === 'end' || isWord(tok, 'else')) break
        throw new ExpressionError(`expected an operator, got ${describe(tok)}`, tok.at)
      }
      const op = tok.value
      if (op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
        if (BP.compare < minBp) break
        const ops: CompareOp[] = []
        const args: Expr[] = [left]
        for (let t = peek(); t.t === 'op' && COMPARE_OPS.has(t.value); t = peek()) {
          next()
          ops.push(t.value as CompareOp)
          args.push(parse(BP.compare + 1))
        }
        left = { kind: 'compare', ops, args, at: tok.at }
        continue
      }
      const bp = op === '+' || op === '-' ? BP.add : op === '*' || op === '/' || op === '%' ? BP.mul : op === '**' ? BP.pow : null
      if (bp === null || bp < minBp) break
      next()
      // ** is right-associative and binds tighter than a unary minus on its left (-2 ** 2 = -4), as in Python.
      const right = op === '**' ? parse(BP.unary) : parse(bp + 1)
      left = { kind: 'binary', op: op as '+' | '-' | '*' | '/' | '%' | '**', left, right, at: tok.at }
    }
    depth--
    return left
  }

  const prefix = (): Expr => {
    const tok = next()
    switch (tok.t) {
      case 'num':
        return { kind: 'num', value: tok.value, at: tok.at }
      case 'str':
        return { kind: 'str', value: tok.value, at: tok.at }
      case 'end':
        throw new ExpressionError(tok.at === 0 ? 'the expression is empty' : 'the expression ends too early', tok.at)
      case 'op':
        if (tok.value === '(') {
          const inner = parse(0)
          expect(')', "')'")
          return inner
        }
        if (tok.value === '-' || tok.value === '+') return { kind: 'unary', op: tok.value, arg: parse(BP.unary), at: tok.at }
        throw new ExpressionError(`unexpected ${describe(tok)}`, tok.at)
      case 'name': {
        const v = tok.value
        if (v === 'not') return { kind: 'unary', op: 'not', arg: parse(BP.not), at: tok.at }
        if (v === 'true' || v === 'True') return { kind: 'bool', value: true, at: tok.at }
        if (v === 'false' || v === 'False') return { kind: 'bool', value: false, at: tok.at }
        const quoted = text[tok.at] === '`'
        if (!quoted && KEYWORDS.has(v)) throw new ExpressionError(`unexpected '${v}'`, tok.at)
        if (!quoted && isOp(peek(), '(')) return call(v, tok)
        if (!isKnownName(v)) {
          const fn = Object.hasOwn(FUNCTIONS, v) ? ` (${v} is a function: call it as ${v}(...))` : ''
          const hint = fn || closestHint(v, knownNames())
          throw new ExpressionError(`unknown name '${v}'${hint}; an expression can use the parameters, the derived values defined above it, and ${FUNCTION_NAMES.join(', ')}`, tok.at)
        }
        return { kind: 'name', name: v, at: tok.at }
      }
    }
  }

  const call = (name: string, tok: Token): Expr => {
    if (!Object.hasOwn(FUNCTIONS, name)) throw new ExpressionError(`unknown function '${name}'; expected one of ${FUNCTION_NAMES.join(', ')}`, tok.at)
    const fn = name as FunctionName
    next() // (
    const args: Expr[] = []
    if (!isOp(peek(), ')')) {
      for (;;) {
        args.push(parse(0))
        if (isOp(peek(), ',')) {
          next()
          continue
        }
        break
      }
    }
    expect(')', `',' or ')' in the call of ${fn}`)
    const [lo, hi] = FUNCTIONS[fn]
    if (args.length < lo || args.length > hi) {
      const want = hi === Infinity ? `at least ${lo}` : lo === hi ? String(lo) : `${lo} or ${hi}`
      throw new ExpressionError(`${fn}() takes ${want} argument${hi === 1 || (lo === 1 && hi === Infinity) ? '' : 's'}, got ${args.length}`, tok.at)
    }
    return { kind: 'call', fn, args, at: tok.at }
  }

  const tree = parse(0)
  const rest = peek()
  if (rest.t !== 'end') throw new ExpressionError(`unexpected ${describe(rest)} after a complete expression`, rest.at)
  return tree
}

function closestHint(name: string, known: ReadonlyArray<string>): string {
  let best: string | undefined
  let bestD = Infinity
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase())
    if (d < bestD) {
      best = k
      bestD = d
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean '${best}'?)` : ''
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)))
    prev = row
  }
  return prev[b.length] as number
}

/** Every parameter or derived name the expression reads, in order of first use. */
export function namesIn(expr: Expr): string[] {
  const out = new Set<string>()
  const stack: Expr[] = [expr]
  while (stack.length > 0) {
    const e = stack.pop() as Expr
    switch (e.kind) {
      case 'name':
        out.add(e.name)
        break
      case 'unary':
        stack.push(e.arg)
        break
      case 'binary':
      case 'logic':
        stack.push(e.right, e.left)
        break
      case 'compare':
      case 'call':
        stack.push(...[...e.args].reverse())
        break
      case 'cond':
        stack.push(e.else, e.then, e.test)
        break
      default:
        break
    }
  }
  return [...out]
}

/**
 * Evaluates a parsed expression. `lookup` returns a name's value in the trial, or throws
 * `InactiveParameter`. Errors (division by zero, a type mismatch, overflow) are ExpressionErrors at
 * the offending operator.
 */
export function evaluate(expr: Expr, lookup: (name: string) => unknown): ExprValue {
  switch (expr.kind) {
    case 'num':
    case 'str':
    case 'bool':
      return expr.value
    case 'name': {
      const v = lookup(expr.name)
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v
      throw new ExpressionError(`${expr.name} is ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : String(v)}; expressions work on numbers, strings and true/false`, expr.at)
    }
    case 'unary': {
      const v = evaluate(expr.arg, lookup)
      if (expr.op === 'not') return !bool(v, expr.at, 'not')
      const n = num(v, expr.at, expr.op)
      return expr.op === '-' ? -n : n
    }
    case 'logic': {
      const l = bool(evaluate(expr.left, lookup), expr.at, expr.op)
      if (expr.op === 'and' ? !l : l) return l
      return bool(evaluate(expr.right, lookup), expr.at, expr.op)
    }
    case 'cond':
      return bool(evaluate(expr.test, lookup), expr.at, 'the condition') ? evaluate(expr.then, lookup) : evaluate(expr.else, lookup)
    case 'compare': {
      let left = evaluate(expr.args[0] as Expr, lookup)
      for (let i = 0; i < expr.ops.length; i++) {
        const right = evaluate(expr.args[i + 1] as Expr, lookup)
        if (!compare(expr.ops[i] as CompareOp, left, right, expr.at)) return false
        left = right
      }
      return true
    }
    case 'binary': {
      const l = num(evaluate(expr.left, lookup), expr.at, expr.op)
      const r = num(evaluate(expr.right, lookup), expr.at, expr.op)
      let out: number
      switch (expr.op) {
        case '+':
          out = l + r
          break
        case '-':
          out = l - r
          break
        case '*':
          out = l * r
          break
        case '/':
          if (r === 0) throw new ExpressionError('division by zero', expr.at)
          out = l / r
          break
        case '%':
          if (r === 0) throw new ExpressionError('modulo by zero', expr.at)
          // Python's sign rule: the result has the divisor's sign.
          out = ((l % r) + r) % r
          break
        case '**':
          if (l === 0 && r < 0) throw new ExpressionError('0 raised to a negative power', expr.at)
          out = l ** r
          if (Number.isNaN(out)) throw new ExpressionError(`${l} ** ${r} is not a real number`, expr.at)
          break
      }
      return finite(out, expr.at)
    }
    case 'call':
      return callFunction(expr.fn, expr.args.map((a) => evaluate(a, lookup)), expr.at)
  }
}

function callFunction(fn: FunctionName, args: ExprValue[], at: number): number {
  const n = (i: number): number => num(args[i] as ExprValue, at, `${fn}()`)
  switch (fn) {
    case 'min':
      return Math.min(...args.map((_, i) => n(i)))
    case 'max':
      return Math.max(...args.map((_, i) => n(i)))
    case 'round': {
      const digits = args.length > 1 ? n(1) : 0
      if (!Number.isInteger(digits) || Math.abs(digits) > 15) throw new ExpressionError(`round()'s digits must be an integer from -15 to 15, got ${digits}`, at)
      const f = 10 ** digits
      // Half away from zero, on both signs; to `digits` decimals.
      return finite((Math.sign(n(0)) * Math.round(Math.abs(n(0)) * f)) / f, at)
    }
    case 'floor':
      return Math.floor(n(0))
    case 'ceil':
      return Math.ceil(n(0))
    case 'int':
      return Math.trunc(n(0))
    case 'abs':
      return Math.abs(n(0))
    case 'sqrt':
      if (n(0) < 0) throw new ExpressionError(`sqrt of a negative number (${n(0)})`, at)
      return Math.sqrt(n(0))
    case 'exp':
      return finite(Math.exp(n(0)), at)
    case 'log':
    case 'log2':
    case 'log10': {
      const x = n(0)
      if (x <= 0) throw new ExpressionError(`${fn} of a number <= 0 (${x})`, at)
      if (fn === 'log2') return Math.log2(x)
      if (fn === 'log10') return Math.log10(x)
      if (args.length === 1) return Math.log(x)
      const base = n(1)
      if (base <= 0 || base === 1) throw new ExpressionError(`log base must be > 0 and not 1, got ${base}`, at)
      return Math.log(x) / Math.log(base)
    }
  }
}

function num(v: ExprValue, at: number, op: string): number {
  if (typeof v === 'number') return v
  throw new ExpressionError(`${op} needs numbers, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`, at)
}

function bool(v: ExprValue, at: number, op: string): boolean {
  if (typeof v === 'boolean') return v
  throw new ExpressionError(`${op} needs true or false, got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}; compare it first (e.g. x > 0)`, at)
}

function finite(v: number, at: number): number {
  if (Number.isFinite(v)) return v
  throw new ExpressionError('the result is too large (overflow)', at)
}

function compare(op: CompareOp, a: ExprValue, b: ExprValue, at: number): boolean {
  if (op === '==') return a === b
  if (op === '!=') return a !== b
  if (typeof a !== typeof b || typeof a === 'boolean') {
    throw new ExpressionError(`${op} compares two numbers or two strings, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`, at)
  }
  switch (op) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
  }
}
