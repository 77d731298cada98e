/** Municipalities per county, with weights for where demo interpreters live. */
export const MUNICIPALITIES: Record<string, string[]> = {
  '03': ['Oslo'],
  '11': ['Stavanger', 'Sandnes', 'Haugesund', 'Sola', 'Klepp'],
  '15': ['Ålesund', 'Molde', 'Kristiansund', 'Volda'],
  '18': ['Bodø', 'Narvik', 'Rana', 'Vefsn'],
  '31': ['Fredrikstad', 'Sarpsborg', 'Moss', 'Halden'],
  '32': ['Bærum', 'Asker', 'Lillestrøm', 'Lørenskog', 'Nordre Follo', 'Ullensaker'],
  '33': ['Drammen', 'Kongsberg', 'Ringerike', 'Lier'],
  '34': ['Hamar', 'Lillehammer', 'Gjøvik', 'Ringsaker', 'Elverum'],
  '39': ['Tønsberg', 'Sandefjord', 'Larvik', 'Horten'],
  '40': ['Skien', 'Porsgrunn', 'Notodden', 'Bamble'],
  '42': ['Kristiansand', 'Arendal', 'Grimstad', 'Lindesnes'],
  '46': ['Bergen', 'Førde', 'Stord', 'Voss', 'Askøy'],
  '50': ['Trondheim', 'Steinkjer', 'Stjørdal', 'Levanger', 'Namsos'],
  '55': ['Tromsø', 'Harstad', 'Senja'],
  '56': ['Alta', 'Hammerfest', 'Vadsø', 'Kautokeino', 'Karasjok', 'Sør-Varanger'],
};

/** Rough share of interpreters living in each county (big cities weigh most). */
export const COUNTY_WEIGHTS: Record<string, number> = {
  '03': 24,
  '32': 14,
  '46': 11,
  '50': 8,
  '11': 9,
  '31': 5,
  '33': 5,
  '34': 4,
  '39': 4,
  '40': 3,
  '42': 5,
  '15': 3,
  '18': 2,
  '55': 2,
  '56': 1,
};
