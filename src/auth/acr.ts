/** ID-porten's levels of assurance, lowest first. */
export const ACR_ORDER = [
  'idporten-loa-low',
  'idporten-loa-substantial',
  'idporten-loa-high',
] as const;
export type Acr = (typeof ACR_ORDER)[number];

/** The register requires at least substantial (the interpreter act handles personal data). */
export const REQUIRED_ACR: Acr = 'idporten-loa-substantial';

/** Whether `acr` is a known level at least as high as `required`; missing or unknown is not. */
export function acrIsSufficient(acr: unknown, required: Acr = REQUIRED_ACR): acr is Acr {
  const have = typeof acr === 'string' ? ACR_ORDER.indexOf(acr as Acr) : -1;
  return have >= 0 && have >= ACR_ORDER.indexOf(required);
}
