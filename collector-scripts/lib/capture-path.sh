# collector-scripts/lib/capture-path.sh: packetwalk-collect --capture-path FROM TO.
#
# Sourced by packetwalk-collect after lib/common.sh; defines functions only. It uses the collector's
# kubectl helpers (capture_raw) and node jobs (node_job_mode, spawn_node_job, wait_node_jobs,
# node_bundle_problem).
#
# 1. Resolve: one `kubectl get pods -A` and one `kubectl get nodes` (jsonpath) give each pod's
#    node, IP and hostNetwork, and each node's InternalIP. TO may be a pod, a Service (its
#    Endpoints' pods, the first by name is the server) or a pod IP.
# 2. Plan: client-veth (pod/NS/NAME on the client's node), client-underlay (addr/<InternalIP>),
#    server-underlay, server-veth. On one node the two underlay points are one (COLLAPSED). A point
#    that cannot be planned (hostNetwork pod, no node, no InternalIP) gets its outcome here.
# 3. Capture: one debug pod per node (all at once, whatever --node-parallelism), running
#    packetwalk-node --capture-only with ROLE=POINT capture points; the jobs wait until every pod
#    is Ready, then all start with the same target time (CAPTURE_LEAD_MS later), so every point
#    captures the same window, give or take the exec latency.
# 4. Merge: only nodes/<node>/captures/ of each node bundle (and its stderr and manifest entries),
#    so it never collides with a --nodes bundle of the same node; then manifest.json's
#    "capturePath" lists every point with its node, interface, filter, node-clock start, caps and
#    outcome. A failed point or node never stops the rest.

CP_ROLES="client-veth client-underlay server-underlay server-veth"

collect_capture_path() {
	[ -n "$CAPTURE_FROM" ] || return 0
	CP_ERROR=
	CP_NOTE=
	CP_FILTER_SOURCE=--capture-filter
	CP_GO_MS=
	CL_NS= CL_NAME= CL_NODE= CL_IP= CL_HOSTNET= CL_NIP=
	SV_NS= SV_NAME= SV_NODE= SV_IP= SV_HOSTNET= SV_NIP=
	: >"$WORK/cp-plan"
	: >"$WORK/cp-out"
	if ! node_script_ready; then
		CP_ERROR=$NSR_WHY
	elif cp_resolve; then
		cp_plan
		[ -n "$CAPTURE_FILTER" ] || { CAPTURE_FILTER=$(cp_default_filter); CP_FILTER_SOURCE=default; }
		cp_run
	fi
	[ -z "$CP_ERROR" ] || log "capture-path: $CP_ERROR"
	cp_manifest >"$WORK/cp.json"
}

# ----------------------------------------------------------------------------------------------
# Resolving FROM and TO
# ----------------------------------------------------------------------------------------------
cp_resolve() {
	if ! capture_raw "$WORK/cp-pods.lst" get pods -A -o 'jsonpath={range .items[*]}{.metadata.namespace}|{.metadata.name}|{.spec.nodeName}|{.status.podIP}|{.spec.hostNetwork}{"\n"}{end}'; then
		CP_ERROR="could not list the pods (exit $rc): $(first_line "$WORK/raw.err")"
		return 1
	fi
	if ! capture_raw "$WORK/cp-nodes.lst" get nodes -o 'jsonpath={range .items[*]}{.metadata.name}|{range .status.addresses[?(@.type=="InternalIP")]}{.address},{end}{"\n"}{end}'; then
		CP_ERROR="could not list the nodes (exit $rc): $(first_line "$WORK/raw.err")"
		return 1
	fi
	cr_line=$(cp_pod_by_ref "$CAPTURE_FROM")
	[ -n "$cr_line" ] || { CP_ERROR="FROM $CAPTURE_FROM: no such pod"; return 1; }
	IFS='|' read -r CL_NS CL_NAME CL_NODE CL_IP CL_HOSTNET <<EOF
$cr_line
EOF
	case $CAPTURE_TO in
	pod/*)
		cr_line=$(cp_pod_by_ref "$CAPTURE_TO")
		[ -n "$cr_line" ] || { CP_ERROR="TO $CAPTURE_TO: no such pod"; return 1; }
		;;
	svc/*)
		cr_rest=${CAPTURE_TO#svc/}
		if ! capture_raw "$WORK/cp-ep.lst" get endpoints -n "${cr_rest%%/*}" "${cr_rest#*/}" \
			-o 'jsonpath={range .subsets[*].addresses[*]}{.targetRef.kind}|{.targetRef.namespace}|{.targetRef.name}|{.ip}{"\n"}{end}'; then
			CP_ERROR="TO $CAPTURE_TO: could not read the Service's Endpoints (exit $rc): $(first_line "$WORK/raw.err")"
			return 1
		fi
		awk -F'|' '$1 == "Pod" { print "pod/" $2 "/" $3 }' "$WORK/cp-ep.lst" | LC_ALL=C sort -u >"$WORK/cp-ep.pods"
		cr_ref=$(head -n 1 "$WORK/cp-ep.pods")
		[ -n "$cr_ref" ] || { CP_ERROR="TO $CAPTURE_TO: the Service has no ready endpoint that is a pod"; return 1; }
		cr_n=$(wc -l <"$WORK/cp-ep.pods" | tr -d ' ')
		if [ "$cr_n" -gt 1 ]; then
			CP_NOTE="$CAPTURE_TO has $cr_n ready endpoint pods; the server points are those of the first by name, $cr_ref: a request the Service sends to another endpoint is seen at the client points only"
		fi
		cr_line=$(cp_pod_by_ref "$cr_ref")
		[ -n "$cr_line" ] || { CP_ERROR="TO $CAPTURE_TO: its endpoint $cr_ref is not in the pod list"; return 1; }
		;;
	*)
		# hostNetwork pods share their node's IP: a pod of its own network namespace is meant.
		cr_line=$(awk -F'|' -v ip="$CAPTURE_TO" '$4 == ip && $5 != "true"' "$WORK/cp-pods.lst" | LC_ALL=C sort | head -n 1)
		[ -n "$cr_line" ] || cr_line=$(awk -F'|' -v ip="$CAPTURE_TO" '$4 == ip' "$WORK/cp-pods.lst" | LC_ALL=C sort | head -n 1)
		[ -n "$cr_line" ] || { CP_ERROR="TO $CAPTURE_TO: no pod has this IP"; return 1; }
		;;
	esac
	IFS='|' read -r SV_NS SV_NAME SV_NODE SV_IP SV_HOSTNET <<EOF
$cr_line
EOF
	CL_NIP=$(cp_node_ip "$CL_NODE")
	SV_NIP=$(cp_node_ip "$SV_NODE")
	log "capture-path: client $CL_NS/$CL_NAME ($CL_IP) on ${CL_NODE:-no node} (${CL_NIP:-no InternalIP}), server $SV_NS/$SV_NAME ($SV_IP) on ${SV_NODE:-no node} (${SV_NIP:-no InternalIP})"
	[ -z "$CP_NOTE" ] || log "capture-path: $CP_NOTE"
	return 0
}

# The pod list line (ns|name|node|ip|hostNetwork) of pod/NS/NAME.
cp_pod_by_ref() {
	pbr=${1#pod/}
	awk -F'|' -v n="${pbr%%/*}" -v p="${pbr#*/}" '$1 == n && $2 == p { print; exit }' "$WORK/cp-pods.lst"
}

# The first InternalIP of node $1.
cp_node_ip() {
	[ -n "$1" ] || return 0
	awk -F'|' -v n="$1" '$1 == n { split($2, a, ","); print a[1]; exit }' "$WORK/cp-nodes.lst"
}

# ----------------------------------------------------------------------------------------------
# The plan: $WORK/cp-plan holds "role US node US point" per point to capture, $WORK/cp-out
# "role US node US point US reason US detail" per point settled without capturing.
# ----------------------------------------------------------------------------------------------
cp_plan() {
	cp_side client "$CL_NS" "$CL_NAME" "$CL_NODE" "$CL_HOSTNET" veth
	cp_side client "$CL_NS" "$CL_NAME" "$CL_NODE" "$CL_NIP" underlay
	if [ -n "$SV_NODE" ] && [ "$SV_NODE" = "$CL_NODE" ]; then
		printf '%s\n' "server-underlay$US$SV_NODE$US${SV_NIP:+addr/$SV_NIP}${US}COLLAPSED${US}client and server are on the same node $SV_NODE: its underlay is one capture point, client-underlay (traffic between the two pods may not cross it at all)" >>"$WORK/cp-out"
	else
		cp_side server "$SV_NS" "$SV_NAME" "$SV_NODE" "$SV_NIP" underlay
	fi
	cp_side server "$SV_NS" "$SV_NAME" "$SV_NODE" "$SV_HOSTNET" veth
}

# cp_side SIDE NS NAME NODE HOSTNET|NODEIP veth|underlay: plans one point or settles why not.
cp_side() {
	cs_role=$1-$6
	if [ -z "$4" ]; then
		printf '%s\n' "$cs_role$US$US${US}NOT_SERVED${US}pod $2/$3 is not scheduled to a node" >>"$WORK/cp-out"
	elif ! node_name_ok "$4"; then
		printf '%s\n' "$cs_role$US$US${US}ERROR${US}node name '$4' cannot be a bundle path segment" >>"$WORK/cp-out"
	elif [ "$6" = veth ] && [ "$5" = true ]; then
		printf '%s\n' "$cs_role$US$4${US}pod/$2/$3${US}NOT_SERVED${US}pod $2/$3 uses the host network: it has no veth of its own (its packets are on the node's interfaces)" >>"$WORK/cp-out"
	elif [ "$6" = veth ]; then
		printf '%s\n' "$cs_role$US$4${US}pod/$2/$3" >>"$WORK/cp-plan"
	elif [ -z "$5" ]; then
		printf '%s\n' "$cs_role$US$4$US${US}NOT_SERVED${US}node $4 has no InternalIP in its status: its underlay interface cannot be found" >>"$WORK/cp-out"
	else
		printf '%s\n' "$cs_role$US$4${US}addr/$5" >>"$WORK/cp-plan"
	fi
}

# The two pod IPs, plus the encapsulated traffic between the two nodes (VXLAN: flannel 8472, the
# IANA 4789; Geneve 6081; IPIP; GRE), whose outer header has only node IPs.
cp_default_filter() {
	df=
	for df_ip in $(printf '%s\n%s\n' "$CL_IP" "$SV_IP" | awk 'NF && !seen[$0]++'); do
		df="${df:+$df or }host $df_ip"
	done
	if [ -n "$CL_NIP" ] && [ -n "$SV_NIP" ] && [ "$CL_NIP" != "$SV_NIP" ]; then
		df="${df:+$df or }(host $CL_NIP and host $SV_NIP and (udp port 8472 or udp port 4789 or udp port 6081 or ip proto 4 or ip proto 47))"
	fi
	printf '%s' "$df"
}

# ----------------------------------------------------------------------------------------------
# Capturing: one node job per node of the plan, all started together
# ----------------------------------------------------------------------------------------------
cp_run() {
	[ -s "$WORK/cp-plan" ] || return 0
	node_job_mode capture
	awk -F "$US" '!seen[$2]++ { print $2 }' "$WORK/cp-plan" >"$WORK/cp-nodes.sel"
	while IFS= read -r cr_node; do
		mkdir -p "$WORK/$NJ_JOBS/$cr_node"
		{
			printf -- '--capture-only\n--capture-seconds\n%s\n--capture-max-packets\n%s\n--capture-max-bytes\n%s\n' \
				"$CAPTURE_SECONDS" "$CAPTURE_MAX_PACKETS" "$MAX_FILE_BYTES"
			[ -z "$CAPTURE_FILTER" ] || printf -- '--capture-filter\n%s\n' "$CAPTURE_FILTER"
			awk -F "$US" -v n="$cr_node" '$2 == n { print "--capture-iface"; print $1 "=" $3 }' "$WORK/cp-plan"
		} >"$WORK/$NJ_JOBS/$cr_node/args"
		spawn_node_job "$cr_node" 1000
	done <"$WORK/cp-nodes.sel"
	# Start together: once every debug pod is Ready (or its job has ended).
	while [ "$(running_node_jobs ready)" -gt 0 ]; do poll_sleep; done
	CP_GO_MS=$(($(now_ms) + CAPTURE_LEAD_MS))
	printf '%s\n' "$CP_GO_MS" >"$WORK/capture-go.tmp" && mv "$WORK/capture-go.tmp" "$WORK/capture-go"
	log "capture-path: $(wc -l <"$WORK/cp-plan" | tr -d ' ') point(s) on $(wc -l <"$WORK/cp-nodes.sel" | tr -d ' ') node(s) capture for ${CAPTURE_SECONDS}s from about $((CAPTURE_LEAD_MS / 1000))s from now: make the failing request now"
	wait_node_jobs
	while IFS= read -r cr_node; do
		cr_jd=$WORK/$NJ_JOBS/$cr_node
		[ -s "$cr_jd/bundle" ] && cp_merge "$cr_node" "$(cat "$cr_jd/bundle")"
	done <"$WORK/cp-nodes.sel"
}

# cp_merge NODE BUNDLE: only nodes/NODE/captures/ (files, their stderr and manifest entries).
cp_merge() {
	cm_problem=$(node_bundle_problem "$2" "$1")
	if [ -n "$cm_problem" ]; then
		record_skipped "nodes/$1/captures/" "" ERROR "refusing the capture bundle copied from the debug pod: $cm_problem"
		return 0
	fi
	cm_dir=$WORK/cp-merge/$1
	mkdir -p "$cm_dir"
	if ! gzip -dc "$2" | tar -xf - -C "$cm_dir"; then
		record_skipped "nodes/$1/captures/" "" ERROR "could not unpack the capture bundle copied from the debug pod"
		return 0
	fi
	for cm_sub in "nodes/$1/captures" "stderr/nodes/$1/captures"; do
		[ -d "$cm_dir/$cm_sub" ] || continue
		mkdir -p "$BUNDLE/$cm_sub"
		cp -R "$cm_dir/$cm_sub/." "$BUNDLE/$cm_sub/"
	done
	[ -f "$cm_dir/manifest.json" ] || return 0
	json_array_elements files "$cm_dir/manifest.json" | grep -F "\"path\": \"nodes/$1/captures/" >>"$WORK/extrafiles.json"
	json_array_elements skipped "$cm_dir/manifest.json" | grep -F "\"path\": \"nodes/$1/captures/" >"$cm_dir/skipped.json"
	cat "$cm_dir/skipped.json" >>"$WORK/extraskipped.json"
}

# ----------------------------------------------------------------------------------------------
# manifest.json "capturePath"
# ----------------------------------------------------------------------------------------------
cp_manifest() {
	printf '{"from": %s, "to": %s,\n' "$(jstr "$CAPTURE_FROM")" "$(jstr "$CAPTURE_TO")"
	printf '    "client": %s,\n' "$(cp_endpoint_json "$CL_NS" "$CL_NAME" "$CL_IP" "$CL_NODE" "$CL_NIP" "$CL_HOSTNET")"
	printf '    "server": %s,\n' "$(cp_endpoint_json "$SV_NS" "$SV_NAME" "$SV_IP" "$SV_NODE" "$SV_NIP" "$SV_HOSTNET")"
	printf '    "sameNode": %s, "note": %s, "error": %s,\n' \
		"$([ -n "$CL_NODE" ] && [ "$CL_NODE" = "$SV_NODE" ] && echo true || echo false)" "$(jnull "$CP_NOTE")" "$(jnull "$CP_ERROR")"
	printf '    "filter": %s, "filterSource": %s, "seconds": %s, "maxPackets": %s, "maxBytes": %s, "leadMs": %s, "plannedStartMs": %s,\n' \
		"$(jstr "$CAPTURE_FILTER")" "$(jstr "$CP_FILTER_SOURCE")" "$CAPTURE_SECONDS" "$CAPTURE_MAX_PACKETS" "$MAX_FILE_BYTES" \
		"$CAPTURE_LEAD_MS" "${CP_GO_MS:-null}"
	printf '    "points": ['
	cpm_sep=
	for cpm_role in $CP_ROLES; do
		cpm_line=$(awk -F "$US" -v r="$cpm_role" '$1 == r { print; exit }' "$WORK/cp-plan" "$WORK/cp-out")
		[ -n "$cpm_line" ] || continue
		printf '%s\n      %s' "$cpm_sep" "$(cp_point_json "$cpm_line")"
		cpm_sep=,
	done
	printf '\n    ]}'
}

cp_endpoint_json() {
	[ -n "$2" ] || { printf 'null'; return 0; }
	printf '{"pod": %s, "ip": %s, "node": %s, "nodeIP": %s, "hostNetwork": %s}' "$(jstr "$1/$2")" "$(jnull "$3")" \
		"$(jnull "$4")" "$(jnull "$5")" "$([ "$6" = true ] && echo true || echo false)"
}

# cp_point_json "role US node US point [US reason US detail]": one point and its outcome.
cp_point_json() {
	IFS="$US" read -r pj_role pj_node pj_point pj_reason pj_detail <<EOF
$1
EOF
	pj_pcap=nodes/$pj_node/captures/$pj_role.pcap
	pj_side=$BUNDLE/nodes/$pj_node/captures/$pj_role.json
	pj_stderr=
	[ -n "$pj_node" ] && [ -f "$BUNDLE/stderr/$pj_pcap" ] && pj_stderr=stderr/$pj_pcap
	pj_detail_json=$(jnull "$pj_detail")
	if [ -n "$pj_reason" ]; then
		:
	elif [ -f "$BUNDLE/$pj_pcap" ] && [ -f "$pj_side" ]; then
		pj_reason=ok
	elif pj_skip=$(grep -F "\"path\": \"$pj_pcap\"" "$WORK/cp-merge/$pj_node/skipped.json" 2>/dev/null | grep -v '"reason": "SIZE_CAP"' | head -n 1) && [ -n "$pj_skip" ]; then
		# The node's own reason (TOOL_MISSING tcpdump, NOT_SERVED, an error with its stderr): raw JSON.
		pj_reason=$(printf '%s' "$pj_skip" | sed -n 's/.*"reason": "\([A-Z_]*\)".*/\1/p')
		pj_detail_json=$(printf '%s' "$pj_skip" | awk '{ if (match($0, /"detail": "([^"\\]|\\.)*"/)) print substr($0, RSTART + 10, RLENGTH - 10); else print "null" }')
	elif pj_fail=$(awk -F "$US" -v p="nodes/$pj_node/captures/" '$1 == p { print; exit }' "$WORK/skipped.rec") && [ -n "$pj_fail" ]; then
		# The whole node failed (debug pod not Ready, exec refused or timed out).
		pj_reason=$(printf '%s' "$pj_fail" | cut -d "$US" -f 3)
		pj_detail_json=$(jstr "$(printf '%s' "$pj_fail" | cut -d "$US" -f 4)")
	else
		pj_reason=ERROR
		pj_detail_json=$(jstr "no capture came back from node $pj_node and no reason was recorded")
	fi
	printf '{"role": %s, "node": %s, "requested": %s, "interface": %s, "filter": %s, "startClock": %s, "listeningClock": %s, "endClock": %s, "launchedMs": %s, "durationSeconds": %s, "maxPackets": %s, "maxBytes": %s, "outcome": %s, "detail": %s, "pcap": %s, "sidecar": %s, "stderr": %s, "stoppedBy": %s, "packetsCaptured": %s}' \
		"$(jstr "$pj_role")" "$(jnull "$pj_node")" "$(jnull "$pj_point")" "$(cp_side_value "$pj_side" interface)" \
		"$(jstr "$CAPTURE_FILTER")" "$(cp_side_value "$pj_side" startClock)" \
		"$(cp_side_value "$pj_side" listeningClock)" "$(cp_side_value "$pj_side" endClock)" \
		"$(cat "$WORK/capture-jobs/$pj_node/launch-ms" 2>/dev/null || echo null)" "$CAPTURE_SECONDS" "$CAPTURE_MAX_PACKETS" \
		"$MAX_FILE_BYTES" "$(jstr "$pj_reason")" "$pj_detail_json" \
		"$([ "$pj_reason" = ok ] && jstr "$pj_pcap" || echo null)" \
		"$([ "$pj_reason" = ok ] && jstr "${pj_pcap%.pcap}.json" || echo null)" "$(jnull "$pj_stderr")" \
		"$(cp_side_value "$pj_side" stoppedBy)" "$(cp_side_value "$pj_side" packetsCaptured)"
}

# The raw JSON value of KEY in a capture sidecar (packetwalk-node writes one key per line), or null.
cp_side_value() {
	cv=
	[ -f "$1" ] && cv=$(sed -n "s/^  \"$2\": \\(.*\\)\$/\\1/p" "$1" | head -n 1 | sed 's/,$//')
	printf '%s' "${cv:-null}"
}
