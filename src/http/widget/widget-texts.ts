import { texts, type Language } from '../checkout/i18n.js';

/** What the widget says beyond the hosted page's texts (which it reuses: one wording per language). */
const WIDGET_TEXTS = {
  en: {
    choose: 'Choose your payment method',
    payAmount: 'Pay {amount}',
    payconiq: 'Payconiq by Bancontact',
    scanned: 'Scanned: confirm the payment in your app',
    connectionLost: 'Connection lost, trying again…',
    close: 'Close',
    cancelPayment: 'Cancel the payment',
    redirecting: 'Back to the shop in {seconds} s',
    paymentError: 'The payment could not be started, please try again',
  },
  fr: {
    choose: 'Choisissez votre moyen de paiement',
    payAmount: 'Payer {amount}',
    payconiq: 'Payconiq by Bancontact',
    scanned: 'Scanné : confirmez le paiement dans votre app',
    connectionLost: 'Connexion perdue, nouvel essai…',
    close: 'Fermer',
    cancelPayment: 'Annuler le paiement',
    redirecting: 'Retour à la boutique dans {seconds} s',
    paymentError: "Le paiement n'a pas pu démarrer, veuillez réessayer",
  },
  nl: {
    choose: 'Kies uw betaalmethode',
    payAmount: '{amount} betalen',
    payconiq: 'Payconiq by Bancontact',
    scanned: 'Gescand: bevestig de betaling in uw app',
    connectionLost: 'Verbinding verbroken, nieuwe poging…',
    close: 'Sluiten',
    cancelPayment: 'Betaling annuleren',
    redirecting: 'Terug naar de winkel over {seconds} s',
    paymentError: 'De betaling kon niet starten, probeer opnieuw',
  },
  de: {
    choose: 'Wählen Sie Ihre Zahlungsart',
    payAmount: '{amount} bezahlen',
    payconiq: 'Payconiq by Bancontact',
    scanned: 'Gescannt: Bestätigen Sie die Zahlung in Ihrer App',
    connectionLost: 'Verbindung unterbrochen, neuer Versuch…',
    close: 'Schließen',
    cancelPayment: 'Zahlung abbrechen',
    redirecting: 'Zurück zum Shop in {seconds} s',
    paymentError: 'Die Zahlung konnte nicht gestartet werden, bitte erneut versuchen',
  },
} satisfies Record<Language, Record<string, string>>;

export type WidgetTexts = ReturnType<typeof texts> & (typeof WIDGET_TEXTS)['en'];

export function widgetTexts(lang: Language): WidgetTexts {
  return { ...texts(lang), ...WIDGET_TEXTS[lang] };
}
