// Seeds written as text (a suite's `seeds:`, a --seeds flag): a range low..high ("1..5") or a
// list ("1,2,7"). Apart from the suite schema, so that the CLI reads its flags without loading it.

export function parseSeedText(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (a > b) throw new Error(`expected a range low..high, e.g. ${b}..${a}`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  if (/^\d+(,\d+)*$/.test(text)) return text.split(',').map(Number);
  throw new Error('expected a range like 1..5 or a list like 1,2,7');
}
