/** Hosted page texts in the four languages of Belgium's Payconiq buyers and Payline's merchants. */
export type Language = 'fr' | 'nl' | 'en' | 'de';

const TEXTS = {
  en: {
    title: 'Payment',
    merchant: 'Merchant',
    amount: 'Amount',
    order: 'Order reference',
    payWith: 'Pay with Payconiq by Bancontact',
    expires: 'This payment page expires at',
    cancel: 'Cancel and return to the shop',
    simulator: 'Homologation simulator',
    simulatorHelp: 'Test environment: choose the outcome of the payment.',
    pay: 'MAKE A PAYMENT',
    abort: 'ABORT',
    back: 'Return to the shop',
    accepted: 'Payment accepted',
    cancelled: 'Payment cancelled',
    refused: 'Payment refused',
    expired: 'This payment session has expired',
    error: 'The payment could not be completed',
    unknown: 'Unknown payment session',
    pending: 'Waiting for your payment',
    scan: 'Scan this QR code with the Payconiq by Bancontact app or your banking app',
    openApp: 'Open the Payconiq by Bancontact app',
    simulatorPhone: "Scan with the simulator's phone",
    timeLeft: 'Time left',
    preparing: 'Preparing your payment…',
    simulatorPayconiq:
      'This contract is connected to Payconiq at {host}: there is no simulator to drive, pay with the Payconiq by Bancontact app.',
    simulatorUnavailable: 'The simulator at {host} did not take the action: {reason}.',
    backToPayment: 'Back to the payment',
  },
  fr: {
    title: 'Paiement',
    merchant: 'Commerçant',
    amount: 'Montant',
    order: 'Référence de commande',
    payWith: 'Payer avec Payconiq by Bancontact',
    expires: 'Cette page de paiement expire à',
    cancel: 'Annuler et revenir à la boutique',
    simulator: "Simulateur d'homologation",
    simulatorHelp: 'Environnement de test : choisissez le résultat du paiement.',
    pay: 'MAKE A PAYMENT',
    abort: 'ABORT',
    back: 'Revenir à la boutique',
    accepted: 'Paiement accepté',
    cancelled: 'Paiement annulé',
    refused: 'Paiement refusé',
    expired: 'Cette session de paiement a expiré',
    error: "Le paiement n'a pas pu aboutir",
    unknown: 'Session de paiement inconnue',
    pending: 'En attente de votre paiement',
    scan: "Scannez ce QR code avec l'app Payconiq by Bancontact ou votre app bancaire",
    openApp: "Ouvrir l'app Payconiq by Bancontact",
    simulatorPhone: 'Scanner avec le téléphone du simulateur',
    timeLeft: 'Temps restant',
    preparing: 'Préparation de votre paiement…',
    simulatorPayconiq:
      'Ce contrat est connecté à Payconiq ({host}) : pas de simulateur à piloter, payez avec l’app Payconiq by Bancontact.',
    simulatorUnavailable: 'Le simulateur ({host}) n’a pas pris l’action en compte : {reason}.',
    backToPayment: 'Revenir au paiement',
  },
  nl: {
    title: 'Betaling',
    merchant: 'Handelaar',
    amount: 'Bedrag',
    order: 'Bestelreferentie',
    payWith: 'Betalen met Payconiq by Bancontact',
    expires: 'Deze betaalpagina vervalt om',
    cancel: 'Annuleren en terug naar de winkel',
    simulator: 'Homologatiesimulator',
    simulatorHelp: 'Testomgeving: kies het resultaat van de betaling.',
    pay: 'MAKE A PAYMENT',
    abort: 'ABORT',
    back: 'Terug naar de winkel',
    accepted: 'Betaling aanvaard',
    cancelled: 'Betaling geannuleerd',
    refused: 'Betaling geweigerd',
    expired: 'Deze betaalsessie is verlopen',
    error: 'De betaling kon niet worden voltooid',
    unknown: 'Onbekende betaalsessie',
    pending: 'Wachten op uw betaling',
    scan: 'Scan deze QR-code met de Payconiq by Bancontact-app of uw bankapp',
    openApp: 'Open de Payconiq by Bancontact-app',
    simulatorPhone: 'Scannen met de telefoon van de simulator',
    timeLeft: 'Resterende tijd',
    preparing: 'Uw betaling wordt voorbereid…',
    simulatorPayconiq:
      'Dit contract is verbonden met Payconiq ({host}): er is geen simulator om te bedienen, betaal met de Payconiq by Bancontact-app.',
    simulatorUnavailable: 'De simulator ({host}) heeft de actie niet uitgevoerd: {reason}.',
    backToPayment: 'Terug naar de betaling',
  },
  de: {
    title: 'Zahlung',
    merchant: 'Händler',
    amount: 'Betrag',
    order: 'Bestellreferenz',
    payWith: 'Mit Payconiq by Bancontact bezahlen',
    expires: 'Diese Zahlungsseite läuft ab um',
    cancel: 'Abbrechen und zum Shop zurückkehren',
    simulator: 'Homologationssimulator',
    simulatorHelp: 'Testumgebung: Wählen Sie das Ergebnis der Zahlung.',
    pay: 'MAKE A PAYMENT',
    abort: 'ABORT',
    back: 'Zurück zum Shop',
    accepted: 'Zahlung akzeptiert',
    cancelled: 'Zahlung abgebrochen',
    refused: 'Zahlung abgelehnt',
    expired: 'Diese Zahlungssitzung ist abgelaufen',
    error: 'Die Zahlung konnte nicht abgeschlossen werden',
    unknown: 'Unbekannte Zahlungssitzung',
    pending: 'Warten auf Ihre Zahlung',
    scan: 'Scannen Sie diesen QR-Code mit der Payconiq by Bancontact-App oder Ihrer Banking-App',
    openApp: 'Payconiq by Bancontact-App öffnen',
    simulatorPhone: 'Mit dem Telefon des Simulators scannen',
    timeLeft: 'Verbleibende Zeit',
    preparing: 'Ihre Zahlung wird vorbereitet…',
    simulatorPayconiq:
      'Dieser Vertrag ist mit Payconiq ({host}) verbunden: Es gibt keinen Simulator zu steuern, bezahlen Sie mit der Payconiq by Bancontact-App.',
    simulatorUnavailable: 'Der Simulator ({host}) hat die Aktion nicht ausgeführt: {reason}.',
    backToPayment: 'Zurück zur Zahlung',
  },
} satisfies Record<Language, Record<string, string>>;

export type Texts = (typeof TEXTS)['en'];

/** `languageCode` of the request first (`fr`, `FR_fr`, `nl-BE`…), then the browser's Accept-Language, then English. */
export function pickLanguage(languageCode: string | undefined, acceptLanguage: string | undefined): Language {
  const candidates = [languageCode, ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0])];
  for (const c of candidates) {
    const lang = c?.trim().slice(0, 2).toLowerCase();
    if (lang && lang in TEXTS) return lang as Language;
  }
  return 'en';
}

export function texts(lang: Language): Texts {
  return TEXTS[lang];
}
