package io.strata.lineage.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * Gives an embedded MiniCluster a REST endpoint on 127.0.0.1 at a known port, so the lineage
 * service can read watermarks, load and checkpoints of an in-process job the same way as on a
 * cluster. (An embedded job otherwise binds its REST endpoint to a random port nobody learns.)
 */
public final class EmbeddedRest {
  private EmbeddedRest() {}

  /**
   * Sets {@code rest.bind-address}/{@code rest.address} to 127.0.0.1 and {@code rest.bind-port} to
   * {@code port} (0: a free port chosen now) in {@code conf}; returns the REST base URL.
   */
  public static String configure(Configuration conf, int port) {
    int chosen = port > 0 ? port : freePort();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, String.valueOf(chosen));
    conf.set(RestOptions.PORT, chosen);
    return "http://127.0.0.1:" + chosen;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port for the embedded Flink REST endpoint", e);
    }
  }
}
