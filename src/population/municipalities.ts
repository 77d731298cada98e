import { countyByCode } from '../geography/counties.js';

/**
 * Municipality numbers (kommunenummer, the numbering in force from
 * 1 January 2024) for the largest municipalities and every place the demo
 * register uses. Not the full list of 357: a number missing here falls back
 * to the post office name the population register sends with the address.
 */
export const MUNICIPALITY_NAMES: Readonly<Record<string, string>> = {
  '0301': 'Oslo',
  // Rogaland
  '1101': 'Eigersund',
  '1103': 'Stavanger',
  '1106': 'Haugesund',
  '1108': 'Sandnes',
  '1119': 'Hå',
  '1120': 'Klepp',
  '1121': 'Time',
  '1124': 'Sola',
  '1149': 'Karmøy',
  // Møre og Romsdal
  '1505': 'Kristiansund',
  '1506': 'Molde',
  '1508': 'Ålesund',
  '1577': 'Volda',
  // Nordland
  '1804': 'Bodø',
  '1806': 'Narvik',
  '1824': 'Vefsn',
  '1833': 'Rana',
  // Østfold
  '3101': 'Halden',
  '3103': 'Moss',
  '3105': 'Sarpsborg',
  '3107': 'Fredrikstad',
  '3118': 'Indre Østfold',
  // Akershus
  '3201': 'Bærum',
  '3203': 'Asker',
  '3205': 'Lillestrøm',
  '3207': 'Nordre Follo',
  '3209': 'Ullensaker',
  '3212': 'Nesodden',
  '3216': 'Vestby',
  '3218': 'Ås',
  '3222': 'Lørenskog',
  '3240': 'Eidsvoll',
  // Buskerud
  '3301': 'Drammen',
  '3303': 'Kongsberg',
  '3305': 'Ringerike',
  '3312': 'Lier',
  '3314': 'Øvre Eiker',
  // Innlandet
  '3401': 'Kongsvinger',
  '3403': 'Hamar',
  '3405': 'Lillehammer',
  '3407': 'Gjøvik',
  '3411': 'Ringsaker',
  '3413': 'Stange',
  '3420': 'Elverum',
  // Vestfold
  '3901': 'Horten',
  '3903': 'Holmestrand',
  '3905': 'Tønsberg',
  '3907': 'Sandefjord',
  '3909': 'Larvik',
  '3911': 'Færder',
  // Telemark
  '4001': 'Porsgrunn',
  '4003': 'Skien',
  '4005': 'Notodden',
  '4012': 'Bamble',
  // Agder
  '4202': 'Grimstad',
  '4203': 'Arendal',
  '4204': 'Kristiansand',
  '4205': 'Lindesnes',
  // Vestland
  '4601': 'Bergen',
  '4602': 'Kinn',
  '4614': 'Stord',
  '4621': 'Voss',
  '4624': 'Bjørnafjorden',
  '4626': 'Øygarden',
  '4627': 'Askøy',
  '4631': 'Alver',
  '4647': 'Sunnfjord',
  // Trøndelag
  '5001': 'Trondheim',
  '5006': 'Steinkjer',
  '5007': 'Namsos',
  '5028': 'Melhus',
  '5031': 'Malvik',
  '5035': 'Stjørdal',
  '5037': 'Levanger',
  '5038': 'Verdal',
  // Troms
  '5501': 'Tromsø',
  '5503': 'Harstad',
  '5530': 'Senja',
  // Finnmark
  '5601': 'Alta',
  '5603': 'Hammerfest',
  '5605': 'Sør-Varanger',
  '5607': 'Vadsø',
  '5610': 'Karasjok',
  '5612': 'Kautokeino',
};

/**
 * The county of a four-digit municipality number: its first two digits, if
 * they are one of the 15 counties in force (an old number such as 1201, or
 * 2100 for Svalbard, has none).
 */
export function countyOfMunicipality(municipalityNumber: string): string | null {
  if (!/^\d{4}$/.test(municipalityNumber)) return null;
  const county = municipalityNumber.slice(0, 2);
  return countyByCode(county) ? county : null;
}

/** The name of a municipality this module knows, else undefined. */
export function municipalityName(municipalityNumber: string): string | undefined {
  return MUNICIPALITY_NAMES[municipalityNumber];
}

/** The number of a known municipality by county and name (the synthetic population needs it). */
export function municipalityNumberByName(countyCode: string, name: string): string | undefined {
  const wanted = name.trim().toLocaleLowerCase('nb');
  return Object.entries(MUNICIPALITY_NAMES).find(
    ([number, known]) => number.startsWith(countyCode) && known.toLocaleLowerCase('nb') === wanted,
  )?.[0];
}
