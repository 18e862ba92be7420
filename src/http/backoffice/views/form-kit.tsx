import type { ComponentChildren } from 'preact';
import type { FieldProblem } from '../../../backoffice/errors.js';
import type { BoTexts } from '../i18n.js';

export type Problems = Readonly<Record<string, FieldProblem>>;
/** What the user typed, sent back into the form it came from. */
export type Values = Readonly<Record<string, unknown>>;

/** A form posting to the back-office, with the session's synchronizer token. */
export function PostForm({
  action,
  csrf,
  children,
  class: className,
  testId,
}: {
  action: string;
  csrf: string;
  children: ComponentChildren;
  class?: string;
  testId?: string;
}) {
  return (
    <form method="post" action={action} class={className} data-testid={testId}>
      <input type="hidden" name="_csrf" value={csrf} />
      {children}
    </form>
  );
}

export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function problemText(t: BoTexts, problem: FieldProblem): string {
  const text = t.problems[problem.code] ?? t.problems['invalid']!;
  return problem.detail ? `${text.replace(/\.$/, '')} (${problem.detail}).` : text;
}

/** At the top of a rejected form: says so, and links to each field at fault. */
export function ProblemSummary({
  t,
  problems,
  labels,
}: {
  t: BoTexts;
  problems?: Problems | undefined;
  labels: Record<string, string>;
}) {
  const entries = Object.entries(problems ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert" data-testid="problem-summary">
      <p>{t.problemsSummary}</p>
      <ul>
        {entries.map(([name, problem]) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`}>{labels[name] ?? name}</a>: {problemText(t, problem)}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  t: BoTexts;
  name: string;
  label: string;
  required?: boolean;
  help?: string | undefined;
  problems?: Problems | undefined;
}

/** The label, help and problem of a field, wired to its control by id and aria-describedby. */
function FieldFrame({
  t,
  name,
  label,
  required,
  help,
  problems,
  children,
}: FieldProps & { children: ComponentChildren }) {
  const id = fieldId(name);
  const problem = problems?.[name];
  return (
    <div class={problem ? 'field field-invalid' : 'field'}>
      <label for={id}>
        {label}
        {required && (
          <>
            {' '}
            <span class="required" aria-hidden="true">
              *
            </span>
            <span class="visually-hidden"> ({t.required})</span>
          </>
        )}
      </label>
      {children}
      {help && (
        <p class="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {problem && (
        <p class="problem" id={`${id}-problem`} data-testid={`problem-${name}`}>
          {problemText(t, problem)}
        </p>
      )}
    </div>
  );
}

const describedBy = (name: string, help: string | undefined, problems: Problems | undefined) =>
  [help && `${fieldId(name)}-help`, problems?.[name] && `${fieldId(name)}-problem`].filter(Boolean).join(' ') ||
  undefined;

export function TextField(
  props: FieldProps & {
    value?: unknown;
    type?: 'text' | 'email' | 'password' | 'url' | 'number';
    autocomplete?: string;
    inputMode?: 'numeric' | 'decimal' | 'text' | 'email' | 'url';
    placeholder?: string | undefined;
    maxLength?: number;
  },
) {
  const { name, problems, help } = props;
  const value = typeof props.value === 'string' || typeof props.value === 'number' ? String(props.value) : '';
  return (
    <FieldFrame {...props}>
      <input
        id={fieldId(name)}
        name={name}
        // Preact types each input type apart; the attributes used here suit all of them.
        type={(props.type ?? 'text') as 'text'}
        value={props.type === 'password' ? undefined : value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputMode}
        placeholder={props.placeholder}
        maxlength={props.maxLength}
        aria-invalid={problems?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, help, problems)}
      />
    </FieldFrame>
  );
}

export function SelectField(
  props: FieldProps & { value?: unknown; options: readonly { value: string; label: string }[] },
) {
  const { name, problems, help } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={fieldId(name)}
        name={name}
        required={props.required}
        aria-invalid={problems?.[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, help, problems)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={String(props.value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({
  t,
  name,
  label,
  checked,
  help,
  problems,
}: Omit<FieldProps, 'required'> & { checked: boolean }) {
  const id = fieldId(name);
  return (
    <div class="field field-check">
      <input
        type="checkbox"
        id={id}
        name={name}
        value="on"
        checked={checked}
        aria-describedby={describedBy(name, help, problems)}
      />
      <label for={id}>{label}</label>
      {help && (
        <p class="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {problems?.[name] && (
        <p class="problem" id={`${id}-problem`}>
          {problemText(t, problems[name])}
        </p>
      )}
    </div>
  );
}

/** Several checkboxes of one repeated field, in a fieldset. */
export function CheckboxGroup({
  t,
  name,
  legend,
  options,
  checked,
  help,
  problems,
}: {
  t: BoTexts;
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
  help?: string;
  problems?: Problems | undefined;
}) {
  const id = fieldId(name);
  return (
    <fieldset class={problems?.[name] ? 'field field-invalid' : 'field'} id={id} data-field={name}>
      <legend>{legend}</legend>
      {help && <p class="help">{help}</p>}
      {options.map((o) => (
        <div class="field-check" key={o.value}>
          <input
            type="checkbox"
            id={`${id}-${o.value}`}
            name={name}
            value={o.value}
            checked={checked.includes(o.value)}
          />
          <label for={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
      {problems?.[name] && (
        <p class="problem" data-testid={`problem-${name}`}>
          {problemText(t, problems[name])}
        </p>
      )}
    </fieldset>
  );
}

export function Notice({
  kind,
  children,
  testId,
}: {
  kind: 'info' | 'success' | 'warning' | 'error';
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <div
      class={`notice notice-${kind}`}
      role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

/** A value shown once (an access key, recovery codes): selectable, in a monospace box. */
export function Secret({ value, testId }: { value: string; testId: string }) {
  return (
    <p class="secret">
      <code data-testid={testId}>{value}</code>
    </p>
  );
}
