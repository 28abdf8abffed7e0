package io.strata.cli;

import io.strata.cli.dashboard.ClickHouseDashboard;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "dashboard",
    description =
        "Serve a small live dashboard of a DWS table written to ClickHouse (newest windows, read with FINAL, refreshed every second).")
final class DashboardCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "pipeline file (HOCON)")
  Path file;

  @Option(
      names = "--table",
      defaultValue = "symbol_minute",
      description = "the DWS table (default ${DEFAULT-VALUE})")
  String table;

  @Option(
      names = "--port",
      defaultValue = "8089",
      description = "port on 127.0.0.1 (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--windows",
      defaultValue = "5",
      description = "how many of the newest windows to show (default ${DEFAULT-VALUE})")
  int windows;

  @Override
  public Integer call() throws Exception {
    try (ClickHouseDashboard d =
        ClickHouseDashboard.start(Pipelines.load(file), table, port, windows)) {
      System.out.println("dashboard of dws." + table + " at " + d.url() + " (Ctrl-C stops it)");
      Thread.currentThread().join();
    }
    return 0;
  }
}
