import { Module } from '@nestjs/common';
import { ERROR_PAGES } from '../common/error-pages.js';
import { AssetsController } from './assets.controller.js';
import { WebErrorPages } from './error-pages.js';
import { Pages } from './pages.js';
import { WebRenderer } from './web.renderer.js';

@Module({
  controllers: [AssetsController],
  providers: [WebRenderer, Pages, { provide: ERROR_PAGES, useClass: WebErrorPages }],
  exports: [WebRenderer, Pages, ERROR_PAGES],
})
export class WebModule {}
