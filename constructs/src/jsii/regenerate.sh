#!/usr/bin/env bash
# Regenerates the Java binding of index.ts (package io.flinkstack.constructs.bridge) with jsii-srcmak,
# as `cdk8s import` does for its bindings. Run it after editing index.ts or upgrading cdk8s; commit the
# result. The npm versions of cdk8s and constructs must match the Maven ones in the root pom.xml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../.." && pwd)
cdk8s=$(sed -n 's:.*<cdk8s.version>\(.*\)</cdk8s.version>.*:\1:p' "$module/../pom.xml")
constructs=$(sed -n 's:.*<constructs.version>\(.*\)</constructs.version>.*:\1:p' "$module/../pom.xml")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent jsii-srcmak@0.1.1369 "cdk8s@$cdk8s" "constructs@$constructs"
./node_modules/.bin/jsii-srcmak "$here" --dep node_modules/cdk8s --dep node_modules/constructs \
  --java-outdir out --java-package io.flinkstack.constructs.bridge
rm -rf "$module/src/main/java/io/flinkstack/constructs/bridge" "$module/src/main/resources/io/flinkstack/constructs/bridge"
cp -r out/src/main/java/io/flinkstack/constructs/bridge "$module/src/main/java/io/flinkstack/constructs/"
mkdir -p "$module/src/main/resources/io/flinkstack/constructs"
cp -r out/src/main/resources/io/flinkstack/constructs/bridge "$module/src/main/resources/io/flinkstack/constructs/"
echo "regenerated io.flinkstack.constructs.bridge from $here/index.ts (cdk8s $cdk8s, constructs $constructs)"
