import type { SimulatorPanel } from '../../payments/simulate-payer.js';
import { TokenForm } from './checkout-document.js';
import type { Texts } from './i18n.js';

/** The buttons and the simulator's phone; for a contract on the real Payconiq, why there are none. */
export function SimulatorPanelSection({ panel, token, t }: { panel: SimulatorPanel; token: string; t: Texts }) {
  if (panel.kind === 'real-partner') {
    return (
      <section class="simulator" aria-label={t.simulator}>
        <h2>{t.simulator}</h2>
        <p data-testid="simulator-payconiq">{t.simulatorPayconiq.replace('{host}', panel.host)}</p>
      </section>
    );
  }
  return (
    <section class="simulator" aria-label={t.simulator}>
      <h2>{t.simulator}</h2>
      <p>{t.simulatorHelp}</p>
      <div class="simulator-actions">
        <TokenForm action="/v2/simulator/pay" token={token}>
          <button class="pay" type="submit" data-testid="make-payment">
            {t.pay}
          </button>
        </TokenForm>
        <TokenForm action="/v2/simulator/abort" token={token}>
          <button class="abort" type="submit" data-testid="abort">
            {t.abort}
          </button>
        </TokenForm>
      </div>
      {panel.phoneUrl && (
        <p>
          <a data-testid="simulator-phone" href={panel.phoneUrl} target="_blank" rel="noopener">
            {t.simulatorPhone}
          </a>
        </p>
      )}
    </section>
  );
}
