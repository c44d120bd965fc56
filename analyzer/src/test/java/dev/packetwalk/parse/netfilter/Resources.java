package dev.packetwalk.parse.netfilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: reads fixtures under {@code src/test/resources/dev/packetwalk/parse/}. */
public final class Resources {
  private Resources() {}

  /** Reads {@code dev/packetwalk/parse/<relative>} as UTF-8; fails the test if absent. */
  public static String read(String relative) {
    try (InputStream in = Resources.class.getResourceAsStream("/dev/packetwalk/parse/" + relative)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + relative);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File names in a resource folder, sorted; e.g. {@code list("iptables/realworld")}. */
  public static List<String> list(String folder) {
    URL url = Resources.class.getResource("/dev/packetwalk/parse/" + folder);
    if (url == null) {
      throw new AssertionError("missing test resource folder " + folder);
    }
    try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("PROVENANCE.md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
