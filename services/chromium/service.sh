# shellcheck shell=bash
# --- chromium: Debian's chromium + chromium-driver, for tests that drive a real headless browser --
# Sourced by bin/services (see its EXTENSION POINT). Installs the Debian packages `chromium` and
# `chromium-driver` (no browser download of its own) and runs chromedriver as the service process,
# listening on 127.0.0.1 only. Each test session starts its own headless Chromium through it with
# a fresh --user-data-dir (the flags are the test's business, see LineagePageEndToEndTest).
#   port      STRATA_CHROMEDRIVER_PORT (default 19515)
#   env       STRATA_CHROMEDRIVER_URL (WebDriver endpoint), STRATA_CHROMIUM_BINARY (the browser)
SERVICES+=(chromium)

CHROMEDRIVER_PORT="${STRATA_CHROMEDRIVER_PORT:-19515}"

chromedriver_port() {
  local f; f="$(service_dir chromium)/endpoint"
  if [[ -f "$f" ]]; then local e; e="$(cat "$f")"; e="${e##*:}"; echo "${e%%/*}"; else echo "$CHROMEDRIVER_PORT"; fi
}

# chromedriver answers GET /status with {"value": {"ready": true, ...}} once it accepts sessions.
chromedriver_ready() {
  local port="$1" reply
  reply="$(
    { exec 3<>"/dev/tcp/$HOST/$port"; } 2>/dev/null || exit 1
    # chromedriver refuses HTTP/1.0.
    printf 'GET /status HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$HOST" "$port" >&3
    # chromedriver keeps the connection open: read for a moment, then judge what arrived.
    timeout 1 cat <&3 2>/dev/null
  )" || true
  [[ "$reply" == *'"ready":true'* || "$reply" == *'"ready": true'* ]]
}

check_chromium() { chromedriver_ready "$(chromedriver_port)"; }

# The browser binary: Debian installs /usr/bin/chromium (a wrapper script around the real binary).
chromium_binary() { command -v chromium || command -v chromium-browser || true; }

start_chromium() {
  local dir; dir="$(service_dir chromium)"
  ensure_apt_packages chromium chromium-driver
  require_tools chromedriver
  [[ -n "$(chromium_binary)" ]] || die "chromium: no chromium binary on the PATH after installing the Debian package"
  require_free_port chromium "$CHROMEDRIVER_PORT" STRATA_CHROMEDRIVER_PORT
  rm -f "$dir/endpoint" "$dir/binary"

  say "chromium: starting chromedriver on $HOST:$CHROMEDRIVER_PORT ($(chromedriver --version 2>/dev/null | head -n1))"
  # Without --allowed-ips chromedriver listens on loopback only and accepts local clients only. The
  # log path names the state directory, which is how bin/services recognises its own process.
  launch chromium chromedriver --port="$CHROMEDRIVER_PORT" --log-path="$dir/chromedriver.log"
  if ! wait_ready chromium check_chromium "$SERVICE_TIMEOUT"; then
    stop_process chromium 5 || true
    die "chromium: chromedriver failed to start (log: $dir/log, $dir/chromedriver.log)"
  fi
  echo "http://$HOST:$CHROMEDRIVER_PORT" >"$dir/endpoint"
  chromium_binary >"$dir/binary"
  say "chromium: ready, chromedriver at $(cat "$dir/endpoint") (pid $(cat "$dir/pid")), browser $(cat "$dir/binary")"
}

stop_chromium() {
  local dir; dir="$(service_dir chromium)"
  stop_process chromium 5
  rm -f "$dir/endpoint" "$dir/binary"
  if [[ "${KEEP_DATA:-0}" != 1 ]]; then rm -f "$dir/chromedriver.log"; fi
}

env_chromium() {
  local dir; dir="$(service_dir chromium)"
  echo "export STRATA_CHROMEDRIVER_URL=$(cat "$dir/endpoint")"
  echo "export STRATA_CHROMIUM_BINARY=$(cat "$dir/binary" 2>/dev/null || chromium_binary)"
}
