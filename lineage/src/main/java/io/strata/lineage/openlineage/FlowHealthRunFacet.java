package io.strata.lineage.openlineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.util.Map;

/**
 * Strata's custom run facet {@code strata_flowHealth}: the flow counters, edge balance, freshness
 * and status of a table (or the whole pipeline) at the time of the event. Its fields are kept in
 * the facet's additional properties, so they serialise as plain JSON members.
 */
public final class FlowHealthRunFacet extends OpenLineage.DefaultRunFacet {
  public static final String NAME = "strata_flowHealth";
  public static final URI SCHEMA =
      URI.create("urn:io.strata:openlineage:facets:FlowHealthRunFacet:1-0-0");

  public FlowHealthRunFacet(URI producer, Map<String, Object> fields) {
    super(producer);
    getAdditionalProperties().putAll(fields);
  }

  @Override
  public URI get_schemaURL() {
    return SCHEMA;
  }
}
