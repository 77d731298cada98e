import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import {
  type CommitteeCaseView,
  type CommitteeReferralSummary,
  CommitteeService,
} from './committee.service.js';
import { AdviceDto, DeclarationDto } from './dto/committee.dto.js';

const ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** The advisory committee's API: referrals, declarations of conflict, the redacted case, advice. */
@ApiTags('committee')
@Roles('committee_member')
@Controller('api/committee/referrals')
export class CommitteeController {
  constructor(private readonly committee: CommitteeService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The open referrals I may see',
    description:
      'A member sees every open referral, a deputy only those on which a member has declared a conflict; no seat, none. No content: declare first.',
  })
  list(@CurrentActor() actor: Actor): Promise<CommitteeReferralSummary[]> {
    return this.committee.referrals(actor);
  }

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The referred case, redacted (after declaring no conflict)',
    description:
      '409 DECLARATION_REQUIRED before declaring, 403 CONFLICTED after declaring a conflict, 404 for a referral not visible to me. Audited (report.committee_read).',
  })
  read(@Param('id', ID) id: string, @CurrentActor() actor: Actor): Promise<CommitteeCaseView> {
    return this.committee.read(actor, id);
  }

  @Post(':id/declaration')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Declare whether I have a conflict of interest in the case (once)',
  })
  async declare(
    @Param('id', ID) id: string,
    @Body() dto: DeclarationDto,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.committee.declare(actor, id, dto);
  }

  @Post(':id/advice')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Give my advice on the referral (once; 409 ADVICE_EXISTS after)' })
  advise(
    @Param('id', ID) id: string,
    @Body() dto: AdviceDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ id: string }> {
    return this.committee.advise(actor, id, dto.text);
  }
}
