import type {
  FilterErrorKind,
  FilterExpected,
  FilterExpr,
  FilterValue,
  ParseResult,
  PatternSegment,
} from './types.js';
import {
  FILTER_LIMITS,
  MAX_NESTING,
  OPERATORS,
  OPERATOR_OR_END,
  SPACE,
  SyntaxFailure,
  TERMINATORS,
} from './syntax.js';

export { FILTER_LIMITS } from './syntax.js';

/**
 * Parses a Business Central filter expression:
 *
 *   or      := and ('|' and)*
 *   and     := primary ('&' primary)*
 *   primary := '(' or ')' | term
 *   term    := '@'? ( op '@'? value | value? '..' '@'? value? | value )
 *   op      := '<>' | '<=' | '>=' | '<' | '>' | '='
 *
 * Operators are only recognised where a term starts, so `a<b`, `O'Brien` and `a@b.com`
 * stay plain values, as they do in Business Central.
 */
export function parseFilterExpression(text: string): ParseResult {
  // Checked before any work: the cost of parsing and of every later evaluation grows with both.
  if (text.length > FILTER_LIMITS.length) {
    const max = FILTER_LIMITS.length;
    return {
      ok: false,
      error: {
        kind: 'tooLong',
        position: max,
        expected: { kind: 'lengthAtMost', max },
        found: text[max] ?? null,
      },
    };
  }
  try {
    return { ok: true, expr: new Parser(text).parse() };
  } catch (thrown) {
    if (thrown instanceof SyntaxFailure) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

type ScannedValue = { value: FilterValue; text: string; wildcardAt: number | null };

class Parser {
  private pos = 0;
  private values = 0;
  /**
   * Where the last token that wants something after it starts (an operator, `(`, `@`, `..`): an
   * expression that stops too early is wrong there, not one past its end (newuser: `a|` pointed
   * at position 3 of a 2-character text).
   */
  private wanting = 0;

  constructor(private readonly text: string) {}

  parse(): FilterExpr {
    this.skipSpace();
    if (this.atEnd()) {
      throw this.fail('empty', { kind: 'value', after: null });
    }
    const expr = this.parseOr(0, null);
    this.skipSpace();
    if (this.peek() === ')') {
      throw this.fail('unmatchedParen', OPERATOR_OR_END);
    }
    if (!this.atEnd()) throw this.unexpected(OPERATOR_OR_END);
    return expr;
  }

  private parseOr(depth: number, after: string | null): FilterExpr {
    return this.parseJoined('|', 'or', after, (a) => this.parseAnd(depth, a));
  }

  private parseAnd(depth: number, after: string | null): FilterExpr {
    return this.parseJoined('&', 'and', after, (a) => this.parsePrimary(depth, a));
  }

  /** Operands joined by `op` (one operand alone is itself); each operand after the first follows `op`. */
  private parseJoined(
    op: '|' | '&',
    kind: 'or' | 'and',
    after: string | null,
    operand: (after: string | null) => FilterExpr,
  ): FilterExpr {
    const first = operand(after);
    const rest: FilterExpr[] = [];
    while (this.skipSpace() === op) {
      this.take(1);
      rest.push(operand(op));
    }
    return rest.length === 0 ? first : { kind, operands: [first, ...rest] };
  }

  private parsePrimary(depth: number, after: string | null): FilterExpr {
    if (this.skipSpace() !== '(') return this.parseTerm(after);
    const open = this.pos;
    if (depth >= MAX_NESTING) {
      throw this.fail('tooDeep', { kind: 'nestingAtMost', max: MAX_NESTING });
    }
    this.take(1);
    const inner = this.parseOr(depth + 1, '(');
    if (this.skipSpace() !== ')') {
      if (this.atEnd()) {
        throw this.fail('endOfInput', { kind: 'closeParen', open });
      }
      throw this.unexpected({ kind: 'operatorOrClose', open });
    }
    this.pos++;
    return inner;
  }

  private parseTerm(after: string | null): FilterExpr {
    this.skipSpace();
    if (++this.values > FILTER_LIMITS.values) {
      throw this.fail('tooManyValues', { kind: 'valuesAtMost', max: FILTER_LIMITS.values });
    }
    let caseInsensitive = this.takeAt();
    if (caseInsensitive) after = '@';

    const operator = OPERATORS.find((candidate) => this.text.startsWith(candidate.text, this.pos));
    if (operator) {
      this.take(operator.text.length);
      caseInsensitive = this.takeAt() || caseInsensitive;
      const scanned = this.requireValue(operator.text);
      if (operator.node.kind === 'equals') {
        return { kind: 'equals', op: operator.node.op, value: scanned.value, caseInsensitive };
      }
      this.rejectWildcard(scanned);
      return { kind: 'compare', op: operator.node.op, bound: scanned.text, caseInsensitive };
    }

    if (this.startsRange()) {
      this.take(2);
      caseInsensitive = this.takeAt() || caseInsensitive;
      const to = this.requireValue('..');
      this.rejectWildcard(to);
      return this.finishRange({ kind: 'range', from: null, to: to.text, caseInsensitive });
    }

    const scanned = this.scanValue();
    if (!scanned) throw this.missingValue(after);
    this.skipSpace();
    if (!this.startsRange()) {
      return { kind: 'equals', op: 'eq', value: scanned.value, caseInsensitive };
    }
    this.rejectWildcard(scanned);
    this.take(2);
    const tookAt = this.takeAt();
    const to = tookAt ? this.requireValue('@') : this.scanValue();
    if (to) this.rejectWildcard(to);
    return this.finishRange({
      kind: 'range',
      from: scanned.text,
      to: to ? to.text : null,
      caseInsensitive: caseInsensitive || tookAt,
    });
  }

  /** A second `..` right after a range (`a....b`, `a..b..c`) has its own kind (`rangeHasTwoDots`), clearer than "unexpected". */
  private finishRange(range: FilterExpr): FilterExpr {
    this.skipSpace();
    if (this.startsRange()) {
      throw this.fail('rangeHasTwoDots', { kind: 'operatorOrEnd', orCloseParen: true });
    }
    return range;
  }

  private requireValue(after: string): ScannedValue {
    const scanned = this.scanValue();
    if (!scanned) throw this.missingValue(after);
    return scanned;
  }

  private scanValue(): ScannedValue | null {
    this.skipSpace();
    return this.peek() === "'" ? this.scanQuoted() : this.scanUnquoted();
  }

  private scanQuoted(): ScannedValue {
    const start = this.pos;
    this.pos++;
    let text = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) {
        throw new SyntaxFailure({
          kind: 'unterminatedQuote',
          position: start,
          expected: { kind: 'closingQuote' },
          found: null,
        });
      }
      this.pos++;
      if (ch !== "'") {
        text += ch;
      } else if (this.peek() === "'") {
        text += "'";
        this.pos++;
      } else {
        return { value: { kind: 'literal', text }, text, wildcardAt: null };
      }
    }
  }

  private scanUnquoted(): ScannedValue | null {
    const start = this.pos;
    const segments: PatternSegment[] = [];
    let buffer = '';
    let wildcardAt: number | null = null;
    for (
      let ch = this.peek();
      ch !== undefined && !TERMINATORS.has(ch) && !this.startsRange();
      ch = this.peek()
    ) {
      if (ch === '*' || ch === '?') {
        if (buffer) segments.push({ kind: 'text', text: buffer });
        buffer = '';
        wildcardAt ??= this.pos;
        // `**` means the same as `*`; one segment keeps matching simple.
        if (ch === '?') segments.push({ kind: 'anyChar' });
        else if (segments.at(-1)?.kind !== 'anyRun') segments.push({ kind: 'anyRun' });
      } else {
        buffer += ch;
      }
      this.pos++;
    }
    if (this.pos === start) return null;
    // Whitespace before an operator belongs to the operator, not the value (`a | b` is `a` or `b`).
    buffer = buffer.trimEnd();
    const text = this.text.slice(start, this.pos).trimEnd();
    if (wildcardAt === null) return { value: { kind: 'literal', text: buffer }, text, wildcardAt };
    if (buffer) segments.push({ kind: 'text', text: buffer });
    return { value: { kind: 'pattern', segments }, text, wildcardAt };
  }

  private rejectWildcard(scanned: ScannedValue): void {
    if (scanned.wildcardAt === null) return;
    const wildcard = this.text[scanned.wildcardAt] ?? '*';
    throw new SyntaxFailure({
      kind: 'wildcardNotAllowed',
      position: scanned.wildcardAt,
      expected: { kind: 'valueWithoutWildcards' },
      found: wildcard,
    });
  }

  private missingValue(after: string | null): SyntaxFailure {
    return this.unexpected({ kind: 'value', after });
  }

  private unexpected(expected: FilterExpected): SyntaxFailure {
    return this.fail(this.atEnd() ? 'endOfInput' : 'unexpectedToken', expected);
  }

  private fail(kind: FilterErrorKind, expected: FilterExpected): SyntaxFailure {
    const found = this.atEnd() ? null : this.startsRange() ? '..' : (this.peek() ?? null);
    return new SyntaxFailure({
      kind,
      position: this.atEnd() ? this.endPosition(expected) : this.pos,
      expected,
      found,
    });
  }

  /**
   * The place an expression that ended too early is wrong: the `(` left open, else the last token
   * that wanted more (`|` of `a|`, `<>` of `<>`); a blank one at its start. Never its length, which
   * is no character of it.
   */
  private endPosition(expected: FilterExpected): number {
    if (expected.kind === 'closeParen') return expected.open;
    return this.values === 0 && this.text.trim() === '' ? 0 : this.wanting;
  }

  /** Consumes a token of `length` characters that wants something after it. */
  private take(length: number): void {
    this.wanting = this.pos;
    this.pos += length;
  }

  private takeAt(): boolean {
    if (this.skipSpace() !== '@') return false;
    this.take(1);
    return true;
  }

  private startsRange(): boolean {
    return this.text.startsWith('..', this.pos);
  }

  /** Skips whitespace and returns the character now under the cursor. */
  private skipSpace(): string | undefined {
    while (this.pos < this.text.length && SPACE.test(this.text[this.pos] ?? '')) this.pos++;
    return this.peek();
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }
}
