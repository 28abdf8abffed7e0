package io.strata.tests.support;

/**
 * The standalone HBase that dimension tests use, as started by {@code bin/services start hbase}:
 * its ZooKeeper quorum from {@code STRATA_HBASE_ZOOKEEPER}, else from the service's endpoint file;
 * started through bin/services when nothing answers.
 */
public final class HBaseService {
  private static String quorum;

  private HBaseService() {}

  /** host:port of HBase's ZooKeeper. */
  public static synchronized String zookeeperQuorum() {
    if (quorum == null) {
      String env = System.getenv("STRATA_HBASE_ZOOKEEPER");
      if (env != null && !env.isBlank()) {
        if (!ServiceScript.answers(env.trim())) {
          throw new IllegalStateException(
              "STRATA_HBASE_ZOOKEEPER="
                  + env
                  + " but nothing answers there; start HBase with 'bin/services start hbase'");
        }
        quorum = env.trim();
      } else {
        quorum = ServiceScript.endpoint("hbase");
      }
    }
    return quorum;
  }
}
