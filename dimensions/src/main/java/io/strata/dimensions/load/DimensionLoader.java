package io.strata.dimensions.load;

import io.strata.dimensions.DimensionStore;
import io.strata.dimensions.DimensionStores;
import io.strata.dimensions.DimensionWriter;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.DimensionDef;
import io.strata.layers.definition.PipelineDef;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the rows of a CSV or JSON Lines file into a dimension's configured store (HBase puts, JDBC
 * upserts), creating the table if missing. Every column of the file must be a declared column of
 * the dimension; declared columns absent from the file are written as null.
 */
public final class DimensionLoader {
  private DimensionLoader() {}

  /** What a load did. */
  public record Result(long rows, String target) {}

  public static Result load(PipelineDef pipeline, String dimensionName, Path file)
      throws Exception {
    DimensionDef d = pipeline.dimensions().get(dimensionName);
    if (d == null) {
      throw new IllegalArgumentException(
          "no dimension '"
              + dimensionName
              + "' in "
              + pipeline.file()
              + " (defined: "
              + String.join(", ", new TreeSet<>(pipeline.dimensions().keySet()))
              + ")");
    }
    ConnectionDef connection = DimensionStores.connectionOf(pipeline, d);
    DimensionStore store = DimensionStores.storeOf(connection);
    Map<String, ColumnDef> declared = new LinkedHashMap<>();
    d.columns().forEach(c -> declared.put(c.name(), c));
    long[] count = {0};
    try (DimensionWriter writer = store.openWriter(d, connection)) {
      DimensionFile.read(
          file,
          line -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : line.values().entrySet()) {
              ColumnDef c = declared.get(e.getKey());
              if (c == null) {
                throw new IllegalArgumentException(
                    file
                        + ":"
                        + line.number()
                        + ": '"
                        + e.getKey()
                        + "' is not a column of dimensions."
                        + d.name()
                        + " (columns: "
                        + String.join(", ", declared.keySet())
                        + ")");
              }
              try {
                row.put(c.name(), DimensionValues.parse(c, e.getValue()));
              } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(
                    file + ":" + line.number() + ": " + ex.getMessage());
              }
            }
            if (row.get(d.key()) == null) {
              throw new IllegalArgumentException(
                  file + ":" + line.number() + ": no value for the key column '" + d.key() + "'");
            }
            try {
              writer.write(row);
            } catch (RuntimeException ex) {
              throw ex;
            } catch (Exception ex) {
              throw new IllegalStateException(
                  "writing to "
                      + writer.target()
                      + " failed at "
                      + file
                      + ":"
                      + line.number()
                      + ": "
                      + ex.getMessage(),
                  ex);
            }
            count[0]++;
          });
      writer.flush();
      return new Result(count[0], writer.target());
    }
  }
}
