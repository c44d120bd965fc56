package dev.packetwalk.parse.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.node.SelinuxParser.Form;
import dev.packetwalk.parse.node.SelinuxParser.Mode;
import dev.packetwalk.parse.node.SelinuxParser.Selinux;
import org.junit.jupiter.api.Test;

class SelinuxParserTest {

  @Test
  void getenforcePrintsOneWord() {
    Parsed<Selinux> p = SelinuxParser.parse("s", "Enforcing\n");
    assertTrue(p.clean());
    assertEquals(Mode.ENFORCING, p.value().mode());
    assertEquals(Form.GETENFORCE, p.value().form());
    assertEquals(1, p.value().line());
    assertEquals(Mode.DISABLED, SelinuxParser.parse("s", "Disabled\n").value().mode());
    assertEquals(Mode.PERMISSIVE, SelinuxParser.parse("s", "\nPermissive\n").value().mode());
    assertEquals(2, SelinuxParser.parse("s", "\nPermissive\n").value().line());
  }

  @Test
  void theEnforceFileHoldsOneOrZero() {
    // the collector copies /sys/fs/selinux/enforce as is: one digit, no newline
    Parsed<Selinux> on = SelinuxParser.parse("s", "1");
    assertEquals(Mode.ENFORCING, on.value().mode());
    assertEquals(Form.ENFORCE_FILE, on.value().form());
    assertEquals(Mode.PERMISSIVE, SelinuxParser.parse("s", "0\n").value().mode());
  }

  @Test
  void sestatusWithBooleans() {
    Parsed<Selinux> p = SelinuxParser.parse("s", NodeResources.realworld("insights-sestatus-permissive.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(Mode.PERMISSIVE, p.value().mode());
    assertEquals(Form.SESTATUS, p.value().form());
    assertEquals(5, p.value().line());
    assertEquals(Mode.PERMISSIVE, p.value().configMode());
    assertEquals("targeted", p.value().status().get("Loaded policy name"));
    assertEquals(9, p.value().status().size());
    assertEquals(10, p.value().booleans().size());
    assertTrue(p.value().booleans().get("abrt_upload_watch_anon_write"));
    assertFalse(p.value().booleans().get("abrt_anon_write"));
  }

  @Test
  void sestatusDisabledAndLegacy() {
    Parsed<Selinux> off = SelinuxParser.parse("s", NodeResources.realworld("insights-sestatus-disabled.txt"));
    assertTrue(off.clean());
    assertEquals(Mode.DISABLED, off.value().mode());
    assertEquals(1, off.value().line());
    Parsed<Selinux> old = SelinuxParser.parse("s", NodeResources.realworld("insights-sestatus-enforcing-legacy.txt"));
    assertTrue(old.clean());
    assertEquals(Mode.ENFORCING, old.value().mode());
    assertEquals(2, old.value().line());
    assertNull(old.value().configMode());
  }

  @Test
  void anythingElseHasNoMode() {
    Parsed<Selinux> junk = SelinuxParser.parse("s", "sh: getenforce: not found\n");
    assertNull(junk.value().mode());
    assertFalse(junk.warnings(ParseWarning.Kind.UNRECOGNIZED).isEmpty());
    Parsed<Selinux> word = SelinuxParser.parse("s", "Enforcing\nextra\n");
    assertEquals(Mode.ENFORCING, word.value().mode());
    assertEquals(2, word.warnings().get(0).line());
    Parsed<Selinux> bare = SelinuxParser.parse("s", "yes\n");
    assertNull(bare.value().mode());
    assertNull(bare.value().form());
    assertEquals("yes", bare.warnings().get(0).raw());
    Parsed<Selinux> empty = SelinuxParser.parse("s", "");
    assertNull(empty.value().mode());
    assertTrue(empty.clean());
  }
}
