#!/bin/sh
# Tracer benchmark (issue 4): the automatic path matrix vs parsing, on a synthetic N-node, S-Service bundle made by
# dev.packetwalk.bench.SyntheticClusterBundle. Not part of `mvn verify`. See analyzer/bench/README.md.
#
#   analyzer/bench/trace-bench.sh [-n RUNS] [-N NODES] [-S SERVICES] [-d DATADIR] [-k] [-e]
#     -n RUNS      timed rounds in TraceBench and fresh-JVM `packetwalk analyze` runs (default 5)
#     -N NODES     nodes of the synthetic cluster (default 50)
#     -S SERVICES  Services (default 1000), 3 endpoints each
#     -d DATADIR   where the bundle and reports go (default: a fresh temp dir, deleted afterwards unless -k)
#     -k           keep DATADIR (the bundle is reused when present)
#     -e           only the fresh-JVM end-to-end runs (skip TraceBench)
set -eu
runs=5 nodes=50 services=1000 data= keep=0 e2eonly=0
while getopts n:N:S:d:ke opt; do
  case $opt in
    n) runs=$OPTARG ;; N) nodes=$OPTARG ;; S) services=$OPTARG ;; d) data=$OPTARG ;; k) keep=1 ;; e) e2eonly=1 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "$data" ]; then
  data=$(mktemp -d "${TMPDIR:-/tmp}/trace-bench.XXXXXX")
  [ "$keep" = 1 ] || trap 'rm -rf "$data"' EXIT
fi
mkdir -p "$data"
[ -x /usr/bin/time ] || { echo "trace-bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

echo "== building (test classes hold the generator and the bench driver; the launcher builds the jar)" >&2
(cd "$here" && ./mvnw -q -o -pl analyzer -am -DskipTests test-compile >&2 &&
  ./mvnw -q -o -pl analyzer dependency:build-classpath -Dmdep.outputFile="$data/cp.txt" >&2)
cp="$here/analyzer/target/test-classes:$here/analyzer/target/classes:$(cat "$data/cp.txt")"
"$here/packetwalk" --version >&2

bundle="$data/synthetic-$nodes-$services.tar.gz"
if [ ! -s "$bundle" ]; then
  echo "== generating $bundle" >&2
  (cd "$here" && java -cp "$cp" dev.packetwalk.bench.SyntheticClusterBundle "$bundle" --nodes "$nodes" \
    --services "$services")
fi

if [ "$e2eonly" = 0 ]; then
  echo "== TraceBench: stages timed in one JVM (1 warm-up + $runs rounds)"
  java -cp "$cp" dev.packetwalk.bench.TraceBench "$bundle" --warmup 1 --runs "$runs"
fi

echo "== fresh JVM: ./packetwalk analyze BUNDLE --json --html, $runs runs (wall s, peak RSS MiB, user+sys s)"
: > "$data/e2e.txt"
i=0
while [ "$i" -lt "$runs" ]; do
  i=$((i + 1))
  /usr/bin/time -v -o "$data/time.txt" "$here/packetwalk" analyze "$bundle" --quiet \
    --json "$data/report.json" --html "$data/report.html" > /dev/null 2>&1 || true
  awk -v run="$i" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /Maximum resident set size/ { rss = $NF / 1024 }
    /User time/ { cpu += $NF } /System time/ { cpu += $NF }
    END { printf "run %d: %.2f s, %.0f MiB, cpu %.2f s\n", run, wall, rss, cpu }' "$data/time.txt" | tee -a "$data/e2e.txt"
done
sort -t' ' -k3 -n "$data/e2e.txt" | awk -v n="$runs" '
  { wall[NR] = $3; rss[NR] = $5 }
  END { m = int((n + 1) / 2); printf "end-to-end median of %d: %.2f s wall (min %.2f, max %.2f)\n", n, wall[m], wall[1], wall[n] }'
sort -t' ' -k5 -n "$data/e2e.txt" | awk -v n="$runs" '
  { rss[NR] = $5 } END { printf "peak RSS: median %.0f MiB, max %.0f MiB\n", rss[int((n + 1) / 2)], rss[n] }'
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('report: %d paths' % len(d.get('paths', [])))" "$data/report.json" 2>/dev/null || true
