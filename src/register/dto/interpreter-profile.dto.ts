import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AVAILABILITIES,
  GENDERS,
  MODALITIES,
  type Availability,
  type Gender,
  type Modality,
} from '../../interpreters/interpreter.js';
import { LANGUAGE_KINDS, type LanguageKind } from '../../languages/language.js';
import { CATEGORIES, type Category } from '../category.js';

export class CountyDto {
  @ApiProperty({ example: '46' }) code: string;
  @ApiProperty({ example: 'Vestland' }) name: string;
}

export class PublicContactDto {
  @ApiPropertyOptional({ description: 'Only when the interpreter has made it public' })
  email?: string;
  @ApiPropertyOptional({ description: 'Only when the interpreter has made it public' })
  phone?: string;
}

export class PublicEntryDto {
  @ApiProperty({ example: 'tir' }) languageCode: string;
  @ApiProperty({ example: 'Tigrinja' }) languageNameNb: string;
  @ApiProperty({ example: 'Tigrinya' }) languageNameEn: string;
  @ApiProperty({ enum: LANGUAGE_KINDS }) languageKind: LanguageKind;
  @ApiProperty({ enum: CATEGORIES }) category: Category;
  @ApiProperty({ example: '2019-03-01', description: 'Date of entry in the register' })
  registeredOn: string;
}

/** What anyone may see of an interpreter: only active entries and public contact fields. */
export class InterpreterProfileDto {
  @ApiProperty({ example: 10234 }) interpreterNumber: number;
  @ApiProperty({ example: 'Kari Ødegård' }) name: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ enum: GENDERS, nullable: true }) gender: Gender | null;
  @ApiProperty({ type: CountyDto }) county: CountyDto;
  @ApiProperty({ example: 'Bergen' }) municipality: string;
  @ApiProperty({ enum: AVAILABILITIES }) availability: Availability;
  @ApiProperty({ enum: MODALITIES, isArray: true }) modalities: Modality[];
  @ApiProperty({ type: PublicContactDto }) contact: PublicContactDto;
  @ApiProperty({
    type: [CountyDto],
    description:
      'Counties the interpreter takes assignments in, as they keep them (search filters on the county of residence)',
  })
  workCounties: CountyDto[];
  @ApiProperty({
    nullable: true,
    maxLength: 300,
    description: 'A short text the interpreter wrote',
  })
  publicNote: string | null;
  @ApiProperty({
    enum: CATEGORIES,
    description: 'Best category among the entries that matched the search',
  })
  bestCategory: Category;
  @ApiProperty({ type: [PublicEntryDto], description: 'Active entries, best category first' })
  entries: PublicEntryDto[];
}

export class InterpreterPageDto {
  @ApiProperty({ type: [InterpreterProfileDto] }) items: InterpreterProfileDto[];
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Number of interpreters matching the filters' }) total: number;
  @ApiProperty() totalPages: number;
}
