#!/usr/bin/env bash
# Prints one TSV row of reference counts per capture, computed by tshark, for TsharkCrossCheckTest.
# Regenerate the checked-in table with:
#   ./tshark-expectations.sh --header *.pcap *.pcapng pcapng-suite/*.pcapng > tshark-expectations.tsv
# One tshark pass per file: "-z io,stat,0,FILTER..." counts the frames matching each filter, "-z conv,tcp" lists
# TCP conversations. "-d udp.port==8472,vxlan" because packetwalk decodes flannel's VXLAN port and tshark does not
# by default. DNS counts are frames with a DNS message on port 53 that is not quoted inside an ICMP error.
set -u
COLS='frame,tcp.analysis.retransmission,tcp.analysis.fast_retransmission,tcp.analysis.duplicate_ack,tcp.analysis.zero_window,dns && !icmp && !icmpv6 && (udp.port==53 || tcp.port==53) && dns.flags.response==0,dns && !icmp && !icmpv6 && (udp.port==53 || tcp.port==53) && dns.flags.response==1'
if [ "${1:-}" = "--header" ]; then
  shift
  echo "# $(tshark --version 2>/dev/null | head -1)"
  echo "# packets: tshark -r FILE -T fields -e frame.number | wc -l   (counts the frames read before any error, like capinfos)"
  echo "# others:  tshark -r FILE -q -d udp.port==8472,vxlan -z conv,tcp -z 'io,stat,0,$COLS'"
  echo "# file	packets	tcp_conversations	tcp_retransmission	tcp_fast_retransmission	tcp_duplicate_ack	tcp_zero_window	dns_queries	dns_responses"
fi
for f in "$@"; do
  out=$(tshark -r "$f" -q -d udp.port==8472,vxlan -z conv,tcp -z "io,stat,0,$COLS" 2>/dev/null)
  # the single data row of io,stat: "| 0.0 <> 30.9 |  108 | 30384 | ..." -> frame counts are every other number
  row=$(printf '%s\n' "$out" | grep -E '^\|[ 0-9.]+<>' | head -1 | tr -d ' ' | tr '|' '\n' | sed -n '3~2p' | paste -sd '\t')
  [ -z "$row" ] && row=$(printf '0\t0\t0\t0\t0\t0\t0')
  conv=$(printf '%s\n' "$out" | grep -c ' <-> ')
  packets=$(tshark -r "$f" -T fields -e frame.number 2>/dev/null | wc -l)
  set -- $row
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$packets" "$conv" "$2" "$3" "$4" "$5" "$6" "$7"
done
