import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWsdl, type ServiceName } from '../../src/http/soap/wsdl.js';

/**
 * The Payline reference data (WSDL 4.77, the Java SDK's SOAP fixtures) lives outside the repo in
 * ../shared/reference/payline and is LGPL: tests read it in place and never copy it. A public clone
 * has no ../shared: the tests that need the data skip with `REFERENCE_MISSING` as their reason.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PAYLINE_REFERENCE_DIR = resolve(REPO_ROOT, '../shared/reference/payline');
export const SOAP_SAMPLES_DIR = join(PAYLINE_REFERENCE_DIR, 'soap-samples');

/** The skip reason of a test that needs the reference data, or undefined when it is here. */
export const REFERENCE_MISSING: string | undefined = existsSync(PAYLINE_REFERENCE_DIR)
  ? undefined
  : `needs the Payline reference data in ${PAYLINE_REFERENCE_DIR} (licensed, not in the repository; CI has it)`;

export const referenceWsdlPath = (service: string) => join(PAYLINE_REFERENCE_DIR, `${service}.wsdl`);

export const readReferenceWsdl = (service: string) => readFileSync(referenceWsdlPath(service), 'utf8');

/**
 * The WSDL answers are checked against: Payline's 4.77 when the reference data is here, else the one
 * this gateway serves — which test/wsdl-compat.test.ts proves equal to Payline's wherever the
 * reference data is (always in CI).
 */
export const schemaWsdl = (service: ServiceName) =>
  REFERENCE_MISSING ? renderWsdl(service, 'http://localhost') : readReferenceWsdl(service);

/**
 * Request envelopes (`*Request*.xml`) under soap-samples/<dir>, as paths relative to soap-samples, sorted; none without
 * the reference data.
 */
export function requestSamples(dir: string): string[] {
  if (REFERENCE_MISSING) return [];
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/Request.*\.xml$/.test(entry.name)) found.push(relative(SOAP_SAMPLES_DIR, path));
    }
  };
  walk(join(SOAP_SAMPLES_DIR, dir));
  return found.sort();
}

export const readSample = (relPath: string) => readFileSync(join(SOAP_SAMPLES_DIR, relPath), 'utf8');
