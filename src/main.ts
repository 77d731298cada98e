import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.factory.js';
import type { AppConfig, AuthConfig } from './config/configuration.js';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const settings = app.get(ConfigService);
  const config = settings.getOrThrow<AppConfig>('app');
  const { publicBaseUrl } = settings.getOrThrow<AuthConfig>('auth');
  await app.listen({ port: config.port, host: config.host });
  // Sign-in returns to the public address, so that is the one to open.
  app
    .getHttpAdapter()
    .getInstance()
    .log.info(`Tolkeregister listening on ${config.host}:${config.port}; open ${publicBaseUrl}`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
