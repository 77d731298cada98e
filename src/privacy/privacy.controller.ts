import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../audit/actor.js';
import { CurrentActor } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.js';
import { PrivacyService } from './privacy.service.js';

/** The signed-in person's access request: everything held about them, as a JSON download. */
@ApiTags('privacy')
@Roles('interpreter')
@Controller('api/me/export')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get()
  @ApiProduces('application/json')
  @ApiOperation({
    summary: 'Download everything the register holds about me (access request, GDPR art. 15)',
    description:
      'Always the caller’s own data. The format is described in docs/privacy.md; the download is audited (privacy.exported).',
  })
  async export(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const now = new Date();
    const data = await this.privacy.exportFor(actor, now);
    const date = now.toISOString().slice(0, 10);
    void reply
      .status(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="tolkeregister-innsyn-${date}.json"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(JSON.stringify(data, null, 2));
  }
}
