package io.strata.lineage.openlineage;

import io.openlineage.client.OpenLineage;
import io.strata.layers.definition.ColumnDef;
import io.strata.layers.definition.ConnectionDef;
import io.strata.layers.definition.OdsTableDef;
import io.strata.layers.definition.PipelineDef;
import io.strata.layers.definition.SinkDef;
import io.strata.layers.definition.TableRef;
import io.strata.layers.plan.LayerGraph;
import io.strata.lineage.ColumnLineage;
import io.strata.lineage.flow.FlowGraph;
import io.strata.lineage.health.HealthReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * OpenLineage run events for a pipeline run, built with the official client's model: one job for
 * the whole pipeline ({@code <pipeline>}) and one per table ({@code <pipeline>.<layer>.<table>},
 * parent = the pipeline run), so Marquez and similar tools draw the ODS→DWD→DWS graph. Datasets:
 * Kafka topics ({@code kafka://host:port}), the layer tables themselves ({@code
 * strata://<pipeline>}, with schema and column lineage facets) and sink targets; run facet {@code
 * strata_flowHealth}.
 */
public final class OpenLineageEvents {
  public static final URI PRODUCER = URI.create("urn:io.strata:strata-lineage:0.1.0");
  public static final String JOB_NAMESPACE = "strata";

  private final LayerGraph graph;
  private final FlowGraph flow;
  private final OpenLineage ol = new OpenLineage(PRODUCER);

  public OpenLineageEvents(LayerGraph graph) {
    this.graph = graph;
    this.flow = new FlowGraph(graph);
  }

  /** The pipeline's run id for a Flink job: stable, so START, RUNNING and COMPLETE share it. */
  public static UUID runId(String flinkJobId, String job) {
    return UUID.nameUUIDFromBytes((flinkJobId + "/" + job).getBytes(StandardCharsets.UTF_8));
  }

  public String pipelineJobName() {
    return graph.pipeline().settings().name();
  }

  public static String tableJobName(String pipeline, TableRef t) {
    return pipeline + "." + t.layer().key() + "." + t.table();
  }

  /** The events of one emission: the pipeline's, then one per table in graph order. */
  public List<OpenLineage.RunEvent> events(
      OpenLineage.RunEvent.EventType type, String flinkJobId, HealthReport report) {
    ZonedDateTime at =
        (report == null ? java.time.Instant.now() : report.at()).atZone(ZoneOffset.UTC);
    String pipeline = pipelineJobName();
    UUID parentRun = runId(flinkJobId, pipeline);
    List<OpenLineage.RunEvent> out = new ArrayList<>();

    List<OpenLineage.InputDataset> sources = new ArrayList<>();
    List<OpenLineage.OutputDataset> sinks = new ArrayList<>();
    for (TableRef t : graph.order()) {
      OdsTableDef o =
          t.layer() == io.strata.layers.definition.Layer.ODS
              ? graph.pipeline().ods().get(t.table())
              : null;
      if (o != null && o.source() != null) {
        sources.add(
            ol.newInputDatasetBuilder()
                .namespace(kafkaNamespace(o.source().connection()))
                .name(o.source().topic())
                .build());
      }
      for (SinkDef s : flow.sinksOf(t)) {
        sinks.add(sinkDataset(t, s));
      }
    }
    out.add(
        ol.newRunEventBuilder()
            .eventType(type)
            .eventTime(at)
            .run(
                ol.newRun(
                    parentRun,
                    ol.newRunFacetsBuilder()
                        .put(
                            FlowHealthRunFacet.NAME,
                            new FlowHealthRunFacet(PRODUCER, pipelineHealth(flinkJobId, report)))
                        .build()))
            .job(job(pipeline, "JOB"))
            .inputs(sources)
            .outputs(sinks)
            .build());

    for (TableRef t : graph.order()) {
      String name = tableJobName(pipeline, t);
      OpenLineage.ParentRunFacet parent =
          ol.newParentRunFacetBuilder()
              .run(ol.newParentRunFacetRunBuilder().runId(parentRun).build())
              .job(ol.newParentRunFacetJobBuilder().namespace(JOB_NAMESPACE).name(pipeline).build())
              .build();
      OpenLineage.RunFacets facets =
          ol.newRunFacetsBuilder()
              .parent(parent)
              .put(
                  FlowHealthRunFacet.NAME, new FlowHealthRunFacet(PRODUCER, tableHealth(t, report)))
              .build();
      List<OpenLineage.InputDataset> inputs = new ArrayList<>();
      OdsTableDef o =
          t.layer() == io.strata.layers.definition.Layer.ODS
              ? graph.pipeline().ods().get(t.table())
              : null;
      if (o != null && o.source() != null) {
        inputs.add(
            ol.newInputDatasetBuilder()
                .namespace(kafkaNamespace(o.source().connection()))
                .name(o.source().topic())
                .build());
      }
      for (TableRef u : graph.upstreamOf(t)) {
        inputs.add(
            ol.newInputDatasetBuilder().namespace(layerNamespace()).name(u.toString()).build());
      }
      List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
      outputs.add(
          ol.newOutputDatasetBuilder()
              .namespace(layerNamespace())
              .name(t.toString())
              .facets(layerTableFacets(t, inputs))
              .build());
      for (SinkDef s : flow.sinksOf(t)) {
        outputs.add(sinkDataset(t, s));
      }
      String dlq = flow.deadLetterTopicOf(t);
      OdsTableDef root =
          graph.rootsOf(t).stream()
              .map(r -> graph.pipeline().ods().get(r.table()))
              .filter(x -> x != null && x.source() != null)
              .findFirst()
              .orElse(null);
      if (dlq != null && root != null) {
        outputs.add(
            ol.newOutputDatasetBuilder()
                .namespace(kafkaNamespace(root.source().connection()))
                .name(dlq)
                .build());
      }
      out.add(
          ol.newRunEventBuilder()
              .eventType(type)
              .eventTime(at)
              .run(ol.newRun(runId(flinkJobId, name), facets))
              .job(job(name, "TASK"))
              .inputs(inputs)
              .outputs(outputs)
              .build());
    }
    return out;
  }

  private OpenLineage.Job job(String name, String type) {
    return ol.newJobBuilder()
        .namespace(JOB_NAMESPACE)
        .name(name)
        .facets(
            ol.newJobFacetsBuilder()
                .jobType(
                    ol.newJobTypeJobFacetBuilder()
                        .processingType("STREAMING")
                        .integration("STRATA")
                        .jobType(type)
                        .build())
                .build())
        .build();
  }

  /** Schema and column lineage of a layer table; column lineage points at its input datasets. */
  private OpenLineage.DatasetFacets layerTableFacets(
      TableRef t, List<OpenLineage.InputDataset> inputs) {
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    Map<String, List<String>> lineage = new LinkedHashMap<>();
    OdsTableDef o = graph.pipeline().ods().get(t.table());
    if (o != null && t.layer() == io.strata.layers.definition.Layer.ODS) {
      for (ColumnDef c : o.columns()) {
        fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(c.name()).type(c.type()).build());
        lineage.put(c.name(), List.of(c.name()));
      }
    } else {
      List<String> cols = graph.columnsOf(t);
      if (cols != null) {
        cols.forEach(c -> fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(c).build()));
      }
      lineage.putAll(ColumnLineage.of(graph, t));
    }
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder cl =
        ol.newColumnLineageDatasetFacetFieldsBuilder();
    if (!inputs.isEmpty()) {
      OpenLineage.InputDataset in = inputs.get(0);
      lineage.forEach(
          (column, from) -> {
            List<OpenLineage.InputField> inputFields = new ArrayList<>();
            for (String f : from) {
              inputFields.add(
                  ol.newInputFieldBuilder()
                      .namespace(in.getNamespace())
                      .name(in.getName())
                      .field(f)
                      .build());
            }
            cl.put(
                column,
                ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                    .inputFields(inputFields)
                    .build());
          });
    }
    return ol.newDatasetFacetsBuilder()
        .schema(ol.newSchemaDatasetFacetBuilder().fields(fields).build())
        .columnLineage(ol.newColumnLineageDatasetFacetBuilder().fields(cl.build()).build())
        .build();
  }

  private OpenLineage.OutputDataset sinkDataset(TableRef t, SinkDef s) {
    ConnectionDef c =
        s.connection() == null ? null : graph.pipeline().connections().get(s.connection());
    String namespace;
    String name;
    if (s.option("topic") != null) {
      namespace = kafkaNamespace(s.connection());
      name = s.option("topic");
    } else if (c != null) {
      String endpoint =
          firstNonNull(c.option("url"), c.option("fe-nodes"), c.option("jdbc-url"), c.name());
      namespace = c.type() + "://" + hostPort(endpoint);
      String db = c.option("database");
      String table = firstNonNull(s.option("table"), t.layer().key() + "_" + t.table());
      name = db == null ? table : db + "." + table;
    } else {
      namespace = s.type() + "://" + graph.pipeline().settings().name();
      name = t + "/sink" + s.index();
    }
    return ol.newOutputDatasetBuilder().namespace(namespace).name(name).build();
  }

  private String layerNamespace() {
    return "strata://" + graph.pipeline().settings().name();
  }

  private String kafkaNamespace(String connection) {
    ConnectionDef c = connection == null ? null : graph.pipeline().connections().get(connection);
    String servers = c == null ? null : c.option("bootstrap-servers");
    return "kafka://" + (servers == null ? "unknown" : servers.split(",")[0].trim());
  }

  static String hostPort(String endpoint) {
    String e = endpoint.replaceFirst("^[a-z:]+//", "");
    int slash = e.indexOf('/');
    e = slash >= 0 ? e.substring(0, slash) : e;
    return e.split(",")[0].trim();
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static Map<String, Object> pipelineHealth(String flinkJobId, HealthReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("flinkJobId", flinkJobId);
    if (r == null) {
      return m;
    }
    m.put("jobState", r.job().state());
    m.put("status", r.job().status().css());
    m.put(
        "activeAlerts",
        r.alerts().stream()
            .map(a -> Map.of("rule", a.rule(), "subject", a.subject(), "message", a.message()))
            .toList());
    m.put(
        "unbalancedEdges",
        r.edges().stream()
            .filter(e -> e.balance().equals("MISMATCH"))
            .map(HealthReport.EdgeHealth::id)
            .toList());
    if (r.checkpoints() != null) {
      m.put(
          "checkpoints",
          Map.of("completed", r.checkpoints().completed(), "failed", r.checkpoints().failed()));
    }
    return m;
  }

  private static Map<String, Object> tableHealth(TableRef t, HealthReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", t.toString());
    if (r == null) {
      return m;
    }
    r.tables().stream()
        .filter(x -> x.table().equals(t.toString()))
        .findFirst()
        .ifPresent(
            x -> {
              m.put("counts", x.counts());
              m.put("inPerSecond", x.inPerSecond());
              m.put("outPerSecond", x.outPerSecond());
              m.put("watermark", x.watermark());
              m.put("freshnessLagMillis", x.lagMillis());
              m.put("freshnessSloMillis", x.sloMillis());
              m.put("status", x.status().css());
            });
    List<Map<String, Object>> edges = new ArrayList<>();
    for (HealthReport.EdgeHealth e : r.edges()) {
      if (e.to().equals(t.toString()) || e.from().equals(t.toString()) && e.kind().equals("sink")) {
        Map<String, Object> em = new LinkedHashMap<>();
        em.put("edge", e.id());
        em.put("upstream", e.upstream());
        em.put("accounted", e.accounted());
        em.put("breakdown", e.breakdown());
        em.put("balance", e.balance());
        em.put("missing", e.missing());
        edges.add(em);
      }
    }
    m.put("edges", edges);
    return m;
  }

  /** The pipeline definition these events describe. */
  public PipelineDef pipeline() {
    return graph.pipeline();
  }
}
