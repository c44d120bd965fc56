package dev.packetwalk.capture;

/** Wireshark's expert-info severities, so that findings read the same as in Wireshark's Expert Information. */
public enum Severity {
  CHAT,
  NOTE,
  WARN,
  ERROR
}
