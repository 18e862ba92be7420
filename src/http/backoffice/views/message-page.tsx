import type { ComponentChildren } from 'preact';
import { AdminPage, type Chrome } from './layout.js';

/** An error or notice page: its title, one paragraph, a way on. */
export function MessagePage({
  chrome,
  title,
  message,
  testId,
  children,
}: {
  chrome: Chrome;
  title: string;
  message: string;
  testId: string;
  children?: ComponentChildren;
}) {
  return (
    <AdminPage chrome={chrome} title={title}>
      <p data-testid={testId}>{message}</p>
      {children}
      <p>
        <a href="/admin/">{chrome.t.back}</a>
      </p>
    </AdminPage>
  );
}
