import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's top-level assets/ folder. This file runs from src/http/views (tsx) or from
 * dist/http/views (built): both sit three levels under the package root, where assets/ ships.
 */
export const ASSETS_DIR = fileURLToPath(new URL('../../../assets/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface Asset {
  body: Buffer;
  contentType: string;
  /** Strong validator: the content hash, which also names the file. */
  etag: string;
}

/**
 * One folder of assets/, read and hashed once at start-up. Each file is served as
 * `{mountPath}/{name}.{hash}{ext}`: a new content is a new URL, so a browser may keep a file for a
 * year without ever asking again, and a deploy never serves a stale stylesheet under a new page.
 */
export class AssetBundle {
  private constructor(
    /** Where the files are served, e.g. `/assets/checkout`. */
    readonly mountPath: string,
    private readonly hashedNames: ReadonlyMap<string, string>,
    private readonly files: ReadonlyMap<string, Asset>,
  ) {}

  /** Reads `assets/{folder}` (flat: one page's few files); a missing folder or an unknown file type fails the start. */
  static async load(folder: string, mountPath: string, root = ASSETS_DIR): Promise<AssetBundle> {
    const dir = join(root, folder);
    const hashedNames = new Map<string, string>();
    const files = new Map<string, Asset>();
    for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile())) {
      const ext = extname(entry.name);
      const contentType = CONTENT_TYPES[ext];
      if (!contentType)
        throw new Error(`assets/${folder}/${entry.name}: no content type for ${ext || 'a file without extension'}`);
      const body = await readFile(join(dir, entry.name));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 8);
      const hashed = `${entry.name.slice(0, -ext.length)}.${hash}${ext}`;
      hashedNames.set(entry.name, hashed);
      files.set(hashed, { body, contentType, etag: `"${hash}"` });
    }
    return new AssetBundle(mountPath.replace(/\/+$/, ''), hashedNames, files);
  }

  /** `page.css` → `page.3f2a1b9c.css`; a name the folder does not have is a programming error. */
  fileName(name: string): string {
    const hashed = this.hashedNames.get(name);
    if (!hashed) throw new Error(`no asset ${name} under ${this.mountPath}`);
    return hashed;
  }

  /** The absolute path a page links to: `/assets/checkout/page.3f2a1b9c.css`. */
  url(name: string): string {
    return `${this.mountPath}/${this.fileName(name)}`;
  }

  /** The file served under a hashed name, if it is one of this bundle's. */
  get(hashedName: string): Asset | undefined {
    return this.files.get(hashedName);
  }
}
