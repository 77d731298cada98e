import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { PopulationModule } from '../population/population.module.js';
import { WebModule } from '../web/web.module.js';
import { AccountController } from './account.controller.js';
import { ApiTokensController } from './api-tokens.controller.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import { ApiTokensService } from './api-tokens.service.js';
import { BearerStrategy } from './bearer.strategy.js';
import { AuthController } from './auth.controller.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { MeController } from './me.controller.js';
import { OidcService } from './oidc.service.js';
import { SessionPurgeService } from './session-purge.service.js';
import { SignInService } from './sign-in.service.js';
import { SessionStrategy } from './session.strategy.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [PassportModule, WebModule, InterpretersModule, PopulationModule],
  controllers: [AuthController, AccountController, MeController, ApiTokensController],
  providers: [
    OidcService,
    SessionsService,
    SessionPurgeService,
    SignInService,
    UsersService,
    SessionStrategy,
    ApiTokensService,
    BearerStrategy,
    UsersRepository,
    SessionsRepository,
    LoginAttemptsRepository,
    ApiTokensRepository,
  ],
  exports: [OidcService, SessionsService, UsersService],
})
export class AuthModule {}
