import type { ComponentChildren } from 'preact';
import type { BackOfficeUser } from '../../../domain/back-office-user.js';
import { Document } from '../../views/document.js';
import { BO_LANGUAGES, boTexts, type BoLanguage, type BoTexts } from '../i18n.js';
import type { NavLink } from '../nav.js';
import { PostForm } from './form-kit.js';

export interface AdminAssets {
  stylesheet: string;
  script: string;
}

/** What every page of a request shares: language, assets, the signed-in user and their navigation. */
export interface Chrome {
  lang: BoLanguage;
  t: BoTexts;
  assets: AdminAssets;
  /** The page's own path and query (the language links come back to it). */
  path: string;
  user?: BackOfficeUser | undefined;
  csrf?: string | undefined;
  /** The merchant in view, if any. */
  merchant?: { id: string; tradeName: string } | undefined;
  nav?: { gateway: NavLink[]; merchant: NavLink[] } | undefined;
  /** The nav entry of this page. */
  current?: string | undefined;
}

function LanguageSwitch({ chrome }: { chrome: Chrome }) {
  return (
    <ul class="languages" aria-label="Language / Langue">
      {BO_LANGUAGES.map((lang) =>
        lang === chrome.lang ? (
          <li key={lang}>
            <span aria-current="true" lang={lang}>
              {boTexts(lang).languageName}
            </span>
          </li>
        ) : (
          <li key={lang}>
            <a
              href={`/admin/language/${lang}?next=${encodeURIComponent(chrome.path)}`}
              lang={lang}
              hreflang={lang}
              data-testid={`language-${lang}`}
            >
              {boTexts(lang).languageName}
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

function NavList({ links, current, label }: { links: NavLink[]; current?: string | undefined; label: string }) {
  if (links.length === 0) return null;
  return (
    <nav aria-label={label}>
      <ul class="nav">
        {links.map((l) => (
          <li key={l.key}>
            <a href={l.href} aria-current={l.key === current ? 'page' : undefined} data-testid={`nav-${l.key}`}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Every back-office page: header (user, language, sign out), navigation, then the page. */
export function AdminPage({ chrome, title, children }: { chrome: Chrome; title: string; children: ComponentChildren }) {
  const { t, user } = chrome;
  return (
    <Document
      lang={chrome.lang}
      title={`${title} · ${t.product}`}
      stylesheet={chrome.assets.stylesheet}
      script={chrome.assets.script}
      icon="data:,"
    >
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <header class="top">
        <a class="brand" href="/admin/">
          {t.product}
        </a>
        <div class="top-tools">
          <LanguageSwitch chrome={chrome} />
          {user && chrome.csrf && (
            <>
              <a href="/admin/account" data-testid="my-account">
                {t.myAccount}
                <span class="who"> ({user.email})</span>
              </a>
              <PostForm action="/admin/sign-out" csrf={chrome.csrf} class="inline">
                <button type="submit" class="link" data-testid="sign-out">
                  {t.signOut}
                </button>
              </PostForm>
            </>
          )}
        </div>
      </header>
      {chrome.nav && <NavList links={chrome.nav.gateway} current={chrome.current} label={t.nav} />}
      {chrome.nav && chrome.nav.merchant.length > 0 && (
        <div class="merchant-bar">
          {chrome.merchant && (
            <p class="merchant-name" data-testid="merchant-in-view">
              {chrome.merchant.tradeName} <span class="muted">({chrome.merchant.id})</span>
            </p>
          )}
          <NavList links={chrome.nav.merchant} current={chrome.current} label={`${t.nav}: ${t.merchant}`} />
        </div>
      )}
      <main id="main" tabindex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </Document>
  );
}
