import { ApiProperty } from '@nestjs/swagger';

export class CategoryCountsDto {
  @ApiProperty() A: number;
  @ApiProperty() B: number;
  @ApiProperty() C: number;
  @ApiProperty() D: number;
  @ApiProperty() E: number;
}

export class LanguageStatisticsDto {
  @ApiProperty() code: string;
  @ApiProperty() nameNb: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() entries: number;
  @ApiProperty() interpreters: number;
  @ApiProperty({ type: CategoryCountsDto }) byCategory: CategoryCountsDto;
}

export class CountyStatisticsDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() entries: number;
  @ApiProperty() interpreters: number;
}

export class HighlyQualifiedDto {
  @ApiProperty({ description: 'Active entries in categories A–D' }) entries: number;
  @ApiProperty({ description: 'Share of all active entries, 0–1', example: 0.5744 }) share: number;
}

export class StatisticsDto {
  @ApiProperty() generatedAt: string;
  @ApiProperty({ description: 'Active register entries' }) entries: number;
  @ApiProperty({ description: 'Unique persons with at least one active entry' }) persons: number;
  @ApiProperty({ description: 'Languages with at least one active entry' }) languages: number;
  @ApiProperty({ type: CategoryCountsDto }) byCategory: CategoryCountsDto;
  @ApiProperty({ type: HighlyQualifiedDto }) highlyQualified: HighlyQualifiedDto;
  @ApiProperty({ type: [LanguageStatisticsDto] }) byLanguage: LanguageStatisticsDto[];
  @ApiProperty({ type: [CountyStatisticsDto] }) byCounty: CountyStatisticsDto[];
}
