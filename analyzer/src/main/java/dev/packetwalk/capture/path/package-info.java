/**
 * Several capture points of one path ({@code packetwalk-collect --capture-path}): the same packet is followed from
 * the client's veth over both underlays to the server's veth and back, through the NAT the nodes apply, and every
 * hop between two points gets a verdict (delivered, not seen at the next point, seen but not answered, answer not
 * seen back at the client), which is then set beside the tracer's prediction for the same flow.
 *
 * <p>Packets are matched by what NAT leaves alone: the IPv4 identification plus TCP sequence and acknowledgement
 * numbers, or the UDP payload (a DNS message's id and question), or ICMP's id and sequence; never by addresses or
 * ports. Tunnelled packets are matched by their inner packet.
 */
package dev.packetwalk.capture.path;
