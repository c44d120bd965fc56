package dev.packetwalk.parse.netfilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a scratch network namespace for loading rules into a real kernel. {@link #open()} returns null when
 * namespaces or the tools are unavailable, so that tests can skip visibly with an assumption.
 */
public final class Netns implements AutoCloseable {
  public final String name;

  private Netns(String name) {
    this.name = name;
  }

  /** Creates {@code pw-<random>}; null if that is not possible here (not root, no ip(8), no netns support). */
  public static Netns open() {
    String n = "pw-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Result r = run(null, "ip", "netns", "add", n);
      return r.exit == 0 ? new Netns(n) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Runs a command inside the namespace with optional stdin. */
  public Result exec(String stdin, String... cmd) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(cmd));
    return run(stdin, full.toArray(String[]::new));
  }

  @Override
  public void close() throws IOException {
    run(null, "ip", "netns", "del", name);
  }

  public record Result(int exit, String out, String err) {}

  public static Result run(String stdin, String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    try {
      // read stderr on the side so that a chatty tool cannot block on a full pipe
      var err = new java.util.concurrent.CompletableFuture<String>();
      Thread t = new Thread(() -> {
        try {
          err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          err.complete("");
        }
      });
      t.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out, "timeout");
      }
      t.join();
      return new Result(p.exitValue(), out, err.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
