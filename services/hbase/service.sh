# shellcheck shell=bash
# --- hbase: a real standalone HBase 2.6.1 (master, region server and ZooKeeper in one JVM) ------
# Sourced by bin/services. Holds dimension tables (HBase lookups of DWD joins).
#   jars      hbase-server 2.6.1-hadoop3 and its dependencies, fetched with Maven into
#             <lib>/hbase/ (services/hbase/pom.xml; ~190 jars, first time only)
#   zookeeper 127.0.0.1:$STRATA_HBASE_ZOOKEEPER_PORT (default 12181); master and region server take
#             random ports (standalone mode), web UIs are off
#   data      file:// root dir in <state>/hbase/data (no HDFS)
#   stop      SIGKILL (a graceful HBase stop takes ~25 s); with --keep-data a graceful stop, so the
#             write-ahead log is flushed
#   env       STRATA_HBASE_ZOOKEEPER=127.0.0.1:<port>
SERVICES+=(hbase)

HBASE_ZK_PORT="${STRATA_HBASE_ZOOKEEPER_PORT:-12181}"
HBASE_HEAP="${STRATA_HBASE_HEAP:-768m}"

# JDK 17: without these HBase (netty, protobuf, Hadoop) hangs or fails in odd places.
HBASE_JDK17_FLAGS=("@$REPO_ROOT/bin/jdk17.args" -Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true)

# The ZooKeeper port of the running HBase (from its endpoint file), else the configured one.
hbase_zk_port() {
  local f; f="$(service_dir hbase)/endpoint"
  if [[ -f "$f" ]]; then local e; e="$(cat "$f")"; echo "${e##*:}"; else echo "$HBASE_ZK_PORT"; fi
}

# Ready when ZooKeeper answers and the master has finished initialising (meta is online, so
# tables can be created and read).
check_hbase() {
  local dir; dir="$(service_dir hbase)"
  port_open "$(hbase_zk_port)" && grep -q 'Master has completed initialization' "$dir/log" 2>/dev/null
}

start_hbase() {
  local dir; dir="$(service_dir hbase)"
  local lib="$LIB_DIR/hbase"
  require_tools java
  fetch_maven_libs hbase "$REPO_ROOT/services/hbase/pom.xml"
  require_free_port hbase "$HBASE_ZK_PORT" STRATA_HBASE_ZOOKEEPER_PORT
  require_free_port hbase "${STRATA_HBASE_MASTER_PORT:-16000}" STRATA_HBASE_MASTER_PORT
  require_free_port hbase "${STRATA_HBASE_REGIONSERVER_PORT:-16020}" STRATA_HBASE_REGIONSERVER_PORT

  mkdir -p "$dir/conf" "$dir/data" "$dir/tmp"
  rm -f "$dir/endpoint"
  cat >"$dir/conf/hbase-site.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by bin/services: standalone HBase for tests and the demo. -->
<configuration>
  <property><name>hbase.cluster.distributed</name><value>false</value></property>
  <property><name>hbase.rootdir</name><value>file://$dir/data/hbase</value></property>
  <property><name>hbase.tmp.dir</name><value>$dir/tmp</value></property>
  <property><name>hbase.unsafe.stream.capability.enforce</name><value>false</value></property>
  <property><name>hbase.zookeeper.quorum</name><value>$HOST</value></property>
  <property><name>hbase.zookeeper.property.clientPort</name><value>$HBASE_ZK_PORT</value></property>
  <property><name>hbase.zookeeper.property.dataDir</name><value>$dir/data/zookeeper</value></property>
  <property><name>hbase.zookeeper.property.admin.enableServer</name><value>false</value></property>
  <property><name>hbase.master.info.port</name><value>-1</value></property>
  <property><name>hbase.regionserver.info.port</name><value>-1</value></property>
  <property><name>hbase.master.hostname</name><value>$HOST</value></property>
  <property><name>hbase.unsafe.regionserver.hostname</name><value>$HOST</value></property>
  <property><name>hbase.master.ipc.address</name><value>$HOST</value></property>
  <property><name>hbase.regionserver.ipc.address</name><value>$HOST</value></property>
  <property><name>hbase.regionserver.handler.count</name><value>30</value></property>
  <property><name>hbase.master.port</name><value>${STRATA_HBASE_MASTER_PORT:-16000}</value></property>
  <property><name>hbase.regionserver.port</name><value>${STRATA_HBASE_REGIONSERVER_PORT:-16020}</value></property>
</configuration>
EOF
  cat >"$dir/conf/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{2}: %m%n
log4j.logger.org.apache.zookeeper=WARN
log4j.logger.org.apache.hadoop.hbase.zookeeper=WARN
log4j.logger.org.apache.hadoop.metrics2=WARN
EOF

  say "hbase: starting standalone HBase (ZooKeeper on $HOST:$HBASE_ZK_PORT)"
  launch hbase java -Xms256m -Xmx"$HBASE_HEAP" -XX:+UseG1GC "${HBASE_JDK17_FLAGS[@]}" \
    -Djava.net.preferIPv4Stack=true -Dlog4j.configuration="file:$dir/conf/log4j.properties" \
    -Dhbase.log.dir="$dir" -Dhbase.home.dir="$dir" \
    -cp "$dir/conf:$lib/*" org.apache.hadoop.hbase.master.HMaster start
  echo "$HOST:$HBASE_ZK_PORT" >"$dir/endpoint"
  if ! wait_ready hbase check_hbase "$((SERVICE_TIMEOUT + 60))"; then
    stop_process hbase 1 || true
    rm -f "$dir/endpoint"
    die "hbase: failed to start (full log: $dir/log)"
  fi
  say "hbase: ready, ZooKeeper at $(cat "$dir/endpoint") (pid $(cat "$dir/pid"))"
}

stop_hbase() {
  local dir; dir="$(service_dir hbase)"
  if [[ "${KEEP_DATA:-0}" == 1 ]]; then
    stop_process hbase 60
  else
    stop_process hbase 1
    rm -rf "$dir/data" "$dir/tmp"
  fi
  rm -f "$dir/endpoint"
}

env_hbase() { echo "export STRATA_HBASE_ZOOKEEPER=$HOST:$(hbase_zk_port)"; }
