package io.strata.layers.config;

import io.strata.layers.plugin.ConnectorPlugin;
import io.strata.layers.plugin.ConnectorPlugins;
import java.util.List;

/** The config reference in Markdown, generated from the declared options. */
public final class ConfigReference {
  private ConfigReference() {}

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    section(sb, "pipeline", ConfigSchema.PIPELINE_OPTIONS);
    section(
        sb,
        "pipeline.checkpoint",
        List.of(ConfigSchema.CHECKPOINT_INTERVAL, ConfigSchema.CHECKPOINT_MODE));
    section(sb, "ods.<table>", ConfigSchema.ODS_TABLE);
    section(sb, "ods.<table>.source", ConfigSchema.SOURCE_OPTIONS);
    sb.append(
        "`ods.<table>.columns`: `name = TYPE`, any Flink SQL type Strata decodes (STRING, BOOLEAN, TINYINT..BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), DATE, TIME, TIMESTAMP(p), TIMESTAMP_LTZ(p)); add NOT NULL to dead-letter records without a value.\n\n");
    section(sb, "ods.<table>.event-time", ConfigSchema.EVENT_TIME_OPTIONS);
    section(sb, "ods.<table>.dead-letter", List.of(ConfigSchema.TOPIC));
    section(sb, "ods.<table>.archive", ConfigSchema.ARCHIVE_OPTIONS);
    section(sb, "dimensions.<name>", ConfigSchema.DIMENSION);
    section(sb, "dimensions.<name>.store", ConfigSchema.STORE_OPTIONS);
    section(sb, "dimensions.<name>.cache", ConfigSchema.CACHE_OPTIONS);
    section(sb, "dwd.<table>", ConfigSchema.DWD_TABLE);
    sb.append(
        "`dwd.<table>.columns`: `name = \"<SQL expression over the upstream columns>\"`; omitted: every upstream column. Keep the event-time column as a plain reference to keep event time.\n\n");
    section(sb, "dwd.<table>.deduplicate", ConfigSchema.DEDUP_OPTIONS);
    section(sb, "dwd.<table>.join[i]", ConfigSchema.JOIN_OPTIONS);
    section(sb, "dws.<table>", ConfigSchema.DWS_TABLE);
    sb.append(
        "`dws.<table>.measures`: `name = \"<aggregate SQL>\"` (COUNT, SUM, MIN, MAX, AVG, ...). Output columns: window_start, window_end, the group-by columns, the measures.\n\n");
    section(sb, "dws.<table>.window", ConfigSchema.WINDOW_OPTIONS);
    section(sb, "dws.<table>.late", List.of(ConfigSchema.TOPIC));
    section(sb, "backfill", ConfigSchema.BACKFILL_OPTIONS);
    section(sb, "lineage", ConfigSchema.LINEAGE_OPTIONS);
    section(sb, "lineage.alerts", ConfigSchema.ALERT_RULE_OPTIONS);
    sb.append("`lineage.alerts.<rule>`: `{ for, clear-after }` for one rule: ")
        .append(String.join(", ", ConfigSchema.ALERT_RULES))
        .append(".\n\n");
    section(sb, "lineage.history", ConfigSchema.HISTORY_OPTIONS);
    section(sb, "tests.<name>", ConfigSchema.TEST_CASE);
    for (ConnectorPlugin p : ConnectorPlugins.all().values()) {
      if (p.needsConnection()) {
        section(
            sb,
            "connections.<name> { type = " + p.type() + " }: " + p.description(),
            p.connectionOptions());
      }
      if (p.sinkUnavailableReason() == null) {
        section(sb, "sinks[i] { type = " + p.type() + " }", p.sinkOptions());
      }
      if (p.dimensionStoreUnavailableReason() == null && !p.dimensionStoreOptions().isEmpty()) {
        section(
            sb,
            "dimensions.<name>.store on a " + p.type() + " connection",
            p.dimensionStoreOptions());
      }
    }
    return sb.toString();
  }

  private static String show(Object value) {
    if (value instanceof java.time.Duration d) {
      long ms = d.toMillis();
      if (ms > 0 && ms % 86_400_000 == 0) {
        return ms / 86_400_000 + "d";
      }
      if (ms % 3_600_000 == 0) {
        return ms / 3_600_000 + "h";
      }
      if (ms % 60_000 == 0) {
        return ms / 60_000 + "min";
      }
      return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
    return String.valueOf(value);
  }

  private static void section(StringBuilder sb, String title, List<Option<?>> options) {
    sb.append("#### `")
        .append(title.replaceFirst(":", "`:"))
        .append(title.contains(":") ? "" : "`")
        .append("\n\n");
    if (options.isEmpty()) {
      sb.append("(no options)\n\n");
      return;
    }
    sb.append("| key | type | default | description |\n|---|---|---|---|\n");
    for (Option<?> o : options) {
      String def =
          o.isRequired()
              ? "**required**"
              : o.defaultValue() == null ? "" : "`" + show(o.defaultValue()) + "`";
      sb.append("| `")
          .append(o.key())
          .append("` | ")
          .append(o.typeDescription().replace("|", "\\|"))
          .append(" | ")
          .append(def)
          .append(" | ")
          .append(o.description())
          .append(o.isSecret() ? " (secret: never printed)" : "")
          .append(" |\n");
    }
    sb.append('\n');
  }
}
