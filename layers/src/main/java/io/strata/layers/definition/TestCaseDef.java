package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.util.List;
import java.util.Map;

/** A config-level test: rows given to some tables, rows expected from others. */
public record TestCaseDef(
    String name,
    Map<TableRef, List<Map<String, Object>>> given,
    Map<TableRef, List<Map<String, Object>>> expect,
    Map<TableRef, Origin> expectOrigins,
    Origin origin) {}
