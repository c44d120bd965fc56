package dev.packetwalk.parse.node;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * Parses one network's directory of the host-local IPAM plugin ({@code /var/lib/cni/networks/<net>/}), as the
 * plugin's disk store writes it:
 *
 * <ul>
 *   <li>a file named by each reserved IP, holding the container id, {@code \r\n}, and the interface name; host-local
 *       before the interface name was added writes only the container id;
 *   <li>{@code last_reserved_ip.<range>}: the IP last handed out from each range, where the next search starts;
 *   <li>{@code lock}: the empty file the plugin locks while it allocates.
 * </ul>
 *
 * A file {@code 10.244.1.10} holding {@code 49e3b0b8...\r\neth0} gives {@code Reservation[ip=10.244.1.10,
 * containerId=49e3b0b8..., ifname=eth0, ...]}. Any other file is an UNRECOGNIZED warning and reserves nothing.
 */
public final class IpamDirParser {
  public static final String PATH = "nodes/{node}/files/var/lib/cni/networks/{net}/{file}";

  private static final String LAST_RESERVED = "last_reserved_ip.";
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
      + "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  // the plugin names files by Go's net.IP.String(); on Windows ':' becomes '_'
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F]{0,4}([:_][0-9a-fA-F]{0,4}){2,7}"
      + "([:_]" + IPV4.pattern() + ")?");

  private IpamDirParser() {}

  /**
   * An address held for a container.
   *
   * @param ifname the container's interface, or null when the file holds only the id (older host-local)
   * @param file bundle path of the file
   */
  public record Reservation(String ip, String containerId, String ifname, String file) {}

  /** {@code last_reserved_ip.<rangeId>}. */
  public record LastReserved(String rangeId, String ip, String file) {}

  /** @param locked whether the {@code lock} file was there (it stays after the first allocation) */
  public record IpamDir(String network, List<Reservation> reservations, List<LastReserved> lastReserved,
      boolean locked) {
    public IpamDir {
      reservations = List.copyOf(reservations);
      lastReserved = List.copyOf(lastReserved);
    }
  }

  /**
   * @param network the directory's name (the CNI network name)
   * @param files the directory's files by bundle path; the file name is the part after the last {@code /}
   */
  public static Parsed<IpamDir> parse(String network, SortedMap<String, String> files) {
    List<ParseWarning> warnings = new ArrayList<>();
    List<Reservation> reservations = new ArrayList<>();
    List<LastReserved> last = new ArrayList<>();
    boolean locked = false;
    for (Map.Entry<String, String> e : files.entrySet()) {
      String file = e.getKey();
      String name = file.substring(file.lastIndexOf('/') + 1);
      String text = e.getValue();
      if (name.equals("lock")) {
        locked = true;
      } else if (name.startsWith(LAST_RESERVED)) {
        String ip = text.strip();
        if (!isIp(ip)) {
          warnings.add(new ParseWarning(file, 1, ParseWarning.Kind.MALFORMED, "last_reserved_ip holds no IP", ip));
        }
        last.add(new LastReserved(name.substring(LAST_RESERVED.length()), ip, file));
      } else if (isIp(name)) {
        reservations.add(reservation(file, name, text, warnings));
      } else {
        warnings.add(new ParseWarning(file, 0, ParseWarning.Kind.UNRECOGNIZED,
            "not a host-local IPAM file (an IP, last_reserved_ip.N or lock)", name));
      }
    }
    return new Parsed<>(new IpamDir(network, reservations, last, locked), warnings);
  }

  private static Reservation reservation(String file, String ip, String text, List<ParseWarning> warnings) {
    String[] lines = Lines.of(text.strip());
    String id = lines.length > 0 ? lines[0].strip() : "";
    String ifname = lines.length > 1 ? lines[1].strip() : null;
    if (id.isEmpty()) {
      warnings.add(new ParseWarning(file, 1, ParseWarning.Kind.MALFORMED,
          "no container id: the address is held, but for no one", text));
    }
    for (int i = 2; i < lines.length; i++) {
      warnings.add(new ParseWarning(file, i + 1, ParseWarning.Kind.UNRECOGNIZED,
          "host-local writes a container id and an interface name only", lines[i]));
    }
    return new Reservation(ip.replace('_', ':'), id, ifname, file);
  }

  private static boolean isIp(String s) {
    return IPV4.matcher(s).matches() || (IPV6.matcher(s).matches() && s.chars().anyMatch(Character::isLetterOrDigit));
  }
}
