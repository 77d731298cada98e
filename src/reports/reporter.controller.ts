import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import {
  NewReportDto,
  ReceiptCodeDto,
  ReporterMessageDto,
  ReporterViewDto,
  ReportStatisticsDto,
  SubmittedReportDto,
} from './dto/report.dto.js';
import { ReceiptGate } from './receipt-gate.js';
import {
  ReportIntakeService,
  type ReporterView,
  type ReportStatistics,
  type SubmittedReport,
} from './report-intake.service.js';
import { TooManyAttemptsError } from './reports.errors.js';

/** Runs `work`; a TooManyAttemptsError leaves with its Retry-After header. */
export async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TooManyAttemptsError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    throw error;
  }
}

/**
 * The reporter's API (issue #11): send a report, and with the receipt code
 * alone read the case's dialogue and answer. Public; the receipt code goes
 * in the body only, never in a URL.
 */
@ApiTags('reports')
@Public()
@Controller('api')
export class ReporterController {
  constructor(
    private readonly intake: ReportIntakeService,
    private readonly gate: ReceiptGate,
  ) {}

  @Post('reports')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Report an interpreter',
    description:
      'Anonymous unless a name is given. Answers with the case number and the receipt code, ' +
      'shown once: the code is never stored in clear and cannot be recovered.',
  })
  @ApiCreatedResponse({ type: SubmittedReportDto })
  @ApiTooManyRequestsResponse({ description: 'Too many reports from this client (Retry-After)' })
  submit(
    @Body() dto: NewReportDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubmittedReport> {
    return withRetryAfter(reply, () =>
      this.intake.submit(dto, [], this.gate.clientKey(request.ip)),
    );
  }

  @Post('reports/follow-up')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Read your report’s case with its receipt code',
    description:
      'The status, the deadlines, the dialogue with the directorate and the steps shown to the reporter. ' +
      'A wrong code is 404 RECEIPT_CODE_UNKNOWN; too many wrong codes 429 TOO_MANY_ATTEMPTS with Retry-After.',
  })
  @ApiOkResponse({ type: ReporterViewDto })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong codes (Retry-After)' })
  followUp(
    @Body() dto: ReceiptCodeDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReporterView> {
    return withRetryAfter(reply, () =>
      this.intake.view({ code: dto.receiptCode, client: this.gate.clientKey(request.ip) }),
    );
  }

  @Post('reports/messages')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Answer the directorate with your receipt code' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong codes (Retry-After)' })
  async write(
    @Body() dto: ReporterMessageDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await withRetryAfter(reply, () =>
      this.intake.write(
        { code: dto.receiptCode, client: this.gate.clientKey(request.ip) },
        dto.text,
        [],
      ),
    );
  }

  @Get('statistics/reports')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'Report statistics: per year received, by duty, outcomes, handling time',
    description: 'From anonymous facts only; no personal data.',
  })
  @ApiOkResponse({ type: ReportStatisticsDto })
  statistics(): Promise<ReportStatistics> {
    return this.intake.statistics();
  }
}
