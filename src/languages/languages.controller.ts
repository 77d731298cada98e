import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LanguageDto } from './dto/language.dto.js';
import { LanguagesService } from './languages.service.js';
import { Public } from '../auth/public.decorator.js';

@ApiTags('register')
@Public()
@Controller('api/languages')
export class LanguagesController {
  constructor(private readonly languages: LanguagesService) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Every language, with the number of active entries per category' })
  @ApiOkResponse({ type: [LanguageDto] })
  list(): Promise<LanguageDto[]> {
    return this.languages.listWithCounts();
  }
}
