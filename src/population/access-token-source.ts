/**
 * Where the population register client gets its bearer token. In production
 * this will be Maskinporten (a signed JWT grant for the scope
 * `folkeregister:deling/offentligmedhjemmel`, tokens cached until shortly
 * before they expire): a later adapter of this port. Today the token comes
 * from the configuration.
 */
export abstract class AccessTokenSource {
  abstract token(): Promise<string>;
}

/** A fixed token from FOLKEREGISTER_TOKEN (a test environment, a gateway that swaps it). */
export class StaticTokenSource extends AccessTokenSource {
  constructor(private readonly value: string) {
    super();
    if (value.trim() === '') throw new Error('StaticTokenSource needs a token');
  }

  token(): Promise<string> {
    return Promise.resolve(this.value);
  }
}
