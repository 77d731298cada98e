import { Module } from '@nestjs/common';
import { LanguagesModule } from '../languages/languages.module.js';
import { RegisterModule } from '../register/register.module.js';
import { ERROR_PAGES } from '../common/error-pages.js';
import { AssetsController } from './assets.controller.js';
import { WebErrorPages } from './error-pages.js';
import { WebController } from './web.controller.js';
import { WebRenderer } from './web.renderer.js';

@Module({
  imports: [RegisterModule, LanguagesModule],
  controllers: [WebController, AssetsController],
  providers: [WebRenderer, { provide: ERROR_PAGES, useClass: WebErrorPages }],
  exports: [WebRenderer, ERROR_PAGES],
})
export class WebModule {}
