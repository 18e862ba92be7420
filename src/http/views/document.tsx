import type { ComponentChildren } from 'preact';

export interface DocumentProps {
  lang: string;
  title: string;
  /** The page's stylesheet, at its content-hashed URL (see assets.ts). */
  stylesheet: string;
  /** The page's script, if any: a file, never inline, so the CSP keeps `script-src 'self'`. */
  script?: string | undefined;
  /** A favicon URL; `data:,` stops the browser asking for /favicon.ico (the CSP's img-src must allow it). */
  icon?: string | undefined;
  children: ComponentChildren;
}

/** The `<html>` of every server-rendered page: language, phone-sized viewport, its own assets only. */
export function Document({ lang, title, stylesheet, script, icon, children }: DocumentProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {icon && <link rel="icon" href={icon} />}
        <link rel="stylesheet" href={stylesheet} />
        {script && <script src={script} defer />}
      </head>
      <body>{children}</body>
    </html>
  );
}
