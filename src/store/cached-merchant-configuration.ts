import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from '../domain/merchant.js';
import type { ContractWithContext, MerchantConfiguration, MerchantSetup } from '../ports/merchant-configuration.js';
import type { Db } from './db.js';

/** The channel migration 10's triggers notify, with the merchant id whose configuration changed ('' = any). */
export const CONFIG_CHANNEL = 'passerelle_config';

/**
 * How long a cached read is served at most: the bound should a change ever reach the database without its
 * notification (the triggers cover every writer; this covers what they cannot foresee).
 */
export const CONFIG_CACHE_TTL_MS = 5_000;

/**
 * On PostgreSQL, while a process's listening connection is up, a committed change stops being served there once
 * the notification arrives: milliseconds on one host. This is the bound stated and tested, with room for a loaded
 * machine.
 */
export const CONFIG_CHANGE_NOTICED_MS = 1_000;

/** Past this many merchants, or keys of one merchant, the cache starts over rather than grow. */
const MAX_MERCHANTS = 10_000;
const MAX_KEYS_PER_MERCHANT = 1_000;

interface Entry {
  value: unknown;
  until: number;
}

/**
 * The merchants' configuration as a payment request reads it (its contract with point of sale and merchant, the
 * merchant's access keys, points of sale and contracts), kept in process so that a doWebPayment reads nothing but
 * what it writes.
 *
 * Every process on the database forgets a merchant's entries as soon as PostgreSQL's `NOTIFY` of a change reaches
 * it (triggers on the four tables, whoever writes: this gateway, another one, the CLI, plain SQL). On PGlite the
 * notification arrives before the writing statement returns; a write through this object is forgotten before it
 * returns on both drivers. While a process's listening connection is down nothing is cached there, and it starts
 * over once listening again. An entry is served at most CONFIG_CACHE_TTL_MS in any case.
 */
export class CachedMerchantConfiguration implements MerchantConfiguration {
  private readonly merchants = new Map<string, Map<string, Entry>>();
  /** Bumped by every change heard: a read that started before one must not store what it read. */
  private generation = 0;
  private listening = false;

  constructor(
    private readonly inner: MerchantConfiguration,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts following the database's change notifications; nothing is cached before they are followed. */
  async follow(db: Pick<Db, 'listen'>): Promise<void> {
    await db.listen(CONFIG_CHANNEL, {
      notified: (merchantId) => this.changed(merchantId || undefined),
      listening: (on) => {
        this.changed();
        this.listening = on;
      },
    });
  }

  private changed(merchantId?: string): void {
    this.generation++;
    if (merchantId === undefined) this.merchants.clear();
    else this.merchants.delete(merchantId);
  }

  private async cached<T>(
    merchantId: string,
    key: string,
    load: () => Promise<T>,
    worthKeeping: (value: T) => boolean = () => true,
  ): Promise<T> {
    const entries = this.merchants.get(merchantId);
    const hit = entries?.get(key);
    if (hit && hit.until > this.now()) return hit.value as T;
    const seen = this.generation;
    const value = await load();
    if (!this.listening || seen !== this.generation || !worthKeeping(value)) return value;
    let mine = this.merchants.get(merchantId);
    if (!mine || mine.size >= MAX_KEYS_PER_MERCHANT) {
      if (this.merchants.size >= MAX_MERCHANTS) this.merchants.clear();
      mine = new Map();
      this.merchants.set(merchantId, mine);
    }
    mine.set(key, { value, until: this.now() + CONFIG_CACHE_TTL_MS });
    return value;
  }

  /** A write of this process is forgotten here before it returns (reads under way while it ran included). */
  private async writing<T>(merchantId: string, write: () => Promise<T>): Promise<T> {
    this.changed(merchantId);
    try {
      return await write();
    } finally {
      this.changed(merchantId);
    }
  }

  findContract(merchantId: string, contractNumber: string): Promise<ContractWithContext | undefined> {
    return this.cached(merchantId, `contract:${contractNumber}`, () =>
      this.inner.findContract(merchantId, contractNumber),
    );
  }

  activeKeyHashes(merchantId: string): Promise<string[]> {
    // An unknown merchant is not kept: anyone can name one, and it would only fill the cache.
    return this.cached(
      merchantId,
      'keys',
      () => this.inner.activeKeyHashes(merchantId),
      (hashes) => hashes.length > 0,
    );
  }

  listPointsOfSale(merchantId: string): Promise<PointOfSale[]> {
    return this.cached(merchantId, 'points-of-sale', () => this.inner.listPointsOfSale(merchantId));
  }

  listContracts(merchantId: string): Promise<Contract[]> {
    return this.cached(merchantId, 'contracts', () => this.inner.listContracts(merchantId));
  }

  getMerchant(id: string): Promise<Merchant | undefined> {
    return this.inner.getMerchant(id);
  }

  findDemoMerchant(): Promise<Merchant | undefined> {
    return this.inner.findDemoMerchant();
  }

  listMerchants(): Promise<Merchant[]> {
    return this.inner.listMerchants();
  }

  listAccessKeys(merchantId: string): Promise<AccessKeyInfo[]> {
    return this.inner.listAccessKeys(merchantId);
  }

  createMerchant(m: Merchant, setup?: MerchantSetup): Promise<void> {
    return this.writing(m.id, () => this.inner.createMerchant(m, setup));
  }

  createPointOfSale(p: PointOfSale): Promise<void> {
    return this.writing(p.merchantId, () => this.inner.createPointOfSale(p));
  }

  createContract(c: Contract): Promise<void> {
    return this.writing(c.merchantId, () => this.inner.createContract(c));
  }

  addAccessKey(key: AccessKeyInfo, keyHash: string): Promise<void> {
    return this.writing(key.merchantId, () => this.inner.addAccessKey(key, keyHash));
  }

  revokeAccessKey(merchantId: string, keyId: string, at: Date): Promise<boolean> {
    return this.writing(merchantId, () => this.inner.revokeAccessKey(merchantId, keyId, at));
  }

  updateMerchant(m: Pick<Merchant, 'id' | 'companyName' | 'tradeName'>): Promise<boolean> {
    return this.writing(m.id, () => this.inner.updateMerchant(m));
  }

  updatePointOfSale(p: PointOfSale): Promise<boolean> {
    return this.writing(p.merchantId, () => this.inner.updatePointOfSale(p));
  }

  updateContract(c: Contract): Promise<boolean> {
    return this.writing(c.merchantId, () => this.inner.updateContract(c));
  }

  relabelAccessKey(merchantId: string, keyId: string, label: string): Promise<boolean> {
    return this.writing(merchantId, () => this.inner.relabelAccessKey(merchantId, keyId, label));
  }
}
