package dev.packetwalk.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Holds every entry of {@link Checks#ALL} to the catalog's contract: id, doc, test, metadata. */
class CheckCatalogContractTest {

  @Test
  void idsAreUnique() {
    Set<String> seen = new HashSet<>();
    for (Check c : Checks.ALL) assertTrue(seen.add(c.info().id()), "duplicate id " + c.info().id());
  }

  @TestFactory
  Stream<DynamicTest> everyCheckKeepsTheContract() {
    return Checks.ALL.stream().map(c -> DynamicTest.dynamicTest(c.info().id(), () -> {
      CheckInfo info = c.info();
      assertTrue(info.id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "kebab-case id: " + info.id());
      assertNotNull(info.severity(), "severity");
      assertNotNull(info.layer(), "layer");
      assertFalse(info.title() == null || info.title().isBlank(), "title");
      assertFalse(info.summary() == null || info.summary().isBlank(), "summary");
      String doc = "checks/" + info.id() + ".md";
      assertNotNull(Check.class.getClassLoader().getResource(doc), "doc " + doc + " on the classpath");
      String test = c.getClass().getName() + "Test";
      assertDoesNotThrow(() -> Class.forName(test), "test class " + test);
      assertEquals(1, Checks.ALL.stream().filter(o -> o.getClass() == c.getClass()).count(), "registered once");
    }));
  }
}
