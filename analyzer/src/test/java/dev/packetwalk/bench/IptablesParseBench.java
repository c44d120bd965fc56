package dev.packetwalk.bench;

import dev.packetwalk.parse.iptables.IptablesDump;
import dev.packetwalk.parse.iptables.IptablesSaveParser;
import dev.packetwalk.parse.netfilter.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a unit test: a parse benchmark. Compares {@link IptablesSaveParser} with {@code iptables-restore --test} on
 * the same dump and prints medians.
 *
 * <pre>
 * python3 gen_kubeproxy_iptables.py --services 10000 --endpoints-avg 5 > /tmp/kube-10k.save
 * ./mvnw -q -o test-compile
 * java -cp analyzer/target/classes:analyzer/target/test-classes dev.packetwalk.bench.IptablesParseBench /tmp/kube-10k.save
 * </pre>
 */
public final class IptablesParseBench {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    String text = Files.readString(file);
    IptablesDump d = null;
    for (int i = 0; i < 3; i++) { // warm-up
      d = IptablesSaveParser.parse(file.toString(), text);
    }
    List<Long> parse = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      d = IptablesSaveParser.parse(file.toString(), text);
      parse.add(System.nanoTime() - t0);
    }
    System.out.printf("input: %s, %d bytes, %d lines; parsed %d tables, %d rules, %d warnings%n", file,
        text.length(), text.lines().count(), d.tables().size(), d.rules().size(), d.warnings().size());
    System.out.printf("packetwalk IptablesSaveParser: median %.1f ms over %d runs (after 3 warm-up runs, 1 JVM)%n",
        median(parse) / 1e6, runs);
    Netns ns = Netns.open();
    if (ns == null) {
      System.out.println("iptables-restore --test: skipped (no network namespaces)");
      return;
    }
    try (ns) {
      List<Long> restore = new ArrayList<>();
      for (int i = 0; i < Math.min(runs, 5); i++) {
        long t0 = System.nanoTime();
        Netns.Result r = ns.exec(text, "iptables-restore", "--test");
        restore.add(System.nanoTime() - t0);
        if (r.exit() != 0) {
          System.out.println("iptables-restore --test failed: " + r.err());
          return;
        }
      }
      System.out.printf("iptables-restore --test: median %.1f ms over %d runs (process start included)%n",
          median(restore) / 1e6, restore.size());
    }
  }

  private static double median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
