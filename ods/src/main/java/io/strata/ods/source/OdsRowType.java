package io.strata.ods.source;

import io.strata.layers.config.PipelineValidator;
import io.strata.layers.config.Problems;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.OdsTableDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.Row;

/**
 * The row layouts of an ODS table: the declared columns, and the "wire" row the source emits, which
 * adds the fields of a dead letter (reason, raw bytes, Kafka coordinates) so that good and bad
 * records travel one stream with one efficient serializer until they are split.
 */
public final class OdsRowType {
  public static final String REASON = "__strata_reason";
  public static final String RAW = "__strata_raw";
  public static final String TOPIC = "__strata_topic";
  public static final String PARTITION = "__strata_partition";
  public static final String OFFSET = "__strata_offset";

  private OdsRowType() {}

  /** The declared columns as a Flink RowType (types parsed by Flink). */
  public static RowType declared(OdsTableDef table) {
    List<RowType.RowField> fields = new ArrayList<>();
    Problems ignored = new Problems();
    for (ColumnDef c : table.columns()) {
      LogicalType t = PipelineValidator.parseType(c, ignored);
      if (t == null) {
        throw new IllegalArgumentException("invalid type of " + c.name() + ": " + c.type());
      }
      fields.add(new RowType.RowField(c.name(), t));
    }
    return new RowType(false, fields);
  }

  public static DataType declaredDataType(RowType declared) {
    return TypeConversions.fromLogicalToDataType(declared).bridgedTo(Row.class);
  }

  public static DataType wireDataType(RowType declared) {
    List<DataTypes.Field> fields = new ArrayList<>();
    for (RowType.RowField f : declared.getFields()) {
      // Dead letters carry no column values, so on the wire every column is nullable.
      fields.add(
          DataTypes.FIELD(
              f.getName(), TypeConversions.fromLogicalToDataType(f.getType().copy(true))));
    }
    fields.add(DataTypes.FIELD(REASON, DataTypes.STRING()));
    fields.add(DataTypes.FIELD(RAW, DataTypes.BYTES()));
    fields.add(DataTypes.FIELD(TOPIC, DataTypes.STRING()));
    fields.add(DataTypes.FIELD(PARTITION, DataTypes.INT()));
    fields.add(DataTypes.FIELD(OFFSET, DataTypes.BIGINT()));
    return DataTypes.ROW(fields.toArray(new DataTypes.Field[0])).notNull().bridgedTo(Row.class);
  }
}
