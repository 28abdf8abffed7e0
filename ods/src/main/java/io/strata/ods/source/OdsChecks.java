package io.strata.ods.source;

import io.strata.layers.config.PipelineValidator;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.plan.LayerGraph;
import io.strata.layers.plugin.PipelineCheck;
import io.strata.ods.decode.AvroRecordDecoder;
import io.strata.ods.decode.ColumnTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/** Checks that ODS columns can be decoded, and that Avro schemas can feed the declared columns. */
public final class OdsChecks implements PipelineCheck {

  @Override
  public void check(LayerGraph graph, Problems problems) {
    for (OdsTableDef t : graph.pipeline().ods().values()) {
      List<RowType.RowField> fields = new ArrayList<>();
      boolean typesOk = true;
      for (ColumnDef c : t.columns()) {
        LogicalType type = PipelineValidator.parseType(c, new Problems());
        if (type == null) {
          typesOk = false;
          continue;
        }
        String why = ColumnTypes.unsupportedReason(type);
        if (why != null) {
          problems.add(
              c.origin(),
              "column '" + c.name() + "' of ods." + t.name() + ": " + why,
              "declare it as STRING and parse it in a DWD column");
          typesOk = false;
        }
        fields.add(new RowType.RowField(c.name(), type));
      }
      if (t.source() == null
          || !"avro".equals(t.source().format())
          || t.source().schema() == null
          || !Files.isRegularFile(t.source().schema())) {
        continue;
      }
      Schema schema;
      try {
        schema = new Schema.Parser().parse(Files.readString(t.source().schema()));
      } catch (IOException | SchemaParseException e) {
        problems.add(
            t.source().schemaOrigin(),
            "Avro schema "
                + t.source().schema().getFileName()
                + " cannot be read: "
                + e.getMessage(),
            null);
        continue;
      }
      if (typesOk) {
        for (String incompatibility :
            AvroRecordDecoder.incompatibilities(schema, new RowType(false, fields))) {
          problems.add(
              t.source().schemaOrigin(),
              "ods." + t.name() + ": " + incompatibility,
              "make the columns match the Avro schema " + t.source().schema().getFileName());
        }
      }
    }
  }
}
