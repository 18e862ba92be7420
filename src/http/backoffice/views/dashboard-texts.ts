import type { BoLanguage } from '../i18n.js';
import { alphabeticCurrency, currencyExponent } from '../../../domain/money.js';

/** The dashboard's own texts (French and English), kept next to its pages. */
const en = {
  periodLabel: 'Period',
  periodDays: (n: number) => `${n} days`,
  utcNote: (from: string, to: string) =>
    `From ${from} to ${to}. Days are UTC days; each payment counts on the day it was created.`,
  managerNote: 'Figures of your points of sale only.',
  noFiguresHelp: 'Your profile does not show transactions. The configuration:',
  summaryTitle: 'The period',
  payments: 'Payments',
  finished: 'Finished',
  accepted: 'Accepted',
  abandoned: 'Abandoned',
  acceptanceRate: 'Acceptance rate',
  abandonmentRate: 'Abandonment rate',
  acceptedAmount: 'Accepted amount',
  inProgress: (n: number) => `${n} still in progress`,
  ofFinished: 'of finished payments',
  noAmount: 'No accepted payment in the period.',
  definitions:
    'Accepted: the buyer paid (result 00000). Abandoned: the buyer left without paying — cancelled (02008), or the payment delay ran out with the payment page open (02324) or never opened (02534). Both rates are of the payments that have finished; refused payments, a merchant’s cancels and errors count in the finished ones only.',
  chartPayments: 'Payments per day',
  chartAmount: (currency: string) => `Accepted amount per day (${currency})`,
  chartRates: 'Acceptance and abandonment rates per day',
  chartBarsDesc: (days: number, from: string, to: string, total: string, peak: string, peakDay: string) =>
    `Bar chart of ${days} UTC days from ${from} to ${to}: ${total} in all; highest ${peak}, on ${peakDay}. The figures are in the table below.`,
  chartBarsEmpty: (days: number, from: string, to: string) =>
    `Bar chart of ${days} UTC days from ${from} to ${to}: nothing in the period.`,
  chartRatesDesc: (days: number, from: string, to: string, accepted: string, abandoned: string) =>
    `Line chart of ${days} UTC days from ${from} to ${to}, 0 to 100%: acceptance rate ${accepted} and abandonment rate ${abandoned} over the period. Days without a finished payment have no point. The figures are in the table below.`,
  paymentsOn: (day: string, n: number) => `${day}: ${n} payment${n === 1 ? '' : 's'}`,
  amountOn: (day: string, amount: string) => `${day}: ${amount}`,
  noRate: 'none',
  tableSummary: 'The figures, day by day',
  day: 'Day (UTC)',
  glanceTitle: 'At a glance',
  notificationsTitle: 'Notifications to the merchant',
  pendingNotifications: 'Waiting to be sent',
  retryingNotifications: 'Being retried after a failure',
  abandonedNotifications: 'Given up in the period',
  failedDeliveries: 'Latest failed deliveries',
  noFailedDeliveries: 'No failed delivery.',
  createdAt: 'Queued at',
  type: 'Type',
  status: 'Status',
  attempts: 'Attempts',
  lastError: 'Last error',
  url: 'URL',
  statusRetrying: 'retrying',
  statusAbandoned: 'given up',
  partnerTitle: 'Partner errors',
  partnerCalls: 'Failed partner calls in the period',
  partnerSessions: 'Payments they concern',
  partnerEnded: 'Payments ended in a partner error (02106, 02012)',
  latestPartnerErrors: 'Latest failed calls',
  noPartnerErrors: 'No failed partner call.',
  at: 'At',
  orderRef: 'Order reference',
  step: 'Step',
  error: 'Error',
  httpStatus: 'HTTP status',
  partnerCode: 'Partner code',
  steps: {
    'partner-create': 'creating the payment',
    poll: 'asking its status',
    'partner-cancel': 'cancelling at expiry',
  } as Record<string, string>,
};

export type DashboardTexts = typeof en;

const fr: DashboardTexts = {
  periodLabel: 'Période',
  periodDays: (n) => `${n} jours`,
  utcNote: (from, to) =>
    `Du ${from} au ${to}. Les jours sont des jours UTC ; chaque paiement compte le jour de sa création.`,
  managerNote: 'Chiffres de vos points de vente seulement.',
  noFiguresHelp: 'Votre profil ne montre pas les transactions. La configuration :',
  summaryTitle: 'La période',
  payments: 'Paiements',
  finished: 'Terminés',
  accepted: 'Acceptés',
  abandoned: 'Abandonnés',
  acceptanceRate: 'Taux d’acceptation',
  abandonmentRate: 'Taux d’abandon',
  acceptedAmount: 'Montant accepté',
  inProgress: (n) => `${n} encore en cours`,
  ofFinished: 'des paiements terminés',
  noAmount: 'Aucun paiement accepté sur la période.',
  definitions:
    'Accepté : l’acheteur a payé (résultat 00000). Abandonné : l’acheteur est parti sans payer — annulation (02008), ou délai de paiement écoulé, page de paiement ouverte (02324) ou jamais ouverte (02534). Les deux taux portent sur les paiements terminés ; les refus, les annulations du commerçant et les erreurs ne comptent que parmi les terminés.',
  chartPayments: 'Paiements par jour',
  chartAmount: (currency) => `Montant accepté par jour (${currency})`,
  chartRates: 'Taux d’acceptation et d’abandon par jour',
  chartBarsDesc: (days, from, to, total, peak, peakDay) =>
    `Histogramme de ${days} jours UTC, du ${from} au ${to} : ${total} en tout ; au plus ${peak}, le ${peakDay}. Les chiffres sont dans le tableau ci-dessous.`,
  chartBarsEmpty: (days, from, to) => `Histogramme de ${days} jours UTC, du ${from} au ${to} : rien sur la période.`,
  chartRatesDesc: (days, from, to, accepted, abandoned) =>
    `Courbes de ${days} jours UTC, du ${from} au ${to}, de 0 à 100 % : taux d’acceptation ${accepted} et taux d’abandon ${abandoned} sur la période. Les jours sans paiement terminé n’ont pas de point. Les chiffres sont dans le tableau ci-dessous.`,
  paymentsOn: (day, n) => `${day} : ${n} paiement${n > 1 ? 's' : ''}`,
  amountOn: (day, amount) => `${day} : ${amount}`,
  noRate: 'aucun',
  tableSummary: 'Les chiffres, jour par jour',
  day: 'Jour (UTC)',
  glanceTitle: 'En un coup d’œil',
  notificationsTitle: 'Notifications au commerçant',
  pendingNotifications: 'En attente d’envoi',
  retryingNotifications: 'Réessayées après un échec',
  abandonedNotifications: 'Abandonnées sur la période',
  failedDeliveries: 'Derniers envois en échec',
  noFailedDeliveries: 'Aucun envoi en échec.',
  createdAt: 'Créée le',
  type: 'Type',
  status: 'État',
  attempts: 'Essais',
  lastError: 'Dernière erreur',
  url: 'URL',
  statusRetrying: 'réessayée',
  statusAbandoned: 'abandonnée',
  partnerTitle: 'Erreurs du partenaire',
  partnerCalls: 'Appels au partenaire en échec sur la période',
  partnerSessions: 'Paiements concernés',
  partnerEnded: 'Paiements terminés sur une erreur du partenaire (02106, 02012)',
  latestPartnerErrors: 'Derniers appels en échec',
  noPartnerErrors: 'Aucun appel au partenaire en échec.',
  at: 'Le',
  orderRef: 'Référence de commande',
  step: 'Étape',
  error: 'Erreur',
  httpStatus: 'Statut HTTP',
  partnerCode: 'Code du partenaire',
  steps: {
    'partner-create': 'création du paiement',
    poll: 'demande de son état',
    'partner-cancel': 'annulation à l’expiration',
  },
};

const TEXTS: Record<BoLanguage, DashboardTexts> = { en, fr };

export const dashboardTexts = (lang: BoLanguage): DashboardTexts => TEXTS[lang];

const locale = (lang: BoLanguage) => (lang === 'fr' ? 'fr-BE' : 'en-GB');

export const currencyName = (currency: number) => alphabeticCurrency(currency) ?? String(currency);

/** An amount in minor units, with its currency's exponent. */
export function formatAmount(lang: BoLanguage, currency: number, minor: number, compact = false): string {
  const code = alphabeticCurrency(currency);
  const exponent = currencyExponent(currency);
  const options: Intl.NumberFormatOptions = code
    ? { style: 'currency', currency: code }
    : { minimumFractionDigits: exponent, maximumFractionDigits: exponent };
  if (compact) Object.assign(options, { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 });
  const text = new Intl.NumberFormat(locale(lang), options).format(minor / 10 ** exponent);
  return code ? text : `${text} (${currency})`;
}

export const formatCount = (lang: BoLanguage, n: number) => new Intl.NumberFormat(locale(lang)).format(n);

export const formatRate = (lang: BoLanguage, rate: number | undefined, none: string) =>
  rate === undefined
    ? none
    : new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(rate);

/** A UTC day (`YYYY-MM-DD`) as a short date: 2 Dec, 2 déc. */
export function formatDay(lang: BoLanguage, day: string, withYear = false): string {
  return new Intl.DateTimeFormat(locale(lang), {
    day: 'numeric',
    month: 'short',
    ...(withYear && { year: 'numeric' }),
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
