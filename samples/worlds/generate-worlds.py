#!/usr/bin/env python3
"""Writes the sample worlds under samples/worlds/<name>/ (standard library only, deterministic).

A world is what collector-scripts/test/fake-apiserver.py serves: objects/<plural>.json (one List per
kind), logs/<ns>/<pod>/<container>[.previous].log, served-extra.txt and version.json.

Every world starts from the same 3-node v1.30 kubeadm cluster (flannel, kube-proxy in iptables mode,
CoreDNS, ingress-nginx, an app in namespace `shop`) and changes only what its scenario needs. Objects
are kept self-consistent: pod IPs lie in their node's podCIDR, and Endpoints/EndpointSlices list
exactly the ready pods that a Service selects (the way the controllers would write them).

Run: python3 samples/worlds/generate-worlds.py   (then samples/regenerate.sh for the bundles)
"""
import copy
import hashlib
import json
import os
import shutil
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
K8S = "v1.30.6"
CREATED = "2026-11-01T08:00:00Z"  # cluster install
APPS = "2026-11-20T14:00:00Z"  # shop deployed
NOW = "2026-11-21T09:58:00Z"  # shortly before collection


def uid(*key):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "packetwalk/" + "/".join(key)))


def hexid(*key, n=64):
    return hashlib.sha256("/".join(key).encode()).hexdigest()[:n]


class World:
    def __init__(self, name):
        self.name = name
        self.objects = {}  # plural -> list
        self.logs = {}  # relative path -> text
        self.rv = 1000

    def next_rv(self):
        self.rv += 7
        return str(self.rv)

    def add(self, plural, obj):
        obj["metadata"].setdefault("resourceVersion", self.next_rv())
        self.objects.setdefault(plural, []).append(obj)
        return obj

    def get(self, plural, name, namespace=None):
        for o in self.objects.get(plural, []):
            if o["metadata"]["name"] == name and o["metadata"].get("namespace") == namespace:
                return o
        raise KeyError((plural, namespace, name))

    def remove(self, plural, name, namespace=None):
        self.objects[plural] = [o for o in self.objects[plural]
                                if not (o["metadata"]["name"] == name and o["metadata"].get("namespace") == namespace)]

    def pods(self, **labels):
        return [p for p in self.objects.get("pods", [])
                if all(p["metadata"].get("labels", {}).get(k) == v for k, v in labels.items())]

    def log(self, ns, pod, container, text, previous=False):
        self.logs[f"{ns}/{pod}/{container}{'.previous' if previous else ''}.log"] = text

    def write(self):
        root = os.path.join(HERE, self.name)
        if os.path.isdir(root):
            shutil.rmtree(root)
        os.makedirs(os.path.join(root, "objects"))
        for plural, items in sorted(self.objects.items()):
            api = "v1"
            doc = {"apiVersion": api, "kind": "List", "items": items}
            with open(os.path.join(root, "objects", plural + ".json"), "w") as f:
                json.dump(doc, f, indent=2, sort_keys=True)
                f.write("\n")
        for rel, text in sorted(self.logs.items()):
            path = os.path.join(root, "logs", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        with open(os.path.join(root, "served-extra.txt"), "w") as f:
            f.write("# Extra served resources (CRDs), one per line: <plural> <group>/<version> <Kind> <namespaced|cluster>\n"
                    "# This cluster (flannel + ingress-nginx) serves no network CRDs, so every Gateway API,\n"
                    "# AdminNetworkPolicy, Calico and Cilium resource is NOT_SERVED.\n")
        with open(os.path.join(root, "version.json"), "w") as f:
            json.dump({"major": "1", "minor": "30", "gitVersion": K8S,
                       "gitCommit": "00f20d443ba0cd7b4a7a2b3f0a7e8c3ed6c5a7c1", "gitTreeState": "clean",
                       "buildDate": "2024-10-22T20:28:14Z", "goVersion": "go1.22.8", "compiler": "gc",
                       "platform": "linux/amd64"}, f, indent=2)
            f.write("\n")


def meta(name, namespace=None, labels=None, annotations=None, created=CREATED, owner=None, kind=""):
    m = {"name": name, "uid": uid(kind, namespace or "", name), "creationTimestamp": created}
    if namespace:
        m["namespace"] = namespace
    if labels:
        m["labels"] = dict(labels)
    if annotations:
        m["annotations"] = dict(annotations)
    if owner:
        m["ownerReferences"] = [owner]
    return m


def owner_ref(api_version, kind, name, namespace, controller=True):
    ref = {"apiVersion": api_version, "kind": kind, "name": name, "uid": uid(kind, namespace or "", name)}
    if controller:
        ref.update({"controller": True, "blockOwnerDeletion": True})
    return ref


def last_applied(obj):
    """What `kubectl apply` stores: the applied manifest, compact, with a trailing newline."""
    m = {k: v for k, v in obj["metadata"].items() if k in ("name", "namespace", "labels")}
    applied = {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "metadata": m}
    if "spec" in obj:
        applied["spec"] = obj["spec"]
    if "data" in obj:
        applied["data"] = obj["data"]
    obj["metadata"].setdefault("annotations", {})["kubectl.kubernetes.io/last-applied-configuration"] = \
        json.dumps(applied, separators=(",", ":"), sort_keys=True) + "\n"
    return obj


# --------------------------------------------------------------------------------------------
# Nodes
# --------------------------------------------------------------------------------------------
NODES = [("cp-1", "10.0.0.10", "10.244.0.0/24", True),
         ("worker-1", "10.0.0.11", "10.244.1.0/24", False),
         ("worker-2", "10.0.0.12", "10.244.2.0/24", False)]
NODE_IP = {n: ip for n, ip, _, _ in NODES}
MACS = {"cp-1": "0a:58:0a:f4:00:01", "worker-1": "6e:21:7c:1d:a4:02", "worker-2": "b2:9f:44:0e:5c:03"}


def node(w, name, ip, cidr, cp):
    labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
              "kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
    if cp:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    ann = {"flannel.alpha.coreos.com/backend-data": json.dumps({"VNI": 1, "VtepMAC": MACS[name]}, separators=(",", ":")),
           "flannel.alpha.coreos.com/backend-type": "vxlan",
           "flannel.alpha.coreos.com/kube-subnet-manager": "true",
           "flannel.alpha.coreos.com/public-ip": ip,
           "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
           "node.alpha.kubernetes.io/ttl": "0",
           "volumes.kubernetes.io/controller-managed-attach-detach": "true"}
    hb = "2026-11-21T09:57:41Z"
    cond = [
        {"type": "NetworkUnavailable", "status": "False", "reason": "FlannelIsUp", "message": "Flannel is running on this node",
         "lastHeartbeatTime": "2026-11-01T08:03:12Z", "lastTransitionTime": "2026-11-01T08:03:12Z"},
        {"type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
         "message": "kubelet has sufficient memory available", "lastHeartbeatTime": hb, "lastTransitionTime": CREATED},
        {"type": "DiskPressure", "status": "False", "reason": "KubeletHasNoDiskPressure",
         "message": "kubelet has no disk pressure", "lastHeartbeatTime": hb, "lastTransitionTime": CREATED},
        {"type": "PIDPressure", "status": "False", "reason": "KubeletHasSufficientPID",
         "message": "kubelet has sufficient PID available", "lastHeartbeatTime": hb, "lastTransitionTime": CREATED},
        {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
         "lastHeartbeatTime": hb, "lastTransitionTime": "2026-11-01T08:03:20Z"},
    ]
    spec = {"podCIDR": cidr, "podCIDRs": [cidr]}
    if cp:
        spec["taints"] = [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    w.add("nodes", {
        "apiVersion": "v1", "kind": "Node", "metadata": meta(name, None, labels, ann, kind="Node"), "spec": spec,
        "status": {
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "allocatable": {"cpu": "4", "ephemeral-storage": "47093746742", "hugepages-2Mi": "0",
                            "memory": "7902340Ki", "pods": "110"},
            "capacity": {"cpu": "4", "ephemeral-storage": "51099688Ki", "hugepages-2Mi": "0",
                         "memory": "8004740Ki", "pods": "110"},
            "conditions": cond,
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"architecture": "amd64", "bootID": uid("boot", name), "containerRuntimeVersion": "containerd://1.7.22",
                         "kernelVersion": "6.1.0-26-amd64", "kubeProxyVersion": K8S, "kubeletVersion": K8S,
                         "machineID": hexid("machine", name, n=32), "operatingSystem": "linux",
                         "osImage": "Debian GNU/Linux 12 (bookworm)", "systemUUID": uid("system", name)},
            "images": [],
        }})


# --------------------------------------------------------------------------------------------
# Pods and their controllers
# --------------------------------------------------------------------------------------------
DEFAULT_TOLERATIONS = [
    {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
    {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}]
DS_TOLERATIONS = [{"operator": "Exists"}]  # kube-proxy / flannel tolerate everything


def running_status(c, started):
    return {"name": c["name"], "image": c["image"], "imageID": image_id(c["image"]),
            "containerID": "containerd://" + hexid("ctr", c["name"], started), "ready": True, "started": True,
            "restartCount": 0, "state": {"running": {"startedAt": started}}, "lastState": {}}


def completed_init_status(c, started):
    return {"name": c["name"], "image": c["image"], "imageID": image_id(c["image"]),
            "containerID": "containerd://" + hexid("init", c["name"], started), "ready": True, "restartCount": 0,
            "started": False, "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": started,
                                                       "finishedAt": started, "containerID": "containerd://" + hexid("init", c["name"], started)}},
            "lastState": {}}


def image_id(image):
    repo = image.split(":")[0]
    return f"{repo}@sha256:{hexid('image', image)}"


def conditions(ready, started, initialized=True, scheduled=True, sandbox=True):
    t = started
    return [
        {"type": "PodReadyToStartContainers", "status": "True" if sandbox else "False", "lastProbeTime": None, "lastTransitionTime": t},
        {"type": "Initialized", "status": "True" if initialized else "False", "lastProbeTime": None, "lastTransitionTime": t,
         **({} if initialized else {"reason": "ContainersNotInitialized",
                                    "message": "containers with incomplete status: [install-cni]"})},
        {"type": "Ready", "status": "True" if ready else "False", "lastProbeTime": None, "lastTransitionTime": t,
         **({} if ready else {"reason": "ContainersNotReady", "message": "containers with unready status: [%s]"})},
        {"type": "ContainersReady", "status": "True" if ready else "False", "lastProbeTime": None, "lastTransitionTime": t,
         **({} if ready else {"reason": "ContainersNotReady", "message": "containers with unready status: [%s]"})},
        {"type": "PodScheduled", "status": "True" if scheduled else "False", "lastProbeTime": None, "lastTransitionTime": t},
    ]


def pod(w, name, ns, node_name, ip, labels, containers, owner, started, init=None, host_network=False,
        sa="default", tolerations=None, annotations=None, extra_spec=None, priority_class=None):
    spec = {"containers": containers, "dnsPolicy": "ClusterFirstWithHostNet" if host_network else "ClusterFirst",
            "enableServiceLinks": True, "nodeName": node_name, "preemptionPolicy": "PreemptLowerPriority",
            "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
            "serviceAccount": sa, "serviceAccountName": sa, "terminationGracePeriodSeconds": 30,
            "tolerations": tolerations or DEFAULT_TOLERATIONS}
    if priority_class:
        spec["priorityClassName"] = priority_class
        spec["priority"] = 2000001000 if priority_class == "system-node-critical" else 2000000000
    if host_network:
        spec["hostNetwork"] = True
    if init:
        spec["initContainers"] = init
    if extra_spec:
        spec.update(extra_spec)
    host_ip = NODE_IP[node_name]
    status = {"phase": "Running", "conditions": conditions(True, started), "hostIP": host_ip,
              "hostIPs": [{"ip": host_ip}], "podIP": ip, "podIPs": [{"ip": ip}], "qosClass": "Burstable",
              "startTime": started, "containerStatuses": [running_status(c, started) for c in containers]}
    if init:
        status["initContainerStatuses"] = [completed_init_status(c, started) for c in init]
    return w.add("pods", {"apiVersion": "v1", "kind": "Pod",
                          "metadata": meta(name, ns, labels, annotations, started, owner, kind="Pod"),
                          "spec": spec, "status": status})


def container(name, image, ports=(), args=None, env=None, probes=True, resources=None, mounts=None, command=None):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
         "resources": resources or {"requests": {"cpu": "100m", "memory": "70Mi"}},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    if command:
        c["command"] = command
    if args:
        c["args"] = args
    if ports:
        c["ports"] = [dict(p) for p in ports]
    if env:
        c["env"] = env
    if mounts:
        c["volumeMounts"] = mounts
    return c


def deployment(w, name, ns, labels, selector, template_spec, replicas, ready, created, applied=True, rs_hash=""):
    tl = dict(selector)
    obj = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": meta(name, ns, labels, {"deployment.kubernetes.io/revision": "1"}, created, kind="Deployment"),
           "spec": {"progressDeadlineSeconds": 600, "replicas": replicas, "revisionHistoryLimit": 10,
                    "selector": {"matchLabels": selector},
                    "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                    "template": {"metadata": {"labels": tl}, "spec": template_spec}},
           "status": {"observedGeneration": 1, "replicas": replicas, "updatedReplicas": replicas,
                      "readyReplicas": ready, "availableReplicas": ready,
                      "conditions": [
                          {"type": "Available", "status": "True" if ready == replicas else "False",
                           "reason": "MinimumReplicasAvailable" if ready == replicas else "MinimumReplicasUnavailable",
                           "message": "Deployment has minimum availability." if ready == replicas
                           else "Deployment does not have minimum availability.",
                           "lastUpdateTime": created, "lastTransitionTime": created},
                          {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                           "message": f'ReplicaSet "{name}-{rs_hash}" has successfully progressed.',
                           "lastUpdateTime": created, "lastTransitionTime": created}]}}
    if ready < replicas:
        obj["status"]["unavailableReplicas"] = replicas - ready
        if ready == 0:
            del obj["status"]["readyReplicas"]
            del obj["status"]["availableReplicas"]
    obj["metadata"]["generation"] = 1
    if applied:
        last_applied(obj)
    return w.add("deployments", obj)


def template_of(pod_obj):
    spec = copy.deepcopy(pod_obj["spec"])
    for k in ("nodeName", "serviceAccount", "priority", "preemptionPolicy", "enableServiceLinks"):
        spec.pop(k, None)
    spec["tolerations"] = [t for t in spec.get("tolerations", []) if t not in DEFAULT_TOLERATIONS] or None
    if spec["tolerations"] is None:
        del spec["tolerations"]
    return spec


def daemonset(w, name, ns, labels, selector, template_spec, desired, ready, created, applied=False):
    obj = {"apiVersion": "apps/v1", "kind": "DaemonSet",
           "metadata": meta(name, ns, labels, {"deprecated.daemonset.template.generation": "1"}, created, kind="DaemonSet"),
           "spec": {"revisionHistoryLimit": 10, "selector": {"matchLabels": selector},
                    "template": {"metadata": {"labels": dict(selector)}, "spec": template_spec},
                    "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}},
           "status": {"currentNumberScheduled": desired, "desiredNumberScheduled": desired, "numberAvailable": ready,
                      "numberMisscheduled": 0, "numberReady": ready, "observedGeneration": 1,
                      "updatedNumberScheduled": desired}}
    if ready < desired:
        obj["status"]["numberUnavailable"] = desired - ready
    obj["metadata"]["generation"] = 1
    if applied:
        last_applied(obj)
    return w.add("daemonsets", obj)


# --------------------------------------------------------------------------------------------
# Services, Endpoints, EndpointSlices
# --------------------------------------------------------------------------------------------
def service(w, name, ns, cluster_ip, ports, selector=None, labels=None, annotations=None, svc_type="ClusterIP",
            lb_ip=None, etp=None, hc_port=None, created=CREATED, applied=False):
    spec = {"clusterIP": cluster_ip, "clusterIPs": [cluster_ip], "internalTrafficPolicy": "Cluster",
            "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "ports": ports, "sessionAffinity": "None",
            "type": svc_type}
    if selector:
        spec["selector"] = selector
    if svc_type == "LoadBalancer":
        spec["allocateLoadBalancerNodePorts"] = True
        spec["externalTrafficPolicy"] = etp or "Cluster"
        if hc_port:
            spec["healthCheckNodePort"] = hc_port
    obj = {"apiVersion": "v1", "kind": "Service", "metadata": meta(name, ns, labels, annotations, created, kind="Service"),
           "spec": spec, "status": {"loadBalancer": {"ingress": [{"ip": lb_ip, "ipMode": "VIP"}]} if lb_ip else {}}}
    if applied:
        last_applied(obj)
    return w.add("services", obj)


def resolve_port(svc_port, pod_obj):
    """targetPort as the endpoints controller resolves it: a name is looked up in the pod's
    containerPorts (no match: the pod is left out); a number is used as is."""
    tp = svc_port.get("targetPort", svc_port["port"])
    if isinstance(tp, int):
        return tp
    for c in pod_obj["spec"]["containers"]:
        for p in c.get("ports", []):
            if p.get("name") == tp and p.get("protocol", "TCP") == svc_port.get("protocol", "TCP"):
                return p["containerPort"]
    return None


def pod_ready(p):
    return any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions", []))


def endpoints_for(w, svc, created=None):
    """Endpoints + EndpointSlice for a selector Service, computed from the pods, like the controllers do."""
    ns, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
    sel = svc["spec"].get("selector")
    created = created or svc["metadata"]["creationTimestamp"]
    pods = [p for p in w.objects.get("pods", []) if p["metadata"]["namespace"] == ns
            and all(p["metadata"].get("labels", {}).get(k) == v for k, v in sel.items()) and p["status"].get("podIP")]
    pods.sort(key=lambda p: p["status"]["podIP"])
    ports = svc["spec"]["ports"]
    # All ports resolve the same way for our pods (one container each), so one subset suffices.
    resolved = [(sp, {id(p): resolve_port(sp, p) for p in pods}) for sp in ports]
    ready = [p for p in pods if pod_ready(p)]
    not_ready = [p for p in pods if not pod_ready(p)]

    def address(p):
        return {"ip": p["status"]["podIP"], "nodeName": p["spec"]["nodeName"],
                "targetRef": {"kind": "Pod", "name": p["metadata"]["name"], "namespace": ns, "uid": p["metadata"]["uid"]}}

    ep_ports = []
    for sp, by_pod in resolved:
        nums = {v for v in by_pod.values() if v is not None}
        if nums:
            ep_port = {"port": nums.pop(), "protocol": sp.get("protocol", "TCP")}
            if sp.get("name"):
                ep_port["name"] = sp["name"]
            ep_ports.append(ep_port)
    subsets = []
    if pods and ep_ports:
        subset = {}
        if ready:
            subset["addresses"] = [address(p) for p in ready]
        if not_ready:
            subset["notReadyAddresses"] = [address(p) for p in not_ready]
        subset["ports"] = ep_ports
        subsets.append(subset)
    labels = dict(svc["metadata"].get("labels", {}))
    ep = {"apiVersion": "v1", "kind": "Endpoints",
          "metadata": meta(name, ns, labels or None, {"endpoints.kubernetes.io/last-change-trigger-time": created},
                           created, kind="Endpoints")}
    if subsets:
        ep["subsets"] = subsets
    w.add("endpoints", ep)

    slice_labels = dict(labels)
    slice_labels.update({"endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                         "kubernetes.io/service-name": name})
    slice_name = f"{name}-{hexid('slice', ns, name, n=5)}"
    endpoints = []
    for p in pods:
        r = pod_ready(p)
        endpoints.append({"addresses": [p["status"]["podIP"]],
                          "conditions": {"ready": r, "serving": r, "terminating": False},
                          "nodeName": p["spec"]["nodeName"],
                          "targetRef": {"kind": "Pod", "name": p["metadata"]["name"], "namespace": ns,
                                        "uid": p["metadata"]["uid"]}})
    es = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
          "metadata": meta(slice_name, ns, slice_labels, {"endpoints.kubernetes.io/last-change-trigger-time": created},
                           created, owner_ref("v1", "Service", name, ns), kind="EndpointSlice"),
          "endpoints": endpoints if endpoints else None,
          "ports": ep_ports if endpoints else None}
    es["metadata"]["generateName"] = name + "-"
    es["metadata"]["generation"] = 1
    w.add("endpointslices", es)


def kubernetes_service(w):
    service(w, "kubernetes", "default", "10.96.0.1",
            [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
            labels={"component": "apiserver", "provider": "kubernetes"})
    w.add("endpoints", {"apiVersion": "v1", "kind": "Endpoints",
                        "metadata": meta("kubernetes", "default", {"endpointslice.kubernetes.io/skip-mirror": "true"},
                                         kind="Endpoints"),
                        "subsets": [{"addresses": [{"ip": "10.0.0.10"}],
                                     "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]})
    w.add("endpointslices", {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                             "metadata": meta("kubernetes", "default", {"kubernetes.io/service-name": "kubernetes"},
                                              kind="EndpointSlice"),
                             "endpoints": [{"addresses": ["10.0.0.10"],
                                            "conditions": {"ready": True, "serving": True, "terminating": False}}],
                             "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]})


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------
def event(w, obj, reason, message, etype="Normal", count=1, first=NOW, last=NOW, component="kubelet", host=None,
          field_path=None):
    md = obj["metadata"]
    ns = md.get("namespace", "default")
    inv = {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "name": md["name"], "uid": md["uid"],
           "resourceVersion": md.get("resourceVersion", "")}
    if md.get("namespace"):
        inv["namespace"] = ns
    if field_path:
        inv["fieldPath"] = field_path
    name = f"{md['name']}.{hexid('event', ns, md['name'], reason, n=16)}"
    src = {"component": component}
    if host:
        src["host"] = host
    w.add("events", {"apiVersion": "v1", "kind": "Event", "count": count, "eventTime": None,
                     "firstTimestamp": first, "lastTimestamp": last, "involvedObject": inv, "message": message,
                     "metadata": meta(name, ns, created=first, kind="Event"), "reason": reason,
                     "reportingComponent": component, "reportingInstance": host or "", "source": src, "type": etype})


# --------------------------------------------------------------------------------------------
# The base cluster
# --------------------------------------------------------------------------------------------
COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.11.1"
PROXY_IMAGE = "registry.k8s.io/kube-proxy:" + K8S
FLANNEL_IMAGE = "docker.io/flannel/flannel:v0.26.1"
FLANNEL_CNI_IMAGE = "docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2"
NGINX_IMAGE = "registry.k8s.io/ingress-nginx/controller:v1.11.3"
WEB_IMAGE = "ghcr.io/example/shop-web:2.4.1"

COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
"""

KUBE_PROXY_CONF = """apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 10.244.0.0/16
conntrack:
  maxPerCore: null
  min: null
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
iptables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  scheduler: ""
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: iptables
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
"""

FLANNEL_NET_CONF = """{
  "Network": "10.244.0.0/16",
  "EnableNFTables": false,
  "Backend": {
    "Type": "vxlan"
  }
}
"""

FLANNEL_CNI_CONF = """{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
"""

POD_SUFFIX = {  # fixed pod name suffixes, as the controllers would have generated them
    ("kube-proxy", "cp-1"): "8xq2v", ("kube-proxy", "worker-1"): "lk9wd", ("kube-proxy", "worker-2"): "tz4hn",
    ("kube-flannel-ds", "cp-1"): "4fbnm", ("kube-flannel-ds", "worker-1"): "jpp96", ("kube-flannel-ds", "worker-2"): "ckfdc",
}
COREDNS_RS = "coredns-7db6d8ff4d"
COREDNS_PODS = [("coredns-7db6d8ff4d-2wx5r", "10.244.0.2"), ("coredns-7db6d8ff4d-h8m4q", "10.244.0.3")]
NGINX_RS = "ingress-nginx-controller-7d9d8c7b5f"
NGINX_POD = ("ingress-nginx-controller-7d9d8c7b5f-qm2tx", "worker-1", "10.244.1.2")
WEB_RS = "web-6b8f9d4c7d"
WEB_PODS = [("web-6b8f9d4c7d-5kz8r", "worker-1", "10.244.1.3"), ("web-6b8f9d4c7d-x7p2m", "worker-2", "10.244.2.2")]

COREDNS_LOG = """.:53
[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908
CoreDNS-1.11.1
linux/amd64, go1.20.7, ae2bbc2
[INFO] 127.0.0.1:46751 - 29461 "HINFO IN 2617336593425146711.8236142962003012836. udp 57 false 512" NXDOMAIN qr,rd,ra 57 0.011442393s
"""


def kube_proxy_log(node_name):
    ip = NODE_IP[node_name]
    return f"""I1101 08:01:{12 + len(node_name):02d}.418233       1 server_linux.go:69] "Using iptables proxy"
I1101 08:01:{12 + len(node_name):02d}.432811       1 server.go:1062] "Successfully retrieved node IP(s)" IPs=["{ip}"]
I1101 08:01:{12 + len(node_name):02d}.436540       1 conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=131072
I1101 08:01:{12 + len(node_name):02d}.470155       1 server.go:659] "kube-proxy running in dual-stack mode" primary ipFamily="IPv4"
I1101 08:01:{12 + len(node_name):02d}.470192       1 server_linux.go:165] "Using iptables Proxier"
I1101 08:01:{12 + len(node_name):02d}.473874       1 proxier.go:245] "Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses"
I1101 08:01:{12 + len(node_name):02d}.474323       1 server.go:872] "Version info" version="{K8S}"
I1101 08:01:{12 + len(node_name):02d}.478419       1 config.go:192] "Starting service config controller"
I1101 08:01:{12 + len(node_name):02d}.478476       1 config.go:101] "Starting endpoint slice config controller"
I1101 08:01:{12 + len(node_name):02d}.479031       1 config.go:319] "Starting node config controller"
I1101 08:01:{13 + len(node_name):02d}.579402       1 shared_informer.go:320] Caches are synced for node config
I1101 08:01:{13 + len(node_name):02d}.579437       1 shared_informer.go:320] Caches are synced for service config
I1101 08:01:{13 + len(node_name):02d}.579461       1 shared_informer.go:320] Caches are synced for endpoint slice config
"""


def flannel_log(node_name):
    ip = NODE_IP[node_name]
    cidr = dict((n, c) for n, _, c, _ in NODES)[node_name]
    subnet = cidr.replace("0/24", "1/24")
    return f"""I1101 08:03:02.118473       1 main.go:211] CLI flags config: {{etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}}
I1101 08:03:02.131902       1 kube.go:139] Waiting 10m0s for node controller to sync
I1101 08:03:02.131975       1 kube.go:469] Starting kube subnet manager
I1101 08:03:03.132165       1 kube.go:146] Node controller sync successful
I1101 08:03:03.132195       1 main.go:231] Created subnet manager: Kubernetes Subnet Manager - {node_name}
I1101 08:03:03.132201       1 main.go:234] Installing signal handlers
I1101 08:03:03.132339       1 main.go:468] Found network config - Backend type: vxlan
I1101 08:03:03.135727       1 match.go:211] Determining IP address of default interface
I1101 08:03:03.136270       1 match.go:264] Using interface with name eth0 and address {ip}
I1101 08:03:03.136290       1 match.go:286] Defaulting external address to interface address ({ip})
I1101 08:03:03.136367       1 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false
I1101 08:03:03.141126       1 kube.go:636] List of node({node_name}) annotations: map[string]string{{"flannel.alpha.coreos.com/backend-type":"vxlan", "flannel.alpha.coreos.com/public-ip":"{ip}"}}
I1101 08:03:03.141207       1 main.go:355] Setting up masking rules
I1101 08:03:03.147102       1 main.go:406] Changing default FORWARD chain policy to ACCEPT
I1101 08:03:03.149433       1 iptables.go:290] generated 7 rules
I1101 08:03:03.152081       1 main.go:434] Wrote subnet file to /run/flannel/subnet.env
I1101 08:03:03.152097       1 main.go:438] Running backend.
I1101 08:03:03.152318       1 vxlan_network.go:65] watching for new subnet leases
I1101 08:03:03.160121       1 iptables.go:284] bootstrap done
I1101 08:03:03.165204       1 main.go:459] Waiting for all goroutines to exit
I1101 08:03:03.171955       1 kube.go:490] Creating the node lease for IPv4. This is the n.Spec.PodCIDRs: [{cidr}]
I1101 08:03:03.172020       1 subnet.go:152] Batch elem [0] is {{ lease.Event{{Type:0, Lease:lease.Lease{{EnableIPv4:true, EnableIPv6:false, Subnet:ip.IP4Net{{IP:{subnet.split('/')[0]}, PrefixLen:24}}, IPv6Subnet:ip.IP6Net{{IP:(*ip.IP6)(nil), PrefixLen:0x0}}, Attrs:lease.LeaseAttrs{{PublicIP:{ip}, PublicIPv6:(*ip.IP6)(nil), BackendType:"vxlan"}}, Expiration:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), Asof:0}}}}}}
"""


NGINX_LOG = """-------------------------------------------------------------------------------
NGINX Ingress controller
  Release:       v1.11.3
  Build:         0106de65cfccb74405a6dfa7d9daffc6f0a6ef1a
  Repository:    https://github.com/kubernetes/ingress-nginx
  nginx version: nginx/1.25.5

-------------------------------------------------------------------------------

W1120 14:00:41.522114       7 client_config.go:659] Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.
I1120 14:00:41.522295       7 main.go:205] "Creating API client" host="https://10.96.0.1:443"
I1120 14:00:41.528829       7 main.go:248] "Running in Kubernetes cluster" major="1" minor="30" git="v1.30.6" state="clean" commit="00f20d443ba0cd7b4a7a2b3f0a7e8c3ed6c5a7c1" platform="linux/amd64"
I1120 14:00:41.640455       7 main.go:101] "SSL fake certificate created" file="/etc/ingress-controller/ssl/default-fake-certificate.pem"
I1120 14:00:41.657187       7 ssl.go:535] "loading tls certificate" path="/usr/local/certificates/cert" key="/usr/local/certificates/key"
I1120 14:00:41.667981       7 nginx.go:271] "Starting NGINX Ingress controller"
I1120 14:00:41.674012       7 event.go:377] Event(v1.ObjectReference{Kind:"ConfigMap", Namespace:"ingress-nginx", Name:"ingress-nginx-controller", UID:"%s", APIVersion:"v1", ResourceVersion:"1190", FieldPath:""}): type: 'Normal' reason: 'CREATE' ConfigMap ingress-nginx/ingress-nginx-controller
I1120 14:00:42.869813       7 nginx.go:317] "Starting NGINX process"
I1120 14:00:42.869871       7 leaderelection.go:254] attempting to acquire leader lease ingress-nginx/ingress-nginx-leader...
I1120 14:00:42.870245       7 nginx.go:337] "Starting validation webhook" address=":8443" certPath="/usr/local/certificates/cert" keyPath="/usr/local/certificates/key"
I1120 14:00:42.870500       7 controller.go:193] "Configuration changes detected, backend reload required"
I1120 14:00:42.879133       7 leaderelection.go:268] successfully acquired lease ingress-nginx/ingress-nginx-leader
I1120 14:00:42.879192       7 status.go:85] "New leader elected" identity="ingress-nginx-controller-7d9d8c7b5f-qm2tx"
I1120 14:00:42.924174       7 controller.go:213] "Backend successfully reloaded"
I1120 14:00:42.924245       7 controller.go:224] "Initial sync, sleeping for 1 second"
I1120 14:05:12.003617       7 admission.go:149] processed ingress via admission controller {testedIngressLength:1 testedIngressTime:0.045s renderingIngressLength:1 renderingIngressTime:0.001s admissionTime:0.046s testedConfigurationSize:18.2kB}
I1120 14:05:12.003702       7 main.go:107] "successfully validated configuration, accepting" ingress="shop/web"
I1120 14:05:12.011450       7 store.go:440] "Found valid IngressClass" ingress="shop/web" ingressclass="nginx"
I1120 14:05:12.011698       7 event.go:377] Event(v1.ObjectReference{Kind:"Ingress", Namespace:"shop", Name:"web", UID:"%s", APIVersion:"networking.k8s.io/v1", ResourceVersion:"1420", FieldPath:""}): type: 'Normal' reason: 'Sync' Scheduled for sync
I1120 14:05:12.012088       7 controller.go:193] "Configuration changes detected, backend reload required"
I1120 14:05:12.061325       7 controller.go:213] "Backend successfully reloaded"
192.168.50.1 - - [21/Nov/2026:09:41:07 +0000] "GET / HTTP/1.1" 200 5316 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0" 422 0.004 [shop-web-80] [] 10.244.1.3:8080 5316 0.004 200 1f0e4c1c2a9a4b0d8f2a8c5a0e6b3d71
192.168.50.1 - - [21/Nov/2026:09:41:08 +0000] "GET /static/app.js HTTP/1.1" 200 48211 "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0" 389 0.006 [shop-web-80] [] 10.244.2.2:8080 48211 0.006 200 5b9d8a7e3c2f4e1a9b0c7d6e5f4a3b2c
""" % (uid("ConfigMap", "ingress-nginx", "ingress-nginx-controller"), uid("Ingress", "shop", "web"))


def base(name):
    w = World(name)
    for n in NODES:
        node(w, *n)
    for ns in ["default", "kube-system", "kube-public", "kube-node-lease", "kube-flannel", "ingress-nginx", "shop"]:
        labels = {"kubernetes.io/metadata.name": ns}
        created = APPS if ns == "shop" else CREATED
        if ns == "kube-flannel":
            labels["pod-security.kubernetes.io/enforce"] = "privileged"
        if ns == "ingress-nginx":
            labels.update({"app.kubernetes.io/instance": "ingress-nginx", "app.kubernetes.io/name": "ingress-nginx"})
        w.add("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": meta(ns, None, labels, created=created, kind="Namespace"),
                             "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})

    kubernetes_service(w)

    # --- kube-proxy (DaemonSet, hostNetwork) ---
    kp_ctr = container("kube-proxy", PROXY_IMAGE, command=["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                                           "--hostname-override=$(NODE_NAME)"],
                       env=[{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
                       resources={}, mounts=[{"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                                             {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                                             {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": True}])
    kp_ctr["securityContext"] = {"privileged": True}
    kp_volumes = [{"name": "kube-proxy", "configMap": {"name": "kube-proxy", "defaultMode": 420}},
                  {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
                  {"name": "lib-modules", "hostPath": {"path": "/lib/modules", "type": ""}}]
    for n, ip, _, _ in NODES:
        p = pod(w, f"kube-proxy-{POD_SUFFIX[('kube-proxy', n)]}", "kube-system", n, ip,
                {"controller-revision-hash": "6c7f8d9b5f", "k8s-app": "kube-proxy", "pod-template-generation": "1"},
                [copy.deepcopy(kp_ctr)], owner_ref("apps/v1", "DaemonSet", "kube-proxy", "kube-system"),
                "2026-11-01T08:01:10Z", host_network=True, sa="kube-proxy", tolerations=DS_TOLERATIONS,
                extra_spec={"volumes": kp_volumes, "nodeSelector": {"kubernetes.io/os": "linux"}},
                priority_class="system-node-critical")
        p["status"]["podIP"] = ip
        p["status"]["qosClass"] = "BestEffort"
        w.log("kube-system", p["metadata"]["name"], "kube-proxy", kube_proxy_log(n))
    daemonset(w, "kube-proxy", "kube-system", {"k8s-app": "kube-proxy"}, {"k8s-app": "kube-proxy"},
              template_of(w.pods(**{"k8s-app": "kube-proxy"})[0]), 3, 3, CREATED)

    # --- flannel (DaemonSet in kube-flannel, hostNetwork, two init containers) ---
    fl_env = [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
              {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
              {"name": "EVENT_QUEUE_DEPTH", "value": "5000"}]
    fl_init = [container("install-cni-plugin", FLANNEL_CNI_IMAGE, command=["cp"],
                         args=["-f", "/flannel", "/opt/cni/bin/flannel"], resources={},
                         mounts=[{"mountPath": "/opt/cni/bin", "name": "cni-plugin"}]),
               container("install-cni", FLANNEL_IMAGE, command=["cp"],
                         args=["-f", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"], resources={},
                         mounts=[{"mountPath": "/etc/cni/net.d", "name": "cni"},
                                 {"mountPath": "/etc/kube-flannel/", "name": "flannel-cfg"}])]
    fl_ctr = container("kube-flannel", FLANNEL_IMAGE, command=["/opt/bin/flanneld"], args=["--ip-masq", "--kube-subnet-mgr"],
                       env=fl_env, resources={"requests": {"cpu": "100m", "memory": "50Mi"}},
                       mounts=[{"mountPath": "/run/flannel", "name": "run"},
                               {"mountPath": "/etc/kube-flannel/", "name": "flannel-cfg"},
                               {"mountPath": "/run/xtables.lock", "name": "xtables-lock"}])
    fl_ctr["securityContext"] = {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}, "privileged": False}
    fl_volumes = [{"name": "run", "hostPath": {"path": "/run/flannel", "type": ""}},
                  {"name": "cni-plugin", "hostPath": {"path": "/opt/cni/bin", "type": ""}},
                  {"name": "cni", "hostPath": {"path": "/etc/cni/net.d", "type": ""}},
                  {"name": "flannel-cfg", "configMap": {"name": "kube-flannel-cfg", "defaultMode": 420}},
                  {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}}]
    for n, ip, _, _ in NODES:
        pname = f"kube-flannel-ds-{POD_SUFFIX[('kube-flannel-ds', n)]}"
        p = pod(w, pname, "kube-flannel", n, ip,
                {"app": "flannel", "controller-revision-hash": "7c9d8f6b4d", "k8s-app": "flannel",
                 "pod-template-generation": "1", "tier": "node"},
                [copy.deepcopy(fl_ctr)], owner_ref("apps/v1", "DaemonSet", "kube-flannel-ds", "kube-flannel"),
                "2026-11-01T08:02:55Z", init=copy.deepcopy(fl_init), host_network=True, sa="flannel",
                tolerations=[{"effect": "NoSchedule", "operator": "Exists"}] + DEFAULT_TOLERATIONS,
                extra_spec={"volumes": fl_volumes}, priority_class="system-node-critical")
        w.log("kube-flannel", pname, "install-cni-plugin", "")
        w.log("kube-flannel", pname, "install-cni", "")
        w.log("kube-flannel", pname, "kube-flannel", flannel_log(n))
    daemonset(w, "kube-flannel-ds", "kube-flannel", {"app": "flannel", "k8s-app": "flannel", "tier": "node"},
              {"app": "flannel", "k8s-app": "flannel"}, template_of(w.pods(app="flannel")[0]), 3, 3, CREATED, applied=True)

    # --- CoreDNS ---
    dns_ctr = container("coredns", COREDNS_IMAGE, args=["-conf", "/etc/coredns/Corefile"],
                        ports=[{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                               {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                               {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                        resources={"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                        mounts=[{"mountPath": "/etc/coredns", "name": "config-volume", "readOnly": True}])
    dns_ctr["livenessProbe"] = {"failureThreshold": 5, "httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"},
                                "initialDelaySeconds": 60, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 5}
    dns_ctr["readinessProbe"] = {"failureThreshold": 3, "httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"},
                                 "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1}
    for pname, ip in COREDNS_PODS:
        pod(w, pname, "kube-system", "cp-1", ip, {"k8s-app": "kube-dns", "pod-template-hash": "7db6d8ff4d"},
            [copy.deepcopy(dns_ctr)], owner_ref("apps/v1", "ReplicaSet", COREDNS_RS, "kube-system"), "2026-11-01T08:03:30Z",
            sa="coredns", tolerations=[{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                       {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}] + DEFAULT_TOLERATIONS,
            extra_spec={"dnsPolicy": "Default", "nodeSelector": {"kubernetes.io/os": "linux"},
                        "volumes": [{"name": "config-volume", "configMap": {"name": "coredns", "defaultMode": 420,
                                                                            "items": [{"key": "Corefile", "path": "Corefile"}]}}]},
            priority_class="system-cluster-critical")
        w.log("kube-system", pname, "coredns", COREDNS_LOG)
    deployment(w, "coredns", "kube-system", {"k8s-app": "kube-dns"}, {"k8s-app": "kube-dns"},
               template_of(w.pods(**{"k8s-app": "kube-dns"})[0]), 2, 2, CREATED, applied=False, rs_hash="7db6d8ff4d")
    dns = service(w, "kube-dns", "kube-system", "10.96.0.10",
                  [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                   {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                   {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
                  selector={"k8s-app": "kube-dns"},
                  labels={"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"},
                  annotations={"prometheus.io/port": "9153", "prometheus.io/scrape": "true"})

    # --- ConfigMaps (network ones, plus two others the collector must leave alone) ---
    def cm(name, ns, data, labels=None, applied=False):
        obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, ns, labels, kind="ConfigMap"), "data": data}
        if applied:
            last_applied(obj)
        w.add("configmaps", obj)
    cm("coredns", "kube-system", {"Corefile": COREFILE})
    cm("kube-proxy", "kube-system", {"config.conf": KUBE_PROXY_CONF,
                                     "kubeconfig.conf": "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://10.0.0.10:6443\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n"},
       labels={"app": "kube-proxy"})
    cm("kubeadm-config", "kube-system", {"ClusterConfiguration": "apiServer: {}\napiVersion: kubeadm.k8s.io/v1beta3\nclusterName: kubernetes\ncontrolPlaneEndpoint: 10.0.0.10:6443\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.6\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n"})
    cm("kube-root-ca.crt", "kube-system", {"ca.crt": "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIR0ZBS0VDQTAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\n-----END CERTIFICATE-----\n"})
    cm("kube-flannel-cfg", "kube-flannel", {"cni-conf.json": FLANNEL_CNI_CONF, "net-conf.json": FLANNEL_NET_CONF},
       labels={"app": "flannel", "k8s-app": "flannel", "tier": "node"}, applied=True)
    cm("ingress-nginx-controller", "ingress-nginx", {"allow-snippet-annotations": "false"},
       labels={"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
               "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/part-of": "ingress-nginx",
               "app.kubernetes.io/version": "1.11.3"}, applied=True)

    # --- ingress-nginx ---
    ng_labels = {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
                 "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/part-of": "ingress-nginx",
                 "app.kubernetes.io/version": "1.11.3"}
    ng_sel = {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
              "app.kubernetes.io/name": "ingress-nginx"}
    ng_ctr = container("controller", NGINX_IMAGE,
                       args=["/nginx-ingress-controller", "--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller",
                             "--election-id=ingress-nginx-leader", "--controller-class=k8s.io/ingress-nginx",
                             "--ingress-class=nginx", "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller",
                             "--validating-webhook=:8443", "--validating-webhook-certificate=/usr/local/certificates/cert",
                             "--validating-webhook-key=/usr/local/certificates/key", "--enable-metrics=false"],
                       ports=[{"containerPort": 80, "name": "http", "protocol": "TCP"},
                              {"containerPort": 443, "name": "https", "protocol": "TCP"},
                              {"containerPort": 8443, "name": "webhook", "protocol": "TCP"}],
                       env=[{"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                            {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
                            {"name": "LD_PRELOAD", "value": "/usr/local/lib/libmimalloc.so"}],
                       resources={"requests": {"cpu": "100m", "memory": "90Mi"}})
    pname, pnode, pip = NGINX_POD
    pod(w, pname, "ingress-nginx", pnode, pip, dict(ng_labels, **{"pod-template-hash": "7d9d8c7b5f"}), [ng_ctr],
        owner_ref("apps/v1", "ReplicaSet", NGINX_RS, "ingress-nginx"), "2026-11-20T14:00:38Z", sa="ingress-nginx",
        extra_spec={"nodeSelector": {"kubernetes.io/os": "linux"}, "terminationGracePeriodSeconds": 300})
    w.log("ingress-nginx", pname, "controller", NGINX_LOG)
    deployment(w, "ingress-nginx-controller", "ingress-nginx", ng_labels, ng_sel,
               template_of(w.pods(**{"app.kubernetes.io/name": "ingress-nginx"})[0]), 1, 1, "2026-11-20T14:00:30Z",
               rs_hash="7d9d8c7b5f")
    service(w, "ingress-nginx-controller", "ingress-nginx", "10.103.45.17",
            [{"appProtocol": "http", "name": "http", "nodePort": 30080, "port": 80, "protocol": "TCP", "targetPort": "http"},
             {"appProtocol": "https", "name": "https", "nodePort": 30443, "port": 443, "protocol": "TCP", "targetPort": "https"}],
            selector=ng_sel, labels=ng_labels, svc_type="LoadBalancer", lb_ip="192.168.50.10", etp="Cluster",
            created="2026-11-20T14:00:30Z", applied=True)
    service(w, "ingress-nginx-controller-admission", "ingress-nginx", "10.110.22.8",
            [{"appProtocol": "https", "name": "https-webhook", "port": 443, "protocol": "TCP", "targetPort": "webhook"}],
            selector=ng_sel, labels=ng_labels, created="2026-11-20T14:00:30Z", applied=True)
    w.add("ingressclasses", last_applied({
        "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
        "metadata": meta("nginx", None, ng_labels, {"ingressclass.kubernetes.io/is-default-class": "true"},
                         "2026-11-20T14:00:30Z", kind="IngressClass"),
        "spec": {"controller": "k8s.io/ingress-nginx"}}))

    # --- shop: web ---
    web_pods(w, WEB_PODS)
    deployment(w, "web", "shop", {"app": "web"}, {"app": "web"}, template_of(w.pods(app="web")[0]), 2, 2, APPS, rs_hash="6b8f9d4c7d")
    service(w, "web", "shop", "10.98.120.33", [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http"}],
            selector={"app": "web"}, labels={"app": "web"}, created=APPS, applied=True)
    ingress(w, "web", [("shop.example.com", [("/", "Prefix", "web", {"number": 80})])])
    netpol_allow_ingress_nginx(w)
    w.add("secrets", last_applied({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                                   "metadata": meta("web-db", "shop", {"app": "web"}, created=APPS, kind="Secret"),
                                   "data": {"password": "aHVudGVyMi1kby1ub3QtbGVhaw=="}}))

    # --- ordinary events of the last hour ---
    for pname, pnode, _ in WEB_PODS[:1]:
        p = w.get("pods", pname, "shop")
        event(w, p, "Pulled", f'Container image "{WEB_IMAGE}" already present on machine', host=pnode,
              field_path="spec.containers{web}", first="2026-11-21T09:12:03Z", last="2026-11-21T09:12:03Z")
    event(w, w.get("ingresses", "web", "shop"), "Sync", "Scheduled for sync", component="nginx-ingress-controller",
          host=NGINX_POD[0], first="2026-11-21T09:20:11Z", last="2026-11-21T09:20:11Z")
    event(w, w.get("nodes", "worker-2"), "RegisteredNode", "Node worker-2 event: Registered Node worker-2 in Controller",
          component="node-controller", first="2026-11-21T09:05:40Z", last="2026-11-21T09:05:40Z")
    return w, dns


WEB_ENV = [{"name": "DB_HOST", "value": "db.shop.svc.cluster.local"},
           {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"key": "password", "name": "web-db"}}},
           {"name": "SESSION_SECRET", "value": "9f1c2e7ad04b4c55b1d3e8f60a7c2b19"}]


def app_container(name, image, port=8080, env=None):
    c = container(name, image, ports=[{"containerPort": port, "name": "http", "protocol": "TCP"}], env=env,
                  resources={"limits": {"memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}})
    c["readinessProbe"] = {"failureThreshold": 3, "httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                           "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 1}
    return c


def web_pods(w, pods, app="web", rs=WEB_RS, image=WEB_IMAGE, labels=None, env=WEB_ENV):
    for pname, pnode, pip in pods:
        pod(w, pname, "shop", pnode, pip, dict(labels or {"app": app}, **{"pod-template-hash": rs.rsplit("-", 1)[1]}),
            [app_container(app, image, env=copy.deepcopy(env) if env else None)],
            owner_ref("apps/v1", "ReplicaSet", rs, "shop"), "2026-11-20T14:02:10Z")


def ingress(w, name, rules, lb_ip="192.168.50.10"):
    spec_rules = []
    for host, paths in rules:
        spec_rules.append({"host": host, "http": {"paths": [
            {"path": path, "pathType": ptype, "backend": {"service": {"name": svc, "port": port}}}
            for path, ptype, svc, port in paths]}})
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
           "metadata": meta(name, "shop", None, None, "2026-11-20T14:05:12Z", kind="Ingress"),
           "spec": {"ingressClassName": "nginx", "rules": spec_rules},
           "status": {"loadBalancer": {"ingress": [{"ip": lb_ip}]}}}
    obj["metadata"]["generation"] = 1
    return w.add("ingresses", last_applied(obj))


def netpol(w, name, spec, ns="shop"):
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
           "metadata": meta(name, ns, None, None, "2026-11-20T14:06:00Z", kind="NetworkPolicy"), "spec": spec}
    obj["metadata"]["generation"] = 1
    return w.add("networkpolicies", last_applied(obj))


def netpol_allow_ingress_nginx(w):
    netpol(w, "allow-ingress-nginx", {
        "podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"],
        "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}],
                     "ports": [{"port": 8080, "protocol": "TCP"}]}]})


def finish(w):
    """Endpoints and EndpointSlices for every selector Service, from the final pods."""
    for svc in list(w.objects["services"]):
        if svc["spec"].get("selector"):
            endpoints_for(w, svc)
    w.write()


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------
def healthy():
    w, _ = base("healthy")
    finish(w)


def selector_targetport():
    w, _ = base("selector-targetport")
    # api: the Service selects app=api-server, the pods are labelled app=api -> no endpoints.
    web_pods(w, [("api-5c7d9b6f4b-9tq4w", "worker-1", "10.244.1.4"), ("api-5c7d9b6f4b-r2vxn", "worker-2", "10.244.2.3")],
             app="api", rs="api-5c7d9b6f4b", image="ghcr.io/example/shop-api:1.9.0", labels={"app": "api", "tier": "backend"},
             env=[{"name": "LOG_LEVEL", "value": "info"}])
    deployment(w, "api", "shop", {"app": "api", "tier": "backend"}, {"app": "api", "tier": "backend"},
               template_of(w.pods(app="api")[0]), 2, 2, APPS, rs_hash="5c7d9b6f4b")
    service(w, "api", "shop", "10.101.7.200", [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}],
            selector={"app": "api-server"}, labels={"app": "api"}, created=APPS, applied=True)
    # cart: targetPort 8081, but the container listens on 8080 -> endpoints at :8081 that refuse.
    web_pods(w, [("cart-7f6c5d8b9c-m4k7z", "worker-1", "10.244.1.5"), ("cart-7f6c5d8b9c-w9d2s", "worker-2", "10.244.2.4")],
             app="cart", rs="cart-7f6c5d8b9c", image="ghcr.io/example/shop-cart:3.2.0", env=None)
    deployment(w, "cart", "shop", {"app": "cart"}, {"app": "cart"}, template_of(w.pods(app="cart")[0]), 2, 2, APPS,
               rs_hash="7f6c5d8b9c")
    service(w, "cart", "shop", "10.104.33.91", [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8081}],
            selector={"app": "cart"}, labels={"app": "cart"}, created=APPS, applied=True)
    for pname, pnode, _ in [("api-5c7d9b6f4b-9tq4w", "worker-1", 0), ("cart-7f6c5d8b9c-m4k7z", "worker-1", 0)]:
        event(w, w.get("pods", pname, "shop"), "Started", f"Started container {pname.split('-')[0]}", host=pnode,
              field_path="spec.containers{%s}" % pname.split("-")[0], first="2026-11-21T09:30:02Z", last="2026-11-21T09:30:02Z")
    finish(w)


LOOP_LOG = """[WARNING] No files matching import glob pattern: custom/*.override
[WARNING] No files matching import glob pattern: custom/*.server
.:53
[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908
CoreDNS-1.11.1
linux/amd64, go1.20.7, ae2bbc2
[FATAL] plugin/loop: Loop (127.0.0.1:57180 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."
"""


def dns_down():
    w, dns = base("dns-down")
    for pname, _ in COREDNS_PODS:
        p = w.get("pods", pname, "kube-system")
        st = p["status"]
        st["conditions"] = conditions(False, "2026-11-21T09:10:44Z")
        for c in st["conditions"]:
            if "message" in c:
                c["message"] = c["message"] % "coredns"
        cs = st["containerStatuses"][0]
        cid = "containerd://" + hexid("crash", pname)
        cs.update({"ready": False, "started": False, "restartCount": 12,
                   "state": {"waiting": {"reason": "CrashLoopBackOff",
                                         "message": f"back-off 5m0s restarting failed container=coredns pod={pname}_kube-system({p['metadata']['uid']})"}},
                   "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-21T09:53:12Z",
                                                "finishedAt": "2026-11-21T09:53:13Z", "containerID": cid}},
                   "containerID": cid})
        w.log("kube-system", pname, "coredns", LOOP_LOG)
        w.log("kube-system", pname, "coredns", LOOP_LOG, previous=True)
        event(w, p, "BackOff", "Back-off restarting failed container coredns in pod %s_kube-system(%s)" % (pname, p["metadata"]["uid"]),
              etype="Warning", count=61, first="2026-11-21T09:11:02Z", last="2026-11-21T09:57:40Z", host="cp-1",
              field_path="spec.containers{coredns}")
        event(w, p, "Unhealthy", "Readiness probe failed: Get \"http://%s:8181/ready\": dial tcp %s:8181: connect: connection refused"
              % (st["podIP"], st["podIP"]), etype="Warning", count=14, first="2026-11-21T09:10:50Z",
              last="2026-11-21T09:53:13Z", host="cp-1", field_path="spec.containers{coredns}")
    d = w.get("deployments", "coredns", "kube-system")
    d["status"].update({"unavailableReplicas": 2})
    d["status"].pop("readyReplicas", None)
    d["status"].pop("availableReplicas", None)
    d["status"]["conditions"][0].update({"status": "False", "reason": "MinimumReplicasUnavailable",
                                         "message": "Deployment does not have minimum availability.",
                                         "lastUpdateTime": "2026-11-21T09:11:05Z", "lastTransitionTime": "2026-11-21T09:11:05Z"})
    netpol(w, "default-deny-egress", {
        "podSelector": {}, "policyTypes": ["Egress"],
        "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": 443, "protocol": "TCP"}]}]})
    finish(w)


FLANNEL_DENIED = "cp: can't create '/etc/cni/net.d/10-flannel.conflist': Permission denied\n"


def flannel_selinux_ipam():
    w, _ = base("flannel-selinux-ipam")
    for n in ("worker-1", "worker-2"):
        pname = f"kube-flannel-ds-{POD_SUFFIX[('kube-flannel-ds', n)]}"
        p = w.get("pods", pname, "kube-flannel")
        st = p["status"]
        started = "2026-11-21T09:49:30Z"
        p["metadata"]["creationTimestamp"] = started
        st["phase"] = "Pending"
        st["startTime"] = started
        st["conditions"] = conditions(False, started, initialized=False)
        for c in st["conditions"]:
            if "message" in c and "%s" in c["message"]:
                c["message"] = c["message"] % "kube-flannel"
        ci = st["initContainerStatuses"]
        cid = "containerd://" + hexid("selinux", pname)
        ci[1].update({"ready": False, "started": False, "restartCount": 4,
                      "state": {"waiting": {"reason": "CrashLoopBackOff",
                                            "message": f"back-off 1m20s restarting failed container=install-cni pod={pname}_kube-flannel({p['metadata']['uid']})"}},
                      "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-21T09:56:31Z",
                                                   "finishedAt": "2026-11-21T09:56:31Z", "containerID": cid}},
                      "containerID": cid})
        cs = st["containerStatuses"][0]
        cs.update({"ready": False, "started": False, "state": {"waiting": {"reason": "PodInitializing"}}})
        del cs["containerID"]
        w.log("kube-flannel", pname, "install-cni", FLANNEL_DENIED)
        w.log("kube-flannel", pname, "install-cni", FLANNEL_DENIED, previous=True)
        del w.logs[f"kube-flannel/{pname}/kube-flannel.log"]
        event(w, p, "BackOff", f"Back-off restarting failed container install-cni in pod {pname}_kube-flannel({p['metadata']['uid']})",
              etype="Warning", count=9, first="2026-11-21T09:50:02Z", last="2026-11-21T09:56:40Z", host=n,
              field_path="spec.initContainers{install-cni}")
    ds = w.get("daemonsets", "kube-flannel-ds", "kube-flannel")
    ds["status"].update({"numberReady": 1, "numberAvailable": 1, "numberUnavailable": 2})

    # worker-2: no CNI config on disk -> NotReady, and flannel never cleared NetworkUnavailable.
    n2 = w.get("nodes", "worker-2")
    n2["spec"]["taints"] = [{"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule", "timeAdded": "2026-11-21T09:49:02Z"}]
    for c in n2["status"]["conditions"]:
        if c["type"] == "NetworkUnavailable":
            c.update({"status": "True", "reason": "NoRouteCreated", "message": "Node created without a route",
                      "lastHeartbeatTime": "2026-11-21T09:49:00Z", "lastTransitionTime": "2026-11-21T09:49:00Z"})
        if c["type"] == "Ready":
            c.update({"status": "False", "reason": "KubeletNotReady",
                      "message": "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                                 "message:Network plugin returns error: network plugin is not ready: cni config uninitialized",
                      "lastTransitionTime": "2026-11-21T09:49:02Z"})
    del n2["metadata"]["annotations"]["flannel.alpha.coreos.com/backend-data"]
    event(w, n2, "NodeNotReady", "Node worker-2 status is now: NodeNotReady", etype="Normal", component="node-controller",
          first="2026-11-21T09:49:07Z", last="2026-11-21T09:49:07Z")

    # web: the pod on worker-2 is gone (node rebuilt); its replacement on worker-1 cannot get an IP
    # because host-local IPAM on worker-1 has no free address left (leaked allocations).
    w.remove("pods", WEB_PODS[1][0], "shop")
    stuck = "web-6b8f9d4c7d-487td"
    web_pods(w, [(stuck, "worker-1", None)])
    p = w.get("pods", stuck, "shop")
    p["metadata"]["creationTimestamp"] = "2026-11-21T09:49:40Z"
    st = p["status"]
    st.update({"phase": "Pending", "startTime": "2026-11-21T09:49:40Z", "qosClass": "Burstable"})
    del st["podIP"], st["podIPs"]
    st["conditions"] = conditions(False, "2026-11-21T09:49:40Z", sandbox=False)
    for c in st["conditions"]:
        if "message" in c and "%s" in c["message"]:
            c["message"] = c["message"] % "web"
    cs = st["containerStatuses"][0]
    cs.update({"ready": False, "started": False, "imageID": "", "state": {"waiting": {"reason": "ContainerCreating"}}})
    del cs["containerID"]
    event(w, p, "Scheduled", f"Successfully assigned shop/{stuck} to worker-1", component="default-scheduler",
          first="2026-11-21T09:49:40Z", last="2026-11-21T09:49:40Z")
    event(w, p, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.", count=74, host="worker-1",
          first="2026-11-21T09:49:52Z", last="2026-11-21T09:55:03Z")
    event(w, p, "FailedCreatePodSandBox",
          f'Failed create pod sandbox: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "{stuck}_shop" '
          "network: Failed to allocate address: Failed to delegate: Failed to allocate address: No available addresses",
          etype="Warning", count=204, host="worker-1", first="2026-11-21T09:49:45Z", last="2026-11-21T09:57:39Z")
    d = w.get("deployments", "web", "shop")
    d["status"].update({"readyReplicas": 1, "availableReplicas": 1, "unavailableReplicas": 1})
    finish(w)


def ingress_backend_policy():
    w, _ = base("ingress-backend-policy")
    ingress(w, "store", [("store.example.com", [("/checkout", "Prefix", "checkout", {"number": 80}),
                                                ("/", "Prefix", "web", {"number": 8080})])])
    w.remove("networkpolicies", "allow-ingress-nginx", "shop")
    netpol(w, "allow-same-namespace", {"podSelector": {}, "policyTypes": ["Ingress"],
                                       "ingress": [{"from": [{"podSelector": {}}]}]})
    w.logs[f"ingress-nginx/{NGINX_POD[0]}/controller.log"] += (
        'I1121 09:31:44.214470       7 main.go:107] "successfully validated configuration, accepting" ingress="shop/store"\n'
        'W1121 09:31:44.226113       7 controller.go:1110] Error obtaining Endpoints for Service "shop/checkout": no object matching key "shop/checkout" in local store\n'
        'W1121 09:31:44.226276       7 controller.go:1293] Service "shop/web" does not have any active Endpoint for port 8080\n'
        'I1121 09:31:44.226502       7 controller.go:193] "Configuration changes detected, backend reload required"\n'
        'I1121 09:31:44.279861       7 controller.go:213] "Backend successfully reloaded"\n'
        '2026/11/21 09:42:17 [error] 38#38: *48213 upstream timed out (110: Operation timed out) while connecting to upstream, '
        'client: 192.168.50.1, server: shop.example.com, request: "GET / HTTP/1.1", upstream: "http://10.244.1.3:8080/", host: "shop.example.com"\n'
        '192.168.50.1 - - [21/Nov/2026:09:42:22 +0000] "GET / HTTP/1.1" 504 160 "-" "curl/8.5.0" 80 15.002 [shop-web-80] [] '
        '10.244.1.3:8080, 10.244.2.2:8080, 10.244.1.3:8080 0, 0, 0 5.001, 5.001, 5.000 504, 504, 504 7ac2e9f04d1b4b6c8f3e2a1d0c9b8a77\n'
        '192.168.50.1 - - [21/Nov/2026:09:43:05 +0000] "GET /checkout HTTP/1.1" 503 190 "-" "curl/8.5.0" 88 0.000 [shop-checkout-80] [] - - - - 3b1f0e2d4c5a6b7c8d9e0f1a2b3c4d5e\n')
    event(w, w.get("ingresses", "store", "shop"), "Sync", "Scheduled for sync", component="nginx-ingress-controller",
          host=NGINX_POD[0], first="2026-11-21T09:31:44Z", last="2026-11-21T09:31:44Z")
    finish(w)


def etp_local():
    w, _ = base("etp-local")
    web_pods(w, [("storefront-84d6b9c7f5-b6lqp", "worker-1", "10.244.1.6"), ("storefront-84d6b9c7f5-zq8tn", "worker-1", "10.244.1.7")],
             app="storefront", rs="storefront-84d6b9c7f5", image="ghcr.io/example/shop-storefront:1.3.2",
             labels={"app": "storefront"}, env=None)
    deployment(w, "storefront", "shop", {"app": "storefront"}, {"app": "storefront"},
               template_of(w.pods(app="storefront")[0]), 2, 2, APPS, rs_hash="84d6b9c7f5")
    service(w, "web-public", "shop", "10.107.80.5",
            [{"name": "http", "nodePort": 31080, "port": 80, "protocol": "TCP", "targetPort": "http"}],
            selector={"app": "storefront"}, labels={"app": "storefront"}, svc_type="LoadBalancer", lb_ip="192.168.50.20",
            etp="Local", hc_port=32000, created=APPS, applied=True)
    event(w, w.get("services", "web-public", "shop"), "IPAllocated", "Assigned IP [\"192.168.50.20\"]",
          component="metallb-controller", first="2026-11-21T09:15:00Z", last="2026-11-21T09:15:00Z")
    finish(w)


if __name__ == "__main__":
    healthy()
    selector_targetport()
    dns_down()
    flannel_selinux_ipam()
    ingress_backend_policy()
    etp_local()
    print("wrote", ", ".join(sorted(d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d)))))
