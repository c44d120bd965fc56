package dev.packetwalk.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds every entry of {@link Checks#ALL} to the catalog's contract: a unique kebab-case id, complete metadata, a doc
 * {@code checks/<id>.md} with the agreed sections, and a {@code <SimpleName>Test} beside it with more than one case.
 */
class CheckCatalogContractTest {
  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  static final List<String> DOC_SECTIONS = List.of("## What it detects", "## Why it breaks traffic",
      "## How packetwalk decides", "## Evidence cited", "## What to do next", "## False positives");

  static Stream<Check> checks() {
    return Checks.ALL.stream();
  }

  @Test
  void idsAreUniqueAndTheCatalogIsNotEmpty() {
    assertFalse(Checks.ALL.isEmpty());
    Set<String> seen = new HashSet<>();
    for (Check c : Checks.ALL) assertTrue(seen.add(c.info().id()), "duplicate check id " + c.info().id());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void metadataIsComplete(Check check) {
    CheckInfo info = check.info();
    assertNotNull(info, check.getClass().getName());
    assertTrue(KEBAB.matcher(info.id()).matches(), "not kebab-case: " + info.id());
    assertNotNull(info.severity(), info.id());
    assertNotNull(info.layer(), info.id());
    assertFalse(info.title() == null || info.title().isBlank(), info.id() + " has no title");
    assertFalse(info.summary() == null || info.summary().isBlank(), info.id() + " has no summary");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void hasADocWithTheAgreedSections(Check check) throws IOException {
    String id = check.info().id();
    try (InputStream in = CheckCatalogContractTest.class.getResourceAsStream("/checks/" + id + ".md")) {
      assertNotNull(in, "no doc checks/" + id + ".md on the classpath");
      String doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(doc.startsWith("# " + id), "checks/" + id + ".md should start with '# " + id + "'");
      for (String section : DOC_SECTIONS) {
        assertTrue(doc.contains("\n" + section + "\n"), "checks/" + id + ".md lacks '" + section + "'");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void hasATestClassWithPositiveAndNegativeCases(Check check) {
    String name = check.getClass().getName() + "Test";
    Class<?> test = assertDoesNotThrow(() -> Class.forName(name), "no test class " + name);
    long cases = Arrays.stream(test.getDeclaredMethods()).filter(CheckCatalogContractTest::isTest).count();
    assertTrue(cases >= 2, name + " has " + cases + " test(s); a check needs a positive and a negative case");
  }

  @Test
  void eachCheckClassIsRegisteredOnce() {
    assertEquals(Checks.ALL.size(), Checks.ALL.stream().map(Object::getClass).distinct().count());
  }

  private static boolean isTest(Method m) {
    return m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class);
  }
}
