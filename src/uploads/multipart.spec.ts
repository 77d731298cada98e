import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import { AcceptsUploads } from './multipart.js';

const RATE_LIMITED = { rateLimit: { timeWindow: '1 minute' } };

class Controller {
  @AcceptsUploads()
  plain(): void {}

  @AcceptsUploads()
  @RouteConfig(RATE_LIMITED)
  limited(): void {}
}

const config = (method: 'plain' | 'limited'): unknown =>
  Reflect.getMetadata(
    FASTIFY_ROUTE_CONFIG_METADATA,
    Object.getOwnPropertyDescriptor(Controller.prototype, method)!.value as object,
  );

describe('@AcceptsUploads()', () => {
  it('marks the route in its Fastify config, which the upload gate reads', () => {
    expect(config('plain')).toEqual({ acceptsUploads: true });
  });

  it('keeps a @RouteConfig below it (a rate limit)', () => {
    expect(config('limited')).toEqual({ ...RATE_LIMITED, acceptsUploads: true });
  });
});
