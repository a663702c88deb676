/*
 * Where a JSON text first goes wrong, as an offset. V8's own messages only sometimes name a
 * position ("Unexpected token 'a', "abc…" is not valid JSON" does not), and an integrator
 * debugging a 3,000-row roll-call needs the line and column. A syntax-only scan (RFC 8259),
 * no values built, linear in the size of the text; only run after JSON.parse has failed.
 */
const WS = new Set([' ', '\t', '\n', '\r']);

class Stop {
  constructor(readonly at: number) {}
}

export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const ws = () => {
    while (i < text.length && WS.has(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') fail();
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) fail();
          i += 4;
        } else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail();
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fail();
      string();
      ws();
      if (text[i] !== ':') fail();
      i++;
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === '}') return void i++;
      else fail();
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      value();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return void i++;
      else fail();
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (e) {
    if (e instanceof Stop) return Math.min(e.at, text.length);
    throw e;
  }
}
