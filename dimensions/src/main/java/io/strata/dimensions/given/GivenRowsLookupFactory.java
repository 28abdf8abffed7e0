package io.strata.dimensions.given;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;

/** Flink factory of the lookup tables that hold a config test's given dimension rows. */
public final class GivenRowsLookupFactory implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "strata-given-rows";

  public static final ConfigOption<String> ROWS =
      ConfigOptions.key("rows")
          .stringType()
          .noDefaultValue()
          .withDescription("the rows, a JSON array of objects of column text values");

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(ROWS);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    DataType rowType = context.getCatalogTable().getResolvedSchema().toPhysicalRowDataType();
    return new GivenRowsLookupSource(rowType, helper.getOptions().get(ROWS));
  }
}
