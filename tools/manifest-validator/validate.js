// Validate Teams app manifests with Microsoft's own validator (npm @microsoft/app-manifest), offline:
// it maps the manifest's $schema URL to the schema bundled in the package. Exit 0 = valid, 1 = invalid.
// Usage: node validate.js path/to/manifest.json [...]
"use strict";
const fs = require("fs");
const { AppManifestUtils } = require("@microsoft/app-manifest");

async function main(paths) {
  let failed = 0;
  for (const path of paths) {
    const manifest = JSON.parse(fs.readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
    const errors = await AppManifestUtils.validateAgainstSchema(manifest);
    if (errors.length) {
      failed += 1;
      console.error(`${path}: INVALID`);
      for (const error of errors) console.error(`  ${error}`);
    } else {
      console.log(`${path}: valid (schema ${manifest.manifestVersion})`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`validator crashed: ${error && error.message}`);
  process.exit(2);
});
