package io.strata.connectors.clickhouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares an existing ClickHouse table with the layer table it should hold and lists every
 * difference that would make the sink wrong: a missing or incompatible column, an extra column
 * without a default, another engine, or another sorting key (which would change what replaces
 * what). Narrower but compatible types are accepted; rows that do not fit them are dead-lettered.
 */
public final class ClickHouseSchemaCheck {
  private ClickHouseSchemaCheck() {}

  /** A column as system.columns reports it. */
  public record ExistingColumn(String name, String type, String defaultKind) {}

  /** The table as system.tables reports it. */
  public record ExistingTable(String engine, String sortingKey, List<ExistingColumn> columns) {}

  /** Every mismatch, as sentences a data engineer can act on; empty when the table fits. */
  public static List<String> mismatches(ClickHouseTableSpec spec, ExistingTable existing) {
    List<String> out = new ArrayList<>();
    Map<String, ExistingColumn> byName = new LinkedHashMap<>();
    existing.columns().forEach(c -> byName.put(c.name(), c));
    for (ClickHouseTableSpec.ColumnSpec c : spec.columns()) {
      ExistingColumn e = byName.remove(c.name());
      if (e == null) {
        out.add(
            "column "
                + c.name()
                + " is missing (the layer has "
                + c.flinkType().asSummaryString()
                + "; add it with ALTER TABLE "
                + spec.qualifiedName()
                + " ADD COLUMN "
                + ClickHouseSql.name(c.name())
                + " "
                + c.clickHouseType().canonical()
                + ")");
        continue;
      }
      String why =
          ClickHouseTypeMapping.incompatibility(c.flinkType(), ClickHouseType.parse(e.type()));
      if (why != null) {
        out.add("column " + c.name() + " " + why);
      }
    }
    ExistingColumn version = byName.remove(ClickHouseTableSpec.VERSION_COLUMN);
    if (version == null) {
      out.add(
          "column "
              + ClickHouseTableSpec.VERSION_COLUMN
              + " is missing (Strata writes the row version there: "
              + ClickHouseTableSpec.VERSION_COLUMN
              + " UInt64, and the engine must be ReplacingMergeTree("
              + ClickHouseTableSpec.VERSION_COLUMN
              + "))");
    } else if (!ClickHouseType.parse(version.type()).canonical().equals("UInt64")) {
      out.add(
          "column "
              + ClickHouseTableSpec.VERSION_COLUMN
              + " is "
              + version.type()
              + "; it must be UInt64");
    }
    for (ExistingColumn extra : byName.values()) {
      if (extra.defaultKind() == null || extra.defaultKind().isEmpty()) {
        out.add(
            "column "
                + extra.name()
                + " ("
                + extra.type()
                + ") is not in the layer "
                + spec.layerTable()
                + " and has no DEFAULT, so every row would get an empty value there");
      }
    }
    if (!existing.engine().endsWith("ReplacingMergeTree")) {
      out.add(
          "engine is "
              + existing.engine()
              + ", not ReplacingMergeTree("
              + ClickHouseTableSpec.VERSION_COLUMN
              + "): rows re-emitted after a restore would be counted twice");
    }
    List<String> sorting = ClickHouseTableSpec.splitList(existing.sortingKey().replace("`", ""));
    if (!sorting.equals(spec.orderBy())) {
      out.add(
          "ORDER BY is ("
              + String.join(", ", sorting)
              + ") but the key of "
              + spec.layerTable()
              + " is ("
              + String.join(", ", spec.orderBy())
              + "): ReplacingMergeTree replaces rows with equal ORDER BY values");
    }
    return out;
  }
}
