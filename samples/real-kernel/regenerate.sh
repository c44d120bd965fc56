#!/bin/sh
# Regenerates samples/real-kernel/: runs the real-kernel harness (RealKernelHarnessTest, as root, with
# ip netns) and keeps the bundles and probe files of the worlds listed below.
#
# Usage: samples/real-kernel/regenerate.sh [WORLD...]
#   (default: healthy forward-policy-drop stale-endpoint netfilter-drop-counters vxlan-healthy no-endpoints
#   targetport-mismatch local-traffic-policy nodeport-missing server-policy-drop vxlan-pod-mtu)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORLDS=${*:-healthy forward-policy-drop stale-endpoint netfilter-drop-counters vxlan-healthy no-endpoints
	targetport-mismatch local-traffic-policy nodeport-missing server-policy-drop vxlan-pod-mtu}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/packetwalk-real-kernel.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

cd "$REPO"
./mvnw -B -ntp -q test -Dtest=RealKernelHarnessTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Dpacketwalk.harness.samples="$TMP"
for w in $WORLDS; do
	[ -f "$TMP/$w.tar.gz" ] || { echo "the harness wrote no world $w" >&2; exit 1; }
	cp "$TMP/$w.tar.gz" "$TMP/$w.probes.json" "$HERE/"
done
echo "wrote: $WORLDS"
