// A check's answer as the package gives it: the core hands over the decision, the canonical
// record text and its SHA-256 (three plain values: converting the whole verdict into JS objects
// on every check cost more than the check); `verdict` and `input` (the request as run) are read
// from the record the first time they are asked for, and are the record's own values.
export function checkAnswer(answer) {
  if (answer == null || typeof answer !== 'object' || typeof answer.record !== 'string') return answer;
  let doc = null;
  const parsed = () => (doc ??= JSON.parse(answer.record));
  return Object.defineProperties(answer, {
    verdict: { get: () => parsed().verdict, enumerable: true, configurable: true },
    input: { get: () => parsed().input, enumerable: true, configurable: true },
  });
}

// A check request on its way to the core, as `[request, objectText]`: a plain object goes as
// its JSON text, marked so that the core reads it exactly as the object (null members absent),
// in one piece — walking the object field by field across the boundary made a three-party
// check about 9% slower. Anything JSON would change rather than carry — a function, a symbol, a
// BigInt, a number that is not finite, an object that is not plain (a Date, a Map) or with a
// toJSON — goes as it is, so the core answers it exactly as before.
export function requestForCore(request) {
  if (request === null || typeof request !== 'object') return [request ?? null, false];
  try {
    return [JSON.stringify(request, carriedAsIs), true];
  } catch {
    return [request, false];
  }
}

const NOT_PLAIN = new Error('not plain JSON data');

function carriedAsIs(key, value) {
  const v = this[key];
  const t = typeof v;
  if (t === 'function' || t === 'symbol' || t === 'bigint' || (t === 'number' && !Number.isFinite(v))) throw NOT_PLAIN;
  if (t === 'object' && v !== null && typeof v.toJSON === 'function') throw NOT_PLAIN;
  if (t === 'object' && v !== null && !Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  }
  return value;
}
