import { ApiProperty } from '@nestjs/swagger';
import { CategoryCountsDto } from '../../register/dto/statistics.dto.js';
import { LANGUAGE_KINDS, type LanguageKind } from '../language.js';

export class LanguageDto {
  @ApiProperty({ example: 'tir' }) code: string;
  @ApiProperty({ example: 'Tigrinja' }) nameNb: string;
  @ApiProperty({ example: 'Tigrinya' }) nameEn: string;
  @ApiProperty({ example: 'ትግርኛ', nullable: true }) nativeName: string | null;
  @ApiProperty({ enum: LANGUAGE_KINDS }) kind: LanguageKind;
  @ApiProperty({ description: 'Active entries' }) entries: number;
  @ApiProperty({ description: 'Interpreters with an active entry' }) interpreters: number;
  @ApiProperty({ type: CategoryCountsDto }) byCategory: CategoryCountsDto;
}
