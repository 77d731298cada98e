import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tolkeregister:public';

/**
 * Marks a route (or a whole controller) as open to anyone without signing in.
 * Every route without it is refused by the global access guard.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
