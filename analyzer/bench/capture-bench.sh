#!/bin/sh
# Capture benchmark: `packetwalk analyze` (the launcher, a fresh JVM, the whole command) and its capture pass alone,
# against tshark, tcpdump and tar on inputs made by the project's own generator (dev.packetwalk.bench.CaptureGen).
# Not part of `mvn verify`. See analyzer/bench/README.md.
#
#   analyzer/bench/capture-bench.sh [-n RUNS] [-s SIZE] [-d DATADIR] [-k]
#     -n RUNS     timed runs per command, interleaved (default 5); one untimed warm-up round first
#     -s SIZE     size of the big captures (default 1g; the small one is always 100m)
#     -d DATADIR  where the generated captures go (default: a fresh temp dir, deleted afterwards unless -k)
#     -k          keep DATADIR
#     -o          only packetwalk (skip tshark, tcpdump, tar)
set -eu
runs=5 size=1g data= keep=0 only=0
while getopts n:s:d:ko opt; do
  case $opt in
    n) runs=$OPTARG ;; s) size=$OPTARG ;; d) data=$OPTARG ;; k) keep=1 ;; o) only=1 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "$data" ]; then
  data=$(mktemp -d "${TMPDIR:-/tmp}/capture-bench.XXXXXX")
  [ "$keep" = 1 ] || trap 'rm -rf "$data"' EXIT
fi
mkdir -p "$data"
for tool in /usr/bin/time tshark tcpdump tar gzip; do
  command -v "$tool" >/dev/null 2>&1 || { [ "$only" = 1 ] && [ "$tool" != /usr/bin/time ]; } || {
    echo "capture-bench: $tool is missing (apt-get install -y time tshark tcpdump)" >&2; exit 2; }
done
nice=""
[ "$(id -u)" = 0 ] && nice="nice -n -20"

echo "== building (test classes hold the bench driver and the generator)" >&2
(cd "$here" && ./mvnw -q -o -pl analyzer -am -DskipTests test-compile >&2 &&
  ./mvnw -q -o -pl analyzer dependency:build-classpath -Dmdep.outputFile="$data/cp.txt" >&2)
cp="$here/analyzer/target/test-classes:$here/analyzer/target/classes:$(cat "$data/cp.txt")"

gen() { # name size linktype
  [ -s "$data/$1" ] || java -cp "$cp" dev.packetwalk.bench.CaptureGen "$data/$1" "$2" "$3" >&2
}
echo "== generating inputs in $data" >&2
gen eth-100m.pcap 100m ether
gen "eth-$size.pcap" "$size" ether
gen "sll2-$size.pcap" "$size" sll2
if [ ! -s "$data/evidence-$size.tar.gz" ]; then
  gz=gzip; command -v pigz >/dev/null 2>&1 && gz=pigz
  (cd "$data" && tar cf - "eth-$size.pcap" | $gz -6 > "evidence-$size.tar.gz")
fi
mkdir -p "$data/x"

results="$data/results.txt"
: > "$results"
# one timed command: label dataset command...; records wall seconds, peak RSS KiB and (for packetwalk) packets
timed() {
  label=$1 ds=$2; shift 2
  t0=$(date +%s.%N)
  $nice /usr/bin/time -f "%M %U %S" -o "$data/rss" "$@" > "$data/out" 2>/dev/null || true
  t1=$(date +%s.%N)
  pk=$(sed -n 's/.*packets=\([0-9]*\).*/\1/p' "$data/out" | head -n 1)
  set -- $(tail -n 1 "$data/rss")
  echo "$label $ds $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $1 ${pk:-0} \
    $(awk -v u="$2" -v s="$3" 'BEGIN { printf "%.2f", u + s }')" >> "$results"
}

round() {
  sets="eth-$size sll2-$size"
  [ "$size" = 100m ] || sets="eth-100m $sets"
  for ds in $sets; do
    # the goals are measured on what a user runs: the launcher, a fresh JVM, the whole analyze command
    timed packetwalk "$ds" "$here/packetwalk" analyze "$data/$ds.pcap" --quiet
    # the same with a JSON report (which also hashes the input for it), and the capture pass alone
    timed pw-json "$ds" "$here/packetwalk" analyze "$data/$ds.pcap" --quiet --json "$data/report.json"
    timed pw-pass "$ds" java -cp "$cp" dev.packetwalk.bench.CaptureBench analyze "$data/$ds.pcap"
    if [ "$only" = 0 ]; then
      timed tcpdump "$ds" tcpdump -r "$data/$ds.pcap" -w /dev/null
      timed tshark "$ds" tshark -r "$data/$ds.pcap" -q -z conv,tcp
    fi
  done
  timed packetwalk "evidence-$size.tar.gz" "$here/packetwalk" analyze "$data/evidence-$size.tar.gz" --quiet
  timed pw-json "evidence-$size.tar.gz" "$here/packetwalk" analyze "$data/evidence-$size.tar.gz" --quiet \
    --json "$data/report.json"
  timed pw-pass "evidence-$size.tar.gz" java -cp "$cp" dev.packetwalk.bench.CaptureBench analyze \
    "$data/evidence-$size.tar.gz"
  if [ "$only" = 0 ]; then
    rm -rf "$data/x"/*
    timed tar-xzf "evidence-$size.tar.gz" tar xzf "$data/evidence-$size.tar.gz" -C "$data/x"
    rm -rf "$data/x"/*
  fi
}
echo "== warm-up round (untimed)" >&2
round; : > "$results"
i=1
while [ "$i" -le "$runs" ]; do
  echo "== round $i of $runs" >&2
  round
  i=$((i + 1))
done
cp "$results" "$data/results-raw.txt"
echo "raw results: $data/results-raw.txt (label dataset wall_s peak_rss_kib packets cpu_s)" >&2
echo "machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

# medians and ratios
awk -v size="$size" '
  function median(str,   n, i, j, t, a) {
    n = split(str, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function range(str,   n, i, a, lo, hi) {
    n = split(str, a, " "); lo = a[1] + 0; hi = a[1] + 0
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
    return sprintf("(%.3f-%.3f)", lo, hi)
  }
  { k = $1 SUBSEP $2; wall[k] = wall[k] " " $3; rss[k] = rss[k] " " $4; cpu[k] = cpu[k] " " $6; n[k]++
    if ($5 > 0) packets[$2] = $5 }
  END {
    printf "%-11s %-22s %3s %9s %15s %12s %9s %7s\n", "tool", "dataset", "n", "wall_s", "(min-max)", "packets/s", "rss_MiB", "cpu_s"
    cmd = "sort -k2,2 -k1,1"
    for (k in n) {
      split(k, p, SUBSEP)
      W[k] = median(wall[k]); R[k] = median(rss[k]) / 1024; P[k] = W[k] > 0 ? packets[p[2]] / W[k] : 0
      C[k] = median(cpu[k])
      printf "%-11s %-22s %3d %9.3f %15s %12.0f %9.1f %7.2f\n", p[1], p[2], n[k], W[k], range(wall[k]), P[k], R[k], C[k] | cmd
    }
    close(cmd)
    print ""
    printf "%-62s %10s %9s  %s\n", "goal", "measured", "target", "met"
    for (d = 1; d <= 2; d++) {
      ds = (d == 1 ? "eth-" : "sll2-") size
      pw = "packetwalk" SUBSEP ds; ts = "tshark" SUBSEP ds; td = "tcpdump" SUBSEP ds
      if (ts in W) {
        x = P[pw] / P[ts]; printf "%-62s %9.2fx %9s  %s\n", ds ": packets/s vs tshark -q -z conv,tcp", x, ">= 10x", (x >= 10 ? "yes" : "NO")
        x = C[ts] / C[pw]; printf "%-62s %9.2fx %9s  %s\n", ds ": CPU seconds, tshark / packetwalk (load-independent)", x, "(info)", "-"
        x = R[pw] / R[ts]; printf "%-62s %9.3fx %9s  %s\n", ds ": peak RSS vs tshark", x, "<= 0.1x", (x <= 0.1 ? "yes" : "NO")
      }
      if (td in W) {
        x = W[pw] / W[td]; printf "%-62s %9.2fx %9s  %s\n", ds ": wall vs tcpdump -r F -w /dev/null", x, "<= 2x", (x <= 2 ? "yes" : "NO")
        pj = "pw-json" SUBSEP ds; pp = "pw-pass" SUBSEP ds
        if (pj in W) { x = W[pj] / W[td]; printf "%-62s %9.2fx %9s  %s\n", ds ": the same writing a JSON report", x, "(info)", "-" }
        if (pp in W) { x = W[pp] / W[td]; printf "%-62s %9.2fx %9s  %s\n", ds ": the capture pass alone (CaptureBench)", x, "(info)", "-" }
      }
      printf "%-62s %6.1f MiB %9s  %s\n", ds ": peak RSS", R[pw], "<= 512", (R[pw] <= 512 ? "yes" : "NO")
    }
    pw = "packetwalk" SUBSEP "evidence-" size ".tar.gz"; tz = "tar-xzf" SUBSEP "evidence-" size ".tar.gz"
    if (tz in W) {
      x = W[pw] / W[tz]; printf "%-62s %9.2fx %9s  %s\n", "evidence-" size ".tar.gz: wall vs tar xzf", x, "<= 1.0x", (x <= 1 ? "yes" : "NO")
      pa = "pw-json" SUBSEP "evidence-" size ".tar.gz"
      if (pa in W) { x = W[pa] / W[tz]; printf "%-62s %9.2fx %9s  %s\n", "evidence-" size ".tar.gz: the same writing a JSON report", x, "(info)", "-" }
    }
    big = "packetwalk" SUBSEP "eth-" size; small = "packetwalk" SUBSEP "eth-100m"
    x = P[big] / P[small]; printf "%-62s %9.2fx %9s  %s\n", "scaling: packets/s eth-" size " vs eth-100m", x, ">= 0.9x", (x >= 0.9 ? "yes" : "NO")
  }' "$results"
