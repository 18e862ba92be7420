import type { BoLanguage } from './i18n.js';

/** The notifications pages' and the signature section's texts, in French and English. */
const en = {
  title: 'Notifications',
  intro:
    'Every attempt to notify the merchant’s server, newest first. A notification is retried every minute for two hours until the server answers HTTP 200.',
  period: 'Period',
  from: 'From',
  to: 'To (included)',
  type: 'Type',
  anyType: 'Any type',
  outcome: 'Outcome',
  anyOutcome: 'Any outcome',
  delivered: 'Delivered',
  failed: 'Failed',
  pending: 'Still pending',
  httpStatus: 'HTTP status',
  reference: 'Token or transaction id',
  pointOfSale: 'Point of sale',
  anyPointOfSale: 'All points of sale',
  filter: 'Filter',
  noAttempts: 'No attempt matches.',
  when: 'When',
  what: 'Notification',
  url: 'URL',
  status: 'HTTP',
  duration: 'Duration',
  result: 'Result',
  answer: 'Answer',
  signed: 'Signed',
  older: 'Older attempts',
  ms: (n: number) => `${n} ms`,
  sendAgain: 'Send again',
  sendAgainOf: (id: string) => `Send notification ${id} again`,
  queued: 'The notification is queued: it will be sent again within moments.',
  alreadyPending: 'This notification is already waiting to be sent; nothing more was queued.',
  statusNow: {
    pending: 'pending',
    delivered: 'delivered',
    skipped: 'skipped (result fetched)',
    abandoned: 'abandoned',
  } as Record<string, string>,
  notificationNow: 'Now',
  ofPayment: 'Notifications of this payment',
  noNotifications: 'No notification for this payment.',
  nextAttempt: (at: string) => `next attempt ${at}`,
  // signatures (point of sale page)
  signingTitle: 'Notification signatures',
  signingHelp:
    'Optional. When on, each notification carries Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) the merchant’s server can verify. Payline modules expect unsigned notifications: leave it off for them.',
  signingOff: 'Off: notifications are not signed.',
  signingOn: (since: string) => `On since ${since}.`,
  previousStill: (until: string) => `The previous secret also signs until ${until}.`,
  createSecret: 'Create a signing secret',
  rotateSecret: 'Rotate the secret',
  removeSecret: 'Stop signing',
  newSecret: 'The signing secret. Copy it now: it is not shown again.',
  rotatedSecret:
    'The new signing secret. Copy it now: it is not shown again. The previous one keeps signing beside it for 24 hours.',
};

export type NotificationTexts = typeof en;

const fr: NotificationTexts = {
  title: 'Notifications',
  intro:
    'Chaque tentative de notification du serveur du marchand, de la plus récente à la plus ancienne. Une notification est réessayée chaque minute pendant deux heures jusqu’à ce que le serveur réponde HTTP 200.',
  period: 'Période',
  from: 'Du',
  to: 'Au (inclus)',
  type: 'Type',
  anyType: 'Tous les types',
  outcome: 'Résultat',
  anyOutcome: 'Tous les résultats',
  delivered: 'Remise',
  failed: 'Échec',
  pending: 'Encore en attente',
  httpStatus: 'Statut HTTP',
  reference: 'Jeton ou identifiant de transaction',
  pointOfSale: 'Point de vente',
  anyPointOfSale: 'Tous les points de vente',
  filter: 'Filtrer',
  noAttempts: 'Aucune tentative ne correspond.',
  when: 'Quand',
  what: 'Notification',
  url: 'URL',
  status: 'HTTP',
  duration: 'Durée',
  result: 'Résultat',
  answer: 'Réponse',
  signed: 'Signée',
  older: 'Tentatives plus anciennes',
  ms: (n: number) => `${n} ms`,
  sendAgain: 'Renvoyer',
  sendAgainOf: (id: string) => `Renvoyer la notification ${id}`,
  queued: 'La notification est en file : elle sera renvoyée dans quelques instants.',
  alreadyPending: 'Cette notification attend déjà d’être envoyée ; rien de plus n’a été mis en file.',
  statusNow: {
    pending: 'en attente',
    delivered: 'remise',
    skipped: 'ignorée (résultat déjà lu)',
    abandoned: 'abandonnée',
  },
  notificationNow: 'Maintenant',
  ofPayment: 'Notifications de ce paiement',
  noNotifications: 'Aucune notification pour ce paiement.',
  nextAttempt: (at: string) => `prochaine tentative ${at}`,
  signingTitle: 'Signature des notifications',
  signingHelp:
    'Facultatif. Activée, chaque notification porte les en-têtes Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) que le serveur du marchand peut vérifier. Les modules Payline attendent des notifications non signées : laissez-la désactivée pour eux.',
  signingOff: 'Désactivée : les notifications ne sont pas signées.',
  signingOn: (since: string) => `Activée depuis le ${since}.`,
  previousStill: (until: string) => `Le secret précédent signe aussi jusqu’au ${until}.`,
  createSecret: 'Créer un secret de signature',
  rotateSecret: 'Renouveler le secret',
  removeSecret: 'Ne plus signer',
  newSecret: 'Le secret de signature. Copiez-le maintenant : il ne sera plus affiché.',
  rotatedSecret:
    'Le nouveau secret de signature. Copiez-le maintenant : il ne sera plus affiché. L’ancien continue de signer à côté pendant 24 heures.',
};

const TEXTS: Record<BoLanguage, NotificationTexts> = { en, fr };

export const notificationTexts = (lang: BoLanguage): NotificationTexts => TEXTS[lang];

/** An attempt's time, to the second (attempts a minute apart must be told apart). */
export function formatAttemptTime(lang: BoLanguage, at: Date): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-BE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(at);
}
