import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A language's names as a card and a card check show them. */
export interface LanguageNames {
  nameNb: string;
  nameEn: string;
  nativeName: string | null;
}

/** Language names for cards: reference data, read once (it changes only by migration). */
@Injectable()
export class LanguageNamesService {
  private names: Map<string, LanguageNames> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** A lookup by language code; a code the table lacks stands in for its own names. */
  async lookup(): Promise<(code: string) => LanguageNames> {
    if (!this.names) {
      const rows: Array<{
        code: string;
        name_nb: string;
        name_en: string;
        native_name: string | null;
      }> = await this.dataSource.query(`SELECT code, name_nb, name_en, native_name FROM languages`);
      this.names = new Map(
        rows.map((r) => [
          r.code,
          { nameNb: r.name_nb, nameEn: r.name_en, nativeName: r.native_name },
        ]),
      );
    }
    const names = this.names;
    return (code) => names.get(code) ?? { nameNb: code, nameEn: code, nativeName: null };
  }
}
