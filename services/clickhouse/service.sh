# shellcheck shell=bash
# --- clickhouse: Debian's clickhouse-server as a plain process with its own config -------------
# Sourced by bin/services (see its EXTENSION POINT). Listens on 127.0.0.1 only:
#   HTTP on $STRATA_CLICKHOUSE_PORT (default 18123), native TCP on $STRATA_CLICKHOUSE_TCP_PORT
#   (default 19000). Data, tmp, logs and configs live in $(service_dir clickhouse)/.
# Writes clickhouse/endpoint (the HTTP URL); env: STRATA_CLICKHOUSE_URL.
# Stopped with --keep-data, the data directory stays and the next start serves the same tables
# (the outage test stops and restarts the server mid-run this way).
SERVICES+=(clickhouse)

CLICKHOUSE_PORT="${STRATA_CLICKHOUSE_PORT:-18123}"
CLICKHOUSE_TCP_PORT="${STRATA_CLICKHOUSE_TCP_PORT:-19000}"

# The HTTP port of the running server (from its endpoint file), else the configured one.
clickhouse_port() {
  local f; f="$(service_dir clickhouse)/endpoint"
  if [[ -f "$f" ]]; then local u; u="$(cat "$f")"; echo "${u##*:}"; else echo "$CLICKHOUSE_PORT"; fi
}

# /ping answers "Ok." once the server accepts queries. Plain bash (no curl on a bare machine).
clickhouse_ping() {
  local port="$1" reply
  reply="$(
    { exec 3<>"/dev/tcp/$HOST/$port"; } 2>/dev/null || exit 1
    printf 'GET /ping HTTP/1.0\r\nHost: %s\r\n\r\n' "$HOST" >&3
    timeout 2 cat <&3 2>/dev/null
  )" || return 1
  [[ "$reply" == *"Ok."* ]]
}

check_clickhouse() { clickhouse_ping "$(clickhouse_port)"; }

start_clickhouse() {
  local dir; dir="$(service_dir clickhouse)"
  ensure_apt_packages clickhouse-server clickhouse-client
  command -v clickhouse-server >/dev/null 2>&1 || die "clickhouse: clickhouse-server is not on the PATH after installing the Debian package"
  require_free_port clickhouse "$CLICKHOUSE_PORT" STRATA_CLICKHOUSE_PORT
  require_free_port clickhouse "$CLICKHOUSE_TCP_PORT" STRATA_CLICKHOUSE_TCP_PORT

  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/logs"
  rm -f "$dir/endpoint"
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by bin/services: a local ClickHouse for Strata's tests and demo. -->
<yandex>
  <logger>
    <level>warning</level>
    <log>$dir/logs/clickhouse-server.log</log>
    <errorlog>$dir/logs/clickhouse-server.err.log</errorlog>
    <size>100M</size>
    <count>3</count>
  </logger>
  <listen_host>$HOST</listen_host>
  <http_port>$CLICKHOUSE_PORT</http_port>
  <tcp_port>$CLICKHOUSE_TCP_PORT</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
  <!-- No query/trace/part logs: they only grow the data directory of a test server. -->
</yandex>
EOF
  cat >"$dir/users.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by bin/services: one passwordless 'default' user, reachable from this machine only. -->
<yandex>
  <profiles>
    <default>
      <max_memory_usage>2000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries><errors>0</errors><result_rows>0</result_rows>
        <read_rows>0</read_rows><execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
EOF

  say "clickhouse: starting clickhouse-server on $HOST (http $CLICKHOUSE_PORT, tcp $CLICKHOUSE_TCP_PORT)"
  # The config path inside the state dir is on the command line, so service_pid can recognise it.
  (cd "$dir" && launch clickhouse clickhouse-server --config-file="$dir/config.xml")
  echo "http://$HOST:$CLICKHOUSE_PORT" >"$dir/endpoint.pending"
  if ! wait_ready clickhouse "clickhouse_ping_configured" "$SERVICE_TIMEOUT"; then
    tail -n 20 "$dir/logs/clickhouse-server.err.log" >&2 2>/dev/null || true
    stop_process clickhouse 5 || true
    rm -f "$dir/endpoint.pending"
    die "clickhouse: failed to start (logs: $dir/log, $dir/logs/)"
  fi
  mv "$dir/endpoint.pending" "$dir/endpoint"
  say "clickhouse: ready at $(cat "$dir/endpoint") (pid $(cat "$dir/pid"))"
}

clickhouse_ping_configured() { clickhouse_ping "$CLICKHOUSE_PORT"; }

stop_clickhouse() {
  local dir; dir="$(service_dir clickhouse)"
  stop_process clickhouse
  rm -f "$dir/endpoint" "$dir/endpoint.pending"
  if [[ "${KEEP_DATA:-0}" != 1 ]]; then rm -rf "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/logs"; fi
}

env_clickhouse() { echo "export STRATA_CLICKHOUSE_URL=$(cat "$(service_dir clickhouse)/endpoint")"; }
