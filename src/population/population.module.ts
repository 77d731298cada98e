import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { PopulationConfig } from '../config/configuration.js';
import { InterpretersModule } from '../interpreters/interpreters.module.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { AccessTokenSource, StaticTokenSource } from './access-token-source.js';
import { FregHttpClient } from './freg-http-client.js';
import { PopulationRegister } from './population-register.js';
import { SyntheticPopulation } from './synthetic-population.js';

const settings = (config: ConfigService) => config.getOrThrow<PopulationConfig>('population');

/**
 * The National Population Register: `PopulationRegister` is the HTTP client
 * when FOLKEREGISTER_URL is set, else the synthetic population (which the
 * configuration refuses in production). `SyntheticPopulation` is provided
 * as itself too, or as null when the real register is in use, so that the
 * built-in test identity provider can offer its applicants. Imports no
 * feature that could import it back (AuthModule imports this).
 */
@Module({
  imports: [InterpretersModule],
  providers: [
    {
      provide: SyntheticPopulation,
      inject: [ConfigService, InterpretersService],
      useFactory: (config: ConfigService, interpreters: InterpretersService) =>
        settings(config).url ? null : new SyntheticPopulation(interpreters),
    },
    {
      // Maskinporten will be another source of tokens behind the same port.
      provide: AccessTokenSource,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const { url, token } = settings(config);
        return url && token ? new StaticTokenSource(token) : null;
      },
    },
    {
      provide: PopulationRegister,
      inject: [ConfigService, SyntheticPopulation, AccessTokenSource],
      useFactory: (
        config: ConfigService,
        synthetic: SyntheticPopulation | null,
        tokens: AccessTokenSource | null,
      ): PopulationRegister => {
        const population = settings(config);
        if (!population.url) return synthetic!;
        return new FregHttpClient(tokens!, {
          baseUrl: population.url,
          timeoutMs: population.timeoutMs,
          maxAttempts: population.maxAttempts,
          maxRetryWaitMs: population.maxRetryWaitMs,
        });
      },
    },
  ],
  exports: [PopulationRegister, SyntheticPopulation],
})
export class PopulationModule {}
