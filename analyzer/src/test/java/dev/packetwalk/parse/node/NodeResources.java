package dev.packetwalk.parse.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test inputs: public real-world files ({@code realworld/}) and files copied from the sample bundles. */
final class NodeResources {
  private NodeResources() {}

  static String realworld(String name) {
    return read("realworld/" + name);
  }

  /** A file of {@code samples/real-kernel/healthy.tar.gz}, below {@code nodes/worker-2/}. */
  static String healthyWorker2(String rel) {
    return read("samples/real-kernel-healthy-worker-2/" + rel);
  }

  static String read(String name) {
    try (InputStream in = NodeResources.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("no test resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
