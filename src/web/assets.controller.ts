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

  /** Refreshes the QR code on the digital card before it expires (the page works without it). */
  @Get('my-card.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  myCardScript(): string {
    return this.renderer.myCardScript;
  }
}
