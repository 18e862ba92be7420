/**
 * What a back-office use case refuses. `forbidden`: the profile does not allow it; `not-found`:
 * nothing by that name in the caller's reach (another merchant's object is not found, never
 * forbidden: its existence is not told). Transports turn them into 403 and 404 pages.
 */
export class BackOfficeError extends Error {
  constructor(
    readonly kind: 'forbidden' | 'not-found',
    message: string,
  ) {
    super(message);
    this.name = 'BackOfficeError';
  }
}

/**
 * A problem with one field of a form: a code the pages word in the user's language (`required`,
 * `too-long`…) and, for rules a connector states in its own words, its detail.
 */
export interface FieldProblem {
  code: string;
  detail?: string | undefined;
}

/** A form that cannot be taken as sent: its problems by field name, shown next to the fields. */
export class FormRejected extends Error {
  constructor(readonly problems: Readonly<Record<string, FieldProblem>>) {
    super(`invalid form: ${Object.keys(problems).join(', ')}`);
    this.name = 'FormRejected';
  }
}

export const rejectField = (field: string, code: string, detail?: string): never => {
  throw new FormRejected({ [field]: { code, detail } });
};
