import type { AccessKeyInfo, Contract, Merchant, PointOfSale } from '../domain/merchant.js';

export interface ContractWithContext {
  contract: Contract;
  pointOfSale: PointOfSale;
  merchant: Merchant;
}

/** An access key as it is stored: its description and the hash of the clear key. */
export interface StoredAccessKey {
  info: AccessKeyInfo;
  keyHash: string;
}

/** What a new merchant starts with, written with it or not at all. */
export interface MerchantSetup {
  pointsOfSale?: PointOfSale[];
  /** On the points of sale above. */
  contracts?: Contract[];
  accessKeys?: StoredAccessKey[];
}

/**
 * The merchants' configuration: merchants, their points of sale, their contracts and their access
 * keys. A write that takes a key already taken (merchant id, point of sale label, contract number)
 * throws DuplicateKeyError.
 */
export interface MerchantConfiguration {
  /** Stores the merchant and its `setup` in one database transaction. */
  createMerchant(m: Merchant, setup?: MerchantSetup): Promise<void>;
  getMerchant(id: string): Promise<Merchant | undefined>;
  findDemoMerchant(): Promise<Merchant | undefined>;
  listMerchants(): Promise<Merchant[]>;
  /** Company and trade name (the id and the demo flag never change). */
  updateMerchant(m: Pick<Merchant, 'id' | 'companyName' | 'tradeName'>): Promise<boolean>;
  createPointOfSale(p: PointOfSale): Promise<void>;
  /** Label, payment delay and notification URL of the merchant's point of sale `p.id`. */
  updatePointOfSale(p: PointOfSale): Promise<boolean>;
  listPointsOfSale(merchantId: string): Promise<PointOfSale[]>;
  createContract(c: Contract): Promise<void>;
  /** Everything but the merchant, the number and the card code, which name the contract. */
  updateContract(c: Contract): Promise<boolean>;
  listContracts(merchantId: string): Promise<Contract[]>;
  findContract(merchantId: string, contractNumber: string): Promise<ContractWithContext | undefined>;
  addAccessKey(key: AccessKeyInfo, keyHash: string): Promise<void>;
  listAccessKeys(merchantId: string): Promise<AccessKeyInfo[]>;
  revokeAccessKey(merchantId: string, keyId: string, at: Date): Promise<boolean>;
  relabelAccessKey(merchantId: string, keyId: string, label: string): Promise<boolean>;
  /** Hashes of the merchant's keys that are not revoked. */
  activeKeyHashes(merchantId: string): Promise<string[]>;
}
