// USCC arithmetic for the benchmark, written from the standards and independent of the code
// under test: GB 32100-2015 (position 18, MOD 31) and GB 11714 (position 17, MOD 11).

export const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
// Weights of positions 1-17: 3^(i-1) mod 31.
const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Position 18 for seventeen characters of the alphabet. */
export function usccCheck(first17) {
  if (first17.length !== 17) throw new Error(`need 17 characters: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(first17[i]);
    if (v === undefined) throw new Error(`not in the alphabet: ${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Position 17 (organisation code check) for positions 9-16: base-36 values. */
export function orgCheck(body8) {
  if (body8.length !== 8) throw new Error(`need 8 characters: ${body8}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A complete code from positions 1-16: the organisation check, then the USCC check. */
export function complete16(first16) {
  const first17 = first16 + orgCheck(first16.slice(8, 16));
  return first17 + usccCheck(first17);
}

/** Appends the USCC check to seventeen characters (position 17 taken as given). */
export function withCheck(first17) {
  return first17 + usccCheck(first17);
}

/** ASCII → full-width (U+FF01..U+FF5E); other characters unchanged. */
export function fullWidth(s) {
  return [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
}

// Current GB/T 2260 codes (county level, every 12th current row of the table, and prefecture
// level, every 8th), captured once so that the input file does not move when the table does.
export const COUNTIES = [
  110101, 110116, 120112, 130108, 130131, 130209, 130321, 130426, 130506, 130535, 130628, 130682,
  130725, 130824, 130925, 131022, 131123, 140110, 140224, 140423, 140525, 140723, 140825, 140924,
  141022, 141034, 141129, 150125, 150304, 150430, 150622, 150725, 150824, 150929, 152524, 210103,
  210202, 210304, 210502, 210702, 210882, 211011, 211281, 211421, 220183, 220303, 220524, 220723,
  222406, 230123, 230205, 230281, 230404, 230523, 230718, 230811, 231003, 231181, 231283, 310113,
  320111, 320281, 320402, 320582, 320707, 320903, 321081, 321282, 330110, 330212, 330327, 330483,
  330702, 330824, 331024, 331181, 340209, 340402, 340523, 340822, 341023, 341204, 341503, 341722,
  350105, 350206, 350423, 350521, 350622, 350724, 350902, 360111, 360321, 360430, 360722, 360735,
  360828, 360982, 361030, 361181, 370126, 370303, 370481, 370682, 370782, 370831, 371082, 371324,
  371426, 371581, 371723, 410181, 410223, 410326, 410481, 410603, 410727, 410882, 411081, 411282,
  411330, 411503, 411622, 411725, 420111, 420281, 420505, 420607, 420822, 421022, 421126, 421381,
  429021, 430204, 430405, 430502, 430602, 430722, 430921, 431027, 431129, 431230, 433126, 440117,
  440303, 440507, 440703, 440825, 441223, 441422, 441622, 441825, 445302, 450123, 450224, 450325,
  450422, 450703, 450923, 451031, 451223, 451381, 460202, 469022, 500104, 500118, 500231, 510106,
  510131, 510402, 510603, 510726, 510921, 511123, 511323, 511504, 511623, 511823, 512022, 513232,
  513331, 513424, 513437, 520203, 520328, 520521, 520624, 522328, 522632, 522728, 530124, 530324,
  530481, 530626, 530822, 530924, 532328, 532530, 532822, 532931, 533422, 540222, 540234, 540328,
  540522, 540622, 542524, 610116, 610305, 610422, 610503, 610621, 610703, 610822, 610922, 611024,
  620321, 620525, 620821, 620982, 621123, 621228, 623023, 630202, 632323, 632626, 632823, 640323,
  650103, 650421, 652701, 652829, 653023, 653130, 653229, 654201, 654325, 659011,
];
export const PREFECTURES = [
  130100, 130900, 140600, 150300, 152500, 210700, 220100, 222400, 230800, 320300, 321100, 330600,
  340300, 341200, 350300, 360200, 361000, 370700, 371600, 410700, 411500, 420700, 430100, 430900,
  440300, 441300, 445100, 450600, 451400, 510500, 511400, 513300, 522300, 530700, 533100, 540600,
  610700, 620500, 622900, 632700, 650200, 653100,
];
export const PROVINCES = [
  110000, 120000, 130000, 140000, 150000, 210000, 220000, 230000, 310000, 320000, 330000, 340000,
  350000, 360000, 370000, 410000, 420000, 430000, 440000, 450000, 460000, 500000, 510000, 520000,
  530000, 540000, 610000, 620000, 630000, 640000, 650000,
];

// Authority/category pairs of GB 32100-2015 Table 1 and its additions, weighted roughly as
// they occur in procurement supplier lists (enterprises and individual businesses dominate).
export const PAIRS = [
  ['91', 560], ['92', 170], ['93', 30], ['12', 40], ['11', 20], ['13', 3], ['19', 2],
  ['52', 30], ['51', 25], ['53', 5], ['59', 2], ['31', 8], ['32', 2], ['33', 2], ['34', 2],
  ['35', 1], ['39', 1], ['81', 15], ['89', 1], ['71', 4], ['72', 1], ['79', 1], ['61', 1],
  ['62', 1], ['69', 1], ['21', 1], ['29', 1], ['41', 1], ['49', 1], ['N1', 20], ['N2', 25],
  ['N3', 8], ['N9', 2], ['Y1', 5], ['A1', 4], ['A9', 1],
];

/**
 * The tricky inputs of the rules table: label, input, and what GB 32100 says. "suspicious":
 * passes the check characters but breaks a table rule (should at least be flagged).
 */
export function rulesCases() {
  const base = '91110108551385082Q';
  // A code whose position 18 is 0 (some validators reject every such code).
  let zero = null;
  for (let n = 0; n < 10000 && !zero; n++) {
    const c = complete16(`911101085513${String(n).padStart(4, '0')}`);
    if (c[17] === '0') zero = c;
  }
  const badOrg = (() => {
    const right = orgCheck('55138508');
    const wrong = right === '3' ? '4' : '3';
    return withCheck(`9111010855138508${wrong}`);
  })();
  // 99 with a correct position 17, and a position 18 other than 0 (kept apart from that case).
  let pair99 = null;
  for (let n = 0; n < 10 && !pair99; n++) {
    const c = complete16(`991101085513850${n}`);
    if (c[17] !== '0') pair99 = c;
  }
  const badCheck = base.slice(0, 17) + (base[17] === 'A' ? 'B' : 'A');
  return [
    ['baseline 91 enterprise, Beijing Haidian', base, 'valid'],
    ['authority A (military), A1', withCheck('A1110108551385082'), 'valid'],
    ['authority N (agriculture), N2', withCheck('N2110108551385082'), 'valid'],
    ['authority Y (other), Y1', withCheck('Y1110108551385082'), 'valid'],
    ['check character 0', zero, 'valid'],
    ['retired division 110228 (Miyun county)', withCheck('91110228551385082'), 'valid (old code)'],
    ['development zone 320594 (not GB/T 2260)', withCheck('91320594551385082'), 'valid (real use)'],
    ['pair 99 not in the table', pair99, 'suspicious'],
    ['position 17 wrong, 18 right', badOrg, 'suspicious'],
    ['position 18 wrong (typo)', badCheck, 'invalid'],
    ['pilot-era code: 18 wrong, rest sound', '91350100M000100Y44', 'invalid'],
    ['letter O for zero', '91110108551385O82Q', 'invalid'],
    ['full-width', fullWidth(base), 'valid after cleaning'],
    ['lowercase', '91350100m000100y43', 'valid after cleaning'],
    ['spaced 4-4-4-4-2', '9111 0108 5513 8508 2Q', 'valid after cleaning'],
  ].map(([label, input, expect]) => ({ label, input, expect }));
}
