import type { ResultCode } from './result-codes.js';

/** A payment or refund as the bank sees it; a web session's final result carries one. */
export interface Transaction {
  id: string;
  merchantId: string;
  token?: string | undefined;
  contractNumber: string;
  type: 'AUTHOR+CAP';
  amount: number;
  currency: number;
  resultCode: ResultCode;
  createdAt: Date;
  softDescriptor: string;
  /** JSON text, returned verbatim in `transaction.partnerAdditionalData`. */
  partnerAdditionalData?: string | undefined;
  bankAccount?: BankAccountData | undefined;
  payerName?: string | undefined;
}

export interface BankAccountData {
  countryCode?: string | undefined;
  bankCode?: string | undefined;
  accountNumber?: string | undefined;
  key?: string | undefined;
}
