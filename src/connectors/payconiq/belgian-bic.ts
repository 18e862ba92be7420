/**
 * BIC of a Belgian IBAN, derived locally.
 *
 * Payconiq never sends a BIC (payconiq-api.md §8), but the Payline `bankAccountData.bankCode`
 * field expects one. A Belgian IBAN (`BEkk BBBA AAAA AAKK`) carries a 3-digit bank
 * identification code `BBB`, which the National Bank of Belgium maps to a BIC in its
 * "Protocol" list (https://www.nbb.be/doc/be/be/protocol/current_codes.xls).
 *
 * This table is a best-effort SUBSET of that list (version 2022-10), limited to the retail banks
 * a Bancontact payer is likely to use. Codes not listed return undefined: leaving bankCode empty
 * is better than a wrong BIC. Known drift: AXA Bank Belgium accounts moved to Crelan in 2022-2024
 * but the NBB list still maps them to AXABBE22.
 */
const RANGES: ReadonlyArray<readonly [from: number, to: number, bic: string]> = [
  [0, 0, 'BPOTBEB1'], // bpost bank
  [1, 49, 'GEBABEBB'], // BNP Paribas Fortis (incl. Hello bank!)
  [50, 99, 'GKCCBEBB'], // Belfius
  [103, 108, 'NICABEBB'], // Crelan
  [109, 110, 'CTBKBEBX'], // Beobank
  [111, 111, 'ABERBE22'], // Bank J. Van Breda
  [113, 114, 'CTBKBEBX'],
  [119, 124, 'CTBKBEBX'],
  [125, 126, 'CPHBBE75'], // Banque CPH
  [127, 127, 'CTBKBEBX'],
  [129, 129, 'CTBKBEBX'],
  [131, 131, 'CTBKBEBX'],
  [132, 132, 'BNAGBEBB'], // Nagelmackers
  [133, 134, 'CTBKBEBX'],
  [137, 137, 'GEBABEBB'],
  [140, 149, 'GEBABEBB'], // Fintro
  [171, 171, 'CPHBBE75'],
  [185, 185, 'BBRUBEBB'], // ING
  [190, 199, 'CREGBEBB'], // CBC
  [200, 214, 'GEBABEBB'],
  [220, 298, 'GEBABEBB'],
  [299, 299, 'BPOTBEB1'],
  [300, 399, 'BBRUBEBB'],
  [400, 499, 'KREDBEBB'], // KBC
  [523, 523, 'TRIOBEBB'], // Triodos
  [550, 560, 'GKCCBEBB'],
  [562, 569, 'GKCCBEBB'],
  [595, 601, 'CTBKBEBX'],
  [610, 613, 'DEUTBEBE'], // Deutsche Bank
  [624, 625, 'GKCCBEBB'],
  [630, 631, 'BBRUBEBB'],
  [634, 636, 'BNAGBEBB'],
  [638, 638, 'GKCCBEBB'],
  [643, 643, 'BMPBBEBB'], // Aion
  [645, 645, 'JVBABE22'], // Bank J. Van Breda
  [646, 647, 'BNAGBEBB'],
  [651, 651, 'KEYTBEBB'], // Keytrade
  [652, 652, 'BBRUBEBB'],
  [657, 657, 'GKCCBEBB'],
  [671, 671, 'EURBBE99'], // Europabank
  [672, 672, 'GKCCBEBB'],
  [673, 673, 'BBRUBEBB'],
  [680, 680, 'GKCCBEBB'],
  [682, 683, 'GKCCBEBB'],
  [694, 694, 'DEUTBEBE'],
  [700, 709, 'AXABBE22'], // AXA Bank Belgium (now Crelan)
  [725, 727, 'KREDBEBB'],
  [728, 729, 'CREGBEBB'],
  [730, 731, 'KREDBEBB'],
  [732, 732, 'CREGBEBB'],
  [733, 741, 'KREDBEBB'],
  [742, 742, 'CREGBEBB'],
  [743, 749, 'KREDBEBB'],
  [750, 774, 'AXABBE22'],
  [775, 799, 'GKCCBEBB'],
  [800, 816, 'AXABBE22'],
  [825, 826, 'DEUTBEBE'],
  [828, 828, 'BBRUBEBB'],
  [830, 839, 'GKCCBEBB'],
  [850, 853, 'NICABEBB'],
  [859, 860, 'NICABEBB'],
  [862, 863, 'NICABEBB'],
  [865, 866, 'NICABEBB'],
  [868, 868, 'KREDBEBB'],
  [871, 871, 'BNAGBEBB'],
  [877, 879, 'BNAGBEBB'],
  [880, 881, 'BBRUBEBB'],
  [883, 884, 'BBRUBEBB'],
  [887, 888, 'BBRUBEBB'],
  [890, 899, 'VDSPBE91'], // vdk bank
  [910, 910, 'BBRUBEBB'],
  [920, 920, 'BBRUBEBB'],
  [922, 923, 'BBRUBEBB'],
  [929, 931, 'BBRUBEBB'],
  [934, 934, 'BBRUBEBB'],
  [936, 936, 'BBRUBEBB'],
  [939, 939, 'BBRUBEBB'],
  [950, 959, 'CTBKBEBX'],
  [961, 961, 'BBRUBEBB'],
  [963, 963, 'AXABBE22'],
  [966, 966, 'NEECBEB2'], // NewB
  [967, 967, 'TRWIBEB1'], // Wise
  [971, 971, 'BBRUBEBB'],
  [973, 973, 'ARSPBE22'], // Argenta
  [975, 975, 'AXABBE22'],
  [976, 976, 'BBRUBEBB'],
  [978, 980, 'ARSPBE22'],
];

/** The BIC for a valid Belgian IBAN (spaces allowed) whose bank code is in the table, else undefined. */
export function bicForBelgianIban(iban: string): string | undefined {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^BE\d{14}$/.test(compact) || !isValidIban(compact) || !hasBelgianCheckDigits(compact)) return undefined;
  const bankCode = Number(compact.slice(4, 7));
  return RANGES.find(([from, to]) => bankCode >= from && bankCode <= to)?.[2];
}

/** The Belgian account number's own check: its first 10 digits mod 97 (97 for 0) are its last 2. */
function hasBelgianCheckDigits(compact: string): boolean {
  const expected = Number(compact.slice(4, 14)) % 97 || 97;
  return expected === Number(compact.slice(14, 16));
}

/** ISO 13616 check: letters become 10..35, the rearranged number mod 97 must be 1. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
