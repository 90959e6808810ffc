#!/usr/bin/env bash
# Runs every benchmark into one folder: JMH microbenchmarks (jmh.json, jmh.txt), then the
# end-to-end PipelineBench (report.json, report.md with the JMH table, PNG plots, its log).
# Usage: [JMH_ARGS="-wi 0 -i 1"] bench/run.sh OUT_DIR [PipelineBench options, e.g. --quick]
# Build first: mvn -B -o -pl analyzer-runtime,bench package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/bench/target/bench.jar"
[[ $# -ge 1 ]] || { echo "usage: bench/run.sh OUT_DIR [PipelineBench options]" >&2; exit 2; }
[[ -f $jar ]] || { echo "bench.jar missing: mvn -B -o -pl analyzer-runtime,bench package -DskipTests" >&2; exit 1; }
out=$1; shift
mkdir -p "$out"
echo "start: $(date -u +%FT%TZ) $(uptime)" > "$out/load.txt"
java -Xmx1g -jar "$jar" ${JMH_ARGS:-} -rf json -rff "$out/jmh.json" > "$out/jmh.txt"
tail -n 25 "$out/jmh.txt"
echo "after JMH: $(date -u +%FT%TZ) $(uptime)" >> "$out/load.txt"
cd "$root"
java -Xmx2g -Dshared.dir="$root/../shared" -cp "$jar" io.affectanalyzer.bench.e2e.PipelineBench \
  --out "$out" "$@" 2> >(tee "$out/pipeline-bench.log" >&2)
echo "end: $(date -u +%FT%TZ) $(uptime)" >> "$out/load.txt"
