import type { ResultCode } from './result-codes.js';

/** A payment or refund as the bank sees it; a web session's final result carries one. */
export interface Transaction {
  id: string;
  merchantId: string;
  token?: string | undefined;
  contractNumber: string;
  /** AUTHOR+CAP: a web payment's final result; REFUND: a refund of one (src/domain/refund.ts). */
  type: TransactionType;
  amount: number;
  currency: number;
  resultCode: ResultCode;
  createdAt: Date;
  softDescriptor: string;
  /** JSON text, returned verbatim in `transaction.partnerAdditionalData`. */
  partnerAdditionalData?: string | undefined;
  bankAccount?: BankAccountData | undefined;
  payerName?: string | undefined;
  /** A refund's payment (the AUTHOR+CAP transaction it gives money back on). */
  originalTransactionId?: string | undefined;
}

export type TransactionType = 'AUTHOR+CAP' | 'REFUND';

export interface BankAccountData {
  countryCode?: string | undefined;
  bankCode?: string | undefined;
  accountNumber?: string | undefined;
  key?: string | undefined;
}
