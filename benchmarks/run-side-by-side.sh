#!/usr/bin/env bash
# Runs the hot-path benchmarks of BENCHMARKS.md (the capture filter, build+sign, report on the in-memory outbox) on
# two builds of benchmarks.jar, one after the other for each benchmark, in one run (BENCHMARKS.md section 12):
#   benchmarks/run-side-by-side.sh BASE_JAR NEW_JAR OUT_DIR
set -euo pipefail
base=$1; new=$2; out=$3; mkdir -p "$out"
for b in 'FilterBenchmark.(baselineNoClick|qhtrackNoClick|qhtrackNoQuery|qhtrackCapture)$' \
         'SignBenchmark.qhtrackBuildAndSign$' \
         'ReportBenchmark.(qhtrackInMemory|partPrepareAndOutboxAdd)$'; do
  name=${b%%.*}
  for side in base new; do
    jar=$base; [ $side = new ] && jar=$new
    java -jar "$jar" "$b" -prof gc -f 1 -wi 3 -i 5 -w 1s -r 1s -rf text -rff "$out/$name-$side.txt" > "$out/$name-$side.log" 2>&1
  done
done
for f in "$out"/*.txt; do echo "== $f"; grep -E "avgt|thrpt|gc.alloc.rate.norm" "$f" | grep -v "·gc.alloc.rate " ; done
