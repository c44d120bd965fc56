#!/usr/bin/env python3
"""A read-only stand-in for a Kubernetes API server, good enough for the real kubectl.

It serves a "world" directory of recorded objects so that the collector can be tested with the
real kubectl, without a cluster. Python 3 standard library only.

World layout (see collector-scripts/README.md):
  objects/*.json        each file holds a List ({"kind": "List", "items": [...]}) or one object;
                        every object carries apiVersion, kind and metadata
  logs/<ns>/<pod>/<container>.log           current container log
  logs/<ns>/<pod>/<container>.previous.log  log of the previous instance
  served-extra.txt      extra served resources (CRDs), one per line:
                        <plural> <group>/<version> <Kind> <namespaced|cluster>
  version.json          optional answer for /version

Discovery: kubectl 1.32 first asks /api and /apis for aggregated discovery
(Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,...). We answer with
the legacy APIVersions/APIGroupList documents and Content-Type: application/json, which makes it
fall back to legacy discovery (/api/v1, /apis/<group>/<version>).

Every request line is appended to --request-log, so a test can prove what was (not) asked for.
"""
import argparse
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The built-in resources of a v1.30 cluster that matter here (plus a few more, so that
# `kubectl api-resources` looks like a real cluster): plural -> (group, version, Kind, namespaced, shortNames)
BUILTIN = [
    ("bindings", "", "v1", "Binding", True, []),
    ("componentstatuses", "", "v1", "ComponentStatus", False, ["cs"]),
    ("configmaps", "", "v1", "ConfigMap", True, ["cm"]),
    ("endpoints", "", "v1", "Endpoints", True, ["ep"]),
    ("events", "", "v1", "Event", True, ["ev"]),
    ("limitranges", "", "v1", "LimitRange", True, ["limits"]),
    ("namespaces", "", "v1", "Namespace", False, ["ns"]),
    ("nodes", "", "v1", "Node", False, ["no"]),
    ("persistentvolumeclaims", "", "v1", "PersistentVolumeClaim", True, ["pvc"]),
    ("persistentvolumes", "", "v1", "PersistentVolume", False, ["pv"]),
    ("pods", "", "v1", "Pod", True, ["po"]),
    ("podtemplates", "", "v1", "PodTemplate", True, []),
    ("replicationcontrollers", "", "v1", "ReplicationController", True, ["rc"]),
    ("resourcequotas", "", "v1", "ResourceQuota", True, ["quota"]),
    ("secrets", "", "v1", "Secret", True, []),
    ("serviceaccounts", "", "v1", "ServiceAccount", True, ["sa"]),
    ("services", "", "v1", "Service", True, ["svc"]),
    ("controllerrevisions", "apps", "v1", "ControllerRevision", True, []),
    ("daemonsets", "apps", "v1", "DaemonSet", True, ["ds"]),
    ("deployments", "apps", "v1", "Deployment", True, ["deploy"]),
    ("replicasets", "apps", "v1", "ReplicaSet", True, ["rs"]),
    ("statefulsets", "apps", "v1", "StatefulSet", True, ["sts"]),
    ("cronjobs", "batch", "v1", "CronJob", True, ["cj"]),
    ("jobs", "batch", "v1", "Job", True, []),
    ("leases", "coordination.k8s.io", "v1", "Lease", True, []),
    ("endpointslices", "discovery.k8s.io", "v1", "EndpointSlice", True, []),
    ("events", "events.k8s.io", "v1", "Event", True, ["ev"]),
    ("ingressclasses", "networking.k8s.io", "v1", "IngressClass", False, []),
    ("ingresses", "networking.k8s.io", "v1", "Ingress", True, ["ing"]),
    ("networkpolicies", "networking.k8s.io", "v1", "NetworkPolicy", True, ["netpol"]),
    ("poddisruptionbudgets", "policy", "v1", "PodDisruptionBudget", True, ["pdb"]),
    ("clusterrolebindings", "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", False, []),
    ("clusterroles", "rbac.authorization.k8s.io", "v1", "ClusterRole", False, []),
    ("rolebindings", "rbac.authorization.k8s.io", "v1", "RoleBinding", True, []),
    ("roles", "rbac.authorization.k8s.io", "v1", "Role", True, []),
    ("customresourcedefinitions", "apiextensions.k8s.io", "v1", "CustomResourceDefinition", False, ["crd", "crds"]),
    ("storageclasses", "storage.k8s.io", "v1", "StorageClass", False, ["sc"]),
]

READ_VERBS = ["get", "list", "watch"]
WRITE_VERBS = ["create", "delete", "deletecollection", "patch", "update"]


class Resource:
    def __init__(self, plural, group, version, kind, namespaced, short_names=()):
        self.plural, self.group, self.version = plural, group, version
        self.kind, self.namespaced, self.short_names = kind, namespaced, list(short_names)

    @property
    def group_version(self):
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self):
        """plural.group, the name used by --forbid and --sleep (just plural for the core group)."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


class World:
    def __init__(self, root):
        self.root = root
        self.resources = {}  # (group, version, plural) -> Resource
        self.objects = {}  # (group, plural) -> list of objects
        for r in BUILTIN:
            self.add_resource(Resource(*r))
        self._load_extra()
        self._load_objects()
        self.version = self._load_version()

    def add_resource(self, res):
        self.resources[(res.group, res.version, res.plural)] = res

    def _load_extra(self):
        path = os.path.join(self.root, "served-extra.txt")
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    self.add_extra(line)

    def add_extra(self, line):
        line = line.split("#", 1)[0].strip()
        if not line:
            return
        plural, gv, kind, scope = line.split()
        group, version = gv.split("/")
        self.add_resource(Resource(plural, group, version, kind, scope == "namespaced"))

    def _load_version(self):
        path = os.path.join(self.root, "version.json")
        if os.path.exists(path):
            with open(path) as f:
                return json.load(f)
        return {"major": "1", "minor": "30", "gitVersion": "v1.30.6", "gitCommit": "00f20d443ba0cd7b4a7a2b3f0a7e8c3ed6c5a7c1",
                "gitTreeState": "clean", "buildDate": "2024-10-22T20:28:14Z", "goVersion": "go1.22.8",
                "compiler": "gc", "platform": "linux/amd64"}

    def _load_objects(self):
        objdir = os.path.join(self.root, "objects")
        if not os.path.isdir(objdir):
            return
        for name in sorted(os.listdir(objdir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(objdir, name)) as f:
                doc = json.load(f)
            items = doc.get("items", []) if doc.get("kind", "").endswith("List") else [doc]
            for obj in items:
                self._add_object(obj)

    def _add_object(self, obj):
        api_version, kind = obj["apiVersion"], obj["kind"]
        group, version = api_version.split("/") if "/" in api_version else ("", api_version)
        res = next((r for r in self.resources.values() if r.group == group and r.kind == kind), None)
        if res is None:  # a kind we do not know: serve it under a guessed plural
            res = Resource(kind.lower() + "s", group, version, kind, "namespace" in obj["metadata"])
            self.add_resource(res)
        self.objects.setdefault((group, res.plural), []).append(obj)

    def find(self, group, version, plural):
        return self.resources.get((group, version, plural))


def parse_label_selector(text):
    """The subset kubectl users type: a=b, a==b, a!=b, a, !a (comma separated)."""
    reqs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "!=" in part:
            k, v = part.split("!=", 1)
            reqs.append(lambda labels, k=k, v=v: labels.get(k) != v)
        elif "=" in part:
            k, v = part.replace("==", "=").split("=", 1)
            reqs.append(lambda labels, k=k, v=v: labels.get(k) == v)
        elif part.startswith("!"):
            reqs.append(lambda labels, k=part[1:]: k not in labels)
        else:
            reqs.append(lambda labels, k=part: k in labels)
    return lambda labels: all(r(labels) for r in reqs)


def parse_field_selector(text):
    """metadata.name / metadata.namespace / spec.nodeName equality, as kubectl's own calls need."""
    reqs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        neg = "!=" in part
        k, v = part.split("!=" if neg else "=", 1)
        v = v.lstrip("=")
        path = k.split(".")

        def field(obj, path=path):
            for p in path:
                obj = obj.get(p, {}) if isinstance(obj, dict) else {}
            return obj if isinstance(obj, str) else ""

        reqs.append(lambda obj, f=field, v=v, neg=neg: (f(obj) != v) if neg else (f(obj) == v))
    return lambda obj: all(r(obj) for r in reqs)


class Handler(BaseHTTPRequestHandler):
    server_version = "packetwalk-fake-apiserver/1"

    # --- plumbing -------------------------------------------------------------------------
    def log_message(self, fmt, *args):  # quiet: the request log is the record
        pass

    def send_json(self, code, doc):
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_text(self, code, text):
        body = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def status(self, code, reason, message, details=None):
        self.send_json(code, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                              "message": message, "reason": reason, "details": details or {}, "code": code})

    def do_GET(self):
        cfg = self.server.cfg
        with cfg.log_lock:
            with open(cfg.request_log, "a") as f:
                f.write(f"GET {self.path}\n")
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = [p for p in url.path.split("/") if p]
        try:
            self.route(parts, query)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):  # the collector must never write; answer like an RBAC-less user would
        self.do_write()

    do_PUT = do_PATCH = do_DELETE = do_POST

    def do_write(self):
        cfg = self.server.cfg
        with cfg.log_lock:
            with open(cfg.request_log, "a") as f:
                f.write(f"{self.command} {self.path}\n")
        self.status(405, "MethodNotAllowed", "packetwalk fake apiserver is read-only")

    # --- routing ---------------------------------------------------------------------------
    def route(self, parts, query):
        world = self.server.world
        if parts == ["version"]:
            return self.send_json(200, world.version)
        if parts == ["api"]:
            return self.send_json(200, {"kind": "APIVersions", "versions": ["v1"],
                                        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                                         "serverAddress": "10.0.0.10:6443"}]})
        if parts == ["apis"]:
            return self.send_json(200, self.group_list())
        if parts[:2] == ["api", "v1"]:
            return self.resource_path("", "v1", parts[2:], query)
        if parts[:1] == ["apis"] and len(parts) >= 3:
            return self.resource_path(parts[1], parts[2], parts[3:], query)
        if parts[:1] == ["apis"] and len(parts) == 2:
            return self.send_json(200, self.group_doc(parts[1]) or {})
        return self.status(404, "NotFound", "the server could not find the requested resource")

    def group_list(self):
        groups = sorted({r.group for r in self.server.world.resources.values() if r.group})
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [self.group_doc(g) for g in groups]}

    def group_doc(self, group):
        versions = sorted({r.version for r in self.server.world.resources.values() if r.group == group}, reverse=True)
        if not versions:
            return None
        vs = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
        return {"name": group, "versions": vs, "preferredVersion": vs[0]}

    def resource_list(self, group, version):
        res = [r for r in self.server.world.resources.values() if r.group == group and r.version == version]
        if not res:
            return None
        out = []
        for r in sorted(res, key=lambda r: r.plural):
            verbs = ["create"] if r.plural == "bindings" else READ_VERBS + WRITE_VERBS
            entry = {"name": r.plural, "singularName": r.kind.lower(), "namespaced": r.namespaced, "kind": r.kind,
                     "verbs": sorted(verbs)}
            if r.short_names:
                entry["shortNames"] = r.short_names
            out.append(entry)
            if r.plural == "pods" and not group:
                out.append({"name": "pods/log", "singularName": "", "namespaced": True, "kind": "Pod", "verbs": ["get"]})
                out.append({"name": "pods/status", "singularName": "", "namespaced": True, "kind": "Pod",
                            "verbs": ["get", "patch", "update"]})
        gv = f"{group}/{version}" if group else version
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}

    def resource_path(self, group, version, rest, query):
        world, cfg = self.server.world, self.server.cfg
        if not rest:
            doc = self.resource_list(group, version)
            return self.send_json(200, doc) if doc else self.status(404, "NotFound", "not found")
        namespace = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        plural, name, sub = rest[0], (rest[1] if len(rest) > 1 else None), (rest[2] if len(rest) > 2 else None)
        res = world.find(group, version, plural)
        if res is None:
            return self.status(404, "NotFound", "the server could not find the requested resource")
        delay = cfg.sleep.get(res.qualified)
        if delay:
            time.sleep(delay)
        if res.qualified in cfg.forbid:
            scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
            verb = "get" if name else "list"
            return self.status(403, "Forbidden",
                               f'{res.qualified} is forbidden: User "packetwalk-test" cannot {verb} resource '
                               f'"{plural}" in API group "{group}" {scope}',
                               {"group": group, "kind": plural})
        objs = world.objects.get((group, plural), [])
        if namespace is not None:
            objs = [o for o in objs if o["metadata"].get("namespace") == namespace]
        if name is None:
            return self.send_list(res, objs, query)
        match = [o for o in objs if o["metadata"]["name"] == name]
        if not match:
            return self.status(404, "NotFound", f'{res.qualified} "{name}" not found',
                               {"name": name, "group": group, "kind": plural})
        if sub is None:
            return self.send_json(200, match[0])
        if sub == "log" and plural == "pods" and not group:
            return self.send_log(match[0], query)
        return self.status(404, "NotFound", "the server could not find the requested resource")

    def send_list(self, res, objs, query):
        if "labelSelector" in query:
            sel = parse_label_selector(query["labelSelector"])
            objs = [o for o in objs if sel(o["metadata"].get("labels", {}))]
        if "fieldSelector" in query:
            sel = parse_field_selector(query["fieldSelector"])
            objs = [o for o in objs if sel(o)]
        self.send_json(200, {"kind": res.kind + "List", "apiVersion": res.group_version,
                             "metadata": {"resourceVersion": "424242"}, "items": objs})

    def send_log(self, pod, query):
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        containers = [c["name"] for c in pod["spec"].get("initContainers", []) + pod["spec"]["containers"]]
        container = query.get("container") or (containers[0] if len(containers) == 1 else None)
        if container is None:
            return self.status(400, "BadRequest", f"a container name must be specified for pod {name}, "
                                                  f"choose one of: {containers}")
        if container not in containers:
            return self.status(400, "BadRequest", f"container {container} is not valid for pod {name}")
        previous = query.get("previous") == "true"
        path = os.path.join(self.server.world.root, "logs", ns, name,
                            container + (".previous.log" if previous else ".log"))
        if not os.path.exists(path):
            if previous:
                msg = f'previous terminated container "{container}" in pod "{name}" not found'
            else:
                statuses = pod.get("status", {}).get("initContainerStatuses", []) + \
                    pod.get("status", {}).get("containerStatuses", [])
                waiting = next((s["state"]["waiting"].get("reason", "ContainerCreating") for s in statuses
                                if s["name"] == container and "waiting" in s.get("state", {})), "ContainerCreating")
                msg = f'container "{container}" in pod "{name}" is waiting to start: {waiting}'
            return self.status(400, "BadRequest", msg)
        with open(path) as f:
            lines = f.read().splitlines(keepends=True)
        if "tailLines" in query:
            lines = lines[-int(query["tailLines"]):] if int(query["tailLines"]) > 0 else []
        text = "".join(lines)
        if "limitBytes" in query:
            text = text.encode()[:int(query["limitBytes"])].decode(errors="ignore")
        self.send_text(200, text)


class Config:
    def __init__(self, args):
        self.forbid = set(args.forbid)
        self.sleep = {k: float(v) for k, v in (s.split("=", 1) for s in args.sleep)}
        self.request_log = args.request_log
        self.log_lock = threading.Lock()


def write_kubeconfig(path, port, context):
    # JSON is valid YAML, so kubectl reads this as a kubeconfig.
    doc = {"apiVersion": "v1", "kind": "Config", "current-context": context,
           "clusters": [{"name": context, "cluster": {"server": f"http://127.0.0.1:{port}"}}],
           "users": [{"name": "packetwalk-test", "user": {"token": "fake-token-not-a-secret"}}],
           "contexts": [{"name": context, "context": {"cluster": context, "user": "packetwalk-test"}}]}
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--world", required=True, help="world directory")
    p.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (default: a free one)")
    p.add_argument("--forbid", action="append", default=[], metavar="PLURAL[.GROUP]",
                   help="answer 403 Forbidden for this resource (repeatable)")
    p.add_argument("--sleep", action="append", default=[], metavar="PLURAL[.GROUP]=SECONDS",
                   help="sleep before answering requests for this resource (repeatable)")
    p.add_argument("--extra", action="append", default=[], metavar="'PLURAL GROUP/VERSION KIND SCOPE'",
                   help="serve one more resource, as a served-extra.txt line (repeatable)")
    p.add_argument("--request-log", default=os.devnull, help="append every request line to this file")
    p.add_argument("--kubeconfig-out", help="write a kubeconfig pointing at this server")
    p.add_argument("--context", default="packetwalk-fake", help="context name in that kubeconfig")
    args = p.parse_args()

    world = World(args.world)
    for line in args.extra:
        world.add_extra(line)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.world, server.cfg = world, Config(args)
    port = server.server_address[1]
    if args.kubeconfig_out:
        write_kubeconfig(args.kubeconfig_out, port, args.context)
    print(f"http://127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
