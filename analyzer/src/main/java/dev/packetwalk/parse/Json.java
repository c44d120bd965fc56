package dev.packetwalk.parse;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON mapper the parsers and stages share, made on first use: building one takes a fresh JVM about 0.1 s
 * (some 370 classes), which a run that reads no JSON at all, such as a bare capture's, need not pay.
 */
public final class Json {
  private Json() {}

  /** A default mapper; thread-safe for reading trees. */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
