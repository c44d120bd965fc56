package dev.packetwalk.parse.netfilter;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.packetwalk.parse.ipset.IpsetListParser;
import dev.packetwalk.parse.iptables.IptablesListParser;
import dev.packetwalk.parse.iptables.IptablesSaveParser;
import dev.packetwalk.parse.ipvs.IpvsadmListParser;
import dev.packetwalk.parse.ipvs.IpvsadmSaveParser;
import dev.packetwalk.parse.ipvs.ProcIpvsStatsParser;
import dev.packetwalk.parse.nft.NftJsonParser;
import dev.packetwalk.parse.nft.NftListParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every parser, fed every real file cut short at many points, with lines shuffled, and with random bytes, returns a
 * result instead of throwing. A fixed seed keeps failures reproducible.
 */
class NeverThrowsTest {

  private static final List<BiFunction<String, String, Object>> PARSERS = List.of(IptablesSaveParser::parse,
      IptablesListParser::parse, NftListParser::parse, NftJsonParser::parse, IpsetListParser::parse,
      IpvsadmListParser::parse, IpvsadmSaveParser::parse, ProcIpvsStatsParser::parse);

  @Test
  void damagedRealInputNeverThrows() {
    List<String> inputs = new ArrayList<>();
    for (String folder : List.of("iptables/realworld", "nft/realworld", "nft/generated", "ipvs/realworld",
        "ipset/generated")) {
      for (String name : Resources.list(folder)) {
        inputs.add(Resources.read(folder + "/" + name));
      }
    }
    Random random = new Random(42);
    for (String text : inputs) {
      List<String> variants = new ArrayList<>();
      for (int cut = 1; cut < 12; cut++) {
        variants.add(text.substring(0, text.length() * cut / 12));
      }
      List<String> lines = new ArrayList<>(text.lines().toList());
      java.util.Collections.shuffle(lines, random);
      variants.add(String.join("\n", lines));
      byte[] noise = new byte[200];
      random.nextBytes(noise);
      variants.add(new String(noise, java.nio.charset.StandardCharsets.ISO_8859_1));
      variants.add(text.replace('"', ' ').replace('{', '}'));
      for (String v : variants) {
        for (BiFunction<String, String, Object> p : PARSERS) {
          assertNotNull(p.apply("fuzz", v));
        }
      }
    }
  }
}
