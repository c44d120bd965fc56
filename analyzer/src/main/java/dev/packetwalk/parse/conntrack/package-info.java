/**
 * Faithful records of conntrack-tools output: {@code conntrack -L [-o extended]} entries, {@code conntrack -S} per-CPU
 * statistics and {@code conntrack -C}. The {@code -L} parser is a hand tokenizer (no regex per field) because a busy
 * node holds a million entries. Bad lines become {@link dev.packetwalk.parse.ParseWarning}s; parsing never throws.
 */
package dev.packetwalk.parse.conntrack;
