package io.strata.dimensions.given;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.dimensions.load.DimensionValues;
import io.strata.layers.definition.ColumnDef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/** Looks keys up in the given rows, indexed once per task when it opens. */
public final class GivenRowsLookupFunction extends LookupFunction {
  private static final long serialVersionUID = 1L;

  private final DataType rowType;
  private final String rows;
  private final int[] keyFields;
  private transient Map<List<Object>, List<RowData>> index;
  private transient RowData.FieldGetter[] keyRowGetters;

  GivenRowsLookupFunction(DataType rowType, String rows, int[] keyFields) {
    this.rowType = rowType;
    this.rows = rows;
    this.keyFields = keyFields;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    RowType type = (RowType) rowType.getLogicalType();
    List<String> names = type.getFieldNames();
    List<Map<String, String>> given = new ObjectMapper().readValue(rows, new TypeReference<>() {});
    @SuppressWarnings("unchecked")
    DataStructureConverter<Object, Object> converter =
        DataStructureConverters.getConverter(rowType.bridgedTo(Row.class));
    converter.open(getClass().getClassLoader());
    RowData.FieldGetter[] getters = new RowData.FieldGetter[keyFields.length];
    for (int i = 0; i < keyFields.length; i++) {
      getters[i] = RowData.createFieldGetter(type.getTypeAt(keyFields[i]), keyFields[i]);
    }
    keyRowGetters = new RowData.FieldGetter[keyFields.length];
    for (int i = 0; i < keyFields.length; i++) {
      keyRowGetters[i] = RowData.createFieldGetter(type.getTypeAt(keyFields[i]), i);
    }
    List<ColumnDef> columns = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      columns.add(new ColumnDef(names.get(i), type.getTypeAt(i).asSerializableString(), null));
    }
    index = new HashMap<>();
    for (Map<String, String> g : given) {
      Row row = new Row(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        row.setField(i, DimensionValues.parse(columns.get(i), g.get(names.get(i))));
      }
      RowData internal = (RowData) converter.toInternal(row);
      List<Object> key = new ArrayList<>(getters.length);
      for (RowData.FieldGetter getter : getters) {
        key.add(getter.getFieldOrNull(internal));
      }
      index.computeIfAbsent(key, k -> new ArrayList<>()).add(internal);
    }
  }

  @Override
  public Collection<RowData> lookup(RowData keyRow) throws IOException {
    List<Object> key = new ArrayList<>(keyFields.length);
    for (int i = 0; i < keyFields.length; i++) {
      key.add(keyRowGetters[i].getFieldOrNull(keyRow));
    }
    return index.getOrDefault(key, List.of());
  }
}
