import { Module } from '@nestjs/common';
import { ERROR_PAGES } from '../common/error-pages.js';
import { AssetsController } from './assets.controller.js';
import { WebErrorPages } from './error-pages.js';
import { MyPageLinks } from './my-page-links.js';
import { Pages } from './pages.js';
import { WebRenderer } from './web.renderer.js';

@Module({
  controllers: [AssetsController],
  providers: [WebRenderer, Pages, MyPageLinks, { provide: ERROR_PAGES, useClass: WebErrorPages }],
  exports: [WebRenderer, Pages, MyPageLinks, ERROR_PAGES],
})
export class WebModule {}
