export const LANGUAGE_KINDS = ['spoken', 'sign', 'written'] as const;
export type LanguageKind = (typeof LANGUAGE_KINDS)[number];

/**
 * A language interpreters can be registered for. Codes are ISO 639-3 where
 * one exists, grouped codes as the real register uses them (hbs for
 * Bosnian/Croatian/Serbian/Montenegrin), and private-use extensions for
 * interpreting forms with no code of their own (written interpretation).
 */
export interface Language {
  code: string;
  nameNb: string;
  nameEn: string;
  /** The name in the language's own script, for the card; null where it has none. */
  nativeName: string | null;
  kind: LanguageKind;
}

/** A language's names as a card and a card check show them. */
export type LanguageNames = Pick<Language, 'nameNb' | 'nameEn' | 'nativeName'>;
