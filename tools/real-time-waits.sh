#!/usr/bin/env bash
# Counts the test files (every module's src/test/java) that wait on real time, and lists them.
#
# A file waits on real time when it sleeps (Thread.sleep, TimeUnit.X.sleep, LockSupport.parkNanos), uses Awaitility or
# Selenium's WebDriverWait, polls against a System.nanoTime()/currentTimeMillis() deadline, waits on a latch, future,
# queue or process with a timeout, or calls one of the repository's own polling helpers: the testkit fakes'
# awaitAccepted, TrackerHarness.await/awaitEvents, PlatformsHarness.awaitIdle, and the awaitX/waitForX/until/eventually
# helpers of individual tests.
#
# Usage (from the repository root): tools/real-time-waits.sh [-q]   (-q: the count line only)
# Prints the files, each with its number of wait sites (lines that wait on real time), then
# "N of M test files wait on real time" and "K wait sites" (the sum over those files, so that migrating a part of a
# file shows).
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='Thread\.sleep\(|TimeUnit\.[A-Z]+\.sleep\(|LockSupport\.parkNanos|[Aa]waitility|WebDriverWait'
pattern+='|(nanoTime|currentTimeMillis)\(\) *[-+]'
pattern+='|\.(await|get|poll|take|waitFor|join|tryAcquire|offer)\( *[^()]*(\([^()]*\))?[^()]*, *(TimeUnit\.|[A-Z_]+\))'
pattern+='|\.(get|join|await)\( *(Duration\.|[0-9]+L?, )'
pattern+='|\bawait(Accepted|Events|Idle|Delivered|Drained|Status|True|Output)?\('
pattern+='|\b(waitFor[A-Za-z]*|until|eventually)\('

all=$(find . -path ./node_modules -prune -o -path '*/src/test/java/*' -name '*.java' -print | sort)
total=$(printf '%s\n' "$all" | grep -c . || true)
waiting=$(printf '%s\n' "$all" | xargs grep -lE "$pattern" 2>/dev/null | sort || true)
count=$(printf '%s\n' "$waiting" | grep -c . || true)

sites=0
listing=''
if [ -n "$waiting" ]; then
  while IFS= read -r f; do
    n=$(grep -cE "$pattern" "$f" || true)
    sites=$((sites + n))
    listing+="${f#./} ($n)"$'\n'
  done <<< "$waiting"
fi

if [ "${1:-}" != "-q" ]; then
  printf '%s' "$listing"
fi
echo "$count of $total test files wait on real time"
echo "$sites wait sites"
