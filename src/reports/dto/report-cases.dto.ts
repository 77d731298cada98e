import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Type } from 'class-transformer';
import { REPORT_OUTCOMES, REPORT_STATUSES, type ReportOutcome } from '../report-types.js';
import { LIMITS, QUEUE_MAX_PAGE_SIZE } from '../report-cases.service.js';

const DATE = { strict: true, strictSeparator: true } as const;
const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/;

export class ReportQueueQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'all', ...REPORT_STATUSES], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'all', ...REPORT_STATUSES])
  status?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only cases assigned to me' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: string;

  @ApiPropertyOptional({ enum: ['overdue', 'soon'] })
  @IsOptional()
  @IsIn(['overdue', 'soon'])
  due?: 'overdue' | 'soon';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: QUEUE_MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(QUEUE_MAX_PAGE_SIZE)
  pageSize?: number;
}

export class TakeDto {
  @ApiProperty({ description: 'Whether you have a conflict of interest in this case' })
  @IsBoolean()
  conflicted: boolean;

  @ApiPropertyOptional({ maxLength: LIMITS.statement, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.statement)
  statement?: string | null;
}

export class ReportMessageDto {
  @ApiProperty({ enum: ['reporter', 'interpreter', 'internal', 'public_body'] })
  @IsIn(['reporter', 'interpreter', 'internal', 'public_body'])
  channel: 'reporter' | 'interpreter' | 'internal' | 'public_body';

  @ApiProperty({ maxLength: LIMITS.message })
  @IsString()
  @Length(1, LIMITS.message)
  text: string;

  @ApiPropertyOptional({ maxLength: LIMITS.publicBody, description: 'For channel public_body' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.publicBody)
  publicBody?: string | null;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'For channel public_body: the answer is due',
  })
  @IsOptional()
  @IsISO8601(DATE)
  @Length(10, 10)
  dueOn?: string | null;
}

export class IdentifyInterpreterDto {
  @ApiProperty({ example: 1042 })
  @IsInt()
  @Min(1)
  @Max(99_999_999)
  interpreterNumber: number;
}

export class RedactedDto {
  @ApiProperty({ maxLength: LIMITS.redacted })
  @IsString()
  @Length(1, LIMITS.redacted)
  text: string;

  @ApiPropertyOptional({
    description:
      'True to pass the account on unchanged: the handler has read it and nothing in it could identify the reporter.',
  })
  @IsOptional()
  @IsBoolean()
  nothingIdentifying?: boolean;
}

export class NotifyInterpreterDto {
  @ApiPropertyOptional({
    example: '2026-12-17',
    description: 'Default: today + REPORT_INTERPRETER_REPLY_DAYS',
  })
  @IsOptional()
  @IsISO8601(DATE)
  @Length(10, 10)
  replyBy?: string | null;
}

export class TemporaryExclusionDto {
  @ApiProperty({ example: '2027-01-31', description: 'The first day the interpreter is back' })
  @IsISO8601(DATE)
  @Length(10, 10)
  until: string;

  @ApiProperty({ maxLength: LIMITS.reasons })
  @IsString()
  @Length(1, LIMITS.reasons)
  reasons: string;
}

export class ReferralDto {
  @ApiProperty({ maxLength: LIMITS.question })
  @IsString()
  @Length(1, LIMITS.question)
  question: string;

  @ApiProperty({ example: '2027-01-15' })
  @IsISO8601(DATE)
  @Length(10, 10)
  adviceBy: string;
}

export class ReportDecisionDto {
  @ApiProperty({ enum: REPORT_OUTCOMES })
  @IsIn(REPORT_OUTCOMES)
  outcome: ReportOutcome;

  @ApiPropertyOptional({ description: 'A serious breach (counts alone for the escalation rule)' })
  @IsOptional()
  @IsBoolean()
  serious?: boolean;

  @ApiProperty({ maxLength: LIMITS.reasons })
  @IsString()
  @Length(1, LIMITS.reasons)
  reasons: string;

  @ApiPropertyOptional({
    example: '2027-06-01',
    description: 'exclusion_period: the first day back',
  })
  @IsOptional()
  @IsISO8601(DATE)
  @Length(10, 10)
  excludedUntil?: string | null;

  @ApiPropertyOptional({ example: 'ara', description: 'revocation: the language' })
  @IsOptional()
  @Matches(LANGUAGE_CODE)
  languageCode?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Lift the temporary exclusion of this case' })
  @IsOptional()
  @IsBoolean()
  liftTemporaryExclusion?: boolean;

  @ApiPropertyOptional({ enum: ['nb', 'en'], default: 'nb', description: 'The letter’s language' })
  @IsOptional()
  @IsIn(['nb', 'en'])
  letterLanguage?: 'nb' | 'en';
}

export class ReopenDto {
  @ApiProperty({ maxLength: LIMITS.message })
  @IsString()
  @Length(1, LIMITS.message)
  reason: string;
}
