import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  REPORT_DUTIES,
  REPORT_OUTCOMES,
  REPORT_STATUSES,
  type ReportDuty,
} from '../report-types.js';

/** A reporter who gives their name: a name, and an e-mail address or a phone number. */
export class ReporterIdentityDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '+47 912 34 567' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  phone?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 200,
    description: 'Their workplace or role (a nurse at a hospital, say)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string | null;
}

/**
 * A report about an interpreter. The interpreter by number (must be in the
 * register), or by name and perhaps language when the number is unknown.
 * Anonymous unless `reporter` is given with `anonymous: false`.
 */
export class NewReportDto {
  @ApiPropertyOptional({ nullable: true, example: 1042 })
  @IsOptional()
  @IsInt()
  @Min(1)
  interpreterNumber?: number | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  interpreterName?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    example: 'ara',
    description: 'A language code of the register',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  languageCode?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2026-01-15', description: 'Not in the future' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  happenedOn?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  publicBody?: string | null;

  @ApiProperty({ enum: REPORT_DUTIES, isArray: true, minItems: 1 })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(REPORT_DUTIES, { each: true })
  duties: ReportDuty[];

  @ApiProperty({ description: 'What happened: 1 to 20 000 characters', maxLength: 20_000 })
  @IsString()
  text: string;

  @ApiProperty({ description: 'true: nothing is stored about who sent it' })
  @IsBoolean()
  anonymous: boolean;

  @ApiPropertyOptional({ type: ReporterIdentityDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterIdentityDto)
  reporter?: ReporterIdentityDto | null;
}

export class ReceiptCodeDto {
  @ApiProperty({
    example: '1234 5678 9012 3456',
    description: '16 digits; spaces and dashes are ignored',
  })
  @IsString()
  @MaxLength(100)
  receiptCode: string;
}

export class ReporterMessageDto extends ReceiptCodeDto {
  @ApiProperty({ maxLength: 20_000 })
  @IsString()
  text: string;
}

export class SubmittedReportDto {
  @ApiProperty({ example: 'VAR-2026-0001' })
  caseNumber: string;
  @ApiProperty({ example: '1234 5678 9012 3456', description: 'Shown once; never stored in clear' })
  receiptCode: string;
  @ApiProperty({ example: '2026-01-22' })
  acknowledgeBy: string;
  @ApiProperty({ example: '2026-04-15' })
  feedbackBy: string;
}

class ReporterAttachmentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
}

class ReporterMessageViewDto {
  @ApiProperty({ enum: ['reporter', 'directorate'] })
  from: string;
  @ApiProperty()
  text: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
  @ApiProperty({ type: [ReporterAttachmentDto] })
  attachments: ReporterAttachmentDto[];
}

class ReporterEventDto {
  @ApiProperty({ example: 'acknowledged' })
  kind: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class ReporterViewDto {
  @ApiProperty()
  caseNumber: string;
  @ApiProperty({ enum: REPORT_STATUSES })
  status: string;
  @ApiProperty({ format: 'date-time' })
  receivedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true })
  acknowledgedAt: string | null;
  @ApiProperty()
  acknowledgeBy: string;
  @ApiProperty()
  feedbackBy: string;
  @ApiProperty({ type: [ReporterMessageViewDto] })
  messages: ReporterMessageViewDto[];
  @ApiProperty({ type: [ReporterEventDto] })
  events: ReporterEventDto[];
}

class AcknowledgedDto {
  @ApiProperty()
  due: number;
  @ApiProperty()
  inTime: number;
  @ApiProperty({ nullable: true })
  share: number | null;
}

class ReportYearDto {
  @ApiProperty()
  year: number;
  @ApiProperty()
  received: number;
  @ApiProperty({ description: `Counts by duty breached: ${REPORT_DUTIES.join(', ')}` })
  byDuty: Record<string, number>;
  @ApiProperty({ description: `Counts by outcome: ${REPORT_OUTCOMES.join(', ')}` })
  outcomes: Record<string, number>;
  @ApiProperty()
  closed: number;
  @ApiProperty({ nullable: true })
  medianHandlingDays: number | null;
  @ApiProperty({ type: AcknowledgedDto })
  acknowledgedWithin7Days: AcknowledgedDto;
}

export class ReportStatisticsDto {
  @ApiProperty({ type: [ReportYearDto] })
  years: ReportYearDto[];
}
