import { Module } from '@nestjs/common';
import { LanguagesModule } from '../languages/languages.module.js';
import { RegisterModule } from '../register/register.module.js';
import { AssetsController } from './assets.controller.js';
import { WebController } from './web.controller.js';
import { WebRenderer } from './web.renderer.js';

@Module({
  imports: [RegisterModule, LanguagesModule],
  controllers: [WebController, AssetsController],
  providers: [WebRenderer],
  exports: [WebRenderer],
})
export class WebModule {}
