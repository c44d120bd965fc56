package dev.packetwalk.model.cluster;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The neutral, immutable model of a cluster's API objects, joined for lookups. Checks and the tracer read only this,
 * never the files. Lists are sorted by namespace and name so that everything derived from them is deterministic.
 */
public final class Cluster {
  private final String serverVersion;
  private final List<Node> nodes;
  private final List<Namespace> namespaces;
  private final List<Pod> pods;
  private final List<Service> services;
  private final List<EndpointSet> endpoints;
  private final List<EndpointSet> endpointSlices;
  private final List<Ingress> ingresses;
  private final List<IngressClass> ingressClasses;
  private final List<NetworkPolicy> networkPolicies;
  private final List<Event> events;
  private final List<Workload> workloads;
  private final List<ConfigMap> configMaps;
  private final List<ContainerLog> logs;
  private final List<CustomResource> customResources;

  private final Map<String, Node> nodeByName;
  private final Map<String, Namespace> namespaceByName;
  private final Map<String, Service> serviceByKey;
  private final Map<String, Pod> podByKey;
  private final Map<String, List<Pod>> podsByNamespace;
  private final java.util.Set<Kind> present;

  private Cluster(Builder b) {
    this.serverVersion = b.serverVersion;
    this.nodes = sorted(b.nodes, n -> n.meta());
    this.namespaces = sorted(b.namespaces, n -> n.meta());
    this.pods = sorted(b.pods, Pod::meta);
    this.services = sorted(b.services, Service::meta);
    this.endpoints = sorted(b.endpoints, EndpointSet::meta);
    this.endpointSlices = sorted(b.endpointSlices, EndpointSet::meta);
    this.ingresses = sorted(b.ingresses, Ingress::meta);
    this.ingressClasses = sorted(b.ingressClasses, IngressClass::meta);
    this.networkPolicies = sorted(b.networkPolicies, NetworkPolicy::meta);
    this.events = sorted(b.events, Event::meta);
    this.workloads = sorted(b.workloads, Workload::meta);
    this.configMaps = sorted(b.configMaps, ConfigMap::meta);
    this.logs = b.logs.stream().sorted(Comparator.comparing(ContainerLog::file)).toList();
    this.customResources = sorted(b.customResources, CustomResource::meta);
    this.nodeByName = index(nodes, n -> n.meta().name());
    this.namespaceByName = index(namespaces, n -> n.meta().name());
    this.serviceByKey = index(services, s -> s.meta().key());
    this.podByKey = index(pods, p -> p.meta().key());
    this.podsByNamespace = pods.stream().collect(Collectors.groupingBy(p -> p.meta().namespace(),
        LinkedHashMap::new, Collectors.toUnmodifiableList()));
    this.present = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(b.present));
  }

  private static <T> List<T> sorted(Collection<T> items, Function<T, ObjectMeta> meta) {
    return items.stream().sorted(Comparator.comparing((T t) -> meta.apply(t).namespace())
        .thenComparing(t -> meta.apply(t).name()).thenComparing(t -> meta.apply(t).kind())).toList();
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    Map<String, T> m = new LinkedHashMap<>();
    for (T t : items) m.putIfAbsent(key.apply(t), t);
    return Map.copyOf(m);
  }

  public String serverVersion() { return serverVersion; }
  public List<Node> nodes() { return nodes; }
  public List<Namespace> namespaces() { return namespaces; }
  public List<Pod> pods() { return pods; }
  public List<Service> services() { return services; }
  public List<EndpointSet> endpoints() { return endpoints; }
  public List<EndpointSet> endpointSlices() { return endpointSlices; }
  public List<Ingress> ingresses() { return ingresses; }
  public List<IngressClass> ingressClasses() { return ingressClasses; }
  public List<NetworkPolicy> networkPolicies() { return networkPolicies; }
  public List<Event> events() { return events; }
  public List<Workload> workloads() { return workloads; }
  public List<ConfigMap> configMaps() { return configMaps; }
  public List<ContainerLog> logs() { return logs; }
  public List<CustomResource> customResources() { return customResources; }

  public Optional<Node> node(String name) { return Optional.ofNullable(nodeByName.get(name)); }
  public Optional<Namespace> namespace(String name) { return Optional.ofNullable(namespaceByName.get(name)); }
  public Optional<Service> service(String namespace, String name) {
    return Optional.ofNullable(serviceByKey.get(namespace + "/" + name));
  }
  public Optional<Pod> pod(String namespace, String name) {
    return Optional.ofNullable(podByKey.get(namespace + "/" + name));
  }

  public List<Pod> podsIn(String namespace) {
    return podsByNamespace.getOrDefault(namespace, List.of());
  }

  /** Non-terminal pods of the Service's namespace that its selector selects; empty for selector-less Services. */
  public List<Pod> selectedPods(Service s) {
    if (!s.hasSelector()) return List.of();
    return podsIn(s.meta().namespace()).stream()
        .filter(p -> !p.terminal() && s.selector().matches(p.meta().labels())).toList();
  }

  /** The legacy Endpoints object of a Service, if collected. */
  public Optional<EndpointSet> endpointsOf(Service s) {
    return endpoints.stream().filter(e -> e.meta().namespace().equals(s.meta().namespace())
        && e.serviceName().equals(s.meta().name())).findFirst();
  }

  /** The EndpointSlices of a Service. */
  public List<EndpointSet> slicesOf(Service s) {
    return endpointSlices.stream().filter(e -> e.meta().namespace().equals(s.meta().namespace())
        && e.serviceName().equals(s.meta().name())).toList();
  }

  /** Events about one object, newest last as listed. */
  public List<Event> eventsFor(String kind, String namespace, String name) {
    return events.stream().filter(e -> e.involvedKind().equals(kind) && e.involvedNamespace().equals(namespace)
        && e.involvedName().equals(name)).toList();
  }

  public List<ContainerLog> logsOf(String namespace, String pod) {
    return logs.stream().filter(l -> l.namespace().equals(namespace) && l.pod().equals(pod)).toList();
  }

  /** Whether the bundle held this kind of object at all; absence of a file is not absence of objects. */
  public boolean has(Kind kind) {
    return present.contains(kind);
  }

  /** Kinds whose evidence file was read, so that checks can say INSUFFICIENT_INFO rather than "none found". */
  public enum Kind { NODES, NAMESPACES, PODS, SERVICES, ENDPOINTS, ENDPOINT_SLICES, INGRESSES, INGRESS_CLASSES,
    NETWORK_POLICIES, EVENTS, WORKLOADS, CONFIG_MAPS, LOGS }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects model objects during conversion; {@link #build()} freezes them. */
  public static final class Builder {
    private String serverVersion = "";
    private final java.util.ArrayList<Node> nodes = new java.util.ArrayList<>();
    private final java.util.ArrayList<Namespace> namespaces = new java.util.ArrayList<>();
    private final java.util.ArrayList<Pod> pods = new java.util.ArrayList<>();
    private final java.util.ArrayList<Service> services = new java.util.ArrayList<>();
    private final java.util.ArrayList<EndpointSet> endpoints = new java.util.ArrayList<>();
    private final java.util.ArrayList<EndpointSet> endpointSlices = new java.util.ArrayList<>();
    private final java.util.ArrayList<Ingress> ingresses = new java.util.ArrayList<>();
    private final java.util.ArrayList<IngressClass> ingressClasses = new java.util.ArrayList<>();
    private final java.util.ArrayList<NetworkPolicy> networkPolicies = new java.util.ArrayList<>();
    private final java.util.ArrayList<Event> events = new java.util.ArrayList<>();
    private final java.util.ArrayList<Workload> workloads = new java.util.ArrayList<>();
    private final java.util.ArrayList<ConfigMap> configMaps = new java.util.ArrayList<>();
    private final java.util.ArrayList<ContainerLog> logs = new java.util.ArrayList<>();
    private final java.util.ArrayList<CustomResource> customResources = new java.util.ArrayList<>();
    private final java.util.EnumSet<Kind> present = java.util.EnumSet.noneOf(Kind.class);

    public Builder serverVersion(String v) { serverVersion = v == null ? "" : v; return this; }
    public Builder present(Kind k) { present.add(k); return this; }
    public Builder node(Node n) { nodes.add(n); present.add(Kind.NODES); return this; }
    public Builder namespace(Namespace n) { namespaces.add(n); present.add(Kind.NAMESPACES); return this; }
    public Builder pod(Pod p) { pods.add(p); present.add(Kind.PODS); return this; }
    public Builder service(Service s) { services.add(s); present.add(Kind.SERVICES); return this; }
    public Builder endpoints(EndpointSet e) { endpoints.add(e); present.add(Kind.ENDPOINTS); return this; }
    public Builder endpointSlice(EndpointSet e) {
      endpointSlices.add(e); present.add(Kind.ENDPOINT_SLICES); return this;
    }
    public Builder ingress(Ingress i) { ingresses.add(i); present.add(Kind.INGRESSES); return this; }
    public Builder ingressClass(IngressClass i) {
      ingressClasses.add(i); present.add(Kind.INGRESS_CLASSES); return this;
    }
    public Builder networkPolicy(NetworkPolicy p) {
      networkPolicies.add(p); present.add(Kind.NETWORK_POLICIES); return this;
    }
    public Builder event(Event e) { events.add(e); present.add(Kind.EVENTS); return this; }
    public Builder workload(Workload w) { workloads.add(w); present.add(Kind.WORKLOADS); return this; }
    public Builder configMap(ConfigMap c) { configMaps.add(c); present.add(Kind.CONFIG_MAPS); return this; }
    public Builder log(ContainerLog l) { logs.add(l); present.add(Kind.LOGS); return this; }
    public Builder customResource(CustomResource c) { customResources.add(c); return this; }

    public Cluster build() {
      return new Cluster(this);
    }
  }
}
