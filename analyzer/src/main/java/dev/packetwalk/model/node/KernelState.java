package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;
import java.util.Optional;

/**
 * Loaded kernel modules and the SELinux mode.
 *
 * @param modulesKnown whether {@code lsmod} was read; without it "not loaded" cannot be told from "not collected"
 * @param selinux {@code Enforcing}, {@code Permissive}, {@code Disabled}, or "" when unknown
 */
public record KernelState(boolean modulesKnown, List<Module> modules, String selinux, SourceRef selinuxRef) {

  public static final KernelState NONE = new KernelState(false, List.of(), "", SourceRef.NONE);

  public KernelState {
    modules = List.copyOf(modules);
    selinux = selinux == null ? "" : selinux;
    selinuxRef = selinuxRef == null ? SourceRef.NONE : selinuxRef;
  }

  /** One {@code lsmod} line. */
  public record Module(String name, SourceRef ref) {}

  public Optional<Module> module(String name) {
    return modules.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
