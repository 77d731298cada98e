import { Controller, Get, Header, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InterpreterPageDto, InterpreterProfileDto } from './dto/interpreter-profile.dto.js';
import { SearchInterpretersQuery } from './dto/search-interpreters.query.js';
import { StatisticsDto } from './dto/statistics.dto.js';
import { RegisterService } from './register.service.js';
import { StatisticsService, statisticsToCsv } from './statistics.service.js';
import { Public } from '../auth/public.decorator.js';

@ApiTags('register')
@Public()
@Controller('api')
export class RegisterController {
  constructor(
    private readonly register: RegisterService,
    private readonly statistics: StatisticsService,
  ) {}

  @Get('interpreters')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Search the register',
    description:
      'Interpreters with at least one active entry matching every filter, best category first, then by name.',
  })
  @ApiOkResponse({ type: InterpreterPageDto })
  search(@Query() query: SearchInterpretersQuery): Promise<InterpreterPageDto> {
    return this.register.search(query);
  }

  @Get('interpreters/:interpreterNumber')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "An interpreter's public profile" })
  @ApiOkResponse({ type: InterpreterProfileDto })
  profile(
    @Param('interpreterNumber', new ParseIntPipe({ errorHttpStatusCode: 404 }))
    interpreterNumber: number,
  ): Promise<InterpreterProfileDto> {
    return this.register.profile(interpreterNumber);
  }

  @Get('statistics')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Register statistics: entries by category, language and county' })
  @ApiOkResponse({ type: StatisticsDto })
  statisticsJson(): Promise<StatisticsDto> {
    return this.statistics.compute();
  }

  @Get('statistics.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="tolkeregister-statistikk.csv"')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The same statistics as CSV (one row per figure)' })
  @ApiProduces('text/csv')
  async statisticsCsv(): Promise<string> {
    return statisticsToCsv(await this.statistics.compute());
  }
}
