import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { COUNTY_CODES } from '../../geography/counties.js';
import {
  AVAILABILITIES,
  GENDERS,
  MODALITIES,
  type Availability,
  type Gender,
  type Modality,
} from '../../interpreters/interpreter.js';
import { CATEGORIES, type Category } from '../category.js';

/** Accepts `x=a&x=b` and `x=a,b` alike. */
const list = ({ value }: { value: unknown }): unknown => {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [v],
  );
};

export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 100_000;

export class SearchInterpretersQuery {
  @ApiPropertyOptional({ description: 'Language code, e.g. `ara`, `tir`, `nsl`', example: 'tir' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @Matches(/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/, {
    message: 'language must be a language code such as "ara"',
  })
  language?: string;

  @ApiPropertyOptional({
    description: 'One or several categories (`A,B` or repeated)',
    enum: CATEGORIES,
    isArray: true,
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CATEGORIES.length)
  @IsIn(CATEGORIES, { each: true, message: 'category must be one of A, B, C, D, E' })
  category?: Category[];

  @ApiPropertyOptional({
    description: 'The lowest category accepted (C gives A, B and C)',
    enum: CATEGORIES,
  })
  @IsOptional()
  @IsIn(CATEGORIES, { message: 'minCategory must be one of A, B, C, D, E' })
  minCategory?: Category;

  @ApiPropertyOptional({ description: 'County number(s), e.g. `46` for Vestland', isArray: true })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COUNTY_CODES.length)
  @IsIn(COUNTY_CODES, { each: true, message: 'county must be a county number such as "03" (Oslo)' })
  county?: string[];

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS, { message: 'gender must be female or male' })
  gender?: Gender;

  @ApiPropertyOptional({
    description: 'Offers any of these modalities',
    enum: MODALITIES,
    isArray: true,
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MODALITIES.length)
  @IsIn(MODALITIES, { each: true, message: 'modality must be one of on_site, video, phone' })
  modality?: Modality[];

  @ApiPropertyOptional({
    description: 'Has any of these availabilities',
    enum: AVAILABILITIES,
    isArray: true,
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AVAILABILITIES.length)
  @IsIn(AVAILABILITIES, {
    each: true,
    message: 'availability must be one of full_time, part_time, occasional',
  })
  availability?: Availability[];

  @ApiPropertyOptional({
    description: 'Name (case- and accent-insensitive) or interpreter number',
    example: 'odegard',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
