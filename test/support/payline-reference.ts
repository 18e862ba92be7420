import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Payline reference data (WSDL 4.77, the Java SDK's SOAP fixtures) lives outside the repo in
 * ../shared/reference/payline and is LGPL: tests read it in place and never copy it.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PAYLINE_REFERENCE_DIR = resolve(REPO_ROOT, '../shared/reference/payline');
export const SOAP_SAMPLES_DIR = join(PAYLINE_REFERENCE_DIR, 'soap-samples');

export const referenceWsdlPath = (service: string) => join(PAYLINE_REFERENCE_DIR, `${service}.wsdl`);

export const readReferenceWsdl = (service: string) => readFileSync(referenceWsdlPath(service), 'utf8');

/** Request envelopes (`*Request*.xml`) under soap-samples/<dir>, as paths relative to soap-samples, sorted. */
export function requestSamples(dir: string): string[] {
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
