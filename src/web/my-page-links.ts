import { Injectable } from '@nestjs/common';
import type { UiLanguage } from './i18n.js';

/** A link a feature puts on /min-side for this person (its text in both languages). */
export interface MyPageLink {
  href: string;
  text: Record<UiLanguage, string>;
}

/** What a feature answers for a signed-in user: the links they should see, if any. */
export type MyPageLinkSource = (user: {
  id: string;
  roles: readonly string[];
}) => Promise<MyPageLink[]>;

/**
 * Links features add to the signed-in start page (/min-side) without the
 * page's module importing them (the dependency is inverted, as for the error
 * pages): a feature registers a source when it starts; the page asks every
 * source for the signed-in person. The reports feature links the cases
 * about an interpreter when there are any.
 */
@Injectable()
export class MyPageLinks {
  private readonly sources: MyPageLinkSource[] = [];

  add(source: MyPageLinkSource): void {
    this.sources.push(source);
  }

  async for(user: { id: string; roles: readonly string[] }): Promise<MyPageLink[]> {
    return (await Promise.all(this.sources.map((source) => source(user)))).flat();
  }
}
