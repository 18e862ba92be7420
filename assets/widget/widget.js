/*
 * Passerelle payment widget: a drop-in for Payline's widget-min.js (Payconiq by Bancontact).
 * Plain browser script, no dependency. It builds every element with DOM calls and writes text
 * with textContent only (no innerHTML, no eval, no inline handler or style), so it runs under a
 * strict Content-Security-Policy and Trusted Types. The payment's state lives on the gateway:
 * the script shows what the gateway's widget API answers and posts the buyer's choices.
 * Documentation: docs/widget.md.
 */
(() => {
  'use strict';

  const SELF = document.currentScript || document.querySelector('script[src*="/scripts/widget-min.js"]');
  /** The gateway this file came from: its API sits beside it, whatever the path prefix. */
  const GATEWAY =
    SELF && SELF.src ? SELF.src.replace(/\/(cdn\/)?scripts\/widget-min\.js([?#].*)?$/, '') : location.origin;
  const API = GATEWAY + '/v2/widget/sessions/';
  const STYLE_SHEET = GATEWAY + '/styles/widget-min.css';
  const POLL_MS = { waiting: 2000, list: 10000, retry: 3000 };
  const TEMPLATES = ['column', 'tab', 'lightbox', 'shortcut'];
  const TICKET_KIND = {
    PAYMENT_SUCCESS: 'success',
    PAYMENT_CANCELED: 'canceled',
    PAYMENT_FAILURE: 'failure',
    TOKEN_EXPIRED: 'expired',
  };
  const TICKET_TITLE = {
    PAYMENT_SUCCESS: 'accepted',
    PAYMENT_CANCELED: 'cancelled',
    PAYMENT_FAILURE: 'error',
    TOKEN_EXPIRED: 'expired',
  };
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // A second copy of this file (a shop that re-adds the script tag) replaces the first.
  if (window.Payline && window.Payline.Passerelle) window.Payline.Passerelle.stop();

  /* ---------------------------------------------------------------- DOM */

  /** An element with attributes (`class`, `id`, …, `on*` as listeners) and children (text or nodes). */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    return node;
  }

  /** The QR code the gateway computed, drawn as one SVG path (no image, no markup parsed). */
  function qrCode(qr) {
    const quiet = 2;
    const side = qr.size + 2 * quiet;
    let d = '';
    for (let y = 0; y < qr.size; y++) {
      for (let x = 0; x < qr.size; x++)
        if (qr.modules[y * qr.size + x] === '1') d += 'M' + (x + quiet) + ' ' + (y + quiet) + 'h1v1h-1z';
    }
    const image = svg('svg', {
      viewBox: '0 0 ' + side + ' ' + side,
      'shape-rendering': 'crispEdges',
      'aria-hidden': 'true',
      focusable: 'false',
    });
    image.append(svg('rect', { width: side, height: side, fill: '#fff' }), svg('path', { d: d, fill: '#000' }));
    return image;
  }

  /** The style sheet, when the page did not link it: first in <head>, so the merchant's rules still win. */
  function ensureStyleSheet(nonce) {
    if (document.querySelector('link[href*="/styles/widget-min.css"]')) return;
    const link = el('link', { rel: 'stylesheet', href: STYLE_SHEET, nonce: nonce || undefined });
    document.head.prepend(link);
  }

  /** Links the gateway gives are web addresses; anything else (a `javascript:` URL) is dropped. */
  const web = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : undefined);
  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  const clock = (seconds) => Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');

  const leave = (url) => {
    if (web(url)) location.assign(url);
  };

  /* ---------------------------------------------------------------- gateway */

  async function call(method, path) {
    const response = await fetch(path, {
      method: method,
      headers: { accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok)
      throw Object.assign(new Error(body.message || 'HTTP ' + response.status), {
        status: response.status,
        body: body,
      });
    return body;
  }

  /* ---------------------------------------------------------------- one widget */

  let current;
  let messageCount = 0;

  /** The widget in #PaylineWidget for one token and one template, until reset() replaces it. */
  class Widget {
    constructor(container, token, template) {
      this.container = container;
      this.token = token;
      this.template = template;
      this.view = undefined;
      this.stateName = undefined;
      this.sent = 0;
      this.applied = 0;
      this.failures = 0;
      this.timers = new Set();
      this.messages = new Map();
      this.addedClasses = [];
      this.dead = false;
      this.handledByMerchant = false;
    }

    option(name) {
      return this.container.getAttribute('data-' + name);
    }

    /** Calls the merchant's `data-event-<name>` function (a name in window scope, dots allowed). */
    fire(name, argument) {
      const path = this.option('event-' + name);
      if (!path) return undefined;
      const fn = path.split('.').reduce((scope, key) => (scope == null ? undefined : scope[key]), window);
      if (typeof fn !== 'function') {
        console.warn('Payline widget: data-event-' + name + ' names no function: ' + path);
        return undefined;
      }
      try {
        return argument === undefined ? fn() : fn(argument);
      } catch (error) {
        console.error('Payline widget: data-event-' + name + ' threw', error);
        return undefined;
      }
    }

    later(fn, ms) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.dead) fn();
      }, ms);
      this.timers.add(timer);
      return timer;
    }

    start() {
      this.fire('willinit');
      ensureStyleSheet(this.option('cspnonce') || (SELF && SELF.nonce));
      const classes = ['PaylineWidget'].concat(
        this.template === 'lightbox'
          ? ['pl-container-lightbox']
          : this.template === 'shortcut'
            ? ['pl-container-shortcut']
            : ['pl-container-default', 'pl-layout-' + this.template],
      );
      this.addedClasses = classes.filter((c) => !this.container.classList.contains(c));
      this.container.classList.add(...classes);
      this.container.hidden = false;
      this.build();
      this.fire('willshow');
      this.load('GET', '');
    }

    stop() {
      this.dead = true;
      for (const timer of this.timers) clearTimeout(timer);
      clearInterval(this.ticker);
      document.removeEventListener('keydown', this.onKey);
      this.root.remove();
      this.container.classList.remove(...this.addedClasses);
      this.container.removeAttribute('data-pl-state');
    }

    /** The frame every state is drawn in: header, messages, body; the lightbox adds its dialog. */
    build() {
      this.header = el('div', { class: 'pl-header-title-wrapper' });
      this.messageBox = el('div', { class: 'pl-messages', 'aria-live': 'polite' });
      this.body = el(
        'div',
        { class: 'pl-body', 'aria-busy': 'true' },
        el('div', { class: 'pl-spinner', role: 'progressbar' }),
      );
      if (this.template !== 'lightbox') {
        this.root = el('div', { class: 'pl-wrapper' }, [this.header, this.messageBox, this.body]);
      } else {
        this.closeButton = el('button', {
          type: 'button',
          id: 'pl-container-lightbox-close',
          class: 'pl-icon-close',
          'aria-label': 'Close',
          onclick: () => (this.container.hidden = true),
        });
        const bar = el('div', { id: 'pl-container-lightbox-header-bar' }, this.closeButton);
        this.root = el(
          'div',
          { class: 'pl-lightbox-overlay' },
          el('div', { class: 'pl-lightbox', role: 'dialog', 'aria-modal': 'true' }, [
            bar,
            this.header,
            this.messageBox,
            this.body,
          ]),
        );
        this.onKey = (event) => {
          if (event.key === 'Escape' && !this.container.hidden) this.container.hidden = true;
        };
        document.addEventListener('keydown', this.onKey);
      }
      this.container.append(this.root);
      this.ticker = setInterval(() => this.tick(), 1000);
    }

    /** One request to the widget API; only an answer newer than the one shown is applied. */
    async load(method, path) {
      const number = ++this.sent;
      try {
        const view = await call(method, API + encodeURIComponent(this.token) + path);
        if (this.dead || number <= this.applied) return view;
        this.applied = number;
        this.online();
        this.show(view);
        return view;
      } catch (error) {
        if (this.dead) return undefined;
        if (error.status === 404 || error.status === 400) {
          this.body.replaceChildren();
          this.body.removeAttribute('aria-busy');
          this.message('error', 'TOKEN_UNKNOWN', error.message);
        } else if (method === 'GET') {
          this.offline();
        } else {
          throw error;
        }
        return undefined;
      }
    }

    online() {
      this.failures = 0;
      const id = this.messages.get('CONNECTION_LOST');
      if (id) this.removeMessage(id);
    }

    offline() {
      this.failures += 1;
      if (this.failures >= 2 && !this.messages.has('CONNECTION_LOST')) {
        this.message(
          'error',
          'CONNECTION_LOST',
          this.view ? this.view.texts.connectionLost : 'Connection lost, trying again…',
        );
      }
      this.poll(POLL_MS.retry);
    }

    poll(ms) {
      clearTimeout(this.pollTimer);
      this.timers.delete(this.pollTimer);
      this.pollTimer = this.later(() => this.load('GET', ''), ms);
    }

    /** The state's name as the merchant's callbacks receive it. */
    nameOf(view) {
      return view.state === 'PAYMENT_METHODS_LIST' && this.template === 'shortcut'
        ? 'PAYMENT_METHODS_LIST_SHORTCUT'
        : view.state;
    }

    show(view) {
      if (this.view && this.view.final) return;
      const name = this.nameOf(view);
      const appeared =
        view.payment && (!this.view || !this.view.payment || this.view.payment.appLink !== view.payment.appLink);
      this.view = view;
      this.deadline = view.remainingSeconds === undefined ? undefined : Date.now() + view.remainingSeconds * 1000;
      if (view.final) return this.finish(view, name);
      this.poll(view.state === 'PAYMENT_METHODS_LIST' ? POLL_MS.list : POLL_MS.waiting);
      if (name === this.stateName && !appeared) return this.tick();
      this.stateName = name;
      this.render(view, name);
      this.fire('didshowstate', { state: name });
    }

    /**
     * A final state: the merchant may take it over (false, or endToken's handledByMerchant), else
     * the ticket, then the way back.
     */
    finish(view, name) {
      clearTimeout(this.pollTimer);
      this.stateName = name;
      const vetoed = this.fire('finalstatehasbeenreached', { state: name }) === false;
      if (vetoed || this.handledByMerchant) {
        this.header.replaceChildren();
        this.body.replaceChildren();
        this.container.setAttribute('data-pl-state', name);
        return;
      }
      if (this.option('skip-ticket') === 'true') {
        this.body.replaceChildren(el('div', { class: 'pl-spinner', role: 'progressbar' }));
        return leave(view.exitUrl);
      }
      this.render(view, name);
      this.fire('didshowstate', { state: name });
      const delay = this.option('redirect-delay');
      if (delay !== 'off') {
        const seconds = delay !== null && /^\d+$/.test(delay) ? Number(delay) : 5;
        this.redirectAt = Date.now() + seconds * 1000;
        this.tick();
        this.later(() => leave(view.exitUrl), seconds * 1000);
      }
    }

    /** Once a second: the time left to pay, the seconds before going back to the shop. */
    tick() {
      const left =
        this.deadline === undefined ? undefined : Math.max(0, Math.round((this.deadline - Date.now()) / 1000));
      for (const node of this.root.querySelectorAll('.pl-countdown'))
        node.textContent = left === undefined ? '' : clock(left);
      if (left === 0 && !this.view.final && !this.expiryAsked) {
        this.expiryAsked = true;
        this.poll(0);
      }
      const back = this.root.querySelector('.pl-ticket-redirect');
      if (back && this.redirectAt)
        back.textContent = format(this.view.texts.redirecting, {
          seconds: Math.max(0, Math.ceil((this.redirectAt - Date.now()) / 1000)),
        });
    }

    render(view, name) {
      const t = view.texts;
      this.container.setAttribute('data-pl-state', name);
      this.body.removeAttribute('aria-busy');
      const compact = name === 'PAYMENT_METHODS_LIST_SHORTCUT';
      this.header.replaceChildren(
        compact
          ? ''
          : el('div', { class: 'pl-header-title-content' }, [
              el('h4', {}, view.merchantName),
              el('p', {}, view.amount.formatted),
            ]),
      );
      if (view.state === 'PAYMENT_METHODS_LIST') this.body.replaceChildren(this.methods(view, t, compact));
      else if (view.final) this.body.replaceChildren(this.ticket(view, t, name));
      else this.body.replaceChildren(this.waiting(view, t, name));
      this.tick();
    }

    /** PAYMENT_METHODS_LIST: Payconiq and its call to action (the merchant may relabel or disable it). */
    methods(view, t, compact) {
      const custom = this.option('cta-label');
      const label = custom
        ? custom.replace(/\{\{amount\}\}|\[\[amount\]\]/g, view.amount.formatted)
        : compact
          ? t.payconiq
          : format(t.payAmount, { amount: view.amount.formatted });
      const cta = el(
        'div',
        { class: 'pl-pay-btn-container' },
        el(
          'button',
          {
            type: 'button',
            class: 'pl-pay-btn' + (compact ? ' pl-shortcut-btn' : ''),
            onclick: (event) => this.pay(event.currentTarget),
          },
          label,
        ),
      );
      if (compact) return cta;
      const brand = () => [el('span', { class: 'pl-pm-logo', 'aria-hidden': 'true' }), el('span', {}, t.payconiq)];
      if (this.template === 'tab') {
        return el('div', { class: 'pl-paymentMethods' }, [
          el(
            'div',
            { class: 'pl-tabs', role: 'tablist' },
            el('button', { type: 'button', class: 'pl-tab pl-active', role: 'tab', 'aria-selected': 'true' }, brand()),
          ),
          el('div', { class: 'pl-pmContainer pl-pm-payconiq', role: 'tabpanel' }, cta),
        ]);
      }
      return el('div', { class: 'pl-paymentMethods' }, [
        el('p', { id: 'pl-pmLayout-column-choosePMLabel', class: 'pl-choose-pm-label' }, t.choose),
        el('div', { class: 'pl-pmContainer pl-pm-payconiq' }, [el('div', { class: 'pl-pm-title' }, brand()), cta]),
      ]);
    }

    /**
     * The buyer chose Payconiq: `beforepayment` may veto (false, or a promise of false), then the
     * gateway creates the payment.
     */
    async pay(button) {
      if (this.busy) return;
      this.busy = true;
      button.setAttribute('aria-busy', 'true');
      try {
        let verdict = this.fire('beforepayment');
        if (verdict && typeof verdict.then === 'function') verdict = await verdict.catch(() => false);
        if (verdict === false || this.dead) return;
        await this.act('/payment', 'PAYMENT_NOT_STARTED', this.view.texts.paymentError);
      } finally {
        this.busy = false;
        button.removeAttribute('aria-busy');
      }
    }

    /** A POST to the gateway; what it refuses becomes a message. */
    async act(path, key, fallback) {
      try {
        return await this.load('POST', path);
      } catch (error) {
        this.message('error', key, (error.body && error.body.message) || fallback);
        return undefined;
      }
    }

    /** ACTIVE_WAITING (the QR code, the app on a phone) and PAYMENT_ONHOLD_PARTNER (scanned, confirm in the app). */
    waiting(view, t, name) {
      const payment = view.payment;
      const scan = name === 'ACTIVE_WAITING' && payment && payment.qrCode;
      const content = scan
        ? [
            el('div', { class: 'pl-qrcode', role: 'img', 'aria-label': t.scan }, qrCode(payment.qrCode)),
            el('p', { class: 'pl-scan-text' }, t.scan),
            el('a', { class: 'pl-app-link', href: web(payment.appLink) }, t.openApp),
          ]
        : [el('p', { class: 'pl-preparing' }, name === 'PAYMENT_ONHOLD_PARTNER' ? t.scanned : t.preparing)];
      return el('div', { class: 'pl-pmContainer pl-active-waiting' }, [
        el('h5', { class: 'pl-waiting-title' }, t.payWith),
        ...content,
        el('p', { class: 'pl-pending', role: 'status' }, t.pending),
        el('p', { class: 'pl-expiry' }, [t.timeLeft + ' ', el('span', { class: 'pl-countdown' })]),
        view.simulator ? this.sandbox(view.simulator, t) : '',
        el(
          'button',
          { type: 'button', class: 'pl-cancel', onclick: () => this.act('/cancel', 'CANCEL_FAILED', t.error) },
          t.cancelPayment,
        ),
      ]);
    }

    /** Homologation: the simulator's MAKE A PAYMENT / ABORT and its phone, or why a real partner has none. */
    sandbox(panel, t) {
      if (panel.kind === 'real-partner') {
        return el('div', { class: 'pl-sandbox' }, [
          el('h6', {}, t.simulator),
          el('p', {}, format(t.simulatorPayconiq, { host: panel.host })),
        ]);
      }
      const button = (choice, label) =>
        el(
          'button',
          {
            type: 'button',
            class: 'pl-sandbox-btn pl-sandbox-' + choice,
            onclick: () => this.act('/simulator/' + choice, 'SIMULATOR_REFUSED', t.error),
          },
          label,
        );
      return el('div', { class: 'pl-sandbox', role: 'group', 'aria-label': t.simulator }, [
        el('h6', {}, t.simulator),
        el('p', {}, t.simulatorHelp),
        el('div', { class: 'pl-sandbox-actions' }, [button('pay', t.pay), button('abort', t.abort)]),
        web(panel.phoneUrl)
          ? el(
              'a',
              { class: 'pl-sandbox-phone', href: web(panel.phoneUrl), target: '_blank', rel: 'noopener' },
              t.simulatorPhone,
            )
          : '',
      ]);
    }

    /** The final message; its button (the id modules click) takes the buyer back with `paylinetoken`. */
    ticket(view, t, name) {
      const row = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
      return el('div', { id: 'pl-ticket-default', class: 'pl-ticket pl-ticket-' + TICKET_KIND[name], role: 'status' }, [
        el('div', { class: 'pl-ticket-icon', 'aria-hidden': 'true' }),
        el('h5', { class: 'pl-ticket-title' }, t[TICKET_TITLE[name]]),
        el('dl', { class: 'pl-ticket-details' }, [
          ...row(t.merchant, view.merchantName),
          ...row(t.amount, view.amount.formatted),
          ...row(t.order, view.order.ref),
        ]),
        el('p', { class: 'pl-ticket-redirect' }),
        el(
          'div',
          { class: 'pl-ticket-btn-container' },
          el(
            'button',
            {
              type: 'button',
              id: 'pl-ticket-default-ticket_btn',
              class: 'pl-btn pl-ticket-btn',
              onclick: () => leave(view.exitUrl),
            },
            t.back,
          ),
        ),
      ]);
    }

    /** A message, unless `willdisplaymessage` returns false; its id is what `willremovemessage` gets. */
    message(type, key, text) {
      const id = 'pl-message-' + ++messageCount;
      if (this.fire('willdisplaymessage', { id: id, type: type, key: key, message: text }) === false) return undefined;
      const close = el('button', {
        type: 'button',
        class: 'pl-icon-close',
        'aria-label': this.view ? this.view.texts.close : 'Close',
        onclick: () => this.removeMessage(id),
      });
      this.messageBox.append(
        el('div', { id: id, class: 'pl-message pl-message-' + type, role: type === 'error' ? 'alert' : 'status' }, [
          el('span', { class: 'pl-message-text' }, text),
          close,
        ]),
      );
      this.messages.set(key, id);
      return id;
    }

    removeMessage(id) {
      if (this.fire('willremovemessage', { id: id }) === false) return false;
      const node = document.getElementById(id);
      if (node) node.remove();
      for (const [key, known] of this.messages) if (known === id) this.messages.delete(key);
      return true;
    }
  }

  /* ---------------------------------------------------------------- Payline.Api */

  const containerOf = () => document.getElementById('PaylineWidget');
  const templateOf = (value) =>
    TEMPLATES.includes(
      String(value || '')
        .trim()
        .toLowerCase(),
    )
      ? String(value).trim().toLowerCase()
      : 'lightbox';
  const view = () => (current && current.view) || undefined;

  /** (Re)starts the widget in #PaylineWidget, with this token and template when given (they are written on the div). */
  function reset(token, template) {
    const container = containerOf();
    if (!container) return console.warn('Payline widget: no element with id PaylineWidget');
    if (token) container.setAttribute('data-token', token);
    if (template) container.setAttribute('data-template', template);
    if (current) current.stop();
    current = undefined;
    const chosen = container.getAttribute('data-token');
    if (!chosen) return console.warn('Payline widget: #PaylineWidget has no data-token');
    current = new Widget(container, chosen, templateOf(container.getAttribute('data-template')));
    current.start();
  }

  function init(token, template) {
    const same =
      current &&
      !current.dead &&
      current.container === containerOf() &&
      (!token || token === current.token) &&
      (!template || templateOf(template) === current.template);
    if (same) current.container.hidden = false;
    else reset(token, template);
  }

  /**
   * Ends the token's life (the buyer's cancel when it is still open); `handledByMerchant` keeps the
   * widget from showing the end.
   */
  async function endToken(additionalData, callback, spinner, handledByMerchant) {
    const widget = current;
    let ended;
    if (widget && !widget.dead) {
      widget.handledByMerchant = handledByMerchant === true;
      if (spinner) widget.body.prepend(el('div', { class: 'pl-spinner', role: 'progressbar' }));
      ended = await widget.load('POST', '/cancel').catch(() => undefined);
    }
    if (typeof callback === 'function')
      callback(ended ? { state: widget.nameOf(ended), token: ended.token } : undefined);
    return ended && ended.state;
  }

  async function getTokenStatus(token, callback) {
    let status = 'UNKNOWN';
    try {
      status = (await call('GET', API + encodeURIComponent(token) + '/status')).status;
    } catch {
      // An unreadable or unreachable answer says nothing about the token.
    }
    if (typeof callback === 'function') callback(status);
    return status;
  }

  /** Passerelle does not let a browser change a session's amount or buyer: the merchant creates a new session. */
  function updateWebpaymentData(token, data, callback) {
    const answer = {
      status: 403,
      message:
        'Passerelle does not change a payment session from the browser: call doWebPayment again with the new data',
    };
    console.warn('Payline widget: ' + answer.message);
    if (typeof callback === 'function') setTimeout(() => callback(answer), 0);
  }

  const getBuyerShortcut = () => {
    const info = (view() && view().info) || {};
    const address = (field) => info['PaylineBuyerShippingAddress.' + field] || '';
    return {
      email: '',
      firstName: info.PaylineBuyerFirstName || '',
      lastName: info.PaylineBuyerLastName || '',
      street1: address('street1'),
      street2: address('street2'),
      zipCode: address('zipCode'),
      cityName: address('cityName'),
      country: address('country'),
    };
  };
  // Payconiq has no shortcut step to confirm (PayPal's): nothing to do, but integrations written for it keep working.
  const finalizeShortcut = () => undefined;
  const isSandbox = () => Boolean(view() && view().isSandbox);

  const Api = {
    init: init,
    reset: reset,
    show: () => {
      if (current) current.container.hidden = false;
    },
    hide: () => {
      if (current) current.container.hidden = true;
    },
    toggle: () => {
      if (current) current.container.hidden = !current.container.hidden;
    },
    endToken: endToken,
    getToken: () => (current ? current.token : undefined),
    getTokenStatus: getTokenStatus,
    getCancelAndReturnUrls: () => ({ cancelUrl: view() && view().cancelUrl, returnUrl: view() && view().returnUrl }),
    getContextInfo: (key) => (view() ? view().info[key] : undefined),
    getLanguage: () => view() && view().language,
    getOrderInfos: () => view() && Object.assign({}, view().order),
    getRecurringDetails: () => null,
    getFragmentedPaymentInfo: () => null,
    getCssIframeWhiteList: () => [],
    updateWebpaymentData: updateWebpaymentData,
    updateWebPaymentData: updateWebpaymentData,
    finalizeShortcut: finalizeShortcut,
    finalizeShortCut: finalizeShortcut,
    getBuyerShortcut: getBuyerShortcut,
    getBuyerShortCut: getBuyerShortcut,
    isSandbox: isSandbox,
    isSandBox: isSandbox,
  };

  /** What Payline's samples read through its context manager. */
  const ContextManager = {
    getCurrentContext: () => ({
      getToken: Api.getToken,
      getCancelUrl: () => view() && view().cancelUrl,
      getReturnUrl: () => view() && view().returnUrl,
      getLanguage: Api.getLanguage,
    }),
  };

  window.Payline = {
    Api: Api,
    Models: { Contexts: { ContextManager: ContextManager } },
    Passerelle: {
      gateway: GATEWAY,
      stop: () => {
        if (current) current.stop();
        current = undefined;
      },
    },
  };

  function autoInit() {
    const container = containerOf();
    if (container && container.getAttribute('data-auto-init') !== 'false' && container.getAttribute('data-token'))
      reset();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', autoInit, { once: true });
  else autoInit();
})();
