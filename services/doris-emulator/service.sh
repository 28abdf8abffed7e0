# shellcheck shell=bash
# --- doris-emulator: Strata's Doris protocol emulator (not Apache Doris) ----------------------
# Sourced by bin/services. A JVM (module doris-emulator) that answers the FE and BE HTTP endpoints
# the Flink Doris connector calls, on one port; committed rows land in the mariadb service, which
# is started first if it is not running. See docs/doris.md.
#   port      STRATA_DORIS_HTTP_PORT (default 18030), 127.0.0.1 only
#   env       STRATA_DORIS_FENODES (host:port for 'fenodes'), STRATA_DORIS_HTTP_URL
SERVICES+=(doris-emulator)

DORIS_HTTP_PORT="${STRATA_DORIS_HTTP_PORT:-18030}"

doris_emulator_port() {
  local f; f="$(service_dir doris-emulator)/endpoint"
  if [[ -f "$f" ]]; then local e; e="$(cat "$f")"; echo "${e##*:}"; else echo "$DORIS_HTTP_PORT"; fi
}

check_doris-emulator() {
  local dir; dir="$(service_dir doris-emulator)"
  grep -q 'listening on' "$dir/log" 2>/dev/null && port_open "$(doris_emulator_port)"
}

# Builds the emulator jar when its sources changed since the last build, and fetches its
# dependencies (Jackson, the MariaDB JDBC driver) into the jar cache.
build_doris_emulator() {
  local dir; dir="$(service_dir doris-emulator)"
  local module="$REPO_ROOT/doris-emulator"
  local stamp; stamp="$(cd "$module" && find pom.xml src/main -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
  if [[ ! -f "$dir/strata-doris-emulator.jar" || "$(cat "$dir/jar.stamp" 2>/dev/null)" != "$stamp" ]]; then
    require_tools mvn
    say "doris-emulator: building the emulator (module doris-emulator)"
    if ! mvn -B -q -f "$module/pom.xml" package -DskipTests >"$dir/build.log" 2>&1; then
      tail -n 40 "$dir/build.log" >&2
      die "doris-emulator: the build failed (log: $dir/build.log)"
    fi
    cp "$module"/target/strata-doris-emulator-*.jar "$dir/strata-doris-emulator.jar"
    echo "$stamp" >"$dir/jar.stamp"
  fi
  fetch_maven_libs doris-emulator "$module/pom.xml"
}

start_doris-emulator() {
  local dir; dir="$(service_dir doris-emulator)"
  require_tools java
  if ! service_pid mariadb >/dev/null || ! check_mariadb; then
    say "doris-emulator: starting mariadb first (committed rows are kept there)"
    with_lock mariadb start_one mariadb
  fi
  require_free_port doris-emulator "$DORIS_HTTP_PORT" STRATA_DORIS_HTTP_PORT
  build_doris_emulator
  rm -f "$dir/endpoint"
  say "doris-emulator: starting on $HOST:$DORIS_HTTP_PORT"
  # The password reaches the JVM through a file, never its command line.
  STRATA_DORIS_HOST="$HOST" STRATA_DORIS_HTTP_PORT="$DORIS_HTTP_PORT" \
  STRATA_MARIADB_URL="jdbc:mariadb://$HOST:$(mariadb_port)/" STRATA_MARIADB_USER=strata \
  STRATA_MARIADB_PASSWORD_FILE="$(service_dir mariadb)/password" STRATA_MARIADB_PASSWORD= \
    launch doris-emulator java -Xms64m -Xmx384m -XX:+UseSerialGC \
      -cp "$dir/strata-doris-emulator.jar:$LIB_DIR/doris-emulator/*" \
      io.strata.dorisemulator.DorisEmulator --state-dir "$dir/"
  echo "$HOST:$DORIS_HTTP_PORT" >"$dir/endpoint"
  if ! wait_ready doris-emulator check_doris-emulator "$SERVICE_TIMEOUT"; then
    stop_process doris-emulator 5 || true
    rm -f "$dir/endpoint"
    die "doris-emulator: failed to start (full log: $dir/log)"
  fi
  say "doris-emulator: ready at http://$(cat "$dir/endpoint") (pid $(cat "$dir/pid"))"
}

stop_doris-emulator() {
  local dir; dir="$(service_dir doris-emulator)"
  stop_process doris-emulator
  rm -f "$dir/endpoint"
  # Its data (tables, transactions, rows) lives in mariadb and goes with mariadb's data.
}

env_doris-emulator() {
  local endpoint; endpoint="$HOST:$(doris_emulator_port)"
  echo "export STRATA_DORIS_FENODES=$endpoint"
  echo "export STRATA_DORIS_HTTP_URL=http://$endpoint"
}
