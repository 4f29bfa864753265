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
