import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { ApiTokensService } from './api-tokens.service.js';
import type { SignedInUser } from './users.service.js';

/** Passport strategy "bearer": `Authorization: Bearer trk_…` for API clients. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly tokens: ApiTokensService) {
    super();
  }

  async validate(token: string): Promise<SignedInUser | false> {
    return (await this.tokens.resolve(token)) ?? false;
  }
}
