# shellcheck shell=bash
# --- hive-metastore: a real thrift Hive metastore 3.1.3 (Derby behind it) in its own JVM -------
# Sourced by bin/services (see its EXTENSION POINT). Holds the ODS archive tables of the batch
# backfill (Flink's HiveCatalog talks to it; HiveCatalog refuses an embedded metastore).
#   jars       hive-standalone-metastore 3.1.3, Hadoop 3.3.6 (all hadoop-* pinned together), Derby,
#              fetched with Maven into <lib>/hive-metastore/ (services/hive-metastore/pom.xml)
#   port       thrift on 127.0.0.1:$STRATA_HIVE_METASTORE_PORT (default 19083)
#   data       Derby database in <state>/hive-metastore/metastore_db, warehouse (Parquet files of
#              the archive tables) in <state>/hive-metastore/warehouse
#   env        STRATA_HIVE_METASTORE_URI=thrift://127.0.0.1:<port>,
#              STRATA_HIVE_WAREHOUSE=file://<state>/hive-metastore/warehouse
# The schema is created by DataNucleus on first start (~15 s); later starts take ~5 s.
SERVICES+=(hive-metastore)

HIVE_METASTORE_PORT="${STRATA_HIVE_METASTORE_PORT:-19083}"
HIVE_METASTORE_HEAP="${STRATA_HIVE_METASTORE_HEAP:-512m}"

# JDK 17: Hadoop and DataNucleus reflect into the JDK; without these they hang or fail oddly.
HIVE_METASTORE_JDK17_FLAGS=("@$REPO_ROOT/bin/jdk17.args")

# The thrift port of the running metastore (from its endpoint file), else the configured one.
hive_metastore_port() {
  local f; f="$(service_dir hive-metastore)/endpoint"
  if [[ -f "$f" ]]; then local u; u="$(cat "$f")"; echo "${u##*:}"; else echo "$HIVE_METASTORE_PORT"; fi
}

# The metastore opens its thrift port only after the Derby schema is ready.
check_hive-metastore() { port_open "$(hive_metastore_port)"; }
hive_metastore_configured_open() { port_open "$HIVE_METASTORE_PORT"; }

start_hive-metastore() {
  local dir; dir="$(service_dir hive-metastore)"
  local lib="$LIB_DIR/hive-metastore"
  require_tools java
  fetch_maven_libs hive-metastore "$REPO_ROOT/services/hive-metastore/pom.xml"
  require_free_port hive-metastore "$HIVE_METASTORE_PORT" STRATA_HIVE_METASTORE_PORT

  mkdir -p "$dir/conf" "$dir/warehouse" "$dir/tmp"
  rm -f "$dir/endpoint"
  # metastore-site.xml for the 3.x standalone metastore, hive-site.xml for the same keys read by
  # older code paths. The task-thread and expression-proxy settings avoid classes that only exist
  # in hive-exec (not on this class path).
  cat >"$dir/conf/metastore-site.xml" <<XML
<?xml version="1.0"?>
<!-- Written by bin/services: a local thrift Hive metastore for Strata's backfill. -->
<configuration>
  <property><name>metastore.thrift.bind.host</name><value>$HOST</value></property>
  <property><name>metastore.thrift.port</name><value>$HIVE_METASTORE_PORT</value></property>
  <property><name>javax.jdo.option.ConnectionURL</name><value>jdbc:derby:;databaseName=$dir/metastore_db;create=true</value></property>
  <property><name>javax.jdo.option.ConnectionDriverName</name><value>org.apache.derby.jdbc.EmbeddedDriver</value></property>
  <property><name>datanucleus.schema.autoCreateAll</name><value>true</value></property>
  <property><name>datanucleus.connectionPoolingType</name><value>NONE</value></property>
  <property><name>metastore.schema.verification</name><value>false</value></property>
  <property><name>metastore.warehouse.dir</name><value>file://$dir/warehouse</value></property>
  <property><name>metastore.expression.proxy</name><value>org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy</value></property>
  <property><name>metastore.task.threads.always</name><value>org.apache.hadoop.hive.metastore.events.EventCleanerTask</value></property>
  <property><name>metastore.event.db.notification.api.auth</name><value>false</value></property>
</configuration>
XML
  sed -e 's/metastore\.warehouse\.dir/hive.metastore.warehouse.dir/' "$dir/conf/metastore-site.xml" >"$dir/conf/hive-site.xml"
  cat >"$dir/conf/log4j2.properties" <<'PROPS'
status = warn
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{2}: %m%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = console
logger.hms.name = org.apache.hadoop.hive.metastore.HiveMetaStore
logger.hms.level = info
PROPS

  say "hive-metastore: starting the thrift metastore on $HOST:$HIVE_METASTORE_PORT (Derby in $dir/metastore_db)"
  # derby.system.home keeps derby.log in the state dir; the conf dir on the class path holds the
  # site files, and its path (inside the state dir) lets service_pid recognise the process.
  (cd "$dir" && launch hive-metastore java -Xms128m -Xmx"$HIVE_METASTORE_HEAP" "${HIVE_METASTORE_JDK17_FLAGS[@]}" \
    -Dderby.system.home="$dir" -Dlog4j.configurationFile="$dir/conf/log4j2.properties" \
    -Djava.io.tmpdir="$dir/tmp" -Dhadoop.home.dir="$dir" \
    -cp "$dir/conf:$lib/*" org.apache.hadoop.hive.metastore.HiveMetaStore -p "$HIVE_METASTORE_PORT")
  if ! wait_ready hive-metastore hive_metastore_configured_open "$((SERVICE_TIMEOUT + 60))"; then
    stop_process hive-metastore 5 || true
    die "hive-metastore: failed to start (full log: $dir/log)"
  fi
  echo "thrift://$HOST:$HIVE_METASTORE_PORT" >"$dir/endpoint"
  say "hive-metastore: ready at $(cat "$dir/endpoint") (pid $(cat "$dir/pid"))"
}

stop_hive-metastore() {
  local dir; dir="$(service_dir hive-metastore)"
  stop_process hive-metastore
  rm -f "$dir/endpoint"
  if [[ "${KEEP_DATA:-0}" != 1 ]]; then rm -rf "$dir/metastore_db" "$dir/warehouse" "$dir/tmp" "$dir/derby.log"; fi
}

env_hive-metastore() {
  local dir; dir="$(service_dir hive-metastore)"
  echo "export STRATA_HIVE_METASTORE_URI=$(cat "$dir/endpoint")"
  echo "export STRATA_HIVE_WAREHOUSE=file://$dir/warehouse"
}
