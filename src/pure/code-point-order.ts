/**
 * Code-point order, which is PostgreSQL's `COLLATE "C"` order on UTF-8 text: every state store
 * lists ids in this order (JavaScript's `<` compares UTF-16 units and differs above U+FFFF).
 */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
