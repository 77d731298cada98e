import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORIES,
  type Category,
  EVIDENCE_KINDS,
  type EvidenceKind,
} from '../../register/category.js';
import { EEA_AND_SWITZERLAND } from '../application-rules.js';

const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/;

export class EvidenceInputDto {
  @ApiPropertyOptional({
    nullable: true,
    description: 'null for the TAO course, which holds for every language',
  })
  @IsOptional()
  @Matches(LANGUAGE_CODE)
  languageCode: string | null = null;

  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @ApiProperty({ example: '2023-06-15' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Length(10, 10)
  obtainedOn: string;

  @ApiPropertyOptional({ nullable: true, example: 'OsloMet' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  issuer: string | null = null;

  @ApiPropertyOptional({
    nullable: true,
    enum: EEA_AND_SWITZERLAND,
    description: 'For a qualification from another EEA state or Switzerland: where it was issued',
  })
  @IsOptional()
  @IsIn(EEA_AND_SWITZERLAND)
  issuingCountry: string | null = null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description: 'A diploma or test result uploaded to this application (POST …/documents)',
  })
  @IsOptional()
  @IsUUID()
  documentId: string | null = null;
}

/** What an applicant may change in their draft. Status, category and the like are never taken from a client. */
export class DraftInputDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email: string | null = null;

  @ApiPropertyOptional({ nullable: true, example: '+47 912 34 567' })
  @IsOptional()
  @Matches(/^\+?[0-9 ]{8,19}$/)
  phone: string | null = null;

  @ApiPropertyOptional({ enum: ['nb', 'en'], description: 'The language of letters and e-mails' })
  @IsOptional()
  @IsIn(['nb', 'en'])
  lang: 'nb' | 'en' = 'nb';

  @ApiPropertyOptional({
    nullable: true,
    description: 'Only used when the population register gives no county (protected address)',
  })
  @IsOptional()
  @Matches(/^[0-9]{2}$/)
  countyCode: string | null = null;

  @ApiProperty({ type: [String], example: ['ara', 'fra'] })
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE_CODE, { each: true })
  languages: string[] = [];

  @ApiProperty({ type: [EvidenceInputDto] })
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => EvidenceInputDto)
  evidence: EvidenceInputDto[] = [];
}

export class StartApplicationDto {
  @ApiPropertyOptional({ enum: ['nb', 'en'] })
  @IsOptional()
  @IsIn(['nb', 'en'])
  lang: 'nb' | 'en' = 'nb';
}

export class MessageDto {
  @ApiProperty({ maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  message: string;
}

export class EvidenceAssessmentDto {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty() @IsBoolean() accepted: boolean;
}

export class LanguageDecisionDto {
  @ApiProperty() @Matches(LANGUAGE_CODE) languageCode: string;

  @ApiProperty({ enum: ['approved', 'rejected'] })
  @IsIn(['approved', 'rejected'])
  outcome: 'approved' | 'rejected';

  @ApiPropertyOptional({ enum: CATEGORIES, nullable: true })
  @IsOptional()
  @IsIn(CATEGORIES)
  category: Category | null = null;

  @ApiPropertyOptional({ nullable: true, maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reasons: string | null = null;
}

export class DecisionInputDto {
  @ApiProperty({
    type: [EvidenceAssessmentDto],
    description: 'Every piece of evidence, accepted or not',
  })
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => EvidenceAssessmentDto)
  evidence: EvidenceAssessmentDto[];

  @ApiProperty({ type: [LanguageDecisionDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => LanguageDecisionDto)
  languages: LanguageDecisionDto[];
}

export class QueueQueryDto {
  @ApiPropertyOptional({
    enum: [
      'open',
      'submitted',
      'in_review',
      'awaiting_applicant',
      'appealed',
      'decided',
      'forwarded',
      'withdrawn',
    ],
  })
  @IsOptional()
  @IsIn([
    'open',
    'submitted',
    'in_review',
    'awaiting_applicant',
    'appealed',
    'decided',
    'forwarded',
    'withdrawn',
  ])
  status: string = 'open';

  @ApiPropertyOptional() @IsOptional() @Matches(LANGUAGE_CODE) language?: string;

  @ApiPropertyOptional({ description: 'Only my cases' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: string;

  @ApiPropertyOptional({ description: 'Only cases submitted at least this many days ago' })
  @IsOptional()
  @Matches(/^[0-9]{1,4}$/)
  olderThanDays?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(/^[1-9][0-9]{0,4}$/) page?: string;
}
