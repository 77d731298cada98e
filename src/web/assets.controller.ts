import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebRenderer } from './web.renderer.js';
import { Public } from '../auth/public.decorator.js';

@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly renderer: WebRenderer) {}

  @Get('site.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  css(): string {
    return this.renderer.css;
  }
}
