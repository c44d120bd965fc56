package dev.packetwalk.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network-namespace plumbing for tests that build machines out of namespaces: it makes namespaces, veths and
 * background processes, runs commands in them, and undoes all of it on {@link #close()} in reverse order, so that a
 * failed setup still leaves nothing behind.
 *
 * <p>Every namespace is named {@code <prefix>-<name>}; the prefix holds the JVM's pid ({@code pwk-<pid>-<random>}),
 * so {@link #removeStale()} can tell the namespaces of a dead run (a killed JVM runs no cleanup) from those of a run
 * still going on in another JVM.
 */
public final class Netns implements AutoCloseable {
  public static final String STALE_PREFIX = "pwk-";

  /** A finished command: exit code and stdout+stderr. */
  public record Proc(int exitCode, String out) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private final String prefix;
  private final Deque<Runnable> undo = new ArrayDeque<>();

  public Netns() {
    this.prefix = STALE_PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(SecureRandom.getSeed(2));
  }

  public String prefix() {
    return prefix;
  }

  /** Why namespace tests cannot run here, or null when they can. */
  public static String unavailableReason() {
    if (!run(List.of("id", "-u")).out().trim().equals("0")) {
      return "not root: building network namespaces needs root";
    }
    if (!run(List.of("ip", "netns", "list")).ok()) {
      return "`ip netns` is not available";
    }
    for (String tool : List.of("ip", "iptables-restore", "iptables-save", "sysctl", "conntrack", "python3")) {
      if (!onPath(tool)) {
        return tool + " is not on PATH";
      }
    }
    return null;
  }

  /** Deletes the {@code pwk-*} namespaces (and kills their processes) left by runs whose JVM is gone. */
  public static void removeStale() {
    for (String line : run(List.of("ip", "netns", "list")).out().split("\n")) {
      String ns = line.split(" ")[0];
      if (!ns.startsWith(STALE_PREFIX)) {
        continue;
      }
      String[] parts = ns.split("-");
      boolean ownerAlive = parts.length > 1 && parts[1].matches("\\d+")
          && ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false);
      if (!ownerAlive) {
        killAll(ns);
        run(List.of("ip", "netns", "del", ns));
      }
    }
    // bind mounts of pod namespaces into fake host roots (see bindMount) outlive their namespace
    try {
      for (String m : Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String target = m.split(" ")[1];
        if (target.contains("/" + STALE_PREFIX) && target.contains("/run/netns/")) {
          String owner = target.replaceAll(".*/" + STALE_PREFIX + "(\\d+)-.*", "$1");
          if (owner.matches("\\d+") && ProcessHandle.of(Long.parseLong(owner)).isEmpty()) {
            run(List.of("umount", "-l", target));
          }
        }
      }
    } catch (IOException e) {
      // no /proc/self/mounts: nothing to clean
    }
  }

  /** Creates namespace {@code <prefix>-<name>} with lo up; returns its full name. */
  public String add(String name) {
    String ns = prefix + "-" + name;
    check(run(List.of("ip", "netns", "add", ns)), "ip netns add " + ns);
    undo.push(() -> {
      killAll(ns);
      run(List.of("ip", "netns", "del", ns));
    });
    sh(ns, "ip", "link", "set", "lo", "up");
    return ns;
  }

  /** A veth pair: {@code ifA} in {@code nsA}, {@code ifB} in {@code nsB}, both up. Deleted with the namespaces. */
  public void veth(String nsA, String ifA, String nsB, String ifB) {
    sh(nsA, "ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
    sh(nsA, "ip", "link", "set", ifA, "up");
    sh(nsB, "ip", "link", "set", ifB, "up");
  }

  /** Runs a command inside a namespace. */
  public Proc exec(String ns, String... cmd) {
    return run(inNs(ns, List.of(cmd)), null);
  }

  /** Runs a command inside a namespace with stdin from a file. */
  public Proc exec(String ns, Path stdin, String... cmd) {
    return run(inNs(ns, List.of(cmd)), stdin);
  }

  /** Runs a command inside a namespace and fails the test if it fails. */
  public String sh(String ns, String... cmd) {
    Proc p = exec(ns, cmd);
    check(p, "in " + ns + ": " + String.join(" ", cmd));
    return p.out();
  }

  /**
   * Starts a long-running process inside a namespace, output to {@code log}; it is killed on close (and with its
   * namespace by {@link #removeStale()} if the JVM dies first).
   */
  public Process start(String ns, Path log, String... cmd) throws IOException {
    Process p = new ProcessBuilder(inNs(ns, List.of(cmd))).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    undo.push(() -> stop(p));
    return p;
  }

  /** Bind-mounts namespace {@code ns} at {@code target} (a fake host root's /run/netns/NAME); unmounted on close. */
  public void bindMount(String ns, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.writeString(target, "");
    check(run(List.of("mount", "--bind", "/run/netns/" + ns, target.toString())), "mount --bind " + ns);
    undo.push(() -> run(List.of("umount", target.toString())));
  }

  @Override
  public void close() {
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        // keep undoing the rest: a leftover namespace is worse than a lost exception
      }
    }
  }

  static List<String> inNs(String ns, List<String> cmd) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(cmd);
    return full;
  }

  private static void killAll(String ns) {
    for (String pid : run(List.of("ip", "netns", "pids", ns)).out().split("\\s+")) {
      if (pid.matches("\\d+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void check(Proc p, String what) {
    if (!p.ok()) {
      throw new AssertionError(what + " failed (exit " + p.exitCode() + "): " + p.out());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plain process helpers, shared by every namespace test
  // ---------------------------------------------------------------------------------------------

  public static Proc run(List<String> cmd) {
    return run(cmd, null);
  }

  /** Runs a command to its end (60 s at most), stdout and stderr together. Never throws. */
  public static Proc run(List<String> cmd, Path stdin) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (stdin != null) {
        pb.redirectInput(stdin.toFile());
      }
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Proc(-1, out + "\n(timed out)");
      }
      return new Proc(p.exitValue(), out);
    } catch (IOException e) {
      return new Proc(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Proc(-1, e.toString());
    }
  }

  public static boolean isRoot() {
    return run(List.of("id", "-u")).out().trim().equals("0");
  }

  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Something to wait for. */
  public interface Condition {
    boolean met() throws Exception;
  }

  /** Polls every 100 ms, failing the test after {@code seconds}. */
  public static void waitFor(Condition c, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!c.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
