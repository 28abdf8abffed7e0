package io.strata.connectors.print;

import io.strata.connectors.SqlLiterals;
import io.strata.layers.config.Option;
import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.SinkTranslator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints rows to the task managers' stdout; for trying a pipeline out. */
public final class PrintConnector implements ConnectorPlugin {
  @Override
  public String type() {
    return "print";
  }

  @Override
  public String description() {
    return "prints rows to standard output (needs no connection)";
  }

  @Override
  public List<Option<?>> connectionOptions() {
    return List.of();
  }

  @Override
  public boolean needsConnection() {
    return false;
  }

  @Override
  public String sinkUnavailableReason() {
    return null;
  }

  @Override
  public SinkTranslator sinkTranslator() {
    return ctx -> {
      Map<String, String> with = new LinkedHashMap<>();
      with.put("connector", "print");
      with.put("print-identifier", ctx.table().toString());
      return SqlLiterals.createTable(ctx.sinkTableName(), ctx.columns(), with);
    };
  }
}
