import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** The route's pattern, e.g. `/admin/merchants/:merchantId/account`. */
  url: string;
}

/** Methods that change nothing: everything else must pass the back-office's form checks. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route the running gateway has, read from Fastify's own route tree (`printRoutes`, one
 * node a line, indented four columns a level, its methods in brackets): a route added by any
 * plugin is listed without anyone updating a test.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const prefixes: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^([\s│]*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!node) continue;
    const depth = node[1]!.length / 4;
    prefixes.length = depth;
    const url = prefixes.join('') + node[2]!;
    prefixes.push(node[2]!);
    for (const method of node[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}

/** The back-office's routes that change state (every method but GET, HEAD, OPTIONS). */
export function adminWriteRoutes(app: FastifyInstance): RegisteredRoute[] {
  return registeredRoutes(app).filter((r) => r.url.startsWith('/admin') && !SAFE_METHODS.has(r.method));
}

/** A route's URL with its parameters filled in (`:merchantId` → values.merchantId); unknown ones get a made-up id. */
export function fillRoute(url: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? `unknown-${name}`));
}

/** A value for every field any back-office form reads, so that a form let through would change something. */
export function everyFormField(word: string): Record<string, string> {
  return {
    companyName: word,
    tradeName: word,
    label: word,
    description: word,
    displayName: word,
    comment: word,
    paymentDelayMinutes: '5',
    notificationUrl: 'https://evil.example/n',
    email: `${word.toLowerCase()}@evil.example`,
    profile: 'merchant-admin',
    password: `${word} password 12`,
    confirm: `${word} password 12`,
    code: '123456',
    contractNumber: word.toUpperCase(),
    cardCode: 'PAYCONIQ_MNXT',
    currency: '978',
    partnerContractId: word.toUpperCase(),
    active: 'on',
    disabled: 'on',
    amount: '1',
  };
}
