package dev.packetwalk.parse.iproute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test resources that sit next to this package. */
final class Fixtures {
  private Fixtures() {}

  static String read(String relative) {
    try (InputStream in = Fixtures.class.getResourceAsStream(relative)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + relative);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
