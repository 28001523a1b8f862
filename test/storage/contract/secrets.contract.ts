/** The secrets port: sealed rows in, the same bytes out; names and times readable, nothing else. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SealedSecret } from '../../../src/storage/ports/index.js';
import type { ContractContext } from './factory.js';

const sealed = (name: string, keyId = 'k1'): SealedSecret => ({ name, nonce: randomBytes(12), ciphertext: randomBytes(40), tag: randomBytes(16), keyId });

export function secretsContract(ctx: ContractContext): void {
  describe(`secrets port (${ctx.backend})`, () => {
    it('creates, replaces, lists, reads back byte for byte and removes', async () => {
      const storage = await ctx.open(ctx.fresh('secrets'));
      const smtp = sealed('SMTP_PASS');
      expect(await storage.secrets.put(smtp, 1000)).toBe('created');
      expect(await storage.secrets.put(sealed('API_TOKEN'), 2000)).toBe('created');
      expect(await storage.secrets.sealed('SMTP_PASS')).toEqual(smtp);
      const replaced = sealed('SMTP_PASS', 'k2');
      expect(await storage.secrets.put(replaced, 3000)).toBe('updated');
      expect(await storage.secrets.sealed('SMTP_PASS')).toEqual(replaced);
      expect(await storage.secrets.list()).toEqual([
        { name: 'API_TOKEN', createdAt: 2000, updatedAt: 2000, keyId: 'k1' },
        { name: 'SMTP_PASS', createdAt: 1000, updatedAt: 3000, keyId: 'k2' },
      ]);
      expect((await storage.secrets.sealedAll()).map((s) => s.name).sort()).toEqual(['API_TOKEN', 'SMTP_PASS']);
      expect(await storage.secrets.sealed('NOPE')).toBeUndefined();
      expect(await storage.secrets.remove('API_TOKEN')).toBe(true);
      expect(await storage.secrets.remove('API_TOKEN')).toBe(false);
      expect((await storage.secrets.list()).map((s) => s.name)).toEqual(['SMTP_PASS']);
    });
  });
}
