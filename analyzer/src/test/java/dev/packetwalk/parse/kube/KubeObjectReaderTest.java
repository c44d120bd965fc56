package dev.packetwalk.parse.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KubeObjectReaderTest {

  private static KubeObjectReader.Result read(String text) {
    return KubeObjectReader.read("cluster/pods.json", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonListItemsKeepTheirLines() {
    var r = read("""
        {
          "apiVersion": "v1",
          "kind": "List",
          "items": [
            {"kind": "Pod", "metadata": {"name": "a", "namespace": "x"}},
            {
              "kind": "Pod",
              "metadata": {"name": "b", "namespace": "x"},
              "spec": {"nodeName": "n1"}
            }
          ]
        }
        """);
    assertEquals(2, r.objects().size());
    assertEquals(5, r.objects().get(0).ref().line());
    assertEquals(6, r.objects().get(1).ref().line());
    assertEquals(9, r.objects().get(1).ref("/spec/nodeName").line());
    assertEquals("/items/1/spec/nodeName", r.objects().get(1).ref("/spec/nodeName").pointer());
    assertTrue(r.warnings().isEmpty());
  }

  @Test
  void yamlMultiDocumentAndSingleObjects() {
    var r = read("""
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          selector:
            app: web
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: shop
        """);
    assertEquals(2, r.objects().size());
    assertEquals("api", r.objects().get(1).name());
    assertEquals(7, r.objects().get(0).ref("/spec/selector").line());
    assertEquals(12, r.objects().get(1).ref("/metadata").line());
  }

  @Test
  void truncatedJsonKeepsCompleteItemsAndSaysWhere() {
    var r = read("""
        {"kind": "PodList", "items": [
          {"kind": "Pod", "metadata": {"name": "a"}},
          {"kind": "Pod", "metadata": {"name": "b"}},
          {"kind": "Pod", "metadata": {"na""");
    assertEquals(2, r.objects().size());
    assertFalse(r.fatal());
    assertEquals(ParseWarning.Kind.MALFORMED, r.warnings().get(0).kind());
    assertTrue(r.warnings().get(0).line() >= 4, r.warnings().toString());
  }

  @Test
  void textThatIsNotKubernetesIsAWarningNotACrash() {
    var r = read("NAME   READY   STATUS\nweb-1  1/1     Running\n");
    assertTrue(r.objects().isEmpty());
    assertFalse(r.warnings().isEmpty());
  }

  @Test
  void itemsWithoutNameAreSkippedWithAWarning() {
    var r = read("{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{}}, 42]}");
    assertTrue(r.objects().isEmpty());
    assertEquals(2, r.warnings().size());
  }
}
