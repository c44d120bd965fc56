/**
 * Faithful records of node files: {@code sysctl -a}, {@code lsmod}, SELinux mode, {@code /etc/resolv.conf}, kubelet
 * config and command line, CNI configs ({@code .conf}/{@code .conflist}), host-local IPAM state and flannel
 * {@code subnet.env}. One small parser per source; bad input becomes warnings, never exceptions.
 */
package dev.packetwalk.parse.node;
