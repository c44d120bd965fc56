/**
 * Faithful records of iproute2 output ({@code ip link}, {@code ip addr}, {@code ip route}, {@code ip rule},
 * {@code ip neigh}, {@code bridge fdb}, {@code bridge link}), text and {@code ip -j} JSON alike.
 *
 * <p>These records mirror the tool's own vocabulary (a route keeps its printed {@code type}, {@code table} name,
 * {@code proto}, flags and raw line); they are not the neutral dataplane model. One small parser per evidence source;
 * each declares the bundle path it reads in a {@code PATH} constant. Parsers never throw on bad input: unknown lines
 * and keywords become {@link dev.packetwalk.parse.ParseWarning}s that keep the raw text, and parsing goes on.
 *
 * <p>Where text and JSON name the same fact differently (text {@code dstport 8472}, JSON {@code "port":8472}), the JSON
 * parser renames into the text vocabulary so that both give equal records for the facts packetwalk uses; the real-kernel
 * tests hold them to that.
 */
package dev.packetwalk.parse.iproute;
