# shellcheck shell=bash
# --- mariadb: Debian's mariadb-server (10.11) as a plain process -----------------------------
# Sourced by bin/services. Used by the Doris emulator (committed rows land here) and by JDBC
# dimension tables.
#   port      STRATA_MARIADB_PORT (default 13306), 127.0.0.1 only, socket in the state dir
#   user      strata, password from STRATA_MARIADB_PASSWORD, else a random dev password made once
#             and kept in <state>/mariadb/password (mode 600); it is never printed
#   env       STRATA_MARIADB_HOST, STRATA_MARIADB_PORT, STRATA_MARIADB_URL (JDBC, no database),
#             STRATA_MARIADB_USER, STRATA_MARIADB_PASSWORD_FILE
SERVICES+=(mariadb)

MARIADB_PORT="${STRATA_MARIADB_PORT:-13306}"

mariadb_port() {
  local f; f="$(service_dir mariadb)/endpoint"
  if [[ -f "$f" ]]; then local e; e="$(cat "$f")"; echo "${e##*:}"; else echo "$MARIADB_PORT"; fi
}

# mariadb_admin: the client as root over the server's own socket (root has no TCP password).
mariadb_admin() {
  local dir; dir="$(service_dir mariadb)"
  mariadb --no-defaults --user=root --socket="$dir/mariadb.sock" --batch --skip-column-names "$@"
}

check_mariadb() {
  local dir; dir="$(service_dir mariadb)"
  [[ -S "$dir/mariadb.sock" ]] && port_open "$(mariadb_port)" \
    && mariadb_admin -e 'SELECT 1' >/dev/null 2>&1
}

start_mariadb() {
  local dir; dir="$(service_dir mariadb)"
  ensure_apt_packages mariadb-server mariadb-client
  require_tools mariadbd mariadb-install-db mariadb
  require_free_port mariadb "$MARIADB_PORT" STRATA_MARIADB_PORT

  # The password: the caller's, else the one made for this state directory, else a new one.
  local password="${STRATA_MARIADB_PASSWORD:-}"
  if [[ -z "$password" && -s "$dir/password" ]]; then password="$(cat "$dir/password")"; fi
  if [[ -z "$password" ]]; then password="dev-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"; fi
  (umask 077; printf '%s' "$password" >"$dir/password")

  rm -f "$dir/endpoint"
  if [[ ! -d "$dir/data/mysql" ]]; then
    rm -rf "$dir/data"
    mkdir -p "$dir/data"
    say "mariadb: initialising a data directory in $dir/data"
    if ! mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
        --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; then
      tail -n 30 "$dir/install.log" >&2
      die "mariadb: mariadb-install-db failed (log: $dir/install.log)"
    fi
  fi

  say "mariadb: starting on $HOST:$MARIADB_PORT"
  launch mariadb mariadbd --no-defaults --user=root --datadir="$dir/data" --port="$MARIADB_PORT" \
    --bind-address="$HOST" --socket="$dir/mariadb.sock" --pid-file="$dir/data/mariadbd.pid" \
    --skip-log-bin --skip-name-resolve --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_bin --max-connections=300 --innodb-buffer-pool-size=128M
  echo "$HOST:$MARIADB_PORT" >"$dir/endpoint"
  if ! wait_ready mariadb check_mariadb "$SERVICE_TIMEOUT"; then
    stop_process mariadb 5 || true
    rm -f "$dir/endpoint"
    die "mariadb: failed to start (full log: $dir/log)"
  fi

  # The SQL goes through stdin so the password never shows in a process list.
  local quoted="${password//\\/\\\\}"; quoted="${quoted//\'/\\\'}"
  if ! mariadb_admin <<SQL
CREATE USER IF NOT EXISTS 'strata'@'127.0.0.1' IDENTIFIED BY '$quoted';
CREATE USER IF NOT EXISTS 'strata'@'localhost' IDENTIFIED BY '$quoted';
ALTER USER 'strata'@'127.0.0.1' IDENTIFIED BY '$quoted';
ALTER USER 'strata'@'localhost' IDENTIFIED BY '$quoted';
GRANT ALL PRIVILEGES ON *.* TO 'strata'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'strata'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  then
    stop_process mariadb 5 || true
    rm -f "$dir/endpoint"
    die "mariadb: could not create the strata user"
  fi
  say "mariadb: ready at $(cat "$dir/endpoint") (pid $(cat "$dir/pid")), user strata, password in $dir/password"
}

stop_mariadb() {
  local dir; dir="$(service_dir mariadb)"
  stop_process mariadb 30
  rm -f "$dir/endpoint" "$dir/mariadb.sock"
  if [[ "${KEEP_DATA:-0}" != 1 ]]; then rm -rf "$dir/data" "$dir/password"; fi
}

env_mariadb() {
  local dir; dir="$(service_dir mariadb)"
  local port; port="$(mariadb_port)"
  echo "export STRATA_MARIADB_HOST=$HOST"
  echo "export STRATA_MARIADB_PORT=$port"
  echo "export STRATA_MARIADB_URL=jdbc:mariadb://$HOST:$port/"
  echo "export STRATA_MARIADB_USER=strata"
  echo "export STRATA_MARIADB_PASSWORD_FILE=$dir/password"
}
