import { Column, Entity, PrimaryColumn } from 'typeorm';

export const LANGUAGE_KINDS = ['spoken', 'sign', 'written'] as const;
export type LanguageKind = (typeof LANGUAGE_KINDS)[number];

/**
 * A language interpreters can be registered for. Codes are ISO 639-3 where
 * one exists, grouped codes as the real register uses them (hbs for
 * Bosnian/Croatian/Serbian/Montenegrin), and private-use extensions for
 * interpreting forms with no code of their own (written interpretation).
 */
@Entity('languages')
export class Language {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  nameNb: string;

  @Column({ type: 'varchar', length: 100 })
  nameEn: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  nativeName: string | null;

  @Column({ type: 'enum', enum: LANGUAGE_KINDS, enumName: 'language_kind' })
  kind: LanguageKind;
}
