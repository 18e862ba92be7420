/*
 * The hosted payment page's live status without reloading: polls the session's status, follows the
 * buyer to the shop once the result is final, reloads once the partner payment (its QR code) is
 * ready, and counts down to the expiry. A file, not inline, so the CSP needs no inline script.
 */
(() => {
  const box = document.querySelector('[data-status-url]');
  if (!box) return;
  const url = box.getAttribute('data-status-url');
  const expiresAt = Date.parse(box.getAttribute('data-expires-at'));
  const countdown = document.querySelector('[data-testid="countdown"]');
  const tick = () => {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    if (countdown) countdown.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
  };
  tick();
  setInterval(tick, 1000);
  let wasPreparing = !document.querySelector('[data-testid="qr"]');
  const poll = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (res.ok) {
        const s = await res.json();
        if (s.final && s.exitUrl) {
          window.location.replace(s.exitUrl);
          return;
        }
        if (wasPreparing && s.paymentLink) {
          wasPreparing = false;
          window.location.reload();
          return;
        }
        box.setAttribute('data-result-code', s.resultCode);
      }
    } catch {
      /* network hiccup: try again */
    }
    setTimeout(poll, 2000);
  };
  setTimeout(poll, 2000);
})();
