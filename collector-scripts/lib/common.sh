# collector-scripts/lib/common.sh: the shell code packetwalk-collect and packetwalk-node share.
#
# Sourced, never run. POSIX sh (dash, bash --posix, busybox sh). It defines functions and a few
# constants only; nothing runs at source time. The caller sets:
#   COLLECTOR_NAME, COLLECTOR_VERSION, FORMAT_VERSION   who writes the bundle
#   MAX_FILE_BYTES                                       size cap of every stored file
#   OUTPUT                                               the .tar.gz to write
# and calls pw_setup_workdir, which sets WORK (the temp dir) and BUNDLE (the bundle tree in it).
#
# The one implementation of: bounded command runs (timeout + `head -c` cap + stderr, exit code and
# duration), the files/skipped records, the manifest arrays, the tarball, and temp-dir cleanup on
# exit and on SIGINT/SIGTERM.
PW_COMMON_LOADED=1

WORK=
BUNDLE=
CMD_PID=
HEAD_PID=
QUIET=0
# A function the caller may name, run by on_signal before the temp dir goes (packetwalk-collect
# --nodes stops its node jobs and deletes their debug pods there).
PW_SIGNAL_HOOK=

# ----------------------------------------------------------------------------------------------
# Work directory and signals. Everything is written below $WORK; the bundle is moved to $OUTPUT
# only when complete, so an interrupted run leaves neither temp files nor half a bundle.
# ----------------------------------------------------------------------------------------------
cleanup() {
	[ -n "$WORK" ] && rm -rf "$WORK"
	WORK=
}

on_signal() {
	# The running command is a background job (so that `wait` is interruptible); stop it and wait
	# for it, or it could recreate files below $WORK after we removed it.
	[ -n "$CMD_PID" ] && kill -TERM "$CMD_PID" 2>/dev/null
	[ -n "$HEAD_PID" ] && kill -TERM "$HEAD_PID" 2>/dev/null
	[ -n "$CMD_PID" ] && wait "$CMD_PID" 2>/dev/null
	[ -n "$HEAD_PID" ] && wait "$HEAD_PID" 2>/dev/null
	[ -n "$PW_SIGNAL_HOOK" ] && "$PW_SIGNAL_HOOK"
	printf '%s: interrupted (%s); no bundle written\n' "$COLLECTOR_NAME" "$1" >&2
	cleanup
	trap - EXIT
	[ "$1" = INT ] && exit 130
	exit 143
}

# Creates $WORK (mktemp -d under $TMPDIR), $BUNDLE, the record files and the fifo, and installs the
# EXIT/INT/TERM traps.
pw_setup_workdir() {
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$COLLECTOR_NAME.XXXXXX") || {
		echo "$COLLECTOR_NAME: cannot create a temporary directory" >&2
		exit 1
	}
	trap cleanup EXIT
	trap 'on_signal INT' INT
	trap 'on_signal TERM' TERM
	BUNDLE=$WORK/bundle
	mkdir -p "$BUNDLE"
	: >"$WORK/files.rec"
	: >"$WORK/skipped.rec"
	: >"$WORK/extrafiles.json"
	: >"$WORK/extraskipped.json"
	mkfifo "$WORK/fifo" || {
		echo "$COLLECTOR_NAME: cannot create a fifo in $WORK" >&2
		exit 1
	}
	LOG_FILE=$BUNDLE/collector.log
}

# Detects the optional tools once: timeout(1), date +%N, a sha256 tool.
pw_detect_tools() {
	HAVE_NANOS=0
	case $(date +%N 2>/dev/null) in *[!0-9]* | '') ;; *) HAVE_NANOS=1 ;; esac
	HAVE_TIMEOUT=0
	have timeout && HAVE_TIMEOUT=1
	pick_hasher
}

# ----------------------------------------------------------------------------------------------
# Small utilities
# ----------------------------------------------------------------------------------------------
utc_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Milliseconds since the epoch where `date +%N` works (GNU, busybox); seconds * 1000 elsewhere.
now_ms() {
	if [ "$HAVE_NANOS" = 1 ]; then
		pw_ns=$(date +%s%N)
		echo "${pw_ns%??????}"
	else
		echo "$(($(date +%s) * 1000))"
	fi
}

log() {
	printf '%s %s\n' "$(utc_now)" "$*" >>"$LOG_FILE"
	[ "$QUIET" = 1 ] || printf '%s\n' "$*" >&2
}

have() { command -v "$1" >/dev/null 2>&1; }

is_uint() {
	case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}

file_size() { wc -c <"$1" | tr -d ' \t'; }

# The first usable sha256 tool, or none: a missing hasher is recorded, not fatal.
pick_hasher() {
	if have sha256sum; then HASHER=sha256sum
	elif have shasum; then HASHER=shasum
	elif have sha256; then HASHER=sha256
	elif have openssl; then HASHER=openssl
	else HASHER=
	fi
}

sha256_of() {
	case $HASHER in
	sha256sum) sha256sum "$1" | cut -d' ' -f1 ;;
	shasum) shasum -a 256 "$1" | cut -d' ' -f1 ;;
	sha256) sha256 -q "$1" ;;
	openssl) openssl dgst -sha256 -r "$1" | cut -d' ' -f1 ;;
	*) echo "" ;;
	esac
}

# ----------------------------------------------------------------------------------------------
# Records. Separator: ASCII unit separator, which no command or path contains.
# ----------------------------------------------------------------------------------------------
US=$(printf '\037')

# files.rec: path US sha256 US size US command US source US exitCode US durationMs US stderr US truncated
record_file() {
	printf '%s\n' "$1$US$2$US$3$US$4$US$5$US$6$US$7$US$8$US$9" >>"$WORK/files.rec"
}

# skipped.rec: path US command US reason US detail
record_skipped() {
	pw_detail=$(printf '%s' "$4" | tr '\n\r\037' '   ')
	printf '%s\n' "$1$US$2$US$3$US$pw_detail" >>"$WORK/skipped.rec"
	log "skipped $1: $3: $pw_detail"
}

# Stores the finished bundle file PATH in `files`: hash, size, and the SIZE_CAP duplicate in
# `skipped` when it was cut. Arguments: path command source exitCode durationMs stderrPath truncated
# [SIZE_CAP detail, when the cut was not the byte cap].
record_stored() {
	pw_size=$(file_size "$BUNDLE/$1")
	record_file "$1" "$(sha256_of "$BUNDLE/$1")" "$pw_size" "$2" "$3" "$4" "$5" "$6" "$7"
	if [ "$7" = true ]; then
		# Listed twice on purpose: in `files` (the data is there, but incomplete, and for JSON not
		# parseable) and in `skipped`, so that one look at `skipped` shows everything incomplete.
		record_skipped "$1" "$2" SIZE_CAP "${8:-kept the first $MAX_FILE_BYTES bytes (--max-file-bytes); the file is incomplete}"
	fi
	log "collected $1 ($pw_size bytes${4:+, exit $4}${5:+, $5 ms}${6:+, stderr saved})"
}

# Saves non-empty stderr file $2 as stderr/<path $1> and prints that bundle path (nothing when empty).
save_stderr() {
	if [ -s "$2" ]; then
		mkdir -p "$(dirname "$BUNDLE/stderr/$1")"
		head -c "$MAX_FILE_BYTES" "$2" >"$BUNDLE/stderr/$1"
		printf '%s' "stderr/$1"
	fi
	rm -f "$2"
}

# The first non-blank line of a file (for `skipped` details).
first_line() {
	grep -v '^[[:space:]]*$' "$1" 2>/dev/null | head -n 1
}

# ----------------------------------------------------------------------------------------------
# Bounded runs
# ----------------------------------------------------------------------------------------------

# pw_run OUT ERR SECONDS CMD ARGS...: runs CMD with stdout into OUT, capped at MAX_FILE_BYTES + 1
# bytes by `head -c` while it runs (one byte more than the cap, so that a cut can be told apart
# from an exact fit), and stderr into ERR, under `timeout SECONDS` when timeout(1) exists. Both
# are background jobs of this shell so that `wait` is interruptible and the signal handler can
# stop them. Sets PW_RC (exit code) and PW_MS (duration in milliseconds).
pw_run() {
	pw_out=$1
	pw_err=$2
	pw_secs=$3
	shift 3
	pw_start=$(now_ms)
	head -c "$((MAX_FILE_BYTES + 1))" <"$WORK/fifo" >"$pw_out" &
	HEAD_PID=$!
	if [ "$HAVE_TIMEOUT" = 1 ]; then
		timeout "$pw_secs" "$@" >"$WORK/fifo" 2>"$pw_err" </dev/null &
	else
		"$@" >"$WORK/fifo" 2>"$pw_err" </dev/null &
	fi
	CMD_PID=$!
	wait "$CMD_PID"
	PW_RC=$?
	CMD_PID=
	wait "$HEAD_PID"
	HEAD_PID=
	PW_MS=$(($(now_ms) - pw_start))
}

# pw_cut FILE: cuts FILE to MAX_FILE_BYTES; sets PW_TRUNCATED to true when it was longer.
pw_cut() {
	PW_TRUNCATED=false
	if [ "$(file_size "$1")" -gt "$MAX_FILE_BYTES" ]; then
		PW_TRUNCATED=true
		head -c "$MAX_FILE_BYTES" "$1" >"$1.cut" && mv "$1.cut" "$1"
	fi
}

# pw_sleep SECONDS: an interruptible sleep (a foreground sleep would delay the signal handler).
pw_sleep() {
	[ "$1" -gt 0 ] || return 0
	sleep "$1" &
	CMD_PID=$!
	wait "$CMD_PID"
	CMD_PID=
}

# ----------------------------------------------------------------------------------------------
# Redaction shared by both collectors: the value of every
# kubectl.kubernetes.io/last-applied-configuration annotation (always one line: the JSON is an
# escaped string) becomes "<redacted>". It can hold anything the user applied.
# ----------------------------------------------------------------------------------------------
redact_last_applied() {
	awk '
	{
		line = $0
		if (line ~ /^[ \t]*"kubectl\.kubernetes\.io\/last-applied-configuration": /) {
			match(line, /^[ \t]*/)
			line = substr(line, 1, RLENGTH) "\"kubectl.kubernetes.io/last-applied-configuration\": \"<redacted>\"" ((line ~ /,[ \t\r]*$/) ? "," : "")
		}
		print line
	}' "$1" >"$1.redacted" && mv "$1.redacted" "$1"
}

# ----------------------------------------------------------------------------------------------
# JSON without jq
# ----------------------------------------------------------------------------------------------

# Prints the raw elements of the top-level array KEY of a JSON document, one element per line
# (newlines inside elements become spaces). A tiny string-aware bracket matcher, so any JSON
# formatting works.
json_array_elements() {
	awk -v key="$1" '
	BEGIN { RS = "\001" }
	{
		doc = $0; n = length(doc); depth = 0; instr = 0; esc = 0; want = 0; elem = ""; lastkey = ""; tok = ""
		for (i = 1; i <= n; i++) {
			c = substr(doc, i, 1)
			if (want && depth >= 2) {
				if (c == "\n" || c == "\r" || c == "\t") c = " "
			}
			if (instr) {
				if (esc) esc = 0
				else if (c == "\\") esc = 1
				else if (c == "\"") instr = 0
				else if (depth == 1) tok = tok c
				if (want && depth >= 2) elem = elem c
				continue
			}
			if (c == "\"") { instr = 1; if (depth == 1) tok = ""; if (want && depth >= 2) elem = elem c; continue }
			if (c == ":" && depth == 1) { lastkey = tok; continue }
			if (c == "[" || c == "{") {
				depth++
				if (depth == 2 && c == "[" && lastkey == key) { want = 1; elem = ""; continue }
				if (want && depth >= 3) elem = elem c
				continue
			}
			if (c == "]" || c == "}") {
				if (want && depth == 2) { if (elem ~ /[^ ]/) print elem; want = 0; elem = ""; depth--; continue }
				if (want && depth >= 3) elem = elem c
				depth--
				continue
			}
			if (want && depth == 2 && c == ",") { if (elem ~ /[^ ]/) print elem; elem = ""; continue }
			if (want && depth >= 2) elem = elem c
		}
	}
	' "$2" | sed 's/^ *//; s/ *$//'
}

# awk functions js(s) (a JSON string) and jsn(s) (a JSON string, or null when empty).
AWK_JSON='
function js(s,   out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\") out = out "\\\\"
		else if (c == "\"") out = out "\\\""
		else if (c in CTL) out = out CTL[c]
		else out = out c
	}
	return "\"" out "\""
}
function jsn(s) { return s == "" ? "null" : js(s) }
BEGIN {
	for (i = 1; i < 32; i++) CTL[sprintf("%c", i)] = sprintf("\\u%04x", i)
	CTL["\n"] = "\\n"; CTL["\t"] = "\\t"; CTL["\r"] = "\\r"; CTL[sprintf("%c", 127)] = "\\u007f"
}
'

jstr() { printf '%s' "$1" | awk "$AWK_JSON"'BEGIN { RS = "\001" } { sub(/\n$/, ""); printf "%s", js($0) } END { if (NR == 0) printf "\"\"" }'; }
jnull() { if [ -z "$1" ]; then printf 'null'; else jstr "$1"; fi; }

# A JSON array of strings from the lines on stdin: ["a", "b"].
jlines() { awk "$AWK_JSON"'{ printf "%s%s", (NR > 1 ? ", " : ""), js($0) }'; }

# Adds the commas between JSON array elements given one per line.
join_lines() {
	awk 'NR > 1 { print prev "," } { prev = $0 } END { if (NR > 0) print prev }'
}

# The body of the manifest's "files" array: files.rec, then any raw JSON elements in
# $WORK/extrafiles.json (one per line, e.g. merged from node bundles).
manifest_files() {
	{
		awk -F "$US" "$AWK_JSON"'
		{
			printf "    {\"path\": %s, \"sha256\": %s, \"size\": %s, \"command\": %s, \"source\": %s, \"exitCode\": %s, \"durationMs\": %s, \"stderr\": %s, \"truncated\": %s}\n",
				js($1), jsn($2), $3, jsn($4), jsn($5), ($6 == "" ? "null" : $6), ($7 == "" ? "null" : $7), jsn($8), $9
		}' "$WORK/files.rec"
		sed 's/^/    /' "$WORK/extrafiles.json"
	} | join_lines
}

# The body of the manifest's "skipped" array: skipped.rec, then $WORK/extraskipped.json.
manifest_skipped() {
	{
		awk -F "$US" "$AWK_JSON"'
		{ printf "    {\"path\": %s, \"command\": %s, \"reason\": %s, \"detail\": %s}\n", js($1), jsn($2), js($3), js($4) }
		' "$WORK/skipped.rec"
		sed 's/^/    /' "$WORK/extraskipped.json"
	} | join_lines
}

# ----------------------------------------------------------------------------------------------
# The tarball: entries at the root, sorted, files only, manifest.json first (so a streaming reader
# finds it before the rest). Written in $WORK and moved to $OUTPUT only when complete.
# ----------------------------------------------------------------------------------------------
write_tarball() {
	(cd "$BUNDLE" && find . -type f | sed 's|^\./||' | LC_ALL=C sort >"$WORK/entries.lst")
	grep -vx 'manifest.json' "$WORK/entries.lst" >"$WORK/entries.rest"
	set -- manifest.json
	while IFS= read -r pw_e; do set -- "$@" "$pw_e"; done <"$WORK/entries.rest"
	(cd "$BUNDLE" && tar -cf - "$@") | gzip -n -c >"$WORK/bundle.tar.gz" || return 1
	mv "$WORK/bundle.tar.gz" "$OUTPUT"
}
