// The demo shop's one script: a button that reopens the lightbox template once the buyer closed
// it. It calls only the widget's public API (Payline.Api) and writes no HTML.
'use strict';

document.getElementById('show-widget')?.addEventListener('click', () => {
  window.Payline?.Api.show();
});
