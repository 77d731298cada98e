import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LanguageKind } from './language.js';

export interface LanguageRow {
  code: string;
  name_nb: string;
  name_en: string;
  native_name: string | null;
  kind: LanguageKind;
}

/** The only code that reads languages (reference data: written by migrations only). */
@Injectable()
export class LanguagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<LanguageRow[]> {
    return this.dataSource.query(`SELECT code, name_nb, name_en, native_name, kind FROM languages`);
  }
}
