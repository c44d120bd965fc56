#!/usr/bin/env python3
"""The real-kernel harness world, described once and written three ways (standard library only).

  python3 world.py --repo REPO [--cni host-gw|flannel-vxlan] OUT

writes, all derived from the tables below so that they cannot disagree:
  OUT/api/                 what the stand-in API server serves (objects/*.json, version.json, served-extra.txt),
                           made with the helpers of samples/worlds/generate-worlds.py so it looks like the
                           sample worlds (kubeadm v1.30, kube-proxy iptables mode, CoreDNS, an app in `shop`);
  OUT/topology.json        what the Java world builder turns into namespaces, veths, routes and servers, and
                           the probes to send through them;
  OUT/rules/NODE.rules     each node's kube-proxy ruleset for iptables-restore, in kube-proxy's iptables-mode
                           shape (pkg/proxy/iptables/proxier.go: chain names from base32(sha256), comments,
                           statistic probabilities); NODE.FAULT.rules for the faults that live in the rules;
  OUT/hosts/NODE/          each node's host files for packetwalk-node --host-root (resolv.conf, CNI config,
                           host-local IPAM state, kubelet and kube-proxy config, containerd's sandbox
                           resolv.conf files);
  OUT/crictl/NODE/         a stand-in `crictl` for that node and the answers containerd would give
                           (`crictl pods -o json`, `crictl inspectp -o json ID`), so packetwalk-node can tell
                           which pod owns which network namespace.

--cni host-gw (default): the reference `bridge` plugin on cni0 with host-local IPAM, and routes between
nodes host-gw style (podCIDR via the other node's InternalIP), as kubenet would set them.
--cni flannel-vxlan: flannel's VXLAN backend as flanneld sets it up: flannel.1 (VNI 1, port 8472, the
node's VtepMAC from its annotation), routes `podCIDR via <cidr>.0 dev flannel.1 onlink` with permanent
neighbour and FDB entries, MTU 1450, flannel's FLANNEL-FWD/FLANNEL-POSTRTG rules, its DaemonSet and files.
"""
import argparse
import base64
import uuid
import copy
import hashlib
import importlib.util
import json
import os
import shutil

CLUSTER_CIDR = "10.244.0.0/16"
SERVICE_CIDR = "10.96.0.0/12"
GATEWAY = "10.0.0.1"  # the "switch" namespace holds it; it forwards nothing, so nothing leaves the world
MASQ_MARK = "0x4000"
VXLAN_MTU = 1450  # 1500 on the underlay minus the 50 bytes of VXLAN over IPv4
CNI_NETWORK = "cbr0"

# name, InternalIP, podCIDR, the node's address on cni0
NODES = [("worker-1", "10.0.0.11", "10.244.1.0/24", "10.244.1.1"),
         ("worker-2", "10.0.0.12", "10.244.2.0/24", "10.244.2.1")]

# name, namespace, node, IP, role. Roles: web/api serve HTTP on 8080, dns answers on 53 (UDP and TCP),
# client pods are where probes start from (they serve HTTP too, like any app pod).
PODS = [
    ("web-6b8f9d4c7d-5kz8r", "shop", "worker-1", "10.244.1.10", "web"),
    ("client-7c5d9b8f4-q2w8e", "shop", "worker-1", "10.244.1.20", "client"),
    ("coredns-7db6d8ff4d-2wx5r", "kube-system", "worker-2", "10.244.2.2", "dns"),
    ("web-6b8f9d4c7d-x7p2m", "shop", "worker-2", "10.244.2.10", "web"),
    ("api-5f7c9b8d6-m4x2t", "shop", "worker-2", "10.244.2.21", "api"),
    ("client-7c5d9b8f4-h7k3n", "shop", "worker-2", "10.244.2.20", "client"),
]

WEB_IP = "10.96.100.10"
API_IP = "10.96.100.20"
DNS_IP = "10.96.0.10"
API_NODEPORT = 30080
# the api pod's address before it was recreated: a node whose kube-proxy missed the update still DNATs here
API_OLD_IP = "10.244.2.17"
DNS_RECORDS = {"web.shop.svc.cluster.local": WEB_IP, "api.shop.svc.cluster.local": API_IP,
               "kube-dns.kube-system.svc.cluster.local": DNS_IP}

# A client outside the cluster: an extra address on the switch's br0, so its packets reach the nodes' eth0 as a
# load balancer's or a user's would (probes say "from": "external:<ip>" and bind to it)
EXTERNAL_CLIENT = "10.0.0.100"

# Worlds that add one Service to the recorded objects and to every node's kube-proxy rules, as the API server and
# kube-proxy would see it: name -> the Service's name, ClusterIP, nodePort (or None), and what makes it faulty
ORDERS_IP, ORDERS_NODEPORT = "10.96.100.30", 30090  # selects app=orders: no pod has that label
CATALOG_IP, CATALOG_TARGET_PORT = "10.96.100.40", 9090  # selects the api pod, which serves 8080 only
PUBLIC_IP, PUBLIC_NODEPORT = "10.96.100.50", 30100  # externalTrafficPolicy Local; its one endpoint is on worker-2
SERVICE_WORLDS = ["no-endpoints", "targetport-mismatch", "local-traffic-policy"]

# Faults that live in one node's kube-proxy rules: name -> (node, options for kube_proxy_rules)
RULE_FAULTS = {
    "stale-endpoint": ("worker-1", {"stale": {"shop/api:http": API_OLD_IP}}),
    "nodeport-missing": ("worker-2", {"nodeports": False}),
    # the other way round: kube-proxy on worker-1 last saw shop/api with no endpoints and still rejects it
    "no-endpoints-reject": ("worker-1", {"stale": {"shop/api:http": None}}),
}


def load_generator(repo):
    path = os.path.join(repo, "samples", "worlds", "generate-worlds.py")
    spec = importlib.util.spec_from_file_location("generate_worlds", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------------------
# Recorded objects
# ------------------------------------------------------------------------------------------------
def objects(gw, out, cni, service_world=None):
    w = gw.World("api")
    for name, ip, cidr, _ in NODES:
        gw.node(w, name, ip, cidr, False)
        n = w.get("nodes", name)
        if cni == "host-gw":  # no flannel: the bridge plugin and routes set by the route controller
            for k in [k for k in n["metadata"]["annotations"] if k.startswith("flannel.")]:
                del n["metadata"]["annotations"][k]
            for c in n["status"]["conditions"]:
                if c["type"] == "NetworkUnavailable":
                    c.update({"reason": "RouteCreated", "message": "RouteController created a route"})
    namespaces = ["default", "kube-system", "kube-public", "kube-node-lease", "shop"]
    if cni == "flannel-vxlan":
        namespaces.append("kube-flannel")
        flannel(gw, w)
    for ns in namespaces:
        w.add("namespaces", {"apiVersion": "v1", "kind": "Namespace",
                             "metadata": gw.meta(ns, None, {"kubernetes.io/metadata.name": ns},
                                                 created=gw.APPS if ns == "shop" else gw.CREATED, kind="Namespace"),
                             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
    gw.kubernetes_service(w)

    # kube-proxy on every node (hostNetwork)
    kp = gw.container("kube-proxy", gw.PROXY_IMAGE, resources={},
                      command=["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                               "--hostname-override=$(NODE_NAME)"],
                      env=[{"name": "NODE_NAME",
                            "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}])
    kp["securityContext"] = {"privileged": True}
    for name, ip, _, _ in NODES:
        p = gw.pod(w, f"kube-proxy-{gw.POD_SUFFIX[('kube-proxy', name)]}", "kube-system", name, ip,
                   {"controller-revision-hash": "6c7f8d9b5f", "k8s-app": "kube-proxy", "pod-template-generation": "1"},
                   [copy.deepcopy(kp)], gw.owner_ref("apps/v1", "DaemonSet", "kube-proxy", "kube-system"),
                   "2026-11-01T08:01:10Z", host_network=True, sa="kube-proxy", tolerations=gw.DS_TOLERATIONS,
                   priority_class="system-node-critical")
        p["status"]["qosClass"] = "BestEffort"
    gw.daemonset(w, "kube-proxy", "kube-system", {"k8s-app": "kube-proxy"}, {"k8s-app": "kube-proxy"},
                 gw.template_of(w.pods(**{"k8s-app": "kube-proxy"})[0]), len(NODES), len(NODES), gw.CREATED)

    dns_ctr = gw.container("coredns", gw.COREDNS_IMAGE, args=["-conf", "/etc/coredns/Corefile"],
                           ports=[{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                  {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                  {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}])
    web_ctr = gw.app_container("web", gw.WEB_IMAGE)
    api_ctr = gw.app_container("api", "ghcr.io/example/shop-api:1.9.0")
    client_ctr = gw.app_container("client", "ghcr.io/example/shop-client:0.3.2")
    ctr = {"dns": dns_ctr, "web": web_ctr, "api": api_ctr, "client": client_ctr}
    for name, ns, node_name, ip, role in PODS:
        rs = name.rsplit("-", 1)[0]
        labels = {"k8s-app": "kube-dns"} if role == "dns" else {"app": role}
        labels["pod-template-hash"] = rs.rsplit("-", 1)[1]
        extra = {"dnsPolicy": "Default"} if role == "dns" else None
        gw.pod(w, name, ns, node_name, ip, labels, [copy.deepcopy(ctr[role])],
               gw.owner_ref("apps/v1", "ReplicaSet", rs, ns), "2026-11-20T14:02:10Z",
               sa="coredns" if role == "dns" else "default", extra_spec=extra)
    for role, ns, name in [("dns", "kube-system", "coredns"), ("web", "shop", "web"), ("api", "shop", "api"),
                           ("client", "shop", "client")]:
        sel = {"k8s-app": "kube-dns"} if role == "dns" else {"app": role}
        pods = w.pods(**sel)
        rs_hash = pods[0]["metadata"]["labels"]["pod-template-hash"]
        gw.deployment(w, name, ns, sel, sel, gw.template_of(pods[0]), len(pods), len(pods), gw.APPS,
                      applied=role != "dns", rs_hash=rs_hash)
    gw.service(w, "kube-dns", "kube-system", DNS_IP,
               [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
               selector={"k8s-app": "kube-dns"},
               labels={"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"})
    gw.service(w, "web", "shop", WEB_IP, [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}],
               selector={"app": "web"}, labels={"app": "web"}, created=gw.APPS, applied=True)
    gw.service(w, "api", "shop", API_IP,
               [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http", "nodePort": API_NODEPORT}],
               selector={"app": "api"}, labels={"app": "api"}, svc_type="NodePort", created=gw.APPS, applied=True)
    w.get("services", "api", "shop")["spec"]["externalTrafficPolicy"] = "Cluster"
    if service_world:
        extra_service(gw, w, service_world)
    for cm_name, data in [("coredns", {"Corefile": gw.COREFILE}), ("kube-proxy", {"config.conf": gw.KUBE_PROXY_CONF})]:
        w.add("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                             "metadata": gw.meta(cm_name, "kube-system", kind="ConfigMap"), "data": data})
    for plural in ["events", "ingresses", "ingressclasses", "networkpolicies"]:
        w.objects.setdefault(plural, [])
    for svc in list(w.objects["services"]):
        if svc["spec"].get("selector"):
            gw.endpoints_for(w, svc)
    gw.HERE = out  # World.write() writes below HERE
    w.write()
    return w


def extra_service(gw, w, name):
    """The one Service a service world adds; its Endpoints/EndpointSlice follow from the pods as usual."""
    def add(svc, ip, app, port, etp=None):
        nodeport = {"nodePort": port["nodePort"]} if "nodePort" in port else {}
        gw.service(w, svc, "shop", ip, [dict({"name": "http", "port": 80, "protocol": "TCP"}, **port)],
                   selector={"app": app}, labels={"app": svc}, svc_type="NodePort" if nodeport else "ClusterIP",
                   created=gw.APPS, applied=True)
        if etp:
            w.get("services", svc, "shop")["spec"]["externalTrafficPolicy"] = etp
    if name == "no-endpoints":
        add("orders", ORDERS_IP, "orders", {"targetPort": "http", "nodePort": ORDERS_NODEPORT}, etp="Cluster")
    elif name == "targetport-mismatch":
        add("catalog", CATALOG_IP, "api", {"targetPort": CATALOG_TARGET_PORT})
    elif name == "local-traffic-policy":
        add("public", PUBLIC_IP, "api", {"targetPort": "http", "nodePort": PUBLIC_NODEPORT}, etp="Local")
    else:
        raise ValueError(name)


def flannel(gw, w):
    """flanneld as the sample worlds run it: a hostNetwork DaemonSet in kube-flannel and its ConfigMap."""
    ctr = gw.container("kube-flannel", gw.FLANNEL_IMAGE, command=["/opt/bin/flanneld"],
                       args=["--ip-masq", "--kube-subnet-mgr"],
                       env=[{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                             "fieldPath": "metadata.name"}}}],
                       resources={"requests": {"cpu": "100m", "memory": "50Mi"}})
    ctr["securityContext"] = {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}, "privileged": False}
    for name, ip, _, _ in NODES:
        gw.pod(w, f"kube-flannel-ds-{gw.POD_SUFFIX[('kube-flannel-ds', name)]}", "kube-flannel", name, ip,
               {"app": "flannel", "controller-revision-hash": "7c9d8f6b4d", "k8s-app": "flannel",
                "pod-template-generation": "1", "tier": "node"},
               [copy.deepcopy(ctr)], gw.owner_ref("apps/v1", "DaemonSet", "kube-flannel-ds", "kube-flannel"),
               "2026-11-01T08:02:55Z", host_network=True, sa="flannel",
               tolerations=[{"effect": "NoSchedule", "operator": "Exists"}] + gw.DEFAULT_TOLERATIONS,
               priority_class="system-node-critical")
    gw.daemonset(w, "kube-flannel-ds", "kube-flannel", {"app": "flannel", "k8s-app": "flannel", "tier": "node"},
                 {"app": "flannel", "k8s-app": "flannel"}, gw.template_of(w.pods(app="flannel")[0]),
                 len(NODES), len(NODES), gw.CREATED, applied=True)
    w.add("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                         "metadata": gw.meta("kube-flannel-cfg", "kube-flannel",
                                             {"app": "flannel", "k8s-app": "flannel", "tier": "node"},
                                             kind="ConfigMap"),
                         "data": {"cni-conf.json": gw.FLANNEL_CNI_CONF, "net-conf.json": gw.FLANNEL_NET_CONF}})


def flannel_rules(cidr):
    """flanneld's own rules (iptablesForwardRules and ip-masq), which it keeps next to kube-proxy's."""
    flt = ['-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
           f'-A FLANNEL-FWD -s {CLUSTER_CIDR} -m comment --comment "flanneld forward" -j ACCEPT',
           f'-A FLANNEL-FWD -d {CLUSTER_CIDR} -m comment --comment "flanneld forward" -j ACCEPT']
    nat = ['-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
           f'-A FLANNEL-POSTRTG -m mark --mark {MASQ_MARK}/{MASQ_MARK} -m comment --comment "flanneld masq" -j RETURN',
           f'-A FLANNEL-POSTRTG -s {cidr} -d {CLUSTER_CIDR} -m comment --comment "flanneld masq" -j RETURN',
           f'-A FLANNEL-POSTRTG -s {CLUSTER_CIDR} -d {cidr} -m comment --comment "flanneld masq" -j RETURN',
           f'-A FLANNEL-POSTRTG ! -s {CLUSTER_CIDR} -d {cidr} -m comment --comment "flanneld masq" -j RETURN',
           f'-A FLANNEL-POSTRTG -s {CLUSTER_CIDR} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" '
           '-j MASQUERADE --random-fully',
           f'-A FLANNEL-POSTRTG ! -s {CLUSTER_CIDR} -d {CLUSTER_CIDR} -m comment --comment "flanneld masq" '
           '-j MASQUERADE --random-fully']
    return flt, nat


# ------------------------------------------------------------------------------------------------
# kube-proxy, iptables mode
# ------------------------------------------------------------------------------------------------
def chain(prefix, *parts):
    """proxier.go portProtoHash / servicePortEndpointChainName: base32(sha256(parts)), first 16 chars."""
    return prefix + base64.b32encode(hashlib.sha256("".join(parts).encode()).digest()).decode()[:16]


def service_ports(w):
    """(servicePortName, Service, port, [(ip, targetPort)] of ready endpoints), from the recorded EndpointSlices."""
    slices = {}
    for es in w.objects["endpointslices"]:
        svc = es["metadata"]["labels"]["kubernetes.io/service-name"]
        slices.setdefault((es["metadata"]["namespace"], svc), []).append(es)
    out = []
    for svc in w.objects["services"]:
        ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        for sp in svc["spec"]["ports"]:
            eps = []
            for es in slices.get((ns, name), []):
                port = next((p["port"] for p in es.get("ports") or [] if p.get("name", "") == sp.get("name", "")), None)
                for e in es.get("endpoints") or []:
                    if e["conditions"].get("ready") and port:
                        eps.append((e["addresses"][0], port))
            out.append((f"{ns}/{name}:{sp.get('name', '')}", svc, sp, sorted(eps)))
    return out


def endpoint_nodes(w):
    """Endpoint IP -> the node it runs on, from the recorded EndpointSlices (for externalTrafficPolicy Local)."""
    return {e["addresses"][0]: e.get("nodeName") for es in w.objects["endpointslices"]
            for e in es.get("endpoints") or []}


def kube_proxy_rules(w, stale=None, nodeports=True, cni_rules=None, node=None):
    """One node's rules as kube-proxy v1.30 writes them (iptables-restore input).

    stale: servicePortName -> the endpoint IP to DNAT to instead of the ready ones, or None for no
    endpoints at all (a kube-proxy that missed EndpointSlice updates); nodeports=False leaves
    KUBE-NODEPORTS empty (a node whose kube-proxy never programmed the NodePorts). cni_rules: the
    CNI's (filter, nat) rules, which iptables-restore would otherwise wipe. node: whose rules these are, for
    Services with externalTrafficPolicy Local (only that node's endpoints serve external traffic)."""
    cni_flt, cni_nat = cni_rules or ([], [])
    nat, nat_chains, flt = [], [], []
    on_node = endpoint_nodes(w)
    for spn, svc, sp, eps in service_ports(w):
        proto = sp.get("protocol", "TCP").lower()
        cip, port = svc["spec"]["clusterIP"], sp["port"]
        if stale and spn in stale:
            eps = [(stale[spn], eps[0][1] if eps else sp["port"])] if stale[spn] else []
        if not eps:  # K5: filter-table REJECT only, for the cluster IP and (addrtype LOCAL) the nodePort
            flt.append(f'-A KUBE-SERVICES -d {cip}/32 -p {proto} -m comment --comment "{spn} has no endpoints" '
                       f'-m {proto} --dport {port} -j REJECT --reject-with icmp-port-unreachable')
            if sp.get("nodePort") and nodeports:
                flt.append(f'-A KUBE-EXTERNAL-SERVICES -p {proto} -m comment --comment "{spn} has no endpoints" '
                           f'-m addrtype --dst-type LOCAL -m {proto} --dport {sp["nodePort"]} '
                           f'-j REJECT --reject-with icmp-port-unreachable')
            continue
        svc_chain = chain("KUBE-SVC-", spn, proto)
        nat_chains.append(svc_chain)
        nat.append(f'-A KUBE-SERVICES -d {cip}/32 -p {proto} -m comment --comment "{spn} cluster IP" '
                   f'-m {proto} --dport {port} -j {svc_chain}')
        local = svc["spec"].get("externalTrafficPolicy") == "Local"
        local_eps = [(ip, tport) for ip, tport in eps if on_node.get(ip) == node]
        if sp.get("nodePort") and nodeports:
            ext = chain("KUBE-EXT-", spn, proto)
            nat_chains.append(ext)
            nat.append(f'-A KUBE-NODEPORTS -p {proto} -m comment --comment "{spn}" -m {proto} '
                       f'--dport {sp["nodePort"]} -j {ext}')
            if not local:
                nat.append(f'-A {ext} -m comment --comment "masquerade traffic for {spn} external destinations" '
                           f'-j KUBE-MARK-MASQ')
                nat.append(f'-A {ext} -j {svc_chain}')
            else:
                # K4: pods and the node itself may use any endpoint; the outside only this node's, unmasqueraded
                nat.append(f'-A {ext} -s {CLUSTER_CIDR} -m comment --comment "pod traffic for {spn} external '
                           f'destinations" -j {svc_chain}')
                nat.append(f'-A {ext} -m comment --comment "masquerade LOCAL traffic for {spn} external destinations" '
                           f'-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ')
                nat.append(f'-A {ext} -m comment --comment "route LOCAL traffic for {spn} external destinations" '
                           f'-m addrtype --src-type LOCAL -j {svc_chain}')
                if local_eps:
                    svl = chain("KUBE-SVL-", spn, proto)
                    nat_chains.append(svl)
                    nat.append(f'-A {ext} -j {svl}')
                    for i, (ip, tport) in enumerate(local_eps):
                        prob = "" if i == len(local_eps) - 1 else \
                            f" -m statistic --mode random --probability {1.0 / (len(local_eps) - i):0.10f}"
                        nat.append(f'-A {svl} -m comment --comment "{spn} -> {ip}:{tport}"{prob} '
                                   f'-j {chain("KUBE-SEP-", spn, proto, f"{ip}:{tport}")}')
                else:
                    flt.append(f'-A KUBE-EXTERNAL-SERVICES -p {proto} -m comment --comment "{spn} has no local '
                               f'endpoints" -m addrtype --dst-type LOCAL -m {proto} --dport {sp["nodePort"]} -j DROP')
        nat.append(f'-A {svc_chain} ! -s {CLUSTER_CIDR} -d {cip}/32 -p {proto} -m comment --comment "{spn} cluster IP" '
                   f'-m {proto} --dport {port} -j KUBE-MARK-MASQ')
        for i, (ip, tport) in enumerate(eps):
            sep = chain("KUBE-SEP-", spn, proto, f"{ip}:{tport}")
            nat_chains.append(sep)
            prob = "" if i == len(eps) - 1 else \
                f" -m statistic --mode random --probability {1.0 / (len(eps) - i):0.10f}"
            nat.append(f'-A {svc_chain} -m comment --comment "{spn} -> {ip}:{tport}"{prob} -j {sep}')
            nat.append(f'-A {sep} -s {ip}/32 -m comment --comment "{spn}" -j KUBE-MARK-MASQ')
            nat.append(f'-A {sep} -p {proto} -m comment --comment "{spn}" -m {proto} -j DNAT '
                       f'--to-destination {ip}:{tport}')
    nat.append('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last '
               'rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
    lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
    lines += [f":{c} - [0:0]" for c in ["KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD",
                                         "KUBE-KUBELET-CANARY", "KUBE-NODEPORTS", "KUBE-PROXY-CANARY",
                                         "KUBE-PROXY-FIREWALL", "KUBE-SERVICES"]]
    lines += [":FLANNEL-FWD - [0:0]"] if cni_flt else []
    lines += [
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
        '-A INPUT -j KUBE-FIREWALL',
        '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
        '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
        '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A OUTPUT -j KUBE-FIREWALL',
        '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" '
        '-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
        f'-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark {MASQ_MARK}/{MASQ_MARK} -j ACCEPT',
        '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate '
        'RELATED,ESTABLISHED -j ACCEPT',
    ] + flt + cni_flt + ["COMMIT", "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
               ":POSTROUTING ACCEPT [0:0]"]
    lines += [f":{c} - [0:0]" for c in ["KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-SERVICES"]
              + sorted(set(nat_chains))]
    lines += [":FLANNEL-POSTRTG - [0:0]"] if cni_nat else []
    lines += [
        '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
        '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
        f'-A KUBE-MARK-MASQ -j MARK --or-mark {MASQ_MARK}',
        f'-A KUBE-POSTROUTING -m mark ! --mark {MASQ_MARK}/{MASQ_MARK} -j RETURN',
        f'-A KUBE-POSTROUTING -j MARK --xor-mark {MASQ_MARK}',
        '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ] + nat + cni_nat + ["COMMIT"]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------
# Host files, topology, probes
# ------------------------------------------------------------------------------------------------
def host_files(gw, out, node_name, cidr, gw_ip, cni):
    root = os.path.join(out, "hosts", node_name)
    ips = [ip for _, _, n, ip, _ in PODS if n == node_name]
    files = {
        "etc/resolv.conf": "nameserver 10.0.0.1\nsearch lan\n",
        "etc/cni/net.d/10-flannel.conflist" if cni == "flannel-vxlan" else "etc/cni/net.d/10-bridge.conflist":
        gw.FLANNEL_CNI_CONF if cni == "flannel-vxlan" else json.dumps({
            "cniVersion": "1.0.0", "name": CNI_NETWORK,
            "plugins": [{"type": "bridge", "bridge": "cni0", "isGateway": True, "isDefaultGateway": True,
                         "ipMasq": False, "hairpinMode": True,
                         "ipam": {"type": "host-local", "ranges": [[{"subnet": cidr, "gateway": gw_ip}]],
                                  "routes": [{"dst": "0.0.0.0/0"}]}},
                        {"type": "portmap", "capabilities": {"portMappings": True}}]}, indent=2) + "\n",
        f"var/lib/cni/networks/{CNI_NETWORK}/last_reserved_ip.0": max(ips, key=lambda a: int(a.split(".")[3])),
        "var/lib/kubelet/config.yaml": "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                                       f"clusterDNS:\n- {DNS_IP}\nclusterDomain: cluster.local\n"
                                       "resolvConf: /etc/resolv.conf\ncgroupDriver: systemd\n",
        "var/lib/kube-proxy/config.conf": gw.KUBE_PROXY_CONF,
    }
    if cni == "flannel-vxlan":
        files["run/flannel/subnet.env"] = (f"FLANNEL_NETWORK={CLUSTER_CIDR}\nFLANNEL_SUBNET={gw_ip}/24\n"
                                           f"FLANNEL_MTU={VXLAN_MTU}\nFLANNEL_IPMASQ=true\n")
    for ip in ips:
        files[f"var/lib/cni/networks/{CNI_NETWORK}/{ip}"] = sandbox_id(ip) + "\neth0"
    for name, ns, n, ip, role in PODS:
        if n == node_name:
            files[f"var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{sandbox_id(ip)}/resolv.conf"] = (
                "nameserver 10.0.0.1\nsearch lan\n" if role == "dns" else
                f"search {ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver {DNS_IP}\noptions ndots:5\n")
    for rel, text in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    os.makedirs(os.path.join(root, "run", "netns"), exist_ok=True)
    os.symlink("/run", os.path.join(root, "var", "run"))  # as on a real host: containerd names /var/run/netns/…


def sandbox_id(ip):
    return hashlib.sha256(("sandbox/" + ip).encode()).hexdigest()


def netns_name(pod_name):
    """containerd's name for a pod's namespace (cni-<uuid>), fixed per pod so bundle paths are stable."""
    return "cni-" + str(uuid.uuid5(uuid.NAMESPACE_URL, "packetwalk/netns/" + pod_name))


CRICTL = """#!/bin/sh
# stand-in crictl (harness): answers from the files next to it, as containerd would
d=$(dirname "$0")
case "$1 $2 $3" in
"pods -o json") cat "$d/pods.json" ;;
"inspectp -o json") [ -f "$d/inspectp-$4.json" ] && cat "$d/inspectp-$4.json" || { echo "sandbox $4 not found" >&2; exit 1; } ;;
*) echo "crictl stand-in: unsupported: $*" >&2; exit 1 ;;
esac
"""


def crictl(w, out, node_name):
    """`crictl pods -o json` and `crictl inspectp -o json ID` for the node's pods (not hostNetwork ones)."""
    d = os.path.join(out, "crictl", node_name)
    os.makedirs(d)
    items = []
    for name, ns, n, ip, _ in PODS:
        if n != node_name:
            continue
        p = w.get("pods", name, ns)
        sid = sandbox_id(ip)
        items.append({"id": sid, "metadata": {"name": name, "uid": p["metadata"]["uid"], "namespace": ns, "attempt": 0},
                      "state": "SANDBOX_READY", "createdAt": "1763647330000000000",
                      "labels": dict(p["metadata"]["labels"], **{"io.kubernetes.pod.name": name,
                                                                  "io.kubernetes.pod.namespace": ns}),
                      "annotations": {}, "runtimeHandler": ""})
        with open(os.path.join(d, f"inspectp-{sid}.json"), "w") as f:
            json.dump({"status": {"id": sid, "network": {"ip": ip}},
                       "info": {"runtimeSpec": {"linux": {"namespaces": [
                           {"type": "pid"}, {"type": "network", "path": f"/var/run/netns/{netns_name(name)}"}]}}}},
                      f, indent=2)
    with open(os.path.join(d, "pods.json"), "w") as f:
        json.dump({"items": items}, f, indent=2)
    with open(os.path.join(d, "crictl"), "w") as f:
        f.write(CRICTL)
    os.chmod(os.path.join(d, "crictl"), 0o755)


def probes():
    """The paths to try with real traffic. `from` is a pod or node name; every probe has one outcome."""
    pod_ip = {name.split("-")[0] + "@" + node: ip for name, _, node, ip, _ in PODS}
    c1, c2 = "client-7c5d9b8f4-q2w8e", "client-7c5d9b8f4-h7k3n"
    web1, web2, api = pod_ip["web@worker-1"], pod_ip["web@worker-2"], pod_ip["api@worker-2"]
    p = []

    def add(pid, src, kind, dst, port, **kw):
        p.append(dict({"id": pid, "from": src, "kind": kind, "dst": dst, "port": port}, **kw))
    add("pod-pod-same-node/worker-1", c1, "http", web1, 8080, path="/")
    add("pod-pod-same-node/worker-2", c2, "http", web2, 8080, path="/")
    add("pod-pod-cross-node/worker-1-to-worker-2", c1, "http", web2, 8080, path="/")
    add("pod-pod-cross-node/worker-2-to-worker-1", c2, "http", web1, 8080, path="/")
    add("pod-clusterip/api-from-worker-1", c1, "http", API_IP, 80, path="/", via="shop/api:http")
    add("pod-clusterip/api-from-worker-2", c2, "http", API_IP, 80, path="/", via="shop/api:http")
    # web has one endpoint per node and kube-proxy picks one at random: several attempts, each recorded
    add("pod-clusterip/web-from-worker-1", c1, "http", WEB_IP, 80, path="/", via="shop/web:http", attempts=6)
    add("pod-clusterip/web-from-worker-2", c2, "http", WEB_IP, 80, path="/", via="shop/web:http", attempts=6)
    for src, sname in [(c1, "worker-1"), (c2, "worker-2")]:
        for node_name, node_ip, _, _ in NODES:
            add(f"pod-nodeport/{sname}-to-{node_name}", src, "http", node_ip, API_NODEPORT, path="/",
                via="shop/api:http")
        add(f"dns-udp/{sname}", src, "dns-udp", DNS_IP, 53, qname="web.shop.svc.cluster.local", expect=WEB_IP)
        add(f"dns-tcp/{sname}", src, "dns-tcp", DNS_IP, 53, qname="api.shop.svc.cluster.local", expect=API_IP)
    add("node-pod/worker-1-to-local", "worker-1", "http", web1, 8080, path="/")
    add("node-pod/worker-1-to-worker-2", "worker-1", "http", web2, 8080, path="/")
    add("node-pod/worker-2-to-worker-1", "worker-2", "http", web1, 8080, path="/")
    add("large-response/worker-1-to-worker-2", c1, "http", web2, 8080, path="/big", size=102400)
    add("large-response/worker-2-to-worker-1", c2, "http", web1, 8080, path="/big", size=102400)
    return p


def service_world_probes(name):
    """What each service world adds to the standard probes."""
    c1, c2 = "client-7c5d9b8f4-q2w8e", "client-7c5d9b8f4-h7k3n"
    ext = "external:" + EXTERNAL_CLIENT
    api = next(ip for n, _, _, ip, role in PODS if role == "api")
    p = []

    def add(pid, frm, dst, port, **kw):
        p.append(dict({"id": pid, "from": frm, "kind": "http", "dst": dst, "port": port, "path": "/"}, **kw))
    if name == "no-endpoints":
        for src, sname in [(c1, "worker-1"), (c2, "worker-2")]:
            add(f"no-endpoints-clusterip/orders-from-{sname}", src, ORDERS_IP, 80, via="shop/orders:http")
            for node_name, node_ip, _, _ in NODES:
                add(f"no-endpoints-nodeport/{sname}-to-{node_name}", src, node_ip, ORDERS_NODEPORT,
                    via="shop/orders:http")
    elif name == "targetport-mismatch":
        for src, sname in [(c1, "worker-1"), (c2, "worker-2")]:
            add(f"targetport-mismatch-clusterip/catalog-from-{sname}", src, CATALOG_IP, 80, via="shop/catalog:http")
        add("targetport-mismatch-pod/worker-1-to-api-9090", c1, api, CATALOG_TARGET_PORT)
    elif name == "local-traffic-policy":
        for node_name, node_ip, _, _ in NODES:
            add(f"external-nodeport-local/to-{node_name}", ext, node_ip, PUBLIC_NODEPORT, src=EXTERNAL_CLIENT,
                via="shop/public:http")
        add("external-nodeport-cluster/to-worker-1", ext, NODES[0][1], API_NODEPORT, src=EXTERNAL_CLIENT,
            via="shop/api:http")
        add("pod-nodeport-local/worker-1-to-worker-1", c1, NODES[0][1], PUBLIC_NODEPORT, via="shop/public:http")
    return p


def with_proto(probes):
    """Every probe names its transport, so a tracer can rebuild the flow without knowing the probe kinds."""
    for p in probes:
        p["proto"] = "udp" if p["kind"] == "dns-udp" else "tcp"
    return probes


def topology(gw, cni):
    return {
        "cni": cni, "clusterCidr": CLUSTER_CIDR, "serviceCidr": SERVICE_CIDR, "gateway": GATEWAY,
        "podMtu": VXLAN_MTU if cni == "flannel-vxlan" else 1500,
        "nodes": [{"name": n, "ip": ip, "podCidr": cidr, "bridgeIp": gip, "vtepMac": gw.MACS[n]}
                  for n, ip, cidr, gip in NODES],
        "pods": [{"name": n, "namespace": ns, "node": node, "ip": ip, "role": role, "netns": netns_name(n),
                  "http": [] if role == "dns" else [8080], "dns": role == "dns"} for n, ns, node, ip, role in PODS],
        "dnsRecords": DNS_RECORDS,
        "ruleFaults": {k: v[0] for k, v in RULE_FAULTS.items()},
        "externalClients": [EXTERNAL_CLIENT],
        "probes": with_proto(probes()),
        # each: its own recorded objects (generated/<api>), rules for every node (rules/NODE.<world>.rules) and
        # the probes it sends besides the standard ones
        "serviceWorlds": {name: {"api": f"worlds/{name}/api", "probes": with_proto(service_world_probes(name))}
                          for name in SERVICE_WORLDS},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--cni", choices=["host-gw", "flannel-vxlan"], default="host-gw")
    ap.add_argument("out")
    a = ap.parse_args()
    gw = load_generator(a.repo)
    if os.path.isdir(a.out):
        shutil.rmtree(a.out)
    os.makedirs(os.path.join(a.out, "rules"))
    w = objects(gw, a.out, a.cni)
    cidr_of = {}
    for name, _, cidr, gip in NODES:
        cidr_of[name] = cidr
        host_files(gw, a.out, name, cidr, gip, a.cni)
        crictl(w, a.out, name)
        cni_rules = flannel_rules(cidr) if a.cni == "flannel-vxlan" else None
        with open(os.path.join(a.out, "rules", name + ".rules"), "w") as f:
            f.write(kube_proxy_rules(w, cni_rules=cni_rules, node=name))
    for fault, (node_name, opts) in RULE_FAULTS.items():
        cni_rules = flannel_rules(cidr_of[node_name]) if a.cni == "flannel-vxlan" else None
        with open(os.path.join(a.out, "rules", f"{node_name}.{fault}.rules"), "w") as f:
            f.write(kube_proxy_rules(w, cni_rules=cni_rules, **opts))
    for sw in SERVICE_WORLDS:
        gw.HERE = os.path.join(a.out, "worlds", sw)
        ws = objects(gw, gw.HERE, a.cni, sw)
        for name, _, cidr, _ in NODES:
            cni_rules = flannel_rules(cidr) if a.cni == "flannel-vxlan" else None
            with open(os.path.join(a.out, "rules", f"{name}.{sw}.rules"), "w") as f:
                f.write(kube_proxy_rules(ws, cni_rules=cni_rules, node=name))
    with open(os.path.join(a.out, "topology.json"), "w") as f:
        json.dump(topology(gw, a.cni), f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
