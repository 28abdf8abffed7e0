# shellcheck shell=bash
# --- flink: a Flink 1.20.3 standalone session cluster from Maven Central jars ------------------
# Sourced by bin/services. Two JVMs, as flink-dist's start-cluster.sh would start them:
#   JobManager   org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint (pid, log)
#   TaskManager  org.apache.flink.runtime.taskexecutor.TaskManagerRunner (tm.pid, tm.log)
# Everything on 127.0.0.1:
#   REST / web   STRATA_FLINK_PORT (default 18081); JobManager RPC STRATA_FLINK_RPC_PORT (default
#                REST port + 1); blob, TaskManager RPC and data ports are picked by the OS
#   slots        STRATA_FLINK_SLOTS (default 4)
#   memory       STRATA_FLINK_JM_MEMORY (1024m), STRATA_FLINK_TM_MEMORY (1536m), process sizes
# Config, logs, checkpoints (checkpoints/) and savepoints (savepoints/) live in
# $(service_dir flink)/. Writes flink/endpoint (the REST URL); env: STRATA_FLINK_URL,
# STRATA_FLINK_SAVEPOINT_DIR.
SERVICES+=(flink)

FLINK_PORT="${STRATA_FLINK_PORT:-18081}"
FLINK_RPC_PORT="${STRATA_FLINK_RPC_PORT:-$((FLINK_PORT + 1))}"
FLINK_SLOTS="${STRATA_FLINK_SLOTS:-4}"
FLINK_JM_MEMORY="${STRATA_FLINK_JM_MEMORY:-1024m}"
FLINK_TM_MEMORY="${STRATA_FLINK_TM_MEMORY:-1536m}"

# JDK 17: Flink (Kryo, reflection) needs these; the one list is bin/jdk17.args.
FLINK_JDK17_FLAGS=("@$REPO_ROOT/bin/jdk17.args")

flink_port() {
  local f; f="$(service_dir flink)/endpoint"
  if [[ -f "$f" ]]; then local u; u="$(cat "$f")"; echo "${u##*:}"; else echo "$FLINK_PORT"; fi
}

# flink_get <port> <path>: the body of a REST GET, plain bash (no curl on a bare machine).
flink_get() {
  local port="$1" path="$2"
  (
    { exec 3<>"/dev/tcp/$HOST/$port"; } 2>/dev/null || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$HOST" >&3
    timeout 2 cat <&3 2>/dev/null
  )
}

# Ready when the REST API answers and the TaskManager has registered its slots.
flink_ready_on() {
  local reply; reply="$(flink_get "$1" /overview)" || return 1
  [[ "$reply" =~ \"slots-total\":([0-9]+) ]] && ((BASH_REMATCH[1] > 0))
}

check_flink() { flink_ready_on "$(flink_port)"; }
flink_ready_configured() { flink_ready_on "$FLINK_PORT"; }

# flink_resource_params <GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS>: prints two lines, JVM
# flags then -D settings, computed by Flink's BashJavaUtils exactly as flink-dist's scripts do.
flink_resource_params() {
  local dir; dir="$(service_dir flink)"
  local out
  out="$(java "${FLINK_JDK17_FLAGS[@]}" -cp "$LIB_DIR/flink/*" -Dlog4j2.level=error \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$dir/conf" 2>"$dir/bash-java-utils.err")" \
    || { cat "$dir/bash-java-utils.err" >&2; die "flink: BashJavaUtils $1 failed"; }
  local lines; lines="$(grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  [[ "$(wc -l <<<"$lines")" -ge 2 ]] || { echo "$out" >&2; die "flink: BashJavaUtils $1 printed no memory settings"; }
  echo "$lines"
}

start_flink() {
  local dir; dir="$(service_dir flink)"
  require_tools java
  fetch_maven_libs flink "$REPO_ROOT/services/flink/pom.xml"
  require_free_port flink "$FLINK_PORT" STRATA_FLINK_PORT
  require_free_port flink "$FLINK_RPC_PORT" STRATA_FLINK_RPC_PORT

  mkdir -p "$dir/conf" "$dir/checkpoints" "$dir/savepoints" "$dir/tmp" "$dir/uploads"
  rm -f "$dir/endpoint" "$dir/tm.pid"
  cat >"$dir/conf/config.yaml" <<EOF
# Written by bin/services: a local Flink 1.20 standalone session cluster for Strata.
jobmanager:
  rpc: { address: $HOST, port: $FLINK_RPC_PORT }
  bind-host: $HOST
  memory: { process: { size: $FLINK_JM_MEMORY } }
taskmanager:
  host: $HOST
  bind-host: $HOST
  numberOfTaskSlots: $FLINK_SLOTS
  memory: { process: { size: $FLINK_TM_MEMORY } }
rest:
  address: $HOST
  bind-address: $HOST
  port: $FLINK_PORT
web:
  upload: { dir: $dir/uploads }
  tmpdir: $dir/tmp
io: { tmp: { dirs: $dir/tmp } }
parallelism: { default: 1 }
state: { backend: { type: hashmap } }
execution:
  checkpointing:
    dir: file://$dir/checkpoints
    savepoint-dir: file://$dir/savepoints
# Jobs are submitted again and again in tests: fail fast instead of restarting forever.
restart-strategy: { type: fixed-delay, fixed-delay: { attempts: 3, delay: 2 s } }
EOF
  cat >"$dir/conf/log4j.properties" <<'EOF'
monitorInterval = 0
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF

  local jm tm jm_jvm jm_dyn tm_jvm tm_dyn
  jm="$(flink_resource_params GET_JM_RESOURCE_PARAMS)"
  tm="$(flink_resource_params GET_TM_RESOURCE_PARAMS)"
  jm_jvm="$(sed -n 1p <<<"$jm")"; jm_dyn="$(sed -n 2p <<<"$jm")"
  tm_jvm="$(sed -n 1p <<<"$tm")"; tm_dyn="$(sed -n 2p <<<"$tm")"

  say "flink: starting JobManager (REST $HOST:$FLINK_PORT, RPC $FLINK_RPC_PORT) and TaskManager ($FLINK_SLOTS slots)"
  # The conf dir inside the state dir is on both command lines, so service_pid recognises them.
  # shellcheck disable=SC2086 # the memory flags are word lists by design
  launch flink java $jm_jvm "${FLINK_JDK17_FLAGS[@]}" -Dlog.file="$dir/jobmanager.log" \
    -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" -cp "$LIB_DIR/flink/*" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$dir/conf" --executionMode cluster $jm_dyn
  # shellcheck disable=SC2086
  setsid java $tm_jvm "${FLINK_JDK17_FLAGS[@]}" -Dlog.file="$dir/taskmanager.log" \
    -Dlog4j.configurationFile="file:$dir/conf/log4j.properties" -cp "$LIB_DIR/flink/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" $tm_dyn \
    </dev/null >"$dir/tm.log" 2>&1 9>&- &
  echo $! >"$dir/tm.pid"

  echo "http://$HOST:$FLINK_PORT" >"$dir/endpoint.pending"
  if ! wait_ready flink flink_ready_configured "$SERVICE_TIMEOUT"; then
    tail -n 30 "$dir/jobmanager.log" "$dir/tm.log" "$dir/taskmanager.log" >&2 2>/dev/null || true
    stop_flink_taskmanager
    stop_process flink 5 || true
    rm -f "$dir/endpoint.pending"
    die "flink: failed to start (logs: $dir/jobmanager.log, $dir/taskmanager.log)"
  fi
  mv "$dir/endpoint.pending" "$dir/endpoint"
  say "flink: ready at $(cat "$dir/endpoint") (JobManager pid $(cat "$dir/pid"), TaskManager pid $(cat "$dir/tm.pid"))"
}

# The TaskManager first: stopping the JobManager first makes it retry registration for a while.
stop_flink_taskmanager() {
  local dir; dir="$(service_dir flink)"
  local pid
  [[ -f "$dir/tm.pid" ]] || return 0
  pid="$(cat "$dir/tm.pid")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
      && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir/"; then
    say "flink: stopping TaskManager (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/tm.pid"
}

stop_flink() {
  local dir; dir="$(service_dir flink)"
  stop_flink_taskmanager
  stop_process flink
  rm -f "$dir/endpoint" "$dir/endpoint.pending"
  if [[ "${KEEP_DATA:-0}" != 1 ]]; then rm -rf "$dir/checkpoints" "$dir/savepoints" "$dir/tmp" "$dir/uploads"; fi
}

env_flink() {
  local dir; dir="$(service_dir flink)"
  echo "export STRATA_FLINK_URL=$(cat "$dir/endpoint")"
  echo "export STRATA_FLINK_SAVEPOINT_DIR=$dir/savepoints"
}
