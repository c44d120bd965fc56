package dev.packetwalk.check;

/** What a finding is about. {@code node} is set when the problem sits on a particular node. */
public record Subject(String kind, String namespace, String name, String node) implements Comparable<Subject> {
  public Subject {
    kind = kind == null ? "" : kind;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
    node = node == null ? "" : node;
  }

  public static Subject of(String kind, String namespace, String name) {
    return new Subject(kind, namespace, name, "");
  }

  public static Subject node(String node) {
    return new Subject("Node", "", node, node);
  }

  public Subject onNode(String node) {
    return new Subject(kind, namespace, name, node);
  }

  /** "Service shop/web", as a person would say it. */
  public String label() {
    String id = namespace.isEmpty() ? name : namespace + "/" + name;
    return (kind + " " + id).trim();
  }

  @Override
  public int compareTo(Subject o) {
    int c = kind.compareTo(o.kind);
    if (c == 0) c = namespace.compareTo(o.namespace);
    if (c == 0) c = name.compareTo(o.name);
    return c != 0 ? c : node.compareTo(o.node);
  }
}
