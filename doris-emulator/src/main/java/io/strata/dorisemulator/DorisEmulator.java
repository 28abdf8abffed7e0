package io.strata.dorisemulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Doris protocol emulator: an HTTP server answering the FE and BE endpoints that the Flink Doris
 * connector uses, with committed rows kept in MariaDB. A test double for Strata's tests and demo,
 * not Apache Doris; docs/doris.md lists what it covers and what it does not.
 */
public final class DorisEmulator implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final TransactionManager transactions;

  private DorisEmulator(
      HttpServer server, ExecutorService threads, TransactionManager transactions) {
    this.server = server;
    this.threads = threads;
    this.transactions = transactions;
  }

  /** Starts on host:port (port 0 picks a free one), with state in the given MariaDB. */
  public static DorisEmulator start(String host, int port, EmulatorStore store)
      throws IOException, SQLException {
    store.initialise();
    Catalog catalog = new Catalog(store);
    catalog.load();
    TransactionManager transactions =
        new TransactionManager(store, catalog, System::currentTimeMillis);
    transactions.recover();
    DorisHttpApi api = new DorisHttpApi(catalog, transactions, host);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
    // A stream load holds its request open for a whole checkpoint interval: one thread each.
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "doris-emulator-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", api);
    server.start();
    api.port(server.getAddress().getPort());
    return new DorisEmulator(server, threads, transactions);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  TransactionManager transactions() {
    return transactions;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /**
   * {@code java io.strata.dorisemulator.DorisEmulator}: settings from the environment:
   * STRATA_DORIS_HTTP_PORT (18030), STRATA_DORIS_HOST (127.0.0.1), STRATA_MARIADB_URL
   * (jdbc:mariadb://127.0.0.1:13306/), STRATA_MARIADB_USER (strata), and the password from
   * STRATA_MARIADB_PASSWORD or the file named by STRATA_MARIADB_PASSWORD_FILE, and
   * STRATA_DORIS_META_DATABASE (doris_emulator: where table definitions and transactions are kept;
   * a second emulator on the same MariaDB needs its own). Arguments are ignored (the service
   * launcher passes its state directory so it can recognise the process).
   */
  public static void main(String[] args) throws Exception {
    String host = env("STRATA_DORIS_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("STRATA_DORIS_HTTP_PORT", "18030"));
    String url = env("STRATA_MARIADB_URL", "jdbc:mariadb://127.0.0.1:13306/");
    String user = env("STRATA_MARIADB_USER", "strata");
    String password = System.getenv("STRATA_MARIADB_PASSWORD");
    if ((password == null || password.isEmpty())
        && System.getenv("STRATA_MARIADB_PASSWORD_FILE") != null) {
      password = Files.readString(Path.of(System.getenv("STRATA_MARIADB_PASSWORD_FILE"))).trim();
    }
    MariaDbStore store =
        new MariaDbStore(
            url,
            user,
            password == null ? "" : password,
            env("STRATA_DORIS_META_DATABASE", MariaDbStore.META));
    DorisEmulator emulator = start(host, port, store);
    Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
    System.out.println(
        "Doris emulator (not Apache Doris) listening on http://"
            + host
            + ":"
            + emulator.port()
            + " (FE and BE HTTP), rows in MariaDB at "
            + url);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
