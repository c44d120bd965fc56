#!/usr/bin/env bash
# Prints one TSV row of reference counts per capture, computed by tshark, for RealWorldCapturesTest and
# TsharkLiveCrossCheckTest. Regenerate the checked-in table (from this directory) with:
#   ./tshark-expectations.sh --header *.pcap *.pcapng pcapng-suite/*.pcapng > tshark-expectations.tsv
# Every count is "frames matching a display filter": tshark -r FILE -d udp.port==8472,vxlan -Y FILTER -T fields
# -e frame.number | wc -l ("-d udp.port==8472,vxlan" because packetwalk decodes flannel's VXLAN port and tshark does
# not by default). Packets: the same with no filter, i.e. the frames tshark read before any error (= capinfos).
# TCP conversations: lines of "tshark -q -z conv,tcp". DNS counts are frames with a DNS message on port 53 that is
# not quoted inside an ICMP error.
set -u
DNS='dns && !icmp && !icmpv6 && (udp.port==53 || tcp.port==53)'
FILTERS=("frame" "tcp.analysis.retransmission" "tcp.analysis.fast_retransmission" "tcp.analysis.duplicate_ack"
  "tcp.analysis.zero_window" "$DNS && dns.flags.response==0" "$DNS && dns.flags.response==1")
if [ "${1:-}" = "--header" ]; then
  shift
  echo "# $(tshark --version 2>/dev/null | head -1)"
  for f in "${FILTERS[@]}"; do echo "# count: tshark -r FILE -d udp.port==8472,vxlan -Y '$f' -T fields -e frame.number | wc -l"; done
  echo "# tcp_conversations: tshark -r FILE -q -d udp.port==8472,vxlan -z conv,tcp | grep -c ' <-> '"
  echo "# file	packets	tcp_conversations	tcp_retransmission	tcp_fast_retransmission	tcp_duplicate_ack	tcp_zero_window	dns_queries	dns_responses"
fi
for f in "$@"; do
  c=()
  for flt in "${FILTERS[@]}"; do
    c+=("$(tshark -r "$f" -d udp.port==8472,vxlan -Y "$flt" -T fields -e frame.number 2>/dev/null | wc -l)")
  done
  conv=$(tshark -r "$f" -q -d udp.port==8472,vxlan -z conv,tcp 2>/dev/null | grep -c ' <-> ')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "${c[0]}" "$conv" "${c[1]}" "${c[2]}" "${c[3]}" "${c[4]}" "${c[5]}" "${c[6]}"
done
