#!/usr/bin/env python3
"""Consistency checks behind deploy/check that no off-the-shelf validator does.

    checks.py metrics            dashboard and alert rules use only known metric names
    checks.py dashboard          the Grafana dashboard is well formed
    checks.py kubernetes         CRDs and cross-references of deploy/kubernetes
    checks.py extract-rules OUT  PrometheusRule spec -> OUT (for promtool)
    checks.py sync-rules         rewrite prometheusrule.yaml from inlet-alerts.yaml
    checks.py extract-toml OUT   the ConfigMap's inlet.toml -> OUT
    checks.py dockerfile         COPY sources exist and are not .dockerignored
    checks.py scrape URL FILE    FILE (a /metrics body) exports every metric used
    checks.py toml FILE...       each FILE parses as TOML

Each prints what is wrong and exits 1, or prints a short summary and exits 0.
"""
import fnmatch
import json
import os
import re
import sys
import tomllib

import yaml

DEPLOY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(DEPLOY)
DASHBOARD = os.path.join(DEPLOY, "grafana/dashboards/inlet.json")
RULES = os.path.join(DEPLOY, "prometheus/inlet-alerts.yaml")
K8S = os.path.join(DEPLOY, "kubernetes")

# The metrics inlet exports (crates/inlet): name -> type.
METRICS = {
    "inlet_binds": "gauge",
    "inlet_bind_failures_total": "counter",
    "inlet_pdus_in_total": "counter",
    "inlet_pdus_out_total": "counter",
    "inlet_throttled_total": "counter",
    "inlet_requests_in_flight": "gauge",
    "inlet_routing_results_total": "counter",
    "inlet_publish_latency_seconds": "histogram",
    "inlet_publish_errors_total": "counter",
    "inlet_messages_published_total": "counter",
    "inlet_receipts_total": "counter",
    "inlet_sessions": "gauge",
    "inlet_kafka_queue_messages": "gauge",
    "inlet_kafka_in_flight": "gauge",
    "inlet_kafka_broker_rtt_seconds": "gauge",
    "inlet_kafka_producer_rebuilds_total": "counter",
    "inlet_assignments_feed_bad_records_total": "counter",
    "inlet_assignments_feed_caught_up": "gauge",
    "inlet_ready": "gauge",
    "inlet_routing_table_numbers": "gauge",
    "inlet_config_reloads_total": "counter",
    "inlet_reassembly_groups_pending": "gauge",
    "inlet_build_info": "gauge",
}
NAME = re.compile(r"\binlet_[a-z0-9_]+\b")
HIST_SUFFIXES = ("_bucket", "_sum", "_count")


def base_name(name):
    """A series name to the metric family it belongs to."""
    for suffix in HIST_SUFFIXES:
        if name.endswith(suffix) and METRICS.get(name[: -len(suffix)]) == "histogram":
            return name[: -len(suffix)]
    return name


def load_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f)


def dashboard_exprs():
    """(where, expr) for every query in the dashboard, template variables included."""
    with open(DASHBOARD) as f:
        dash = json.load(f)
    out = []

    def panels(ps):
        for p in ps:
            yield p
            yield from panels(p.get("panels", []))

    for p in panels(dash.get("panels", [])):
        for t in p.get("targets", []):
            out.append((f"dashboard panel {p.get('title')!r} {t.get('refId')}", t.get("expr", "")))
    for v in dash.get("templating", {}).get("list", []):
        q = v.get("query")
        if isinstance(q, dict):
            q = q.get("query", "")
        if v.get("type") == "query":
            out.append((f"dashboard variable {v.get('name')}", q or ""))
    return out


def rule_exprs(rules):
    out = []
    for g in rules["groups"]:
        for r in g["rules"]:
            out.append((f"rule {r.get('alert') or r.get('record')}", r["expr"]))
    return out


def used_metrics():
    """metric family -> where it is used."""
    used = {}
    unknown = []
    for where, expr in dashboard_exprs() + rule_exprs(load_yaml(RULES)):
        # Label values such as outcome!="routed" are in quotes: drop strings.
        bare = re.sub(r'"[^"]*"', '""', expr)
        for name in NAME.findall(bare):
            fam = base_name(name)
            if fam not in METRICS:
                unknown.append(f"{where}: unknown metric {name}")
            used.setdefault(fam, []).append(where)
    return used, unknown


def cmd_metrics():
    used, unknown = used_metrics()
    for u in unknown:
        print(u)
    if unknown:
        return 1
    unused = sorted(set(METRICS) - set(used))
    print(f"{len(used)} metric families used, all known" + (f"; not shown anywhere: {', '.join(unused)}" if unused else ""))
    return 0


def cmd_dashboard():
    with open(DASHBOARD) as f:
        dash = json.load(f)
    errors = []
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in dash:
            errors.append(f"missing top-level {key}")
    ids = [p.get("id") for p in dash.get("panels", [])]
    if len(ids) != len(set(ids)):
        errors.append("panel ids are not unique")
    var_names = {v["name"] for v in dash.get("templating", {}).get("list", [])}
    boxes = []
    for p in dash.get("panels", []):
        g = p.get("gridPos", {})
        if not all(k in g for k in ("h", "w", "x", "y")) or g["x"] + g["w"] > 24:
            errors.append(f"panel {p.get('title')!r}: bad gridPos {g}")
            continue
        for (t, b) in boxes:
            if g["x"] < b["x"] + b["w"] and b["x"] < g["x"] + g["w"] and g["y"] < b["y"] + b["h"] and b["y"] < g["y"] + g["h"]:
                errors.append(f"panel {p.get('title')!r} overlaps {t!r}")
        boxes.append((p.get("title"), g))
        if p.get("type") == "row":
            continue
        if not p.get("targets"):
            errors.append(f"panel {p.get('title')!r} has no query")
        for t in p.get("targets", []):
            for ref in re.findall(r"\$\{?([A-Za-z_]+)", t.get("expr", "")):
                if not ref.startswith("__") and ref not in var_names:
                    errors.append(f"panel {p.get('title')!r}: unknown variable ${ref}")
            if t.get("expr", "").count("(") != t.get("expr", "").count(")"):
                errors.append(f"panel {p.get('title')!r}: unbalanced parentheses")
    titles = " | ".join(p.get("title", "") for p in dash["panels"]).lower()
    for needed in ("binds per account", "pdus in", "pdus out", "throughput", "publish latency", "throttles",
                   "bind failures", "routing outcomes", "unrouted share", "reassembly", "kafka producer queue", "readiness"):
        if needed not in titles:
            errors.append(f"no panel for {needed!r}")
    for e in errors:
        print(e)
    if errors:
        return 1
    print(f"{sum(1 for p in dash['panels'] if p.get('type') != 'row')} panels, {len(var_names)} variables")
    return 0


def k8s_docs():
    docs = {}
    for name in sorted(os.listdir(K8S)):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(K8S, name)) as f:
                docs[name] = [d for d in yaml.safe_load_all(f) if d]
    return docs


def find(docs, kind):
    return [(f, d) for f, ds in docs.items() for d in ds if d.get("kind") == kind]


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())


def configmap_toml(docs):
    [(_, cm)] = find(docs, "ConfigMap")
    return cm["data"]["inlet.toml"]


def cmd_kubernetes():
    docs = k8s_docs()
    errors = []
    # Kustomization lists every manifest, and only existing ones.
    [(_, kust)] = find(docs, "Kustomization")
    listed = set(kust["resources"])
    present = {f for f in docs if f != "kustomization.yaml"}
    for f in sorted(listed - present):
        errors.append(f"kustomization.yaml lists missing {f}")
    for f in sorted(present - listed):
        errors.append(f"kustomization.yaml does not list {f}")
    for f, ds in docs.items():
        for d in ds:
            ns = d.get("metadata", {}).get("namespace")
            if d["kind"] not in ("Kustomization", "Namespace") and ns != "inlet":
                errors.append(f"{f}: {d['kind']} not in namespace inlet")

    [(_, sts)] = find(docs, "StatefulSet")
    pod = sts["spec"]["template"]
    pod_labels = pod["metadata"]["labels"]
    if not matches(sts["spec"]["selector"]["matchLabels"], pod_labels):
        errors.append("StatefulSet selector does not match its pod labels")
    services = {d["metadata"]["name"]: d for _, d in find(docs, "Service")}
    headless = services.get(sts["spec"]["serviceName"])
    if not headless or headless["spec"].get("clusterIP") != "None":
        errors.append("StatefulSet serviceName is not a headless Service")
    [c] = pod["spec"]["containers"]
    ports = {p["name"] for p in c["ports"]}
    for name, svc in services.items():
        if not matches(svc["spec"]["selector"], pod_labels):
            errors.append(f"Service {name} selects no inlet pod")
        for p in svc["spec"]["ports"]:
            if p["targetPort"] not in ports:
                errors.append(f"Service {name}: targetPort {p['targetPort']} not a container port")
    lbs = [s for s in services.values() if s["spec"].get("type") == "LoadBalancer"]
    toml = tomllib.loads(configmap_toml(docs))
    proxy = toml.get("server", {}).get("proxy_protocol", False)
    for s in lbs:
        if s["spec"].get("externalTrafficPolicy") != "Local" and not proxy:
            errors.append(f"Service {s['metadata']['name']}: carriers' addresses are lost (neither externalTrafficPolicy Local nor proxy_protocol)")
    if not lbs:
        errors.append("no LoadBalancer Service for SMPP")
    env = {e["name"]: e for e in c.get("env", [])}
    node = env.get("INLET_NODE_ID", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath", "")
    if "pod-index" not in node:
        errors.append("INLET_NODE_ID does not come from the pod ordinal")
    # Secrets named in the config are provided.
    [(_, secret)] = find(docs, "Secret")
    keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
    for acc in toml.get("accounts", []):
        pw = acc.get("password", {})
        if "env" in pw and pw["env"] not in env:
            errors.append(f"account {acc['system_id']}: {pw['env']} not in the container's env")
    for name, e in env.items():
        ref = e.get("valueFrom", {}).get("secretKeyRef")
        if ref and (ref["name"] != secret["metadata"]["name"] or ref["key"] not in keys):
            errors.append(f"env {name}: secret key {ref} not in secret.yaml")
    # Probes and shutdown budget.
    if c.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/healthz":
        errors.append("liveness probe is not /healthz")
    if c.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
        errors.append("readiness probe is not /readyz")
    metrics_port = int(toml.get("metrics", {}).get("listen", ":9090").rsplit(":", 1)[1])
    if not any(p["name"] == "metrics" and p["containerPort"] == metrics_port for p in c["ports"]):
        errors.append(f"container port 'metrics' is not [metrics] listen port {metrics_port}")
    grace = toml.get("shutdown", {}).get("grace_secs", 25)
    sleep = c.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    tgps = pod["spec"].get("terminationGracePeriodSeconds", 30)
    if tgps < sleep + grace + 1:
        errors.append(f"terminationGracePeriodSeconds {tgps} < preStop {sleep} + grace_secs {grace}")
    if not c.get("lifecycle", {}).get("preStop"):
        errors.append("no preStop hook")
    res = c.get("resources", {})
    if not res.get("requests") or not res.get("limits"):
        errors.append("resource requests and limits missing")
    # PodDisruptionBudget.
    pdbs = find(docs, "PodDisruptionBudget")
    if not pdbs or not matches(pdbs[0][1]["spec"]["selector"]["matchLabels"], pod_labels):
        errors.append("no PodDisruptionBudget selecting the inlet pods")
    # ServiceMonitor: selects the headless Service and a port it has.
    [(_, sm)] = find(docs, "ServiceMonitor")
    if sm.get("apiVersion") != "monitoring.coreos.com/v1":
        errors.append("ServiceMonitor apiVersion")
    selected = [s for s in services.values() if matches(sm["spec"]["selector"]["matchLabels"], s["metadata"].get("labels", {}))]
    if len(selected) != 1:
        errors.append(f"ServiceMonitor selects {len(selected)} Services, not 1")
    else:
        svc_ports = {p["name"] for p in selected[0]["spec"]["ports"]}
        if selected[0]["metadata"]["name"] != "inlet":
            errors.append("ServiceMonitor's Service is not named 'inlet' (the job label the alerts use)")
        for ep in sm["spec"]["endpoints"]:
            if ep.get("port") not in svc_ports:
                errors.append(f"ServiceMonitor endpoint port {ep.get('port')} not in the Service")
            if ep.get("path", "/metrics") != "/metrics":
                errors.append("ServiceMonitor path is not /metrics")
    # PrometheusRule == the rule file.
    [(_, pr)] = find(docs, "PrometheusRule")
    if pr.get("apiVersion") != "monitoring.coreos.com/v1":
        errors.append("PrometheusRule apiVersion")
    if pr["spec"] != load_yaml(RULES):
        errors.append("prometheusrule.yaml differs from prometheus/inlet-alerts.yaml (deploy/check --sync-rules)")
    for e in errors:
        print(e)
    if errors:
        return 1
    print(f"{sum(len(d) for d in docs.values())} objects cross-checked")
    return 0


PR_HEADER = """# Prometheus Operator: the alert rules of deploy/prometheus/inlet-alerts.yaml,
# verbatim under spec (deploy/check fails when the two differ). Regenerate:
#   deploy/check --sync-rules
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: inlet
  namespace: inlet
  labels:
    app.kubernetes.io/name: inlet
    release: prometheus          # match your Prometheus' ruleSelector
spec:
"""


def cmd_sync_rules():
    with open(RULES) as f:
        body = [line for line in f.read().strip("\n").splitlines() if not line.startswith("#")]
    out = PR_HEADER + "\n".join(("  " + line) if line.strip() else "" for line in body) + "\n"
    assert yaml.safe_load(out)["spec"] == load_yaml(RULES)
    with open(os.path.join(K8S, "prometheusrule.yaml"), "w") as f:
        f.write(out)
    print("prometheusrule.yaml rewritten")
    return 0


def cmd_extract_rules(out):
    [(_, pr)] = find(k8s_docs(), "PrometheusRule")
    with open(out, "w") as f:
        yaml.safe_dump(pr["spec"], f)
    return 0


def cmd_extract_toml(out):
    with open(out, "w") as f:
        f.write(configmap_toml(k8s_docs()))
    return 0


def ignored(path, patterns):
    """.dockerignore semantics, enough for our patterns: last match wins."""
    result = False
    for p in patterns:
        neg = p.startswith("!")
        p = p[1:] if neg else p
        p = p.rstrip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        pat = p[3:] if p.startswith("**/") else p
        if any(fnmatch.fnmatch(x, p) or (p.startswith("**/") and fnmatch.fnmatch(x.split("/")[-1], pat)) for x in prefixes):
            result = not neg
    return result


def cmd_dockerfile():
    with open(os.path.join(ROOT, ".dockerignore")) as f:
        patterns = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    errors = []
    n = 0
    with open(os.path.join(DEPLOY, "Dockerfile")) as f:
        for line in f:
            words = line.split()
            if not words or words[0] != "COPY" or any(w.startswith("--from") for w in words):
                continue
            for src in words[1:-1]:
                n += 1
                if not os.path.exists(os.path.join(ROOT, src)):
                    errors.append(f"COPY {src}: no such path in the repository")
                elif ignored(src.rstrip("/"), patterns):
                    errors.append(f"COPY {src}: excluded by .dockerignore")
    for must in ("target", "crates/pdu/target", ".git"):
        if not ignored(must, patterns):
            errors.append(f".dockerignore lets {must} into the build context")
    for e in errors:
        print(e)
    if errors:
        return 1
    print(f"{n} COPY sources present and in the build context")
    return 0


def cmd_scrape(body_file):
    with open(body_file) as f:
        body = f.read()
    exported = set()
    for line in body.splitlines():
        if line.startswith("# TYPE ") or line.startswith("# HELP "):
            exported.add(line.split()[2])
        elif line and not line.startswith("#"):
            exported.add(base_name(re.split(r"[{ ]", line, maxsplit=1)[0]))
    used, _ = used_metrics()
    missing = sorted(set(used) - exported)
    for m in missing:
        print(f"{m} (used by {used[m][0]}) is not exported")
    if missing:
        return 1
    print(f"all {len(used)} metric families the dashboard and alerts use are exported")
    return 0


def cmd_toml(files):
    bad = 0
    for path in files:
        try:
            with open(path, "rb") as f:
                tomllib.load(f)
        except Exception as e:  # noqa: BLE001
            print(f"{path}: {e}")
            bad = 1
    return bad


def main(argv):
    cmd, args = argv[1], argv[2:]
    return {
        "metrics": lambda: cmd_metrics(),
        "dashboard": lambda: cmd_dashboard(),
        "kubernetes": lambda: cmd_kubernetes(),
        "sync-rules": lambda: cmd_sync_rules(),
        "extract-rules": lambda: cmd_extract_rules(args[0]),
        "extract-toml": lambda: cmd_extract_toml(args[0]),
        "dockerfile": lambda: cmd_dockerfile(),
        "scrape": lambda: cmd_scrape(args[0]),
        "toml": lambda: cmd_toml(args),
    }[cmd]()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
