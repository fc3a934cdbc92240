// Build-time compressor: brotli and gzip bodies of files, with node's zlib (the same brotli
// library hosts use), several at a time on libuv's thread pool.
//
//   node compress.mjs JOBS_JSON
//
// JOBS_JSON: [[source, target, "br" | "gz", quality], ...]. Each target is written whole
// (to a temporary name first): checklist/authoring/precompress.py keeps them by content.

import { readFile, rename, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const deflate = promisify(gzip);

async function compress([source, target, coding, quality]) {
  const data = await readFile(source);
  const body = coding === "br"
    ? await brotli(data, { params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    } })
    : await deflate(data, { level: quality });
  await writeFile(`${target}.part`, body);
  await rename(`${target}.part`, target);
}

// In the given order (the longest first): the pool runs four at a time.
const jobs = JSON.parse(await readFile(process.argv[2], "utf-8"));
await Promise.all(jobs.map(compress));
