#!/usr/bin/env bash
# Runs the example agent (src/main/java/io/synod/examples/ExampleAgent.java) against a Synod
# cluster, building it first if needed:
#   examples/run-agent.sh --bootstrap localhost:9092 --tenant acme --agent w1 [--prefer approve] [--key w1.key]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/synod-examples.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/../sdk/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "Building the example agent (mvn package, tests skipped)..." >&2
  (cd "$here/.." && mvn -q -B -ntp -pl examples -am -DskipTests package) >&2
fi
exec java ${SYNOD_JAVA_OPTS:-} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod -cp "$jar:$here/target/lib/*" io.synod.examples.ExampleAgent "$@"
