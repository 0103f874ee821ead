#!/bin/bash
# Smoke test by hand (not run by the tests): exercise the Docker Engine API on
# $ENGINE_ROOT/engine.sock after run.sh; prints trimmed responses. Changes the containers' states.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../_lib.sh"
source "$HERE/engine-env.sh"
S="$ENGINE_SOCK"; A=http://d/v1.41
req() { # method path [body]
  local m="$1" u="$2"; shift 2
  curl -s --max-time 30 --unix-socket "$S" -X "$m" -H 'Content-Type: application/json' -o "$ENGINE_ROOT/.smoke-body" -w '%{http_code} %{time_total}' "$A$u" "$@"
}
show() { printf '%-4s %-58s -> HTTP %s\n' "$1" "$2" "$(req "$@")"; head -c "${TRIM:-300}" "$ENGINE_ROOT/.smoke-body" | tr -d '\n'; echo; }
J() { python3 -c "$1" < "$ENGINE_ROOT/.smoke-body"; }
st() { req GET "/containers/$1/json" >/dev/null; J "import json,sys; d=json.load(sys.stdin)['State']; print('    state:', d['Status'], 'pid', d['Pid'], 'exit', d['ExitCode'], 'health', (d.get('Health') or {}).get('Status'))"; }

echo "## ping/version/info"; show GET /_ping
req GET /version >/dev/null; J "import json,sys; d=json.load(sys.stdin); print({k:d.get(k) for k in ('Version','ApiVersion','MinAPIVersion','Os','Arch','KernelVersion')})"
req GET /info >/dev/null; J "import json,sys; d=json.load(sys.stdin); print({k:d.get(k) for k in ('Containers','ContainersRunning','ContainersStopped','Images','Driver','CgroupDriver','CgroupVersion','NCPU','MemTotal','ServerVersion','OperatingSystem','Name')})"
echo "## list"
req GET '/containers/json?all=1' >/dev/null; J "
import json,sys
for x in json.load(sys.stdin): print(' ', x['Id'][:12], x['Names'], x['Image'], x['State'], repr(x['Status']), x.get('Labels'))"
req GET '/containers/json' >/dev/null; J "import json,sys; print('  running only:', sorted(n for x in json.load(sys.stdin) for n in x['Names']))"
for h in healthy unhealthy starting; do req GET "/containers/json?all=1&filters=%7B%22health%22%3A%5B%22$h%22%5D%7D" >/dev/null; J "import json,sys; print('  filter health=$h:', [x['Names'][0] for x in json.load(sys.stdin)])" 2>&1 | head -2; done
echo "## inspect health"
req GET /containers/tw-healthy/json >/dev/null; J "import json,sys; d=json.load(sys.stdin); h=d['State']['Health']; print('  tw-healthy', h['Status'], 'streak', h['FailingStreak'], 'last', h['Log'][-1] if h['Log'] else None); print('  Config.Healthcheck', d['Config']['Healthcheck'])"
echo "## stats"
TRIM=700 show GET '/containers/tw-running/stats?stream=false'
J "import json,sys; d=json.load(sys.stdin); c=d['cpu_stats']; p=d['precpu_stats']; print('  name', repr(d['name']), 'cpu total', c['cpu_usage']['total_usage'], 'system', c.get('system_cpu_usage'), 'online', c.get('online_cpus'), '| precpu total', p['cpu_usage']['total_usage'], 'system', p.get('system_cpu_usage'), '| mem', d['memory_stats'], '| pids', d['pids_stats'])"
show GET '/containers/tw-exited/stats?stream=false'
printf '  stream=true, first 2 lines: '; curl -s --max-time 3 --unix-socket "$S" "$A/containers/tw-running/stats?stream=true" | head -2 | python3 -c "
import json,sys
for l in sys.stdin: d=json.loads(l); print(d['read'], d['cpu_stats']['cpu_usage']['total_usage'], d['precpu_stats']['cpu_usage']['total_usage'], end=' | ')"; echo
echo "## start/stop/restart"
show POST '/containers/tw-running/stop?t=2'; st tw-running
show POST '/containers/tw-running/stop?t=2'
show POST '/containers/tw-running/start'; st tw-running
show POST '/containers/tw-running/start'
show POST '/containers/tw-running/restart?t=2'; st tw-running
show POST '/containers/tw-exited/start'; sleep 0.5; st tw-exited
show POST '/containers/tw-healthy/restart?t=1'; st tw-healthy
show POST '/containers/does-not-exist/start'
echo "## create via API (no HostConfig.Ulimits -> containers.conf defaults?)"
req DELETE '/containers/tw-api?force=1' >/dev/null
show POST '/containers/create?name=tw-api' -d '{"Image":"localhost/busybox:test","Cmd":["sleep","600"],"Labels":{"tw.test":"1"},"HostConfig":{"NetworkMode":"none"}}'
show POST '/containers/tw-api/start'; st tw-api
show DELETE '/containers/tw-api?force=1'
echo "## flip health via exec API"
req POST /containers/tw-healthy/exec -d '{"Cmd":["rm","-f","/tmp/healthy"],"AttachStdout":true,"AttachStderr":true}' >/dev/null; EID=$(J "import json,sys; print(json.load(sys.stdin)['Id'])")
show POST "/exec/$EID/start" -d '{"Detach":false,"Tty":false}'
for i in $(seq 1 30); do sleep 1; req GET /containers/tw-healthy/json >/dev/null; s=$(J "import json,sys; print(json.load(sys.stdin)['State']['Health']['Status'])"); [ "$s" = unhealthy ] && break; done; echo "  tw-healthy after rm marker: $s after ${i}s (ticker only)"
req POST /containers/tw-healthy/exec -d '{"Cmd":["touch","/tmp/healthy"],"AttachStdout":true,"AttachStderr":true}' >/dev/null; EID=$(J "import json,sys; print(json.load(sys.stdin)['Id'])"); req POST "/exec/$EID/start" -d '{"Detach":false}' >/dev/null
for i in $(seq 1 30); do sleep 1; req GET /containers/tw-healthy/json >/dev/null; s=$(J "import json,sys; print(json.load(sys.stdin)['State']['Health']['Status'])"); [ "$s" = healthy ] && break; done; echo "  tw-healthy after touch marker: $s after ${i}s"
echo "## listeners"; ss -lxp | grep -F "$ENGINE_ROOT" | head -3
