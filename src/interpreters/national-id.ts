/**
 * Norwegian national identity numbers (fødselsnummer): 6 digits birth date
 * (DDMMYY), 3 digits individual number, 2 check digits (mod 11).
 * Synthetic test numbers add 80 to the month, as in Skatteetaten's and
 * Tenor's test data, so they can never collide with a real person's number.
 */
const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | null {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i], 0);
  const rest = 11 - (sum % 11);
  if (rest === 11) return 0;
  if (rest === 10) return null;
  return rest;
}

/** The two check digits for nine leading digits, or null if none exist. */
export function nationalIdCheckDigits(first9: string): string | null {
  if (!/^\d{9}$/.test(first9)) return null;
  const digits = [...first9].map(Number);
  const k1 = checkDigit(digits, K1);
  if (k1 === null) return null;
  const k2 = checkDigit([...digits, k1], K2);
  if (k2 === null) return null;
  return `${k1}${k2}`;
}

/** True when the number has 11 digits with valid check digits and a plausible date. */
export function isValidNationalId(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  if (nationalIdCheckDigits(value.slice(0, 9)) !== value.slice(9)) return false;
  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  if (day > 40) day -= 40; // D-number
  if (month > 80)
    month -= 80; // synthetic (test) number
  else if (month > 40) month -= 40; // H-number / legacy test numbers
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

export function isSyntheticNationalId(value: string): boolean {
  return isValidNationalId(value) && Number(value.slice(2, 4)) > 80;
}

/**
 * Builds a synthetic national identity number (month + 80) for a birth date
 * and sex, or null when that individual number has no valid check digits
 * (the caller then tries the next individual number).
 */
export function syntheticNationalId(
  birthDate: Date,
  sex: 'female' | 'male',
  individualSeed: number,
): string | null {
  const year = birthDate.getUTCFullYear();
  const dd = String(birthDate.getUTCDate()).padStart(2, '0');
  const mm = String(birthDate.getUTCMonth() + 1 + 80);
  const yy = String(year % 100).padStart(2, '0');
  // Individual numbers 000–499 for 1900–1999, 500–999 for 2000–2039.
  const base = year >= 2000 ? 500 : 0;
  let individual = base + (Math.abs(Math.trunc(individualSeed)) % 250) * 2;
  // The third digit of the individual number is even for women, odd for men.
  if (sex === 'male') individual += 1;
  const first9 = `${dd}${mm}${yy}${String(individual).padStart(3, '0')}`;
  const check = nationalIdCheckDigits(first9);
  return check === null ? null : first9 + check;
}
