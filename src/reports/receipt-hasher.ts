import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  dummyVerify,
  hashReceiptCode,
  prepareDummyHash,
  verifyReceiptCode,
} from './receipt-code.js';

/**
 * The slow hash of receipt codes (argon2id, see receipt-code.ts) as a
 * provider, so a test can count what a lookup costs: a code the index finds
 * costs one `verify`, a code it does not find one `dummyVerify`, the same
 * work against a hash no code matches.
 */
@Injectable()
export class ReceiptHasher implements OnModuleInit {
  /** Makes the dummy hash at start-up, so even the first miss costs one verify only. */
  async onModuleInit(): Promise<void> {
    await prepareDummyHash();
  }

  hash(code: string): Promise<string> {
    return hashReceiptCode(code);
  }

  verify(code: string, storedHash: string): Promise<boolean> {
    return verifyReceiptCode(code, storedHash);
  }

  dummyVerify(code: string): Promise<false> {
    return dummyVerify(code);
  }
}
