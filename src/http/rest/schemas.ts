/** JSON schemas of the REST API: they validate requests and generate the OpenAPI document. */
const text = (maxLength: number) => ({ type: 'string', maxLength });
const amount = { type: 'integer', minimum: 0, maximum: 999_999_999_999 };

const result = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    code: { type: 'string', pattern: '^\\d{5}$' },
    detail: { type: 'string' },
    partnerCode: { type: 'string' },
  },
  required: ['title', 'code', 'detail'],
};

export const errorResponse = {
  type: 'object',
  description: 'A refused request: the Payline result code and why',
  properties: { result },
  required: ['result'],
};

export const sessionCreateBody = {
  type: 'object',
  properties: {
    pointOfSaleReference: {
      ...text(50),
      description: 'Label of the point of sale; its Payconiq contract pays when paymentMethodIDs is absent',
    },
    paymentMethod: {
      type: 'object',
      properties: {
        paymentMethodIDs: {
          type: 'array',
          items: text(50),
          minItems: 1,
          maxItems: 25,
          description: 'The first one is the contract number',
        },
      },
    },
    order: {
      type: 'object',
      properties: {
        reference: text(50),
        amount,
        currency: text(3),
        date: text(40),
        country: text(2),
        taxes: amount,
      },
    },
    payment: {
      type: 'object',
      properties: {
        paymentType: { type: 'string', enum: ['ONE_OFF', 'INSTALLMENT', 'RECURRING'] },
        capture: { type: 'string', enum: ['AUTOMATIC', 'MANUAL', 'DEFERRED'] },
        amount,
        softDescriptor: text(64),
      },
    },
    buyer: {
      type: 'object',
      properties: {
        id: text(50),
        title: text(10),
        firstName: text(100),
        lastName: text(100),
        email: text(150),
        mobile: text(30),
      },
    },
    returnURL: text(255),
    cancelURL: text(255),
    notificationURL: text(255),
    languageCode: text(6),
    privateData: { type: 'object', additionalProperties: text(255), maxProperties: 100 },
  },
  examples: [
    {
      pointOfSaleReference: 'DemoShop',
      paymentMethod: { paymentMethodIDs: ['PAYCONIQFP'] },
      order: { reference: 'ORDER-42', amount: 1000, currency: 'EUR', country: 'BE' },
      payment: { paymentType: 'ONE_OFF', capture: 'AUTOMATIC', amount: 1000 },
      buyer: { firstName: 'John', lastName: 'Doe' },
      returnURL: 'https://shop.example/return',
      cancelURL: 'https://shop.example/cancel',
      notificationURL: 'https://shop.example/notify',
    },
  ],
};

export const sessionCreated = {
  type: 'object',
  properties: { result, sessionId: { type: 'string' }, redirectURL: { type: 'string' } },
  required: ['result', 'sessionId', 'redirectURL'],
};

export const sessionDetails = {
  type: 'object',
  properties: {
    result,
    sessionId: { type: 'string' },
    transactions: { type: 'array', items: { type: 'object', additionalProperties: true } },
    order: { type: 'object', additionalProperties: true },
    buyer: { type: 'object', additionalProperties: true },
    privateData: { type: 'object', additionalProperties: { type: 'string' } },
    expiresAt: { type: 'string', format: 'date-time' },
  },
  required: ['result', 'sessionId', 'transactions'],
};

export const transactionDetails = {
  type: 'object',
  properties: {
    result,
    transaction: { type: 'object', additionalProperties: true },
    order: { type: 'object', additionalProperties: true },
    buyer: { type: 'object', additionalProperties: true },
    privateData: { type: 'object', additionalProperties: { type: 'string' } },
    associatedTransactions: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  required: ['result', 'transaction', 'associatedTransactions'],
};
