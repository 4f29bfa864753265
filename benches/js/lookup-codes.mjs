// Lookup inputs for the JS benchmarks: up to 100,000 records' own codes (hits) and as many
// valid USCCs on no list (their check characters from the package, not a copy of the rule),
// shuffled with a fixed seed, so that every benchmark and build asks the same codes.
export function lookupCodes(snapshot, checkCharacter) {
  const n = snapshot.length;
  const codes = [];
  const sample = Math.min(n, 100_000);
  for (let i = 0; i < sample; i++) {
    const r = snapshot.record(Math.floor((i * n) / sample));
    const c = r.uscc ?? r.orgCode ?? r.registrationNumber;
    if (c) codes.push(c);
  }
  const hits = codes.length;
  let x = 12345;
  for (let i = 0; i < hits; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const body = `91350100${String(x % 1e9).padStart(9, '0')}`;
    codes.push(body + checkCharacter('uscc', body));
  }
  for (let i = codes.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [codes[i], codes[j]] = [codes[j], codes[i]];
  }
  return { codes, hits };
}
