#!/bin/sh
# Regenerates samples/<world>.tar.gz: for each world under samples/worlds/, start the stand-in API
# server on it, run the real packetwalk-collect (with the real kubectl) against it, stop the server.
#
# Usage: samples/regenerate.sh [WORLD...]     (default: every world)
# Needs python3 and kubectl. Rebuild the worlds first with samples/worlds/generate-worlds.py
# if you changed the generator.
set -u

SAMPLES=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$SAMPLES")
SERVER=$REPO/collector-scripts/test/fake-apiserver.py
COLLECT=$REPO/collector-scripts/packetwalk-collect

TMP=$(mktemp -d "${TMPDIR:-/tmp}/packetwalk-samples.XXXXXX") || exit 1
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

regenerate() {
	world=$1
	[ -d "$SAMPLES/worlds/$world/objects" ] || { echo "no such world: $world" >&2; return 1; }
	: >"$TMP/server.out"
	# The context name ends up in the manifest; "kind-demo" reads like a real local cluster.
	python3 "$SERVER" --world "$SAMPLES/worlds/$world" --kubeconfig-out "$TMP/kubeconfig" \
		--context kind-demo --request-log "$TMP/requests-$world.log" >"$TMP/server.out" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$TMP/server.out" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$TMP/server.out" ] || { echo "the stand-in API server did not start" >&2; return 1; }
	"$COLLECT" --kubeconfig "$TMP/kubeconfig" --timeout 10 --output "$SAMPLES/$world.tar.gz" 2>"$TMP/collect-$world.err"
	rc=$?
	kill "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
	if [ $rc -ne 0 ]; then
		cat "$TMP/collect-$world.err" >&2
		echo "$world: packetwalk-collect failed (exit $rc)" >&2
		return 1
	fi
	if grep -q '/secrets' "$TMP/requests-$world.log"; then
		echo "$world: the collector asked for secrets" >&2
		return 1
	fi
	echo "$world: wrote samples/$world.tar.gz"
}

if [ $# -eq 0 ]; then
	set --
	for d in "$SAMPLES"/worlds/*/; do set -- "$@" "$(basename "$d")"; done
fi
status=0
for world in "$@"; do regenerate "$world" || status=1; done
exit $status
