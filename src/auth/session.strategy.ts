import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { SESSION_COOKIE, SessionsService } from './sessions.service.js';
import type { SignedInUser } from './users.service.js';

/** Passport strategy "session": the user behind the session cookie, if it is alive. */
@Injectable()
export class SessionStrategy extends PassportStrategy(Strategy, 'session') {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<SignedInUser | false> {
    return (await this.sessions.resolve(request.cookies?.[SESSION_COOKIE])) ?? false;
  }
}
